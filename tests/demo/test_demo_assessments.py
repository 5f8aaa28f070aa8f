"""The demo self-assessments and workgroups: enough, varied, shared, and idempotent."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings

from smartby.assessments.models import Answer, Assessment, Section, Status
from smartby.assessments.selectors.benchmark import benchmark
from smartby.demo.assessments import load_demo_assessments
from smartby.demo.content import load_demo
from smartby.network.models import Workgroup

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER),
        transaction.atomic(),
    ):
        load_demo()
        yield
        transaction.set_rollback(True)


pytestmark = [pytest.mark.usefixtures("demo"), pytest.mark.django_db]


def test_at_least_twelve_municipalities_have_two_rounds():
    submitted = Assessment.objects.filter(status=Status.SUBMITTED)
    rounds: dict[int, set[int]] = {}
    for org_id, year in submitted.values_list("organisation_id", "year"):
        rounds.setdefault(org_id, set()).add(year)
    assert sum(1 for years in rounds.values() if len(years) >= 2) >= 12
    assert not Assessment.objects.filter(is_demo=False).exists()


def test_profiles_differ_and_the_network_figures_are_shown():
    for year in (2025, 2026):
        figures = benchmark(year=year)
        assert not figures.withheld and figures.n >= 3
    best = {}
    for principle in range(1, 9):
        top = (
            Section.objects.filter(assessment__year=2025, principle__number=principle)
            .order_by("-score", "assessment__organisation__name")
            .values_list("assessment__organisation_id", flat=True)
            .first()
        )
        best[principle] = top
    assert len(set(best.values())) >= 3
    assert Assessment.objects.filter(visibility="private", status=Status.SUBMITTED).count() >= 2
    assert Section.barriers.through.objects.exists()
    assert Answer.objects.exclude(comment="").exists()
    assert Answer.evidence.through.objects.exists()


def test_asker_can_start_its_2026_round_from_2025():
    asker = Assessment.objects.filter(organisation__municipality__code="3203")
    assert sorted(asker.values_list("year", flat=True)) == [2024, 2025]
    draft = Assessment.objects.get(organisation__municipality__code="3303", year=2026)
    assert draft.status == Status.DRAFT and 0 < draft.answered < 58


def test_three_workgroups_one_dissolved():
    groups = Workgroup.objects.filter(is_demo=True)
    assert groups.count() == 3
    assert groups.filter(dissolved_on__isnull=False).count() == 1
    assert all(g.theme_id and g.lead_id for g in groups)


def test_loading_again_changes_nothing():
    before = (Assessment.objects.count(), Answer.objects.count(), Workgroup.objects.count())
    assert load_demo_assessments() == {"assessments": 0, "workgroups": 0}
    after = (Assessment.objects.count(), Answer.objects.count(), Workgroup.objects.count())
    assert before == after
