"""Editing an organisation runs the same number of SQL queries with little and with much
data: an organisation of 3 people or of 300, whose editor edits 3 organisations or 300,
all members of every network. A save changes the organisation, so the form is measured on two
equivalent organisations, a small one and a large one."""

from __future__ import annotations

import pytest

from smartby.accounts.models import Membership, Role, User
from smartby.network.models import Network, NetworkMembership
from smartby.organisations.models import Municipality, Organisation
from tests.accounts.factories import user_create
from tests.organisations.factories import organisation_create
from tests.querycounts import request_queries

pytestmark = pytest.mark.django_db
SMALL, LARGE = 3, 300
# Measured: 4 queries for the form; 14 for a save (4 of them savepoints, and the checks
# of the organisation's place and constraint before it is written).
MAX_QUERIES = 16


def _people(organisation: Organisation, n: int) -> None:
    users = User.objects.bulk_create(
        User(email=f"{organisation.slug}-{i}@example.org", full_name=f"Person {i}")
        for i in range(n)
    )
    Membership.objects.bulk_create(
        Membership(user=u, organisation=organisation, role=Role.MEMBER) for u in users
    )


def _other_organisations(tag: str, n: int, editor: User) -> None:
    """n more organisations the editor also edits, all members of every network."""
    oslo = Municipality.objects.get(country="NO", code="0301")
    orgs = Organisation.objects.bulk_create(
        Organisation(
            name=f"{tag} {i}",
            slug=f"{tag}-{i}",
            kind="business",
            municipality=oslo,
            county=oslo.county,
        )
        for i in range(n)
    )
    Membership.objects.bulk_create(
        Membership(user=editor, organisation=o, role=Role.EDITOR) for o in orgs
    )
    NetworkMembership.objects.bulk_create(
        NetworkMembership(network=network, organisation=o)
        for network in Network.objects.all()
        for o in orgs
    )


_measure = request_queries


def test_editing_an_organisation_costs_the_same_for_3_or_300_people(client):
    editor = user_create()
    client.force_login(editor)
    counts = []
    for n in (SMALL, LARGE):
        organisation = organisation_create(description="Before")
        Membership.objects.create(user=editor, organisation=organisation, role=Role.EDITOR)
        for network in Network.objects.all():
            NetworkMembership.objects.create(network=network, organisation=organisation)
        _people(organisation, n)
        _other_organisations(f"other-{n}", n - 1, editor)
        url = f"/en/organisations/{organisation.slug}/edit/"
        get = _measure(client, "get", url, status=200)
        data = {
            "name": f"Renamed {n} AS",
            "org_number": "123456789",
            "website": "https://example.org",
            "email": "post@example.org",
            "description": "After",
            "version": organisation.version,
        }
        post = _measure(client, "post", url, data, status=302)
        organisation.refresh_from_db()
        assert (organisation.name, organisation.version) == (f"Renamed {n} AS", 2)
        counts.append({"get": get, "post": post})
    small, large = counts
    assert large == small
    assert max(small.values()) <= MAX_QUERIES, small
