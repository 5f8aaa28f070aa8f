"""How answers become scores and how scores are summarised; pure functions, no queries.

A level on the five-step scale counts as (level − 1) / 4 of a principle: "not started" 0,
"embedded" 1. A principle's score is the mean over its answered key questions, as 0–100. The
overall score is the mean of the principle scores, so every principle weighs the same however
many key questions it has. Network figures are the median and quartiles of the principle
scores of the municipalities that share, and are withheld when fewer than
`MIN_GROUP` municipalities would be summarised.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

LEVELS = (1, 2, 3, 4, 5)
MIN_GROUP = 3


def level_points(level: int) -> float:
    if level not in LEVELS:
        raise ValueError(f"level {level!r} is not on the scale 1–5")
    return (level - 1) / 4 * 100


def principle_score(levels: Iterable[int | None]) -> float | None:
    """Mean of the answered levels as 0–100, or None when nothing is answered."""
    points = [level_points(level) for level in levels if level is not None]
    if not points:
        return None
    return round(sum(points) / len(points), 1)


def overall_score(scores: Iterable[float | None]) -> float | None:
    present = [s for s in scores if s is not None]
    if not present:
        return None
    return round(sum(present) / len(present), 1)


@dataclass(frozen=True)
class Spread:
    """Median and quartiles of a group of scores; `n` is the number of municipalities."""

    n: int
    median: float
    q1: float
    q3: float
    minimum: float
    maximum: float


def spread(scores: Sequence[float]) -> Spread | None:
    """The group's median and quartiles, or None for a group smaller than MIN_GROUP."""
    values = sorted(scores)
    if len(values) < MIN_GROUP:
        return None
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return Spread(
        n=len(values),
        median=round(median, 1),
        q1=round(q1, 1),
        q3=round(q3, 1),
        minimum=round(values[0], 1),
        maximum=round(values[-1], 1),
    )


def band(score: float | None) -> int | None:
    """The maturity level nearest to a score (1–5), for colours and words."""
    if score is None:
        return None
    return max(1, min(5, int(score / 25 + 0.5) + 1))
