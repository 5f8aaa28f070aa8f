"""A small full-text search engine over the database the site already runs on.

Text is normalised and stemmed here, in Python, with the Snowball stemmers, and the stemmed
words are stored in an index table: an FTS5 virtual table on SQLite, a table with a weighted
`tsvector` and a GIN index on PostgreSQL. Both engines therefore see the same words, and
"sensor" finds "sensorene" and "bysykkel" finds "bysyklene" on either.

An index is one table, keyed by the id of the row it describes (a case, later a dataset).
Each row has three weighted parts: "a" (titles), "b" (summaries, tags) and "c" (body text).

User input is never handed to the engine as query syntax: a query is normalised to words of
letters and digits, each word becomes a set of stemmed alternatives, and the match expression
is built from those, every term quoted. Quotes, `*`, `NEAR(`, `OR` are just text.
"""

from __future__ import annotations

import functools
import html
import json
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import snowballstemmer
from django.db import connection as default_connection
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.models import Expression, F, FloatField, Func, Model, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.sql.compiler import SQLCompiler
from django.utils.safestring import SafeString, mark_safe

from smartby.core.pagecache import WRITE_LOCK

Weight = Literal["a", "b", "c"]
WEIGHTS: tuple[Weight, ...] = ("a", "b", "c")

# A query longer than this is cut: nobody types more, and every word costs a term.
MAX_QUERY_CHARS = 1000
MAX_QUERY_WORDS = 32
# Longer "words" are cut to this length on both sides (PostgreSQL refuses lexemes over
# 2 KiB; nothing real is this long).
MAX_WORD_CHARS = 60
# The last word of a query is matched as a prefix (search while typing) from this length.
MIN_PREFIX_CHARS = 3

# bm25 column weights on SQLite (a, b, c) and the ts_rank_cd weights on PostgreSQL
# ({D, C, B, A}), chosen so that a title hit outranks a hit in the body.
FTS5_WEIGHTS = (10.0, 4.0, 1.0)
TSRANK_WEIGHTS = "{0.0, 0.1, 0.4, 1.0}"

_TABLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class SearchIndex:
    """One index table. `table` is a plain SQL name (lower-case letters, digits, `_`).
    `collection` names the facet collection (smartby.core.facets) whose rows the index
    holds: a write to the index records its ids as changed there, so the text hits each
    process keeps for it are read anew."""

    table: str
    collection: str = ""

    def __post_init__(self) -> None:
        if not _TABLE_NAME.match(self.table):
            raise ValueError(f"not a plain table name: {self.table!r}")


@dataclass(frozen=True)
class Part:
    """A piece of text of a row, in a language (nb, nn, en, sv, da, fi; others are indexed
    unstemmed), with its weight: "a" title, "b" summary and tags, "c" body."""

    text: str
    language: str
    weight: Weight


@dataclass(frozen=True)
class QueryTerm:
    """One word of a query: the normalised word, the forms that count as a match (its stems
    in every language, and the word itself) and whether it is matched as a prefix."""

    word: str
    alternatives: tuple[str, ...]
    prefix: bool


# --- normalising and stemming -------------------------------------------------------------

_VOWELS = frozenset("aeiouyæøåáàâäéèêëíìîïóòôöúùûüý")


def _char_class(ch: str) -> str:
    """ "w" for a letter or digit (kept), "m" for a combining mark (dropped, the word stays
    whole), " " for anything else (a separator)."""
    category = unicodedata.category(ch)
    if category[0] in "LN":
        return "w"
    if category[0] == "M":
        return "m"
    return " "


def normalise_words(text: str) -> list[str]:
    """The words of `text`: NFKC, case-folded, letters and digits only (Sami letters such as
    á č đ ŋ š ŧ ž included), each at most MAX_WORD_CHARS long."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    out: list[str] = []
    for ch in folded:
        kind = _char_class(ch)
        if kind == "w":
            out.append(ch)
        elif kind == " ":
            out.append(" ")
    return [word[:MAX_WORD_CHARS] for word in "".join(out).split()]


_STEMMER_NAMES = {
    "nb": "norwegian",
    "nn": "norwegian",
    "no": "norwegian",
    "en": "english",
    "sv": "swedish",
    "da": "danish",
    "fi": "finnish",
}
# The languages a query word is stemmed in (one per stemmer).
QUERY_LANGUAGES = ("nb", "en", "sv", "da", "fi")

_local = threading.local()  # Snowball stemmer objects keep state: one set per thread


def _stemmer(name: str) -> Any:
    stemmers: dict[str, Any] | None = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    if name not in stemmers:
        stemmers[name] = snowballstemmer.stemmer(name)
    return stemmers[name]


def _norwegian_compound(stem: str) -> str:
    """Norwegian nouns in -el/-er drop the e (and undouble the consonant) when inflected:
    bysykkel, bysykler, bysyklene. Snowball stems the inflected forms to "bysykl" but leaves
    "bysykkel", so a stem ending in consonant + el/er is brought to the short form too."""
    if len(stem) < 4 or stem[-2:] not in ("el", "er"):
        return stem
    consonant = stem[-3]
    if not consonant.isalpha() or consonant in _VOWELS:
        return stem
    base = stem[:-2]
    if len(base) >= 2 and base[-1] == base[-2]:
        base = base[:-1]
    if not any(ch in _VOWELS for ch in base[:-1]):
        return stem  # too short to be a compound ("ber", "tre" stay as they are)
    return base + stem[-1]


@functools.lru_cache(maxsize=65536)
def stem(word: str, language: str) -> str:
    """`word` (already normalised) stemmed in `language`; unknown languages leave it as is."""
    name = _STEMMER_NAMES.get(language.split("-")[0].lower())
    if name is None:
        return word
    stemmed: str = _stemmer(name).stemWord(word) or word
    if name == "norwegian":
        stemmed = _norwegian_compound(stemmed)
    return stemmed


@functools.lru_cache(maxsize=65536)
def _all_forms(word: str) -> frozenset[str]:
    return frozenset({word, *(stem(word, language) for language in QUERY_LANGUAGES)})


def stem_text(text: str, language: str) -> str:
    """The text as it is stored in an index: its words stemmed, separated by spaces."""
    return " ".join(stem(word, language) for word in normalise_words(text))


def query_terms(query: str) -> list[QueryTerm]:
    """The terms of a query (at most MAX_QUERY_WORDS words of the first MAX_QUERY_CHARS
    characters); all must match. The last word is a prefix unless the query ends after it
    with a space or punctuation. No terms for an empty or punctuation-only query."""
    query = query[:MAX_QUERY_CHARS]
    words = normalise_words(query)
    cut = len(words) > MAX_QUERY_WORDS
    words = words[:MAX_QUERY_WORDS]
    if not words:
        return []
    last = unicodedata.normalize("NFKC", query[-1:])[-1:]
    ends_in_word = not cut and bool(last) and _char_class(last) in "wm"
    terms: list[QueryTerm] = []
    seen: set[tuple[tuple[str, ...], bool]] = set()
    for position, word in enumerate(words):
        prefix = ends_in_word and position == len(words) - 1 and len(word) >= MIN_PREFIX_CHARS
        forms = set(_all_forms(word))
        if prefix and len(word) > MIN_PREFIX_CHARS and word[-1] == word[-2]:
            forms.add(word[:-1])  # "bysykk" (typing "bysykkel") reaches "bysykl"
        if prefix:  # a form that begins with another form finds nothing more: leave it out
            forms = {f for f in forms if not any(f != g and f.startswith(g) for g in forms)}
        alternatives = tuple(sorted(forms))
        if (alternatives, prefix) in seen:
            continue
        seen.add((alternatives, prefix))
        terms.append(QueryTerm(word=word, alternatives=alternatives, prefix=prefix))
    return terms


# --- installing an index -----------------------------------------------------------------


def connection_of(target: BaseDatabaseSchemaEditor | BaseDatabaseWrapper | None) -> Any:
    if target is None:
        return default_connection
    if isinstance(target, BaseDatabaseSchemaEditor):
        return target.connection
    return target


# The statements of each engine. `<table>` is the only text put into them, and it is a name
# checked by SearchIndex and quoted by the backend; everything from users is a parameter.
# The words of index rows (those <where> picks), into the narrow tables searches read on
# PostgreSQL (see _INSTALL): after each write, and once for every row when migrating.
_PG_INSERT_TERMS = (
    "WITH d AS (SELECT id, document FROM <table><where>), "
    "a AS (INSERT INTO <terms_a> (id, lexemes) "
    "SELECT id, strip(ts_filter(document, '{a}')) FROM d), "
    "ab AS (INSERT INTO <terms_ab> (id, lexemes) "
    "SELECT id, strip(ts_filter(document, '{a,b}')) FROM d) "
    "INSERT INTO <terms> (id, lexemes) SELECT id, strip(document) FROM d"
)
_SQL: dict[str, dict[str, str]] = {
    "sqlite": {
        # One parameter for any number of ids (SQLite limits the number of parameters).
        "delete": "DELETE FROM <table> WHERE rowid IN (SELECT value FROM json_each(%s))",
        "insert": "INSERT INTO <table> (rowid, a, b, c) VALUES (%s, %s, %s, %s)",
        "match_ids": "SELECT rowid FROM <table> WHERE <table> MATCH %s",
        # The ids as one JSON array: far cheaper to carry into Python than a row per id.
        "match_id_array": "SELECT json_group_array(rowid) FROM <table> WHERE <table> MATCH %s",
        # bm25 scans every match to weigh a term, so ranks are computed in one pass over
        # the matches (materialised once per statement), not per outer row.
        "rank": (
            "COALESCE((WITH ranked AS MATERIALIZED (SELECT rowid AS id, "
            "-bm25(<table>, <weights>) AS rank FROM <table> WHERE <table> MATCH %s) "
            "SELECT rank FROM ranked WHERE ranked.id = <pk>), 0.0)"
        ),
    },
    "postgresql": {
        # One statement for the four tables (see _INSTALL).
        "delete": (
            "WITH a AS (DELETE FROM <terms_a> WHERE id = ANY(%s)), "
            "ab AS (DELETE FROM <terms_ab> WHERE id = ANY(%s)), "
            "t AS (DELETE FROM <terms> WHERE id = ANY(%s)) "
            "DELETE FROM <table> WHERE id = ANY(%s)"
        ),
        "insert": (
            "INSERT INTO <table> (id, document) VALUES (%s, "
            "setweight(to_tsvector('simple', %s), 'A') || "
            "setweight(to_tsvector('simple', %s), 'B') || "
            "setweight(to_tsvector('simple', %s), 'C'))"
        ),
        # The words of the rows just inserted, into the tables searches read.
        "insert_terms": _PG_INSERT_TERMS.replace("<where>", " WHERE id = ANY(%s)"),
        "match_ids": "SELECT id FROM <terms> WHERE lexemes @@ to_tsquery('simple', %s)",
        "match_id_array": "SELECT <ids_tier>(to_tsquery('simple', %s))",
        "rank": (
            "COALESCE((SELECT ts_rank_cd('<weights>'::float4[], s.document, "
            "to_tsquery('simple', %s)) FROM <table> s WHERE s.id = <pk>), 0.0)"
        ),
    },
}
_INSTALL: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "CREATE VIRTUAL TABLE IF NOT EXISTS <table> USING fts5("
        "a, b, c, tokenize = 'unicode61 remove_diacritics 0')",
    ),
    "postgresql": (
        # The words with their positions and weights, for ts_rank_cd (search_filter's rank).
        "CREATE TABLE IF NOT EXISTS <table> (id bigint PRIMARY KEY, document tsvector NOT NULL)",
        # What searches read: per row its words without positions (strip), all of them, those
        # of the title and summary, those of the title (the relevance tiers, see search_ids).
        # A GIN index finds the matching rows, but their ids are read from the table's pages:
        # in narrow tables a common word reads a fraction of the pages. At half a million
        # cases, the title-and-summary hits of a word came 14 times faster than through an
        # index on ts_filter(document) of the wide table, all hits 1.7 times.
        "CREATE TABLE IF NOT EXISTS <terms> (id bigint PRIMARY KEY, lexemes tsvector NOT NULL)",
        "CREATE TABLE IF NOT EXISTS <terms_a> (id bigint PRIMARY KEY, lexemes tsvector NOT NULL)",
        "CREATE TABLE IF NOT EXISTS <terms_ab> (id bigint PRIMARY KEY, lexemes tsvector NOT NULL)",
        "CREATE INDEX IF NOT EXISTS <gin_terms> ON <terms> USING gin (lexemes)",
        "CREATE INDEX IF NOT EXISTS <gin_terms_a> ON <terms_a> USING gin (lexemes)",
        "CREATE INDEX IF NOT EXISTS <gin_terms_ab> ON <terms_ab> USING gin (lexemes)",
        # The ids of a match, always found through the GIN index: for a common word the
        # planner prefers reading the whole table and testing every row (a seq scan, read
        # through a small ring of buffers), about twice as slow as the index and the pages
        # it names. A function's SET clause keeps enable_seqscan off for its query alone.
        *(
            f"CREATE OR REPLACE FUNCTION <ids{tier}>(q tsquery) RETURNS bigint[] LANGUAGE sql "  # noqa: S608 - fixed names
            f"STABLE SET enable_seqscan = off AS "
            f"'SELECT array_agg(id) FROM <terms{tier}> WHERE lexemes @@ q'"
            for tier in ("", "_a", "_ab")
        ),
    ),
}
# The parts of a row a relevance tier looks in (see search_ids): the title (weight a); the
# title and summary (a and b). The expressions are those of the indexes above.
TIERS: tuple[str, ...] = ("a", "ab")
_TIER_TERMS = {"": "<terms>", "a": "<terms_a>", "ab": "<terms_ab>"}
_TIER_IDS = {"": "<ids>", "a": "<ids_a>", "ab": "<ids_ab>"}
_TIER_COLUMNS = {"a": "{a}", "ab": "{a b}"}
_SQL_SQLITE_WEIGHTS = ", ".join(str(w) for w in FTS5_WEIGHTS)


def _vendor(conn: Any) -> str:
    vendor: str = conn.vendor
    if vendor not in _SQL:
        raise NotImplementedError(f"full-text search is not available on {vendor}")
    return vendor


def _sql(conn: Any, index: SearchIndex, statement: str) -> str:
    return fill_names(conn, index, _SQL[_vendor(conn)][statement])


# The names in the statements: each placeholder is the index table's name plus its suffix.
_NAMES = {
    "<table>": "",
    # PostgreSQL's narrow tables, their GIN indexes and the functions reading them.
    "<terms>": "_terms",
    "<terms_a>": "_terms_a",
    "<terms_ab>": "_terms_ab",
    "<gin_terms>": "_terms_lexemes",
    "<gin_terms_a>": "_terms_a_lexemes",
    "<gin_terms_ab>": "_terms_ab_lexemes",
    "<ids>": "_terms_ids",
    "<ids_a>": "_terms_a_ids",
    "<ids_ab>": "_terms_ab_ids",
    # The indexes on the wide table before them (migrations only).
    "<gin>": "_document",
    "<gin_a>": "_tier_a",
    "<gin_ab>": "_tier_ab",
}


def fill_names(conn: Any, index: SearchIndex, template: str) -> str:
    """`template` with the names of `index`'s tables (see _NAMES) put in, quoted."""
    weights = _SQL_SQLITE_WEIGHTS if conn.vendor == "sqlite" else TSRANK_WEIGHTS
    for placeholder, suffix in _NAMES.items():
        template = template.replace(placeholder, conn.ops.quote_name(index.table + suffix))
    return template.replace("<weights>", weights)


def install_index(
    index: SearchIndex, target: BaseDatabaseSchemaEditor | BaseDatabaseWrapper | None = None
) -> None:
    """Create the index table (idempotent). `target` is a migration's schema editor or a
    connection (the default connection when left out)."""
    conn = connection_of(target)
    statements = _INSTALL[_vendor(conn)]
    with conn.cursor() as cursor:
        for statement in statements:
            cursor.execute(fill_names(conn, index, statement))


def uninstall_tier_indexes(
    index: SearchIndex, target: BaseDatabaseSchemaEditor | BaseDatabaseWrapper | None = None
) -> None:
    """Drop the relevance tiers' indexes (PostgreSQL; SQLite has none): the way back of
    the migrations that added them to an existing index."""
    conn = connection_of(target)
    if _vendor(conn) == "postgresql":
        with conn.cursor() as cursor:
            for name in ("<gin_a>", "<gin_ab>"):
                cursor.execute(fill_names(conn, index, f"DROP INDEX IF EXISTS {name}"))


def uninstall_index(
    index: SearchIndex, target: BaseDatabaseSchemaEditor | BaseDatabaseWrapper | None = None
) -> None:
    """Drop the index tables (idempotent)."""
    conn = connection_of(target)
    with conn.cursor() as cursor:
        if _vendor(conn) == "postgresql":
            _drop_terms(cursor, conn, index)
        cursor.execute(fill_names(conn, index, "DROP TABLE IF EXISTS <table>"))


# The indexes PostgreSQL searched before the narrow tables of _INSTALL (the way back).
_PG_WIDE_INDEXES = (
    "CREATE INDEX IF NOT EXISTS <gin> ON <table> USING gin (document)",
    "CREATE INDEX IF NOT EXISTS <gin_a> ON <table> USING gin (ts_filter(document, '{a}'))",
    "CREATE INDEX IF NOT EXISTS <gin_ab> ON <table> USING gin (ts_filter(document, '{a,b}'))",
)


def install_terms_tables(
    index: SearchIndex, target: BaseDatabaseSchemaEditor | BaseDatabaseWrapper | None = None
) -> None:
    """PostgreSQL (SQLite has nothing to do): create the narrow tables searches read, fill
    them from the index's rows and drop the indexes on the wide table they replace."""
    conn = connection_of(target)
    if _vendor(conn) != "postgresql":
        return
    install_index(index, conn)
    with conn.cursor() as cursor:
        cursor.execute(fill_names(conn, index, _PG_INSERT_TERMS.replace("<where>", "")))
        for name in ("<gin>", "<gin_a>", "<gin_ab>"):
            cursor.execute(fill_names(conn, index, f"DROP INDEX IF EXISTS {name}"))


def uninstall_terms_tables(
    index: SearchIndex, target: BaseDatabaseSchemaEditor | BaseDatabaseWrapper | None = None
) -> None:
    """The way back of install_terms_tables."""
    conn = connection_of(target)
    if _vendor(conn) != "postgresql":
        return
    with conn.cursor() as cursor:
        for statement in _PG_WIDE_INDEXES:
            cursor.execute(fill_names(conn, index, statement))
        _drop_terms(cursor, conn, index)


def _drop_terms(cursor: Any, conn: Any, index: SearchIndex) -> None:
    for function in _TIER_IDS.values():
        cursor.execute(fill_names(conn, index, f"DROP FUNCTION IF EXISTS {function}(tsquery)"))
    for table in _TIER_TERMS.values():
        cursor.execute(fill_names(conn, index, f"DROP TABLE IF EXISTS {table}"))


# --- writing ------------------------------------------------------------------------------


def _stemmed_columns(parts: Iterable[Part]) -> tuple[str, str, str]:
    columns: dict[str, list[str]] = {weight: [] for weight in WEIGHTS}
    for part in parts:
        if part.weight not in columns:
            raise ValueError(f"unknown weight {part.weight!r}")
        text = stem_text(part.text, part.language)
        if text:
            columns[part.weight].append(text)
    return (" ".join(columns["a"]), " ".join(columns["b"]), " ".join(columns["c"]))


def _id_list(conn: Any, ids: list[int]) -> Any:
    return json.dumps(ids) if conn.vendor == "sqlite" else ids


def index_replace(
    index: SearchIndex, rows: Mapping[int, list[Part]], *, record: bool = True
) -> None:
    """Replace the index rows of these ids with the given parts (a fixed number of SQL
    statements for any number of rows). `record=False` leaves out the change rows (a rebuild,
    whose index_clear has recorded that every row changed)."""
    if not rows:
        return
    conn = default_connection
    ids = sorted(rows)
    values = [(pk, *_stemmed_columns(rows[pk])) for pk in ids]
    with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
        if record:
            _record_changes(conn, index, ids)
        _delete(cursor, conn, index, ids)
        cursor.executemany(_sql(conn, index, "insert"), values)
        if conn.vendor == "postgresql":
            cursor.execute(_sql(conn, index, "insert_terms"), [ids])


def index_remove(index: SearchIndex, ids: Iterable[int]) -> None:
    """Remove the index rows of these ids (one SQL statement; unknown ids are ignored)."""
    id_list = sorted(set(ids))
    if not id_list:
        return
    conn = default_connection
    with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
        _record_changes(conn, index, id_list)
        _delete(cursor, conn, index, id_list)


def _delete(cursor: Any, conn: Any, index: SearchIndex, ids: list[int]) -> None:
    statement = _sql(conn, index, "delete")
    cursor.execute(statement, [_id_list(conn, ids)] * statement.count("%s"))


def index_clear(index: SearchIndex) -> None:
    """Empty the index (before a rebuild)."""
    conn = default_connection
    tables = ["<table>"] if _vendor(conn) == "sqlite" else ["<table>", *_TIER_TERMS.values()]
    with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
        _record_changes(conn, index, [0])
        for table in tables:
            cursor.execute(fill_names(conn, index, f"DELETE FROM {table}"))  # noqa: S608 - names


def _record_changes(conn: Any, index: SearchIndex, ids: list[int]) -> None:
    """Record that the text of these rows (0: of every row) changes, in the transaction that
    changes it: a change row per id for the index's collection (the kept text hits) and one
    for the site (the page cache). The index is not a model, so no trigger does this. On
    PostgreSQL the writer takes its turn first, as the triggers do (pagecache.WRITE_LOCK)."""
    if not index.collection:
        return
    objects = [(index.collection, pk) for pk in ids] + [("site", 0)]
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])
            cursor.execute(
                "INSERT INTO core_facetchange (collection, object_id, token) "
                "SELECT c, o, floor(random() * 9e15)::bigint "
                "FROM unnest(%s::text[], %s::bigint[]) AS t(c, o)",
                [[c for c, _ in objects], [o for _, o in objects]],
            )
        else:
            cursor.execute(
                "INSERT INTO core_facetchange (collection, object_id, token) "
                "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), random() "
                "FROM json_each(%s)",
                [json.dumps(objects)],
            )


# --- searching ----------------------------------------------------------------------------


def _fts5_expression(terms: list[QueryTerm]) -> str:
    def quoted(alternative: str, prefix: bool) -> str:
        return '"' + alternative.replace('"', '""') + '"' + ("*" if prefix else "")

    return " AND ".join(
        "(" + " OR ".join(quoted(alt, term.prefix) for alt in term.alternatives) + ")"
        for term in terms
    )


def _tsquery_expression(terms: list[QueryTerm]) -> str:
    # Alternatives hold letters and digits only (see normalise_words), none of which is
    # tsquery syntax; the quoting is a second fence.
    def quoted(alternative: str, prefix: bool) -> str:
        return "'" + alternative.replace("'", "''") + "'" + (":*" if prefix else "")

    return " & ".join(
        "(" + " | ".join(quoted(alt, term.prefix) for alt in term.alternatives) + ")"
        for term in terms
    )


_MATCH_EXPRESSION: dict[str, Callable[[list[QueryTerm]], str]] = {
    "sqlite": _fts5_expression,
    "postgresql": _tsquery_expression,
}


class _IndexRank(Func):
    """The rank of the outer row in the index, as a correlated subquery. The outer primary
    key is a real expression, so the ORM relabels it when the query is nested."""

    output_field = FloatField()

    def __init__(self, pk: Any, *, rank_sql: str, match: str) -> None:
        super().__init__(pk)
        self.rank_sql = rank_sql
        self.match = match

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, list[Any]]:
        pk_sql, pk_params = compiler.compile(self.get_source_expressions()[0])
        return self.rank_sql.replace("<pk>", pk_sql), [self.match, *pk_params]


M = TypeVar("M", bound=Model)


def search_filter(qs: QuerySet[M], index: SearchIndex, query: str) -> QuerySet[M]:
    """`qs` narrowed to the rows whose index entry matches every word of `query`, annotated
    with `search_rank` (float, higher is more relevant). An empty or punctuation-only query
    leaves `qs` unfiltered with rank 0. Adds no SQL statement: the match is part of `qs`."""
    terms = query_terms(query)
    if not terms:
        return qs.annotate(search_rank=Value(0.0, output_field=FloatField()))
    conn = default_connection
    match = _MATCH_EXPRESSION[_vendor(conn)](terms)
    rank_sql = _sql(conn, index, "rank")
    # The match expression is a parameter; the statement holds only the index's table name.
    ids = RawSQL(_sql(conn, index, "match_ids"), [match])  # noqa: S611
    rank: Expression = _IndexRank(F("pk"), rank_sql=rank_sql, match=match)
    return qs.filter(pk__in=ids).annotate(search_rank=rank)


def match_expression(query: str) -> str:
    """The engine's match expression for `query` ("" when it has no words): equal for
    queries that find the same rows, so it also keys caches of search results."""
    terms = query_terms(query)
    if not terms:
        return ""
    return _MATCH_EXPRESSION[_vendor(default_connection)](terms)


def search_ids(index: SearchIndex, query: str, *, within: str = "") -> list[int]:
    """The ids of every row matching `query` (one SQL statement; none for an empty query).
    With `within` (one of TIERS), only the rows where every word is found in those parts:
    "a" the title, "ab" the title or summary, which is how the lists rank by relevance
    without weighing every match (smartby.core.facets.tiered_page)."""
    return _match_ids(index, match_expression(query), within)


def term_expression(term: QueryTerm) -> str:
    """The engine's match expression for one term of a query: a query matches the rows
    every one of its terms matches, so a term's hits can be kept and shared by queries."""
    return _MATCH_EXPRESSION[_vendor(default_connection)]([term])


def term_ids(index: SearchIndex, term: QueryTerm, *, within: str = "") -> list[int]:
    """The ids of every row matching one term (as `search_ids`, one SQL statement)."""
    return _match_ids(index, term_expression(term), within)


def _match_ids(index: SearchIndex, match: str, within: str) -> list[int]:
    if not match:
        return []
    conn = default_connection
    sql = _sql(conn, index, "match_id_array")
    if within and within not in TIERS:
        raise ValueError(f"unknown tier {within!r}")
    if conn.vendor == "sqlite":
        if within:
            match = f"{_TIER_COLUMNS[within]} : ({match})"
        with conn.cursor() as cursor:
            cursor.execute(sql, [match])
            return json.loads(cursor.fetchone()[0])  # type: ignore[no-any-return]
    with conn.cursor() as cursor:
        sql = sql.replace("<ids_tier>", _TIER_IDS[within])
        cursor.execute(fill_names(conn, index, sql), [match])
        return cursor.fetchone()[0] or []


# --- snippets -----------------------------------------------------------------------------

_TEXT_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@functools.lru_cache(maxsize=65536)
def _word_tokens(word: str) -> tuple[str, ...]:
    """`normalise_words` of one word of a text, kept: snippets meet the same words often."""
    return tuple(normalise_words(word))


def _word_matches(word: str, terms: list[QueryTerm]) -> bool:
    for token in _word_tokens(word):
        forms = _all_forms(token)
        for term in terms:
            if term.prefix:
                if any(f.startswith(alt) for f in forms for alt in term.alternatives):
                    return True
            elif not forms.isdisjoint(term.alternatives):
                return True
    return False


class _Matcher:
    """Whether a word of a text matches the terms of one query, each word decided once: a
    list page makes a snippet per row with the same query, and its texts share most words."""

    MOST = 2048  # words remembered per query (a page's snippets meet a few hundred)

    def __init__(self, query: str) -> None:
        self.terms = query_terms(query)
        self.seen: dict[str, bool] = {}

    def __call__(self, word: str) -> bool:
        found = self.seen.get(word)
        if found is None:
            if len(self.seen) >= self.MOST:
                self.seen.clear()
            found = self.seen[word] = _word_matches(word, self.terms)
        return found


@functools.lru_cache(maxsize=64)  # at most 64 × 2048 words: a few MB
def _matcher(query: str) -> _Matcher:
    return _Matcher(query)


def snippet(text: str, query: str, length: int = 220) -> SafeString:
    """An HTML-safe excerpt of `text` of about `length` characters around the first word that
    matches `query` (stems compared), with every matching word in <mark> and "…" where the
    text is cut. Without a match, the start of the text."""
    matches = _matcher(query)
    words = list(_TEXT_WORD.finditer(text))
    hits: list[re.Match[str]] = []
    first: re.Match[str] | None = None
    if matches.terms:
        for match in words:
            if matches(match.group()):
                first = match
                break

    start, end = 0, len(text)
    if len(text) > length:
        if first is not None:
            start = max(0, first.start() - length // 3)
        end = min(len(text), start + length)
        start = max(0, min(start, end - length))
        if start > 0:  # begin at a word
            following = [m for m in words if m.start() >= start]
            start = following[0].start() if following else start
        if end < len(text):  # end after a whole word
            space = text.rfind(" ", start, end)
            if space > start:
                end = space

    if first is not None:
        hits = [m for m in words if m.start() >= start and m.end() <= end and matches(m.group())]
    pieces: list[str] = ["…"] if start > 0 else []
    cursor = start
    for hit in hits:
        pieces.append(html.escape(text[cursor : hit.start()]))
        pieces.append(f"<mark>{html.escape(hit.group())}</mark>")
        cursor = hit.end()
    pieces.append(html.escape(text[cursor:end]))
    if end < len(text):
        pieces.append("…")
    return mark_safe("".join(pieces).strip())  # noqa: S308 - every piece of text is escaped


# --- rebuilding every index ---------------------------------------------------------------

_REBUILDERS: dict[str, Callable[[], int]] = {}
_INDEXES: dict[str, SearchIndex] = {}


def register_rebuild(index: SearchIndex, rebuild: Callable[[], int]) -> None:
    """Make `smartby reindex` rebuild `index` with `rebuild` (returns the rows indexed).
    Apps call this from their `search` module, which the command imports."""
    _REBUILDERS[index.table] = rebuild
    _INDEXES[index.table] = index


def registered_rebuilds() -> dict[str, Callable[[], int]]:
    return dict(_REBUILDERS)


def registered_indexes() -> list[SearchIndex]:
    """The indexes apps registered, by table name (import their `search` modules first)."""
    return [_INDEXES[table] for table in sorted(_INDEXES)]
