"""The API of a network's members, workgroups and meetings: fields, privacy (representatives
who hide themselves, closed meetings), filters, bad input, and a constant number of queries."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from smartby.accounts.models import User
from smartby.accounts.services import api_token_create
from smartby.network.models import (
    AgendaItem,
    Attendance,
    Body,
    Document,
    Meeting,
    Network,
    NetworkMembership,
    Workgroup,
    WorkTheme,
)
from smartby.organisations.models import Municipality, Organisation, OrganisationKind
from tests.accounts.factories import user_create
from tests.organisations.factories import organisation_create

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


@pytest.fixture
def network():
    return Network.objects.create(slug="testnett", name_nb="Testnett", name_en="Test network")


def seat(network, *, public=True, left=False):
    org = organisation_create()
    rep = user_create(is_public=public, title="Lead")
    NetworkMembership.objects.create(
        network=network,
        organisation=org,
        representative=rep,
        joined_on=datetime.date(2020, 1, 1),
        left_on=datetime.date(2024, 1, 1) if left else None,
    )
    return org, rep


def meeting(network, *, public=True, day=5, body=None, workgroup=None, **extra):
    if body is None and workgroup is None:
        body, _ = Body.objects.get_or_create(network=network, kind=Body.Kind.STEERING_GROUP)
    start = datetime.datetime(2026, 12, day, 10, tzinfo=OSLO)
    return Meeting.objects.create(
        network=network,
        body=body,
        workgroup=workgroup,
        title_nb="Møte",
        title_en="Meeting",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        place="Rådhuset",
        is_public=public,
        **extra,
    )


def test_members_are_listed_by_name_with_representatives_only_when_they_allow_it(client, network):
    shown_org, shown = seat(network)
    hidden_org, hidden = seat(network, public=False)
    deputy = user_create(is_public=False, title="Deputy")
    NetworkMembership.objects.filter(organisation=shown_org).update(deputy=deputy)
    body = client.get("/api/v1/networks/testnett/members", **EN).json()
    assert body["count"] == 2
    rows = {r["organisation"]["slug"]: r for r in body["results"]}
    assert [r["organisation"]["name"] for r in body["results"]] == sorted(
        [shown_org.name, hidden_org.name]
    )
    assert rows[shown_org.slug] == {
        "organisation": {
            "slug": shown_org.slug,
            "name": shown_org.name,
            "kind": "business",
            "url": f"/en/organisations/{shown_org.slug}/",
        },
        "joined_on": "2020-01-01",
        "left_on": None,
        "representative": {"name": shown.full_name, "title": "Lead"},
        "deputy": None,
    }
    assert rows[hidden_org.slug]["representative"] is None
    for person in (shown, hidden, deputy):
        assert person.email not in str(body)
    assert hidden.full_name not in str(body) and deputy.full_name not in str(body)


def test_former_members_only_with_include_former(client, network):
    current, _ = seat(network)
    former, _ = seat(network, left=True)
    slugs = lambda q: {  # noqa: E731
        r["organisation"]["slug"]: r["left_on"]
        for r in client.get(f"/api/v1/networks/testnett/members{q}", **EN).json()["results"]
    }
    assert slugs("") == {current.slug: None}
    assert slugs("?include_former=true") == {current.slug: None, former.slug: "2024-01-01"}


def test_members_of_an_unknown_network_are_404_with_a_clear_message(client):
    missing = client.get("/api/v1/networks/nope/members", **EN)
    assert missing.status_code == 404
    assert missing.json()["detail"] == "No network has the slug 'nope'."


def test_workgroups_with_filters(client, network):
    org, _rep = seat(network)
    theme = WorkTheme.objects.create(network=network, slug="mobility", name_nb="M", name_en="M")
    active = Workgroup.objects.create(
        network=network,
        slug="data",
        name_nb="Data",
        name_en="Data",
        mandate_en="Share **data**.",
        theme=theme,
        lead=org,
        created_on=datetime.date(2025, 1, 1),
    )
    active.members.add(org)
    Workgroup.objects.create(
        network=network,
        slug="old",
        name_nb="Gammel",
        name_en="Old",
        created_on=datetime.date(2020, 1, 1),
        dissolved_on=datetime.date(2022, 1, 1),
    )
    rows = client.get("/api/v1/workgroups?network=testnett&active=true", **EN).json()["results"]
    assert rows == [
        {
            "slug": "data",
            "network": "testnett",
            "name": "Data",
            "theme": "mobility",
            "mandate": "Share **data**.",
            "lead": org.slug,
            "members": [org.slug],
            "created_on": "2025-01-01",
            "dissolved_on": None,
            "url": "/en/networks/testnett/workgroups/data/",
        }
    ]
    rows = client.get("/api/v1/workgroups?theme=mobility", **EN).json()["results"]
    assert [r["slug"] for r in rows] == ["data"]
    rows = client.get("/api/v1/workgroups?active=false", **EN).json()["results"]
    assert [(r["slug"], r["dissolved_on"]) for r in rows] == [("old", "2022-01-01")]
    bad = client.get("/api/v1/workgroups?network=nope", **EN)
    assert bad.status_code == 422 and "no network has the slug 'nope'" in bad.json()["detail"]


def test_meetings_public_for_all_and_closed_ones_for_those_invited(client, network):
    _org, rep = seat(network)
    public = meeting(network)
    AgendaItem.objects.create(meeting=public, title="Budsjett")
    Document.objects.create(meeting=public, title="Innkalling", url="https://example.org/i.pdf")
    closed = meeting(network, public=False, day=6, minutes="Referat")
    Attendance.objects.create(meeting=closed, user=rep)
    rows = client.get("/api/v1/meetings", **EN).json()["results"]
    assert [r["id"] for r in rows] == [public.pk]
    assert rows[0]["agenda"] == ["Budsjett"] and rows[0]["documents"][0]["title"] == "Innkalling"
    assert rows[0]["starts_at"] == "2026-12-05T09:00:00Z" and rows[0]["body"] == "steering_group"
    assert rows[0]["ends_at"] == "2026-12-05T10:00:00Z" and rows[0]["workgroup"] is None
    assert rows[0]["title"] == "Meeting" and rows[0]["network"] == "testnett"
    assert (
        rows[0]["has_minutes"] is False
        and rows[0]["url"] == f"/en/networks/testnett/meetings/{public.pk}/"
    )
    assert client.get(f"/api/v1/meetings/{closed.pk}", **EN).status_code == 404
    _token, raw = api_token_create(user=rep, name="calendar")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}", **EN}
    ids = [r["id"] for r in client.get("/api/v1/meetings", **auth).json()["results"]]
    assert ids == [public.pk, closed.pk]
    detail = client.get(f"/api/v1/meetings/{closed.pk}", **auth).json()
    assert detail["minutes"] == "Referat" and detail["attendance"] == 1
    assert rep.email not in str(detail) and rep.full_name not in str(detail)
    _token, stranger = api_token_create(user=user_create(), name="other")
    strangers = {"HTTP_AUTHORIZATION": f"Bearer {stranger}", **EN}
    assert [r["id"] for r in client.get("/api/v1/meetings", **strangers).json()["results"]] == [
        public.pk
    ]
    assert client.get(f"/api/v1/meetings/{closed.pk}", **strangers).status_code == 404
    refused = client.get("/api/v1/meetings", HTTP_AUTHORIZATION="Bearer wrong")
    assert refused.status_code == 401


def test_meeting_filters_and_bad_input(client, network):
    org, _rep = seat(network)
    group = Workgroup.objects.create(
        network=network,
        slug="wg",
        name_nb="WG",
        name_en="WG",
        lead=org,
        created_on=datetime.date(2025, 1, 1),
    )
    meeting(network, day=3)
    wg = meeting(network, day=10, workgroup=group)
    meeting(network, day=20, status=Meeting.Status.CANCELLED)
    other = Network.objects.create(slug="annet", name_nb="Annet", name_en="Other")
    elsewhere = meeting(other, day=4)
    ids = lambda q: [r["id"] for r in client.get(f"/api/v1/meetings?{q}", **EN).json()["results"]]  # noqa: E731
    assert ids("workgroup=wg") == [wg.pk]
    assert len(ids("network=testnett")) == 3 and ids("network=annet") == [elsewhere.pk]
    assert ids("from=2026-12-04&to=2026-12-15") == [elsewhere.pk, wg.pk]
    assert len(ids("status=cancelled")) == 1 and len(ids("body=steering_group")) == 3
    for query, message in [
        ("from=2026-12-10&to=2026-12-01", "from: must be on or before 'to'"),
        ("from=yesterday", "from: Input should be a valid date"),
        ("to=2026-13-01", "to: Input should be a valid date"),
        ("network=nope", "network: no network has the slug 'nope'"),
        ("body=board", "body: Input should be 'owner_meeting'"),
        ("status=maybe", "status: Input should be 'scheduled' or 'cancelled'"),
    ]:
        response = client.get(f"/api/v1/meetings?{query}", **EN)
        assert response.status_code == 422, query
        assert response.json()["detail"].startswith(message), response.json()


def _queries(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **{**EN, **headers})
    assert response.status_code == 200, (url, response.content)
    return len(queries)


def grow(network, *, members, items, rep):
    """Bring the network to `members` member organisations (each with a public
    representative and deputy, one in ten former) and to `items` workgroups and `items`
    meetings (half of them closed), each meeting with agenda, documents and attendance."""
    municipality = Municipality.objects.get(country="NO", code="0301")
    have = NetworkMembership.objects.filter(network=network).count()
    new = range(have, members)
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Bulk {i:03}",
                slug=f"bulk-{i}",
                kind=OrganisationKind.BUSINESS,
                municipality=municipality,
                county=municipality.county,
            )
            for i in new
        ]
    )
    people = User.objects.bulk_create(
        [
            User(email=f"bulk{i}-{role}@example.org", full_name=f"Bulk {role} {i}", is_public=True)
            for i in new
            for role in ("rep", "deputy")
        ]
    )
    NetworkMembership.objects.bulk_create(
        [
            NetworkMembership(
                network=network,
                organisation=org,
                representative=people[2 * n],
                deputy=people[2 * n + 1],
                joined_on=datetime.date(2021, 1, 1),
                left_on=datetime.date(2024, 1, 1) if n % 10 == 9 else None,
            )
            for n, org in enumerate(orgs)
        ]
    )
    all_orgs = list(Organisation.objects.filter(network_memberships__network=network))
    theme, _ = WorkTheme.objects.get_or_create(
        network=network, slug="data", defaults={"name_nb": "Data", "name_en": "Data"}
    )
    start = Workgroup.objects.filter(network=network).count()
    groups = Workgroup.objects.bulk_create(
        [
            Workgroup(
                network=network,
                slug=f"group-{i}",
                name_nb=f"Gruppe {i}",
                name_en=f"Group {i}",
                theme=theme if i % 2 else None,
                lead=all_orgs[i % len(all_orgs)],
                created_on=datetime.date(2025, 1, 1),
            )
            for i in range(start, items)
        ]
    )
    Workgroup.members.through.objects.bulk_create(
        [
            Workgroup.members.through(workgroup=group, organisation=org)
            for group in groups
            for org in all_orgs[:5]
        ]
    )
    group = Workgroup.objects.get(network=network, slug="group-0")
    body, _ = Body.objects.get_or_create(network=network, kind=Body.Kind.STEERING_GROUP)
    first = datetime.datetime(2026, 12, 1, 10, tzinfo=OSLO)
    start = Meeting.objects.filter(network=network).count()
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(
                network=network,
                body=None if i % 3 == 0 else body,
                workgroup=group if i % 3 == 0 else None,
                title_nb=f"Møte {i}",
                title_en=f"Meeting {i}",
                starts_at=first + datetime.timedelta(days=i),
                ends_at=first + datetime.timedelta(days=i, hours=2),
                is_public=i % 2 == 0,
                minutes="Referat" if i % 4 == 0 else "",
            )
            for i in range(start, items)
        ]
    )
    AgendaItem.objects.bulk_create(
        [AgendaItem(meeting=m, position=p, title=f"Sak {p}") for m in meetings for p in (1, 2)]
    )
    Document.objects.bulk_create(
        [Document(meeting=m, title="Innkalling", url="https://example.org/i.pdf") for m in meetings]
    )
    Attendance.objects.bulk_create([Attendance(meeting=m, user=rep) for m in meetings])
    Attendance.objects.bulk_create(
        [Attendance(meeting=meetings[0], user=p) for p in people] if meetings else []
    )


def test_every_endpoint_runs_as_many_queries_with_3_or_300_members_and_3_or_60_items(
    client, network
):
    _org, rep = seat(network)
    _token, raw = api_token_create(user=rep, name="calendar")
    token = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    grow(network, members=3, items=3, rep=rep)
    closed = Meeting.objects.filter(is_public=False).first()
    assert closed is not None
    urls = [
        ("/api/v1/networks/testnett/members?limit=100", {}),
        ("/api/v1/networks/testnett/members?limit=100&include_former=true", {}),
        ("/api/v1/workgroups?limit=100", {}),
        ("/api/v1/workgroups?limit=100&network=testnett&theme=data&active=true", {}),
        ("/api/v1/meetings?limit=100", {}),
        ("/api/v1/meetings?limit=100&network=testnett&from=2026-01-01", token),
        (f"/api/v1/meetings/{closed.pk}", token),
    ]
    small = [_queries(client, url, **headers) for url, headers in urls]

    grow(network, members=300, items=60, rep=rep)
    assert NetworkMembership.objects.filter(network=network).count() == 300
    assert Workgroup.objects.count() == Meeting.objects.count() == 60
    counts = {
        url: len(client.get(url, **{**EN, **headers}).json()["results"])
        for url, headers in urls[:-1]
    }
    assert counts[urls[0][0]] == 100 and counts[urls[2][0]] == 60
    assert counts[urls[4][0]] == 30 and counts[urls[5][0]] == 60
    assert [_queries(client, url, **headers) for url, headers in urls] == small
