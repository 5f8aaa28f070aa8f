"""Panels the network app adds to organisation and municipality pages (one query each)."""

from __future__ import annotations

from django.http import HttpRequest

from smartby.core.panels import Panel
from smartby.network import selectors
from smartby.organisations.models import Municipality, Organisation


def municipality_networks(request: HttpRequest, municipality: Municipality) -> Panel:
    memberships = list(selectors.network_memberships_of_municipality(municipality=municipality))
    return Panel(
        "network/partials/memberships_panel.html",
        {"memberships": memberships, "has_demo": any(m.is_demo for m in memberships)},
        order=10,
    )


def organisation_networks(request: HttpRequest, organisation: Organisation) -> Panel:
    memberships = list(selectors.network_memberships_of_organisation(organisation=organisation))
    return Panel(
        "network/partials/memberships_panel.html",
        {"memberships": memberships, "has_demo": any(m.is_demo for m in memberships)},
        order=10,
    )
