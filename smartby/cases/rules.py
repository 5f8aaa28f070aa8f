"""Who may see and change cases and living labs.

- A published public case is for everyone; a published network case for people in an
  organisation that shares a current network membership with the case's owner.
- Drafts are seen by the owner's people and the partners the owner let edit.
- Editors (and admins) of the owner edit, and so do editors of a partner the owner granted
  edit rights; nobody else, not even the secretariat (the case is the member's own account).
- Adopting is for editors of another municipality.

The predicates read memberships through `user.memberships`, cached on the user for the
request, and a case's partners through `case.partners`, which the selectors prefetch.
"""

from __future__ import annotations

from typing import Any

import rules

from smartby.organisations.rules import EDITOR_ROLES, is_platform_admin


def _roles(user: Any) -> dict[int, str]:
    if not user.is_authenticated:
        return {}
    cache = getattr(user, "_org_roles", None)
    if cache is None:
        cache = dict(user.memberships.values_list("organisation_id", "role"))
        user._org_roles = cache
    return cache


def editor_org_ids(user: Any) -> set[int]:
    """The organisations this person may write for."""
    return {org_id for org_id, role in _roles(user).items() if role in EDITOR_ROLES}


def member_org_ids(user: Any) -> set[int]:
    return set(_roles(user))


def network_ids(user: Any) -> set[int]:
    """The networks this person's organisations currently belong to."""
    if not user.is_authenticated:
        return set()
    cache = getattr(user, "_network_ids", None)
    if cache is None:
        from smartby.network.models import NetworkMembership

        cache = set(
            NetworkMembership.objects.filter(
                organisation_id__in=member_org_ids(user), left_on__isnull=True
            ).values_list("network_id", flat=True)
        )
        user._network_ids = cache
    return cache


def _editing_partner_ids(case: Any) -> set[int]:
    return {p.organisation_id for p in case.partners.all() if p.can_edit}


@rules.predicate
def is_case_owner_editor(user: Any, case: Any) -> bool:
    return case is not None and case.owner_id in editor_org_ids(user)


@rules.predicate
def is_case_editor(user: Any, case: Any) -> bool:
    if case is None or not user.is_authenticated:
        return False
    editable = editor_org_ids(user)
    return case.owner_id in editable or bool(editable & _editing_partner_ids(case))


@rules.predicate
def is_case_insider(user: Any, case: Any) -> bool:
    """A person of the owner, or of a partner allowed to edit: may see the draft."""
    if case is None or not user.is_authenticated:
        return False
    orgs = member_org_ids(user)
    return case.owner_id in orgs or bool(orgs & _editing_partner_ids(case))


@rules.predicate
def is_published(user: Any, case: Any) -> bool:
    return case is not None and case.is_published


@rules.predicate
def is_public(user: Any, case: Any) -> bool:
    return case is not None and case.visibility == "public"


@rules.predicate
def shares_network_with_owner(user: Any, case: Any) -> bool:
    if case is None or not user.is_authenticated:
        return False
    mine = network_ids(user)
    if not mine:
        return False
    from smartby.network.models import NetworkMembership

    return NetworkMembership.objects.filter(
        organisation_id=case.owner_id, left_on__isnull=True, network_id__in=mine
    ).exists()


@rules.predicate
def edits_a_municipality(user: Any) -> bool:
    from smartby.organisations.models import Organisation, OrganisationKind

    ids = editor_org_ids(user)
    return (
        bool(ids)
        and Organisation.objects.filter(pk__in=ids, kind=OrganisationKind.MUNICIPALITY).exists()
    )


@rules.predicate
def edits_another_municipality(user: Any, case: Any) -> bool:
    from smartby.organisations.models import Organisation, OrganisationKind

    ids = editor_org_ids(user) - ({case.owner_id} if case is not None else set())
    return (
        bool(ids)
        and Organisation.objects.filter(pk__in=ids, kind=OrganisationKind.MUNICIPALITY).exists()
    )


@rules.predicate
def is_editor_of_organisation(user: Any, organisation: Any) -> bool:
    return organisation is not None and organisation.pk in editor_org_ids(user)


@rules.predicate
def is_lab_host_editor(user: Any, lab: Any) -> bool:
    return lab is not None and lab.host_id in editor_org_ids(user)


can_view_case = (
    is_case_insider
    | is_case_editor
    | (is_published & (is_public | shares_network_with_owner))
    | is_platform_admin
)

rules.add_perm("cases.view_case", can_view_case)
# Creating a case for an organisation: the organisation is the object.
rules.add_perm("cases.add_case", is_editor_of_organisation)
rules.add_perm("cases.change_case", is_case_editor)
rules.add_perm("cases.delete_case", is_case_owner_editor)
# Partners and who may edit are the owner's to decide.
rules.add_perm("cases.manage_partners", is_case_owner_editor)
rules.add_perm("cases.adopt_case", is_published & can_view_case & edits_another_municipality)

rules.add_perm("cases.view_livinglab", rules.always_allow)
rules.add_perm("cases.add_livinglab", edits_a_municipality)
rules.add_perm("cases.change_livinglab", is_lab_host_editor)
