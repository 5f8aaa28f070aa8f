from __future__ import annotations

import datetime

import pytest

from smartby.network.models import Network, NetworkMembership
from smartby.organisations.models import OrganisationKind
from tests.organisations.factories import organisation_create

pytestmark = pytest.mark.django_db

NORDIC = "nordic-smart-city-network"


def test_network_list_has_both_networks_with_member_counts(client):
    body = client.get("/api/v1/networks").json()

    assert body["count"] == 2
    by_slug = {n["slug"]: n for n in body["results"]}
    assert set(by_slug) == {"smartbyene", NORDIC}
    assert by_slug[NORDIC]["member_count"] == 14
    assert by_slug[NORDIC]["url"] == f"/networks/{NORDIC}/"
    assert by_slug["smartbyene"]["name"] == Network.objects.get(slug="smartbyene").name_nb


def test_network_list_speaks_english_when_asked(client):
    smartbyene = Network.objects.get(slug="smartbyene")

    by_param = client.get("/api/v1/networks?lang=en")
    by_header = client.get("/api/v1/networks", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")

    for response in (by_param, by_header):
        assert response["Content-Language"] == "en"
        names = {n["slug"]: n["name"] for n in response.json()["results"]}
        assert names["smartbyene"] == smartbyene.name_en
        assert {n["url"] for n in response.json()["results"]} >= {"/en/networks/smartbyene/"}


def test_network_detail_lists_current_members_and_themes(client):
    nordic = Network.objects.get(slug=NORDIC)
    business = organisation_create(name="Aaa Former Member AS", kind=OrganisationKind.BUSINESS)
    NetworkMembership.objects.create(
        network=nordic,
        organisation=business,
        joined_on=datetime.date(2019, 1, 1),
        left_on=datetime.date(2020, 1, 1),
    )

    response = client.get(f"/api/v1/networks/{NORDIC}")

    assert response.status_code == 200
    body = response.json()
    members = body["members"]
    assert len(members) == body["member_count"] == 14
    assert business.slug not in {m["organisation"]["slug"] for m in members}
    current = nordic.memberships.filter(left_on__isnull=True).order_by("organisation__name")
    assert [m["organisation"]["slug"] for m in members] == [
        m.organisation.slug for m in current.select_related("organisation")
    ]
    oslo = next(m for m in members if m["organisation"]["municipality"] == "oslo")
    assert oslo["organisation"]["kind"] == "municipality"
    assert body["description"]


def test_network_detail_has_the_work_themes_in_order(client):
    smartbyene = Network.objects.get(slug="smartbyene")

    body = client.get("/api/v1/networks/smartbyene?lang=en").json()

    expected = list(smartbyene.themes.order_by("position").values_list("slug", "name_en"))
    assert [(t["slug"], t["name"]) for t in body["themes"]] == expected
    assert len(expected) > 0


def test_network_detail_runs_the_same_queries_however_many_members(
    client, django_assert_num_queries
):
    nordic = Network.objects.get(slug=NORDIC)
    for _ in range(5):
        NetworkMembership.objects.create(network=nordic, organisation=organisation_create())

    # network with counts, current memberships with organisations, themes
    with django_assert_num_queries(3):
        response = client.get(f"/api/v1/networks/{NORDIC}")

    assert len(response.json()["members"]) == 19


def test_network_detail_of_unknown_slug_is_a_json_404(client):
    response = client.get("/api/v1/networks/atlantis-alliance")

    assert response.status_code == 404
    assert response.json() == {"detail": "No network has the slug 'atlantis-alliance'."}
