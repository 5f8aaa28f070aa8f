"""Starting, answering, submitting and sharing an assessment through the services."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from smartby.assessments import services
from smartby.assessments.models import Answer, Assessment, Section, Status, Visibility
from smartby.core.errors import ConflictError
from smartby.roadmap.models import Challenge, KeyQuestion
from tests.accounts.factories import member_create
from tests.assessments.factories import assessment_create
from tests.cases.factories import case_create
from tests.organisations.factories import municipal_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def bergen():
    return municipal_organisation("4601")


@pytest.fixture
def editor(bergen):
    return member_create(organisation=bergen, role="editor")


def _answers(section, level):
    return [
        services.AnswerInput(key_question_id=q.pk, level=level)
        for q in KeyQuestion.objects.filter(principle=section.principle)
    ]


def test_start_creates_a_draft_with_every_principle_and_question(bergen, editor):
    assessment = services.assessment_start(organisation=bergen, actor=editor, year=2026)
    assert assessment.status == Status.DRAFT
    assert assessment.visibility == Visibility.PRIVATE
    assert assessment.sections.count() == 8
    assert Answer.objects.filter(section__assessment=assessment).count() == 58
    assert assessment.score is None and assessment.answered == 0


def test_start_refuses_a_second_round_for_the_same_year(bergen, editor):
    services.assessment_start(organisation=bergen, actor=editor, year=2026)
    with pytest.raises(ValidationError) as error:
        services.assessment_start(organisation=bergen, actor=editor, year=2026)
    assert "already has an assessment for 2026" in str(error.value)
    assert Assessment.objects.filter(organisation=bergen).count() == 1


@pytest.mark.parametrize("year", [2018, 2100])
def test_start_refuses_a_year_outside_the_rounds(bergen, editor, year):
    with pytest.raises(ValidationError):
        services.assessment_start(organisation=bergen, actor=editor, year=year)
    assert not Assessment.objects.filter(organisation=bergen).exists()


def test_only_editors_of_the_municipality_start_a_round(bergen):
    stavanger_editor = member_create(organisation=municipal_organisation("1103"), role="editor")
    plain_member = member_create(organisation=bergen, role="member")
    for actor in (stavanger_editor, plain_member, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            services.assessment_start(organisation=bergen, actor=actor, year=2026)
    assert not Assessment.objects.exists()


def test_a_later_round_starts_from_the_previous_answers(bergen, editor):
    case = case_create(owner=bergen)
    previous = assessment_create(organisation=bergen, year=2025, levels={1: 4, 2: 2})
    first_question = KeyQuestion.objects.get(code="1.1")
    old = Answer.objects.get(section__assessment=previous, key_question=first_question)
    old.comment = "Citizen panel every spring"
    old.save()
    old.evidence.add(case)
    challenge = Challenge.objects.get(principle__number=1, position=2)
    Section.objects.get(assessment=previous, principle__number=1).barriers.add(challenge)

    assessment = services.assessment_start(organisation=bergen, actor=editor, year=2026)

    assert assessment.previous == previous
    new = Answer.objects.get(section__assessment=assessment, key_question=first_question)
    assert (new.level, new.comment) == (4, "Citizen panel every spring")
    assert list(new.evidence.all()) == [case]
    section = assessment.sections.get(principle__number=1)
    assert list(section.barriers.all()) == [challenge]
    assert assessment.score == previous.score
    # The previous round itself is untouched.
    old.refresh_from_db()
    assert old.comment == "Citizen panel every spring"


def test_saving_a_principle_scores_it(bergen, editor):
    assessment = services.assessment_start(organisation=bergen, actor=editor, year=2026)
    section = assessment.sections.get(principle__number=8)  # four key questions
    levels = [5, 5, 3, 1]
    answers = [
        services.AnswerInput(key_question_id=q.pk, level=level)
        for q, level in zip(
            KeyQuestion.objects.filter(principle=section.principle), levels, strict=True
        )
    ]
    section = services.section_save(
        section=section,
        actor=editor,
        expected_version=section.version,
        answers=answers,
        barrier_ids=[],
    )
    assert (section.score, section.answered) == (62.5, 4)
    assessment.refresh_from_db()
    assert (assessment.score, assessment.answered) == (62.5, 4)


def _refused(section, editor, **kwargs):
    before = list(Answer.objects.filter(section=section).values_list("level", "comment"))
    version = Section.objects.get(pk=section.pk).version
    with pytest.raises(ValidationError) as error:
        services.section_save(
            section=section,
            actor=editor,
            expected_version=section.version,
            answers=kwargs.get("answers", []),
            barrier_ids=kwargs.get("barrier_ids", []),
        )
    assert list(Answer.objects.filter(section=section).values_list("level", "comment")) == before
    assert Section.objects.get(pk=section.pk).version == version
    return error.value


@pytest.mark.parametrize("level", [0, 6, 99, -2])
def test_a_level_outside_the_scale_is_refused(bergen, editor, level):
    section = services.assessment_start(organisation=bergen, actor=editor).sections.first()
    question = KeyQuestion.objects.filter(principle=section.principle).first()
    error = _refused(
        section, editor, answers=[services.AnswerInput(key_question_id=question.pk, level=level)]
    )
    assert "Choose a level from 1" in str(error)


def test_an_answer_to_a_question_of_another_principle_is_refused(bergen, editor):
    section = services.assessment_start(organisation=bergen, actor=editor).sections.get(
        principle__number=1
    )
    other = KeyQuestion.objects.get(code="2.1")
    error = _refused(
        section, editor, answers=[services.AnswerInput(key_question_id=other.pk, level=3)]
    )
    assert "is not a question of principle 1" in str(error)


def test_a_challenge_of_another_principle_is_refused(bergen, editor):
    section = services.assessment_start(organisation=bergen, actor=editor).sections.get(
        principle__number=1
    )
    other = Challenge.objects.filter(principle__number=2).first()
    error = _refused(section, editor, barrier_ids=[other.pk])
    assert "Only the challenges of principle 1" in str(error)


def test_evidence_pointing_to_another_municipalitys_draft_case_is_refused(bergen, editor):
    section = services.assessment_start(organisation=bergen, actor=editor).sections.first()
    question = KeyQuestion.objects.filter(principle=section.principle).first()
    stavanger_draft = case_create(owner=municipal_organisation("1103"), published=False)
    error = _refused(
        section,
        editor,
        answers=[
            services.AnswerInput(
                key_question_id=question.pk, level=3, evidence_ids=[stavanger_draft.pk]
            )
        ],
    )
    assert "Evidence must be cases of Bergen" in str(error)
    assert not Answer.evidence.through.objects.exists()


def test_own_cases_drafts_too_are_accepted_as_evidence(bergen, editor):
    section = services.assessment_start(organisation=bergen, actor=editor).sections.first()
    question = KeyQuestion.objects.filter(principle=section.principle).first()
    own_draft = case_create(owner=bergen, published=False)
    services.section_save(
        section=section,
        actor=editor,
        expected_version=section.version,
        answers=[
            services.AnswerInput(key_question_id=question.pk, level=3, evidence_ids=[own_draft.pk])
        ],
        barrier_ids=[],
    )
    answer = Answer.objects.get(section=section, key_question=question)
    assert list(answer.evidence.all()) == [own_draft]


def test_a_second_save_of_a_principle_edited_meanwhile_is_refused(bergen, editor):
    colleague = member_create(organisation=bergen, role="editor")
    section = services.assessment_start(organisation=bergen, actor=editor).sections.first()
    stale_version = section.version
    services.section_save(
        section=section,
        actor=colleague,
        expected_version=stale_version,
        answers=_answers(section, 4),
        barrier_ids=[],
    )
    with pytest.raises(ConflictError):
        services.section_save(
            section=Section.objects.get(pk=section.pk),
            actor=editor,
            expected_version=stale_version,
            answers=_answers(section, 1),
            barrier_ids=[],
        )
    assert set(Answer.objects.filter(section=section).values_list("level", flat=True)) == {4}


def test_submit_lists_what_is_unanswered_and_changes_nothing(bergen, editor):
    assessment = services.assessment_start(organisation=bergen, actor=editor)
    for section in assessment.sections.exclude(principle__number=8):
        services.section_save(
            section=section,
            actor=editor,
            expected_version=section.version,
            answers=_answers(section, 3),
            barrier_ids=[],
        )
    with pytest.raises(ValidationError) as error:
        services.assessment_submit(assessment=assessment, actor=editor)
    assert "4 key questions are not answered yet: 8.1, 8.2, 8.3, 8.4" in str(error.value)
    assessment.refresh_from_db()
    assert assessment.status == Status.DRAFT


def test_submit_a_complete_assessment(bergen, editor):
    assessment = services.assessment_start(organisation=bergen, actor=editor)
    for section in assessment.sections.all():
        services.section_save(
            section=section,
            actor=editor,
            expected_version=section.version,
            answers=_answers(section, 4),
            barrier_ids=[],
        )
    assessment = services.assessment_submit(assessment=assessment, actor=editor)
    assert assessment.status == Status.SUBMITTED
    assert assessment.submitted_by == editor
    assert assessment.score == 75.0
    # A submitted assessment is no longer edited, until it is reopened.
    section = assessment.sections.first()
    with pytest.raises(PermissionDenied):
        services.section_save(
            section=section,
            actor=editor,
            expected_version=section.version,
            answers=_answers(section, 1),
            barrier_ids=[],
        )
    assessment = services.assessment_reopen(assessment=assessment, actor=editor)
    assert assessment.status == Status.DRAFT


def test_the_municipality_decides_who_sees_it(bergen, editor):
    assessment = assessment_create(organisation=bergen)
    outsider = member_create(organisation=municipal_organisation("1103"), role="editor")
    with pytest.raises(PermissionDenied):
        services.assessment_set_visibility(
            assessment=assessment, actor=outsider, visibility=Visibility.PUBLIC
        )
    with pytest.raises(ValidationError):
        services.assessment_set_visibility(
            assessment=assessment, actor=editor, visibility="everyone"
        )
    assessment.refresh_from_db()
    assert assessment.visibility == Visibility.PRIVATE
    services.assessment_set_visibility(
        assessment=assessment, actor=editor, visibility=Visibility.NETWORK
    )
    assessment.refresh_from_db()
    assert assessment.visibility == Visibility.NETWORK
