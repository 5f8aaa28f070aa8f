"""Bad input to the API answers a 4xx with a JSON `{"detail": "<readable string>"}`."""

from __future__ import annotations

import pytest

from smartby.accounts.models import User
from smartby.accounts.services import api_token_create
from tests.accounts.factories import user_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def person() -> User:
    return user_create(full_name="Kari Nordmann")


@pytest.fixture
def auth(person: User) -> dict[str, str]:
    _token, raw = api_token_create(user=person, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _assert_json_error(response, status: int) -> str:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    assert isinstance(detail, str)
    assert detail
    return detail


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("limit=-1", "limit: Input should be greater than or equal to 1"),
        ("limit=0", "limit: Input should be greater than or equal to 1"),
        ("limit=100000", "limit: Input should be less than or equal to 100"),
        ("limit=ten", "limit: Input should be a valid integer"),
        ("offset=abc", "offset: Input should be a valid integer"),
        ("offset=-5", "offset: Input should be greater than or equal to 0"),
    ],
)
@pytest.mark.parametrize("endpoint", ["/api/v1/municipalities", "/api/v1/roadmap/principles"])
def test_bad_paging_is_refused_with_a_message_naming_the_parameter(
    client, endpoint, query, expected
):
    response = client.get(f"{endpoint}?{query}")

    assert _assert_json_error(response, 422).startswith(expected)
    assert response.json()["errors"][0]["loc"] == ["query", query.split("=")[0]]


def test_several_bad_parameters_are_all_named(client):
    response = client.get("/api/v1/organisations?limit=0&offset=x&kind=spaceship")

    detail = _assert_json_error(response, 422)
    assert [e["loc"][-1] for e in response.json()["errors"]] == ["kind", "limit", "offset"]
    assert "kind: " in detail
    assert "limit: " in detail
    assert "offset: " in detail


def test_the_largest_page_is_allowed(client):
    response = client.get("/api/v1/municipalities?limit=100&offset=350")

    assert response.status_code == 200
    assert len(response.json()["results"]) == 7


def test_an_offset_past_the_end_gives_an_empty_page(client):
    response = client.get("/api/v1/municipalities?offset=10000")

    assert response.status_code == 200
    assert response.json()["count"] == 357
    assert response.json()["results"] == []


def test_an_offset_deeper_than_10000_rows_is_refused_with_the_reason(client):
    response = client.get("/api/v1/municipalities?offset=100000", HTTP_ACCEPT_LANGUAGE="en")

    detail = _assert_json_error(response, 422)
    assert "offset" in detail and "10000" in detail


def test_unknown_endpoint_is_a_json_404(client):
    response = client.get("/api/v1/spaceships")

    assert (
        _assert_json_error(response, 404) == "No endpoint at /api/v1/spaceships; see /api/v1/docs."
    )


def test_unknown_endpoint_with_a_trailing_slash_is_a_json_404(client):
    response = client.get("/api/v1/municipalities/oslo/extra/")

    _assert_json_error(response, 404)


def test_malformed_json_body_is_refused(client, person, auth):
    response = client.patch(
        "/api/v1/me", data='{"full_name": "Kari",', content_type="application/json", **auth
    )

    detail = _assert_json_error(response, 400)
    assert detail.startswith("Malformed JSON body: ")
    assert "line 1" in detail
    person.refresh_from_db()
    assert person.full_name == "Kari Nordmann"


def test_body_that_is_not_utf8_is_refused(client, auth):
    response = client.patch(
        "/api/v1/me", data=b'{"full_name": "\xff"}', content_type="application/json", **auth
    )

    _assert_json_error(response, 400)


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml"]
)
def test_body_of_another_content_type_is_refused(client, person, auth, content_type):
    response = client.patch(
        "/api/v1/me", data='{"full_name": "Kari Other"}', content_type=content_type, **auth
    )

    detail = _assert_json_error(response, 415)
    assert f"'{content_type}'" in detail
    assert "application/json" in detail
    person.refresh_from_db()
    assert person.full_name == "Kari Nordmann"


def test_json_with_a_charset_is_accepted(client, auth):
    response = client.patch(
        "/api/v1/me",
        data='{"full_name": "Kari Ny"}',
        content_type="application/json; charset=utf-8",
        **auth,
    )

    assert response.status_code == 200
    assert response.json()["full_name"] == "Kari Ny"


@pytest.mark.parametrize("body", ["[]", '"Kari"', "42", "null"])
def test_json_body_that_is_not_an_object_is_refused(client, auth, body):
    response = client.patch("/api/v1/me", data=body, content_type="application/json", **auth)

    detail = _assert_json_error(response, 422)
    assert detail.startswith("body: ")


def test_missing_body_is_refused(client, auth):
    response = client.patch("/api/v1/me", content_type="application/json", **auth)

    assert _assert_json_error(response, 422) == "body: Field required"


def test_fields_that_cannot_be_changed_are_refused_by_name(client, person, auth):
    response = client.patch(
        "/api/v1/me",
        data='{"full_name": "Mallory", "email": "mallory@example.org", "is_staff": true}',
        content_type="application/json",
        **auth,
    )

    detail = _assert_json_error(response, 422)
    assert (
        detail == "email: Extra inputs are not permitted; is_staff: Extra inputs are not permitted"
    )
    person.refresh_from_db()
    assert person.full_name == "Kari Nordmann"
    assert person.email != "mallory@example.org"
    assert person.is_staff is False


def test_bad_body_on_an_unauthenticated_request_is_a_401_not_a_parse_error(client):
    response = client.patch("/api/v1/me", data="{", content_type="application/json")

    _assert_json_error(response, 401)
