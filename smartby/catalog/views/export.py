"""DCAT-AP-NO documents: the whole active catalogue at /catalog.ttl|rdf|jsonld and one
dataset at /data/datasets/<slug>.ttl|rdf|jsonld. Both languages are in every document, so
there is no language prefix and no Vary: Accept-Language. ETag and Last-Modified follow
the newest change, so a harvester that asks again gets 304 Not Modified."""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Max
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import condition, require_safe

from smartby.catalog.models import Dataset, DatasetStatus
from smartby.catalog.rdf import CONTENT_TYPES, catalog_graph, dataset_graph, export_datasets
from smartby.catalog.rdf import serialize as rdf_serialize

FILE_NAMES = {"ttl": "catalog.ttl", "rdf": "catalog.rdf", "jsonld": "catalog.jsonld"}


def _catalog_state(request: HttpRequest) -> tuple[datetime | None, int]:
    cached = getattr(request, "_catalog_state", None)
    if cached is None:
        row = Dataset.objects.filter(status=DatasetStatus.ACTIVE).aggregate(
            newest=Max("updated_at"), count=Count("id")
        )
        cached = (row["newest"], row["count"])
        request._catalog_state = cached  # type: ignore[attr-defined]
    return cached


def _catalog_etag(request: HttpRequest, fmt: str) -> str:
    newest, count = _catalog_state(request)
    seed = f"catalog:{fmt}:{newest.isoformat() if newest else '-'}:{count}"
    return hashlib.sha256(seed.encode()).hexdigest()[:32]


def _catalog_modified(request: HttpRequest, fmt: str) -> datetime | None:
    return _catalog_state(request)[0]


def _document(body: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
@condition(etag_func=_catalog_etag, last_modified_func=_catalog_modified)
def catalog_document(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every active dataset, with a dcat:Catalog linking them."""
    datasets = export_datasets().filter(status=DatasetStatus.ACTIVE)
    graph = catalog_graph(datasets, site_url=settings.SITE_URL)
    return _document(rdf_serialize(graph, fmt), fmt, FILE_NAMES[fmt])


def _active(request: HttpRequest, slug: str) -> Dataset:
    cached = getattr(request, "_export_dataset", None)
    if cached is None:
        cached = export_datasets().filter(slug=slug, status=DatasetStatus.ACTIVE).first()
        if cached is None:
            raise Http404
        request._export_dataset = cached  # type: ignore[attr-defined]
    return cached


def _dataset_etag(request: HttpRequest, fmt: str, slug: str) -> str:
    dataset = _active(request, slug)
    seed = f"dataset:{fmt}:{dataset.pk}:{dataset.version}:{dataset.updated_at.isoformat()}"
    return hashlib.sha256(seed.encode()).hexdigest()[:32]


def _dataset_modified(request: HttpRequest, fmt: str, slug: str) -> datetime:
    return _active(request, slug).updated_at


@require_safe
@condition(etag_func=_dataset_etag, last_modified_func=_dataset_modified)
def dataset_document(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """One active dataset (withdrawn datasets are not published: 404)."""
    dataset = _active(request, slug)
    body = rdf_serialize(dataset_graph(dataset), fmt)
    return _document(body, fmt, f"{dataset.slug}.{fmt}")
