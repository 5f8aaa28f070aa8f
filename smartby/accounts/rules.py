"""Who may do what with people and memberships.

Platform admins are Django superusers: `user.has_perm` answers yes for them whatever the
rule says, so the rules below state who else may act.
"""

from __future__ import annotations

from typing import Any

import rules

from smartby.organisations.rules import is_org_admin, is_platform_admin


@rules.predicate
def is_self(user: Any, person: Any) -> bool:
    return bool(user.is_authenticated and person is not None and user.pk == person.pk)


# On an Organisation: add people, change their roles, remove them.
rules.add_perm("accounts.manage_members", is_org_admin | is_platform_admin)
# On a User.
rules.add_perm("accounts.view_user", is_self | is_platform_admin)
rules.add_perm("accounts.change_user", is_self | is_platform_admin)
rules.add_perm("accounts.delete_user", is_self)
