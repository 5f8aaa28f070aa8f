"""Which cases a person may see, as one queryset filter; every list and lookup of cases
starts here so the rule in `cases/rules.py` (`cases.view_case`) is applied the same way."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from smartby.cases.models import Case, CasePartner, Visibility
from smartby.cases.rules import member_org_ids, network_ids
from smartby.network.models import NetworkMembership


def case_visible_to(*, viewer: Any) -> QuerySet[Case]:
    """Cases `viewer` may see: published public ones; published network-only ones of an
    owner sharing a current network with the viewer's organisations; and every case, drafts
    too, of the viewer's own organisations and of partners the owner let edit."""
    cases = Case.objects.all()
    if viewer.is_authenticated and viewer.is_active and viewer.is_superuser:
        return cases
    condition = Q(is_published=True, visibility=Visibility.PUBLIC)
    if not viewer.is_authenticated:
        return cases.filter(condition)
    orgs = member_org_ids(viewer)
    if orgs:
        condition |= Q(owner_id__in=orgs) | Q(
            Exists(
                CasePartner.objects.filter(
                    case=OuterRef("pk"), organisation_id__in=orgs, can_edit=True
                )
            )
        )
    networks = network_ids(viewer)
    if networks:
        condition |= Q(is_published=True, visibility=Visibility.NETWORK) & Q(
            Exists(
                NetworkMembership.objects.filter(
                    organisation_id=OuterRef("owner_id"),
                    left_on__isnull=True,
                    network_id__in=networks,
                )
            )
        )
    return cases.filter(condition)


def case_published_to(*, viewer: Any) -> QuerySet[Case]:
    """The published cases `viewer` may see: what lists, maps, feeds and exports show."""
    return case_visible_to(viewer=viewer).filter(is_published=True)
