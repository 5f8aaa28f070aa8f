"""Reading the catalogue for its DCAT-AP-NO documents (views/export.py), one page at a time:
the state of the whole catalogue in one aggregate query, and a page's datasets sliced in SQL
with everything dataset_graph reads, so building a page costs the same at any catalogue size
(only the count and the offset grow with it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Max, Q, QuerySet

from smartby.catalog.models import Dataset, DatasetStatus
from smartby.catalog.rdf import export_datasets

# Datasets per page of /catalog.ttl|rdf|jsonld. A page of this size takes 2-4 s and at most
# 75 MB allocated to build and serialise (2 cores, SQLite; Turtle slowest, JSON-LD fastest);
# the whole catalogue at once did not fit (200,000 datasets: no answer in 120 s, about 9 GB).
CATALOG_PAGE_SIZE = 1000


@dataclass(frozen=True)
class CatalogState:
    """What holds for the whole published catalogue, whichever page is asked for."""

    total: int  # active datasets
    changed_at: datetime | None  # newest change of any dataset, withdrawals included
    modified: date | None  # newest dct:modified of an active dataset

    def page_count(self, size: int) -> int:
        """Pages of `size` datasets; an empty catalogue still has its first page."""
        return max(1, -(-self.total // size))


def catalog_state() -> CatalogState:
    """The catalogue's count and newest changes, in one query. A withdrawal moves every
    later dataset up a page, so it counts as a change although the dataset leaves."""
    active = Q(status=DatasetStatus.ACTIVE)
    row = Dataset.objects.aggregate(
        total=Count("id", filter=active),
        changed_at=Max("updated_at"),
        modified=Max("modified", filter=active),
    )
    return CatalogState(total=row["total"], changed_at=row["changed_at"], modified=row["modified"])


def catalog_page_datasets(*, number: int, size: int) -> QuerySet[Dataset]:
    """The active datasets of page `number` (from 1) of `size` datasets, in id order, with
    everything dataset_graph reads (a fixed number of queries)."""
    start = (number - 1) * size
    return export_datasets().filter(status=DatasetStatus.ACTIVE)[start : start + size]
