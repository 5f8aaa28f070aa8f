"""Answering through the pages: start, answer a principle, conflicts, submit, share."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from smartby.assessments import services
from smartby.assessments.models import Answer, Assessment, Section, Status
from smartby.organisations.models import Organisation
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


@pytest.fixture
def draft(bergen, editor):
    return services.assessment_start(organisation=bergen, actor=editor, year=2026)


def _post_section(client, assessment, number, level=3, *, version=None, extra=None):
    section = Section.objects.get(assessment=assessment, principle__number=number)
    data = {"version": section.version if version is None else version, "question": []}
    for question in KeyQuestion.objects.filter(principle__number=number):
        data["question"].append(question.pk)
        data[f"level-{question.pk}"] = level
        data[f"comment-{question.pk}"] = f"comment {question.code}"
    data.update(extra or {})
    return client.post(f"/en/roadmap/assessments/{assessment.pk}/edit/{number}/", data)


def test_start_page_starts_a_round(client, bergen, editor):
    client.force_login(editor)
    response = client.get("/en/roadmap/assessments/start/")
    assert response.status_code == 200
    response = client.post(
        "/en/roadmap/assessments/start/",
        {"organisation": bergen.pk, "year": 2026, "visibility": "private"},
    )
    assessment = Assessment.objects.get(organisation=bergen, year=2026)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/roadmap/assessments/{assessment.pk}/edit/")


def test_start_page_says_when_a_round_continues_from_the_last(client, bergen, editor):
    assessment_create(organisation=bergen, year=2025)
    client.force_login(editor)
    response = client.get("/en/roadmap/assessments/start/")
    assert "starts from your answers of 2025" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": 2026, "visibility": "private"}, "already has an assessment for 2026"),
        ({"year": 1999, "visibility": "private"}, "The round must be a year from 2019"),
        ({"year": "abc", "visibility": "private"}, "Enter a whole number"),
        ({"year": 2026, "visibility": "everyone"}, "Select a valid choice"),
    ],
)
def test_start_refuses_bad_input(client, bergen, editor, draft, data, message):
    client.force_login(editor)
    response = client.post("/en/roadmap/assessments/start/", {"organisation": bergen.pk, **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Assessment.objects.filter(organisation=bergen).count() == 1


def test_start_for_a_municipality_one_does_not_edit_is_refused(client, editor):
    client.force_login(editor)
    stavanger = municipal_organisation("1103")
    response = client.post(
        "/en/roadmap/assessments/start/",
        {"organisation": stavanger.pk, "year": 2026, "visibility": "private"},
    )
    assert response.status_code == 400
    assert not Assessment.objects.filter(organisation=stavanger).exists()


def test_someone_who_edits_no_municipality_is_told_who_can(client):
    business = Organisation.objects.create(name="Firma AS", slug="firma-as", kind="business")
    client.force_login(member_create(organisation=business, role="editor"))
    response = client.get("/en/roadmap/assessments/start/")
    assert "Only editors of a municipality" in response.content.decode()


def test_anonymous_is_sent_to_log_in(client, draft):
    assert client.get("/en/roadmap/assessments/start/").status_code == 302
    assert client.get(f"/en/roadmap/assessments/{draft.pk}/edit/").status_code == 302


@pytest.mark.parametrize(("role", "status"), [("editor", 200), ("member", 403)])
def test_overview_for_the_municipalitys_people(client, bergen, draft, role, status):
    client.force_login(member_create(organisation=bergen, role=role))
    assert client.get(f"/en/roadmap/assessments/{draft.pk}/edit/").status_code == status


def test_others_do_not_find_a_draft(client, draft):
    client.force_login(member_create(organisation=municipal_organisation("1103"), role="editor"))
    assert client.get(f"/en/roadmap/assessments/{draft.pk}/edit/").status_code == 404
    assert client.get(f"/en/roadmap/assessments/{draft.pk}/edit/1/").status_code == 404


def test_saving_a_principle_through_the_form(client, editor, draft):
    client.force_login(editor)
    page = client.get(f"/en/roadmap/assessments/{draft.pk}/edit/1/")
    assert page.status_code == 200
    assert "Embedded" in page.content.decode()
    challenge = Challenge.objects.filter(principle__number=1).first()
    response = _post_section(client, draft, 1, level=4, extra={"barriers": [challenge.pk]})
    assert response.status_code == 302
    section = Section.objects.get(assessment=draft, principle__number=1)
    assert (section.score, list(section.barriers.all())) == (75.0, [challenge])
    assert Answer.objects.get(section=section, key_question__code="1.1").comment == ("comment 1.1")


def test_save_and_next_goes_to_the_next_principle(client, editor, draft):
    client.force_login(editor)
    response = _post_section(client, draft, 1, extra={"next": "1", "next_number": "2"})
    assert response["Location"].endswith(f"/roadmap/assessments/{draft.pk}/edit/2/")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"level-{q}": "9"}, "Choose a level from 1"),
        ({"level-{q}": "abc"}, "is not a valid choice"),
        ({"question": ["{other}"], "level-{other}": "3"}, "is not a question of principle 1"),
        ({"evidence-{q}": "{foreign}"}, "Evidence must be cases of Bergen"),
        ({"barriers": "{other_challenge}"}, "Only the challenges of principle 1"),
    ],
)
def test_bad_input_is_shown_and_nothing_saved(client, editor, draft, extra, message):
    client.force_login(editor)
    question = KeyQuestion.objects.get(code="1.1")
    other = KeyQuestion.objects.get(code="2.1")
    foreign = case_create(owner=municipal_organisation("1103"), published=False)
    other_challenge = Challenge.objects.filter(principle__number=2).first()
    names = {
        "q": question.pk,
        "other": other.pk,
        "foreign": foreign.pk,
        "other_challenge": other_challenge.pk,
    }
    section = Section.objects.get(assessment=draft, principle__number=1)
    data = {"version": section.version, "question": [question.pk], f"level-{question.pk}": "3"}
    for key, value in extra.items():
        key = key.format(**names)
        if isinstance(value, list):
            data[key] = [v.format(**names) for v in value]
        else:
            data[key] = value.format(**names)
    response = client.post(f"/en/roadmap/assessments/{draft.pk}/edit/1/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    section.refresh_from_db()
    assert section.version == 1 and section.answered == 0
    assert not Answer.objects.filter(section__assessment=draft, level__isnull=False).exists()


def test_a_colleagues_save_meanwhile_is_not_overwritten(client, bergen, editor, draft):
    colleague = member_create(organisation=bergen, role="editor")
    client.force_login(colleague)
    _post_section(client, draft, 1, level=5)
    client.force_login(editor)
    response = _post_section(client, draft, 1, level=1, version=1)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else saved a change" in body
    assert "Saved meanwhile:" in body and "Embedded" in body
    # What the person typed is still in the form.
    question = KeyQuestion.objects.get(code="1.1")
    assert f'id="l-{question.pk}-1" value="1" aria-describedby="d-{question.pk}-1" checked' in body
    section = Section.objects.get(assessment=draft, principle__number=1)
    assert section.score == 100.0
    # The form now carries the new version: saving again works.
    assert f'name="version" value="{section.version}"' in body
    assert _post_section(client, draft, 1, level=1).status_code == 302


def test_two_people_on_two_principles_both_save(client, bergen, editor, draft):
    colleague = member_create(organisation=bergen, role="editor")
    client.force_login(editor)
    assert _post_section(client, draft, 1, level=2).status_code == 302
    client.force_login(colleague)
    assert _post_section(client, draft, 2, level=4).status_code == 302
    draft.refresh_from_db()
    assert draft.answered == 12


def test_submit_incomplete_lists_what_is_missing(client, editor, draft):
    client.force_login(editor)
    for number in range(1, 8):
        _post_section(client, draft, number)
    response = client.post(f"/en/roadmap/assessments/{draft.pk}/submit/")
    assert response.status_code == 400
    body = response.content.decode()
    assert "4 key questions are not answered yet" in body
    assert "/edit/8/#q-8.1" in body
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_submit_complete_goes_to_the_result_and_reopen(client, editor, draft):
    client.force_login(editor)
    for number in range(1, 9):
        _post_section(client, draft, number, level=5)
    response = client.post(f"/en/roadmap/assessments/{draft.pk}/submit/")
    assert response["Location"].endswith(f"/roadmap/assessments/{draft.pk}/")
    draft.refresh_from_db()
    assert (draft.status, draft.score) == (Status.SUBMITTED, 100.0)
    # A submitted round's principle form sends back to the overview.
    assert client.get(f"/en/roadmap/assessments/{draft.pk}/edit/1/").status_code == 302
    client.post(f"/en/roadmap/assessments/{draft.pk}/reopen/")
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_visibility_is_set_by_editors_only(client, bergen, editor, draft):
    member = member_create(organisation=bergen, role="member")
    client.force_login(member)
    response = client.post(
        f"/en/roadmap/assessments/{draft.pk}/visibility/", {"visibility": "public", "version": 1}
    )
    assert response.status_code == 403
    client.force_login(editor)
    response = client.post(
        f"/en/roadmap/assessments/{draft.pk}/visibility/", {"visibility": "nope", "version": 1}
    )
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.visibility == "private"
    client.post(
        f"/en/roadmap/assessments/{draft.pk}/visibility/",
        {"visibility": "network", "version": draft.version},
    )
    draft.refresh_from_db()
    assert draft.visibility == "network"


def test_delete_a_draft(client, editor, draft):
    client.force_login(editor)
    assert client.get(f"/en/roadmap/assessments/{draft.pk}/delete/").status_code == 200
    client.post(f"/en/roadmap/assessments/{draft.pk}/delete/")
    assert not Assessment.objects.filter(pk=draft.pk).exists()


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_form_pages_run_a_constant_number_of_queries(client, bergen, editor, draft):
    client.force_login(editor)
    urls = [
        f"/en/roadmap/assessments/{draft.pk}/edit/",
        f"/en/roadmap/assessments/{draft.pk}/edit/3/",
    ]
    case_create(owner=bergen)
    few = [_count(client, url) for url in urls]
    orgs = list(Organisation.objects.filter(kind="municipality").exclude(pk=bergen.pk)[:150])
    for year in (2024, 2025):
        for org in orgs:
            assessment_create(organisation=org, year=year)
    for _ in range(30):
        case_create(owner=bergen)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    assert [_count(client, url) for url in urls] == few
