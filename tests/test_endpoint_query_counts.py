"""The API endpoints, feeds and small endpoints that no other test pins run the same number of
SQL queries with little and with much data: no N+1, whatever grows behind them.

Each test builds a little data, measures every route, adds much more of what the routes
read or join (members, electors, ballots, options, meetings, cases, datasets, municipalities,
key questions, adoptions...), measures again and compares. The upper bounds are the counts
measured when the test was written plus a small margin, so that a new query per request is
a conscious change.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from smartby.accounts.models import Membership, Role, User
from smartby.accounts.services import api_token_create
from smartby.cases.models import (
    Case,
    CaseLink,
    CasePartner,
    Lesson,
    LivingLab,
    Technology,
    Theme,
)
from smartby.catalog.models import Dataset, HarvestSource
from smartby.network.models import (
    AgendaItem,
    Ballot,
    Body,
    Decision,
    DecisionOption,
    Elector,
    Meeting,
    MeetingPreferences,
    Network,
    NetworkMembership,
    NetworkRole,
    VoteRecord,
    Workgroup,
)
from smartby.organisations.models import County, Municipality, Organisation, OrganisationKind
from smartby.reference.models import DataTheme, Licence, SdgTarget, SustainableDevelopmentGoal
from smartby.roadmap.models import Challenge, KeyQuestion, Principle, TargetPicture
from tests.accounts.factories import member_create, user_create
from tests.organisations.factories import municipal_organisation
from tests.querycounts import request_queries

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
PRINCIPLE = "put-citizens-at-the-centre"
SMALL, LARGE = 3, 300


def _measure(client: Any, url: str, status: int = 200, **headers: Any) -> int:
    return request_queries(client, "get", url, status=status, **headers)


def _post(client: Any, url: str, body: dict[str, Any], user: User, status: int) -> int:
    _row, raw = api_token_create(user=user, name="query count")
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            url,
            json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        )
    assert response.status_code == status, (url, response.status_code, response.content[:300])
    return len(queries)


# The world the read routes look at


@dataclass
class World:
    network: Network
    body: Body
    workgroup: Workgroup
    member: Organisation  # a member of the network, with the person as representative
    person: User  # representative, workgroup member's person, secretariat: a busy calendar
    calendar_token: str
    decision: Decision  # closed, several options
    lab: LivingLab
    organisation: Organisation  # a business with people, for /organisations/<slug>
    source: HarvestSource  # the demo harvest source, which turns the demo catalogue on


def _world() -> World:
    oslo = Municipality.objects.get(country="NO", code="0301")
    network = Network.objects.create(slug="qc-net", name_nb="Tellenett", name_en="Count network")
    body = Body.objects.create(network=network, kind=Body.Kind.STEERING_GROUP)
    member = Organisation.objects.create(
        name="QC member", slug="qc-member", kind=OrganisationKind.BUSINESS, municipality=oslo
    )
    person = user_create(full_name="Calendar Person")
    NetworkMembership.objects.create(network=network, organisation=member, representative=person)
    NetworkRole.objects.create(network=network, user=person)
    workgroup = Workgroup.objects.create(
        network=network,
        slug="qc-group",
        name_nb="Tellegruppe",
        name_en="Count group",
        created_on=datetime.date(2024, 1, 1),
        lead=member,
    )
    workgroup.members.add(member)
    prefs = MeetingPreferences.objects.create(user=person, calendar_token="qc-calendar-token")
    now = timezone.now()
    decision = Decision.objects.create(
        body=body,
        title_nb="Valg",
        title_en="Choice",
        kind=Decision.Kind.OPTIONS,
        opens_at=now - 2 * DAY,
        closes_at=now - DAY,
        status=Decision.Status.CLOSED,
        quorum_percent=50,
        majority=Body.Majority.SIMPLE,
        electorate_size=1,
        tally={"cast": 0, "electorate": 1, "options": []},
        outcome=Decision.Outcome.NO_DECISION,
        closed_at=now - DAY,
    )
    DecisionOption.objects.create(decision=decision, position=0, label_nb="Avstår", role="abstain")
    lab = LivingLab.objects.create(
        host=municipal_organisation("0301"), municipality=oslo, name="QC lab", slug="qc-lab"
    )
    lab.themes.set(Theme.objects.order_by("pk")[:2])
    organisation = Organisation.objects.create(
        name="QC business", slug="qc-business", kind=OrganisationKind.BUSINESS, municipality=oslo
    )
    source = HarvestSource.objects.create(
        name="Demo source",
        url="http://testserver/demo/harvest/catalog.ttl",
        kind=HarvestSource.Kind.DCAT,
        publisher=organisation,
        is_demo=True,
    )
    return World(
        network=network,
        body=body,
        workgroup=workgroup,
        member=member,
        person=person,
        calendar_token=prefs.calendar_token,
        decision=decision,
        lab=lab,
        organisation=organisation,
        source=source,
    )


def _routes(world: World, viewer: str) -> dict[str, tuple[int, int]]:
    """Every read route this file pins: its status and its query budget (what it ran when
    the test was written, plus one). A token costs the routes that accept one four queries:
    the token, its last use, and the viewer's organisations and networks."""
    lab = 4 if viewer == "anonymous" else 8
    return {
        # The API's root is no endpoint: a JSON 404 (ninja's root view, made JSON by
        # smartby.core.middleware).
        "/api/v1/": (404, 1),
        # Unknown paths under the API: the catch-all's JSON 404.
        "/api/v1/no/such/endpoint": (404, 1),
        "/api/v1/docs": (200, 1),
        "/api/v1/openapi.json": (200, 1),
        "/api/v1/counties": (200, 3),
        "/api/v1/counties/03": (200, 2),
        "/api/v1/data-themes?limit=100": (200, 3),
        f"/api/v1/decisions/{world.decision.pk}": (200, 3),
        "/api/v1/licences?limit=100": (200, 3),
        f"/api/v1/living-labs/{world.lab.slug}": (200, lab),
        f"/api/v1/living-labs/{world.lab.pk}": (200, lab),
        "/api/v1/municipalities/oslo": (200, 2),
        "/api/v1/networks?limit=100": (200, 3),
        f"/api/v1/organisations/{world.organisation.slug}": (200, 2),
        f"/api/v1/roadmap/principles/{PRINCIPLE}": (200, 4),
        "/api/v1/roadmap/target-pictures?limit=100": (200, 3),
        "/api/v1/sdgs/11": (200, 3),
        "/healthz": (200, 2),
        "/calendar.ics": (200, 3),
        f"/calendar/{world.calendar_token}.ics": (200, 4),
        f"/networks/{world.network.slug}/workgroups/{world.workgroup.slug}/calendar.ics": (200, 4),
        "/demo/harvest/catalog.ttl": (200, 2),
        "/demo/harvest/catalog.ttl?page=2": (200, 2),
    }


def _grow(world: World, start: int, stop: int) -> None:
    """Add rows numbered start..stop-1 of everything the routes read or join."""
    numbers = range(start, stop)
    now = timezone.now()
    oslo = Municipality.objects.get(country="NO", code="0301")
    oslo_county = County.objects.get(number="03")

    # Counties: municipalities in a county (counted per county).
    Municipality.objects.bulk_create(
        Municipality(
            country="NO",
            code=f"Q{n:05d}",
            slug=f"qc-municipality-{n}",
            name=f"QC municipality {n}",
            name_official=f"QC municipality {n}",
            county=oslo_county,
        )
        for n in numbers
    )

    # Organisations in Oslo; members of the network, the electorate of the decision.
    orgs = Organisation.objects.bulk_create(
        Organisation(
            name=f"QC org {n}",
            slug=f"qc-org-{n}",
            kind=OrganisationKind.BUSINESS,
            municipality=oslo,
            county=oslo_county,
        )
        for n in numbers
    )
    NetworkMembership.objects.bulk_create(
        NetworkMembership(network=world.network, organisation=o, joined_on=now.date()) for o in orgs
    )
    world.workgroup.members.add(*orgs)

    # People of the organisation.
    users = User.objects.bulk_create(
        User(email=f"qc-person-{n}@example.org", full_name=f"QC Person {n}") for n in numbers
    )
    Membership.objects.bulk_create(
        Membership(user=u, organisation=world.organisation, role=Role.MEMBER) for u in users
    )

    # The decision: more options, electors, ballots and audit records.
    options = DecisionOption.objects.bulk_create(
        DecisionOption(decision=world.decision, position=n, label_nb=f"Valg {n}") for n in numbers
    )
    Elector.objects.bulk_create(Elector(decision=world.decision, organisation=o) for o in orgs)
    Ballot.objects.bulk_create(
        Ballot(decision=world.decision, organisation=o, option=opt, cast_at=now)
        for o, opt in zip(orgs, options, strict=True)
    )
    VoteRecord.objects.bulk_create(
        VoteRecord(decision=world.decision, organisation=o, cast_by=u, cast_at=now, option=opt)
        for o, u, opt in zip(orgs, users, options, strict=True)
    )

    # Published cases in Oslo, run at the lab, with partners and SDG 11.
    cases = Case.objects.bulk_create(
        Case(
            slug=f"qc-case-{n}",
            owner=orgs[i],
            municipality=oslo,
            title=f"QC case {n}",
            summary="A case in the bulk data set.",
            living_lab=world.lab,
            is_published=True,
            published_at=now,
        )
        for i, n in enumerate(numbers)
    )
    CasePartner.objects.bulk_create(
        CasePartner(case=c, organisation=world.organisation) for c in cases
    )
    goal = SustainableDevelopmentGoal.objects.get(number=11)
    Case.sdgs.through.objects.bulk_create(
        Case.sdgs.through(case_id=c.pk, sustainabledevelopmentgoal_id=goal.pk) for c in cases
    )

    # SDG 11's targets.
    SdgTarget.objects.bulk_create(
        SdgTarget(goal=goal, code=f"11.q{n}", position=100 + n, text_nb="Mål", text_en="Target")
        for n in numbers
    )

    # Datasets under every licence and data theme, harvested from the demo source.
    licences = list(Licence.objects.all())
    themes = list(DataTheme.objects.all())
    datasets = Dataset.objects.bulk_create(
        Dataset(
            uri=f"https://data.example.no/qc/{n}",
            slug=f"qc-dataset-{n}",
            title_nb=f"QC datasett {n}",
            publisher=world.organisation,
            licence=licences[n % len(licences)],
            harvest_source=world.source,
        )
        for n in numbers
    )
    Dataset.data_themes.through.objects.bulk_create(
        Dataset.data_themes.through(dataset_id=d.pk, datatheme_id=t.pk)
        for d in datasets
        for t in themes[:3]
    )

    # The principle's key questions and challenges; more target pictures tied to principles.
    principle = Principle.objects.get(slug=PRINCIPLE)
    KeyQuestion.objects.bulk_create(
        KeyQuestion(principle=principle, position=100 + n, code=f"q{n}", text_nb="?", text_en="?")
        for n in numbers
    )
    Challenge.objects.bulk_create(
        Challenge(principle=principle, position=100 + n, text_nb="!", text_en="!") for n in numbers
    )
    pictures = TargetPicture.objects.bulk_create(
        TargetPicture(
            slug=f"qc-picture-{n}",
            position=100 + n,
            title_nb=f"Målbilde {n}",
            title_en=f"Target picture {n}",
            description_nb="",
            description_en="",
        )
        for n in numbers
    )
    principle.target_pictures.add(*pictures)

    # Meetings with agendas: public ones of the steering group and of the workgroup (in the
    # public, workgroup and person's calendars) and closed ones (in the person's only).
    meetings = Meeting.objects.bulk_create(
        Meeting(
            network=world.network,
            body=None if n % 3 == 1 else world.body,
            workgroup=world.workgroup if n % 3 == 1 else None,
            title_nb=f"Møte {n}",
            title_en=f"Meeting {n}",
            starts_at=now + n * HOUR,
            ends_at=now + n * HOUR + HOUR / 2,
            place="Rådhuset",
            is_public=n % 3 != 2,
        )
        for n in numbers
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=m, position=p, title=f"Sak {p}") for m in meetings for p in range(2)
    )


@pytest.mark.parametrize("viewer", ["anonymous", "token"])
def test_read_routes_run_the_same_number_of_queries_with_little_or_much_data(client, viewer):
    world = _world()
    headers: dict[str, str] = {}
    if viewer == "token":
        member = member_create(organisation=municipal_organisation("0301"), role=Role.EDITOR)
        _row, raw = api_token_create(user=member, name="query count")
        headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    routes = _routes(world, viewer)

    _grow(world, 0, SMALL)
    small = {url: _measure(client, url, status, **headers) for url, (status, _) in routes.items()}
    _grow(world, SMALL, LARGE)
    large = {url: _measure(client, url, status, **headers) for url, (status, _) in routes.items()}

    assert large == small
    over = {url: n for url, n in small.items() if n > routes[url][1]}
    assert not over, over


def test_the_read_routes_show_the_grown_data(client):
    """The data the counts grow is really what the routes read (else they prove nothing)."""
    world = _world()
    _grow(world, 0, LARGE)
    en = {"HTTP_ACCEPT_LANGUAGE": "en"}

    counties = {c["number"]: c for c in client.get("/api/v1/counties").json()["results"]}
    assert counties["03"]["municipality_count"] == 1 + LARGE
    assert client.get("/api/v1/counties/03").json()["municipality_count"] == 1 + LARGE
    decision = client.get(f"/api/v1/decisions/{world.decision.pk}", **en).json()
    assert len(decision["options"]) == 1 + LARGE
    lab = client.get(f"/api/v1/living-labs/{world.lab.slug}").json()
    assert len(lab["cases"]) == 100
    networks = {n["slug"]: n for n in client.get("/api/v1/networks").json()["results"]}
    assert networks["qc-net"]["member_count"] == 1 + LARGE
    principle = client.get(f"/api/v1/roadmap/principles/{PRINCIPLE}").json()
    assert len(principle["key_questions"]) > LARGE and len(principle["challenges"]) > LARGE
    assert client.get("/api/v1/roadmap/target-pictures").json()["count"] > LARGE
    assert len(client.get("/api/v1/sdgs/11").json()["targets"]) > LARGE
    unknown = client.get("/api/v1/no/such/endpoint")
    assert unknown.json()["detail"].startswith("No endpoint at /api/v1/no/such/endpoint")
    assert client.get("/api/v1/").json() == {"detail": "Not Found."}
    for url in (
        "/calendar.ics",
        f"/calendar/{world.calendar_token}.ics",
        f"/networks/qc-net/workgroups/{world.workgroup.slug}/calendar.ics",
    ):
        assert client.get(url).content.count(b"BEGIN:VEVENT") >= LARGE // 3, url


# Writes: two equivalent targets, one with little and one with much around it


def _open_decision(world: World, electors: list[Organisation], title: str) -> Decision:
    now = timezone.now()
    decision = Decision.objects.create(
        body=world.body,
        title_nb=title,
        opens_at=now - HOUR,
        closes_at=now + HOUR,
        status=Decision.Status.OPEN,
    )
    options = DecisionOption.objects.bulk_create(
        DecisionOption(decision=decision, position=i, label_nb=role, role=role)
        for i, role in enumerate(["yes", "no", "abstain"])
    )
    Elector.objects.bulk_create(
        Elector(decision=decision, organisation=o) for o in [world.member, *electors]
    )
    Ballot.objects.bulk_create(
        Ballot(decision=decision, organisation=o, option=options[i % 3], cast_at=now)
        for i, o in enumerate(electors)
    )
    VoteRecord.objects.bulk_create(
        VoteRecord(
            decision=decision, organisation=o, cast_by=world.person, cast_at=now, option=options[0]
        )
        for o in electors
    )
    return decision


def test_casting_a_vote_runs_the_same_number_of_queries_in_a_small_or_a_large_electorate(client):
    world = _world()
    _grow(world, 0, LARGE)  # the network has LARGE members besides world.member
    members = list(Organisation.objects.filter(slug__startswith="qc-org-").order_by("pk"))
    few = _open_decision(world, members[:SMALL], "Lite vedtak")
    many = _open_decision(world, members, "Stort vedtak")

    counts = []
    for decision in (few, many):
        yes = decision.options.get(role="yes")
        counts.append(
            _post(
                client,
                f"/api/v1/decisions/{decision.pk}/votes",
                {"organisation": world.member.pk, "option": yes.pk},
                world.person,
                200,
            )
        )

    assert counts[0] == counts[1]
    # 15 when written: token (2), decision and options (2), organisation, the locked seat,
    # its body, the representative check, ballot update and insert, the audit record and
    # four savepoint statements.
    assert counts[0] <= 16, counts
    assert Ballot.objects.filter(decision=many).count() == len(members) + 1


def _origin(owner: Organisation, title: str, n: int) -> Case:
    """A published case of `owner` with n lessons, links, partners and published adoptions,
    and a share of the tagging that grows with n."""
    oslo = owner.municipality
    case = Case.objects.create(
        slug=f"{title.lower().replace(' ', '-')}",
        owner=owner,
        municipality=oslo,
        title=title,
        summary="The origin.",
        is_published=True,
        published_at=timezone.now(),
    )
    case.themes.set(Theme.objects.order_by("pk")[: 1 + n // 30])
    case.technologies.set(Technology.objects.order_by("pk")[: 1 + n // 30])
    case.sdg_targets.set(SdgTarget.objects.order_by("pk")[: 1 + n // 3])
    Lesson.objects.bulk_create(
        Lesson(case=case, kind="worked", text=f"Lesson {i}", position=i) for i in range(n)
    )
    CaseLink.objects.bulk_create(
        CaseLink(case=case, url=f"https://example.org/{i}", title=f"Link {i}") for i in range(n)
    )
    partners = Organisation.objects.bulk_create(
        Organisation(name=f"{title} partner {i}", slug=f"{case.slug}-partner-{i}", kind="business")
        for i in range(n)
    )
    CasePartner.objects.bulk_create(CasePartner(case=case, organisation=p) for p in partners)
    # Earlier adoptions with the same title: the new slug must skip all of theirs.
    Case.objects.bulk_create(
        Case(
            slug=f"{case.slug}-{i + 2}",
            owner=partners[i],
            title=title,
            summary="An adoption.",
            adopted_from=case,
            lineage_root=case,
            is_published=True,
            published_at=timezone.now(),
        )
        for i in range(n)
    )
    return case


def test_adopting_a_case_runs_the_same_number_of_queries_for_a_lone_or_a_much_adopted_case(
    client,
):
    oslo = municipal_organisation("0301")
    bergen = municipal_organisation("4601")
    editor = member_create(organisation=bergen, role=Role.EDITOR)
    few = _origin(oslo, "Few adoptions", SMALL)
    many = _origin(oslo, "Many adoptions", LARGE)

    counts = [
        _post(client, f"/api/v1/cases/{origin.pk}/adopt", {"organisation": bergen.pk}, editor, 201)
        for origin in (few, many)
    ]

    assert counts[0] == counts[1]
    # 51 when written: token and rules (4); the origin and then the new draft read with
    # everything the case detail shows (14 each: one per related list); the six tag lists
    # copied (a read and an insert each); slug, municipality, case insert and savepoints.
    assert counts[0] <= 53, counts
    adopted = Case.objects.get(adopted_from=many, owner=bergen)
    assert adopted.slug == f"many-adoptions-{LARGE + 2}"
    assert adopted.sdg_targets.count() == many.sdg_targets.count() > SMALL
