"""The API of a network's members, workgroups and meetings: fields, privacy (representatives
who hide themselves, closed meetings), filters, bad input, and a constant number of queries."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from smartby.accounts.services import api_token_create
from smartby.network.models import (
    AgendaItem,
    Attendance,
    Body,
    Document,
    Meeting,
    Network,
    NetworkMembership,
    NetworkRole,
    Workgroup,
)
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


def test_members_with_representatives_only_when_they_allow_it(client, network):
    shown_org, shown = seat(network)
    _hidden_org, hidden = seat(network, public=False)
    former, _ = seat(network, left=True)
    body = client.get("/api/v1/networks/testnett/members", **EN).json()
    assert body["count"] == 2
    rows = {r["organisation"]["slug"]: r for r in body["results"]}
    assert rows[shown_org.slug]["representative"] == {"name": shown.full_name, "title": "Lead"}
    assert [
        r["representative"] for r in rows.values() if r["organisation"]["slug"] != shown_org.slug
    ] == [None]
    assert hidden.email not in str(body) and shown.email not in str(body)
    with_former = client.get("/api/v1/networks/testnett/members?include_former=true").json()
    assert former.slug in {r["organisation"]["slug"] for r in with_former["results"]}
    missing = client.get("/api/v1/networks/nope/members", **EN)
    assert (
        missing.status_code == 404 and "No network has the slug 'nope'." in missing.json()["detail"]
    )


def test_workgroups_with_filters(client, network):
    org, _rep = seat(network)
    active = Workgroup.objects.create(
        network=network,
        slug="data",
        name_nb="Data",
        name_en="Data",
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
    assert [(r["slug"], r["lead"], r["members"]) for r in rows] == [("data", org.slug, [org.slug])]
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
    assert client.get(f"/api/v1/meetings/{closed.pk}", **EN).status_code == 404
    _token, raw = api_token_create(user=rep, name="calendar")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}", **EN}
    ids = [r["id"] for r in client.get("/api/v1/meetings", **auth).json()["results"]]
    assert ids == [public.pk, closed.pk]
    detail = client.get(f"/api/v1/meetings/{closed.pk}", **auth).json()
    assert detail["minutes"] == "Referat" and detail["attendance"] == 1
    assert rep.email not in str(detail)
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
    ids = lambda q: [r["id"] for r in client.get(f"/api/v1/meetings?{q}", **EN).json()["results"]]  # noqa: E731
    assert ids("workgroup=wg") == [wg.pk]
    assert len(ids("from=2026-12-04&to=2026-12-15")) == 1
    assert len(ids("status=cancelled")) == 1 and len(ids("body=steering_group")) == 2
    for query, message in [
        ("from=2026-12-10&to=2026-12-01", "must be on or before 'to'"),
        ("from=yesterday", "from"),
        ("network=nope", "no network has the slug"),
        ("body=board", "body"),
    ]:
        response = client.get(f"/api/v1/meetings?{query}", **EN)
        assert response.status_code == 422 and message in str(response.json()), query


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, **EN).status_code == 200
    return len(queries)


def test_constant_queries_with_3_or_300_members_and_many_meetings(client, network):
    NetworkRole.objects.create(network=network, user=user_create())
    for _ in range(3):
        seat(network)
    group = Workgroup.objects.create(
        network=network, slug="wg", name_nb="WG", name_en="WG", created_on=timezone.localdate()
    )
    m = meeting(network)
    AgendaItem.objects.create(meeting=m, title="Sak")
    urls = [
        "/api/v1/networks/testnett/members?limit=100",
        "/api/v1/workgroups",
        "/api/v1/meetings?limit=100",
        f"/api/v1/meetings/{m.pk}",
    ]
    small = [_queries(client, u) for u in urls]
    orgs = [organisation_create() for _ in range(297)]
    NetworkMembership.objects.bulk_create(
        [NetworkMembership(network=network, organisation=o) for o in orgs]
    )
    group.members.set(orgs)
    for day in range(1, 28):
        extra = meeting(network, day=day)
        AgendaItem.objects.create(meeting=extra, title="Sak")
        Document.objects.create(meeting=extra, title="D", url="https://example.org/d")
    assert [_queries(client, u) for u in urls] == small
