"""Permission matrix for organisations: role × ownership × action."""

from __future__ import annotations

import pytest
import rules

from smartby.accounts.models import Role
from smartby.network.models import Network, NetworkRole
from tests.accounts.factories import member_create, user_create
from tests.organisations.factories import municipal_organisation, organisation_create

pytestmark = pytest.mark.django_db

ACTIONS = ["view", "add", "change", "delete"]

# role -> expected outcome for (own business org, municipality org) per action
MATRIX = {
    #                      view  add    change delete     (own/other business organisation)
    "anonymous": {"view": True, "add": False, "change": False, "delete": False},
    "unconfirmed": {"view": True, "add": False, "change": False, "delete": False},
    "outsider": {"view": True, "add": True, "change": False, "delete": False},
    "member": {"view": True, "add": True, "change": False, "delete": False},
    "editor": {"view": True, "add": True, "change": True, "delete": False},
    "admin": {"view": True, "add": True, "change": True, "delete": True},
    "admin_of_other_org": {"view": True, "add": True, "change": False, "delete": False},
    "secretariat": {"view": True, "add": True, "change": True, "delete": False},
    "platform_admin": {"view": True, "add": True, "change": True, "delete": True},
}


def _actor(role: str, organisation):
    from django.contrib.auth.models import AnonymousUser

    if role == "anonymous":
        return AnonymousUser()
    if role == "unconfirmed":
        return user_create(confirmed=False)
    if role == "outsider":
        return user_create()
    if role in ("member", "editor", "admin"):
        return member_create(organisation=organisation, role=Role(role))
    if role == "admin_of_other_org":
        return member_create(organisation=organisation_create(), role=Role.ADMIN)
    if role == "secretariat":
        user = user_create()
        NetworkRole.objects.create(network=Network.objects.get(slug="smartbyene"), user=user)
        return user
    if role == "platform_admin":
        return user_create(is_superuser=True, is_staff=True)
    raise AssertionError(role)


@pytest.mark.parametrize("role", list(MATRIX))
@pytest.mark.parametrize("action", ACTIONS)
def test_organisation_permission_matrix(role, action):
    organisation = organisation_create()
    actor = _actor(role, organisation)
    obj = None if action == "add" else organisation
    assert (
        rules.has_perm(f"organisations.{action}_organisation", actor, obj) is MATRIX[role][action]
    )


@pytest.mark.parametrize("role", ["admin", "platform_admin"])
def test_reference_organisations_cannot_be_deleted_even_by_admins(role):
    municipality = municipal_organisation("0301")
    actor = _actor(role, municipality)
    assert rules.has_perm("organisations.change_organisation", actor, municipality)
    assert not rules.has_perm("organisations.delete_organisation", actor, municipality)
