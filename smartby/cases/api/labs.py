"""Living labs in the API: list (filters theme, county, municipality), one lab with the
published cases run there, and create/change with a personal API token under the same
rules as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Query, Schema
from ninja.errors import HttpError
from ninja.responses import Status as ResponseStatus

from smartby.accounts.api import optional_auth, token_auth
from smartby.cases.api.base import router
from smartby.cases.models import LivingLab, Theme
from smartby.cases.selectors import labs as selectors
from smartby.cases.services import labs as services
from smartby.core.api import BodySchema, FiltersSchema, PageParams, errors, page
from smartby.organisations.models import Organisation


class LabFiltersIn(FiltersSchema):
    theme: str | None = Field(None, description="Theme slug.")
    county: str | None = Field(None, description="County number.", examples=["03"])
    municipality: str | None = Field(None, description="Municipality number.", examples=["0301"])


class LabRefOut(Schema):
    slug: str
    name: str


class LabCaseOut(Schema):
    id: int
    slug: str
    title: str
    phase: str
    status: str
    url: str


class LabOut(Schema):
    id: int
    slug: str
    url: str
    version: int
    name: str
    host: LabRefOut
    municipality: LabRefOut
    description: str
    facilities: str
    how_to_apply: str
    website: str
    themes: list[str]
    latitude: float | None
    longitude: float | None
    is_demo: bool


class LabDetailOut(LabOut):
    cases: list[LabCaseOut]


class LabListOut(Schema):
    count: int
    results: list[LabOut]
    facets: dict[str, dict[str, int]] = {}


class LabFieldsIn(BodySchema):
    name: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = None
    facilities: str | None = None
    how_to_apply: str | None = None
    website: str | None = Field(None, max_length=200)
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    themes: list[str] | None = Field(None, description="Theme slugs.")


class LabIn(LabFieldsIn):
    host: int = Field(description="Id of a municipal organisation you edit.")
    name: str = Field(min_length=1, max_length=200)  # type: ignore[assignment]


class LabPatchIn(LabFieldsIn):
    version: int = Field(description="The `version` you read; 409 if the lab changed since.")


def _out(lab: LivingLab) -> dict[str, Any]:
    return {
        **{
            name: getattr(lab, name)
            for name in [
                "slug",
                "version",
                "name",
                "description",
                "facilities",
                "how_to_apply",
                "website",
                "latitude",
                "longitude",
                "is_demo",
            ]
        },
        "id": lab.pk,
        "url": lab.get_absolute_url(),
        "host": {"slug": lab.host.slug, "name": lab.host.name},
        "municipality": {"slug": lab.municipality.slug, "name": lab.municipality.name},
        "themes": [t.slug for t in lab.themes.all()],
    }


def _detail(lab: LivingLab, viewer: Any) -> dict[str, Any]:
    cases = selectors.living_lab_cases(lab=lab, viewer=viewer)[:100]
    return {
        **_out(lab),
        "cases": [
            {
                "id": c.pk,
                "slug": c.slug,
                "title": c.title,
                "phase": c.phase,
                "status": c.status,
                "url": c.get_absolute_url(),
            }
            for c in cases
        ],
    }


def _get(key: str) -> LivingLab:
    try:
        return selectors.living_lab_get(key=key)
    except LivingLab.DoesNotExist as exc:
        raise Http404(f"No living lab '{key}'.") from exc


def _themes(slugs: list[str]) -> list[Theme]:
    found = list(Theme.objects.filter(slug__in=slugs))
    missing = sorted(set(slugs) - {t.slug for t in found})
    if missing:
        raise HttpError(422, f"themes: unknown value(s) {', '.join(missing)}")
    return found


def _unprocessable(exc: ValidationError) -> HttpError:
    if hasattr(exc, "error_dict"):
        return HttpError(
            422,
            "; ".join(
                f"{name}: {' '.join(m for e in errs for m in e.messages)}"
                for name, errs in exc.error_dict.items()
            ),
        )
    return HttpError(422, " ".join(exc.messages))


@router.get(
    "/living-labs",
    response={200: LabListOut, **errors(401, 422)},
    auth=optional_auth,
    summary="List living labs",
    description="Filters: `theme` (slug), `county` (number), `municipality` (number).",
    tags=["living labs"],
)
def living_lab_list_api(
    request: HttpRequest, filters: Query[LabFiltersIn], paging: Query[PageParams]
) -> dict[str, Any]:
    labs = selectors.living_lab_list(
        filters=selectors.LabFilters(
            theme=filters.theme or "",
            county=filters.county or "",
            municipality=filters.municipality or "",
        )
    )
    envelope = page(labs, paging)
    envelope["results"] = [_out(lab) for lab in envelope["results"]]
    return envelope


@router.get(
    "/living-labs/{key}",
    response={200: LabDetailOut, **errors(401, 404)},
    auth=optional_auth,
    summary="Get a living lab with its cases",
    description="`key` is the slug or the id. The cases are the published ones you may see.",
    tags=["living labs"],
)
def living_lab_detail_api(request: HttpRequest, key: str) -> dict[str, Any]:
    return _detail(_get(key), request.user)


@router.post(
    "/living-labs",
    response={201: LabDetailOut, **errors(401, 403, 422)},
    auth=token_auth,
    summary="Register a living lab",
    description="`host` must be a municipal organisation you edit (403 otherwise).",
    tags=["living labs"],
)
def living_lab_create_api(request: HttpRequest, payload: LabIn) -> ResponseStatus:
    host = Organisation.objects.filter(pk=payload.host).select_related("municipality").first()
    if host is None:
        raise HttpError(422, f"host: no organisation with id {payload.host}")
    sent = payload.model_dump(exclude_unset=True, exclude={"host", "themes"})
    for name in ("description", "facilities", "how_to_apply", "website"):
        sent[name] = sent.get(name) or ""
    try:
        lab = services.living_lab_create(
            actor=request.user, host=host, themes=_themes(payload.themes or []), **sent
        )
    except ValidationError as exc:
        raise _unprocessable(exc) from exc
    return ResponseStatus(201, _detail(_get(lab.slug), request.user))


@router.patch(
    "/living-labs/{key}",
    response={200: LabDetailOut, **errors(401, 403, 404, 409, 422)},
    auth=token_auth,
    summary="Change a living lab",
    description="Send the `version` you read; fields left out stay. 409 when the lab changed.",
    tags=["living labs"],
)
def living_lab_update_api(request: HttpRequest, key: str, payload: LabPatchIn) -> dict[str, Any]:
    lab = _get(key)
    sent = payload.model_dump(exclude_unset=True, exclude={"version", "themes"})
    for name in ("description", "facilities", "how_to_apply", "website"):
        if name in sent and sent[name] is None:
            sent[name] = ""
    if "name" in sent and sent["name"] is None:
        raise HttpError(422, "name: may be left out but not null")
    themes = _themes(payload.themes) if payload.themes is not None else None
    try:
        services.living_lab_update(
            lab=lab, actor=request.user, expected_version=payload.version, themes=themes, **sent
        )
    except ValidationError as exc:
        raise _unprocessable(exc) from exc
    return _detail(_get(lab.slug), request.user)
