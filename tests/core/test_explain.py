"""The queries behind the case and dataset lists use indexes: the database's own plan
(EXPLAIN) for every statement the facet engine and the list pages send, on the tables that
grow. On PostgreSQL sequential scans are switched off for the check, so a plan that still
scans a table means no index can serve it; on SQLite the query plan must search, not scan."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.utils import translation

from smartby.cases.facet_index import CASES
from smartby.cases.filters import SORTS as CASE_SORTS
from smartby.cases.filters import CaseFilters
from smartby.cases.filters import Vocabulary as CaseVocabulary
from smartby.cases.models import Case, Phase
from smartby.cases.selectors.discovery import case_page
from smartby.catalog.facet_index import DATASETS
from smartby.catalog.filters import SORTS as DATASET_SORTS
from smartby.catalog.filters import DatasetFilters
from smartby.catalog.filters import Vocabulary as DatasetVocabulary
from smartby.catalog.models import Dataset
from smartby.catalog.selectors.discovery import dataset_page
from smartby.core import facets
from tests.cases.factories import case_create
from tests.catalog.factories import dataset_create

pytestmark = pytest.mark.django_db

# The tables that grow with the platform; the small reference tables (themes,
# municipalities, principles …) are read whole by design.
GROWING = (
    "cases_case",
    "cases_lesson",
    "catalog_dataset",
    "catalog_distribution",
    "core_facetchange",
    "core_searchposting",  # and core_searchpostingmark
)


@contextmanager
def _statements() -> Any:
    seen: list[tuple[str, Any]] = []

    def record(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield seen


def _scans(sql: str, params: Any) -> list[str]:
    """The growing tables the plan of `sql` reads in full."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = [row[0] for row in cursor.fetchall()]
            return [line for line in plan if "Seq Scan on" in line and _growing(line)]
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = [row[-1] for row in cursor.fetchall()]
        return [
            line
            for line in plan
            if line.startswith("SCAN ") and "USING" not in line and _growing(line)
        ]


def _growing(line: str) -> bool:
    words = line.replace('"', " ").split()
    return any(word.startswith(GROWING) and not word.endswith("_search") for word in words)


def _assert_indexed(statements: list[tuple[str, Any]]) -> None:
    problems = {sql: scans for sql, params in statements if (scans := _scans(sql, params))}
    assert not problems, problems


def _data() -> None:
    for i in range(6):
        case_create(
            title=f"Sensorer i sentrum {i}",
            themes=["mobility"],
            phase=Phase.PILOT,
            lessons=[("pitfall", "Husk strøm til sensorene.")],
        )
        dataset_create(title_nb=f"Sensordata {i}", data_themes=["TRAN"], themes=["mobility"])


def test_bringing_the_bitmaps_up_to_date_reads_by_index():
    _data()
    facets.snapshot_of(CASES)
    facets.snapshot_of(DATASETS)
    Case.objects.filter(pk__in=Case.objects.values("pk")[:2]).update(phase=Phase.SCALING)
    Dataset.objects.filter(pk__in=Dataset.objects.values("pk")[:2]).update(quality_points=3)
    with _statements() as seen:
        facets.snapshot_of(CASES)
        facets.snapshot_of(DATASETS)
    assert len(seen) > 4  # the newest change, the changes since, the rows of changed ids
    _assert_indexed(seen)


@pytest.mark.parametrize("changed", [False, True], ids=["orders read", "rows changed since"])
def test_the_list_pages_read_by_index(changed):
    """Every statement of the list pages, the first time (each order is read whole, over its
    index) and after rows changed (the changed hits are placed by the database)."""
    _data()
    case_vocabulary, dataset_vocabulary = CaseVocabulary(), DatasetVocabulary()
    case_page(viewer=AnonymousUser(), filters=CaseFilters(), vocabulary=case_vocabulary, limit=5)
    dataset_page(filters=DatasetFilters(), vocabulary=dataset_vocabulary, limit=5)

    def pages() -> None:
        for sort in CASE_SORTS:
            filters = CaseFilters(q="sensor", theme=["mobility"], phase=["testing"], sort=sort)
            case_page(viewer=AnonymousUser(), filters=filters, vocabulary=case_vocabulary, limit=5)
        for language in ("nb", "en"):
            with translation.override(language):
                for sort in DATASET_SORTS:
                    filters = DatasetFilters(q="sensordata", theme=["TRAN"], sort=sort)
                    dataset_page(filters=filters, vocabulary=dataset_vocabulary, limit=5)

    if changed:
        pages()
        Case.objects.update(title="Sensorer i sentrum")
        Dataset.objects.update(quality_points=2, modified=None)
    with _statements() as seen:
        pages()
    page_statements = [
        (sql, params)
        for sql, params in seen
        if not sql.lstrip().upper().startswith("SET")
        # The whole order "recently modified", read once per process: not indexed (NULLS
        # LAST cannot be on SQLite), see docs/performance.md.
        and not sql.endswith(_MODIFIED_ORDER)
    ]
    _assert_indexed(page_statements)


_MODIFIED_ORDER = (
    'ORDER BY "catalog_dataset"."modified" DESC NULLS LAST, "catalog_dataset"."updated_at" DESC, '
    '"catalog_dataset"."id" DESC'
)


def test_text_matches_are_read_through_the_gin_index_even_for_common_words():
    """PostgreSQL: the planner would read a common word's matches by testing every row of
    the words table; the match functions keep sequential scans off for their query alone,
    and under that setting each plan is the GIN index and the pages it names."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's FTS5 reads its own index")
    expected = {
        f"{table}_terms{tier}_ids"
        for table in ("cases_case_search", "catalog_dataset_search")
        for tier in ("", "_a", "_ab")
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT proname, proconfig FROM pg_proc WHERE proname = ANY(%s)", [list(expected)]
        )
        configs = dict(cursor.fetchall())
        assert set(configs) == expected
        assert all(config == ["enable_seqscan=off"] for config in configs.values())
        cursor.execute("SET LOCAL enable_seqscan = off")
        for name in expected:
            table = connection.ops.quote_name(name.removesuffix("_ids"))
            cursor.execute(
                f"EXPLAIN SELECT array_agg(id) FROM {table} "  # noqa: S608 - fixed names
                "WHERE lexemes @@ to_tsquery('simple', 'sensor:*')"
            )
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "Bitmap Index Scan" in plan and "Seq Scan" not in plan, plan
