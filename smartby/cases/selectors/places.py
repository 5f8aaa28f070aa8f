"""The cases of one municipality or organisation, for the panels on their pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from smartby.cases.models import Case
from smartby.cases.selectors.visibility import case_published_to
from smartby.organisations.models import Municipality, Organisation


def _listed(cases: QuerySet[Case], limit: int) -> tuple[list[Case], int]:
    listed = list(
        cases.select_related("owner", "municipality")
        .prefetch_related("themes")
        .order_by("-published_at", "-id")[:limit]
    )
    return listed, cases.count()


def cases_in_municipality(
    *, viewer: Any, municipality: Municipality, limit: int = 6
) -> tuple[list[Case], int]:
    """The newest published cases in `municipality` that `viewer` may see, and how many
    there are in all."""
    return _listed(case_published_to(viewer=viewer).filter(municipality=municipality), limit)


def cases_of_organisation(
    *, viewer: Any, organisation: Organisation, limit: int = 6
) -> tuple[list[Case], int]:
    """The newest published cases `organisation` owns or is a partner in, that `viewer`
    may see, and how many there are in all."""
    cases = case_published_to(viewer=viewer).filter(
        Q(owner=organisation) | Q(partners__organisation=organisation)
    )
    return _listed(cases.distinct(), limit)


def cases_on_theme(*, viewer: Any, theme_slug: str, limit: int = 6) -> tuple[list[Case], int]:
    """The newest published cases on a theme that `viewer` may see, and how many."""
    return _listed(case_published_to(viewer=viewer).filter(themes__slug=theme_slug), limit)


def case_counts_of_organisations(
    *, viewer: Any, organisations: list[Organisation]
) -> dict[int, int]:
    """How many published cases each organisation owns that `viewer` may see (one query)."""
    return dict(
        case_published_to(viewer=viewer)
        .filter(owner__in=organisations)
        .order_by()
        .values("owner")
        .annotate(n=Count("id"))
        .values_list("owner", "n")
    )
