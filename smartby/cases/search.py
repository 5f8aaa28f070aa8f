"""The cases' full-text index: the searchable parts of a case, and how a case query is
narrowed and ranked by a text search (the engine lives in smartby.core.search).

Only published cases are in the index; whether a viewer may see one is decided by the
queryset handed to `case_search` (it starts from the visibility selectors)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils.safestring import SafeString

from smartby.cases.models import Case, CaseTranslation, Lesson
from smartby.core.search import (
    Part,
    SearchIndex,
    index_clear,
    index_remove,
    index_replace,
    register_rebuild,
    search_filter,
    snippet,
)

CASE_INDEX = SearchIndex("cases_case_search", collection="cases")

_REBUILD_BATCH = 500
_INDEXED_FIELDS = (
    "id",
    "language",
    "title",
    "summary",
    "tags",
    "problem",
    "solution",
    "results",
    "is_published",
)


def _indexed_cases() -> QuerySet[Case]:
    return (
        Case.objects.filter(is_published=True)
        .only(*_INDEXED_FIELDS)
        .prefetch_related(
            Prefetch("lessons", queryset=Lesson.objects.only("id", "case_id", "text")),
            Prefetch(
                "translations",
                queryset=CaseTranslation.objects.only(
                    "id", "case_id", "language", "title", "summary"
                ),
            ),
        )
        .order_by("pk")
    )


def case_search_parts(case: Case) -> list[Part]:
    """What a case is found by: the title (weight a), summary and tags (b), problem,
    solution, results and lessons (c), in the case's language; translated titles (a) and
    summaries (b) in theirs. Reads `lessons` and `translations` (prefetch them)."""
    language = case.language
    parts = [
        Part(case.title, language, "a"),
        Part(case.summary, language, "b"),
        Part(case.tags, language, "b"),
        Part(case.problem, language, "c"),
        Part(case.solution, language, "c"),
        Part(case.results, language, "c"),
    ]
    parts += [Part(lesson.text, language, "c") for lesson in case.lessons.all()]
    for translation in case.translations.all():
        parts.append(Part(translation.title, translation.language, "a"))
        parts.append(Part(translation.summary, translation.language, "b"))
    return [part for part in parts if part.text]


def case_reindex(*, case_ids: list[int]) -> None:
    """Bring the index rows of these cases in line with the database (deleted or
    unpublished cases leave the index). A constant number of SQL statements for any number
    of ids; call it through `transaction.on_commit` after a write."""
    ids = set(case_ids)
    if not ids:
        return
    cases = list(_indexed_cases().filter(pk__in=ids))
    index_replace(CASE_INDEX, {case.pk: case_search_parts(case) for case in cases})
    index_remove(CASE_INDEX, ids - {case.pk for case in cases})


def case_index_rebuild() -> int:
    """Rebuild the whole index from the published cases; returns how many were indexed.
    One transaction, so searches see the old index until the new one is complete."""
    count = 0
    with transaction.atomic():
        index_clear(CASE_INDEX)
        batch: dict[int, list[Part]] = {}
        for case in _indexed_cases().iterator(chunk_size=_REBUILD_BATCH):
            batch[case.pk] = case_search_parts(case)
            if len(batch) >= _REBUILD_BATCH:
                index_replace(CASE_INDEX, batch, record=False)
                count += len(batch)
                batch = {}
        index_replace(CASE_INDEX, batch, record=False)
        count += len(batch)
    return count


register_rebuild(CASE_INDEX, case_index_rebuild)


def case_search(cases: QuerySet[Case], query: str) -> QuerySet[Case]:
    """`cases` narrowed to those matching `query`, annotated with `search_rank` (higher is
    more relevant). An empty query returns `cases` unchanged (annotated with rank 0)."""
    return search_filter(cases, CASE_INDEX, query)


def case_snippet(text: str, query: str, *, length: int = 220) -> SafeString:
    """An HTML-safe excerpt of `text` around the first words matching `query`, with the
    matching words in <mark>."""
    return snippet(text, query, length)
