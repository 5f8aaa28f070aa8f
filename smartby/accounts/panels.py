"""The "People" panel on organisation and municipality pages (one query each)."""

from __future__ import annotations

from django.http import HttpRequest

from smartby.accounts import selectors
from smartby.accounts.selectors import PublicPeople
from smartby.core.panels import Panel
from smartby.organisations.models import Municipality, Organisation

TEMPLATE = "accounts/partials/people_panel.html"


def _has_demo(people: PublicPeople) -> bool:
    return any(m.user.is_demo or m.organisation.is_demo for m in people.memberships)


def organisation_people(request: HttpRequest, organisation: Organisation) -> Panel:
    """Public members of the organisation, and for its admins a link to manage them.

    The permission check reads the viewer's roles once per request (cached on the user by
    the organisation rules), so the page's own checks reuse it."""
    people = selectors.organisation_public_people(organisation=organisation)
    can_manage = request.user.has_perm("accounts.manage_members", organisation)
    return Panel(
        TEMPLATE,
        {
            "people": people,
            "show_organisation": False,
            "manage_url_slug": organisation.slug if can_manage else "",
            "has_demo": _has_demo(people),
        },
        order=20,
    )


def municipality_people(request: HttpRequest, municipality: Municipality) -> Panel | None:
    """Public members of the organisations based in the municipality; no panel when there
    are none."""
    people = selectors.municipality_public_people(municipality=municipality)
    if not people.total:
        return None
    return Panel(
        TEMPLATE,
        {
            "people": people,
            "show_organisation": True,
            "manage_url_slug": "",
            "has_demo": _has_demo(people),
        },
        order=20,
    )
