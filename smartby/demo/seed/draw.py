"""Chance and time for the seed: weighted choices, distinct picks, dates around a fixed
moment, and unique slugs."""

from __future__ import annotations

import bisect
import datetime
import itertools
import random
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from smartby.core.text import slugify_nordic

T = TypeVar("T")

# Dates are placed around this moment, not around today, so two runs give the same rows.
EPOCH = datetime.datetime(2026, 11, 1, 12, 0, tzinfo=datetime.UTC)


class Picker:
    """Weighted choice with a given Random (cumulative weights and bisect: O(log n))."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        if not items:
            raise ValueError("nothing to pick from")
        self.items: list[Any] = list(items)
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> Any:
        index = bisect.bisect_right(self.cumulative, rng.random() * self.total)
        return self.items[min(index, len(self.items) - 1)]


def some(rng: random.Random, preferred: Sequence[T], others: Sequence[T], k: int) -> list[T]:
    """k distinct values: the preferred ones first (in random order), then any others."""
    first = list(preferred)
    rng.shuffle(first)
    chosen = first[:k]
    rest = [v for v in others if v not in chosen]
    while len(chosen) < k and rest:
        chosen.append(rest.pop(rng.randrange(len(rest))))
    return chosen


def date_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    days = max(0, (end - start).days)
    return start + datetime.timedelta(days=rng.randint(0, days))


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=datetime.UTC)


class Slugs:
    """Unique slugs from names, numbered -2, -3 ... when a name repeats (as unique_slug
    does), counting on per name so that a name used thousands of times costs no search."""

    def __init__(self, taken: Iterable[str]) -> None:
        self.taken = set(taken)
        self.last: dict[str, int] = {}
        self.number = 1  # of the slug made last: 1, or the number added to it

    def make(self, name: str, *, fallback: str) -> str:
        base = slugify_nordic(name)[:80].strip("-") or fallback
        n = self.last.get(base, 1)
        slug = base
        while slug in self.taken:
            n += 1
            slug = f"{base}-{n}"
        self.last[base] = n
        self.taken.add(slug)
        self.number = 1 if slug == base else n
        return slug
