"""How much a seed writes: the scale it accepts and the number of rows of each kind a scale
asks for."""

from __future__ import annotations

import math

MAX_SCALE = 1000.0
# The counts at scale 1 (see the package docstring).
BASE_COUNTS = {
    "organisations": 3000,
    "users": 10000,
    "cases": 5000,
    "datasets": 2000,
    "assessments": 300,
    "meetings": 50,
    "decisions": 20,
    "workgroups": 8,
    "network_members": 40,
}
# Rows generated and written per transaction.
CHUNKS = {"organisations": 5000, "users": 10000, "cases": 2000, "datasets": 1000}


class SeedError(Exception):
    """Input the seed refuses (a bad scale, a database that already has content); nothing
    has been changed when it is raised."""


def parse_scale(value: object) -> float:
    """The scale as a float: a finite number greater than 0 and at most MAX_SCALE."""
    try:
        scale = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise SeedError(
            f"--scale must be a number greater than 0, such as 0.01, 1 or 100; got {value!r}."
        ) from None
    if not math.isfinite(scale) or scale <= 0:
        raise SeedError(
            f"--scale must be a number greater than 0, such as 0.01, 1 or 100; got {value!r}."
        )
    if scale > MAX_SCALE:
        raise SeedError(f"--scale must be at most {MAX_SCALE:g}; got {value!r}.")
    return scale


def seed_counts(scale: float) -> dict[str, int]:
    """How many rows of each kind a scale asks for (at least one of each)."""
    return {name: max(1, int(base * scale + 0.5)) for name, base in BASE_COUNTS.items()}
