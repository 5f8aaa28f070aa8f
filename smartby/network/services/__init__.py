"""Writes about networks: membership and the secretariat."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smartby.core.services import activity_record
from smartby.network.models import Network, NetworkMembership, NetworkRole
from smartby.organisations.models import Organisation

SECRETARIAT_GROUP = "Secretariat"
# Models the secretariat keeps tidy in the admin: reference data and organisations.
SECRETARIAT_MODEL_PERMS = {
    "organisations": ["organisation", "municipality", "county"],
    "reference": ["sustainabledevelopmentgoal", "sdgtarget", "datatheme", "licence"],
    "roadmap": ["principle", "keyquestion", "challenge", "targetpicture", "roadmaptext"],
    "network": ["network", "networkmembership", "worktheme", "body", "leadershipterm"],
}


def secretariat_group() -> Group:
    """The admin group for secretariat members, with its model permissions (idempotent)."""
    group, _created = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    perms = Permission.objects.filter(
        content_type__app_label__in=SECRETARIAT_MODEL_PERMS.keys()
    ).select_related("content_type")
    wanted = [
        p
        for p in perms
        if p.content_type.model in SECRETARIAT_MODEL_PERMS[p.content_type.app_label]
        and not (p.content_type.app_label == "reference" and p.codename.startswith("delete_"))
    ]
    group.permissions.set(wanted)
    return group


@transaction.atomic
def secretariat_assign(*, network: Network, user: Any, actor: Any) -> NetworkRole:
    """Make `user` secretariat of `network`: gives admin access to reference data and
    organisations. Platform admins only."""
    if not actor.has_perm("network.assign_secretariat", network):
        raise PermissionDenied
    role, _created = NetworkRole.objects.get_or_create(
        network=network, user=user, role=NetworkRole.Kind.SECRETARIAT
    )
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(secretariat_group())
    # The rules keep the networks a user is secretariat of on the user object
    # (organisations.rules.secretariat_network_ids); read them again.
    vars(user).pop("_secretariat_network_ids", None)
    return role


@transaction.atomic
def network_membership_add(
    *,
    network: Network,
    organisation: Organisation,
    actor: Any,
    joined_on: datetime.date | None = None,
    is_demo: bool = False,
) -> NetworkMembership:
    """Add an organisation to a network's current members. Raises PermissionDenied or
    ValidationError (already a member, date in the future)."""
    if not actor.has_perm("network.manage_members", network):
        raise PermissionDenied
    today = timezone.localdate()
    if joined_on and joined_on > today:
        raise ValidationError(_("The date a member joined cannot be in the future."))
    if NetworkMembership.objects.filter(
        network=network, organisation=organisation, left_on__isnull=True
    ).exists():
        raise ValidationError(
            _("%(organisation)s is already a member of %(network)s.")
            % {"organisation": organisation.name, "network": network.name}
        )
    membership = NetworkMembership.objects.create(
        network=network, organisation=organisation, joined_on=joined_on or today, is_demo=is_demo
    )
    activity_record(
        verb="network.member_added",
        text_nb=f"{organisation.name} ble medlem av {network.name_nb}",
        text_en=f"{organisation.name} joined {network.name_en}",
        url=organisation.get_absolute_url(),
        is_demo=is_demo,
    )
    return membership


@transaction.atomic
def network_membership_end(
    *, membership: NetworkMembership, actor: Any, left_on: datetime.date | None = None
) -> NetworkMembership:
    """End a current membership (the history is kept)."""
    if not actor.has_perm("network.manage_members", membership.network):
        raise PermissionDenied
    if membership.left_on is not None:
        raise ValidationError(_("This membership has already ended."))
    left_on = left_on or timezone.localdate()
    if membership.joined_on and left_on < membership.joined_on:
        raise ValidationError(_("A membership cannot end before it started."))
    membership.left_on = left_on
    membership.save(update_fields=["left_on", "updated_at"])
    return membership


@transaction.atomic
def network_representatives_set(
    *, membership: NetworkMembership, actor: Any, representative: Any, deputy: Any
) -> NetworkMembership:
    """Name who speaks and votes for a member organisation in the network's bodies: both must
    belong to that organisation, and they must be two different people. The secretariat
    decides (members tell it whom they send)."""
    if not actor.has_perm("network.manage_members", membership.network):
        raise PermissionDenied
    if membership.left_on is not None:
        raise ValidationError(_("This membership has ended."))
    if representative is not None and deputy is not None and representative.pk == deputy.pk:
        raise ValidationError(_("The representative and the deputy must be two people."))
    belongs = set(
        membership.organisation.memberships.values_list("user_id", flat=True)  # type: ignore[attr-defined]
    )
    for person in (representative, deputy):
        if person is not None and person.pk not in belongs:
            raise ValidationError(
                _("%(person)s does not belong to %(organisation)s.")
                % {
                    "person": person.full_name or person.email,
                    "organisation": membership.organisation.name,
                }
            )
    membership.representative = representative
    membership.deputy = deputy
    membership.save(update_fields=["representative", "deputy", "updated_at"])
    return membership
