"""The dataset list's facets as bitmaps (the engine is smartby.core.facets): what each facet
value of a dataset is, read in a few queries for all datasets or for the changed ones."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import QuerySet

from smartby.catalog.models import Dataset, DatasetStatus, Distribution
from smartby.core.facets import SOURCE_CHUNK, UNIVERSE, Collection

_THROUGH: dict[str, tuple[Any, str]] = {
    "theme": (Dataset.data_themes.through, "datatheme__code"),
    "network_theme": (Dataset.themes.through, "theme__slug"),
    "municipality": (Dataset.spatial.through, "municipality__code"),
}


def _narrow(qs: QuerySet[Any], column: str, ids: Sequence[int] | None) -> QuerySet[Any]:
    return qs if ids is None else qs.filter(**{f"{column}__in": list(ids)})


def _datasets(ids: Sequence[int] | None) -> Iterable[tuple[str, int, Any]]:
    rows = _narrow(Dataset.objects.all(), "pk", ids).values_list(
        "pk",
        "status",
        "publisher__slug",
        "licence__identifier",
        "access_rights",
        "price_model",
        "quality_band",
    )
    for pk, status, publisher, licence, access, price, band in rows.order_by().iterator(
        chunk_size=SOURCE_CHUNK
    ):
        yield UNIVERSE, pk, None
        if status == DatasetStatus.ACTIVE:
            yield "@active", pk, True
        yield "publisher", pk, publisher
        yield "licence", pk, licence
        yield "access", pk, access
        yield "price_model", pk, price
        yield "quality_band", pk, band


def _through(name: str) -> Any:
    through, lookup = _THROUGH[name]

    def source(ids: Sequence[int] | None) -> Iterable[tuple[str, int, Any]]:
        rows = _narrow(through.objects.all(), "dataset_id", ids).values_list("dataset_id", lookup)
        for dataset_id, value in rows.order_by().iterator(chunk_size=SOURCE_CHUNK):
            yield name, dataset_id, value

    return source


def _formats(ids: Sequence[int] | None) -> Iterable[tuple[str, int, Any]]:
    rows = _narrow(Distribution.objects.all(), "dataset_id", ids).values_list(
        "dataset_id", "format"
    )
    for dataset_id, value in rows.order_by().distinct().iterator(chunk_size=SOURCE_CHUNK):
        yield "format", dataset_id, value


DATASETS = Collection(
    name="datasets",
    sources=(_datasets, *(_through(name) for name in _THROUGH), _formats),
)
