"""Reads for living labs: the list with its filters and map, one lab with the cases run
there, and the organisations a person may host a lab for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from smartby.cases.models import Case, LivingLab, Theme
from smartby.cases.rules import editor_org_ids
from smartby.cases.selectors.visibility import case_published_to
from smartby.organisations.models import County, Organisation, OrganisationKind


@dataclass(frozen=True)
class LabFilters:
    """Filters of the list page and the API; empty strings mean "any"."""

    theme: str = ""
    county: str = ""
    municipality: str = ""


def living_lab_list(*, filters: LabFilters | None = None) -> QuerySet[LivingLab]:
    """Living labs matching `filters` (theme slug, county number, municipality number), by
    name, with host, municipality, county and focus themes fetched."""
    filters = filters or LabFilters()
    labs = LivingLab.objects.select_related(
        "host", "municipality", "municipality__county"
    ).prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("kind", "position")))
    if filters.theme:
        labs = labs.filter(themes__slug=filters.theme)
    if filters.county:
        labs = labs.filter(municipality__county__number=filters.county)
    if filters.municipality:
        labs = labs.filter(municipality__code=filters.municipality)
    return labs.distinct().order_by("name", "id")


def living_lab_get(*, key: str) -> LivingLab:
    """One living lab by slug, or by id when `key` is all digits. Raises
    LivingLab.DoesNotExist."""
    labs = living_lab_list()
    if key.isdigit():
        return labs.get(Q(pk=int(key)) | Q(slug=key))
    return labs.get(slug=key)


def living_lab_cases(*, lab: LivingLab, viewer: Any) -> QuerySet[Case]:
    """The published cases run at `lab` that `viewer` may see, newest first."""
    return (
        case_published_to(viewer=viewer)
        .filter(living_lab=lab)
        .select_related("owner", "municipality")
        .order_by("-published_at", "-id")
    )


def living_lab_map_points(*, labs: list[LivingLab]) -> list[dict[str, Any]]:
    """The labs that have coordinates, as points for smartby/map.js."""
    return [
        {
            "name": lab.name,
            "url": lab.get_absolute_url(),
            "lat": lab.latitude,
            "lon": lab.longitude,
        }
        for lab in labs
        if lab.latitude is not None and lab.longitude is not None
    ]


def living_lab_host_choices(*, user: Any) -> QuerySet[Organisation]:
    """The municipal organisations `user` edits: the hosts they may create a lab for."""
    return (
        Organisation.objects.filter(
            pk__in=editor_org_ids(user),
            kind=OrganisationKind.MUNICIPALITY,
            municipality__isnull=False,
        )
        .select_related("municipality")
        .order_by("name")
    )


def living_lab_theme_choices() -> list[tuple[str, str]]:
    """(slug, name) of every theme, for the filter and the form."""
    return [(t.slug, str(t.name)) for t in Theme.objects.order_by("kind", "position")]


def living_lab_county_choices() -> list[tuple[str, str]]:
    """(number, name) of the counties."""
    return [(c.number, c.name) for c in County.objects.order_by("name")]


def lab_cases_by_lab(*, labs: list[LivingLab], viewer: Any) -> dict[int, int]:
    """How many published cases `viewer` may see per lab (one query)."""
    rows = (
        case_published_to(viewer=viewer)
        .filter(living_lab__in=labs)
        .values("living_lab")
        .annotate(n=Count("pk"))
    )
    return {row["living_lab"]: row["n"] for row in rows}
