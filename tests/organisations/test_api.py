from __future__ import annotations

import pytest

from smartby.organisations.models import Municipality, Organisation, OrganisationKind
from tests.organisations.factories import municipal_organisation, organisation_create

pytestmark = pytest.mark.django_db

NORDIC = "nordic-smart-city-network"


# Municipalities


def test_municipality_list_counts_the_norwegian_municipalities_by_default(client):
    response = client.get("/api/v1/municipalities?limit=1")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 357
    assert len(body["results"]) == 1
    assert body["facets"]["county"]["03"] == 1
    assert sum(body["facets"]["county"].values()) == 357
    assert "country" not in body["facets"]


def test_municipality_list_for_all_countries_adds_the_nordic_network_cities(client):
    body = client.get("/api/v1/municipalities?country=all&limit=1").json()

    assert body["count"] == 357 + 8
    assert body["facets"]["country"]["NO"] == 357
    assert sum(body["facets"]["country"].values()) == 365


def test_municipality_list_of_another_country_has_only_its_cities(client):
    body = client.get("/api/v1/municipalities?country=se&limit=100").json()

    assert body["count"] >= 1
    assert {m["country"] for m in body["results"]} == {"SE"}
    assert all(m["county"] is None for m in body["results"])


def test_municipality_list_is_ordered_by_name_and_pages_do_not_overlap(client):
    first = client.get("/api/v1/municipalities?limit=5").json()["results"]
    second = client.get("/api/v1/municipalities?limit=5&offset=5").json()["results"]
    names = [m["name"] for m in first + second]

    expected = list(
        Municipality.objects.filter(country="NO")
        .order_by("name", "code")
        .values_list("name", flat=True)[:10]
    )
    assert names == expected


def test_municipality_list_filters_by_county(client):
    body = client.get("/api/v1/municipalities?county=03").json()

    assert body["count"] == 1
    assert body["results"][0]["slug"] == "oslo"
    assert body["facets"] == {"county": {"03": 1}}


def test_municipality_list_filters_by_network_membership(client):
    norwegian = client.get(f"/api/v1/municipalities?network={NORDIC}&limit=100").json()
    everywhere = client.get(f"/api/v1/municipalities?network={NORDIC}&country=all&limit=100").json()

    assert everywhere["count"] == 14
    assert norwegian["count"] == 14 - 8
    assert {m["country"] for m in norwegian["results"]} == {"NO"}
    assert "oslo" in {m["slug"] for m in norwegian["results"]}


def test_municipality_list_searches_names(client):
    body = client.get("/api/v1/municipalities?q=trondh").json()

    assert [m["slug"] for m in body["results"]] == ["trondheim"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("county=99", "county"),
        ("network=spaceship-network", "network"),
        ("country=XX", "country"),
    ],
)
def test_municipality_list_refuses_unknown_filter_values(client, query, field):
    response = client.get(f"/api/v1/municipalities?{query}")

    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail.startswith(f"{field}: unknown")
    assert "expected one of" in detail


def test_municipality_list_names_the_allowed_networks(client):
    detail = client.get("/api/v1/municipalities?network=nope").json()["detail"]

    assert "smartbyene" in detail
    assert NORDIC in detail


def test_municipality_detail_has_the_public_facts(client):
    response = client.get("/api/v1/municipalities/oslo")

    assert response.status_code == 200
    assert response.json() == {
        "code": "0301",
        "country": "NO",
        "slug": "oslo",
        "name": "Oslo",
        "name_official": "Oslo",
        "name_en": "Oslo",
        "parallel_names": "",
        "county": {"number": "03", "name": "Oslo"},
        "admin_centre": "Oslo",
        "population": response.json()["population"],
        "population_year": response.json()["population_year"],
        "latitude": pytest.approx(59.97243),
        "longitude": pytest.approx(10.77566),
        "url": "/municipalities/oslo/",
    }
    assert response.json()["population"] > 600_000


def test_municipality_detail_of_unknown_slug_is_a_json_404(client):
    response = client.get("/api/v1/municipalities/atlantis")

    assert response.status_code == 404
    assert response.json() == {"detail": "No municipality has the slug 'atlantis'."}


# Counties


def test_county_list_counts_the_municipalities_of_each_county(client):
    body = client.get("/api/v1/counties").json()

    assert body["count"] == 15
    numbers = [c["number"] for c in body["results"]]
    assert numbers == sorted(numbers)
    by_number = {c["number"]: c for c in body["results"]}
    assert by_number["03"]["municipality_count"] == 1
    assert sum(c["municipality_count"] for c in body["results"]) == 357


def test_county_detail_answers_one_county_and_404_for_an_unknown_number(client):
    oslo = client.get("/api/v1/counties/03")
    unknown = client.get("/api/v1/counties/99")

    assert oslo.status_code == 200
    assert oslo.json()["name"] == "Oslo"
    assert oslo.json()["municipality_count"] == 1
    assert unknown.status_code == 404
    assert unknown.json() == {"detail": "No county has the number '99'."}


# Organisations


def test_organisation_list_filters_by_kind_and_counts_kinds(client):
    organisation_create(name="Aaa Sensor AS", kind=OrganisationKind.BUSINESS)

    body = client.get("/api/v1/organisations?kind=business").json()

    assert body["count"] == Organisation.objects.filter(kind=OrganisationKind.BUSINESS).count()
    assert {o["kind"] for o in body["results"]} == {"business"}
    assert body["facets"] == {"kind": {"business": body["count"]}}


def test_organisation_list_facets_count_every_kind_over_the_whole_list(client):
    organisation_create(kind=OrganisationKind.ACADEMIA)

    body = client.get("/api/v1/organisations?limit=1").json()

    assert (
        body["facets"]["kind"]["municipality"]
        == Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).count()
    )
    assert body["facets"]["kind"]["academia"] >= 1
    assert sum(body["facets"]["kind"].values()) == body["count"]


def test_organisation_list_filters_by_municipality_county_network_and_text(client):
    trondheim = Municipality.objects.get(slug="trondheim")
    lab = organisation_create(
        name="Midtby Living Lab", kind=OrganisationKind.ACADEMIA, municipality=trondheim
    )
    organisation_create(name="Midtby Consulting", kind=OrganisationKind.BUSINESS)

    by_municipality = client.get("/api/v1/organisations?municipality=trondheim").json()
    by_county = client.get(f"/api/v1/organisations?county={trondheim.county.number}").json()
    by_text = client.get("/api/v1/organisations?q=midtby&municipality=trondheim").json()
    by_network = client.get(f"/api/v1/organisations?network={NORDIC}&limit=100").json()

    assert lab.slug in {o["slug"] for o in by_municipality["results"]}
    assert lab.slug in {o["slug"] for o in by_county["results"]}
    assert [o["slug"] for o in by_text["results"]] == [lab.slug]
    assert by_network["count"] == 14
    assert {o["kind"] for o in by_network["results"]} == {"municipality"}


def test_organisation_detail_shows_the_public_row_and_no_internals(client):
    organisation = organisation_create(
        name="Fjordkraft Data AS",
        slug="fjordkraft-data",
        org_number="123456789",
        website="https://example.org",
        email="post@example.org",
        description="We *measure* things.",
    )

    response = client.get("/api/v1/organisations/fjordkraft-data")

    assert response.status_code == 200
    assert response.json() == {
        "slug": "fjordkraft-data",
        "name": "Fjordkraft Data AS",
        "kind": "business",
        "municipality": {"slug": "oslo", "name": "Oslo", "country": "NO"},
        "county": {"number": "03", "name": "Oslo"},
        "org_number": "123456789",
        "website": "https://example.org",
        "email": "post@example.org",
        "description": "We *measure* things.",
        "is_demo": False,
        "url": organisation.get_absolute_url(),
    }


def test_organisation_detail_of_unknown_slug_is_a_json_404(client):
    response = client.get("/api/v1/organisations/no-such-organisation")

    assert response.status_code == 404
    assert response.json()["detail"] == "No organisation has the slug 'no-such-organisation'."


def test_organisation_list_refuses_an_unknown_kind_and_lists_the_kinds(client):
    response = client.get("/api/v1/organisations?kind=spaceship")

    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail.startswith("kind: ")
    for kind in OrganisationKind.values:
        assert f"'{kind}'" in detail


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("county=99", "county"),
        ("network=nope", "network"),
        ("municipality=atlantis", "municipality"),
    ],
)
def test_organisation_list_refuses_unknown_places_and_networks(client, query, field):
    response = client.get(f"/api/v1/organisations?{query}")

    assert response.status_code == 422
    assert response.json()["detail"].startswith(f"{field}: unknown {field}")
    assert response.json()["errors"][0]["loc"] == ["query", field]


def test_organisation_list_treats_empty_filters_as_not_given(client):
    unfiltered = client.get("/api/v1/organisations?limit=1").json()

    response = client.get("/api/v1/organisations?limit=1&kind=&county=&network=&municipality=&q=")

    assert response.status_code == 200
    assert response.json()["count"] == unfiltered["count"]


def _add_organisations(n: int) -> None:
    oslo = municipal_organisation("0301").municipality
    Organisation.objects.bulk_create(
        Organisation(
            name=f"Bulk Organisation {i:04d}",
            slug=f"bulk-organisation-{n}-{i}",
            kind=OrganisationKind.BUSINESS if i % 2 else OrganisationKind.ACADEMIA,
            municipality=oslo,
            county=oslo.county if oslo else None,
        )
        for i in range(n)
    )


@pytest.mark.parametrize("extra", [10, 1000])
def test_organisation_list_runs_the_same_queries_however_many_organisations(
    client, django_assert_num_queries, extra
):
    _add_organisations(extra)

    # count, page, facets
    with django_assert_num_queries(3):
        response = client.get("/api/v1/organisations?limit=100")

    assert response.status_code == 200
    assert response.json()["count"] >= extra
    assert len(response.json()["results"]) == 100


@pytest.mark.parametrize("extra", [10, 1000])
def test_filtered_organisation_list_runs_the_same_queries_however_many_organisations(
    client, django_assert_num_queries, extra
):
    _add_organisations(extra)

    # county numbers and network slugs (validation), count, page, facets
    with django_assert_num_queries(5):
        response = client.get(f"/api/v1/organisations?county=03&network={NORDIC}&q=oslo")

    assert response.status_code == 200
    assert response.json()["count"] == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # count, page, county facets
        ("limit=100", 3),
        # network slugs (validation), count, page, county facets, country facets
        (f"limit=100&country=all&network={NORDIC}", 5),
    ],
)
def test_municipality_list_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, query, expected
):
    with django_assert_num_queries(expected):
        response = client.get(f"/api/v1/municipalities?{query}")

    assert response.status_code == 200
    assert len(response.json()["results"]) == min(100, response.json()["count"])
