"""Panels the cases app adds to pages of lower apps (a fixed number of queries each)."""

from __future__ import annotations

from django.http import HttpRequest

from smartby.cases.selectors.detail import reused_solution_count
from smartby.core.panels import Panel
from smartby.network.models import Network


def network_reused_solutions(request: HttpRequest, network: Network) -> Panel:
    """How many of the members' solutions another municipality has adopted (one query)."""
    return Panel(
        "cases/partials/reuse_panel.html",
        {"reused_count": reused_solution_count(network)},
        order=20,
    )
