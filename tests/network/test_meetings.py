"""Meetings: who may arrange them, who is invited, e-mails with opt-out, attendance, and the
iCalendar feeds (parsed with the icalendar library, in Europe/Oslo)."""

from __future__ import annotations

import datetime
import re
import zoneinfo

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from smartby.accounts.models import Membership, Role
from smartby.network.emails import opt_out_token, opt_out_user_id
from smartby.network.models import (
    Body,
    LeadershipTerm,
    Meeting,
    MeetingPreferences,
    Network,
    NetworkMembership,
    NetworkRole,
    Workgroup,
)
from smartby.network.services.meetings import (
    calendar_token_reset,
    meeting_attendance_set,
    meeting_cancel,
    meeting_create,
    meeting_emails_set,
    meeting_invitees,
    meeting_preferences_get,
    meeting_update,
    meetings_of_person,
)
from tests.accounts.factories import user_create
from tests.organisations.factories import organisation_create

pytestmark = pytest.mark.django_db
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def network():
    return Network.objects.create(slug="testnett", name_nb="Testnett", name_en="Test network")


@pytest.fixture
def secretariat(network):
    user = user_create()
    NetworkRole.objects.create(network=network, user=user)
    return user


@pytest.fixture
def steering(network):
    return Body.objects.create(network=network, kind=Body.Kind.STEERING_GROUP)


def seat(network, *, deputy=True):
    org = organisation_create()
    rep = user_create()
    dep = user_create() if deputy else None
    NetworkMembership.objects.create(
        network=network, organisation=org, representative=rep, deputy=dep
    )
    return org, rep, dep


def at(days, hour=10):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=OSLO)


def plan(actor, *, body=None, workgroup=None, days=7, **extra):
    fields = {
        "title_nb": "Styringsgruppemøte",
        "title_en": "Steering group meeting",
        "starts_at": at(days),
        "ends_at": at(days, 12),
        "online_url": "https://meet.example.org/sg",
        "agenda": ["Referat", "Budsjett"],
    }
    fields.update(extra)
    return meeting_create(actor=actor, body=body, workgroup=workgroup, **fields)


def test_the_secretariat_plans_a_meeting_and_the_invitees_get_an_invitation_with_a_calendar(
    network, secretariat, steering, django_capture_on_commit_callbacks
):
    (_o1, rep1, dep1), (_o2, rep2, _d2) = seat(network), seat(network, deputy=False)
    outsider = user_create()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = plan(secretariat, body=steering)
    assert [item.title for item in meeting.agenda.all()] == ["Referat", "Budsjett"]
    assert set(meeting_invitees(meeting)) == {rep1, dep1, rep2, secretariat}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        u.email for u in (rep1, dep1, rep2, secretariat)
    )
    assert outsider.email not in {m.to[0] for m in mail.outbox}
    message = mail.outbox[0]
    assert "Styringsgruppemøte" in message.subject
    # The opt-out link in the e-mail identifies its recipient (the token is time-stamped).
    token = re.search(r"/meeting-emails/off/([^/\s]+)/", message.body).group(1)
    recipient = next(u for u in (rep1, dep1, rep2, secretariat) if u.email == message.to[0])
    assert opt_out_user_id(token) == recipient.pk
    name, content, mimetype = message.attachments[0]
    assert mimetype.startswith("text/calendar; method=REQUEST")
    event = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert event["DTSTART"].dt == at(7)


def test_a_change_is_sent_as_a_change_and_a_cancellation_as_cancelled(
    network, secretariat, steering, django_capture_on_commit_callbacks
):
    _org, rep, _dep = seat(network, deputy=False)
    rep.preferred_language = "en"  # each person is written to in their own language
    rep.save()
    meeting = plan(secretariat, body=steering)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_update(meeting=meeting, actor=secretariat, minutes="Nothing to tell")
    assert mail.outbox == []  # minutes are not a change people are told about
    with django_capture_on_commit_callbacks(execute=True):
        meeting_update(meeting=meeting, actor=secretariat, starts_at=at(8), ends_at=at(8, 12))
    assert meeting.sequence == 1
    subjects = {m.to[0]: m.subject.split(":")[0] for m in mail.outbox}
    assert subjects == {rep.email: "Changed", secretariat.email: "Endret"}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(meeting=meeting, actor=secretariat)
    subjects = {m.to[0]: m.subject.split(":")[0] for m in mail.outbox}
    assert subjects == {rep.email: "Cancelled", secretariat.email: "Avlyst"}
    content = mail.outbox[0].attachments[0][1]
    event = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED" and event["SEQUENCE"] == 2
    with pytest.raises(ValidationError):
        meeting_cancel(meeting=meeting, actor=secretariat)


def test_people_who_opted_out_get_no_e_mails(
    network, secretariat, steering, django_capture_on_commit_callbacks
):
    _org, rep, _dep = seat(network, deputy=False)
    meeting_emails_set(rep, enabled=False)
    with django_capture_on_commit_callbacks(execute=True):
        plan(secretariat, body=steering)
    assert rep.email not in {m.to[0] for m in mail.outbox}
    assert secretariat.email in {m.to[0] for m in mail.outbox}


def test_the_opt_out_link_asks_first_and_then_turns_e_mails_off(client, network):
    person = user_create()
    url = f"/en/networks/meeting-emails/off/{opt_out_token(person)}/"
    response = client.get(url)
    assert "Stop sending meeting invitations" in response.content.decode()
    assert meeting_preferences_get(person).emails  # a GET changes nothing
    client.post(url)
    assert not MeetingPreferences.objects.get(user=person).emails
    bad = client.post("/en/networks/meeting-emails/off/forged:token/")
    assert bad.status_code == 400 and "not valid" in bad.content.decode()


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"title_nb": "  "}, "title_nb", "Give the meeting a title."),
        ({"ends_at": at(7, 9)}, "ends_at", "A meeting must end after it starts."),
        ({"ends_at": at(12)}, "ends_at", "at most three days"),
        ({"online_url": "", "place": ""}, "place", "Give a place, an online meeting link"),
    ],
)
def test_bad_meetings_are_refused_with_a_clear_message(
    network, secretariat, steering, changes, field, message
):
    with pytest.raises(ValidationError) as exc:
        plan(secretariat, body=steering, **changes)
    assert message in " ".join(exc.value.message_dict[field])
    assert not Meeting.objects.exists()


def test_only_the_secretariat_or_the_workgroups_lead_arrange_meetings(
    network, secretariat, steering
):
    lead_org, _rep, _dep = seat(network)
    editor = user_create()
    Membership.objects.create(user=editor, organisation=lead_org, role=Role.EDITOR)
    group = Workgroup.objects.create(
        network=network,
        slug="data",
        name_nb="Data",
        name_en="Data",
        lead=lead_org,
        created_on=timezone.localdate(),
    )
    group.members.add(lead_org)
    with pytest.raises(PermissionDenied):
        plan(editor, body=steering)
    meeting = plan(editor, workgroup=group)
    assert meeting.network == network
    with pytest.raises(PermissionDenied):
        plan(user_create(), workgroup=group)
    with pytest.raises(ValidationError):
        meeting_create(actor=secretariat, title_nb="x", starts_at=at(1), ends_at=at(1, 11))
    group.dissolved_on = timezone.localdate()
    group.save()
    with pytest.raises(ValidationError, match="dissolved"):
        plan(secretariat, workgroup=group)


def test_invitees_of_workgroups_leadership_and_secretariat_meetings(network, secretariat):
    (o1, r1, _d1), (o2, r2, _d2) = seat(network, deputy=False), seat(network, deputy=False)
    group = Workgroup.objects.create(
        network=network,
        slug="wg",
        name_nb="WG",
        name_en="WG",
        lead=o1,
        created_on=timezone.localdate(),
    )
    group.members.add(o1)
    wg_meeting = plan(secretariat, workgroup=group)
    assert set(meeting_invitees(wg_meeting)) == {r1, secretariat}
    LeadershipTerm.objects.create(
        network=network,
        organisation=o2,
        starts_on=timezone.localdate() - datetime.timedelta(days=30),
        ends_on=timezone.localdate() + datetime.timedelta(days=300),
    )
    leadership = Body.objects.create(network=network, kind=Body.Kind.LEADERSHIP)
    assert set(meeting_invitees(plan(secretariat, body=leadership))) == {r2, secretariat}
    secretariat_body = Body.objects.create(network=network, kind=Body.Kind.SECRETARIAT)
    assert set(meeting_invitees(plan(secretariat, body=secretariat_body))) == {secretariat}
    # The private calendar of each person follows the same rules.
    assert wg_meeting in meetings_of_person(r1) and wg_meeting not in meetings_of_person(r2)


def test_attendance_is_recorded_for_invitees_after_the_meeting_began(
    network, secretariat, steering
):
    org, rep, dep = seat(network)
    future = plan(secretariat, body=steering)
    with pytest.raises(ValidationError, match="once the meeting has begun"):
        meeting_attendance_set(meeting=future, actor=secretariat, user_ids=[rep.pk])
    past = plan(secretariat, body=steering, starts_at=at(-2), ends_at=at(-2, 12))
    with pytest.raises(ValidationError, match="Only people invited"):
        meeting_attendance_set(meeting=past, actor=secretariat, user_ids=[user_create().pk])
    assert not past.attendance.exists()
    meeting_attendance_set(meeting=past, actor=secretariat, user_ids=[rep.pk, secretariat.pk])
    rows = {a.user_id: a.organisation_id for a in past.attendance.all()}
    assert rows == {rep.pk: org.pk, secretariat.pk: None}


def _events(response):
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content).walk("VEVENT")


def test_calendar_feeds_parse_and_keep_oslo_time_across_daylight_saving(
    client, network, secretariat, steering
):
    summer = datetime.datetime(2026, 6, 2, 10, 0, tzinfo=OSLO)
    winter = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=OSLO)
    for starts in (summer, winter):
        plan(
            secretariat,
            body=steering,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
        )
    hidden = plan(secretariat, body=steering, is_public=False, title_nb="Lukket møte")
    for url in ("/calendar.ics", "/networks/testnett/calendar.ics"):
        response = client.get(url)
        cal = icalendar.Calendar.from_ical(response.content)
        assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Oslo"]
        starts = sorted(e["DTSTART"].dt for e in _events(response))
        assert summer in starts and winter in starts
        assert {s.utcoffset() for s in (summer, winter)} == {
            datetime.timedelta(hours=2),
            datetime.timedelta(hours=1),
        }
        assert all(str(s.tzinfo) == "Europe/Oslo" for s in starts)
        assert "Lukket" not in response.content.decode()
    # The private feed of a representative has the closed meeting too; a wrong token is 404.
    _org, rep, _dep = seat(network, deputy=False)
    token = meeting_preferences_get(rep).calendar_token
    private = client.get(f"/calendar/{token}.ics")
    assert private["Cache-Control"] == "private, no-store"
    assert any(str(e["UID"]).startswith(f"meeting-{hidden.pk}@") for e in _events(private))
    assert client.get("/calendar/not-a-token.ics").status_code == 404
    calendar_token_reset(rep)
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_workgroup_calendar_has_only_its_meetings(client, network, secretariat, steering):
    org, _rep, _dep = seat(network)
    group = Workgroup.objects.create(
        network=network,
        slug="wg",
        name_nb="WG",
        name_en="WG",
        lead=org,
        created_on=timezone.localdate(),
    )
    mine = plan(secretariat, workgroup=group, title_nb="Arbeidsmøte")
    plan(secretariat, body=steering)
    events = _events(client.get("/networks/testnett/workgroups/wg/calendar.ics"))
    assert [str(e["UID"]) for e in events] == [f"meeting-{mine.pk}@127.0.0.1"]
    assert client.get("/networks/testnett/workgroups/nope/calendar.ics").status_code == 404
