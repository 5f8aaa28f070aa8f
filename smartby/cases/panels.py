"""Panels the cases app adds to pages of lower apps (a fixed number of queries each)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from smartby.cases.selectors.detail import reused_solution_count
from smartby.cases.selectors.places import cases_in_municipality, cases_of_organisation
from smartby.core.panels import Panel
from smartby.network.models import Network
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
