"""The datasets API: the list with the page's filters and facets, the detail with quality
and availability, and token writes with the pages' rules and validation."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from smartby.accounts.models import Role
from smartby.accounts.services import api_token_create
from smartby.catalog.models import Dataset, DatasetStatus, Distribution, LinkCheck
from tests.accounts.factories import member_create
from tests.cases.factories import case_create
from tests.catalog.factories import dataset_create, harvest_source_create
from tests.organisations.factories import municipal_organisation

pytestmark = pytest.mark.django_db


def auth(user) -> dict[str, str]:
    _token, raw = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post(client, url, body, user=None):
    headers = {"HTTP_ACCEPT_LANGUAGE": "en", **(auth(user) if user else {})}
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def patch(client, url, body, user=None):
    headers = {"HTTP_ACCEPT_LANGUAGE": "en", **(auth(user) if user else {})}
    return client.patch(url, json.dumps(body), content_type="application/json", **headers)


# --- reading ------------------------------------------------------------------------------


def test_list_filters_facets_and_paging(client, oslo):
    asker = municipal_organisation("3203")
    dataset_create(
        publisher=oslo, title_nb="A", data_themes=["TRAN"], distributions=[{"format": "CSV"}]
    )
    dataset_create(publisher=asker, title_nb="B", data_themes=["TRAN"], licence="NLOD-2.0")
    dataset_create(publisher=asker, title_nb="C", status=DatasetStatus.WITHDRAWN)
    body = client.get("/api/v1/datasets").json()
    assert body["count"] == 2
    assert [r["title"] for r in body["results"]] == ["A", "B"]
    assert body["facets"]["publisher"] == [
        {"value": "asker-kommune", "label": "Asker kommune", "count": 1},
        {"value": "oslo-kommune", "label": "Oslo kommune", "count": 1},
    ]
    assert client.get("/api/v1/datasets?withdrawn=yes").json()["count"] == 3
    filtered = client.get("/api/v1/datasets?theme=TRAN&format=CSV").json()
    assert [r["title"] for r in filtered["results"]] == ["A"]
    assert filtered["results"][0]["formats"] == ["CSV"]
    assert client.get("/api/v1/datasets?licence=nlod-2.0").json()["count"] == 1
    paged = client.get("/api/v1/datasets?limit=1&offset=1").json()
    assert paged["count"] == 2 and [r["title"] for r in paged["results"]] == ["B"]


@pytest.mark.parametrize(
    "query",
    [
        "theme=NOPE",
        "format=EXE",
        "publisher=nobody",
        "access=OPEN",
        "price_model=gratis",
        "quality_band=great",
        "municipality=9999",
        "sort=random",
        "limit=101",
        "limit=0",
        "offset=-1",
        "withdrawn=maybe",
        "lang=de",
    ],
)
def test_bad_filters_are_422_json(client, query):
    response = client.get(f"/api/v1/datasets?{query}")
    assert response.status_code == 422
    assert response.json()["detail"]


def test_detail_has_quality_distributions_availability_and_cases(client, oslo):
    dataset = dataset_create(
        publisher=oslo,
        title_nb="Målinger",
        title_en="Measurements",
        distributions=[{"format": "CSV", "byte_size": 10}],
        quality_points=210,
        quality_band="good",
        quality={
            "points": 210,
            "max_points": 405,
            "band": "good",
            "dimensions": {"findability": {"points": 50, "max": 100}},
            "indicators": [
                {
                    "dimension": "findability",
                    "key": "keywords",
                    "label": "Keywords",
                    "points": 30,
                    "max": 30,
                    "met": True,
                }
            ],
            "improve": ["Add a licence."],
        },
    )
    distribution = Distribution.objects.get(dataset=dataset)
    now = timezone.now()
    LinkCheck.objects.create(
        distribution=distribution,
        kind="access",
        url=distribution.access_url,
        checked_at=now - timedelta(days=40),
        ok=True,
        status=200,
    )
    LinkCheck.objects.create(
        distribution=distribution,
        kind="access",
        url=distribution.access_url,
        checked_at=now - timedelta(days=1),
        ok=False,
        status=503,
    )
    public = case_create(owner=oslo, title="Offentlig case")
    draft = case_create(owner=oslo, published=False, title="Utkast")
    dataset.used_in_cases.add(public, draft)
    body = client.get(f"/api/v1/datasets/{dataset.pk}?lang=en").json()
    assert body["title"] == "Measurements"
    assert body["version"] == 1
    assert body["quality"]["max_points"] == 405
    assert body["quality"]["dimensions"] == {"findability": {"points": 50, "max": 100}}
    assert body["quality"]["indicators"][0]["met"] is True
    (dist,) = body["distributions"]
    assert dist["format"] == "CSV" and dist["byte_size"] == 10
    assert [c["status"] for c in dist["availability"]["checks"]] == [503]
    assert [c["title"] for c in body["used_in_cases"]] == ["Offentlig case"]


def test_detail_survives_an_empty_or_odd_quality_json(client):
    dataset = dataset_create(quality={"dimensions": "?", "indicators": [1, {"points": "x"}]})
    response = client.get(f"/api/v1/datasets/{dataset.pk}")
    assert response.status_code == 200
    assert response.json()["quality"]["band"] == "bad"


def test_unknown_dataset_is_404_json(client):
    response = client.get("/api/v1/datasets/999999")
    assert response.status_code == 404
    assert response.json()["detail"]


# --- writing ------------------------------------------------------------------------------


BODY = {
    "title_nb": "Sykkeltellinger",
    "title_en": "Bike counts",
    "keywords_nb": ["sykkel"],
    "themes": ["TRAN"],
    "network_themes": ["mobility"],
    "municipalities": ["0301"],
    "access_rights": "PUBLIC",
    "licence": "NLOD-2.0",
    "price_model": "free",
    "distributions": [{"access_url": "https://data.example.no/counts.csv", "format": "CSV"}],
}


def test_token_creates_and_patches_a_dataset(client, oslo, editor):
    response = post(client, "/api/v1/datasets", {**BODY, "publisher": oslo.pk}, editor)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["uri"].endswith("/data/datasets/sykkeltellinger")
    assert body["themes"] == ["TRAN"] and body["municipalities"] == ["0301"]
    assert body["licence"] == "NLOD-2.0"
    assert body["distributions"][0]["media_type"] == "text/csv"
    dataset_id = body["id"]
    changed = patch(
        client,
        f"/api/v1/datasets/{dataset_id}",
        {"version": 1, "price_model": "per_call", "price_nok": "0.50", "price_terms": "Per call."},
        editor,
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["price_nok"] == "0.50" or changed.json()["price_nok"] == 0.5
    assert changed.json()["version"] == 2
    assert changed.json()["title_nb"] == "Sykkeltellinger"  # left out, left alone
    # Keeping the distribution by id keeps its row.
    dist_id = changed.json()["distributions"][0]["id"]
    kept = patch(
        client,
        f"/api/v1/datasets/{dataset_id}",
        {"version": 2, "distributions": [{"id": dist_id, "access_url": "https://n.example.no/c"}]},
        editor,
    )
    assert kept.status_code == 200
    assert kept.json()["distributions"][0]["id"] == dist_id


def test_patch_with_an_old_version_is_409(client, oslo, editor):
    dataset = dataset_create(publisher=oslo, title_nb="Gammel")
    assert (
        patch(
            client, f"/api/v1/datasets/{dataset.pk}", {"version": 1, "title_nb": "Ny"}, editor
        ).status_code
        == 200
    )
    response = patch(
        client, f"/api/v1/datasets/{dataset.pk}", {"version": 1, "title_nb": "X"}, editor
    )
    assert response.status_code == 409
    assert response.json()["detail"]
    dataset.refresh_from_db()
    assert dataset.title_nb == "Ny"


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"price_model": "one_off"}, "price_nok"),
        ({"landing_page": "not a url"}, "landing_page"),
        ({"temporal_start": "2024-01-01", "temporal_end": "2023-01-01"}, "temporal_end"),
        ({"title_nb": "x" * 301}, "title_nb"),
        ({"themes": ["NOPE"]}, "themes"),
        ({"licence": "MIT-ish"}, "licence"),
        ({"languages": ["xx"]}, "languages"),
        ({"conforms_to": ["nope"]}, "conforms_to"),
        (
            {"distributions": [{"access_url": "https://x.example.no", "format": "EXE"}]},
            "unknown format",
        ),
        ({"distributions": [{"access_url": "nope"}]}, "distributions"),
        ({"distributions": [{"format": "CSV"}]}, "access_url"),
        ({"colour": "red"}, "colour"),
        ({"title_nb": "", "title_en": ""}, "title"),
    ],
)
def test_bad_input_is_422_and_nothing_changes(client, oslo, editor, change, fragment):
    dataset = dataset_create(publisher=oslo, title_nb="Uendret")
    response = patch(client, f"/api/v1/datasets/{dataset.pk}", {"version": 1, **change}, editor)
    assert response.status_code == 422, response.json()
    assert fragment in json.dumps(response.json())
    dataset.refresh_from_db()
    assert (dataset.title_nb, dataset.version) == ("Uendret", 1)
    created = post(client, "/api/v1/datasets", {**BODY, "publisher": oslo.pk, **change}, editor)
    assert created.status_code == 422
    assert Dataset.objects.count() == 1


def test_writes_need_a_token_and_the_publishers_editor(client, oslo, editor):
    asker = municipal_organisation("3203")
    other = member_create(organisation=asker, role=Role.EDITOR)
    member = member_create(organisation=oslo, role=Role.MEMBER)
    dataset = dataset_create(publisher=oslo)
    harvested = dataset_create(publisher=oslo, harvest_source=harvest_source_create(publisher=oslo))
    url = f"/api/v1/datasets/{dataset.pk}"
    assert post(client, "/api/v1/datasets", {**BODY, "publisher": oslo.pk}).status_code == 401
    assert patch(client, url, {"version": 1, "title_nb": "x"}).status_code == 401
    assert (
        post(client, "/api/v1/datasets", {**BODY, "publisher": oslo.pk}, other).status_code == 403
    )
    assert (
        post(client, "/api/v1/datasets", {**BODY, "publisher": oslo.pk}, member).status_code == 403
    )
    assert patch(client, url, {"version": 1, "title_nb": "x"}, other).status_code == 403
    assert patch(client, url, {"version": 1, "title_nb": "x"}, member).status_code == 403
    response = patch(
        client, f"/api/v1/datasets/{harvested.pk}", {"version": 1, "title_nb": "x"}, editor
    )
    assert response.status_code == 403 and response.json()["detail"]
    assert (
        post(client, "/api/v1/datasets", {**BODY, "publisher": 999999}, editor).status_code == 422
    )
    not_json = client.post("/api/v1/datasets", "x", content_type="text/plain", **auth(editor))
    assert not_json.status_code == 415
    assert Dataset.objects.count() == 2
