"""Scores computed by hand for the roadmap's scale: level 1 is 0 points, level 5 is 100."""

from __future__ import annotations

import pytest

from smartby.assessments import scoring


def test_level_points_span_the_scale():
    assert [scoring.level_points(level) for level in scoring.LEVELS] == [0, 25, 50, 75, 100]


@pytest.mark.parametrize("level", [0, 6, -1])
def test_a_level_outside_the_scale_is_refused(level):
    with pytest.raises(ValueError):
        scoring.level_points(level)


def test_principle_score_is_the_mean_of_the_answered_questions():
    # (100 + 100 + 50 + 0) / 4 = 62.5; unanswered questions do not count.
    assert scoring.principle_score([5, 5, 3, 1, None]) == 62.5
    assert scoring.principle_score([None, None]) is None


def test_overall_score_weighs_every_principle_the_same():
    assert scoring.overall_score([100.0, 0.0, None]) == 50.0
    assert scoring.overall_score([None]) is None


def test_spread_is_withheld_for_fewer_than_three():
    assert scoring.spread([10.0, 90.0]) is None
    result = scoring.spread([0.0, 25.0, 50.0, 75.0, 100.0])
    assert result is not None
    assert (result.n, result.q1, result.median, result.q3) == (5, 25.0, 50.0, 75.0)
    assert (result.minimum, result.maximum) == (0.0, 100.0)


@pytest.mark.parametrize(
    ("score", "band"), [(0, 1), (12.4, 1), (12.5, 2), (50, 3), (87.4, 4), (87.5, 5), (100, 5)]
)
def test_band_is_the_nearest_level(score, band):
    assert scoring.band(score) == band
