"""Download my data: a JSON attachment with everything the platform keeps about a person."""

from __future__ import annotations

import json

import pytest

from smartby.accounts import services
from smartby.accounts.models import Role
from smartby.network.models import Network, NetworkRole
from tests.accounts.factories import member_create, user_create
from tests.organisations.factories import organisation_create

pytestmark = pytest.mark.django_db


def test_export_holds_profile_memberships_tokens_and_network_roles_but_no_hashes(client):
    organisation = organisation_create(name="Fjordlys AS")
    person = member_create(
        organisation=organisation,
        role=Role.EDITOR,
        full_name="Kari Nordmann",
        title="Analyst",
        email="kari@example.org",
    )
    token, raw = services.api_token_create(user=person, name="Harvester")
    NetworkRole.objects.create(network=Network.objects.get(slug="smartbyene"), user=person)
    client.force_login(person)

    response = client.get("/en/accounts/my-data/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="smartby-my-data-')
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert token.token_hash not in body and raw not in body
    data = json.loads(body)
    # The account's own parts; the other apps' sections: tests/test_personal_data.py.
    assert {"exported_at", "profile", "memberships", "api_tokens", "network_roles"} <= set(data)
    assert data["profile"]["email"] == "kari@example.org"
    assert data["profile"]["full_name"] == "Kari Nordmann"
    assert data["profile"]["title"] == "Analyst"
    assert "password" not in data["profile"]
    assert data["memberships"] == [
        {
            "organisation": "Fjordlys AS",
            "organisation_slug": organisation.slug,
            "role": "editor",
            "since": data["memberships"][0]["since"],
        }
    ]
    assert data["api_tokens"][0]["name"] == "Harvester"
    assert data["api_tokens"][0]["prefix"] == token.prefix
    assert "token_hash" not in data["api_tokens"][0]
    assert data["network_roles"][0]["network_slug"] == "smartbyene"
    assert data["network_roles"][0]["role"] == "secretariat"


def test_export_contains_only_the_persons_own_data(client):
    organisation = organisation_create(name="Other Org AS")
    member_create(organisation=organisation, email="someone.else@example.org")
    person = user_create(email="me@example.org")
    client.force_login(person)
    data = json.loads(client.get("/en/accounts/my-data/").content)
    assert data["memberships"] == [] and data["api_tokens"] == [] and data["network_roles"] == []
    assert "someone.else" not in json.dumps(data)


def test_export_needs_a_login(client):
    response = client.get("/en/accounts/my-data/")
    assert response.status_code == 302
    assert "/en/accounts/login/" in response["Location"]
