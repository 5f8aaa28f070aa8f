"""Permission matrix for networks: role × network × action."""

from __future__ import annotations

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from smartby.accounts.models import Role
from smartby.network.models import Network, NetworkRole
from tests.accounts.factories import member_create, user_create
from tests.organisations.factories import municipal_organisation

pytestmark = pytest.mark.django_db

#            role                         view   manage_members  assign_secretariat
MATRIX = {
    "anonymous": (True, False, False),
    "member_city_admin": (True, False, False),
    "secretariat_of_this_network": (True, True, False),
    "secretariat_of_other_network": (True, False, False),
    "platform_admin": (True, True, True),
}
ACTIONS = ["view_network", "manage_members", "assign_secretariat"]


def _actor(role: str):
    if role == "anonymous":
        return AnonymousUser()
    if role == "member_city_admin":
        return member_create(organisation=municipal_organisation("3203"), role=Role.ADMIN)
    if role.startswith("secretariat"):
        user = user_create()
        slug = "smartbyene" if role.endswith("this_network") else "nordic-smart-city-network"
        NetworkRole.objects.create(network=Network.objects.get(slug=slug), user=user)
        return user
    return user_create(is_superuser=True)


@pytest.mark.parametrize("role", list(MATRIX))
@pytest.mark.parametrize("action", ACTIONS)
def test_network_permission_matrix(role, action):
    network = Network.objects.get(slug="smartbyene")
    expected = MATRIX[role][ACTIONS.index(action)]
    assert rules.has_perm(f"network.{action}", _actor(role), network) is expected
