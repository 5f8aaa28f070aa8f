"""The cases of one municipality or organisation, for the panels on their pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

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
