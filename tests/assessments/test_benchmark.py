"""Network figures come from shared, submitted assessments only, and never from fewer than
three municipalities."""

from __future__ import annotations

import pytest

from smartby.assessments.selectors.benchmark import benchmark, rounds_shared
from smartby.network.models import Network
from tests.assessments.factories import assessment_create
from tests.organisations.factories import municipal_organisation

pytestmark = pytest.mark.django_db

CODES = ["0301", "4601", "1103", "5001", "3405"]


def _shared(codes, year=2025, levels=None, visibility="network"):
    return [
        assessment_create(
            organisation=municipal_organisation(code),
            year=year,
            visibility=visibility,
            levels=levels[i] if levels else 3,
        )
        for i, code in enumerate(codes)
    ]


def test_median_and_quartiles_per_principle():
    _shared(CODES[:5], levels=[1, 2, 3, 4, 5])
    result = benchmark(year=2025)
    assert result.n == 5
    spread = result.for_principle(1)
    assert (spread.q1, spread.median, spread.q3) == (25.0, 50.0, 75.0)
    assert result.overall.median == 50.0


def test_private_drafts_and_other_rounds_never_count():
    _shared(CODES[:3], levels=[1, 1, 1])
    assessment_create(organisation=municipal_organisation("3405"), levels=5, visibility="private")
    assessment_create(
        organisation=municipal_organisation("0301"), year=2026, levels=5, visibility="public"
    )
    assessment_create(
        organisation=municipal_organisation("1506"), levels=5, visibility="public", submitted=False
    )
    result = benchmark(year=2025)
    assert result.n == 3
    assert result.for_principle(3).maximum == 0.0
    assert rounds_shared() == [(2026, 1), (2025, 3)]


def test_fewer_than_three_municipalities_are_withheld():
    _shared(CODES[:2], visibility="public")
    assessment_create(organisation=municipal_organisation("1103"), visibility="private")
    result = benchmark(year=2025)
    assert result.n == 2 and result.withheld
    assert result.overall is None
    assert all(item.spread is None for item in result.principles)


def test_network_filter_counts_only_current_members():
    nordic = Network.objects.get(slug="nordic-smart-city-network")
    # Oslo, Bergen and Stavanger are Nordic network members; Lillehammer is not.
    _shared(["0301", "4601", "1103", "3405"], levels=[2, 2, 2, 5])
    result = benchmark(year=2025, network_id=nordic.pk)
    assert result.n == 3
    assert result.for_principle(1).maximum == 25.0
