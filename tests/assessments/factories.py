"""Builders for assessment tests. They write rows directly and in bulk (a test may need
hundreds of assessments) and compute the stored scores the way the services do."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from smartby.assessments import scoring
from smartby.assessments.models import Answer, Assessment, Section, Status
from smartby.organisations.models import Organisation
from smartby.roadmap.models import Challenge, KeyQuestion, Principle
from tests.organisations.factories import municipal_organisation

Levels = int | None | dict[int, int | None | list[int | None]]


def _level_for(levels: Levels, question: KeyQuestion, number: int) -> int | None:
    if not isinstance(levels, dict):
        return levels
    value = levels.get(number)
    if isinstance(value, list):
        return value[question.position - 1] if question.position <= len(value) else None
    return value


def assessment_create(
    *,
    organisation: Organisation | None = None,
    year: int = 2025,
    levels: Levels = 3,
    submitted: bool = True,
    visibility: str = "private",
    barriers: list[str] = (),  # type: ignore[assignment]
    **fields: Any,
) -> Assessment:
    """An assessment of `organisation` (Oslo kommune by default). `levels` is one level for
    every key question, or {principle number: level, or a list of levels by position};
    `barriers` are challenge codes '<principle>.<position>'."""
    organisation = organisation or municipal_organisation("0301")
    if submitted:
        fields.setdefault("status", Status.SUBMITTED)
        fields.setdefault("submitted_at", timezone.now())
    assessment = Assessment.objects.create(
        organisation=organisation, year=year, visibility=visibility, **fields
    )
    principles = list(Principle.objects.order_by("number"))
    sections = Section.objects.bulk_create(
        [Section(assessment=assessment, principle=p) for p in principles]
    )
    by_principle = {s.principle_id: s for s in sections}
    numbers = {p.pk: p.number for p in principles}
    answers = []
    per_section: dict[int, list[int | None]] = {}
    for question in KeyQuestion.objects.order_by("principle__number", "position"):
        level = _level_for(levels, question, numbers[question.principle_id])
        section = by_principle[question.principle_id]
        per_section.setdefault(section.pk, []).append(level)
        answers.append(Answer(section=section, key_question=question, level=level))
    Answer.objects.bulk_create(answers)
    scores = []
    answered = 0
    for section in sections:
        section.score = scoring.principle_score(per_section[section.pk])
        section.answered = sum(1 for v in per_section[section.pk] if v is not None)
        answered += section.answered
        scores.append(section.score)
    Section.objects.bulk_update(sections, ["score", "answered"])
    assessment.score = scoring.overall_score(scores)
    assessment.answered = answered
    assessment.save(update_fields=["score", "answered"])
    if barriers:
        wanted = []
        for code in barriers:
            number, position = (int(part) for part in code.split("."))
            wanted.append((number, position))
        challenges = {
            (c.principle.number, c.position): c
            for c in Challenge.objects.select_related("principle")
        }
        through = Section.barriers.through
        through.objects.bulk_create(
            [
                through(
                    section_id=by_principle[challenges[key].principle_id].pk,
                    challenge_id=challenges[key].pk,
                )
                for key in wanted
            ]
        )
    return assessment
