"""Panels the catalogue adds to pages of other apps (a fixed number of queries each)."""

from __future__ import annotations

from django.http import HttpRequest

from smartby.cases.models import Case
from smartby.catalog.selectors.detail import datasets_of_case
from smartby.core.panels import Panel


def case_datasets(request: HttpRequest, case: Case) -> Panel:
    """ "Datasets this case uses" on a case page: the active datasets, linked, and for the
    case's editors a link to choose them (one query, plus the permission check)."""
    datasets = datasets_of_case(case=case)
    return Panel(
        "catalog/partials/dataset_case_datasets.html",
        {
            "case": case,
            "datasets": datasets,
            "can_link": request.user.has_perm("catalog.link_case_datasets", case),
            "has_demo": any(d.is_demo for d in datasets),
        },
        order=40,
    )
