"""GET /cases: the published cases a caller may see, filtered like the /cases/ page, with
facet counts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Schema
from ninja.decorators import decorate_view
from pydantic import BaseModel, ValidationInfo, field_validator

from smartby.accounts.api import optional_auth
from smartby.cases.api.base import router
from smartby.cases.filters import FACETS, CaseFilters, UnknownValue, Vocabulary
from smartby.cases.models import Case, Language, Phase, Status, Visibility
from smartby.cases.search import case_snippet
from smartby.cases.selectors.discovery import case_page
from smartby.core.api import (
    LANGUAGE_NOTE,
    FiltersSchema,
    LanguageParams,
    PageParams,
    errors,
    in_request_language,
    unknown_value,
)
from smartby.core.facets import API_FACET_VALUES

_LIST_FILTERS = [name for name in FACETS if name != "has_lessons"]


class CaseFiltersIn(FiltersSchema):
    q: str | None = Field(
        None,
        description="Words to search for (title, summary, body, lessons). Any text is "
        "accepted; only the first 1,000 characters are read.",
    )
    country: list[str] = Field([], description="ISO code of the country: NO, SE, DK, FI, IS.")
    county: list[str] = Field([], description="County number.", examples=[["03"]])
    municipality: list[str] = Field(
        [], description="Municipality number (kommunenummer).", examples=[["0301"]]
    )
    theme: list[str] = Field([], description="Theme slug.")
    principle: list[str] = Field([], description="Roadmap principle: number or slug.")
    target_picture: list[str] = Field([], description="Target picture slug.")
    sdg: list[str] = Field([], description="Sustainable development goal number (1–17).")
    phase: list[str] = Field(
        [],
        description="Process phase: "
        + ", ".join(f"`{value}`" for value in Phase.values)
        + " (`testing` is the pilot phase).",
    )
    status: list[str] = Field(
        [], description="Status: " + ", ".join(f"`{value}`" for value in Status.values) + "."
    )
    technology: list[str] = Field([], description="Technology slug.")
    has_lessons: Literal["yes"] | None = Field(None, description="`yes`: only cases with lessons.")
    start_year: list[str] = Field([], description="Year the case started.")
    sort: Literal["relevance", "newest", "oldest", "title", "updated"] | None = Field(
        None, description="Order; `relevance` (the default with `q`) or `newest` (otherwise)."
    )

    @field_validator(*_LIST_FILTERS, mode="after")
    @classmethod
    def _known(cls, values: list[Any], info: ValidationInfo) -> list[str]:
        name = info.field_name or ""
        given = [str(v) for v in values if str(v).strip()]
        try:
            return Vocabulary().check(name, given)
        except UnknownValue as exc:
            raise unknown_value(name.replace("_", " "), exc.value, exc.allowed) from exc

    def filters(self) -> CaseFilters:
        return CaseFilters(
            q=(self.q or "").strip(),
            sort=self.sort or "",
            has_lessons=self.has_lessons == "yes",
            **{name: list(getattr(self, name)) for name in _LIST_FILTERS},
        )


class OwnerRefOut(Schema):
    id: int
    name: str
    slug: str


class CaseMunicipalityOut(Schema):
    code: str
    name: str


class CaseOut(Schema):
    id: int
    slug: str
    url: str = Field(description="Path of the case's web page.")
    title: str
    summary: str
    owner: OwnerRefOut
    municipality: CaseMunicipalityOut | None
    phase: Phase
    status: Status
    visibility: Visibility
    themes: list[str] = Field(description="Theme slugs.")
    technologies: list[str] = Field(description="Technology slugs.")
    principles: list[int] = Field(description="Roadmap principle numbers.")
    started_on: date | None
    published_at: datetime | None
    adopted_from: int | None = Field(description="Id of the case this one adopted, if any.")
    language: Language = Field(description="Language the case is written in.")
    is_demo: bool = Field(description="Fictional demo content.")
    snippet: str | None = Field(
        None, description="With `q`: HTML excerpt of the summary, matches in <mark>."
    )

    @staticmethod
    def resolve_url(obj: Case) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_themes(obj: Case) -> list[str]:
        named = getattr(obj, "theme_slugs", None)  # a list row (selectors.discovery)
        return named if named is not None else [t.slug for t in obj.themes.all()]

    @staticmethod
    def resolve_technologies(obj: Case) -> list[str]:
        named = getattr(obj, "technology_slugs", None)
        return named if named is not None else [t.slug for t in obj.technologies.all()]

    @staticmethod
    def resolve_principles(obj: Case) -> list[int]:
        named = getattr(obj, "principle_numbers", None)
        return named if named is not None else [p.number for p in obj.principles.all()]

    @staticmethod
    def resolve_adopted_from(obj: Case) -> int | None:
        return obj.adopted_from_id

    @staticmethod
    def resolve_snippet(obj: Case) -> str | None:
        return getattr(obj, "snippet", None)


# A plain pydantic model, not a ninja Schema: a list answers hundreds of these, and a Schema
# reads each through its attribute getter (a third of the endpoint's time).
class FacetValueOut(BaseModel):
    value: str
    label: str
    count: int = Field(description="Cases with this value among those matching the other filters.")


class CaseListOut(Schema):
    count: int = Field(description="Cases matching the filters, over all pages.")
    results: list[CaseOut]
    facets: dict[str, list[FacetValueOut]] = Field(
        description=(
            "Per filter, its values with counts, each computed over the cases matching every "
            "other filter (what choosing that value alone gives); at most the "
            f"{API_FACET_VALUES} largest per filter, plus the chosen ones."
        )
    )


@router.get(
    "/cases",
    response={200: CaseListOut, **errors(401, 422)},
    auth=optional_auth,
    summary="List cases",
    description=(
        "Published cases you may see (network-only cases need a member's token). Filters "
        "repeat for alternatives (`theme=a&theme=b`); different filters all apply. Facets: "
        + ", ".join(f"`{name}`" for name in FACETS)
        + ". "
        + LANGUAGE_NOTE
    ),
    tags=["cases"],
)
@decorate_view(in_request_language)
def case_list(
    request: HttpRequest,
    filters: Query[CaseFiltersIn],
    paging: Query[PageParams],
    language: Query[LanguageParams],
) -> dict[str, Any]:
    parsed = filters.filters()
    found = case_page(
        viewer=request.user,
        filters=parsed,
        vocabulary=Vocabulary(),
        offset=paging.offset,
        limit=paging.limit,
        facets_shown=API_FACET_VALUES,
    )
    results = found.cases
    if parsed.q:
        for case in results:
            case.snippet = case_snippet(case.summary, parsed.q)  # type: ignore[attr-defined]
    facets = found.facets
    return {
        "count": found.count,
        "results": results,
        "facets": {
            name: [{"value": f.value, "label": f.label, "count": f.count} for f in values]
            for name, values in facets.items()
        },
    }
