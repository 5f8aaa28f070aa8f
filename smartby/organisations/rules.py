"""Who may do what with organisations.

Memberships live in `accounts` (above this app), so the predicates read them through the
reverse relations `user.memberships` and `user.network_roles` without importing those apps.
"""

from __future__ import annotations

from typing import Any

import rules

EDITOR_ROLES = ("editor", "admin")


def _role(user: Any, organisation: Any) -> str | None:
    if not user.is_authenticated or organisation is None:
        return None
    cache = getattr(user, "_org_roles", None)
    if cache is None:
        cache = dict(user.memberships.values_list("organisation_id", "role"))
        user._org_roles = cache
    return cache.get(organisation.pk)


@rules.predicate
def is_platform_admin(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def secretariat_network_ids(user: Any) -> frozenset[int]:
    """The networks `user` is secretariat of, read once per user object (so once per
    request): a page that asks about many workgroups or decisions asks the database once.
    `network.services.secretariat_assign` forgets it for the user it assigns."""
    if not user.is_authenticated:
        return frozenset()
    cache = getattr(user, "_secretariat_network_ids", None)
    if cache is None:
        cache = frozenset(
            user.network_roles.filter(role="secretariat").values_list("network_id", flat=True)
        )
        user._secretariat_network_ids = cache
    return cache


@rules.predicate
def is_secretariat(user: Any) -> bool:
    """Secretariat of any network: keeps the directory and reference data tidy."""
    return bool(secretariat_network_ids(user))


@rules.predicate
def is_org_member(user: Any, organisation: Any) -> bool:
    return _role(user, organisation) is not None


@rules.predicate
def is_org_editor(user: Any, organisation: Any) -> bool:
    return _role(user, organisation) in EDITOR_ROLES


@rules.predicate
def is_org_admin(user: Any, organisation: Any) -> bool:
    return _role(user, organisation) == "admin"


@rules.predicate
def has_confirmed_email(user: Any) -> bool:
    return bool(user.is_authenticated and user.email_confirmed_at is not None)


@rules.predicate
def is_reference_organisation(user: Any, organisation: Any) -> bool:
    return bool(organisation is not None and organisation.is_reference)


rules.add_perm("organisations.view_organisation", rules.always_allow)
rules.add_perm("organisations.add_organisation", has_confirmed_email)
rules.add_perm(
    "organisations.change_organisation", is_org_editor | is_secretariat | is_platform_admin
)
rules.add_perm(
    "organisations.delete_organisation",
    ~is_reference_organisation & (is_org_admin | is_platform_admin),
)
