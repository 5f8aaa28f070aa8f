"""Permission matrix for accounts: role × action, checked against the rules themselves.

Platform admins are Django superusers, so `user.has_perm` lets them do anything; the
matrix states what the rules grant, and the last test shows the superuser shortcut.
"""

from __future__ import annotations

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from smartby.accounts.models import Role
from tests.accounts.factories import member_create, user_create
from tests.organisations.factories import organisation_create

pytestmark = pytest.mark.django_db

ACTIONS = [
    "manage_members",
    "change_user_self",
    "change_user_other",
    "view_user_other",
    "delete_user_self",
    "delete_user_other",
]

# fmt: off
MATRIX = {
    #                     manage  change self  change other  view other  delete self  delete other
    "anonymous":          (False, False,       False,        False,      False,       False),
    "outsider":           (False, True,        False,        False,      True,        False),
    "member":             (False, True,        False,        False,      True,        False),
    "editor":             (False, True,        False,        False,      True,        False),
    "admin":              (True,  True,        False,        False,      True,        False),
    "admin_of_other_org": (False, True,        False,        False,      True,        False),
    "platform_admin":     (True,  True,        True,         True,       True,        False),
}
# fmt: on


def _actor(role: str, organisation):
    if role == "anonymous":
        return AnonymousUser()
    if role == "outsider":
        return user_create()
    if role in ("member", "editor", "admin"):
        return member_create(organisation=organisation, role=Role(role))
    if role == "admin_of_other_org":
        return member_create(organisation=organisation_create(), role=Role.ADMIN)
    if role == "platform_admin":
        return user_create(is_superuser=True, is_staff=True)
    raise AssertionError(role)


def _check(action: str, actor, organisation, other) -> bool:
    if action == "manage_members":
        return rules.has_perm("accounts.manage_members", actor, organisation)
    verb, _model, whom = action.split("_")
    target = actor if whom == "self" else other
    if isinstance(target, AnonymousUser):
        target = None
    return rules.has_perm(f"accounts.{verb}_user", actor, target)


@pytest.mark.parametrize("role", list(MATRIX))
@pytest.mark.parametrize("action", ACTIONS)
def test_accounts_permission_matrix(role, action):
    organisation = organisation_create()
    other = member_create(organisation=organisation)
    actor = _actor(role, organisation)
    expected = MATRIX[role][ACTIONS.index(action)]
    assert _check(action, actor, organisation, other) is expected


def test_an_inactive_platform_admin_manages_nothing():
    organisation = organisation_create()
    actor = user_create(is_superuser=True, is_staff=True, is_active=False)
    assert not rules.has_perm("accounts.manage_members", actor, organisation)
    assert not actor.has_perm("accounts.manage_members", organisation)


def test_user_has_perm_agrees_with_the_rules_except_the_superuser_shortcut():
    organisation = organisation_create()
    admin = member_create(organisation=organisation, role=Role.ADMIN)
    member = member_create(organisation=organisation)
    platform_admin = user_create(is_superuser=True, is_staff=True)
    assert admin.has_perm("accounts.manage_members", organisation)
    assert not member.has_perm("accounts.manage_members", organisation)
    assert member.has_perm("accounts.delete_user", member)
    assert not member.has_perm("accounts.delete_user", admin)
    # Django lets active superusers pass every check; the delete service refuses anyway.
    assert platform_admin.has_perm("accounts.delete_user", member)
