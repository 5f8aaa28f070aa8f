"""How the seed writes: rows with their own ids, bulk-created a chunk per transaction, on a
connection with relaxed durability and without DEBUG's statement log; after the load the
id sequences moved past them and the full-text indexes rebuilt once."""

from __future__ import annotations

import itertools
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max, Model
from django.utils.module_loading import autodiscover_modules

from smartby.core.search import registered_rebuilds

# Rows to write, grouped by model; parents come first (the dict's order).
Rows = dict[type[Model], list[Any]]


def new_rows() -> Rows:
    """Rows for one transaction: a list per model, in the order the models are first named."""
    return defaultdict(list)


class Writer:
    """Writes rows with bulk_create, a chunk per transaction, and keeps per-table counts and
    the time spent writing each table."""

    def __init__(self, out: Callable[[str], None]) -> None:
        self.out = out
        self.rows: dict[str, int] = defaultdict(int)
        self.seconds: dict[str, float] = defaultdict(float)
        # SQLite caps a statement at 999 parameters; Django cuts the batches to fit.
        self.batch_size = 1000 if connection.vendor == "sqlite" else 2000
        self.ids: dict[type[Model], Iterator[int]] = {}

    def next_id(self, model: type[Model]) -> int:
        """Ids are given here, not by the database, so rows can point at each other before
        they are written (foreign keys are checked at commit on both databases)."""
        if model not in self.ids:
            largest = model._default_manager.aggregate(largest=Max("pk"))["largest"] or 0
            self.ids[model] = itertools.count(largest + 1)
        return next(self.ids[model])

    def write(self, groups: Rows) -> None:
        """Write every group (parents first: the dict's order) in one transaction."""
        with transaction.atomic():
            for model, objs in groups.items():
                if not objs:
                    continue
                started = time.perf_counter()
                model._default_manager.bulk_create(objs, batch_size=self.batch_size)
                table = model._meta.db_table
                self.seconds[table] += time.perf_counter() - started
                self.rows[table] += len(objs)

    def reset_sequences(self) -> None:
        """Rows were written with their ids: move PostgreSQL's sequences past them (SQLite's
        AUTOINCREMENT follows by itself)."""
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.ids))
        if statements:
            with transaction.atomic(), connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)

    def rebuild_indexes(self) -> None:
        """Rebuild the full-text indexes once, counted like the tables."""
        # Each app registers its index in its `search` module (see `smartby reindex`).
        autodiscover_modules("search")
        for table, rebuild in sorted(registered_rebuilds().items()):
            started = time.perf_counter()
            count = rebuild()
            self.seconds[f"{table} (index)"] += time.perf_counter() - started
            self.rows[f"{table} (index)"] += count
            self.out(f"  {table}: {count:,} rows indexed ({time.perf_counter() - started:.1f} s)")


@contextmanager
def quiet_debug_cursor() -> Iterator[None]:
    """With DEBUG on (the development default) every statement is formatted and the last
    9,000 kept in memory: with thousand-row INSERTs that is gigabytes and a third of the
    time. The load runs with it off."""
    debug = settings.DEBUG
    settings.DEBUG = False
    try:
        yield
    finally:
        settings.DEBUG = debug


@contextmanager
def bulk_load_session() -> Iterator[None]:
    """Relax durability for this connection while it loads (a crash loses the load, which
    is thrown away anyway). Inside a transaction (tests) nothing is changed."""
    if connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-262144")  # 256 MiB
            cursor.execute("PRAGMA temp_store=MEMORY")
        elif connection.vendor == "postgresql":
            cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.execute("PRAGMA cache_size=-2000")
                cursor.execute("PRAGMA temp_store=DEFAULT")
            elif connection.vendor == "postgresql":
                cursor.execute("RESET synchronous_commit")
