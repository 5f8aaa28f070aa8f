from __future__ import annotations

import pytest

from smartby.network.models import Network, NetworkMembership, NetworkRole
from tests.accounts.factories import user_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat_client(client):
    user = user_create()
    NetworkRole.objects.create(network=Network.objects.get(slug="smartbyene"), user=user)
    client.force_login(user)
    return client


def test_network_page_lists_members_and_themes(client):
    html = client.get("/en/networks/nordic-smart-city-network/").content.decode()
    assert "14 members" in html and "Reykjavík kommune" not in html and "Reykjavík" in html
    html = client.get("/en/networks/smartbyene/").content.decode()
    assert "Open data" in html and "Add a member" not in html


def test_secretariat_adds_a_member_by_address_and_ends_it(secretariat_client):
    response = secretariat_client.post(
        "/en/networks/smartbyene/", {"organisation": "asker-kommune", "joined_on": "2018-05-02"}
    )
    assert response.status_code == 302
    membership = NetworkMembership.objects.get(
        network__slug="smartbyene", organisation__slug="asker-kommune"
    )
    html = secretariat_client.get("/en/networks/smartbyene/").content.decode()
    assert "Asker kommune" in html and "End membership of Asker kommune" in html
    secretariat_client.post(f"/en/networks/smartbyene/members/{membership.pk}/end/")
    membership.refresh_from_db()
    assert membership.left_on is not None


@pytest.mark.parametrize(
    "data, message",
    [
        ({"organisation": "no-such-org"}, "No organisation has that name"),
        ({"organisation": ""}, "This field is required"),
        ({"organisation": "asker-kommune", "joined_on": "yesterday"}, "Enter a valid date"),
        ({"organisation": "asker-kommune", "joined_on": "2999-01-01"}, "cannot be in the future"),
    ],
)
def test_bad_member_input_gets_a_clear_message_and_changes_nothing(
    secretariat_client, data, message
):
    response = secretariat_client.post("/en/networks/smartbyene/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not NetworkMembership.objects.filter(network__slug="smartbyene").exists()


def test_people_without_the_secretariat_role_cannot_add_members(client):
    client.force_login(user_create())
    response = client.post("/en/networks/smartbyene/", {"organisation": "asker-kommune"})
    assert response.status_code == 403
    assert not NetworkMembership.objects.filter(network__slug="smartbyene").exists()


def test_platform_admin_assigns_the_secretariat_in_the_admin(client):
    admin_user = user_create(is_superuser=True, is_staff=True)
    person = user_create()
    client.force_login(admin_user)
    network = Network.objects.get(slug="smartbyene")
    response = client.post(
        "/admin/network/networkrole/add/",
        {"network": network.pk, "user": person.pk, "role": "secretariat"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.is_staff
    assert NetworkRole.objects.filter(network=network, user=person).exists()
