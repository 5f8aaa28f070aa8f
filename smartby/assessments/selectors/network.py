"""Reads for the lists and the network view: the viewer's own rounds, the shared ones they
may see, the heat map of principles × municipalities, and the barrier ranking."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from smartby.assessments import scoring
from smartby.assessments.models import Assessment, Section, Status
from smartby.assessments.selectors.visibility import assessment_shared, assessment_visible_to
from smartby.cases.rules import member_org_ids
from smartby.roadmap.models import Challenge


def own_rounds(*, viewer: Any) -> list[Assessment]:
    """Every round of the viewer's own municipalities, drafts too, newest first."""
    orgs = member_org_ids(viewer) if viewer.is_authenticated else set()
    if not orgs:
        return []
    return list(
        Assessment.objects.filter(organisation_id__in=orgs)
        .select_related("organisation")
        .order_by("-year", "organisation__name")
    )


def others_submitted(
    *, viewer: Any, year: int | None = None, network_id: int | None = None
) -> QuerySet[Assessment]:
    """Submitted assessments of other municipalities the viewer may see."""
    orgs = member_org_ids(viewer) if viewer.is_authenticated else set()
    visible = assessment_visible_to(viewer=viewer).filter(status=Status.SUBMITTED)
    if network_id is not None:
        visible = visible.filter(pk__in=assessment_shared(network_id=network_id).values("pk"))
    if year is not None:
        visible = visible.filter(year=year)
    return (
        visible.exclude(organisation_id__in=orgs)
        .select_related("organisation__municipality")
        .order_by("organisation__name", "-year", "id")
    )


def heat_map(*, viewer: Any, year: int, network_id: int | None = None) -> list[Assessment]:
    """Shared, submitted assessments of the round that the viewer may see, with their
    sections (two queries)."""
    return list(
        assessment_visible_to(viewer=viewer)
        .filter(pk__in=assessment_shared(network_id=network_id).filter(year=year).values("pk"))
        .select_related("organisation")
        .prefetch_related(
            Prefetch("sections", queryset=Section.objects.order_by("principle__number"))
        )
        .order_by("organisation__name")
    )


@dataclass
class BarrierCount:
    challenge: Challenge
    count: int
    share: float  # of the municipalities that shared the round


def barrier_ranking(*, year: int, network_id: int | None = None) -> tuple[int, list[BarrierCount]]:
    """How many municipalities ticked each challenge, among the shared submitted assessments
    of the round; nothing when fewer than MIN_GROUP shared."""
    shared = assessment_shared(network_id=network_id).filter(year=year)
    n = shared.count()
    if n < scoring.MIN_GROUP:
        return n, []
    through = Section.barriers.through
    counts = Counter(
        through.objects.filter(section__assessment__in=shared).values_list(
            "challenge_id", flat=True
        )
    )
    challenges = Challenge.objects.filter(pk__in=counts).select_related("principle")
    ranking = [
        BarrierCount(challenge=c, count=counts[c.pk], share=round(100 * counts[c.pk] / n))
        for c in challenges
    ]
    ranking.sort(key=lambda b: (-b.count, b.challenge.principle.number, b.challenge.position))
    return n, ranking


def latest_shared_year(*, network_id: int | None = None) -> int | None:
    return (
        assessment_shared(network_id=network_id)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
