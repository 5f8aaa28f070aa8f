"""Writes for self-assessments: start a round, answer a principle, submit, reopen, share.

Each function checks the actor's permission again (pages, API and commands pass the same
gate), validates everything before writing, and writes in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from smartby.assessments import scoring
from smartby.assessments.models import Answer, Assessment, Section, Status, Visibility
from smartby.cases.models import Case, CasePartner
from smartby.core.services import save_versioned
from smartby.organisations.models import Organisation
from smartby.roadmap.models import Challenge, KeyQuestion, Principle

FIRST_ROUND = 2019  # the roadmap's first edition
COMMENT_MAX = 2000
EVIDENCE_MAX = 10


@dataclass
class AnswerInput:
    """What a person gave for one key question."""

    key_question_id: int
    level: int | None = None
    comment: str = ""
    evidence_ids: list[int] = field(default_factory=list)


def own_cases(*, organisation: Organisation) -> Any:
    """The cases an assessment may point to as evidence: those the municipality owns, and
    those it is a partner on with edit rights (drafts included: the reader sees only the
    ones they may)."""
    return Case.objects.filter(
        Q(owner=organisation)
        | Q(
            Exists(
                CasePartner.objects.filter(
                    case=OuterRef("pk"), organisation=organisation, can_edit=True
                )
            )
        )
    )


def _latest_round(*, organisation: Organisation, before: int) -> Assessment | None:
    return (
        Assessment.objects.filter(
            organisation=organisation, year__lt=before, status=Status.SUBMITTED
        )
        .order_by("-year")
        .first()
    )


@transaction.atomic
def assessment_start(
    *,
    organisation: Organisation,
    actor: Any,
    year: int | None = None,
    visibility: str = Visibility.PRIVATE,
    is_demo: bool = False,
) -> Assessment:
    """A new draft round for `organisation`, with a section per principle and an empty
    answer per key question; answers, comments, evidence and ticked challenges are carried
    over from the municipality's latest submitted round, when there is one."""
    if not actor.has_perm("assessments.add_assessment", organisation):
        raise PermissionDenied(_("Only editors of a municipality can start its assessment."))
    this_year = timezone.localdate().year
    year = this_year if year is None else year
    if not FIRST_ROUND <= year <= this_year + 1:
        raise ValidationError(
            {
                "year": _("The round must be a year from %(first)s to %(last)s.")
                % {"first": FIRST_ROUND, "last": this_year + 1}
            }
        )
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": _("Choose who may see the assessment.")})
    if Assessment.objects.filter(organisation=organisation, year=year).exists():
        raise ValidationError(
            {
                "year": _(
                    "%(organisation)s already has an assessment for %(year)s: continue that one."
                )
                % {"organisation": organisation.name, "year": year}
            }
        )
    previous = _latest_round(organisation=organisation, before=year)
    assessment = Assessment.objects.create(
        organisation=organisation,
        year=year,
        visibility=visibility,
        previous=previous,
        started_by=actor if actor.is_authenticated else None,
        is_demo=is_demo,
    )
    principles = list(Principle.objects.order_by("number"))
    sections = Section.objects.bulk_create(
        [Section(assessment=assessment, principle=p) for p in principles]
    )
    by_principle = {s.principle_id: s for s in sections}
    carried: dict[int, Answer] = {}
    carried_barriers: dict[int, list[int]] = {}
    if previous is not None:
        for old in Answer.objects.filter(section__assessment=previous).select_related("section"):
            carried[old.key_question_id] = old
        for old_section in Section.objects.filter(assessment=previous).prefetch_related("barriers"):
            carried_barriers[old_section.principle_id] = [b.pk for b in old_section.barriers.all()]
    answers = []
    for question in KeyQuestion.objects.order_by("principle__number", "position"):
        old_answer = carried.get(question.pk)
        answers.append(
            Answer(
                section=by_principle[question.principle_id],
                key_question=question,
                level=old_answer.level if old_answer else None,
                comment=old_answer.comment if old_answer else "",
            )
        )
    Answer.objects.bulk_create(answers)
    if previous is not None:
        _carry_evidence(previous=previous, assessment=assessment)
        through = Section.barriers.through
        through.objects.bulk_create(
            [
                through(section_id=by_principle[pid].pk, challenge_id=cid)
                for pid, ids in carried_barriers.items()
                for cid in ids
            ]
        )
    _recompute(assessment)
    return assessment


def _carry_evidence(*, previous: Assessment, assessment: Assessment) -> None:
    through = Answer.evidence.through
    still_own = set(own_cases(organisation=assessment.organisation).values_list("pk", flat=True))
    new_ids = dict(
        Answer.objects.filter(section__assessment=assessment).values_list("key_question_id", "pk")
    )
    rows = through.objects.filter(answer__section__assessment=previous).values_list(
        "answer__key_question_id", "case_id"
    )
    through.objects.bulk_create(
        [
            through(answer_id=new_ids[kq], case_id=case_id)
            for kq, case_id in rows
            if case_id in still_own and kq in new_ids
        ]
    )


def _clean_answers(
    *, section: Section, answers: Iterable[AnswerInput], barrier_ids: Iterable[int]
) -> tuple[list[AnswerInput], set[int]]:
    questions = {q.pk: q for q in KeyQuestion.objects.filter(principle_id=section.principle_id)}
    errors: dict[str, list[str]] = {}
    cleaned: list[AnswerInput] = []
    wanted_cases: set[int] = set()
    seen: set[int] = set()
    for item in answers:
        question = questions.get(item.key_question_id)
        if question is None:
            errors.setdefault("__all__", []).append(
                _("Key question %(id)s is not a question of principle %(number)s.")
                % {"id": item.key_question_id, "number": section.principle.number}
            )
            continue
        if question.pk in seen:
            errors.setdefault(question.code, []).append(_("This question is answered twice."))
            continue
        seen.add(question.pk)
        if item.level is not None and item.level not in scoring.LEVELS:
            errors.setdefault(question.code, []).append(
                _("Choose a level from 1 (not started) to 5 (embedded).")
            )
        comment = (item.comment or "").replace("\x00", "").strip()
        if len(comment) > COMMENT_MAX:
            errors.setdefault(question.code, []).append(
                _("A comment can be at most %(max)s characters.") % {"max": COMMENT_MAX}
            )
        evidence = list(dict.fromkeys(item.evidence_ids))
        if len(evidence) > EVIDENCE_MAX:
            errors.setdefault(question.code, []).append(
                _("Link at most %(max)s cases as evidence.") % {"max": EVIDENCE_MAX}
            )
        wanted_cases.update(evidence)
        cleaned.append(
            AnswerInput(
                key_question_id=question.pk,
                level=item.level,
                comment=comment,
                evidence_ids=evidence,
            )
        )
    if wanted_cases:
        allowed = set(
            own_cases(organisation=section.assessment.organisation)
            .filter(pk__in=wanted_cases)
            .values_list("pk", flat=True)
        )
        for item in cleaned:
            foreign = [pk for pk in item.evidence_ids if pk not in allowed]
            if foreign:
                code = questions[item.key_question_id].code
                errors.setdefault(code, []).append(
                    _("Evidence must be cases of %(organisation)s; these are not: %(ids)s.")
                    % {
                        "organisation": section.assessment.organisation.name,
                        "ids": ", ".join(str(pk) for pk in foreign),
                    }
                )
    barriers = set(barrier_ids)
    valid_barriers = set(
        Challenge.objects.filter(principle_id=section.principle_id, pk__in=barriers).values_list(
            "pk", flat=True
        )
    )
    if barriers - valid_barriers:
        errors.setdefault("barriers", []).append(
            _("Only the challenges of principle %(number)s can be ticked here.")
            % {"number": section.principle.number}
        )
    if errors:
        raise ValidationError(errors)
    return cleaned, barriers


@transaction.atomic
def section_save(
    *,
    section: Section,
    actor: Any,
    expected_version: int,
    answers: Iterable[AnswerInput],
    barrier_ids: Iterable[int],
) -> Section:
    """Save the answers to one principle. Questions left out keep their answer; a level of
    None clears it. Refused when someone else saved this principle meanwhile (ConflictError)."""
    assessment = section.assessment
    if not actor.has_perm("assessments.change_assessment", assessment):
        raise PermissionDenied(_("This assessment cannot be changed by you now."))
    cleaned, barriers = _clean_answers(section=section, answers=answers, barrier_ids=barrier_ids)
    section.updated_by = actor if actor.is_authenticated else None
    save_versioned(obj=section, expected_version=expected_version, fields=["updated_by"])
    existing = {a.key_question_id: a for a in Answer.objects.filter(section=section)}
    changed = []
    now = timezone.now()
    for item in cleaned:
        answer = existing[item.key_question_id]
        answer.level = item.level
        answer.comment = item.comment
        answer.updated_at = now
        changed.append(answer)
        answer.evidence.set(item.evidence_ids)
    Answer.objects.bulk_update(changed, ["level", "comment", "updated_at"])
    section.barriers.set(barriers)
    _recompute(assessment)
    section.refresh_from_db()
    return section


def _recompute(assessment: Assessment) -> None:
    levels: dict[int, list[int | None]] = {}
    for section_id, level in Answer.objects.filter(section__assessment=assessment).values_list(
        "section_id", "level"
    ):
        levels.setdefault(section_id, []).append(level)
    scores = []
    answered_total = 0
    sections = list(Section.objects.filter(assessment=assessment))
    for section in sections:
        section_levels = levels.get(section.pk, [])
        section.score = scoring.principle_score(section_levels)
        section.answered = sum(1 for level in section_levels if level is not None)
        answered_total += section.answered
        scores.append(section.score)
    Section.objects.bulk_update(sections, ["score", "answered"])
    Assessment.objects.filter(pk=assessment.pk).update(
        score=scoring.overall_score(scores), answered=answered_total
    )
    assessment.refresh_from_db(fields=["score", "answered"])


def unanswered(*, assessment: Assessment) -> list[KeyQuestion]:
    """The key questions still without a level, in roadmap order."""
    ids = Answer.objects.filter(section__assessment=assessment, level__isnull=True).values(
        "key_question_id"
    )
    return list(KeyQuestion.objects.filter(pk__in=ids).order_by("principle__number", "position"))


@transaction.atomic
def assessment_submit(*, assessment: Assessment, actor: Any) -> Assessment:
    """Submit a complete draft. Refused, listing what is unanswered, when any key question
    has no level."""
    if not actor.has_perm("assessments.submit_assessment", assessment):
        raise PermissionDenied(_("This assessment cannot be submitted by you now."))
    missing = unanswered(assessment=assessment)
    if missing:
        raise ValidationError(
            _("%(count)s key questions are not answered yet: %(codes)s.")
            % {"count": len(missing), "codes": ", ".join(q.code for q in missing)},
            code="incomplete",
            params={"codes": [q.code for q in missing]},
        )
    _recompute(assessment)
    assessment.status = Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = actor if actor.is_authenticated else None
    return save_versioned(
        obj=assessment,
        expected_version=assessment.version,
        fields=["status", "submitted_at", "submitted_by"],
    )


@transaction.atomic
def assessment_reopen(*, assessment: Assessment, actor: Any) -> Assessment:
    """Back to draft, to correct a submitted round; it leaves the network figures until it
    is submitted again."""
    if not actor.has_perm("assessments.reopen_assessment", assessment):
        raise PermissionDenied(_("This assessment cannot be reopened by you."))
    assessment.status = Status.DRAFT
    assessment.submitted_at = None
    return save_versioned(
        obj=assessment, expected_version=assessment.version, fields=["status", "submitted_at"]
    )


@transaction.atomic
def assessment_set_visibility(
    *, assessment: Assessment, actor: Any, visibility: str, expected_version: int | None = None
) -> Assessment:
    """The municipality decides who may see its assessment."""
    if not actor.has_perm("assessments.share_assessment", assessment):
        raise PermissionDenied(_("Only the municipality's editors decide who sees this."))
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": _("Choose who may see the assessment.")})
    assessment.visibility = visibility
    return save_versioned(
        obj=assessment,
        expected_version=assessment.version if expected_version is None else expected_version,
        fields=["visibility"],
    )


@transaction.atomic
def assessment_delete(*, assessment: Assessment, actor: Any) -> None:
    if not actor.has_perm("assessments.delete_assessment", assessment):
        raise PermissionDenied(_("Only a draft can be deleted, by the municipality's editors."))
    assessment.delete()
