"""The living-lab API: list with filters and paging, one lab with its cases, create and
change with a token under the same rules as the pages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from smartby.accounts.models import Role
from smartby.accounts.services import api_token_create
from smartby.cases.models import LivingLab, Theme
from tests.accounts.factories import member_create
from tests.cases.factories import case_create
from tests.cases.factories import living_lab_create as lab_build
from tests.organisations.factories import municipal_organisation

pytestmark = pytest.mark.django_db


def _token(user) -> dict[str, str]:
    _row, raw = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_list_filters_and_pages(client, oslo):
    theme = Theme.objects.order_by("pk").first()
    lab = lab_build(host=oslo, name="A lab")
    lab.themes.add(theme)
    lab_build(host=municipal_organisation("4601"), name="B lab")
    body = client.get("/api/v1/living-labs").json()
    assert body["count"] == 2 and [r["name"] for r in body["results"]] == ["A lab", "B lab"]
    assert client.get("/api/v1/living-labs", {"theme": theme.slug}).json()["count"] == 1
    assert client.get("/api/v1/living-labs", {"municipality": "4601"}).json()["count"] == 1
    assert client.get("/api/v1/living-labs", {"county": "03"}).json()["count"] == 1
    paged = client.get("/api/v1/living-labs", {"limit": 1, "offset": 1}).json()
    assert [r["name"] for r in paged["results"]] == ["B lab"]
    assert client.get("/api/v1/living-labs", {"limit": 0}).status_code == 422


def test_detail_by_slug_or_id_with_visible_cases(client, oslo):
    lab = lab_build(host=oslo, name="Oslo lab")
    case_create(owner=oslo, living_lab=lab, title="Shown")
    case_create(owner=oslo, living_lab=lab, title="Draft", published=False)
    by_slug = client.get(f"/api/v1/living-labs/{lab.slug}").json()
    assert [c["title"] for c in by_slug["cases"]] == ["Shown"]
    assert client.get(f"/api/v1/living-labs/{lab.pk}").json()["slug"] == lab.slug
    assert client.get("/api/v1/living-labs/nope").status_code == 404


def test_create_and_patch_with_a_token(client, oslo):
    editor = member_create(organisation=oslo, role=Role.EDITOR)
    headers = _token(editor)
    response = client.post(
        "/api/v1/living-labs",
        {"host": oslo.pk, "name": "API lab", "themes": [Theme.objects.first().slug]},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["municipality"]["slug"] == oslo.municipality.slug
    assert body["latitude"] == oslo.municipality.latitude
    patched = client.patch(
        f"/api/v1/living-labs/{body['slug']}",
        {"version": 1, "name": "Renamed"},
        content_type="application/json",
        **headers,
    )
    assert patched.status_code == 200 and patched.json()["name"] == "Renamed"
    stale = client.patch(
        f"/api/v1/living-labs/{body['slug']}",
        {"version": 1, "name": "Lost"},
        content_type="application/json",
        **headers,
    )
    assert stale.status_code == 409
    assert LivingLab.objects.get().name == "Renamed"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"name": "X"}, 422),
        ({"host": 0, "name": "X"}, 422),
        ({"host": "OSLO", "name": ""}, 422),
        ({"host": "OSLO", "name": "X", "themes": ["no-such-theme"]}, 422),
        ({"host": "OSLO", "name": "X", "latitude": 100, "longitude": 1}, 422),
        ({"host": "OSLO", "name": "X", "latitude": 59}, 422),
        ({"host": "OSLO", "name": "X", "website": "ftp://x"}, 422),
        ({"host": "OSLO", "name": "X", "colour": "red"}, 422),
        ({"host": "BERGEN", "name": "X"}, 403),
    ],
)
def test_bad_create_input_is_refused_and_nothing_saved(client, oslo, body, status):
    editor = member_create(organisation=oslo, role=Role.EDITOR)
    ids = {"OSLO": oslo.pk, "BERGEN": municipal_organisation("4601").pk}
    if isinstance(body.get("host"), str):
        body = {**body, "host": ids[body["host"]]}
    response = client.post(
        "/api/v1/living-labs", body, content_type="application/json", **_token(editor)
    )
    assert response.status_code == status, response.json()
    assert response.json()["detail"]
    assert not LivingLab.objects.exists()


def test_writes_need_a_token_and_the_host_rule(client, oslo):
    lab = lab_build(host=oslo, name="Oslo lab")
    anonymous = client.patch(
        f"/api/v1/living-labs/{lab.slug}", {"version": 1}, content_type="application/json"
    )
    assert anonymous.status_code == 401
    other = member_create(organisation=municipal_organisation("4601"), role=Role.EDITOR)
    refused = client.patch(
        f"/api/v1/living-labs/{lab.slug}",
        {"version": 1, "name": "Taken"},
        content_type="application/json",
        **_token(other),
    )
    assert refused.status_code == 403
    assert LivingLab.objects.get().name == "Oslo lab"


def test_list_runs_the_same_queries_with_10_or_200_labs(client, oslo):
    themes = list(Theme.objects.all()[:2])

    def add(count: int) -> None:
        for _n in range(count):
            lab_build(host=oslo).themes.set(themes)

    def measure() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/living-labs", {"limit": 100}).status_code == 200
        return len(ctx)

    add(10)
    few = measure()
    add(190)
    assert measure() == few
