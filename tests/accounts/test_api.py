from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from smartby.accounts.models import ApiToken, Role, User
from smartby.accounts.services import api_token_create, api_token_revoke
from tests.accounts.factories import member_create, user_create
from tests.organisations.factories import municipal_organisation, organisation_create

pytestmark = pytest.mark.django_db


def _bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _patch(client, body: object, raw: str, **extra):
    return client.patch(
        "/api/v1/me",
        data=json.dumps(body),
        content_type="application/json",
        **_bearer(raw),
        **extra,
    )


@pytest.fixture
def person() -> User:
    oslo = municipal_organisation("0301")
    person = member_create(
        organisation=oslo, role=Role.EDITOR, full_name="Kari Nordmann", email="kari@example.org"
    )
    return person


@pytest.fixture
def raw_token(person: User) -> str:
    _token, raw = api_token_create(user=person, name="laptop")
    return raw


# GET /me


def test_me_with_a_token_shows_the_profile_and_roles(client, person, raw_token):
    oslo = municipal_organisation("0301")
    business = organisation_create(name="Aaa Analytics AS")
    person.memberships.create(organisation=business, role=Role.ADMIN)

    response = client.get("/api/v1/me", **_bearer(raw_token))

    assert response.status_code == 200
    assert response.json() == {
        "email": "kari@example.org",
        "full_name": "Kari Nordmann",
        "title": "",
        "preferred_language": "nb",
        "memberships": [
            {
                "organisation": {
                    "slug": business.slug,
                    "name": "Aaa Analytics AS",
                    "kind": "business",
                    "url": business.get_absolute_url(),
                },
                "role": "admin",
            },
            {
                "organisation": {
                    "slug": oslo.slug,
                    "name": "Oslo kommune",
                    "kind": "municipality",
                    "url": oslo.get_absolute_url(),
                },
                "role": "editor",
            },
        ],
    }


def test_me_records_when_the_token_was_last_used(client, raw_token):
    client.get("/api/v1/me", **_bearer(raw_token))

    assert ApiToken.objects.get().last_used_at is not None


def test_me_with_a_logged_in_session_shows_the_profile(client, person):
    client.force_login(person)

    response = client.get("/api/v1/me")

    assert response.status_code == 200
    assert response.json()["email"] == "kari@example.org"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HTTP_AUTHORIZATION": "Bearer sbt_not-a-token"},
        {"HTTP_AUTHORIZATION": "Bearer "},
        {"HTTP_AUTHORIZATION": "Basic a2FyaTpzZWNyZXQ="},
    ],
    ids=["none", "unknown", "empty", "other-scheme"],
)
def test_me_without_a_valid_token_is_a_json_401(client, headers):
    response = client.get("/api/v1/me", **headers)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "Authorization: Bearer <token>" in response.json()["detail"]


def test_me_with_a_revoked_token_is_a_json_401(client, person, raw_token):
    api_token_revoke(token=ApiToken.objects.get(), actor=person)

    response = client.get("/api/v1/me", **_bearer(raw_token))

    assert response.status_code == 401


def test_me_with_an_expired_token_is_a_json_401(client, raw_token):
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))

    response = client.get("/api/v1/me", **_bearer(raw_token))

    assert response.status_code == 401


def test_me_with_the_token_of_a_deactivated_person_is_a_json_401(client, person, raw_token):
    User.objects.filter(pk=person.pk).update(is_active=False)

    response = client.get("/api/v1/me", **_bearer(raw_token))

    assert response.status_code == 401


# PATCH /me


def test_me_update_changes_only_the_fields_sent(client, person, raw_token):
    response = _patch(
        client, {"title": "  Smart city adviser ", "preferred_language": "en"}, raw_token
    )

    assert response.status_code == 200
    assert response.json()["title"] == "Smart city adviser"
    assert response.json()["preferred_language"] == "en"
    person.refresh_from_db()
    assert (person.full_name, person.title, person.preferred_language) == (
        "Kari Nordmann",
        "Smart city adviser",
        "en",
    )


def test_me_update_changes_the_name(client, person, raw_token):
    response = _patch(client, {"full_name": "Kari Nordkvinne"}, raw_token)

    assert response.status_code == 200
    person.refresh_from_db()
    assert person.full_name == "Kari Nordkvinne"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"full_name": ""}, "full_name"),
        ({"full_name": "   "}, "full_name"),
        ({"full_name": "x" * 151}, "full_name"),
        ({"full_name": None}, "full_name"),
        ({"title": "x" * 151}, "title"),
        ({"preferred_language": "de"}, "preferred_language"),
        ({"preferred_language": None}, "preferred_language"),
        ({"full_name": 42}, "full_name"),
    ],
)
def test_me_update_refuses_invalid_values_and_changes_nothing(
    client, person, raw_token, body, field
):
    response = _patch(client, body, raw_token)

    assert response.status_code == 422
    assert response.json()["detail"].startswith(f"{field}: ")
    assert response.json()["errors"][0]["loc"] == ["body", "payload", field]
    person.refresh_from_db()
    assert (person.full_name, person.title, person.preferred_language) == (
        "Kari Nordmann",
        "",
        "nb",
    )


def test_me_update_needs_a_token_even_with_a_logged_in_session(client, person):
    client.force_login(person)

    response = client.patch(
        "/api/v1/me", data=json.dumps({"full_name": "Mallory"}), content_type="application/json"
    )

    assert response.status_code == 401
    person.refresh_from_db()
    assert person.full_name == "Kari Nordmann"


def test_me_update_with_a_revoked_token_changes_nothing(client, person, raw_token):
    api_token_revoke(token=ApiToken.objects.get(), actor=person)

    response = _patch(client, {"full_name": "Someone Else"}, raw_token)

    assert response.status_code == 401
    person.refresh_from_db()
    assert person.full_name == "Kari Nordmann"


def test_a_token_only_ever_reaches_its_owner(client, person, raw_token):
    other = user_create(full_name="Ola Nordmann")
    _token, other_raw = api_token_create(user=other, name="phone")

    _patch(client, {"full_name": "Ola N."}, other_raw)

    person.refresh_from_db()
    other.refresh_from_db()
    assert person.full_name == "Kari Nordmann"
    assert other.full_name == "Ola N."


@pytest.mark.parametrize("extra_memberships", [1, 20])
def test_me_runs_the_same_queries_however_many_memberships(
    client, person, raw_token, django_assert_num_queries, extra_memberships
):
    for _ in range(extra_memberships):
        person.memberships.create(organisation=organisation_create(), role=Role.MEMBER)

    # token with its user, last-used stamp, memberships with their organisations
    with django_assert_num_queries(3):
        response = client.get("/api/v1/me", **_bearer(raw_token))

    assert len(response.json()["memberships"]) == 1 + extra_memberships
