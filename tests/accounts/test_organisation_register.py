from __future__ import annotations

import pytest

from smartby.accounts.models import Membership, Role
from smartby.core.models import Activity
from smartby.organisations.models import Municipality, Organisation
from tests.accounts.factories import user_create

pytestmark = pytest.mark.django_db


def _data(**overrides):
    oslo = Municipality.objects.get(country="NO", code="0301")
    return {
        "name": "Bysensor AS",
        "kind": "business",
        "municipality": oslo.pk,
        "org_number": "",
        "website": "",
        "email": "",
        "description": "",
        **overrides,
    }


def test_person_registers_an_organisation_and_becomes_its_admin(client):
    person = user_create()
    client.force_login(person)
    response = client.post("/en/accounts/organisations/new/", _data())
    organisation = Organisation.objects.get(name="Bysensor AS")
    assert response.status_code == 302 and response.url == organisation.get_absolute_url()
    assert Membership.objects.get(user=person, organisation=organisation).role == Role.ADMIN
    assert Activity.objects.filter(text_en="Bysensor AS joined the actor directory").exists()
    assert "Bysensor AS" in client.get("/en/actors/?q=bysensor").content.decode()


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"name": ""}, "This field is required"),
        ({"kind": "municipality"}, "Select a valid choice"),
        ({"municipality": "999999"}, "Select a valid choice"),
        ({"org_number": "12345"}, "nine digits"),
        ({"website": "ftp://x"}, "Enter a valid URL"),
    ],
)
def test_bad_input_gets_a_clear_message_and_creates_nothing(client, overrides, message):
    client.force_login(user_create())
    before = Organisation.objects.count()
    response = client.post("/en/accounts/organisations/new/", _data(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Organisation.objects.count() == before


def test_an_unconfirmed_address_may_not_register_an_organisation(client):
    client.force_login(user_create(confirmed=False))
    before = Organisation.objects.count()
    response = client.post("/en/accounts/organisations/new/", _data())
    assert response.status_code == 403
    assert Organisation.objects.count() == before
