"""Every page of the foundation runs the same number of SQL queries with 10 or 1,000
organisations (and their network memberships and people)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from smartby.accounts.models import Membership, User
from smartby.network.models import Network, NetworkMembership
from smartby.organisations.models import Municipality, Organisation

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/en/",
    "/municipalities/",
    "/municipalities/?county=03",
    "/municipalities/?network=smartbyene",
    "/municipalities/oslo/",
    "/actors/",
    "/actors/?kind=business&q=bulk",
    "/actors/?network=smartbyene",
    "/organisations/bulk-org-1/",
    "/organisations/oslo-kommune/",
    "/networks/",
    "/networks/map.json",
    "/networks/smartbyene/",
    "/roadmap/",
    "/roadmap/principles/put-citizens-at-the-centre/",
    "/roadmap/key-questions/",
    "/roadmap/target-pictures/",
]


def _add_organisations(start: int, stop: int) -> None:
    oslo = Municipality.objects.get(country="NO", code="0301")
    smartbyene = Network.objects.get(slug="smartbyene")
    orgs = Organisation.objects.bulk_create(
        Organisation(
            name=f"Bulk org {n}",
            slug=f"bulk-org-{n}",
            kind="business",
            municipality=oslo,
            county=oslo.county,
            description="A business in the bulk data set.",
        )
        for n in range(start, stop)
    )
    NetworkMembership.objects.bulk_create(
        NetworkMembership(network=smartbyene, organisation=o) for o in orgs
    )
    users = User.objects.bulk_create(
        User(email=f"bulk{n}@example.org", full_name=f"Bulk Person {n}") for n in range(start, stop)
    )
    first = Organisation.objects.get(slug="bulk-org-1")
    oslo_kommune = Organisation.objects.get(slug="oslo-kommune")
    Membership.objects.bulk_create(
        [
            Membership(user=u, organisation=first if i % 2 else oslo_kommune)
            for i, u in enumerate(users)
        ]
    )


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("viewer", ["anonymous", "member"])
def test_pages_run_the_same_number_of_queries_with_10_or_1000_organisations(client, viewer):
    _add_organisations(1, 11)
    if viewer == "member":
        client.force_login(User.objects.get(email="bulk1@example.org"))
    small = {url: _count(client, url) for url in PAGES}
    _add_organisations(11, 1001)
    large = {url: _count(client, url) for url in PAGES}
    assert large == small
    assert max(small.values()) <= 15
