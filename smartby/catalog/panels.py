"""Panels the catalogue adds to pages of other apps (a fixed number of queries each)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from smartby.cases.models import Case
from smartby.catalog.selectors.detail import (
    dataset_counts_of_publishers,
    datasets_of_case,
    datasets_on_theme,
)
from smartby.core.panels import Column, Panel
from smartby.network.models import Workgroup
from smartby.organisations.models import Organisation


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


def member_datasets(request: HttpRequest, organisations: list[Organisation]) -> Column:
    """Column of a network's member directory: active datasets each member publishes (one
    query), linked to the catalogue filtered on the publisher."""
    counts = dataset_counts_of_publishers(organisations=organisations)
    base = reverse("catalog:dataset-list")
    return Column(
        str(_("Datasets")),
        {o.pk: (str(counts.get(o.pk, 0)), f"{base}?publisher={o.slug}") for o in organisations},
        order=30,
    )


def workgroup_datasets(request: HttpRequest, workgroup: Workgroup) -> Panel | None:
    """Active datasets on the workgroup's theme, best quality first (two queries)."""
    if workgroup.theme is None:
        return None
    datasets, total = datasets_on_theme(theme_slug=workgroup.theme.slug)
    return Panel(
        "catalog/partials/theme_datasets_panel.html",
        {
            "datasets": datasets,
            "total": total,
            "more_url": f"{reverse('catalog:dataset-list')}?network_theme={workgroup.theme.slug}",
            "has_demo": any(d.is_demo for d in datasets),
        },
        order=40,
    )
