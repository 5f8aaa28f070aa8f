"""API building blocks shared by every app: paging, the list envelope, the error bodies,
filter schemas and the response language."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any, Generic, Literal, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header
from ninja import Field, Schema
from pydantic import ConfigDict, field_validator
from pydantic_core import PydanticCustomError, PydanticUseDefault

from smartby.core.facets import MAX_OFFSET

T = TypeVar("T")

MAX_LIMIT = 100

Language = Literal["nb", "en"]
DEFAULT_LANGUAGE: Language = "nb"

Facets = dict[str, dict[str, int]]

LANGUAGE_NOTE = (
    "Texts (titles, descriptions, names) come in one language: `lang` (`nb` or `en`) when "
    "given, otherwise the first of `nb`/`en` in `Accept-Language` (`no` and `nn` count as "
    "`nb`), otherwise `nb`. The `Content-Language` header of the response names it."
)


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, in one readable sentence.")


class ErrorItemOut(Schema):
    loc: list[str | int] = Field(description="Where: source (`query`, `path`, `body`), then field.")
    msg: str
    type: str


class ValidationErrorOut(ErrorOut):
    errors: list[ErrorItemOut] = Field(default=[], description="One entry per invalid field.")


_ERROR_SCHEMAS: dict[int, type[ErrorOut]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    415: ErrorOut,
    422: ValidationErrorOut,
}


def errors(*codes: int) -> dict[int, type[ErrorOut]]:
    """The declared error responses of an operation: `response={200: XOut, **errors(404, 422)}`."""
    return {code: _ERROR_SCHEMAS[code] for code in codes}


ERRORS = errors(400, 404, 422)


class PageParams(Schema):
    limit: int = Field(20, ge=1, le=MAX_LIMIT, description="Rows per page, 1–100.")
    offset: int = Field(
        0,
        ge=0,
        le=MAX_OFFSET,
        description="Rows to skip, at most 10,000 (narrow the search to go deeper).",
    )


# Declared by the operations whose texts are localised, so that `lang` is documented and an
# unsupported value refused; `in_request_language` applies it.
class LanguageParams(Schema):
    lang: Language | None = Field(
        None, description="Language of the texts; without it `Accept-Language` decides, then nb."
    )


class BodySchema(Schema):
    """Base of the `*In` body schemas: the body is a JSON object with known fields only, so a
    misspelt field is refused (422) instead of being silently ignored."""

    model_config = ConfigDict(extra="forbid")


class FiltersSchema(Schema):
    """Base of the `*Filters` query schemas: an empty value (`?kind=`) means "not given", the
    way an HTML form sends an unused filter."""

    @field_validator("*", mode="before")
    @classmethod
    def _empty_is_absent(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            raise PydanticUseDefault()
        return value


def unknown_value(field: str, value: str, known: Iterable[str] | None = None) -> Exception:
    """The error a filter validator raises for a value that names nothing (422 with the field
    and, when the list is short, the values allowed)."""
    allowed = list(known or [])
    if allowed and len(allowed) <= 30:
        return PydanticCustomError(
            "unknown_value",
            "unknown {field} '{value}'; expected one of: {allowed}",
            {"field": field, "value": value, "allowed": ", ".join(allowed)},
        )
    return PydanticCustomError(
        "unknown_value", "unknown {field} '{value}'", {"field": field, "value": value}
    )


class ListOut(Schema, Generic[T]):
    count: int = Field(description="Rows matching the filters, over all pages.")
    results: list[T]
    facets: Facets = Field(
        default={}, description="Counts per value of a filter, over all matching rows."
    )


def page(
    queryset: QuerySet[Any], params: PageParams, facets: Facets | None = None
) -> dict[str, Any]:
    """Slice a queryset into the `{count, results, facets}` envelope (two queries).

    The queryset must be ordered explicitly so that pages do not overlap.
    """
    count = queryset.count()
    results = list(queryset[params.offset : params.offset + params.limit])
    return {"count": count, "results": results, "facets": facets or {}}


# Bokmål for any Norwegian: a reader of nynorsk is better served by it than by English.
_LANGUAGES: dict[str, Language] = {"nb": "nb", "en": "en"}
_ACCEPTED: dict[str, Language] = {"nb": "nb", "no": "nb", "nn": "nb", "en": "en"}


def _accepted_language(header: str) -> Language | None:
    for code, _quality in parse_accept_lang_header(header):
        language = _ACCEPTED.get(code.split("-")[0].lower())
        if language:
            return language
    return None


def request_language(request: HttpRequest) -> Language:
    """The language of a response (see LANGUAGE_NOTE). An unsupported `lang` is ignored here;
    the operation's LanguageParams refuses it with a 422."""
    given = _LANGUAGES.get(request.GET.get("lang", ""))
    return (
        given or _accepted_language(request.headers.get("Accept-Language", "")) or DEFAULT_LANGUAGE
    )


def in_request_language(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Router decorator (`router.add_decorator(in_request_language, mode="view")`): validate,
    run and serialise the operation in the request's language.

    The API lives outside the language-prefixed URLs, so LocaleMiddleware always activates
    bokmål for it. This makes the `Localized` fields, translated labels and web-page URLs
    follow the request, names the language in `Content-Language`, and restores the previous
    language afterwards.
    """

    @functools.wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        language = request_language(request)
        with translation.override(language):
            response = run(request, *args, **kwargs)
        response["Content-Language"] = language
        return response

    return wrapper
