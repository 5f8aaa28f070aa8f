"""Panels the cases app adds to pages of lower apps (a fixed number of queries each)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from smartby.cases.selectors.detail import reused_solution_count
from smartby.cases.selectors.places import (
    case_counts_of_organisations,
    cases_in_municipality,
    cases_of_organisation,
    cases_on_theme,
)
from smartby.core.panels import Column, Panel
from smartby.network.models import Network, Workgroup
from smartby.organisations.models import Municipality, Organisation


def network_reused_solutions(request: HttpRequest, network: Network) -> Panel:
    """How many of the members' solutions another municipality has adopted (one query)."""
    return Panel(
        "cases/partials/reuse_panel.html",
        {"reused_count": reused_solution_count(network)},
        order=20,
    )


def municipality_cases(request: HttpRequest, municipality: Municipality) -> Panel:
    """The cases shared in this municipality (two queries at most, plus the theme prefetch)."""
    cases, total = cases_in_municipality(viewer=request.user, municipality=municipality)
    return Panel(
        "cases/partials/place_cases_panel.html",
        {
            "cases": cases,
            "total": total,
            "more_url": f"{reverse('cases:case-list')}?municipality={municipality.code}",
            "can_share": False,
            "has_demo": any(case.is_demo for case in cases),
        },
        order=30,
    )


def organisation_cases(request: HttpRequest, organisation: Organisation) -> Panel:
    """The cases this organisation owns or is a partner in."""
    cases, total = cases_of_organisation(viewer=request.user, organisation=organisation)
    return Panel(
        "cases/partials/place_cases_panel.html",
        {
            "cases": cases,
            "total": total,
            "more_url": "",
            "can_share": request.user.has_perm("cases.add_case", organisation),
            "has_demo": any(case.is_demo for case in cases),
        },
        order=30,
    )


def member_cases(request: HttpRequest, organisations: list[Organisation]) -> Column:
    """Column of a network's member directory: the published cases each member shares that
    the viewer may see (one query)."""
    counts = case_counts_of_organisations(viewer=request.user, organisations=organisations)
    return Column(
        str(_("Cases")),
        {
            o.pk: (str(counts.get(o.pk, 0)), f"{o.get_absolute_url()}#cases-heading")
            for o in organisations
        },
        order=10,
    )


def workgroup_cases(request: HttpRequest, workgroup: Workgroup) -> Panel | None:
    """The newest published cases on the workgroup's theme (two queries)."""
    if workgroup.theme is None:
        return None
    listed, total = cases_on_theme(viewer=request.user, theme_slug=workgroup.theme.slug)
    return Panel(
        "cases/partials/place_cases_panel.html",
        {
            "cases": listed,
            "total": total,
            "more_url": f"{reverse('cases:case-list')}?theme={workgroup.theme.slug}",
            "can_share": False,
            "has_demo": any(case.is_demo for case in listed),
        },
        order=30,
    )
