"""The datasets' full-text index: what a dataset is found by, and how a dataset query is
narrowed and ranked by a text search (the engine lives in smartby.core.search).

Every dataset is in the index, withdrawn ones too (the list hides those with a filter, so
"show withdrawn" can still search them)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils.safestring import SafeString

from smartby.catalog.models import Dataset
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

DATASET_INDEX = SearchIndex("catalog_dataset_search", collection="datasets")

_REBUILD_BATCH = 500
_INDEXED_FIELDS = (
    "id",
    "title_nb",
    "title_en",
    "description_nb",
    "description_en",
    "keywords_nb",
    "keywords_en",
)


def _indexed_datasets() -> QuerySet[Dataset]:
    return Dataset.objects.only(*_INDEXED_FIELDS).order_by("pk")


def _keywords(value: object) -> str:
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return str(value or "")


def dataset_search_parts(dataset: Dataset) -> list[Part]:
    """What a dataset is found by: titles (weight a), keywords (b) and descriptions (c), the
    bokmål ones stemmed as Norwegian, the English ones as English."""
    parts = [
        Part(dataset.title_nb, "nb", "a"),
        Part(dataset.title_en, "en", "a"),
        Part(_keywords(dataset.keywords_nb), "nb", "b"),
        Part(_keywords(dataset.keywords_en), "en", "b"),
        Part(dataset.description_nb, "nb", "c"),
        Part(dataset.description_en, "en", "c"),
    ]
    return [part for part in parts if part.text]


def dataset_reindex(*, dataset_ids: list[int]) -> None:
    """Bring the index rows of these datasets in line with the database (deleted datasets
    leave the index). A constant number of SQL statements for any number of ids; call it
    through `transaction.on_commit` after a write."""
    ids = set(dataset_ids)
    if not ids:
        return
    datasets = list(_indexed_datasets().filter(pk__in=ids))
    index_replace(DATASET_INDEX, {d.pk: dataset_search_parts(d) for d in datasets})
    index_remove(DATASET_INDEX, ids - {d.pk for d in datasets})


def dataset_index_rebuild() -> int:
    """Rebuild the whole index; returns how many datasets were indexed (one transaction)."""
    count = 0
    with transaction.atomic():
        index_clear(DATASET_INDEX)
        batch: dict[int, list[Part]] = {}
        for dataset in _indexed_datasets().iterator(chunk_size=_REBUILD_BATCH):
            batch[dataset.pk] = dataset_search_parts(dataset)
            if len(batch) >= _REBUILD_BATCH:
                index_replace(DATASET_INDEX, batch, record=False)
                count += len(batch)
                batch = {}
        index_replace(DATASET_INDEX, batch, record=False)
        count += len(batch)
    return count


register_rebuild(DATASET_INDEX, dataset_index_rebuild)


def dataset_search(datasets: QuerySet[Dataset], query: str) -> QuerySet[Dataset]:
    """`datasets` narrowed to those matching `query`, annotated with `search_rank`."""
    return search_filter(datasets, DATASET_INDEX, query)


def dataset_snippet(text: str, query: str, *, length: int = 220) -> SafeString:
    """An HTML-safe excerpt of `text` around the words matching `query`, in <mark>."""
    return snippet(text, query, length)
