"""Who may do what in a network."""

from __future__ import annotations

from typing import Any

import rules

from smartby.organisations.rules import (
    is_org_editor,
    is_platform_admin,
    secretariat_network_ids,
)


@rules.predicate
def is_secretariat_of_network(user: Any, network: Any) -> bool:
    if not user.is_authenticated or network is None:
        return False
    return network.pk in secretariat_network_ids(user)


rules.add_perm("network.view_network", rules.always_allow)
rules.add_perm("network.manage_members", is_secretariat_of_network | is_platform_admin)
rules.add_perm("network.assign_secretariat", is_platform_admin)
rules.add_perm("network.manage_decisions", is_secretariat_of_network | is_platform_admin)


@rules.predicate
def leads_workgroup(user: Any, workgroup: Any) -> bool:
    """Editors of the workgroup's lead organisation run its meetings."""
    if workgroup is None or workgroup.lead_id is None:
        return False
    return bool(is_org_editor(user, workgroup.lead))


@rules.predicate
def is_secretariat_of_workgroup_network(user: Any, workgroup: Any) -> bool:
    return bool(workgroup is not None and is_secretariat_of_network(user, workgroup.network))


rules.add_perm("network.manage_meetings", is_secretariat_of_network | is_platform_admin)
rules.add_perm(
    "network.manage_workgroup",
    is_secretariat_of_workgroup_network | leads_workgroup | is_platform_admin,
)
