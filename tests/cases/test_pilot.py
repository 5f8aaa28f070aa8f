"""The pilot watch: the stall rule, the three answers and progress updates, the dashboard
and the network overview."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from smartby.accounts.models import Role
from smartby.cases.models import Case, CaseUpdate, Lesson, Phase, Status, UpdateKind
from smartby.cases.selectors.pilot import (
    case_is_stalled,
    months_before,
    pilot_overview,
    stalled_condition,
    with_last_progress,
)
from smartby.cases.services.pilot import (
    case_pilot_continue,
    case_pilot_scale,
    case_pilot_stop,
    case_progress_add,
)
from smartby.core.errors import ConflictError
from tests.accounts.factories import member_create
from tests.cases.factories import case_create
from tests.organisations.factories import municipal_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def pilot(owner=None, months_silent: int = 13, **fields) -> Case:
    last = months_before(timezone.now(), months_silent)
    fields.setdefault("progress_at", last)
    fields.setdefault("phase", Phase.PILOT)
    fields.setdefault("status", Status.ONGOING)
    return case_create(owner=owner, **fields)


def _stalled_ids(now=None) -> set[int]:
    qs = with_last_progress(Case.objects.all()).filter(stalled_condition(now=now))
    return set(qs.values_list("pk", flat=True))


# The stall rule


def test_exactly_twelve_months_without_progress_is_stalled_a_day_less_is_not(oslo):
    now = timezone.now()
    due = pilot(owner=oslo, progress_at=months_before(now, 12))
    fresh = pilot(owner=oslo, progress_at=months_before(now, 12) + datetime.timedelta(days=1))
    assert _stalled_ids(now) == {due.pk}
    assert case_is_stalled(case=due, now=now) and not case_is_stalled(case=fresh, now=now)


def test_without_progress_the_publication_or_creation_counts(oslo):
    now = timezone.now()
    old = months_before(now, 14)
    published = pilot(owner=oslo, progress_at=None, published_at=old)
    draft = pilot(owner=oslo, progress_at=None, published=False)
    Case.objects.filter(pk=draft.pk).update(created_at=old)
    recent = pilot(owner=oslo, progress_at=None)
    assert _stalled_ids(now) == {published.pk, draft.pk}
    assert recent.pk not in _stalled_ids(now)


def test_a_review_date_in_the_future_suppresses_the_stall(oslo):
    today = timezone.localdate()
    later = pilot(owner=oslo, review_on=today + datetime.timedelta(days=1))
    due_today = pilot(owner=oslo, review_on=today)
    past = pilot(owner=oslo, review_on=today - datetime.timedelta(days=30))
    assert _stalled_ids() == {due_today.pk, past.pk}
    assert later.pk not in _stalled_ids()


def test_only_ongoing_cases_in_the_testing_phase_can_stall(oslo):
    other_phase = case_create(
        owner=oslo, phase=Phase.DESIGN, progress_at=months_before(timezone.now(), 30)
    )
    stopped = pilot(owner=oslo, status=Status.STOPPED)
    assert not {other_phase.pk, stopped.pk} & _stalled_ids()


def test_stale_months_follow_the_setting(oslo, settings):
    case = pilot(owner=oslo, months_silent=7)
    assert case.pk not in _stalled_ids()
    settings.PILOT_STALE_MONTHS = 6
    assert case.pk in _stalled_ids()


# The answers


def test_scaled_moves_to_adaptation_with_an_update_row(oslo, editor):
    case = pilot(owner=oslo)
    case_pilot_scale(case=case, actor=editor, expected_version=case.version, text="Went well")
    case.refresh_from_db()
    assert (case.phase, case.version) == (Phase.ADAPTATION, 2)
    update = case.updates.get()
    assert (update.kind, update.phase_before, update.phase_after, update.text) == (
        UpdateKind.SCALED,
        Phase.PILOT,
        Phase.ADAPTATION,
        "Went well",
    )
    assert update.author == editor


def test_continue_sets_review_date_and_progress(oslo, editor):
    case = pilot(owner=oslo)
    review = timezone.localdate() + datetime.timedelta(days=90)
    case_pilot_continue(case=case, actor=editor, expected_version=1, review_on=review)
    case.refresh_from_db()
    assert case.review_on == review and case.progress_at > months_before(timezone.now(), 1)
    assert case.updates.get().kind == UpdateKind.CONTINUED
    assert case.updates.get().review_on == review
    assert not case_is_stalled(case=case)


@pytest.mark.parametrize(
    "days", [None, 0, -1, 24 * 31 + 1], ids=["none", "today", "past", "over-24-months"]
)
def test_continue_refuses_a_missing_past_or_far_date(oslo, editor, days):
    case = pilot(owner=oslo)
    review = None if days is None else timezone.localdate() + datetime.timedelta(days=days)
    with pytest.raises(ValidationError):
        case_pilot_continue(case=case, actor=editor, expected_version=1, review_on=review)
    case.refresh_from_db()
    assert case.version == 1 and not case.updates.exists()


def test_continue_accepts_exactly_24_months_ahead(oslo, editor):
    case = pilot(owner=oslo)
    review = months_before(timezone.localdate(), -24)
    case_pilot_continue(case=case, actor=editor, expected_version=1, review_on=review)


def test_stopped_needs_a_lesson_and_adds_it(oslo, editor):
    case = pilot(owner=oslo, lessons=[("worked", "Earlier lesson")])
    with pytest.raises(ValidationError):
        case_pilot_stop(case=case, actor=editor, expected_version=1, reason="No money", lessons=[])
    assert Case.objects.get(pk=case.pk).status == Status.ONGOING
    case_pilot_stop(
        case=case,
        actor=editor,
        expected_version=1,
        reason="No money",
        lessons=[("pitfall", "Budget for year two")],
    )
    case.refresh_from_db()
    assert (case.status, case.ended_on) == (Status.STOPPED, timezone.localdate())
    assert list(case.lessons.values_list("text", flat=True)) == [
        "Earlier lesson",
        "Budget for year two",
    ]
    update = case.updates.get()
    assert (update.kind, update.phase_before, update.text) == (
        UpdateKind.STOPPED,
        Phase.PILOT,
        "No money",
    )


def test_progress_update_sets_progress_time(oslo, editor):
    case = pilot(owner=oslo)
    case_progress_add(case=case, actor=editor, expected_version=1, text="Sensors installed")
    case.refresh_from_db()
    assert not case_is_stalled(case=case)
    assert case.updates.get().kind == UpdateKind.PROGRESS


def test_another_municipality_editor_cannot_answer(oslo):
    case = pilot(owner=oslo)
    other = member_create(organisation=municipal_organisation("4601"), role=Role.EDITOR)
    with pytest.raises(PermissionDenied):
        case_pilot_scale(case=case, actor=other, expected_version=1)
    member = member_create(organisation=oslo, role=Role.MEMBER)
    with pytest.raises(PermissionDenied):
        case_progress_add(case=case, actor=member, expected_version=1, text="x")
    assert not CaseUpdate.objects.exists()


def test_lost_update_is_refused_and_nothing_written(oslo, editor):
    case = pilot(owner=oslo)
    case_progress_add(case=case, actor=editor, expected_version=1, text="First")
    stale = Case.objects.get(pk=case.pk)
    with pytest.raises(ConflictError):
        case_pilot_scale(case=stale, actor=editor, expected_version=1)
    assert Case.objects.get(pk=case.pk).phase == Phase.PILOT
    assert CaseUpdate.objects.count() == 1


# The progress page


def _answer(case, **data):
    payload = {"action": "answer", "answer-version": case.version}
    payload.update({f"answer-{k}": v for k, v in data.items()})
    return payload


def test_progress_page_answers_stopped_with_a_lesson(client, oslo, editor):
    case = pilot(owner=oslo)
    client.force_login(editor)
    url = reverse("cases:case-progress", args=[case.slug])
    page = client.get(url)
    assert page.status_code == 200 and page.context["is_stalled"]
    response = client.post(
        url,
        _answer(
            case,
            answer="stopped",
            text="No users",
            lesson_1_kind="pitfall",
            lesson_1_text="Ask users first",
        ),
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.STOPPED
    assert Lesson.objects.filter(case=case, text="Ask users first").exists()
    assert "No users" in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"answer": "stopped", "text": "Why"}, "lesson_1_text"),
        ({"answer": "stopped", "lesson_1_kind": "pitfall", "lesson_1_text": "x"}, "text"),
        ({"answer": "continue"}, "review_on"),
        ({"answer": "continue", "review_on": "2001-01-01"}, "review_on"),
        ({"answer": "flown-away"}, "answer"),
        ({}, "answer"),
    ],
)
def test_bad_answers_give_a_message_and_change_nothing(client, oslo, editor, data, field):
    case = pilot(owner=oslo)
    client.force_login(editor)
    response = client.post(reverse("cases:case-progress", args=[case.slug]), _answer(case, **data))
    assert response.status_code == 400
    assert response.context["answer_form"].errors[field]
    case.refresh_from_db()
    assert (case.version, case.status, case.phase) == (1, Status.ONGOING, Phase.PILOT)
    assert not CaseUpdate.objects.exists()


def test_progress_page_continue_and_progress_update(client, oslo, editor):
    case = pilot(owner=oslo)
    client.force_login(editor)
    url = reverse("cases:case-progress", args=[case.slug])
    review = (timezone.localdate() + datetime.timedelta(days=60)).isoformat()
    assert client.post(url, _answer(case, answer="continue", review_on=review)).status_code == 302
    response = client.post(
        url, {"action": "progress", "progress-version": 2, "progress-text": "Halfway"}
    )
    assert response.status_code == 302
    assert list(case.updates.values_list("kind", flat=True)) == ["progress", "continued"]
    empty = client.post(url, {"action": "progress", "progress-version": 3, "progress-text": ""})
    assert empty.status_code == 400 and empty.context["progress_form"].errors["text"]


def test_progress_page_conflict_keeps_the_text(client, oslo, editor):
    case = pilot(owner=oslo)
    case_progress_add(case=case, actor=editor, expected_version=1, text="Someone first")
    client.force_login(editor)
    response = client.post(
        reverse("cases:case-progress", args=[case.slug]),
        {"action": "progress", "progress-version": 1, "progress-text": "My words"},
    )
    assert response.status_code == 409
    assert "My words" in response.content.decode()
    assert CaseUpdate.objects.count() == 1


def test_progress_page_refuses_outsiders(client, oslo):
    case = pilot(owner=oslo)
    draft = pilot(owner=oslo, published=False)
    client.force_login(member_create(organisation=municipal_organisation("4601"), role="editor"))
    assert client.get(reverse("cases:case-progress", args=[case.slug])).status_code == 403
    assert client.get(reverse("cases:case-progress", args=[draft.slug])).status_code == 404
    data = _answer(case, answer="scaled")
    assert client.post(reverse("cases:case-progress", args=[case.slug]), data).status_code == 403
    assert Case.objects.get(pk=case.pk).phase == Phase.PILOT


# The dashboard


def test_dashboard_shows_stalled_pilots_to_the_owners_only(client, oslo, editor):
    stalled = pilot(owner=oslo, title="Silent pilot")
    pilot(owner=municipal_organisation("4601"), title="Bergen pilot")
    case_create(owner=oslo, published=False, title="Oslo draft")
    client.force_login(editor)
    response = client.get(reverse("cases:dashboard"))
    board = response.context["board"]
    assert [c.title for c in board.stalled] == ["Silent pilot"]
    assert [c.title for c in board.drafts] == ["Oslo draft"]
    html = response.content.decode()
    assert reverse("cases:case-progress", args=[stalled.slug]) + "?answer=stopped" in html
    client.force_login(member_create(organisation=municipal_organisation("4601")))
    other = client.get(reverse("cases:dashboard")).context["board"]
    assert [c.title for c in other.stalled] == ["Bergen pilot"]


def test_dashboard_needs_login(client):
    assert client.get(reverse("cases:dashboard")).status_code == 302


# The overview


def test_overview_counts_scaled_stopped_stalled_and_ongoing(client, oslo, editor):
    from smartby.cases.models import Theme

    theme = Theme.objects.order_by("pk").first().slug
    to_scale = pilot(owner=oslo, themes=[theme])
    case_pilot_scale(case=to_scale, actor=editor, expected_version=1)
    to_stop = pilot(owner=oslo, themes=[theme])
    case_pilot_stop(
        case=to_stop, actor=editor, expected_version=1, reason="r", lessons=[("worked", "w")]
    )
    pilot(owner=oslo, themes=[theme])  # stalled
    pilot(owner=oslo, months_silent=1)  # ongoing
    case_create(owner=oslo, phase=Phase.PILOT, status=Status.STOPPED)  # stopped by hand
    pilot(owner=oslo, published=False)  # a draft: not counted
    overview = pilot_overview(viewer=editor)
    assert overview.totals == {"scaled": 1, "stopped": 2, "stalled": 1, "ongoing": 1}
    (row,) = overview.by_municipality
    assert (row.name, row.scaled, row.stopped, row.stalled, row.ongoing) == ("Oslo", 1, 2, 1, 1)
    (theme_row,) = overview.by_theme
    assert (theme_row.scaled, theme_row.stopped, theme_row.stalled) == (1, 1, 1)
    response = client.get(reverse("cases:pilot-overview"))
    assert response.status_code == 200
    assert "<caption>" in response.content.decode()


def test_overview_filters_by_network_and_period(client, oslo, editor):
    case = pilot(owner=oslo)
    case_pilot_scale(case=case, actor=editor, expected_version=1)
    assert pilot_overview(viewer=editor, network="no-members-here").totals["scaled"] == 0
    future = timezone.localdate() + datetime.timedelta(days=10)
    assert pilot_overview(viewer=editor, since=future).totals["scaled"] == 0
    assert pilot_overview(viewer=editor, until=timezone.localdate()).totals["scaled"] == 1
    bad = client.get(
        reverse("cases:pilot-overview"), {"since": "2026-05-01", "until": "2026-01-01"}
    )
    assert bad.status_code == 400
    assert client.get(reverse("cases:pilot-overview"), {"network": "nope"}).status_code == 400


def _bulk_pilots(count: int, owners) -> None:
    for n in range(count):
        pilot(owner=owners[n % len(owners)], months_silent=(n % 3) * 10, themes=[])


def test_overview_and_dashboard_run_the_same_queries_with_10_or_200_cases(client, oslo, editor):
    owners = [oslo, municipal_organisation("4601"), municipal_organisation("1103")]
    client.force_login(editor)

    def measure() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as overview:
            assert client.get(reverse("cases:pilot-overview")).status_code == 200
        with CaptureQueriesContext(connection) as board:
            assert client.get(reverse("cases:dashboard")).status_code == 200
        return len(overview), len(board)

    _bulk_pilots(10, owners)
    few = measure()
    _bulk_pilots(190, owners)
    assert measure() == few
