"""Builders for catalogue tests. They write rows directly (fast, any state a test needs) and
keep the search index in step, as the services do. Other test modules import them."""

from __future__ import annotations

import itertools
from typing import Any

from django.conf import settings

from smartby.cases.models import Theme
from smartby.catalog.models import Dataset, Distribution, HarvestSource
from smartby.organisations.models import Municipality, Organisation
from smartby.reference.models import DataTheme, Licence
from tests.organisations.factories import municipal_organisation

_seq = itertools.count(1)


def dataset_create(
    *,
    publisher: Organisation | None = None,
    data_themes: list[str] = (),  # type: ignore[assignment]
    themes: list[str] = (),  # type: ignore[assignment]
    spatial: list[str] = (),  # type: ignore[assignment]
    licence: str | None = None,
    distributions: list[dict[str, Any]] = (),  # type: ignore[assignment]
    **fields: Any,
) -> Dataset:
    """A dataset of `publisher` (Oslo kommune by default). `data_themes` are EU codes
    (TRAN), `themes` network theme slugs, `spatial` municipality numbers, `licence` an
    identifier (NLOD-2.0); `distributions` are field dicts (access_url defaults)."""
    n = next(_seq)
    publisher = publisher or municipal_organisation("0301")
    fields.setdefault("title_nb", f"Testdatasett {n}")
    fields.setdefault("slug", f"test-dataset-{n}")
    fields.setdefault("uri", f"{settings.SITE_URL}/data/datasets/{fields['slug']}")
    if licence:
        fields["licence"] = Licence.objects.get(identifier=licence)
    dataset = Dataset.objects.create(publisher=publisher, **fields)
    if data_themes:
        dataset.data_themes.set(DataTheme.objects.filter(code__in=data_themes))
    if themes:
        dataset.themes.set(Theme.objects.filter(slug__in=themes))
    if spatial:
        dataset.spatial.set(Municipality.objects.filter(country="NO", code__in=spatial))
    for position, row in enumerate(distributions):
        row = dict(row)
        row.setdefault("access_url", f"https://data.example.no/{dataset.slug}/{position}")
        Distribution.objects.create(dataset=dataset, position=position, **row)
    _reindex(dataset)
    return dataset


def harvest_source_create(*, publisher: Organisation | None = None, **fields: Any) -> HarvestSource:
    n = next(_seq)
    fields.setdefault("name", f"Test source {n}")
    fields.setdefault("url", f"https://catalog.example.no/{n}/catalog.ttl")
    fields.setdefault("kind", HarvestSource.Kind.DCAT)
    return HarvestSource.objects.create(
        publisher=publisher or municipal_organisation("0301"), **fields
    )


def _reindex(dataset: Dataset) -> None:
    from smartby.catalog.search import dataset_reindex

    dataset_reindex(dataset_ids=[dataset.pk])
