"""The metadata quality dashboards: the whole catalogue and one publisher (data.europa.eu
Metadata Quality Assessment, see catalog/quality.py). Public pages; active datasets only."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from smartby.catalog.selectors.quality import (
    catalogue_quality_summary,
    missed_count,
    publisher_quality_datasets,
    publisher_quality_ranking,
    publisher_quality_summary,
)
from smartby.organisations.models import Organisation
from smartby.organisations.selectors import organisation_get

PAGE_SIZE = 50


@require_GET
def quality_overview(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "catalog/quality_overview.html",
        {
            "summary": catalogue_quality_summary(),
            "publishers": publisher_quality_ranking(),
            "nav": "data",
        },
    )


@require_GET
def publisher_quality(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        publisher = organisation_get(slug=slug)
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc
    summary = publisher_quality_summary(publisher=publisher)
    datasets = publisher_quality_datasets(publisher=publisher)
    page_obj = Paginator(datasets, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(dataset, missed_count(dataset)) for dataset in page_obj]
    return render(
        request,
        "catalog/publisher_quality.html",
        {
            "publisher": publisher,
            "summary": summary,
            "page_obj": page_obj,
            "rows": rows,
            "query": "",
            "nav": "data",
        },
    )
