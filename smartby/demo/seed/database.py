"""Running a seed: refuse a database that already has content (unless it is flushed), load
the reference data when it is missing, run the steps in order, and report rows and seconds."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from smartby.accounts.models import User
from smartby.cases.models import Case, Theme
from smartby.demo.seed.assessments import seed_assessments
from smartby.demo.seed.cases import seed_cases
from smartby.demo.seed.catalog import seed_datasets
from smartby.demo.seed.network import seed_networks
from smartby.demo.seed.organisations import EMAIL_DOMAIN, seed_organisations, seed_people
from smartby.demo.seed.scale import SeedError, parse_scale
from smartby.demo.seed.seeder import Seeder
from smartby.demo.seed.writer import bulk_load_session, quiet_debug_cursor
from smartby.network.models import Body, Network
from smartby.organisations.models import Municipality
from smartby.reference.models import Licence
from smartby.roadmap.models import KeyQuestion

# The steps in order: each reads what the ones before it made (people join organisations,
# cases name their authors, datasets link cases, assessments cite them ...).
STEPS: tuple[tuple[str, Callable[[Seeder], None]], ...] = (
    ("organisations", seed_organisations),
    ("people", seed_people),
    ("cases", seed_cases),
    ("datasets", seed_datasets),
    ("assessments", seed_assessments),
    ("networks", seed_networks),
    ("sequences", lambda seeder: seeder.writer.reset_sequences()),
    ("search indexes", lambda seeder: seeder.writer.rebuild_indexes()),
)


@dataclass
class SeedReport:
    """What a seed wrote: rows and seconds per table, seconds per step."""

    scale: float
    seed: int
    rows: dict[str, int]
    seconds: dict[str, float]
    steps: dict[str, float]
    total_seconds: float
    notes: list[str] = field(default_factory=list)


def seed_database(
    *,
    scale: float,
    seed: int = 1,
    flush: bool = False,
    out: Callable[[str], None] = lambda line: None,
) -> SeedReport:
    """Fill the database with synthetic data for `scale` (see the package docstring).
    Raises SeedError, having changed nothing, for a bad scale or when the database already
    has cases (or seeded people) and `flush` is false. With `flush` the whole database is
    emptied first (every table, as `smartby flush` does) and the reference data reloaded."""
    scale = parse_scale(scale)
    if not flush:
        existing = _existing_content()
        if existing:
            raise SeedError(
                f"The database already has {existing}. Seeding adds to an empty database "
                "only: run again with --flush to empty the whole database first (every "
                "table, people included) and then seed it."
            )
    started = time.perf_counter()
    steps: dict[str, float] = {}
    with (
        translation.override(settings.LANGUAGE_CODE),
        quiet_debug_cursor(),
        bulk_load_session(),
    ):
        if flush:
            t = time.perf_counter()
            _flush()
            steps["flush"] = time.perf_counter() - t
            out(f"flush: database emptied ({steps['flush']:.1f} s)")
        t = time.perf_counter()
        if _reference_missing():
            call_command("loadrefs", verbosity=0)
            out(f"loadrefs: reference data loaded ({time.perf_counter() - t:.1f} s)")
        steps["reference data"] = time.perf_counter() - t
        seeder = Seeder(scale=scale, seed=seed, out=out)
        try:
            _run(seeder, steps)
        except BaseException:
            out(
                "The seed stopped part-way: the database keeps the chunks written so far. "
                "Run again with --flush to start from an empty database."
            )
            raise
        _restart_change_history()
        t = time.perf_counter()
        from smartby.core.postings import postings_build_all

        postings_build_all()
        steps["search postings"] = time.perf_counter() - t
        out(f"search postings: built in {steps['search postings']:.1f} s")
    total = time.perf_counter() - started
    return SeedReport(
        scale=scale,
        seed=seed,
        rows=dict(seeder.writer.rows),
        seconds=dict(seeder.writer.seconds),
        steps=steps,
        total_seconds=total,
        notes=seeder.notes,
    )


def _run(seeder: Seeder, steps: dict[str, float]) -> None:
    c = seeder.counts
    seeder.out(
        f"seed {seeder.seed}, scale {seeder.scale:g}: {c['organisations']:,} organisations, "
        f"{c['users']:,} people, {c['cases']:,} cases, {c['datasets']:,} datasets, "
        f"{c['assessments']:,} assessments, {c['meetings']:,} meetings, "
        f"{c['decisions']:,} decisions"
    )
    for name, step in STEPS:
        started = time.perf_counter()
        step(seeder)
        steps[name] = time.perf_counter() - started
        seeder.out(f"{name}: done in {steps[name]:.1f} s")


def _restart_change_history() -> None:
    """The triggers wrote a change row per seeded row (see smartby.core.facets): those are
    dropped and one new row per kind written, so that every process rebuilds its facet
    bitmaps and page cache once instead of reading millions of changes."""
    from smartby.core.models import FacetChange

    FacetChange.objects.all().delete()
    tokens = random.Random()  # noqa: S311 - a version marker, not a secret
    FacetChange.objects.bulk_create(
        FacetChange(collection=name, object_id=0, token=tokens.randrange(1, 2**53))
        for name in ("cases", "datasets", "site")
    )


def _flush() -> None:
    """Empty every table (Django's flush). PostgreSQL refuses to TRUNCATE tables with
    foreign-key checks still pending, which happens when the caller's transaction has
    written rows (tests do): those checks are run first, and deferred again after."""
    pending = connection.vendor == "postgresql" and connection.in_atomic_block
    if pending:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if pending:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _existing_content() -> str:
    cases = Case.objects.count()
    if cases:
        return f"{cases:,} case{'s' if cases != 1 else ''}"
    seeded = User.objects.filter(email__endswith="@" + EMAIL_DOMAIN).count()
    if seeded:
        return f"{seeded:,} seeded people (from an earlier, unfinished seed)"
    return ""


def _reference_missing() -> bool:
    return not (
        Municipality.objects.filter(country="NO").exists()
        and Network.objects.filter(slug="smartbyene").exists()
        and KeyQuestion.objects.exists()
        and Theme.objects.exists()
        and Licence.objects.exists()
        and Body.objects.exists()
    )
