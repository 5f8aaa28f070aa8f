"""Word postings: the hits of every word of a search index, kept in the database as one
compressed bitmap (Roaring) per word and relevance tier, so that a search reads a word's
hits with one indexed lookup instead of asking the full-text engine to list them.

At half a million cases the engine takes tens of milliseconds to list the rows of a common
word on SQLite (and as long again to carry the ids into Python) and hundreds on PostgreSQL,
which reads the ids from the pages of the whole terms table. Its bitmap is one row of some
tens of kilobytes.

A build (`postings_build`: by the migrations, `smartby reindex`, `smartby seed`, and the task
`smartby tick` queues when rows changed) writes, for each tier ("" anywhere, "a" the title,
"ab" the title or summary; see smartby.core.search.TIERS) and each word, the ids of the rows
that have it, and the index's mark: the newest change row of its collection
(smartby.core.facets) when the build began. A search then takes a word's hits as

    postings(word) − rows changed since the mark  ∪  those changed rows that have it now

The changed rows and their words are read once per process and change version (two
statements). When there are more than DELTA_MAX of them, when one of them says that every
row changed (a rebuild of the index) or when the history since the mark has been pruned,
`term_hits` answers None and the caller asks the engine, as before, until the next build.

The words are those the engine indexed: on SQLite the stored columns split at spaces (they
hold the normalised, stemmed words smartby.core.search wrote), on PostgreSQL the lexemes of
the terms tables. A prefix term reads the range of words that begin with it.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.utils import timezone
from pyroaring import BitMap

from smartby.core.memo import newest_change
from smartby.core.search import TIERS, QueryTerm, SearchIndex, connection_of, fill_names

# More changed rows than this since the last build: searches ask the engine until the next.
DELTA_MAX = 2000
# Rows read per statement when building: their words are Python strings until inverted
# (at 20,000 rows a chunk, a build at half a million rows peaked at 1 GB).
BUILD_CHUNK = 5_000
# Beyond the highest code point: `word < prefix + _TOP` holds for every word beginning
# with `prefix` (SQLite compares text bytewise, the PostgreSQL column has collation "C").
_TOP = "\U0010ffff"
ALL_TIERS: tuple[str, ...] = ("", *TIERS)

_INSTALL = {
    "sqlite": (
        "CREATE TABLE IF NOT EXISTS core_searchposting (idx TEXT NOT NULL, "
        "build INTEGER NOT NULL, tier TEXT NOT NULL, word TEXT NOT NULL, ids BLOB NOT NULL, "
        "PRIMARY KEY (idx, build, tier, word)) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS core_searchpostingmark (idx TEXT PRIMARY KEY, "
        "build INTEGER NOT NULL, change_id INTEGER NOT NULL, change_token INTEGER NOT NULL, "
        "rows INTEGER NOT NULL, built_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)",
    ),
    "postgresql": (
        "CREATE TABLE IF NOT EXISTS core_searchposting (idx text NOT NULL, "
        'build bigint NOT NULL, tier text NOT NULL, word text COLLATE "C" NOT NULL, '
        "ids bytea NOT NULL, PRIMARY KEY (idx, build, tier, word))",
        # Bitmaps hardly compress: stored out of line as they are, not compressed again.
        "ALTER TABLE core_searchposting ALTER COLUMN ids SET STORAGE EXTERNAL",
        "CREATE TABLE IF NOT EXISTS core_searchpostingmark (idx text PRIMARY KEY, "
        "build bigint NOT NULL, change_id bigint NOT NULL, change_token bigint NOT NULL, "
        "rows bigint NOT NULL, built_at timestamptz NOT NULL DEFAULT now())",
    ),
}


Target = BaseDatabaseSchemaEditor | BaseDatabaseWrapper | None


def install(target: Target = None) -> None:
    """Create the postings tables (idempotent)."""
    conn = connection_of(target)
    with conn.cursor() as cursor:
        for statement in _INSTALL[conn.vendor]:
            cursor.execute(statement)


def uninstall(target: Target = None) -> None:
    conn = connection_of(target)
    with conn.cursor() as cursor:
        for table in ("core_searchposting", "core_searchpostingmark"):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")  # noqa: S608 - fixed names


# --- reading the words of index rows ----------------------------------------------------------


Words = Iterator[tuple[int, dict[str, set[str]]]]


def _rows(conn: Any, index: SearchIndex, where: str, params: list[Any]) -> Words:
    """(id, {tier: words}) of the index rows `where` picks (a condition on `{id}`)."""
    if conn.vendor == "sqlite":
        where = where.format(id="rowid")
        sql = f"SELECT rowid, a, b, c FROM <table> WHERE {where}"  # noqa: S608 - fixed text
        sql = fill_names(conn, index, sql)
        with conn.cursor() as cursor:
            cursor.execute(sql, params)
            for pk, a, b, c in cursor.fetchall():
                title = set(a.split())
                upper = title | set(b.split())
                yield pk, {"a": title, "ab": upper, "": upper | set(c.split())}
        return
    sql = (
        "SELECT t.id, tsvector_to_array(t.lexemes), tsvector_to_array(a.lexemes), "  # noqa: S608
        "tsvector_to_array(ab.lexemes) FROM <terms> t LEFT JOIN <terms_a> a ON a.id = t.id "
        f"LEFT JOIN <terms_ab> ab ON ab.id = t.id WHERE {where.format(id='t.id')}"
    )
    sql = fill_names(conn, index, sql)
    with conn.cursor() as cursor:
        cursor.execute(sql, params)
        for pk, words, title, upper in cursor.fetchall():
            yield pk, {"": set(words), "a": set(title or ()), "ab": set(upper or ())}


def _inverted(rows: Words) -> dict[str, dict[str, BitMap]]:
    """{tier: {word: ids}} of `rows`."""
    lists: dict[str, dict[str, list[int]]] = {tier: {} for tier in ALL_TIERS}
    for pk, by_tier in rows:
        for tier, words in by_tier.items():
            found = lists[tier]
            for word in words:
                ids = found.get(word)
                if ids is None:
                    found[word] = [pk]
                else:
                    ids.append(pk)
    return {tier: {w: BitMap(ids) for w, ids in words.items()} for tier, words in lists.items()}


# --- building ----------------------------------------------------------------------------------


def postings_build(index: SearchIndex, target: Target = None) -> int:
    """Write the postings of every word of `index` and its mark, replacing the build before
    the last (a process may still be reading the last one); returns the rows read. The mark
    is read before the words: a change committed while they are read is newer than the mark,
    so searches apply it from the index itself."""
    if not index.collection:
        raise ValueError(f"{index.table}: an index without a collection has no change history")
    conn = connection_of(target)
    mark = newest_change(index.collection, conn)
    bitmaps: dict[tuple[str, str], BitMap] = {}
    rows = 0
    last = 0
    while True:
        chunk = list(_rows(conn, index, "{id} > %s ORDER BY {id} LIMIT %s", [last, BUILD_CHUNK]))
        if not chunk:
            break
        rows += len(chunk)
        last = chunk[-1][0]
        for tier, words in _inverted(iter(chunk)).items():
            for word, ids in words.items():
                kept = bitmaps.get((tier, word))
                if kept is None:
                    bitmaps[(tier, word)] = ids
                else:
                    kept |= ids
    with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
        # A write first: two builds at once take turns here (the row's lock on PostgreSQL,
        # the database's write lock on SQLite), so the second numbers its build after the
        # first instead of colliding with it.
        cursor.execute(
            "UPDATE core_searchpostingmark SET build = build WHERE idx = %s", [index.table]
        )
        cursor.execute("SELECT build FROM core_searchpostingmark WHERE idx = %s", [index.table])
        row = cursor.fetchone()
        previous = int(row[0]) if row else 0
        build = previous + 1
        cursor.execute(
            "DELETE FROM core_searchposting WHERE idx = %s AND build < %s", [index.table, previous]
        )
        values = []
        for (tier, word), ids in bitmaps.items():
            ids.run_optimize()
            values.append((index.table, build, tier, word, ids.serialize()))
        for start in range(0, len(values), 1000):
            cursor.executemany(
                "INSERT INTO core_searchposting (idx, build, tier, word, ids) "
                "VALUES (%s, %s, %s, %s, %s)",
                values[start : start + 1000],
            )
        cursor.execute("DELETE FROM core_searchpostingmark WHERE idx = %s", [index.table])
        cursor.execute(
            "INSERT INTO core_searchpostingmark (idx, build, change_id, change_token, rows) "
            "VALUES (%s, %s, %s, %s, %s)",
            [index.table, build, mark[0], mark[1], rows],
        )
    return rows


@dataclass(frozen=True)
class Mark:
    build: int
    change_id: int
    change_token: int


def marks(target: Target = None) -> dict[str, Mark]:
    """The mark of every built index, by index table."""
    conn = connection_of(target)
    with conn.cursor() as cursor:
        cursor.execute("SELECT idx, build, change_id, change_token FROM core_searchpostingmark")
        return {idx: Mark(int(b), int(c), int(t)) for idx, b, c, t in cursor.fetchall()}


def changed_since_build(index: SearchIndex) -> int | None:
    """How many rows of `index` changed since its last build (at most DELTA_MAX + 1), None
    when it was never built or the history since is gone or says every row changed: both
    mean it is due for a build (`smartby tick`)."""
    conn = connection_of(None)
    mark = marks(conn).get(index.table)
    if mark is None:
        return None
    changed = _changed(conn, index.collection, mark)
    return None if changed is None else len(changed)


# --- searching ---------------------------------------------------------------------------------


@dataclass
class _Delta:
    """The rows changed since a build and, per tier, their words now."""

    changed: BitMap
    words: dict[str, dict[str, BitMap]] = field(default_factory=dict)

    def hits(self, term: QueryTerm, tier: str) -> BitMap:
        words = self.words.get(tier, {})
        found = BitMap()
        for alternative in term.alternatives:
            if term.prefix:
                for word, ids in words.items():
                    if word.startswith(alternative):
                        found |= ids
            else:
                found |= words.get(alternative, BitMap())
        return found


def _changed(conn: Any, collection: str, mark: Mark) -> BitMap | None:
    """The ids changed after `mark`, or None (see `term_hits`)."""
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT id, object_id, token FROM core_facetchange WHERE collection = %s "
            "AND id >= %s ORDER BY id LIMIT %s",
            [collection, mark.change_id, DELTA_MAX + 2],
        )
        rows = cursor.fetchall()
    if mark.change_id:
        if not rows or (int(rows[0][0]), int(rows[0][2])) != (mark.change_id, mark.change_token):
            return None  # the history since the build was pruned or rolled back
        rows = rows[1:]
    ids = BitMap(int(object_id) for _id, object_id, _token in rows)
    if 0 in ids or len(ids) > DELTA_MAX or len(rows) > DELTA_MAX:
        return None
    return ids


_lock = threading.Lock()
# (database alias, index table, build, change version) -> the delta, or None (unusable).
_deltas: OrderedDict[tuple[str, str, int, tuple[int, int]], _Delta | None] = OrderedDict()
_DELTAS_KEPT = 8


def _delta(conn: Any, index: SearchIndex, mark: Mark, version: tuple[int, int]) -> _Delta | None:
    key = (conn.alias, index.table, mark.build, version)
    with _lock:
        if key in _deltas:
            _deltas.move_to_end(key)
            return _deltas[key]
    changed = _changed(conn, index.collection, mark)
    delta: _Delta | None = None
    if changed is not None:
        delta = _Delta(changed=changed)
        if changed:
            where = "{id} IN (SELECT value FROM json_each(%s))"
            param: Any = json.dumps(list(changed))
            if conn.vendor == "postgresql":
                where, param = "{id} = ANY(%s)", list(changed)
            delta.words = _inverted(_rows(conn, index, where, [param]))
    with _lock:
        _deltas[key] = delta
        while len(_deltas) > _DELTAS_KEPT:
            _deltas.popitem(last=False)
    return delta


def forget_all() -> None:
    """Drop every delta this process keeps (tests that swap databases use it)."""
    with _lock:
        _deltas.clear()


def _lookup(term: QueryTerm) -> tuple[str, list[str]]:
    branches: list[str] = []
    params: list[str] = []
    for alternative in term.alternatives:
        if term.prefix:
            branches.append("word >= %s AND word < %s")
            params += [alternative, alternative + _TOP]
        else:
            branches.append("word = %s")
            params.append(alternative)
    return " OR ".join(f"({b})" for b in branches), params


def term_hits(
    index: SearchIndex, term: QueryTerm, *, within: str = "", version: tuple[int, int]
) -> BitMap | None:
    """The rows matching `term` (within the tier `within`) as of the change `version`
    (smartby.core.facets), from the postings and the rows changed since their build: one
    statement, two more the first time a process meets a version. None when the index has
    no usable build: ask the engine (smartby.core.search.term_ids)."""
    if within not in ALL_TIERS:
        raise ValueError(f"unknown tier {within!r}")
    conn = connection_of(None)
    words, params = _lookup(term)
    with conn.cursor() as cursor:
        # The mark and the words of its build in one statement, so one snapshot.
        sql = (
            "SELECT build, change_id, change_token, NULL FROM core_searchpostingmark "  # noqa: S608
            "WHERE idx = %s UNION ALL SELECT NULL, NULL, NULL, ids FROM core_searchposting "
            "WHERE idx = %s AND build = (SELECT build FROM core_searchpostingmark "
            f"WHERE idx = %s) AND tier = %s AND ({words})"  # `words`: placeholders only
        )
        cursor.execute(sql, [index.table, index.table, index.table, within, *params])
        rows = cursor.fetchall()
    marked = [row for row in rows if row[0] is not None]
    if not marked:
        return None
    build, change_id, change_token, _ = marked[0]
    delta = _delta(conn, index, Mark(int(build), int(change_id), int(change_token)), version)
    if delta is None:
        return None
    blobs = [bytes(row[3]) for row in rows if row[0] is None]
    found = BitMap.union(*(BitMap.deserialize(blob) for blob in blobs)) if blobs else BitMap()
    if delta.changed:
        found = (found - delta.changed) | delta.hits(term, within)
    return found


# --- keeping them current ------------------------------------------------------------------------

# `smartby tick` queues a build when this many rows changed since the last, when the first
# of those changes is older than REFRESH_LAG, or when the last build cannot be used. Each
# process reads the changed rows' words again after every edit, so they are kept few; the
# change rows since a build are not pruned (core.services.changes_prune), so builds must
# follow. A build at half a million rows takes about a minute on the worker.
REFRESH_AFTER = 200
REFRESH_LAG = timedelta(hours=1)


def indexes() -> list[SearchIndex]:
    """Every search index the apps register."""
    from django.utils.module_loading import autodiscover_modules

    from smartby.core.search import registered_indexes

    # Each app registers its index in its `search` module; importing them is enough.
    autodiscover_modules("search")
    return registered_indexes()


def postings_build_all() -> dict[str, int]:
    """Build the postings of every registered index: rows read, by index table."""
    return {index.table: postings_build(index) for index in indexes()}


def postings_due() -> list[str]:
    """The registered indexes due for a build (see REFRESH_AFTER), by table."""
    from smartby.core.models import FacetChange  # imported late: apps may not be ready here

    due = []
    built = marks()
    for index in indexes():
        changed = changed_since_build(index)
        if changed is None or changed >= REFRESH_AFTER:
            due.append(index.table)
        elif changed:
            first = (
                FacetChange.objects.filter(
                    collection=index.collection, id__gt=built[index.table].change_id
                )
                .order_by("id")
                .values_list("created_at", flat=True)
                .first()
            )
            if first is not None and first < timezone.now() - REFRESH_LAG:
                due.append(index.table)
    return due


def postings_refresh(table: str) -> int | None:
    """Build the postings of the registered index `table`: rows read, None for no such
    index."""
    for index in indexes():
        if index.table == table:
            return postings_build(index)
    return None
