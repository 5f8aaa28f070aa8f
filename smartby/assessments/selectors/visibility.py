"""Which assessments a person may see, as one queryset filter (the rule in rules.py,
`assessments.view_assessment`, applied in SQL); and which ones network figures draw on."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from smartby.assessments.models import Assessment, Status, Visibility
from smartby.cases.rules import member_org_ids, network_ids
from smartby.network.models import NetworkMembership


def assessment_visible_to(*, viewer: Any) -> QuerySet[Assessment]:
    """Every assessment of the viewer's own organisations (drafts too); submitted public
    ones; submitted network ones of a municipality sharing a current network with the
    viewer's organisations."""
    assessments = Assessment.objects.all()
    if viewer.is_authenticated and viewer.is_active and viewer.is_superuser:
        return assessments
    condition = Q(status=Status.SUBMITTED, visibility=Visibility.PUBLIC)
    if not viewer.is_authenticated:
        return assessments.filter(condition)
    orgs = member_org_ids(viewer)
    if orgs:
        condition |= Q(organisation_id__in=orgs)
    networks = network_ids(viewer)
    if networks:
        condition |= Q(status=Status.SUBMITTED, visibility=Visibility.NETWORK) & Q(
            Exists(
                NetworkMembership.objects.filter(
                    organisation_id=OuterRef("organisation_id"),
                    left_on__isnull=True,
                    network_id__in=networks,
                )
            )
        )
    return assessments.filter(condition)


def assessment_shared(*, network_id: int | None = None) -> QuerySet[Assessment]:
    """Submitted assessments their owners shared (with the network or publicly): the only
    ones network figures are computed from. A private assessment never counts anywhere.
    With `network_id`, only municipalities currently members of that network."""
    shared = Assessment.objects.filter(
        status=Status.SUBMITTED, visibility__in=[Visibility.NETWORK, Visibility.PUBLIC]
    )
    if network_id is not None:
        shared = shared.filter(
            Exists(
                NetworkMembership.objects.filter(
                    organisation_id=OuterRef("organisation_id"),
                    left_on__isnull=True,
                    network_id=network_id,
                )
            )
        )
    return shared
