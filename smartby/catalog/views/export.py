"""DCAT-AP-NO documents: the active catalogue at /catalog.ttl|rdf|jsonld, in pages, and
one dataset at /data/datasets/<slug>.ttl|rdf|jsonld. Both languages are in every document,
error messages included (there is no language prefix). ETag and Last-Modified follow the
newest change, so a harvester that asks again gets 304 Not Modified. A document also shows
rows that are not datasets (the publisher's name, a theme's label), so both validators
follow the site's content version too (smartby.core.memo): a publisher renamed is a new
document.

The catalogue is paged (Hydra Core, as DCAT-AP harvesters read it, Smartby's own included):
`?page=N` from 1, no parameter meaning page 1, CATALOG_PAGE_SIZE datasets a page in id
order; each page links the others (rdf.catalog_graph). A page number that is not a whole
number from 1 answers 400, a page after the last 404 (it may exist later; Django's
Paginator answers the same), both as short plain text and without building any graph.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import condition, require_safe

from smartby.catalog.models import Dataset, DatasetStatus
from smartby.catalog.rdf import (
    CONTENT_TYPES,
    CatalogPage,
    catalog_graph,
    dataset_graph,
    export_datasets,
)
from smartby.catalog.rdf import serialize as rdf_serialize
from smartby.catalog.selectors import export as export_selectors
from smartby.catalog.selectors.export import CatalogState, catalog_page_datasets, catalog_state
from smartby.core.memo import site_change

PAGE_NUMBER = re.compile(r"[0-9]+", re.ASCII)
# Longer page numbers are past the last page of any catalogue (and int() refuses very long
# digit strings), so they are not converted.
PAGE_DIGITS = 9


def _plain(message: Callable[[], str], status: int) -> HttpResponse:
    """A short plain-text answer saying `message` in bokmål and then in English."""
    lines = []
    for language in (settings.LANGUAGE_CODE, "en"):
        with translation.override(language):
            lines.append(message())
    body = "\n".join(dict.fromkeys(lines)) + "\n"
    response = HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _state(request: HttpRequest) -> CatalogState:
    cached = getattr(request, "_catalog_state", None)
    if cached is None:
        cached = catalog_state()
        request._catalog_state = cached  # type: ignore[attr-defined]
    return cached


def _site(request: HttpRequest) -> tuple[str, datetime | None]:
    """The site's content version (as text) and when it was written, once per request."""
    cached = getattr(request, "_site_change", None)
    if cached is None:
        version, written = site_change()
        cached = (f"{version[0]}.{version[1]}", written)
        request._site_change = cached  # type: ignore[attr-defined]
    return cached


def _newest(*times: datetime | None) -> datetime | None:
    return max((t for t in times if t is not None), default=None)


def _catalog_etag(request: HttpRequest, fmt: str, number: int) -> str:
    state = _state(request)
    newest = state.changed_at.isoformat() if state.changed_at else "-"
    size = export_selectors.CATALOG_PAGE_SIZE
    version = _site(request)[0]
    seed = f"catalog:{fmt}:page {number} of {size}:{newest}:{state.total}:{version}"
    return hashlib.sha256(seed.encode()).hexdigest()[:32]


def _catalog_modified(request: HttpRequest, fmt: str, number: int) -> datetime | None:
    return _newest(_state(request).changed_at, _site(request)[1])


def _document(body: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _page_number(text: str | None) -> int | None:
    """The page asked for: 1 without the parameter, None when `text` is not a page number."""
    if text is None:
        return 1
    digits = text.lstrip("0") if PAGE_NUMBER.fullmatch(text) else ""
    if not digits:
        return None
    if len(digits) > PAGE_DIGITS:
        return 10**PAGE_DIGITS  # past the last page of any catalogue
    return int(digits)


@require_safe
def catalog_document(request: HttpRequest, fmt: str) -> HttpResponse:
    """Page `?page=N` of the active datasets, with a dcat:Catalog linking them and the
    other pages; 400 for a page number that is not one, 404 after the last page."""
    number = _page_number(request.GET.get("page"))
    if number is None:
        return _plain(lambda: _("The page must be a whole number from 1 up, as in ?page=2."), 400)
    last = _state(request).page_count(export_selectors.CATALOG_PAGE_SIZE)
    if number > last:
        return _plain(
            lambda: (
                ngettext(
                    "There is no such page: the catalogue has only %(last)s page.",
                    "There is no such page: the catalogue has %(last)s pages.",
                    last,
                )
                % {"last": last}
            ),
            404,
        )
    return _catalog_page(request, fmt, number)


@condition(etag_func=_catalog_etag, last_modified_func=_catalog_modified)
def _catalog_page(request: HttpRequest, fmt: str, number: int) -> HttpResponse:
    state = _state(request)
    size = export_selectors.CATALOG_PAGE_SIZE
    site_url = settings.SITE_URL
    page = CatalogPage(
        number=number,
        size=size,
        last=state.page_count(size),
        total=state.total,
        modified=state.modified,
        address=site_url + reverse("catalog-rdf", kwargs={"fmt": fmt}),
    )
    datasets = catalog_page_datasets(number=number, size=size)
    graph = catalog_graph(datasets, site_url=site_url, page=page)
    filename = f"catalog.{fmt}" if number == 1 else f"catalog-page-{number}.{fmt}"
    return _document(rdf_serialize(graph, fmt), fmt, filename)


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
    version = _site(request)[0]
    seed = f"dataset:{fmt}:{dataset.pk}:{dataset.version}:{dataset.updated_at.isoformat()}"
    return hashlib.sha256(f"{seed}:{version}".encode()).hexdigest()[:32]


def _dataset_modified(request: HttpRequest, fmt: str, slug: str) -> datetime | None:
    return _newest(_active(request, slug).updated_at, _site(request)[1])


@require_safe
@condition(etag_func=_dataset_etag, last_modified_func=_dataset_modified)
def dataset_document(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """One active dataset (withdrawn datasets are not published: 404)."""
    dataset = _active(request, slug)
    body = rdf_serialize(dataset_graph(dataset), fmt)
    return _document(body, fmt, f"{dataset.slug}.{fmt}")
