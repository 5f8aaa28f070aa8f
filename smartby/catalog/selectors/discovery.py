"""Finding datasets: the filtered and sorted list and its facet counts (each counted under
every other filter, so a count is what choosing that value alone would give)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet

from smartby.cases.models import Theme
from smartby.catalog.facet_index import DATASETS
from smartby.catalog.filters import (
    FACETS,
    SORT_MODIFIED,
    SORT_QUALITY,
    SORT_RELEVANCE,
    SORT_TITLE,
    DatasetFilters,
    Vocabulary,
)
from smartby.catalog.models import Dataset, DatasetStatus, Distribution, title_order
from smartby.catalog.search import DATASET_INDEX, dataset_search
from smartby.core.facets import (
    FacetValue,
    Snapshot,
    current,
    facet_search,
    facet_values,
    ordered_page,
    page_window,
    row_values,
    rows_in_order,
    text_narrowed,
    text_tiers,
    tiered_page,
)
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
    return title_order(active_language())


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
    return _ordered(_with_list_fields(_apply(_searched(filters), filters)), filters.effective_sort)


def _with_list_fields(datasets: QuerySet[Dataset]) -> QuerySet[Dataset]:
    return datasets.select_related("publisher", "licence", "harvest_source").prefetch_related(
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
    )


@dataclass(frozen=True)
class ThemeRef:
    code: str
    label: str


# What a row of the list shows (the page's card, the API's DatasetOut).
_LIST_COLUMNS = (
    *("id", "slug", "uri", "title_nb", "title_en", "description_nb", "description_en"),
    *("publisher", "publisher__name", "publisher__slug", "licence", "licence__identifier"),
    *("access_rights", "price_model", "price_nok", "quality_points", "quality_band"),
    *("status", "modified", "harvest_source", "is_demo"),
)
_LINKED = ("theme", "network_theme", "municipality")


def _list_rows(ids: list[int], vocabulary: Vocabulary, snapshot: Snapshot) -> list[Dataset]:
    """The datasets `ids` in that order with what a list row shows: `list_themes`
    (ThemeRef, labelled in the active language), `theme_codes`, `network_theme_slugs`,
    `municipality_codes` and `distribution_formats` (each distribution's, "" when unknown,
    in order). The links come from the facet bitmaps of `snapshot` and are named from the
    vocabulary: two small queries, no related objects."""
    if not ids:
        return []
    queryset = Dataset.objects.select_related("publisher", "licence").only(*_LIST_COLUMNS)
    datasets = rows_in_order(queryset, ids)
    linked = {name: row_values(snapshot, name, ids, vocabulary.order_of(name)) for name in _LINKED}
    formats: dict[int, list[str]] = {}
    distributions = (
        Distribution.objects.filter(dataset_id__in=ids)
        .order_by("dataset_id", "position", "id")
        .values_list("dataset_id", "format")
    )
    for dataset_id, file_type in distributions:
        formats.setdefault(dataset_id, []).append(file_type)
    labels = vocabulary.labels("theme")
    for dataset in datasets:
        codes = linked["theme"].get(dataset.pk, [])
        dataset.theme_codes = codes  # type: ignore[attr-defined]
        dataset.list_themes = [ThemeRef(c, labels[c]) for c in codes]  # type: ignore[attr-defined]
        dataset.network_theme_slugs = linked["network_theme"].get(dataset.pk, [])  # type: ignore[attr-defined]
        dataset.municipality_codes = linked["municipality"].get(dataset.pk, [])  # type: ignore[attr-defined]
        dataset.distribution_formats = formats.get(dataset.pk, [])  # type: ignore[attr-defined]
    return datasets


@dataclass(frozen=True)
class DatasetPage:
    """One page of the dataset list: how many match, the page's datasets in order, the
    facet counts (each under every other filter) and the offset and page shown."""

    count: int
    datasets: list[Dataset]
    facets: dict[str, list[FacetValue]]
    offset: int
    page: int | None
    facets_omitted: dict[str, int] = field(default_factory=dict)


def dataset_page(
    *,
    filters: DatasetFilters,
    vocabulary: Vocabulary,
    limit: int,
    offset: int = 0,
    page: Any = None,
    facets_shown: int | None = None,
    every_value_of: Sequence[str] = (),
) -> DatasetPage:
    """The datasets matching `filters`: the count, rows `offset` … `offset + limit` (or,
    given `page`, that page, see `page_window`) in the chosen order, and the facet counts,
    counted on bitmaps (smartby.core.facets). A fixed number of queries. `facets_shown` and
    `every_value_of` as for the case list (smartby.cases.selectors.discovery.case_page)."""
    snapshot, text_hits = current(DATASETS)
    base, terms = text_narrowed(
        snapshot.universe if filters.withdrawn else snapshot.group("active"),
        text_hits,
        index=DATASET_INDEX,
        query=filters.q,
    )
    chosen = {name: filters.values(name) for name in FACETS}
    result = facet_search(snapshot, base, chosen, FACETS)
    sort = filters.effective_sort
    everything: QuerySet[Dataset] = Dataset.objects.all()  # the universe of the bitmaps
    if page is not None:
        page, offset = page_window(len(result.hits), page, limit)
    if sort == SORT_RELEVANCE and terms:
        # Title hits first, then title-or-description hits, then the rest; by title in each.
        tiers = text_tiers(text_hits, index=DATASET_INDEX, terms=terms)
        ordered = _ordered(everything, SORT_TITLE)
        ids = tiered_page(
            result.hits, tiers, ordered, offset=offset, limit=limit, snapshot=snapshot
        )
    else:
        sort = SORT_TITLE if sort == SORT_RELEVANCE else sort
        ordered = _ordered(everything, sort)
        ids = ordered_page(result.hits, ordered, offset=offset, limit=limit, snapshot=snapshot)
    datasets = _list_rows(ids, vocabulary, snapshot)
    facets, omitted = facet_values(
        result, chosen, vocabulary.labels_of, most=facets_shown, every=every_value_of
    )
    return DatasetPage(
        count=len(result.hits),
        datasets=datasets,
        facets=facets,
        offset=offset,
        page=page,
        facets_omitted=omitted,
    )
