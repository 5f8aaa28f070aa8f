"""The demo runs both networks: members with representatives, a year of meetings, three
workgroups (one dissolved), a closed and an open decision, and the leadership's rotation."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.db.models import Max, Min
from django.utils import timezone

from smartby.network.models import (
    Ballot,
    Decision,
    LeadershipTerm,
    Meeting,
    NetworkMembership,
    PriorityRound,
    VoteRecord,
    Workgroup,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("demo", verbosity=0)


def test_both_networks_have_members_with_representatives_and_a_year_of_meetings(demo):
    now = timezone.now()
    for slug in ("smartbyene", "nordic-smart-city-network"):
        members = NetworkMembership.objects.filter(network__slug=slug, left_on__isnull=True)
        assert members.count() == 14
        assert members.filter(representative__isnull=False).count() >= 12
        meetings = Meeting.objects.filter(network__slug=slug)
        assert meetings.filter(starts_at__lt=now).exists()
        assert meetings.filter(starts_at__gt=now).exists()
        span = meetings.aggregate(first=Min("starts_at"), last=Max("starts_at"))
        assert span["last"] - span["first"] >= datetime.timedelta(days=300)
        past = meetings.filter(starts_at__lt=now, body__isnull=False).first()
        assert past.minutes and past.attendance.exists() and past.agenda.exists()
        assert LeadershipTerm.objects.filter(network__slug=slug).count() >= 3


def test_three_workgroups_one_dissolved_with_meetings(demo):
    groups = Workgroup.objects.filter(network__slug="smartbyene")
    assert groups.count() == 3
    dissolved = groups.get(dissolved_on__isnull=False)
    assert Meeting.objects.filter(workgroup=dissolved).exists()
    assert not Meeting.objects.filter(
        workgroup=dissolved, starts_at__date__gt=dissolved.dissolved_on
    ).exists()


def test_a_closed_and_an_open_decision(demo):
    decisions = Decision.objects.filter(body__network__slug="smartbyene")
    closed = decisions.get(status=Decision.Status.CLOSED)
    assert closed.outcome == Decision.Outcome.ADOPTED
    assert closed.tally["cast"] == Ballot.objects.filter(decision=closed).count() > 0
    opened = decisions.get(status=Decision.Status.OPEN)
    assert opened.secret and opened.closes_at > timezone.now()
    assert not VoteRecord.objects.filter(decision=opened, option__isnull=False).exists()
    # The demo coordinator (Asker's representative) has a vote left to cast.
    asker = NetworkMembership.objects.get(
        network__slug="smartbyene", organisation__slug="asker-kommune"
    )
    assert asker.representative.email == "koordinator@demo.smartby.no"
    assert not Ballot.objects.filter(decision=opened, organisation=asker.organisation).exists()
    assert PriorityRound.objects.filter(status=PriorityRound.Status.CLOSED).exists()
