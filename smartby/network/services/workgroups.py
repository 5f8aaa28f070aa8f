"""Workgroups and the network leadership's terms."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from smartby.core.services import activity_record
from smartby.network.models import (
    LeadershipTerm,
    Network,
    NetworkMembership,
    Workgroup,
    WorkTheme,
)
from smartby.organisations.models import Organisation


def _current_member_ids(network: Network) -> set[int]:
    return set(
        NetworkMembership.objects.filter(network=network, left_on__isnull=True).values_list(
            "organisation_id", flat=True
        )
    )


def workgroup_create(
    *,
    network: Network,
    actor: Any,
    name_nb: str,
    lead: Organisation,
    name_en: str = "",
    theme: WorkTheme | None = None,
    mandate_nb: str = "",
    mandate_en: str = "",
    members: Sequence[Organisation] = (),
    created_on: datetime.date | None = None,
    is_demo: bool = False,
) -> Workgroup:
    """A workgroup led by a member city; the lead is always one of its members."""
    if not actor.has_perm("network.manage_members", network):
        raise PermissionDenied(_("Only the network's secretariat creates workgroups."))
    errors: dict[str, str] = {}
    if not name_nb.strip():
        errors["name_nb"] = _("Give the workgroup a name.")
    member_ids = _current_member_ids(network)
    if lead.pk not in member_ids:
        errors["lead"] = _("The lead must be a member of the network.")
    outsiders = [o.name for o in members if o.pk not in member_ids]
    if outsiders:
        errors["members"] = _("Not members of the network: %(names)s.") % {
            "names": ", ".join(outsiders)
        }
    if theme is not None and theme.network_id != network.pk:
        errors["theme"] = _("That theme belongs to another network.")
    if errors:
        raise ValidationError(errors)
    base = slugify(name_nb)[:70] or "workgroup"
    slug, n = base, 2
    while Workgroup.objects.filter(network=network, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    with transaction.atomic():
        group = Workgroup.objects.create(
            network=network,
            slug=slug,
            name_nb=name_nb.strip(),
            name_en=name_en.strip() or name_nb.strip(),
            theme=theme,
            mandate_nb=mandate_nb,
            mandate_en=mandate_en,
            lead=lead,
            created_on=created_on or timezone.localdate(),
            is_demo=is_demo,
        )
        group.members.set({lead.pk, *(o.pk for o in members)})
        activity_record(
            verb="network.workgroup_created",
            text_nb=f"Ny arbeidsgruppe i {network.name_nb}: {group.name_nb}",
            text_en=f"New workgroup in {network.name_en}: {group.name_en}",
            url=group.get_absolute_url(),
            is_demo=is_demo,
        )
    return group


def workgroup_dissolve(
    *, workgroup: Workgroup, actor: Any, on: datetime.date | None = None
) -> Workgroup:
    if not actor.has_perm("network.manage_members", workgroup.network):
        raise PermissionDenied(_("Only the network's secretariat dissolves workgroups."))
    if workgroup.dissolved_on is not None:
        raise ValidationError(_("This workgroup has already been dissolved."))
    day = on or timezone.localdate()
    if day < workgroup.created_on:
        raise ValidationError(_("A workgroup cannot be dissolved before it was created."))
    workgroup.dissolved_on = day
    workgroup.save(update_fields=["dissolved_on", "updated_at"])
    return workgroup


def workgroup_members_set(
    *, workgroup: Workgroup, actor: Any, members: Sequence[Organisation]
) -> Workgroup:
    """Replace the member organisations (the lead stays a member)."""
    if not actor.has_perm("network.manage_workgroup", workgroup):
        raise PermissionDenied(_("You may not change this workgroup's members."))
    if not workgroup.is_active:
        raise ValidationError(_("A dissolved workgroup cannot change."))
    member_ids = _current_member_ids(workgroup.network)
    outsiders = [o.name for o in members if o.pk not in member_ids]
    if outsiders:
        raise ValidationError(
            _("Not members of the network: %(names)s.") % {"names": ", ".join(outsiders)}
        )
    keep = {o.pk for o in members}
    if workgroup.lead_id:
        keep.add(workgroup.lead_id)
    workgroup.members.set(keep)
    return workgroup


def leadership_term_add(
    *,
    network: Network,
    actor: Any,
    organisation: Organisation,
    starts_on: datetime.date,
    ends_on: datetime.date,
    is_demo: bool = False,
) -> LeadershipTerm:
    """A lead city's term. The leadership has two or three lead cities at a time (seed 003),
    so a fourth overlapping term is refused, as is a second term of the same city that
    overlaps its first."""
    if not actor.has_perm("network.manage_members", network):
        raise PermissionDenied(_("Only the network's secretariat sets the leadership."))
    if ends_on <= starts_on:
        raise ValidationError({"ends_on": _("A term must end after it starts.")})
    if organisation.pk not in _current_member_ids(network):
        raise ValidationError({"organisation": _("A lead city must be a member of the network.")})
    overlapping = LeadershipTerm.objects.filter(
        network=network, starts_on__lt=ends_on, ends_on__gt=starts_on
    )
    if overlapping.filter(organisation=organisation).exists():
        raise ValidationError(_("That city already leads the network in this period."))
    if overlapping.values("organisation_id").distinct().count() >= 3:
        raise ValidationError(_("The network leadership has at most three lead cities at a time."))
    return LeadershipTerm.objects.create(
        network=network,
        organisation=organisation,
        starts_on=starts_on,
        ends_on=ends_on,
        is_demo=is_demo,
    )
