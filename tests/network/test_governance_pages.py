"""The network's pages: the member directory with representatives, bodies and the leadership's
rotation, workgroups, meetings, decisions and theme priorities. Bad input gets a clear message
and changes nothing; secret ballots stay secret on every page; every page runs the same number
of queries with 3 or 300 members."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from smartby.accounts.models import Membership, Role
from smartby.network.models import (
    Ballot,
    Body,
    Decision,
    Document,
    LeadershipTerm,
    Meeting,
    Network,
    NetworkMembership,
    NetworkRole,
    PriorityBallot,
    PriorityRound,
    Workgroup,
    WorkTheme,
)
from smartby.network.services.decisions import (
    decision_close,
    decision_create,
    decision_open,
    vote_cast,
)
from smartby.network.services.meetings import meeting_create
from smartby.network.services.priorities import priority_rank, priority_round_create
from tests.accounts.factories import user_create
from tests.organisations.factories import organisation_create

pytestmark = pytest.mark.django_db
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
NOW = timezone.now().replace(microsecond=0)
HOUR = datetime.timedelta(hours=1)
URL = "/en/networks/testnett"


@pytest.fixture(autouse=True)
def _english():
    # Pages are asked for in English; the language is put back for the next test.
    with translation.override("en"):
        yield


@pytest.fixture
def network():
    network = Network.objects.create(slug="testnett", name_nb="Testnett", name_en="Test network")
    for kind in Body.Kind.values:
        Body.objects.create(network=network, kind=kind)
    WorkTheme.objects.create(
        network=network, slug="open-data", name_nb="Åpne data", name_en="Open data"
    )
    return network


@pytest.fixture
def secretariat(network):
    user = user_create()
    NetworkRole.objects.create(network=network, user=user)
    return user


def seat(network, *, public=True):
    org = organisation_create()
    rep = user_create(is_public=public, title="Smart city lead")
    Membership.objects.create(user=rep, organisation=org, role=Role.ADMIN)
    membership = NetworkMembership.objects.create(
        network=network,
        organisation=org,
        representative=rep,
        joined_on=datetime.date(2020, 1, 1),
    )
    return org, rep, membership


def many_seats(network, n):
    """n members without people (fast), for the query-count tests."""
    orgs = [organisation_create() for _ in range(n)]
    NetworkMembership.objects.bulk_create(
        [NetworkMembership(network=network, organisation=o) for o in orgs]
    )
    return orgs


def steering(network):
    return Body.objects.get(network=network, kind=Body.Kind.STEERING_GROUP)


# Member directory and representatives


def test_the_directory_shows_representatives_and_what_members_share(client, network):
    _org, rep, _m = seat(network)
    _org2, hidden, _m2 = seat(network, public=False)
    html = client.get(f"{URL}/").content.decode()
    assert rep.full_name in html and "Smart city lead" in html
    assert hidden.full_name not in html and "(not shown)" in html
    for header in ("Representative", "Deputy", "Cases", "Self-assessment", "Datasets"):
        assert f'<th scope="col">{header}</th>' in html


def test_the_secretariat_names_representatives_and_bad_choices_change_nothing(
    client, network, secretariat
):
    org, rep, membership = seat(network)
    deputy = user_create()
    Membership.objects.create(user=deputy, organisation=org)
    client.force_login(secretariat)
    url = f"{URL}/members/{membership.pk}/representatives/"
    same = client.post(url, {"representative": rep.pk, "deputy": rep.pk})
    assert same.status_code == 400 and "must be two people" in same.content.decode()
    stranger = client.post(url, {"representative": user_create().pk})
    assert stranger.status_code == 400 and "Select a valid choice" in stranger.content.decode()
    membership.refresh_from_db()
    assert (membership.representative, membership.deputy) == (rep, None)
    assert client.post(url, {"representative": rep.pk, "deputy": deputy.pk}).status_code == 302
    membership.refresh_from_db()
    assert membership.deputy == deputy
    client.force_login(rep)
    assert client.post(url, {"representative": deputy.pk}).status_code == 403


# Bodies and the leadership's rotation


def test_the_bodies_page_shows_rules_and_the_leadership_rotation(client, network, secretariat):
    lead, _rep, _m = seat(network)
    today = timezone.localdate()
    client.force_login(secretariat)
    ok = client.post(
        f"{URL}/bodies/",
        {
            "organisation": lead.pk,
            "starts_on": str(today.replace(month=1, day=1)),
            "ends_on": str(today.replace(month=12, day=31)),
        },
    )
    assert ok.status_code == 302
    html = client.get(f"{URL}/bodies/").content.decode()
    assert "Owner meeting" in html and "Steering group" in html and "Simple majority" in html
    assert f'Lead cities now: <a href="{lead.get_absolute_url()}">{lead.name}</a>' in html
    assert "<strong>Current</strong>" in html


@pytest.mark.parametrize(
    "dates, message",
    [
        (("2027-01-01", "2026-01-01"), "A term must end after it starts."),
        (("2026-01-01", "bad"), "Enter a valid date."),
    ],
)
def test_bad_terms_are_refused(client, network, secretariat, dates, message):
    lead, _rep, _m = seat(network)
    client.force_login(secretariat)
    response = client.post(
        f"{URL}/bodies/", {"organisation": lead.pk, "starts_on": dates[0], "ends_on": dates[1]}
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert not LeadershipTerm.objects.exists()


def test_at_most_three_lead_cities_at_a_time(client, network, secretariat):
    orgs = [seat(network)[0] for _ in range(4)]
    for org in orgs[:3]:
        LeadershipTerm.objects.create(
            network=network,
            organisation=org,
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2027, 12, 31),
        )
    client.force_login(secretariat)
    response = client.post(
        f"{URL}/bodies/",
        {"organisation": orgs[3].pk, "starts_on": "2027-01-01", "ends_on": "2028-12-31"},
    )
    assert response.status_code == 400 and "at most three lead cities" in response.content.decode()
    assert LeadershipTerm.objects.count() == 3


# Workgroups


def test_the_secretariat_creates_and_dissolves_a_workgroup(client, network, secretariat):
    lead, _rep, _m = seat(network)
    other, _r2, _m2 = seat(network)
    client.force_login(secretariat)
    theme = WorkTheme.objects.get(network=network)
    response = client.post(
        f"{URL}/workgroups/",
        {
            "name_nb": "Datadeling",
            "name_en": "Data sharing",
            "theme": theme.pk,
            "lead": lead.pk,
            "members": [other.pk],
            "mandate_nb": "Felles **maler**.",
        },
    )
    group = Workgroup.objects.get(network=network)
    assert response.status_code == 302 and response["Location"] == group.get_absolute_url()
    assert set(group.members.all()) == {lead, other}
    html = client.get(f"/en{group.get_absolute_url().removeprefix('/en')}").content.decode()
    assert "Data sharing" in html and "<strong>maler</strong>" in html and other.name in html
    assert "Cases" in html and "Datasets on this theme" in html
    client.post(f"{URL}/workgroups/{group.slug}/dissolve/")
    group.refresh_from_db()
    assert group.dissolved_on == timezone.localdate()
    assert (
        "This workgroup was dissolved"
        in client.get(f"{URL}/workgroups/{group.slug}/").content.decode()
    )


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name_nb": ""}, "This field is required."),
        ({"lead": "outsider"}, "Select a valid choice"),
        ({"members": ["outsider"]}, "Select a valid choice"),
    ],
)
def test_bad_workgroups_are_refused(client, network, secretariat, data, message):
    lead, _rep, _m = seat(network)
    outsider = organisation_create()
    client.force_login(secretariat)
    form = {"name_nb": "Gruppe", "lead": lead.pk}
    form.update(data)
    for key, value in form.items():
        if value == "outsider":
            form[key] = outsider.pk
        elif value == ["outsider"]:
            form[key] = [outsider.pk]
    response = client.post(f"{URL}/workgroups/", form)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Workgroup.objects.exists()


def test_a_workgroups_lead_adds_documents_and_bad_addresses_are_refused(client, network):
    lead, rep, _m = seat(network)
    group = Workgroup.objects.create(
        network=network,
        slug="wg",
        name_nb="WG",
        name_en="WG",
        lead=lead,
        created_on=timezone.localdate(),
    )
    client.force_login(rep)  # an admin of the lead organisation
    bad = client.post(f"{URL}/workgroups/wg/", {"title": "Plan", "url": "javascript:alert(1)"})
    assert bad.status_code == 400 and "Enter a valid URL." in bad.content.decode()
    assert not Document.objects.exists()
    client.post(f"{URL}/workgroups/wg/", {"title": "Plan", "url": "https://example.org/plan.pdf"})
    assert group.documents.get().title == "Plan"
    client.force_login(user_create())
    assert (
        client.post(f"{URL}/workgroups/wg/", {"title": "x", "url": "https://e.org"}).status_code
        == 403
    )


# Meetings


def meeting_form(body, **extra):
    day = timezone.localdate() + datetime.timedelta(days=10)
    data = {
        "organiser": f"body:{body.pk}",
        "title_nb": "Styringsgruppemøte",
        "starts_at": f"{day}T10:00",
        "ends_at": f"{day}T11:30",
        "online_url": "https://meet.example.org/sg",
        "is_public": "on",
        "agenda": "Referat\n\nBudsjett\n",
    }
    data.update(extra)
    return data


def test_the_secretariat_plans_changes_and_cancels_a_meeting_through_the_pages(
    client, network, secretariat
):
    client.force_login(secretariat)
    response = client.post(f"{URL}/meetings/new/", meeting_form(steering(network)))
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/meetings/{meeting.pk}/")
    assert timezone.localtime(meeting.starts_at).hour == 10
    assert [a.title for a in meeting.agenda.all()] == ["Referat", "Budsjett"]
    edit = meeting_form(steering(network), minutes="## Vedtak\n\n- Godkjent")
    del edit["organiser"]
    assert client.post(f"{URL}/meetings/{meeting.pk}/edit/", edit).status_code == 302
    html = client.get(f"{URL}/meetings/{meeting.pk}/").content.decode()
    assert "<h2>Vedtak</h2>" in html and "Godkjent" in html
    client.post(f"{URL}/meetings/{meeting.pk}/cancel/")
    meeting.refresh_from_db()
    assert meeting.is_cancelled
    assert (
        "This meeting has been cancelled."
        in client.get(f"{URL}/meetings/{meeting.pk}/").content.decode()
    )


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"starts_at": "tomorrow"}, "Enter a valid date/time."),
        ({"ends_at": "2020-01-01T09:00"}, "A meeting must end after it starts."),
        ({"online_url": "", "place": ""}, "Give a place, an online meeting link or both."),
        ({"online_url": "not a link"}, "Enter a valid URL."),
        ({"organiser": "body:999999"}, "Select a valid choice."),
    ],
)
def test_bad_meetings_get_a_clear_message_and_nothing_is_planned(
    client, network, secretariat, changes, message
):
    client.force_login(secretariat)
    response = client.post(f"{URL}/meetings/new/", meeting_form(steering(network), **changes))
    assert response.status_code == 400 and message in response.content.decode()
    assert not Meeting.objects.exists()


def test_members_cannot_plan_body_meetings_and_closed_meetings_stay_closed(
    client, network, secretariat
):
    _org, rep, _m = seat(network)
    client.force_login(rep)
    assert client.get(f"{URL}/meetings/new/").status_code == 403
    day = timezone.localdate() + datetime.timedelta(days=3)
    closed = meeting_create(
        actor=secretariat,
        body=steering(network),
        title_nb="Lukket",
        is_public=False,
        starts_at=datetime.datetime(day.year, day.month, day.day, 9, tzinfo=OSLO),
        ends_at=datetime.datetime(day.year, day.month, day.day, 10, tzinfo=OSLO),
        place="Rådhuset",
    )
    assert client.get(f"{URL}/meetings/{closed.pk}/").status_code == 200  # invited
    client.logout()
    assert client.get(f"{URL}/meetings/{closed.pk}/").status_code == 404
    assert "Lukket" not in client.get(f"{URL}/meetings/").content.decode()


# Decisions


def _decision(network, secretariat, *, secret=False):
    decision = decision_create(
        body=steering(network),
        actor=secretariat,
        title_nb="Vertsby",
        title_en="Host city",
        kind=Decision.Kind.OPTIONS,
        options=[("Bergen", "Bergen"), ("Bodø", "Bodø")],
        secret=secret,
        opens_at=NOW - HOUR,
        closes_at=NOW + HOUR,
    )
    decision_open(decision=decision, actor=secretariat, now=NOW - HOUR)
    return decision


def test_the_secretariat_prepares_and_opens_a_decision_through_the_pages(
    client, network, secretariat
):
    seat(network)
    client.force_login(secretariat)
    opens = timezone.localtime() + datetime.timedelta(minutes=5)
    closes = opens + datetime.timedelta(days=7)
    bad = client.post(
        f"{URL}/decisions/",
        {
            "body": steering(network).pk,
            "title_nb": "Valg",
            "kind": "options",
            "options": "Bare én",
            "opens_at": opens.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": closes.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert bad.status_code == 400 and "Give at least two options." in bad.content.decode()
    assert not Decision.objects.exists()
    ok = client.post(
        f"{URL}/decisions/",
        {
            "body": steering(network).pk,
            "title_nb": "Valg",
            "kind": "options",
            "options": "Bergen | Bergen\nBodø | Bodø",
            "opens_at": opens.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": closes.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    decision = Decision.objects.get()
    assert ok.status_code == 302 and decision.status == Decision.Status.DRAFT
    assert [o.label_en for o in decision.options.all()] == ["Bergen", "Bodø", "Abstain"]
    client.logout()
    assert client.get(f"{URL}/decisions/{decision.pk}/").status_code == 404  # drafts are hidden
    client.force_login(secretariat)
    client.post(f"{URL}/decisions/{decision.pk}/open/")
    decision.refresh_from_db()
    assert decision.status == Decision.Status.OPEN and decision.electors.count() == 1


def test_a_representative_votes_on_the_page_and_others_are_refused(client, network, secretariat):
    org, rep, _m = seat(network)
    decision = _decision(network, secretariat)
    bodo = decision.options.get(label_nb="Bodø")
    client.force_login(rep)
    page = client.get(f"{URL}/decisions/{decision.pk}/").content.decode()
    assert "Cast the vote" in page and "The result is shown when voting has closed." in page
    bad = client.post(f"{URL}/decisions/{decision.pk}/", {"organisation": org.pk, "option": 999999})
    assert bad.status_code == 400 and "Select a valid choice" in bad.content.decode()
    assert not Ballot.objects.exists()
    client.post(f"{URL}/decisions/{decision.pk}/", {"organisation": org.pk, "option": bodo.pk})
    assert Ballot.objects.get().option == bodo
    client.force_login(user_create())
    refused = client.post(
        f"{URL}/decisions/{decision.pk}/", {"organisation": org.pk, "option": bodo.pk}
    )
    assert refused.status_code == 403
    decision_close(decision=decision, now=NOW + HOUR)
    client.force_login(rep)
    late = client.post(
        f"{URL}/decisions/{decision.pk}/", {"organisation": org.pk, "option": bodo.pk}
    )
    assert late.status_code == 409 and "votes can no longer change" in late.content.decode()
    html = client.get(f"{URL}/decisions/{decision.pk}/").content.decode()
    assert "Option chosen: Bodø" in html and "1 of 1 members voted." in html


def test_a_secret_ballots_choices_appear_on_no_page(client, network, secretariat):
    voters = [seat(network) for _ in range(3)]
    decision = _decision(network, secretariat, secret=True)
    options = list(decision.options.filter(role=""))
    for i, (org, rep, _m) in enumerate(voters):
        vote_cast(decision=decision, organisation=org, option=options[i % 2], actor=rep, now=NOW)
    decision_close(decision=decision, now=NOW + HOUR)
    client.force_login(secretariat)
    for path in (f"{URL}/decisions/{decision.pk}/", f"{URL}/decisions/", f"{URL}/"):
        html = client.get(path).content.decode()
        for org, _rep, _m in voters:
            row = next((line for line in html.splitlines() if org.name in line), "")
            assert "Bergen" not in row and "Bodø" not in row
    html = client.get(f"{URL}/decisions/{decision.pk}/").content.decode()
    assert '<th scope="col">Vote</th>' not in html and "Secret: no page or endpoint" in html


# Theme priorities


def test_members_rank_themes_and_the_borda_count_is_shown_after_close(client, network, secretariat):
    (o1, r1, _), (o2, r2, _), (o3, r3, _) = seat(network), seat(network), seat(network)
    rnd = priority_round_create(
        network=network,
        actor=secretariat,
        title_nb="Tema",
        closes_at=NOW + HOUR,
        candidates=[
            ("Mobilitet", "Mobility"),
            ("Åpne data", "Open data"),
            ("Innkjøp", "Procurement"),
        ],
    )
    a, b, c = list(rnd.candidates.all())
    client.force_login(r1)
    page = client.get(f"{URL}/priorities/{rnd.pk}/").content.decode()
    assert "Method: Borda count" in page and "shown when the round has closed" in page
    dup = client.post(
        f"{URL}/priorities/{rnd.pk}/",
        {"organisation": o1.pk, f"place_{a.pk}": "1", f"place_{b.pk}": "1"},
    )
    assert dup.status_code == 400 and "Two themes cannot share a place." in dup.content.decode()
    empty = client.post(f"{URL}/priorities/{rnd.pk}/", {"organisation": o1.pk})
    assert empty.status_code == 400 and "Give at least one theme a place." in empty.content.decode()
    assert not PriorityBallot.objects.exists()
    ok = client.post(
        f"{URL}/priorities/{rnd.pk}/",
        {"organisation": o1.pk, f"place_{a.pk}": "1", f"place_{b.pk}": "2", f"place_{c.pk}": "3"},
    )
    assert ok.status_code == 302
    priority_rank(rnd=rnd, organisation=o2, ranking=[b.pk, a.pk], actor=r2, now=NOW)
    priority_rank(rnd=rnd, organisation=o3, ranking=[b.pk], actor=r3, now=NOW)
    PriorityRound.objects.filter(pk=rnd.pk).update(status="closed")
    # Borda with 3 themes: first 2 points, second 1, third 0, unranked 0.
    # Mobility 2+1+0 = 3, Open data 1+2+2 = 5, Procurement 0.
    client.force_login(secretariat)
    html = client.get(f"{URL}/priorities/{rnd.pk}/").content.decode()
    rows = [line for line in html.splitlines() if "<tr>" in line or "<td>" in line]
    text = " ".join(rows)
    assert text.index("Open data") < text.index("Mobility") < text.index("Procurement")
    assert "<td>5</td>" in html and "<td>3</td>" in html
    assert f"?candidate={b.pk}" in html  # create a workgroup from the result
    prefilled = client.get(f"{URL}/workgroups/?candidate={b.pk}").content.decode()
    assert 'value="Åpne data"' in prefilled


def test_only_representatives_rank_and_not_after_close(client, network, secretariat):
    org, rep, _m = seat(network)
    rnd = priority_round_create(
        network=network,
        actor=secretariat,
        title_nb="Tema",
        closes_at=NOW + HOUR,
        candidates=[("A", "A"), ("B", "B")],
    )
    first = rnd.candidates.first()
    client.force_login(user_create())
    assert (
        client.post(
            f"{URL}/priorities/{rnd.pk}/", {"organisation": org.pk, f"place_{first.pk}": "1"}
        ).status_code
        == 403
    )
    PriorityRound.objects.filter(pk=rnd.pk).update(status="closed")
    client.force_login(rep)
    late = client.post(
        f"{URL}/priorities/{rnd.pk}/", {"organisation": org.pk, f"place_{first.pk}": "1"}
    )
    assert late.status_code == 409 and "has closed" in late.content.decode()
    assert not PriorityBallot.objects.exists()


def test_bad_priority_rounds_are_refused(client, network, secretariat):
    client.force_login(secretariat)
    response = client.post(
        f"{URL}/priorities/",
        {"title_nb": "Tema", "closes_at": "2020-01-01T10:00", "candidates": "Én\nÉn"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ranking must close in the future." in html and "Each theme can be listed once." in html
    assert not PriorityRound.objects.exists()


# The same number of queries with 3 or 300 members


def _populate(network, secretariat, n):
    many_seats(network, n)
    org, rep, _m = seat(network)
    wg = Workgroup.objects.create(
        network=network,
        slug="wg",
        name_nb="WG",
        name_en="WG",
        lead=org,
        theme=WorkTheme.objects.get(network=network),
        created_on=timezone.localdate(),
    )
    wg.members.set(
        Network.objects.get(pk=network.pk).memberships.values_list("organisation", flat=True)
    )
    decision = _decision(network, secretariat)
    vote_cast(
        decision=decision, organisation=org, option=decision.options.first(), actor=rep, now=NOW
    )
    rnd = priority_round_create(
        network=network,
        actor=secretariat,
        title_nb="Tema",
        closes_at=NOW + HOUR,
        candidates=[("A", "A"), ("B", "B")],
    )
    day = timezone.localdate() - datetime.timedelta(days=1)
    meeting = meeting_create(
        actor=secretariat,
        body=steering(network),
        title_nb="Møte",
        place="Rådhuset",
        starts_at=datetime.datetime(day.year, day.month, day.day, 9, tzinfo=OSLO),
        ends_at=datetime.datetime(day.year, day.month, day.day, 10, tzinfo=OSLO),
        notify=False,
    )
    return [
        f"{URL}/",
        f"{URL}/bodies/",
        f"{URL}/workgroups/",
        f"{URL}/workgroups/wg/",
        f"{URL}/meetings/",
        f"{URL}/meetings/{meeting.pk}/",
        f"{URL}/decisions/",
        f"{URL}/decisions/{decision.pk}/",
        f"{URL}/priorities/",
        f"{URL}/priorities/{rnd.pk}/",
        f"{URL}/calendar.ics",
        "/en/networks/my-meetings/",
    ]


def _counts(client, paths):
    counts = {}
    for path in paths:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        counts[path] = len(queries)
    return counts


@pytest.mark.parametrize("viewer", ["anonymous", "secretariat"])
def test_pages_run_the_same_number_of_queries_with_3_or_300_members(
    client, network, secretariat, viewer
):
    small_net = network
    client.force_login(secretariat)
    paths = _populate(small_net, secretariat, 2)
    if viewer == "anonymous":
        client.logout()
        paths = [p for p in paths if "my-meetings" not in p]
    else:
        client.get("/en/networks/my-meetings/")  # the first visit makes the calendar address
    small = _counts(client, paths)
    many_seats(small_net, 297)
    Workgroup.objects.get(slug="wg").members.set(
        small_net.memberships.values_list("organisation", flat=True)
    )
    large = _counts(client, paths)
    assert small == large


def test_the_lead_changes_a_workgroups_members_and_bad_choices_change_nothing(client, network):
    lead, rep, _m = seat(network)
    other, _r2, _m2 = seat(network)
    outsider = organisation_create()
    group = Workgroup.objects.create(
        network=network,
        slug="wg",
        name_nb="WG",
        name_en="WG",
        lead=lead,
        created_on=timezone.localdate(),
    )
    group.members.add(lead)
    client.force_login(rep)
    bad = client.post(f"{URL}/workgroups/wg/", {"set-members": "1", "members": [outsider.pk]})
    assert bad.status_code == 400 and "Select a valid choice" in bad.content.decode()
    assert set(group.members.all()) == {lead}
    ok = client.post(f"{URL}/workgroups/wg/", {"set-members": "1", "members": [other.pk]})
    assert ok.status_code == 302
    assert set(group.members.all()) == {lead, other}  # the lead stays a member
    client.force_login(user_create())
    refused = client.post(f"{URL}/workgroups/wg/", {"set-members": "1", "members": []})
    assert refused.status_code == 403 and set(group.members.all()) == {lead, other}
