"""The network's form pages and actions run the same number of SQL queries with little and
with much data: deciding (open, close), meetings (plan, change, cancel), members (end a
membership, name representatives), dissolving a workgroup and turning meeting e-mails off.

A POST changes what it acts on, so each is measured on two equivalent targets: one in a
network of 3 members and one in a network of 300 (with their people, workgroups, meetings,
votes and documents). The e-mails a meeting sends go out in a task after the request; the
task is measured too, so that 7 or 601 invitations cost the same number of queries."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from smartby.accounts.models import Membership, Role, User
from smartby.network.emails import opt_out_token
from smartby.network.models import (
    AgendaItem,
    Attendance,
    Ballot,
    Body,
    Decision,
    Document,
    Meeting,
    MeetingPreferences,
    Network,
    NetworkMembership,
    NetworkRole,
    VoteRecord,
    Workgroup,
    WorkTheme,
)
from smartby.network.services.decisions import decision_create, decision_open
from smartby.network.services.meetings import meeting_create
from smartby.organisations.models import Municipality, Organisation
from tests.accounts.factories import user_create
from tests.network.test_governance_pages import meeting_form
from tests.querycounts import request_queries

pytestmark = pytest.mark.django_db
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
HOUR = datetime.timedelta(hours=1)
SMALL, LARGE = 3, 300
# The most queries any of these requests (or the e-mail task) may run; measured: 16 at
# most (opening a decision), 6 for the e-mail task.
MAX_QUERIES = 20


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def secretariat():
    """One person in the secretariat of every network these tests make."""
    return user_create()


def _network(slug: str, secretariat: User) -> Network:
    network = Network.objects.create(slug=slug, name_nb=slug, name_en=slug)
    Body.objects.bulk_create([Body(network=network, kind=kind) for kind in Body.Kind.values])
    WorkTheme.objects.create(network=network, slug="open-data", name_nb="Data", name_en="Data")
    NetworkRole.objects.create(network=network, user=secretariat)
    return network


def _networks(secretariat: User) -> list[tuple[Network, int]]:
    """The two targets: a network that will have 3 members and one that will have 300.
    Both are made before anything is asked of the secretariat's permissions (the rules
    keep what they read on the user object)."""
    return [(_network("small", secretariat), SMALL), (_network("large", secretariat), LARGE)]


def _seats(network: Network, n: int) -> list[NetworkMembership]:
    """n current members, each with a representative and a deputy who belong to it (bulk)."""
    oslo = Municipality.objects.get(country="NO", code="0301")
    tag, people = network.slug, 2
    orgs = Organisation.objects.bulk_create(
        Organisation(
            name=f"{tag} member {i}",
            slug=f"{tag}-member-{i}",
            kind="business",
            municipality=oslo,
            county=oslo.county,
        )
        for i in range(n)
    )
    users = User.objects.bulk_create(
        User(email=f"{tag}-{i}-{k}@example.org", full_name=f"{tag} person {i}-{k}")
        for i in range(n)
        for k in range(people)
    )
    Membership.objects.bulk_create(
        Membership(user=users[i * people + k], organisation=org, role=Role.ADMIN)
        for i, org in enumerate(orgs)
        for k in range(people)
    )
    return NetworkMembership.objects.bulk_create(
        NetworkMembership(
            network=network,
            organisation=org,
            representative=users[i * people],
            deputy=users[i * people + 1],
            joined_on=datetime.date(2020, 1, 1),
        )
        for i, org in enumerate(orgs)
    )


def _workgroups(network: Network, n: int, members: list[NetworkMembership]) -> list[Workgroup]:
    groups = Workgroup.objects.bulk_create(
        Workgroup(
            network=network,
            slug=f"wg-{i}",
            name_nb=f"WG {i}",
            name_en=f"WG {i}",
            lead_id=members[i % len(members)].organisation_id,
            created_on=datetime.date(2024, 1, 1),
        )
        for i in range(n)
    )
    through = Workgroup.members.through
    through.objects.bulk_create(
        through(workgroup_id=g.pk, organisation_id=m.organisation_id)
        for g in groups
        for m in members
    )
    return groups


def _meetings(network: Network, n: int) -> list[Meeting]:
    """n past and coming meetings of the network's steering group (bulk, no e-mails)."""
    body = Body.objects.get(network=network, kind=Body.Kind.STEERING_GROUP)
    start = timezone.now().replace(microsecond=0) - datetime.timedelta(days=n // 2)
    return Meeting.objects.bulk_create(
        Meeting(
            network=network,
            body=body,
            title_nb=f"Møte {i}",
            starts_at=start + datetime.timedelta(days=i),
            ends_at=start + datetime.timedelta(days=i) + HOUR,
            place="Rådhuset",
        )
        for i in range(n)
    )


def _steering(network: Network) -> Body:
    return Body.objects.get(network=network, kind=Body.Kind.STEERING_GROUP)


_measure = request_queries


def _run_callbacks(callbacks: list[Callable[[], Any]]) -> tuple[int, int]:
    """Run what the request left for after its commit (the e-mail task, run at once by the
    tests' task backend); its queries and the e-mails it sent."""
    mail.outbox.clear()
    with CaptureQueriesContext(connection) as queries:
        for callback in callbacks:
            callback()
    return len(queries), len(mail.outbox)


def _check(small: dict[str, int], large: dict[str, int]) -> None:
    assert large == small
    assert max(small.values()) <= MAX_QUERIES, small


# Decisions


def _draft(network: Network, secretariat: User, *, closes_at: datetime.datetime) -> Decision:
    return decision_create(
        body=_steering(network),
        actor=secretariat,
        title_nb="Vertsby",
        kind=Decision.Kind.OPTIONS,
        options=[("Bergen", "Bergen"), ("Bodø", "Bodø")],
        opens_at=closes_at - 2 * HOUR,
        closes_at=closes_at,
    )


def test_opening_a_decision_costs_the_same_for_3_or_300_members(client, secretariat):
    client.force_login(secretariat)
    counts = []
    for network, n in _networks(secretariat):
        slug = network.slug
        _seats(network, n)
        decision = _draft(network, secretariat, closes_at=timezone.now() + HOUR)
        url = f"/en/networks/{slug}/decisions/{decision.pk}/open/"
        counts.append({"open": _measure(client, "post", url, status=302)})
        decision.refresh_from_db()
        assert decision.status == Decision.Status.OPEN and decision.electors.count() == n
    _check(*counts)


def test_closing_a_decision_costs_the_same_for_3_or_300_votes(client, secretariat):
    client.force_login(secretariat)
    counts = []
    for network, n in _networks(secretariat):
        slug = network.slug
        seats = _seats(network, n)
        ended = timezone.now() - HOUR
        decision = _draft(network, secretariat, closes_at=ended)
        decision_open(decision=decision, actor=secretariat, now=ended - HOUR)
        bergen, bodo = list(decision.options.filter(role=""))
        votes = [(m, bergen if i % 3 else bodo) for i, m in enumerate(seats)]
        Ballot.objects.bulk_create(
            Ballot(decision=decision, organisation_id=m.organisation_id, option=o, cast_at=ended)
            for m, o in votes
        )
        VoteRecord.objects.bulk_create(
            VoteRecord(
                decision=decision,
                organisation_id=m.organisation_id,
                cast_by_id=m.representative_id,
                cast_at=ended - HOUR,
                option=o,
            )
            for m, o in votes
        )
        url = f"/en/networks/{slug}/decisions/{decision.pk}/close/"
        counts.append({"close": _measure(client, "post", url, status=302)})
        decision.refresh_from_db()
        assert decision.status == Decision.Status.CLOSED and decision.tally["cast"] == n
        assert decision.winning_option == bergen
    _check(*counts)


# Meetings


def _meeting_form(network: Network, **extra: str) -> dict[str, str]:
    return meeting_form(_steering(network), **extra)


def _busy(network: Network, n: int) -> list[NetworkMembership]:
    """n members with their representatives and deputies, a workgroup per 10 members (all
    members in each; each one is a choice of organiser on the meeting form) and 2 meetings
    per member."""
    seats = _seats(network, n)
    _workgroups(network, max(1, n // 10), seats)
    _meetings(network, 2 * n)
    return seats


@pytest.mark.parametrize("organiser", ["secretariat", "workgroup lead"])
def test_planning_a_meeting_costs_the_same_for_7_or_601_invitees(
    client, secretariat, django_capture_on_commit_callbacks, organiser
):
    """The form offers the bodies and workgroups the person may arrange meetings for: the
    secretariat all of them, a workgroup's lead (an admin of its lead member) its own."""
    counts = []
    for network, n in _networks(secretariat):
        seats = _busy(network, n)
        if organiser == "secretariat":
            client.force_login(secretariat)
            form = _meeting_form(network)
        else:
            client.force_login(User.objects.get(pk=seats[0].representative_id))
            group = Workgroup.objects.get(network=network, slug="wg-0")
            form = _meeting_form(network, organiser=f"workgroup:{group.pk}")
        url = f"/en/networks/{network.slug}/meetings/new/"
        get = _measure(client, "get", url, status=200)
        with django_capture_on_commit_callbacks() as callbacks:
            post = _measure(client, "post", url, form, status=302)
        task, sent = _run_callbacks(callbacks)
        assert sent == 2 * n + 1  # representatives, deputies and the secretariat
        counts.append({"get": get, "post": post, "e-mails": task})
    _check(*counts)


def _planned(network: Network, secretariat: User, seats: list[NetworkMembership]) -> Meeting:
    """A coming meeting that has an agenda, documents and everyone invited as attendees."""
    day = timezone.localdate() + datetime.timedelta(days=5)
    meeting = meeting_create(
        actor=secretariat,
        body=_steering(network),
        title_nb="Møte",
        place="Rådhuset",
        starts_at=datetime.datetime(day.year, day.month, day.day, 9, tzinfo=OSLO),
        ends_at=datetime.datetime(day.year, day.month, day.day, 10, tzinfo=OSLO),
        agenda=[f"Sak {i}" for i in range(len(seats))],
        notify=False,
    )
    Document.objects.bulk_create(
        Document(meeting=meeting, title=f"Vedlegg {i}", url=f"https://example.org/{i}.pdf")
        for i in range(len(seats))
    )
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, user_id=m.representative_id, organisation_id=m.organisation_id)
        for m in seats
    )
    return meeting


def test_changing_a_meeting_costs_the_same_for_7_or_601_invitees(
    client, secretariat, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    counts = []
    for network, n in _networks(secretariat):
        slug, seats = network.slug, _busy(network, n)
        meeting = _planned(network, secretariat, seats)
        url = f"/en/networks/{slug}/meetings/{meeting.pk}/edit/"
        get = _measure(client, "get", url, status=200)
        form = _meeting_form(network, place="Biblioteket", minutes="## Vedtak")
        del form["organiser"]
        with django_capture_on_commit_callbacks() as callbacks:
            post = _measure(client, "post", url, form, status=302)
        task, sent = _run_callbacks(callbacks)
        assert sent == 2 * n + 1
        meeting.refresh_from_db()
        assert meeting.place == "Biblioteket" and meeting.sequence == 1
        counts.append({"get": get, "post": post, "e-mails": task})
    _check(*counts)


def test_cancelling_a_meeting_costs_the_same_for_7_or_601_invitees(
    client, secretariat, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    counts = []
    for network, n in _networks(secretariat):
        slug, seats = network.slug, _busy(network, n)
        meeting = _planned(network, secretariat, seats)
        url = f"/en/networks/{slug}/meetings/{meeting.pk}/cancel/"
        with django_capture_on_commit_callbacks() as callbacks:
            post = _measure(client, "post", url, status=302)
        task, sent = _run_callbacks(callbacks)
        assert sent == 2 * n + 1
        meeting.refresh_from_db()
        assert meeting.is_cancelled
        counts.append({"post": post, "e-mails": task})
    _check(*counts)


def test_turning_meeting_emails_off_costs_the_same_for_few_or_many_meetings(client, secretariat):
    counts = []
    for network, n in _networks(secretariat):
        seats = _busy(network, n)
        person = User.objects.get(pk=seats[0].representative_id)
        url = f"/en/networks/meeting-emails/off/{opt_out_token(person)}/"
        get = _measure(client, "get", url, status=200)
        post = _measure(client, "post", url, status=200)
        assert MeetingPreferences.objects.get(user=person).emails is False
        counts.append({"get": get, "post": post})
    _check(*counts)


# Members


def test_ending_a_membership_costs_the_same_for_3_or_300_members(client, secretariat):
    client.force_login(secretariat)
    counts = []
    for network, n in _networks(secretariat):
        slug, seats = network.slug, _busy(network, n)
        membership = seats[0]
        url = f"/en/networks/{slug}/members/{membership.pk}/end/"
        counts.append({"end": _measure(client, "post", url, status=302)})
        membership.refresh_from_db()
        assert membership.left_on == timezone.localdate()
    _check(*counts)


def test_naming_representatives_costs_the_same_for_3_or_300_people(client, secretariat):
    client.force_login(secretariat)
    counts = []
    for network, n in _networks(secretariat):
        slug = network.slug
        membership = _seats(network, n)[0]
        # The member has n people more to choose from.
        extra = User.objects.bulk_create(
            User(email=f"{slug}-extra-{i}@example.org", full_name=f"Extra {i}") for i in range(n)
        )
        Membership.objects.bulk_create(
            Membership(user=u, organisation_id=membership.organisation_id) for u in extra
        )
        people = list(
            Membership.objects.filter(organisation_id=membership.organisation_id)
            .order_by("user_id")
            .values_list("user_id", flat=True)
        )
        url = f"/en/networks/{slug}/members/{membership.pk}/representatives/"
        get = _measure(client, "get", url, status=200)
        data = {"representative": people[-1], "deputy": people[-2]}
        post = _measure(client, "post", url, data, status=302)
        membership.refresh_from_db()
        assert (membership.representative_id, membership.deputy_id) == (people[-1], people[-2])
        counts.append({"get": get, "post": post})
    _check(*counts)


# Workgroups


def test_dissolving_a_workgroup_costs_the_same_for_few_or_many_members_and_documents(
    client, secretariat
):
    client.force_login(secretariat)
    counts = []
    for network, n in _networks(secretariat):
        _busy(network, n)
        group = Workgroup.objects.get(network=network, slug="wg-0")
        Document.objects.bulk_create(
            Document(workgroup=group, title=f"Plan {i}", url=f"https://example.org/{i}.pdf")
            for i in range(n)
        )
        Meeting.objects.filter(network=network).update(workgroup=group, body=None)
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=m, title="Sak") for m in Meeting.objects.filter(workgroup=group)
        )
        url = f"/en/networks/{network.slug}/workgroups/{group.slug}/dissolve/"
        counts.append({"dissolve": _measure(client, "post", url, status=302)})
        group.refresh_from_db()
        assert group.dissolved_on == timezone.localdate() and group.members.count() == n
    _check(*counts)
