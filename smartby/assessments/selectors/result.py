"""Reads for the result page, the report and the CSV: an assessment with everything it
shows, the previous round, and the figures of the comparison."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from smartby.assessments import scoring
from smartby.assessments.models import Answer, Assessment, Section, Status
from smartby.assessments.selectors.benchmark import Benchmark, benchmark
from smartby.assessments.selectors.visibility import assessment_visible_to
from smartby.cases.models import Case
from smartby.cases.selectors.visibility import case_visible_to
from smartby.roadmap.models import Challenge, Principle, TargetPicture


def assessment_result(*, viewer: Any, pk: int, with_answers: bool = False) -> Assessment:
    """The assessment with sections (principle, its target pictures, ticked challenges);
    with_answers adds every answer with its question and the evidence the viewer may see.
    Raises Assessment.DoesNotExist when the viewer may not see it."""
    sections = Section.objects.select_related("principle").prefetch_related(
        Prefetch("principle__target_pictures", queryset=TargetPicture.objects.order_by("position")),
        Prefetch("barriers", queryset=Challenge.objects.order_by("position")),
    )
    if with_answers:
        sections = sections.prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.select_related("key_question")
                .order_by("key_question__position")
                .prefetch_related(
                    Prefetch(
                        "evidence",
                        queryset=case_visible_to(viewer=viewer).only("id", "title", "slug"),
                        to_attr="visible_evidence",
                    )
                ),
            )
        )
    return (
        assessment_visible_to(viewer=viewer)
        .select_related("organisation__municipality")
        .prefetch_related(Prefetch("sections", queryset=sections.order_by("principle__number")))
        .get(pk=pk)
    )


def previous_round(*, viewer: Any, assessment: Assessment) -> Assessment | None:
    """The municipality's latest submitted round before this one that the viewer may see."""
    return (
        assessment_visible_to(viewer=viewer)
        .filter(
            organisation_id=assessment.organisation_id,
            year__lt=assessment.year,
            status=Status.SUBMITTED,
        )
        .prefetch_related("sections")
        .order_by("-year")
        .first()
    )


@dataclass
class PrincipleRow:
    principle: Principle
    score: float | None
    band: int | None
    answered: int
    spread: scoring.Spread | None
    previous: float | None
    change: float | None
    target_pictures: list[TargetPicture]
    barriers: list[Challenge]


@dataclass
class Result:
    assessment: Assessment
    rows: list[PrincipleRow]
    benchmark: Benchmark
    previous: Assessment | None
    overall_change: float | None


def result_rows(*, viewer: Any, assessment: Assessment, network_id: int | None = None) -> Result:
    previous = previous_round(viewer=viewer, assessment=assessment)
    before = (
        {s.principle_id: s.score for s in previous.sections.all()} if previous is not None else {}
    )
    figures = benchmark(year=assessment.year, network_id=network_id)
    rows = []
    for section in assessment.sections.all():
        old = before.get(section.principle_id)
        rows.append(
            PrincipleRow(
                principle=section.principle,
                score=section.score,
                band=scoring.band(section.score),
                answered=section.answered,
                spread=figures.for_principle(section.principle.number),
                previous=old,
                change=round(section.score - old, 1)
                if section.score is not None and old is not None
                else None,
                target_pictures=list(section.principle.target_pictures.all()),
                barriers=list(section.barriers.all()),
            )
        )
    overall_change = (
        round(assessment.score - previous.score, 1)
        if previous is not None and previous.score is not None and assessment.score is not None
        else None
    )
    return Result(
        assessment=assessment,
        rows=rows,
        benchmark=figures,
        previous=previous,
        overall_change=overall_change,
    )


def evidence_cases(assessment: Assessment) -> list[Case]:
    """Every visible evidence case of an assessment loaded with_answers, once each."""
    seen: dict[int, Case] = {}
    for section in assessment.sections.all():
        for answer in section.answers.all():
            for case in answer.visible_evidence:  # type: ignore[attr-defined]
                seen.setdefault(case.pk, case)
    return list(seen.values())
