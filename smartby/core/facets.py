"""Facet counting with bitmaps, shared by the case list and the dataset list.

Counting facets with SQL means one grouped scan per facet under every other filter, so a
page with twelve facets reads the matching rows a dozen times; at half a million cases that
is seconds. Here every process keeps, per collection (cases, datasets), one compressed
bitmap (Roaring) of row ids per facet value. A search is then set algebra in memory:

    hits    = visible ∩ text matches ∩ (∪ chosen values of facet 1) ∩ (∪ ... of facet 2) …
    count v = |(visible ∩ text ∩ every chosen facet but v's own) ∩ bitmap(v)|

The text matches come from the word postings (smartby.core.postings; the full-text index
itself when they have no usable build), one SQL statement per word the process has not kept
yet (a word's hits are kept until the index changes), the page of rows from the database by
primary key. Counting a value is one C call, whatever the size of the table.

The bitmaps follow the database through `core_facetchange`: triggers on every table a facet
reads (installed by the apps' migrations with `install_change_triggers`) add a row per
changed id with a random token. Before each use a process reads the newest row (one query):
the same row means its bitmaps are current; newer rows on the same history are applied to the
changed ids only; anything else (a rolled-back history, a gap, too many changes) rebuilds the
whole collection. Edits are therefore visible at once, on every process.
"""

from __future__ import annotations

import functools
import heapq
import html
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
from django.db import connection
from django.db.models import Model, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString, mark_safe
from pyroaring import BitMap

from smartby.core import postings
from smartby.core.memo import newest_change
from smartby.core.search import (
    TIERS,
    QueryTerm,
    SearchIndex,
    query_terms,
    term_expression,
    term_ids,
)

M = TypeVar("M", bound=Model)

# More changed ids than this since a process last looked: rebuild the collection instead.
MAX_INCREMENTAL = 5000

# A source yields (facet, row id, value) triples for the given row ids, or (None) for all
# rows. The facet UNIVERSE holds every row that can ever be listed (its value is ignored);
# a facet named "@<name>" is a group: a named subset of rows (e.g. "@public").
Source = Callable[[Sequence[int] | None], Iterable[tuple[str, int, Any]]]
UNIVERSE = ""
# Sources read their rows in chunks of this many (`QuerySet.iterator`; a server-side cursor
# on PostgreSQL), so building the bitmaps of half a million rows never holds all their rows
# as Python objects at once.
SOURCE_CHUNK = 20_000


@dataclass(frozen=True)
class Collection:
    """A set of rows with facets, read by `sources` (each a few columns, one query)."""

    name: str
    sources: tuple[Source, ...]


# A facet with more values than this, where no row has two, is counted from an array of
# each row's value (one pass over the hits), not value by value: publishers run to tens of
# thousands.
LONG_FACET = 256


@dataclass
class Snapshot:
    """The bitmaps of one collection at one point of its change history; `codes` holds the
    long facets (see LONG_FACET) as an array row id → value number, and the values."""

    universe: BitMap
    groups: dict[str, BitMap]
    values: dict[str, dict[str, BitMap]]
    codes: dict[str, tuple[np.ndarray, list[str]]] = field(default_factory=dict)
    # The orders of the rows read so far, by the SQL of the ordered query (see ordered_page).
    ranks: dict[str, Ranks] = field(default_factory=dict)

    def group(self, name: str) -> BitMap:
        return self.groups.get(name, BitMap())


@dataclass(frozen=True)
class FacetResult:
    """The rows matching every filter, and per facet the count of each value under every
    other filter (values with a count of 0 left out)."""

    hits: BitMap
    counts: dict[str, dict[str, int]]


def facet_search(
    snapshot: Snapshot,
    base: BitMap,
    chosen: Mapping[str, Sequence[str]],
    facets: Sequence[str],
) -> FacetResult:
    """Narrow `base` (the rows the viewer may see that match the text) by the chosen values
    (alternatives within a facet, all facets apply) and count every facet in `facets`."""
    narrowing: dict[str, BitMap] = {}
    for name, values in chosen.items():
        if not values:
            continue
        bitmaps = snapshot.values.get(name, {})
        narrowing[name] = BitMap.union(*(bitmaps.get(v, BitMap()) for v in values))
    hits = _intersect(base, narrowing.values())
    counts: dict[str, dict[str, int]] = {}
    for name in facets:
        scope = (
            hits
            if name not in narrowing
            else _intersect(base, (bm for other, bm in narrowing.items() if other != name))
        )
        coded = snapshot.codes.get(name)
        if coded is not None:
            counts[name] = _counts_coded(scope, *coded)
        else:
            counts[name] = _counts(scope, snapshot.values.get(name, {}))
    return FacetResult(hits=hits, counts=counts)


def _intersect(base: BitMap, others: Iterable[BitMap]) -> BitMap:
    result = base
    for other in sorted(others, key=len):
        result = result & other
        if not result:
            break
    return result


def _counts(scope: BitMap, bitmaps: Mapping[str, BitMap]) -> dict[str, int]:
    if not scope:
        return {}
    counts: dict[str, int] = {}
    for value, bitmap in bitmaps.items():
        n = scope.intersection_cardinality(bitmap)
        if n:
            counts[value] = n
    return counts


def _counts_coded(scope: BitMap, codes: np.ndarray, values: list[str]) -> dict[str, int]:
    if not scope:
        return {}
    ids = np.frombuffer(scope.to_array(), dtype=np.uint32)
    found = codes[ids[ids < len(codes)]]
    tally = np.bincount(found[found >= 0], minlength=len(values))
    return {values[i]: int(tally[i]) for i in np.flatnonzero(tally)}


def _coded(values: Mapping[str, Mapping[str, BitMap]]) -> dict[str, tuple[np.ndarray, list[str]]]:
    """The long facets where no row has two values, as arrays (see Snapshot)."""
    coded: dict[str, tuple[np.ndarray, list[str]]] = {}
    for name, by_value in values.items():
        if len(by_value) <= LONG_FACET:
            continue
        bitmaps = list(by_value.values())
        every = BitMap.union(*bitmaps)
        if sum(len(b) for b in bitmaps) != len(every):
            continue  # some row has two values: counted value by value
        codes = np.full(every.max() + 1, -1, dtype=np.int32)
        for number, bitmap in enumerate(bitmaps):
            codes[np.frombuffer(bitmap.to_array(), dtype=np.uint32)] = number
        coded[name] = (codes, list(by_value))
    return coded


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet as a list shows it."""

    value: str
    label: str
    count: int
    selected: bool = False


def facet_values(
    result: FacetResult,
    chosen: Mapping[str, Sequence[str]],
    labels_of: Callable[[str, set[str]], Mapping[str, str]],
    *,
    most: int | None = None,
    every: Sequence[str] = (),
) -> tuple[dict[str, list[FacetValue]], dict[str, int]]:
    """Per facet of `result`, the values with a count or chosen, labelled and ordered by
    `labels_of(facet, values)` (which leaves out values it does not know); and per facet how
    many values were left out: with `most`, a facet (unless named in `every`) keeps its
    `most` largest values and the chosen ones, so a facet of thousands of publishers costs
    the labels of a few."""
    facets: dict[str, list[FacetValue]] = {}
    omitted: dict[str, int] = {}
    for name, counts in result.counts.items():
        selected = set(chosen.get(name, ()))
        wanted = set(counts) | selected
        if most is not None and name not in every and len(wanted) > most + 2:
            largest = _largest(counts, most)
            omitted[name] = len(wanted) - len(set(largest) | selected)
            wanted = set(largest) | selected
        facets[name] = [
            FacetValue(value, label, counts.get(value, 0), value in selected)
            for value, label in labels_of(name, wanted).items()
        ]
    return facets, omitted


def _largest(counts: Mapping[str, int], most: int) -> list[str]:
    """The `most` values with the largest counts, ties in the order of the values. A facet
    can have thousands of values (publishers): only those at or above the `most`-th largest
    count are sorted."""
    if not counts or most <= 0:
        return []
    floor = heapq.nlargest(most, counts.values())[-1]
    return [v for _, v in heapq.nsmallest(most, [(-n, v) for v, n in counts.items() if n >= floor])]


def text_narrowed(
    base: BitMap,
    text_hits: TextHits,
    *,
    index: SearchIndex,
    query: str,
) -> tuple[BitMap, list[QueryTerm]]:
    """`base` narrowed to the rows matching `query` in `index` (unchanged without words) and
    the query's terms (none without words), for `text_tiers`."""
    terms = query_terms(query) if query else []
    if not terms:
        return base, []
    return base & _terms_hits(text_hits, index, terms, ""), terms


def text_tiers(
    text_hits: TextHits, *, index: SearchIndex, terms: Sequence[QueryTerm]
) -> list[Callable[[], BitMap]]:
    """The relevance tiers of a query's `terms` for `tiered_page`: rows with every word in
    the title, then in the title or summary (smartby.core.search.TIERS). Each is read when
    first needed and kept like the text hits."""

    def tier(within: str) -> Callable[[], BitMap]:
        return lambda: _terms_hits(text_hits, index, terms, within)

    return [tier(within) for within in TIERS]


def _terms_hits(
    text_hits: TextHits, index: SearchIndex, terms: Sequence[QueryTerm], within: str
) -> BitMap:
    """The rows every term matches (within the tier `within`, "" for anywhere). Each term's
    hits are read and kept on their own: queries share words, the common ones most of all,
    and those are the words with the most hits, the costliest to read."""
    found: BitMap | None = None
    for term in terms:
        key = f"{term_expression(term)}\n{within}"
        hits = text_hits(key, functools.partial(_term_hits, index, term, within, text_hits.version))
        found = hits if found is None else found & hits
        if not found:
            break  # no row has every word: the other words need not be read
    return found if found is not None else BitMap()


def _term_hits(
    index: SearchIndex, term: QueryTerm, within: str, version: tuple[int, int]
) -> BitMap | list[int]:
    """A term's hits from the word postings, or from the engine when they cannot say."""
    found = postings.term_hits(index, term, within=within, version=version)
    return found if found is not None else term_ids(index, term, within=within)


def tiered_page(
    hits: BitMap,
    tiers: Sequence[Callable[[], BitMap]],
    ordered: QuerySet[Any],
    *,
    offset: int,
    limit: int,
    snapshot: Snapshot,
) -> list[int]:
    """Rows `offset` … `offset + limit` of `hits` ranked by relevance: the hits in the first
    tier, then those in the second, …, then the rest, each group in the order of `ordered`
    (as `ordered_page`). This ranks half a million matches as fast as a hundred: no row is
    weighed, and a tier is read only when the page reaches it."""
    page: list[int] = []
    placed = BitMap()
    skip = offset
    for load in [*tiers, None]:
        group = (hits - placed) if load is None else (hits & load()) - placed
        placed |= group
        if skip >= len(group):
            skip -= len(group)
            continue
        left = limit - len(page)
        page += ordered_page(group, ordered, offset=skip, limit=left, snapshot=snapshot)
        skip = 0
        if len(page) >= limit:
            break
    return page


def row_values(
    snapshot: Snapshot, name: str, ids: Sequence[int], order: Mapping[str, int]
) -> dict[int, list[str]]:
    """Per row of `ids` (a page of rows), the values of facet `name` it has, sorted by
    `order` (values not in it left out): read from the bitmaps, so a list shows a row's
    themes without a query."""
    page = BitMap(ids)
    found: dict[int, list[str]] = {}
    for value, bitmap in snapshot.values.get(name, {}).items():
        if value in order:
            for row_id in bitmap & page:
                found.setdefault(row_id, []).append(value)
    for values in found.values():
        values.sort(key=order.__getitem__)
    return found


def rows_in_order(qs: QuerySet[M], ids: Sequence[int]) -> list[M]:
    """The rows of `qs` with these ids, in the order of `ids` (one query plus `qs`'s
    prefetches)."""
    position = {pk: i for i, pk in enumerate(ids)}
    return sorted(in_ids(qs, ids), key=lambda row: position[row.pk])


# --- building and following the database ----------------------------------------------------


def _load(collection: Collection, ids: Sequence[int] | None) -> Snapshot:
    universe: list[int] = []
    lists: dict[str, dict[str, list[int]]] = {}
    for source in collection.sources:
        for facet, row_id, value in source(ids):
            if facet == UNIVERSE:
                universe.append(row_id)
            elif value is not None and value != "":
                lists.setdefault(facet, {}).setdefault(str(value), []).append(row_id)
    values = {
        facet: {value: BitMap(row_ids) for value, row_ids in by_value.items()}
        for facet, by_value in lists.items()
        if not facet.startswith("@")
    }
    groups = {
        facet[1:]: BitMap([row_id for row_ids in by_value.values() for row_id in row_ids])
        for facet, by_value in lists.items()
        if facet.startswith("@")
    }
    return Snapshot(universe=BitMap(universe), groups=groups, values=values, codes=_coded(values))


def _patched(old: Snapshot, ids: BitMap, fresh: Snapshot) -> Snapshot:
    """`old` with the rows `ids` replaced by what `fresh` (loaded for those ids) says."""

    def patch(bitmap: BitMap, new: BitMap | None) -> BitMap:
        result = bitmap - ids
        return result | new if new else result

    values: dict[str, dict[str, BitMap]] = {}
    for name in set(old.values) | set(fresh.values):
        before, after = old.values.get(name, {}), fresh.values.get(name, {})
        merged = {v: patch(before.get(v, BitMap()), after.get(v)) for v in set(before) | set(after)}
        values[name] = {v: bm for v, bm in merged.items() if bm}
    return Snapshot(
        ranks={
            key: Ranks(ranks.rank, changed)
            for key, ranks in old.ranks.items()
            if len(changed := ranks.changed | ids) <= RANK_CHANGES_MAX
        },
        universe=patch(old.universe, fresh.universe),
        groups={
            name: patch(old.groups.get(name, BitMap()), fresh.groups.get(name))
            for name in set(old.groups) | set(fresh.groups)
        },
        values=values,
        codes=_coded(values),
    )


@dataclass
class _State:
    key: tuple[int, int]  # (id, token) of the newest change row seen; (0, 0) for none
    snapshot: Snapshot
    # Text-search hits per query term, valid for this snapshot only, and their bytes.
    text_hits: OrderedDict[str, BitMap] = field(default_factory=OrderedDict)
    text_bytes: int = 0


# The text hits a process keeps per collection, least recently used dropped first. A term
# found in every one of half a million rows takes about 64 KiB.
TEXT_CACHE_BYTES = 24 * 1024 * 1024


def _size(bitmap: BitMap) -> int:
    stats = bitmap.get_statistics()
    containers = (
        stats["n_bytes_array_containers"]
        + stats["n_bytes_run_containers"]
        + stats["n_bytes_bitset_containers"]
    )
    return int(containers) + 64


_lock = threading.Lock()
_states: dict[tuple[str, str], _State] = {}  # (database alias, collection) -> state


def _changes_since(name: str, key: tuple[int, int]) -> list[tuple[int, int, int]] | None:
    """The change rows after `key` (id, object id, token), or None when the history is not
    the one `key` belongs to or the changes are too many to apply one by one."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, object_id, token FROM core_facetchange WHERE collection = %s "
            "AND id >= %s ORDER BY id LIMIT %s",
            [name, key[0], MAX_INCREMENTAL + 2],
        )
        rows = [(int(a), int(b), int(c)) for a, b, c in cursor.fetchall()]
    if not rows or (rows[0][0], rows[0][2]) != key or len(rows) > MAX_INCREMENTAL + 1:
        return None
    return rows[1:]


def _state(collection: Collection) -> _State:
    """The current state of `collection` in this process (one query when nothing changed)."""
    state_key = (connection.alias, collection.name)
    key = newest_change(collection.name)
    with _lock:
        state = _states.get(state_key)
        if state is not None and state.key == key:
            return state
    # Read the version first, the rows after: a change committed in between is applied
    # (again) on the next request, never lost.
    snapshot: Snapshot | None = None
    if state is not None and state.key[0] and key[0] > state.key[0]:
        changes = _changes_since(collection.name, state.key)
        if changes is not None:
            changed = [object_id for _id, object_id, _token in changes]
            if 0 not in changed:  # 0: something every row depends on changed
                ids = BitMap(changed)
                snapshot = _patched(state.snapshot, ids, _load(collection, list(ids)))
    if snapshot is None:
        snapshot = _load(collection, None)
    fresh = _State(key=key, snapshot=snapshot)
    with _lock:
        _states[state_key] = fresh
    return fresh


def snapshot_of(collection: Collection) -> Snapshot:
    """The bitmaps of `collection`, current with the database."""
    return _state(collection).snapshot


class TextHits:
    """The text hits of a key for one snapshot: read once per snapshot and key
    (`text_hits(key, load ids)` -> bitmap) and kept within TEXT_CACHE_BYTES. `version` is the
    snapshot's place in the change history (what the word postings are patched up to)."""

    def __init__(self, state: _State) -> None:
        self._state = state

    @property
    def version(self) -> tuple[int, int]:
        return self._state.key

    def __call__(self, key: str, load: Callable[[], Iterable[int]]) -> BitMap:
        state = self._state
        with _lock:
            cached = state.text_hits.get(key)
            if cached is not None:
                state.text_hits.move_to_end(key)
                return cached
        loaded = load()
        hits = loaded if isinstance(loaded, BitMap) else BitMap(loaded)
        with _lock:
            if key not in state.text_hits:
                state.text_hits[key] = hits
                state.text_bytes += _size(hits)
            while state.text_bytes > TEXT_CACHE_BYTES and len(state.text_hits) > 1:
                _key, dropped = state.text_hits.popitem(last=False)
                state.text_bytes -= _size(dropped)
        return hits


def current(collection: Collection) -> tuple[Snapshot, TextHits]:
    """The current snapshot and its text hits (see TextHits)."""
    state = _state(collection)
    return state.snapshot, TextHits(state)


def forget_all() -> None:
    """Drop every process-held snapshot and postings delta (tests that swap databases use
    it)."""
    with _lock:
        _states.clear()
    postings.forget_all()


# --- pages of rows ---------------------------------------------------------------------------

# A process keeps the order of every row for each order a list uses, and the rows changed
# since it read it; after this many changes it reads the order again when next needed.
RANK_CHANGES_MAX = 5000
_UNRANKED = np.iinfo(np.int32).max


@dataclass(frozen=True)
class Ranks:
    """Every row's position in one order when it was read (`rank[id]`, _UNRANKED for a row
    not in it) and the rows changed since, whose position only the database knows."""

    rank: np.ndarray
    changed: BitMap


def in_ids(qs: QuerySet[M], ids: Iterable[int]) -> QuerySet[M]:
    """`qs` narrowed to primary keys in `ids`, passed as one parameter (a JSON array on
    SQLite, an array on PostgreSQL), so any number of ids costs the same statement."""
    id_list = [int(i) for i in ids]
    if connection.vendor == "sqlite":
        sql, param = "SELECT value FROM json_each(%s)", json.dumps(id_list)
    else:
        sql, param = "SELECT unnest(%s::bigint[])", id_list  # type: ignore[assignment]
    return qs.filter(pk__in=RawSQL(sql, [param]))  # noqa: S611 - fixed SQL, ids as a parameter


def ordered_page(
    hits: BitMap, ordered: QuerySet[Any], *, offset: int, limit: int, snapshot: Snapshot
) -> list[int]:
    """The ids of rows `offset` … `offset + limit` of `hits` in the order of `ordered` (a
    queryset over the rows of `snapshot`, ordered by indexed columns ending in the primary
    key). The position of every row in that order is read once per process (one query over
    the order's index) and kept with the snapshot, so a page costs an array sort of the
    hits. Rows changed since then are placed by the database: the first rows of the others
    and the changed hits are sorted there (one query with a few dozen ids)."""
    need = offset + limit
    if not hits or offset >= len(hits) or limit <= 0:
        return []
    ranks = _ranks(snapshot, ordered)
    settled = hits - ranks.changed
    ids = np.frombuffer(settled.to_array(), dtype=np.uint32).astype(np.int64)
    rank = np.full(len(ids), _UNRANKED, dtype=np.int32)
    inside = ids < len(ranks.rank)
    rank[inside] = ranks.rank[ids[inside]]
    known = rank != _UNRANKED
    extra = (hits & ranks.changed) | BitMap(ids[~known].tolist())
    ids, rank = ids[known], rank[known]
    if len(ids) > need:
        first = np.argpartition(rank, need - 1)[:need]
        ids, rank = ids[first], rank[first]
    in_order = ids[np.argsort(rank, kind="stable")].tolist()
    if not extra:
        return in_order[offset:need]
    page = in_ids(ordered, BitMap(in_order) | extra).values_list("pk", flat=True)
    return list(page[offset:need])


def _ranks(snapshot: Snapshot, ordered: QuerySet[Any]) -> Ranks:
    key = str(ordered.values_list("pk").query)
    with _lock:
        found = snapshot.ranks.get(key)
    if found is not None:
        return found
    sql, params = ordered.values_list("pk").query.sql_with_params()
    chunks = [np.zeros(0, dtype=np.int64)]
    with connection.cursor() as cursor:  # the ids only: no model rows, no Python list
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(SOURCE_CHUNK):
            chunks.append(np.array(rows, dtype=np.int64).reshape(-1))
    ids = np.concatenate(chunks)
    rank = np.full(int(ids.max()) + 1 if len(ids) else 0, _UNRANKED, dtype=np.int32)
    rank[ids] = np.arange(len(ids), dtype=np.int32)
    found = Ranks(rank, BitMap())
    with _lock:
        return snapshot.ranks.setdefault(key, found)


# Lists go this deep at most (the API refuses a larger offset, pages stop there): deeper
# rows are reached by narrowing the search, which is also what people do.
MAX_OFFSET = 10_000


def page_window(count: int, page: Any, per_page: int) -> tuple[int, int]:
    """The page number to show (as Django's `Paginator.get_page` picks it: 1 for rubbish,
    the last for too large, never past MAX_OFFSET) and its offset."""
    last = max(1, min(-(-count // per_page), MAX_OFFSET // per_page + 1))
    try:
        number = int(page)
    except (TypeError, ValueError):
        number = 1
    number = min(max(number, 1), last)
    return number, (number - 1) * per_page


class CountedRows(Sequence[Any]):
    """A list of `count` rows of which only one page (`rows` at `offset`) is held: what a
    Django Paginator needs to show that page and the page links."""

    def __init__(self, count: int, offset: int, rows: list[Any]) -> None:
        self.total, self.offset, self.rows = count, offset, rows

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            start = (index.start or 0) - self.offset
            stop = (index.stop if index.stop is not None else self.total) - self.offset
            return self.rows[max(start, 0) : max(stop, 0)]
        return self.rows[index - self.offset]


# --- change triggers --------------------------------------------------------------------------

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION core_facet_change() RETURNS trigger AS $$
DECLARE
    new_id bigint;
    old_id bigint;
BEGIN
    IF TG_OP <> 'DELETE' THEN
        new_id := COALESCE((to_jsonb(NEW) ->> TG_ARGV[1])::bigint, 0);
        INSERT INTO core_facetchange (collection, object_id, token)
        VALUES (TG_ARGV[0], new_id, floor(random() * 9e15)::bigint);
    END IF;
    IF TG_OP <> 'INSERT' THEN
        old_id := COALESCE((to_jsonb(OLD) ->> TG_ARGV[1])::bigint, 0);
        IF TG_OP = 'DELETE' OR old_id IS DISTINCT FROM new_id THEN
            INSERT INTO core_facetchange (collection, object_id, token)
            VALUES (TG_ARGV[0], old_id, floor(random() * 9e15)::bigint);
        END IF;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""


@dataclass(frozen=True)
class Watched:
    """A table whose changes change a collection's facets: `column` names the row id of the
    collection in it (`id` for the collection's own table); None means every row depends on
    it (a change rebuilds the collection). `columns` limits updates to those columns."""

    table: str
    column: str | None
    columns: tuple[str, ...] = ()


_NAME = re.compile(r"^[a-z_]{1,20}$")


def _trigger_name(collection: str, table: str, op: str) -> str:
    return f"facetchange_{collection}_{table}_{op}"[:63]


def install_change_triggers(
    schema_editor: Any, collection: str, watched: Sequence[Watched]
) -> None:
    """Create the triggers that record changes of `watched` tables for `collection`."""
    if not _NAME.match(collection):
        raise ValueError(f"not a plain collection name: {collection!r}")
    conn = schema_editor.connection
    quote = conn.ops.quote_name
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(_PG_FUNCTION)
        for item in watched:
            column = item.column or ""
            # A row every row depends on matters only when it changes, not when it comes.
            for op in ("insert", "update", "delete") if column else ("update",):
                name = _trigger_name(collection, item.table, op)
                event = op.upper()
                if op == "update" and item.columns:
                    event = "UPDATE OF " + ", ".join(quote(c) for c in item.columns)
                if conn.vendor == "postgresql":
                    arg = column or "core_facet_all"
                    cursor.execute(
                        f"CREATE TRIGGER {quote(name)} AFTER {event} ON {quote(item.table)} "
                        f"FOR EACH ROW EXECUTE FUNCTION core_facet_change('{collection}', '{arg}')"
                    )
                elif conn.vendor == "sqlite":
                    rows = {"insert": ["NEW"], "delete": ["OLD"], "update": ["NEW", "OLD"]}[op]
                    inserts = " ".join(
                        "INSERT INTO core_facetchange (collection, object_id, token) VALUES "  # noqa: S608 - names checked
                        f"('{collection}', "
                        f"{f'{row}.{quote(column)}' if column else '0'}, random());"
                        for row in rows
                    )
                    cursor.execute(
                        f"CREATE TRIGGER {quote(name)} AFTER {event} ON {quote(item.table)} "
                        f"FOR EACH ROW BEGIN {inserts} END"
                    )
                else:  # pragma: no cover - only SQLite and PostgreSQL are supported
                    raise NotImplementedError(conn.vendor)


def uninstall_change_triggers(
    schema_editor: Any, collection: str, watched: Sequence[Watched]
) -> None:
    conn = schema_editor.connection
    quote = conn.ops.quote_name
    with conn.cursor() as cursor:
        for item in watched:
            for op in ("insert", "update", "delete"):
                name = quote(_trigger_name(collection, item.table, op))
                if conn.vendor == "postgresql":
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {quote(item.table)}")
                else:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


# --- the sidebar --------------------------------------------------------------------------------

# The API lists at most this many values of a facet (the largest counts, and every chosen
# one): every municipality, but not every publisher of a national catalogue.
API_FACET_VALUES = 500

# A facet shows this many values (the largest counts, and every chosen one); "Show all" lists
# the rest. Long facets (municipalities, publishers) would otherwise render hundreds of rows.
FACET_SHOWN = 10


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count_text: str
    selected: bool


_OPTION = (
    '<li><input type="checkbox" name="{0}" value="{1}" id="facet-{0}-{2}"{3}>\n'
    '  <label for="facet-{0}-{2}">{4} <span class="facet-count">({5})</span></label></li>'
)


@dataclass(frozen=True)
class FacetGroup:
    name: str
    label: str
    options: list[FacetOption]
    hidden: int  # values not shown; 0 when all are
    show_all_query: str  # the query string that shows them all

    @property
    def options_html(self) -> SafeString:
        """The group's checkboxes as list items (components/facets.html), every value
        escaped. Written here rather than in the template: a sidebar has a hundred of them,
        and the template engine would spend a third of the page's time on them. Names,
        values, labels and counts are plain text, so they are escaped as such (format_html
        would ask each whether it is HTML already)."""
        name = html.escape(self.name)
        return mark_safe(  # noqa: S308 - every piece of text is escaped
            "\n".join(
                _OPTION.format(
                    name,
                    html.escape(str(o.value)),
                    n,
                    " checked" if o.selected else "",
                    html.escape(str(o.label)),
                    html.escape(str(o.count_text)),
                )
                for n, o in enumerate(self.options, start=1)
            )
        )


def facet_groups(
    facets: Mapping[str, Sequence[Any]],
    labels: Mapping[str, Any],
    *,
    query: str,
    expanded: Sequence[str],
    count_text: Callable[[int], str],
    omitted: Mapping[str, int] | None = None,
) -> list[FacetGroup]:
    """The sidebar's groups from facet values (objects with value, label, count,
    selected), in the order of `labels`: at most FACET_SHOWN values per facet unless it is
    in `expanded` (the `all` parameter), the chosen ones always; `count_text(n)` words a
    count (computed here once per value, not in the template). `omitted`: per facet, the
    values `facet_values` left out already (they count as hidden)."""
    omitted = omitted or {}
    groups: list[FacetGroup] = []
    for name, label in labels.items():
        values = list(facets.get(name, ()))
        if not values:
            continue
        shown = values
        if name not in expanded and len(values) > FACET_SHOWN + 2:
            largest = sorted(values, key=lambda v: -v.count)[:FACET_SHOWN]
            keep = {id(v) for v in largest} | {id(v) for v in values if v.selected}
            shown = [v for v in values if id(v) in keep]
        options = [FacetOption(v.value, v.label, count_text(v.count), v.selected) for v in shown]
        extra = f"{query}&all={name}" if query else f"all={name}"
        hidden = len(values) - len(shown) + omitted.get(name, 0)
        groups.append(FacetGroup(name, str(label), options, hidden, extra))
    return groups
