"""The home page: the networks with their member and city counts, and a map whose points
come from a JSON address, so the page stays small however many cities join."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from smartby.network.models import Network, NetworkMembership
from smartby.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def _all_municipalities_join(network: Network) -> int:
    members = NetworkMembership.objects.filter(network=network, left_on__isnull=True)
    joining = Organisation.objects.filter(kind="municipality").exclude(
        pk__in=members.values("organisation")
    )
    added = NetworkMembership.objects.bulk_create(
        NetworkMembership(network=network, organisation=o) for o in joining
    )
    return len(added)


def test_home_lists_each_network_with_its_members_and_cities_and_links_to_its_members(client):
    html = client.get("/en/").content.decode()
    nordic = Network.objects.get(slug="nordic-smart-city-network")
    members = NetworkMembership.objects.filter(network=nordic, left_on__isnull=True)
    cities = members.filter(organisation__kind="municipality").count()
    assert cities and f"{members.count()} members, {cities} of them cities" in html
    assert 'href="/en/networks/nordic-smart-city-network/#members-heading"' in html
    assert 'data-points-url="/en/networks/map.json"' in html
    nb = client.get("/").content.decode()
    assert 'data-points-url="/networks/map.json"' in nb and "av dem byer" in nb


def test_map_points_are_the_member_cities_with_their_networks(client):
    response = client.get("/en/networks/map.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    points = {p["name"]: p for p in response.json()["points"]}
    oslo = points["Oslo"]
    assert oslo["url"] == "/en/municipalities/oslo/" and oslo["country"] == "NO"
    assert 59 < oslo["lat"] < 60 and 10 < oslo["lon"] < 11
    assert oslo["networks"] == ["Nordic Smart City Network"]
    assert points["Reykjavík"]["country"] == "IS"
    assert "Nordic Smart City Network" in points["Reykjavík"]["networks"]
    # Each city once, whatever the number of networks it is in.
    assert len(points) == len(response.json()["points"])
    assert (
        client.get("/networks/map.json").json()["points"][0]["url"].startswith("/municipalities/")
    )


def test_map_points_answer_get_only_and_change_nothing(client):
    before = NetworkMembership.objects.count()
    response = client.post("/en/networks/map.json", {"points": "[]"})
    assert response.status_code == 405
    assert NetworkMembership.objects.count() == before


def test_the_home_page_stays_small_as_every_municipality_joins(client):
    before = client.get("/en/").content
    with CaptureQueriesContext(connection) as small:
        client.get("/en/networks/map.json")
    joined = _all_municipalities_join(Network.objects.get(slug="smartbyene"))
    assert joined > 300
    after = client.get("/en/").content
    # Only the counts change; no city is named on the page.
    assert abs(len(after) - len(before)) < 20
    assert b"Asker" not in after
    with CaptureQueriesContext(connection) as large:
        points = client.get("/en/networks/map.json").json()["points"]
    assert "Asker" in {p["name"] for p in points}
    assert len(large) == len(small)


def test_home_says_so_when_no_network_has_member_cities(client):
    NetworkMembership.objects.filter(organisation__kind="municipality").update(left_on="2020-01-01")
    html = client.get("/en/").content.decode()
    assert "No network has registered member cities yet." in html
    assert "data-points-url" not in html and "leaflet.js" not in html
    assert client.get("/en/networks/map.json").json() == {"points": []}


@pytest.mark.usefixtures("page_cache")
def test_a_city_that_joins_is_on_the_cached_map_at_once(client, settings):
    url = "/en/networks/map.json"
    client.get(url)
    assert client.get(url)["X-Cache"] == "hit"
    asker = Organisation.objects.get(slug="asker-kommune")
    NetworkMembership.objects.create(
        network=Network.objects.get(slug="smartbyene"), organisation=asker
    )
    response = client.get(url)
    assert response["X-Cache"] == "miss"
    assert "Asker" in {p["name"] for p in response.json()["points"]}
