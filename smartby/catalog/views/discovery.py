"""Finding data: the dataset list with search, facets, sorting and paging, and the dataset
page. Filters are shared with the API (smartby.catalog.filters); invalid filters answer
400 with the reason."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from smartby.cases.rules import editor_org_ids
from smartby.catalog.filters import FACETS, FILTER_LABELS, DatasetFilterForm, Vocabulary
from smartby.catalog.models import Dataset
from smartby.catalog.search import dataset_snippet
from smartby.catalog.selectors.detail import dataset_get
from smartby.catalog.selectors.discovery import dataset_page
from smartby.core.facets import FACET_SHOWN, CountedRows, facet_groups

PAGE_SIZE = 20
RDF_FORMATS = [("ttl", "Turtle"), ("rdf", "RDF/XML"), ("jsonld", "JSON-LD")]


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _dataset_count(n: int) -> str:
    return ngettext("%(count)d dataset", "%(count)d datasets", n) % {"count": n}


@require_GET
def dataset_list(request: HttpRequest) -> HttpResponse:
    form = DatasetFilterForm(request.GET or None, vocabulary=Vocabulary())
    valid = form.is_valid() if form.is_bound else True
    filters = form.filters()
    found = dataset_page(
        filters=filters,
        vocabulary=form.vocabulary,
        limit=PAGE_SIZE,
        page=request.GET.get("page"),
        facets_shown=FACET_SHOWN,
        every_value_of=request.GET.getlist("all"),
    )
    for dataset in found.datasets:
        dataset.snippet = (  # type: ignore[attr-defined]
            dataset_snippet(str(dataset.description), filters.q) if filters.q else None
        )
    rows = CountedRows(found.count, found.offset, found.datasets)
    page_obj = Paginator(rows, PAGE_SIZE).get_page(found.page)
    facets = found.facets
    return render(
        request,
        "catalog/dataset_list.html",
        {
            "form": form,
            "filters": filters,
            "page_obj": page_obj,
            "query": _query_without_page(request),
            "facet_groups": facet_groups(
                facets,
                {name: FILTER_LABELS[name] for name in FACETS},
                query=_query_without_page(request),
                expanded=request.GET.getlist("all"),
                count_text=_dataset_count,
                omitted=found.facets_omitted,
            ),
            "has_demo": any(d.is_demo for d in page_obj),
            "can_publish": bool(editor_org_ids(request.user)),
            "nav": "data",
        },
        status=200 if valid else 400,
    )


@require_GET
def dataset_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        dataset = dataset_get(slug=slug, viewer=request.user)
    except Dataset.DoesNotExist as exc:
        raise Http404 from exc
    distributions = list(dataset.distributions.all())
    rdf_links = [
        (label, reverse("dataset-rdf", kwargs={"slug": dataset.slug, "fmt": fmt}))
        for fmt, label in RDF_FORMATS
    ]
    return render(
        request,
        "catalog/dataset_detail.html",
        {
            "dataset": dataset,
            "distributions": distributions,
            "data_themes": list(dataset.data_themes.all()),
            "themes": list(dataset.themes.all()),
            "spatial": list(dataset.spatial.all()),
            "cases": dataset.visible_cases,  # type: ignore[attr-defined]
            "can_edit": request.user.has_perm("catalog.change_dataset", dataset),
            "rdf_links": rdf_links,
            "has_demo": dataset.is_demo,
            "nav": "data",
        },
    )
