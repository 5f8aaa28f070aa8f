"""Who to learn from: for a municipality's weakest principles, the published cases of
municipalities that score high on them, the workgroups on those themes, and the key
questions to take up next. High scorers are found among shared assessments only, and
another municipality's score is shown only to those who may see its assessment."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from smartby.assessments import scoring
from smartby.assessments.models import Answer, Assessment, Section
from smartby.assessments.selectors.benchmark import Benchmark
from smartby.assessments.selectors.visibility import assessment_shared, assessment_visible_to
from smartby.cases.models import Case
from smartby.cases.selectors.visibility import case_published_to
from smartby.network.models import Workgroup
from smartby.network.selectors import workgroups_for_principles
from smartby.roadmap.models import Principle

WEAKEST = 3
CASES_PER_PRINCIPLE = 5
QUESTIONS_PER_PRINCIPLE = 3
HIGH_SCORE = 75.0  # the bar when the group is too small for quartiles


@dataclass
class Suggestion:
    case: Case
    owner_score: float | None  # None when the viewer may not see that assessment


@dataclass
class Learning:
    principle: Principle
    score: float
    cases: list[Suggestion] = field(default_factory=list)
    workgroups: list[Workgroup] = field(default_factory=list)
    questions: list[Answer] = field(default_factory=list)


def learn_from(*, viewer: Any, assessment: Assessment, figures: Benchmark) -> list[Learning]:
    sections = [s for s in assessment.sections.all() if s.score is not None]
    weakest = sorted(sections, key=lambda s: (s.score, s.principle.number))[:WEAKEST]
    if not weakest:
        return []
    ids = [s.principle_id for s in weakest]
    bars = {}
    for section in weakest:
        spread = figures.for_principle(section.principle.number)
        bars[section.principle_id] = spread.q3 if spread is not None else HIGH_SCORE

    # Each other municipality's shared round of this year, or else its latest shared round
    # before it: rows come oldest first, so a later round overwrites an earlier one.
    latest: dict[int, dict[int, tuple[float, int]]] = {pid: {} for pid in ids}
    rows = (
        Section.objects.filter(
            assessment__in=assessment_shared().filter(year__lte=assessment.year),
            principle_id__in=ids,
            score__isnull=False,
        )
        .exclude(assessment__organisation_id=assessment.organisation_id)
        .order_by("assessment__year")
        .values_list("principle_id", "assessment__organisation_id", "assessment_id", "score")
    )
    for principle_id, org_id, assessment_id, score in rows:
        if score is not None:
            latest[principle_id][org_id] = (score, assessment_id)
    high = {
        pid: {org: v for org, v in per.items() if v[0] >= bars[pid] and v[0] > 0}
        for pid, per in latest.items()
    }

    owners = {org for per in high.values() for org in per}
    cases = (
        list(
            case_published_to(viewer=viewer)
            .filter(principles__in=ids, owner_id__in=owners)
            .select_related("owner", "municipality")
            .prefetch_related("principles")
            .distinct()
            .order_by("-published_at", "-id")[:200]
        )
        if owners
        else []
    )
    shown_ids = {aid for per in high.values() for _score, aid in per.values()}
    visible = (
        set(
            assessment_visible_to(viewer=viewer)
            .filter(pk__in=shown_ids)
            .values_list("pk", flat=True)
        )
        if shown_ids
        else set()
    )
    groups = workgroups_for_principles(principle_ids=ids)
    answers: dict[int, list[Answer]] = {}
    for answer in (
        Answer.objects.filter(section__in=weakest, level__isnull=False)
        .select_related("key_question", "section")
        .order_by("level", "key_question__position")
    ):
        answers.setdefault(answer.section.principle_id, []).append(answer)

    result = []
    for section in weakest:
        per = high[section.principle_id]
        matching = [
            c
            for c in cases
            if c.owner_id in per and any(p.pk == section.principle_id for p in c.principles.all())
        ]
        matching.sort(key=lambda c: -per[c.owner_id][0])
        result.append(
            Learning(
                principle=section.principle,
                score=section.score or 0.0,
                cases=[
                    Suggestion(
                        case=c,
                        owner_score=per[c.owner_id][0] if per[c.owner_id][1] in visible else None,
                    )
                    for c in matching[:CASES_PER_PRINCIPLE]
                ],
                workgroups=groups.get(section.principle_id, []),
                questions=[
                    a
                    for a in answers.get(section.principle_id, [])
                    if a.level is not None and a.level < scoring.LEVELS[-1]
                ][:QUESTIONS_PER_PRINCIPLE],
            )
        )
    return result
