from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from smartby.roadmap.models import (
    Challenge,
    KeyQuestion,
    PentaHelixGroup,
    Principle,
    ProcessPhase,
    RoadmapText,
    TargetPicture,
)


def principle_list() -> QuerySet[Principle]:
    """The eight principles with their challenges and key questions prefetched."""
    return Principle.objects.prefetch_related(
        Prefetch("challenges", queryset=Challenge.objects.order_by("position")),
        Prefetch("key_questions", queryset=KeyQuestion.objects.order_by("position")),
    )


def principle_get(*, slug: str) -> Principle:
    """Raises Principle.DoesNotExist."""
    return principle_list().get(slug=slug)


def target_picture_list() -> QuerySet[TargetPicture]:
    return TargetPicture.objects.all()


def penta_helix_groups() -> QuerySet[PentaHelixGroup]:
    return PentaHelixGroup.objects.all()


def process_phases() -> QuerySet[ProcessPhase]:
    return ProcessPhase.objects.all()


def roadmap_texts() -> dict[str, RoadmapText]:
    """All overview passages by key (one query)."""
    return {t.key: t for t in RoadmapText.objects.all()}
