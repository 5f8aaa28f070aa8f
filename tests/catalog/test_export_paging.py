"""The catalogue documents in pages (Hydra): the links between first, middle and last page,
every active dataset on exactly one page, clear answers to bad page numbers, 304 per page,
the same number of queries for every page at any catalogue size, and Smartby's own harvester
reading every page of a Smartby catalogue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, XSD

from smartby.catalog.models import Dataset, DatasetStatus, HarvestRun, HarvestSource
from smartby.catalog.rdf import HYDRA, next_page, parse_rdf, records_from_graph
from smartby.catalog.selectors import export as export_selectors
from smartby.catalog.services.harvest import harvest_run
from smartby.catalog.services.records import dataset_withdraw
from smartby.core.models import FacetChange
from tests.catalog.factories import dataset_create, harvest_source_create
from tests.catalog.test_export import FORMATS, _bulk
from tests.catalog.test_roundtrip import complete_dataset
from tests.httpserver import Reply, local_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_size(monkeypatch):
    """Pages of `size` datasets, so a test needs only a few."""

    def set_size(size: int) -> None:
        monkeypatch.setattr(export_selectors, "CATALOG_PAGE_SIZE", size)

    return set_size


def _catalog() -> URIRef:
    return URIRef(f"{settings.SITE_URL}/data/")


def _url(page: int, fmt: str = "ttl") -> URIRef:
    return URIRef(f"{settings.SITE_URL}/catalog.{fmt}?page={page}")


def _get(client, path: str, **headers) -> Graph:
    response = client.get(path, **headers)
    assert response.status_code == 200, (path, response.content[:300])
    return parse_rdf(response.content, response["Content-Type"], base=settings.SITE_URL)


def _listed(graph: Graph) -> list[str]:
    return sorted(str(o) for o in graph.objects(_catalog(), DCAT.dataset))


def _links(graph: Graph, page: URIRef) -> dict[str, object]:
    return {
        name: value
        for name in ("first", "last", "previous", "next")
        for value in graph.objects(page, HYDRA[name])
    }


# The links between pages


@pytest.mark.parametrize("fmt", FORMATS)
def test_first_middle_and_last_page_link_each_other(client, page_size, fmt: str) -> None:
    page_size(2)
    for n in range(5):
        dataset_create(title_nb=f"Datasett {n}", modified=timezone.localdate() - timedelta(n))
    first, middle, last = (_get(client, f"/catalog.{fmt}?page={n}") for n in (1, 2, 3))

    assert _links(first, _url(1, fmt)) == {
        "first": _url(1, fmt),
        "last": _url(3, fmt),
        "next": _url(2, fmt),
    }
    assert _links(middle, _url(2, fmt)) == {
        "first": _url(1, fmt),
        "last": _url(3, fmt),
        "previous": _url(1, fmt),
        "next": _url(3, fmt),
    }
    assert _links(last, _url(3, fmt)) == {
        "first": _url(1, fmt),
        "last": _url(3, fmt),
        "previous": _url(2, fmt),
    }
    for number, graph in enumerate((first, middle, last), start=1):
        view = _url(number, fmt)
        assert (view, RDF.type, HYDRA.PartialCollectionView) in graph
        # The older Hydra terms CKAN's DCAT harvester reads name the same pages: it takes
        # the next page from the hydra:nextPage of a hydra:PagedCollection.
        assert set(graph.subjects(RDF.type, HYDRA.PagedCollection)) == {view}
        older = {
            name: value
            for name in ("first", "last", "previous", "next")
            for value in graph.objects(view, HYDRA[f"{name}Page"])
        }
        assert older == _links(graph, view)
        assert graph.value(view, HYDRA.itemsPerPage) == Literal(2, datatype=XSD.integer)
        assert graph.value(view, HYDRA.totalItems) == Literal(5, datatype=XSD.integer)
        # Each page is the catalogue with its own metadata, listing that page's datasets.
        catalog = _catalog()
        assert (catalog, RDF.type, DCAT.Catalog) in graph
        assert (catalog, RDF.type, HYDRA.Collection) in graph
        assert set(graph.objects(catalog, HYDRA.view)) == {view}
        assert list(graph.objects(catalog, HYDRA.totalItems)) == [Literal(5, datatype=XSD.integer)]
        assert {str(t) for t in graph.objects(catalog, DCTERMS.title)} == {
            "Smartby datakatalog",
            "Smartby data catalogue",
        }
        assert graph.value(catalog, DCTERMS.publisher) == URIRef(f"{settings.SITE_URL}/")
        # The whole catalogue's newest change, the same on every page.
        assert list(graph.objects(catalog, DCTERMS.modified)) == [
            Literal(timezone.localdate(), datatype=XSD.date)
        ]
        assert len(_listed(graph)) == (1 if number == 3 else 2)
        assert len(records_from_graph(graph)) == len(_listed(graph))


def test_no_page_parameter_is_the_first_page(client, page_size) -> None:
    page_size(2)
    for _ in range(3):
        dataset_create()
    bare, first = client.get("/catalog.ttl"), client.get("/catalog.ttl?page=1")
    assert bare.content == first.content
    assert bare["ETag"] == first["ETag"]
    assert bare["Content-Disposition"] == 'inline; filename="catalog.ttl"'
    second = client.get("/catalog.ttl?page=2")
    assert second["Content-Disposition"] == 'inline; filename="catalog-page-2.ttl"'


def test_a_catalogue_on_one_page_has_neither_next_nor_previous(client) -> None:
    complete_dataset(n=1)
    complete_dataset(n=2, priced=False)
    graph = _get(client, "/catalog.ttl")
    assert _links(graph, _url(1)) == {"first": _url(1), "last": _url(1)}
    assert next_page(graph) is None
    assert graph.value(_catalog(), HYDRA.totalItems) == Literal(2, datatype=XSD.integer)
    assert len(_listed(graph)) == 2


def test_an_empty_catalogue_is_one_page_without_datasets(client) -> None:
    assert not Dataset.objects.exists()
    graph = _get(client, "/catalog.ttl")
    assert (_catalog(), RDF.type, DCAT.Catalog) in graph
    assert _listed(graph) == []
    assert _links(graph, _url(1)) == {"first": _url(1), "last": _url(1)}
    assert graph.value(_catalog(), HYDRA.totalItems) == Literal(0, datatype=XSD.integer)
    assert client.get("/catalog.ttl?page=2").status_code == 404


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_active_dataset_is_on_exactly_one_page_in_id_order(
    client, page_size, fmt: str
) -> None:
    page_size(3)
    datasets = [dataset_create(title_nb=f"Datasett {n}") for n in range(9)]
    dataset_withdraw(dataset=datasets[4])
    active = [d.uri for d in sorted(datasets, key=lambda d: d.pk) if d is not datasets[4]]

    pages: list[list[str]] = []
    url: str | None = f"/catalog.{fmt}"
    while url:
        graph = _get(client, url)
        listed = _listed(graph)
        assert sorted(r.uri for r in records_from_graph(graph)) == listed
        pages.append(listed)
        following = next_page(graph)
        url = following.removeprefix(settings.SITE_URL) if following else None

    assert [len(p) for p in pages] == [3, 3, 2]
    listed_in_order = [uri for page in pages for uri in sorted(page, key=active.index)]
    assert listed_in_order == active  # each once, none withdrawn, pages in id order


# Bad page numbers


@pytest.mark.parametrize("page", ["0", "00", "-1", "abc", "", "1.5", " 2", "+2", "２", "0x2"])
def test_a_page_number_that_is_not_one_answers_400_in_plain_text(client, page: str) -> None:
    dataset_create()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/catalog.ttl", {"page": page})
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "Sidetallet må være et helt tall fra og med 1" in text  # bokmål first
    assert "The page must be a whole number from 1 up, as in ?page=2." in text
    assert not any("catalog_dataset" in q["sql"] for q in queries.captured_queries)


@pytest.mark.parametrize("page", ["4", "99999999999999999999", "9" * 5000])
def test_a_page_after_the_last_answers_404_in_plain_text(client, page_size, page: str) -> None:
    page_size(2)
    for _ in range(5):
        dataset_create()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/catalog.rdf?page={page}")
    assert response.status_code == 404
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "katalogen har 3 sider" in text
    assert "There is no such page: the catalogue has 3 pages." in text
    assert len(queries) == 1  # the count; no page is read


# Conditional requests


def test_304_answers_only_the_page_and_format_it_was_made_for(client, page_size) -> None:
    page_size(2)
    datasets = [dataset_create() for _ in range(4)]
    Dataset.objects.update(updated_at=timezone.now() - timedelta(hours=1))
    FacetChange.objects.update(created_at=timezone.now() - timedelta(hours=1))
    first, second = client.get("/catalog.ttl?page=1"), client.get("/catalog.ttl?page=2")
    assert first["ETag"] != second["ETag"]
    assert first["ETag"] != client.get("/catalog.rdf?page=1")["ETag"]

    assert client.get("/catalog.ttl", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get("/catalog.ttl?page=1", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get("/catalog.ttl?page=2", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    assert client.get("/catalog.rdf?page=1", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    # A harvester asking again for the page it has gets 304.
    assert client.get("/catalog.ttl?page=2", HTTP_IF_NONE_MATCH=second["ETag"]).status_code == 304
    modified = second["Last-Modified"]
    assert client.get("/catalog.ttl?page=2", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304

    # Withdrawing a dataset of page 1 moves page 2: neither validator matches any more.
    dataset_withdraw(dataset=datasets[0])
    again = client.get("/catalog.ttl?page=2", HTTP_IF_NONE_MATCH=second["ETag"])
    assert again.status_code == 200 and again["ETag"] != second["ETag"]
    assert client.get("/catalog.ttl?page=2", HTTP_IF_MODIFIED_SINCE=modified).status_code == 200


# Queries and work per page


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_every_page_runs_the_same_queries_at_any_catalogue_size(client, page_size) -> None:
    page_size(10)
    _bulk(12, 0)
    urls = [f"/catalog.{fmt}?page={n}" for fmt in FORMATS for n in (1, 2)]
    few = {url: _queries(client, url) for url in urls}
    # The site's newest change, the count, the page, its themes, areas and distributions.
    assert max(few.values()) <= 7
    _bulk(288, 12)
    assert Dataset.objects.filter(status=DatasetStatus.ACTIVE).count() == 300
    many = {url: _queries(client, url) for url in urls}
    assert many == few
    for fmt in FORMATS:
        assert _queries(client, f"/catalog.{fmt}?page=30") == few[f"/catalog.{fmt}?page=2"]
    graph = _get(client, "/catalog.ttl?page=30")
    assert len(set(graph.subjects(RDF.type, DCAT.Dataset))) == 10


def test_a_page_reads_only_its_own_datasets_from_the_database(client, page_size) -> None:
    page_size(10)
    _bulk(50, 0)
    with CaptureQueriesContext(connection) as queries:
        client.get("/catalog.ttl?page=3")
    page_query = next(
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "catalog_dataset"' in q["sql"] and "LIMIT" in q["sql"]
    )
    assert "LIMIT 10 OFFSET 20" in page_query


# Smartby harvesting Smartby


@pytest.mark.parametrize("fmt", FORMATS)
def test_our_harvester_reads_every_page_of_our_catalogue(
    client, settings, page_size, fmt: str
) -> None:
    """Another Smartby harvests this one: the pages are served as this site answers them
    (from a local server, never the internet) to an empty catalogue."""
    settings.HTTP_ALLOW_LOOPBACK = True
    page_size(2)
    with local_server() as server:
        settings.SITE_URL = server.base
        originals = {
            d.uri: d.title_en for d in (complete_dataset(n=n, priced=n % 2 == 0) for n in range(5))
        }
        paths = [f"/catalog.{fmt}", f"/catalog.{fmt}?page=2", f"/catalog.{fmt}?page=3"]
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200
            server.routes[path] = Reply(
                200, response.content, {"Content-Type": response["Content-Type"]}
            )
        Dataset.objects.all().delete()

        source = harvest_source_create(url=server.url(paths[0]), kind=HarvestSource.Kind.DCAT)
        run = harvest_run(source=source)

        assert run.status == HarvestRun.Status.SUCCEEDED, (run.message, run.errors)
        assert (run.created, run.updated, run.withdrawn) == (5, 0, 0)
        assert server.requests == paths
        assert {d.uri: d.title_en for d in Dataset.objects.all()} == originals
