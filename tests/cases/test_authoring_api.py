"""The cases write API: detail, create, change with version (409), adopt."""

from __future__ import annotations

import json

import pytest

from smartby.accounts.models import Role
from smartby.accounts.services import api_token_create
from smartby.cases.models import Case, Theme
from tests.accounts.factories import member_create
from tests.cases.factories import case_create
from tests.organisations.factories import municipal_organisation

pytestmark = pytest.mark.django_db


def auth(user) -> dict[str, str]:
    _token, raw = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post(client, url, body, user=None):
    headers = auth(user) if user else {}
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def patch(client, url, body, user=None):
    headers = auth(user) if user else {}
    return client.patch(url, json.dumps(body), content_type="application/json", **headers)


def test_detail_gives_everything_with_adoptions(client, oslo):
    origin = case_create(owner=oslo, lessons=[("worked", "Lesson")])
    bergen = municipal_organisation("4601")
    adoption = case_create(owner=bergen, adopted_from=origin, lineage_root=origin)
    case_create(owner=bergen, adopted_from=origin, published=False)  # a draft: not listed
    body = client.get(f"/api/v1/cases/{origin.pk}").json()
    assert body["title"] == origin.title
    assert body["lessons"] == [{"kind": "worked", "text": "Lesson"}]
    assert body["adopted_from"] is None
    assert [a["id"] for a in body["adoptions"]] == [adoption.pk]
    assert body["adoptions"][0]["municipality"]["name"] == bergen.municipality.name
    child = client.get(f"/api/v1/cases/{adoption.pk}").json()
    assert child["adopted_from"]["id"] == origin.pk


def test_detail_of_a_draft_is_404_for_outsiders(client, oslo, editor):
    draft = case_create(owner=oslo, published=False)
    assert client.get(f"/api/v1/cases/{draft.pk}").status_code == 404
    assert client.get(f"/api/v1/cases/{draft.pk}", **auth(editor)).status_code == 200
    assert client.get("/api/v1/cases/999999").status_code == 404


def test_editor_creates_a_case(client, oslo, editor):
    theme = Theme.objects.first()
    response = post(
        client,
        "/api/v1/cases",
        {
            "owner": oslo.pk,
            "title": "API case",
            "summary": "Made by API",
            "themes": [theme.slug],
            "sdgs": [11],
            "lessons": [{"kind": "pitfall", "text": "Watch out"}],
        },
        editor,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    case = Case.objects.get(pk=body["id"])
    assert case.is_published is False
    assert body["themes"] == [theme.slug]
    assert body["sdgs"] == [11]
    assert body["lessons"] == [{"kind": "pitfall", "text": "Watch out"}]
    assert case.lineage_root_id == case.pk


def test_create_for_an_organisation_the_user_does_not_edit_is_403(client, editor):
    bergen = municipal_organisation("4601")
    response = post(
        client, "/api/v1/cases", {"owner": bergen.pk, "title": "X", "summary": "Y"}, editor
    )
    assert response.status_code == 403
    assert not Case.objects.exists()


def test_create_needs_a_token(client, oslo):
    response = post(client, "/api/v1/cases", {"owner": oslo.pk, "title": "X", "summary": "Y"})
    assert response.status_code == 401


@pytest.mark.parametrize(
    "body",
    [
        {"title": "X", "summary": "Y", "with_owner": False},
        {"title": "", "summary": "Y"},
        {"title": "X", "summary": "Y", "phase": "nonsense"},
        {"title": "X", "summary": "Y", "themes": ["no-such-theme"]},
        {"title": "X", "summary": "Y", "unknown_field": 1},
        {
            "title": "X",
            "summary": "Y",
            "translations": [{"language": "nb", "title": "t", "summary": "s"}],
        },
    ],
)
def test_bad_create_input_is_422_and_nothing_saved(client, oslo, editor, body):
    if body.pop("with_owner", True):
        body = {**body, "owner": oslo.pk}
    response = post(client, "/api/v1/cases", body, editor)
    assert response.status_code == 422, response.content
    assert response.json()["detail"]
    assert not Case.objects.exists()


def test_patch_changes_fields_and_bumps_the_version(client, oslo, editor):
    case = case_create(owner=oslo)
    response = patch(
        client, f"/api/v1/cases/{case.pk}", {"version": case.version, "title": "Patched"}, editor
    )
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Patched"
    assert response.json()["version"] == case.version + 1


def test_patch_with_an_old_version_is_409_and_changes_nothing(client, oslo, editor):
    case = case_create(owner=oslo, title="Before")
    assert (
        patch(
            client, f"/api/v1/cases/{case.pk}", {"version": 1, "title": "First"}, editor
        ).status_code
        == 200
    )
    response = patch(client, f"/api/v1/cases/{case.pk}", {"version": 1, "title": "Second"}, editor)
    assert response.status_code == 409
    assert "Someone else" in response.json()["detail"] or response.json()["detail"]
    case.refresh_from_db()
    assert case.title == "First"


def test_patch_by_a_non_editor_is_403(client, oslo):
    case = case_create(owner=oslo)
    member = member_create(organisation=oslo, role=Role.MEMBER)
    response = patch(
        client, f"/api/v1/cases/{case.pk}", {"version": case.version, "title": "X"}, member
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.title != "X"


@pytest.mark.parametrize(
    "body",
    [
        {"title": "X"},  # no version
        {"version": 1, "title": None},
        {"version": 1, "summary": "x" * 1001},
        {"version": 1, "contact_email": "not an address"},
        {"version": 1, "lessons": [{"kind": "bad", "text": "x"}]},
    ],
)
def test_bad_patch_is_422_and_nothing_changed(client, oslo, editor, body):
    case = case_create(owner=oslo, title="Kept")
    response = patch(client, f"/api/v1/cases/{case.pk}", body, editor)
    assert response.status_code == 422, response.content
    case.refresh_from_db()
    assert case.title == "Kept" and case.version == 1


def test_adopt_by_api(client, oslo):
    origin = case_create(owner=oslo)
    bergen = municipal_organisation("4601")
    bergen_editor = member_create(organisation=bergen, role=Role.EDITOR)
    response = post(
        client, f"/api/v1/cases/{origin.pk}/adopt", {"organisation": bergen.pk}, bergen_editor
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["adopted_from"]["id"] == origin.pk
    assert body["owner"]["slug"] == bergen.slug
    assert body["is_published"] is False


def test_owner_adopting_its_own_case_by_api_is_403(client, oslo, editor):
    origin = case_create(owner=oslo)
    response = post(client, f"/api/v1/cases/{origin.pk}/adopt", {"organisation": oslo.pk}, editor)
    assert response.status_code == 403
    assert not Case.objects.filter(adopted_from=origin).exists()


def test_detail_runs_the_same_queries_for_1_or_30_adoptions(client, oslo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    bergen = municipal_organisation("4601")
    counts = []
    for n in (1, 30):
        origin = case_create(owner=oslo, lessons=[("worked", f"l{i}") for i in range(n)])
        for _i in range(n):
            case_create(owner=bergen, adopted_from=origin, lineage_root=origin)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/api/v1/cases/{origin.pk}").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
