"""Download my data, beyond the account: what the person wrote, uploaded, cast, attends and
registered in the other apps (smartby.core.personal_data), and nobody else's. The export
costs the same number of queries however much the person did."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from smartby.accounts.models import User
from smartby.assessments.models import Section
from smartby.cases.models import CaseAttachment, CaseUpdate
from smartby.core.personal_data import registered_personal_data
from smartby.network.models import (
    Attendance,
    Body,
    Decision,
    DecisionOption,
    Meeting,
    MeetingPreferences,
    Network,
    NetworkMembership,
    PriorityBallot,
    PriorityRound,
    VoteRecord,
)
from smartby.organisations.models import Organisation
from tests.accounts.factories import user_create
from tests.assessments.factories import assessment_create
from tests.cases.factories import case_create
from tests.catalog.factories import harvest_source_create
from tests.organisations.factories import municipal_organisation, organisation_create

pytestmark = pytest.mark.django_db

SECTIONS = {  # each app's, registered in its AppConfig.ready()
    "cases_created",
    "case_attachments",
    "case_updates",
    "network_seats",
    "votes_cast",
    "priority_ballots",
    "meetings_attended",
    "meeting_preferences",
    "assessments",
    "assessment_sections",
    "harvest_sources",
}
ACCOUNT = {"exported_at", "profile", "memberships", "api_tokens", "network_roles"}
NOW = timezone.now()


@pytest.fixture
def network() -> Network:
    return Network.objects.create(slug="pd-net", name_nb="Nettverket", name_en="The network")


def _decision(body: Body, *, secret: bool, n: int) -> tuple[Decision, DecisionOption]:
    decision = Decision.objects.create(
        body=body,
        title_nb=f"Vedtak {n}",
        title_en=f"Decision {n}",
        kind=Decision.Kind.OPTIONS,
        secret=secret,
        opens_at=NOW - datetime.timedelta(days=1),
        closes_at=NOW + datetime.timedelta(days=1),
        quorum_percent=50,
        majority=Body.Majority.SIMPLE,
    )
    option = DecisionOption.objects.create(decision=decision, position=0, label_nb=f"Ja {n}")
    return decision, option


def _did_everything(person: User, *, times: int, network: Network, organisation: Organisation):
    """`times` rows of every kind the export lists, by `person` for `organisation`."""
    body, _ = Body.objects.get_or_create(network=network, kind=Body.Kind.STEERING_GROUP)
    NetworkMembership.objects.create(
        network=network, organisation=organisation, representative=person
    )
    MeetingPreferences.objects.create(user=person, calendar_token=f"secret-token-{person.pk}")
    for n in range(times):
        case = case_create(
            owner=organisation, title=f"Case {n} by {person.email}", created_by=person
        )
        CaseAttachment.objects.create(
            case=case,
            kind="pdf",
            file=f"cases/{case.pk}/report-{n}.pdf",
            title=f"Report {n}",
            content_type="application/pdf",
            size=1000 + n,
            uploaded_by=person,
        )
        CaseUpdate.objects.create(
            case=case, kind="progress", text=f"Progress {n}", created_at=NOW, author=person
        )
        decision, option = _decision(body, secret=n % 2 == 1, n=n)
        VoteRecord.objects.create(
            decision=decision,
            organisation=organisation,
            cast_by=person,
            cast_at=NOW,
            option=None if decision.secret else option,
        )
        rnd = PriorityRound.objects.create(
            network=network, title_nb=f"Runde {n}", closes_at=NOW + datetime.timedelta(days=9)
        )
        PriorityBallot.objects.create(
            round=rnd, organisation=organisation, ranking=[n, n + 1], cast_by=person, cast_at=NOW
        )
        start = NOW + datetime.timedelta(days=n + 1)
        meeting = Meeting.objects.create(
            network=network,
            body=body,
            title_nb=f"Møte {n}",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
        )
        Attendance.objects.create(meeting=meeting, user=person, organisation=organisation)
        assessment = assessment_create(
            organisation=organisation, year=2000 + n, started_by=person, submitted_by=person
        )
        Section.objects.filter(assessment=assessment, principle__number=1).update(updated_by=person)
        harvest_source_create(
            publisher=organisation,
            name=f"Source {n}",
            url=f"https://data.example.org/{person.pk}/{n}.ttl",
            created_by=person,
        )


def _export(client, person: User) -> dict[str, Any]:
    client.force_login(person)
    response = client.get("/en/accounts/my-data/")
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_export_holds_what_the_person_did_in_every_app(client, network):
    organisation = municipal_organisation("0301")
    person = user_create(email="kari@example.org")
    _did_everything(person, times=2, network=network, organisation=organisation)

    data = _export(client, person)

    assert set(data) == ACCOUNT | SECTIONS
    assert registered_personal_data() == sorted(SECTIONS)
    assert [c["title"] for c in data["cases_created"]] == [
        "Case 0 by kari@example.org",
        "Case 1 by kari@example.org",
    ]
    assert data["cases_created"][0]["owner"] == organisation.slug
    assert data["case_attachments"][1] == {
        "case": data["cases_created"][1]["case"],
        "title": "Report 1",
        "file": data["case_attachments"][1]["file"],
        "content_type": "application/pdf",
        "size": 1001,
        "uploaded_at": data["case_attachments"][1]["uploaded_at"],
    }
    assert data["case_attachments"][1]["file"].endswith("report-1.pdf")
    assert [u["text"] for u in data["case_updates"]] == ["Progress 0", "Progress 1"]
    assert data["network_seats"] == [
        {
            "network": "pd-net",
            "organisation": organisation.slug,
            "seat": "representative",
            "joined_on": data["network_seats"][0]["joined_on"],
            "left_on": None,
        }
    ]
    # The choice of an open ballot, none of a secret one: the audit trail keeps no more.
    assert [(v["decision_title"], v["choice"]) for v in data["votes_cast"]] == [
        ("Vedtak 0", "Ja 0"),
        ("Vedtak 1", None),
    ]
    assert [b["ranking"] for b in data["priority_ballots"]] == [[0, 1], [1, 2]]
    assert [m["title"] for m in data["meetings_attended"]] == ["Møte 0", "Møte 1"]
    assert data["meeting_preferences"] == [{"emails": True, "has_calendar_feed": True}]
    assert "secret-token" not in json.dumps(data)
    handled = [(a["year"], a["started_by_you"], a["submitted_by_you"]) for a in data["assessments"]]
    assert handled == [(2000, True, True), (2001, True, True)]
    assert [(s["year"], s["principle"]) for s in data["assessment_sections"]] == [
        (2000, 1),
        (2001, 1),
    ]
    assert [s["name"] for s in data["harvest_sources"]] == ["Source 0", "Source 1"]


def test_the_export_holds_nobody_elses_doings(client, network):
    other = user_create(email="someone.else@example.org")
    _did_everything(other, times=1, network=network, organisation=municipal_organisation("0301"))
    person = user_create(email="me@example.org")

    data = _export(client, person)

    assert all(data[name] == [] for name in SECTIONS)
    assert "someone.else" not in json.dumps(data)


def test_a_deputy_seat_is_named_as_such(client, network):
    person = user_create()
    organisation = organisation_create(name="Fjordlys AS")
    NetworkMembership.objects.create(network=network, organisation=organisation, deputy=person)
    seats = _export(client, person)["network_seats"]
    assert [(s["organisation"], s["seat"]) for s in seats] == [(organisation.slug, "deputy")]


def test_the_export_costs_the_same_queries_with_2_or_20_of_everything(client, network):
    counts = []
    for times, code in [(2, "0301"), (20, "4601")]:
        person = user_create()
        organisation = municipal_organisation(code)
        _did_everything(person, times=times, network=network, organisation=organisation)
        client.force_login(person)
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/en/accounts/my-data/")
        assert response.status_code == 200
        assert len(json.loads(response.content)["cases_created"]) == times
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 10 + len(SECTIONS)  # the session, the account's parts, a query a section
