"""Finding datasets: the filtered and sorted list and its facet counts (each counted under
every other filter, so a count is what choosing that value alone would give)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, QuerySet, Value
from django.db.models.functions import Coalesce, Lower, NullIf

from smartby.cases.models import Theme
from smartby.catalog.filters import (
    FACETS,
    SORT_MODIFIED,
    SORT_QUALITY,
    SORT_RELEVANCE,
    SORT_TITLE,
    DatasetFilters,
    Vocabulary,
)
from smartby.catalog.models import Dataset, DatasetStatus, Distribution
from smartby.catalog.search import dataset_search
from smartby.core.models import active_language
from smartby.organisations.models import Municipality
from smartby.reference.models import DataTheme

# Facets read through a many-to-many table: (through model, lookup of the value).
_THROUGH: dict[str, tuple[Any, str]] = {
    "theme": (Dataset.data_themes.through, "datatheme__code"),
    "network_theme": (Dataset.themes.through, "theme__slug"),
    "municipality": (Dataset.spatial.through, "municipality__code"),
}
# Facets that are a column of the dataset (or of a row it points to).
_COLUMN = {
    "publisher": "publisher__slug",
    "licence": "licence__identifier",
    "access": "access_rights",
    "price_model": "price_model",
    "quality_band": "quality_band",
}


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


def _apply(
    datasets: QuerySet[Dataset], filters: DatasetFilters, *, skip: str = ""
) -> QuerySet[Dataset]:
    for name in FACETS:
        if name == skip:
            continue
        values = filters.values(name)
        if not values:
            continue
        if name in _THROUGH:
            through, lookup = _THROUGH[name]
            datasets = datasets.filter(
                Exists(
                    through.objects.filter(dataset_id=OuterRef("pk"), **{f"{lookup}__in": values})
                )
            )
        elif name in _COLUMN:
            datasets = datasets.filter(**{f"{_COLUMN[name]}__in": values})
        elif name == "format":
            datasets = datasets.filter(
                Exists(Distribution.objects.filter(dataset_id=OuterRef("pk"), format__in=values))
            )
    return datasets


def _searched(filters: DatasetFilters) -> QuerySet[Dataset]:
    datasets = Dataset.objects.all()
    if not filters.withdrawn:
        datasets = datasets.filter(status=DatasetStatus.ACTIVE)
    if filters.q:
        return dataset_search(datasets, filters.q)
    return datasets


def _title_order() -> Any:
    first, other = (
        ("title_en", "title_nb") if active_language() == "en" else ("title_nb", "title_en")
    )
    return Lower(Coalesce(NullIf(F(first), Value("")), F(other)))


def _ordered(datasets: QuerySet[Dataset], sort: str) -> QuerySet[Dataset]:
    if sort == SORT_RELEVANCE:
        return datasets.order_by("-search_rank", _title_order(), "id")
    if sort == SORT_MODIFIED:
        return datasets.order_by(F("modified").desc(nulls_last=True), "-updated_at", "-id")
    if sort == SORT_QUALITY:
        return datasets.order_by("-quality_points", _title_order(), "id")
    assert sort == SORT_TITLE
    return datasets.order_by(_title_order(), "id")


def dataset_discover(*, filters: DatasetFilters) -> QuerySet[Dataset]:
    """The datasets matching `filters` in the chosen order, with publisher, licence, data
    themes and distribution formats fetched for a list (a fixed number of queries)."""
    datasets = _apply(_searched(filters), filters)
    return _ordered(
        datasets.select_related("publisher", "licence", "harvest_source").prefetch_related(
            Prefetch(
                "data_themes",
                queryset=DataTheme.objects.only("id", "code", "label_nb", "label_en"),
            ),
            Prefetch("themes", queryset=Theme.objects.only("id", "slug", "name_nb", "name_en")),
            Prefetch(
                "spatial",
                queryset=Municipality.objects.only("id", "code", "name"),
            ),
            Prefetch(
                "distributions",
                queryset=Distribution.objects.only("id", "dataset_id", "format", "position"),
            ),
        ),
        filters.effective_sort,
    )


def dataset_facets(
    *, filters: DatasetFilters, vocabulary: Vocabulary
) -> dict[str, list[FacetValue]]:
    """Counts per value of each facet over the datasets matching every OTHER filter. One
    grouped query per facet; values with no dataset are left out unless selected."""
    searched = _searched(filters)
    facets: dict[str, list[FacetValue]] = {}
    for name in FACETS:
        counts = _facet_counts(name, _apply(searched, filters, skip=name))
        selected = set(filters.values(name))
        labels = vocabulary.labels(name)
        facets[name] = [
            FacetValue(value, label, counts.get(value, 0), value in selected)
            for value, label in labels.items()
            if counts.get(value) or value in selected
        ]
    return facets


def _facet_counts(name: str, datasets: QuerySet[Dataset]) -> dict[str, int]:
    ids = datasets.order_by().values("pk")
    if name in _THROUGH:
        through, lookup = _THROUGH[name]
        rows = (
            through.objects.filter(dataset_id__in=ids)
            .order_by()
            .values(lookup)
            .annotate(n=Count("dataset_id", distinct=True))
            .values_list(lookup, "n")
        )
    elif name in _COLUMN:
        column = _COLUMN[name]
        rows = (
            Dataset.objects.filter(pk__in=ids, **{f"{column}__isnull": False})
            .exclude(**{column: ""})
            .order_by()
            .values(column)
            .annotate(n=Count("pk"))
            .values_list(column, "n")
        )
    else:  # format
        rows = (
            Distribution.objects.filter(dataset_id__in=ids)
            .exclude(format="")
            .order_by()
            .values("format")
            .annotate(n=Count("dataset_id", distinct=True))
            .values_list("format", "n")
        )
    return {str(value): count for value, count in rows}
