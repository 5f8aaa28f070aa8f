"""The DCAT-AP-NO documents: /catalog.ttl|rdf|jsonld and /data/datasets/<slug>.<fmt>."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rdflib import URIRef
from rdflib.namespace import DCAT, RDF

from smartby.cases.models import Theme
from smartby.catalog.models import Dataset, DatasetStatus, Distribution
from smartby.catalog.rdf import parse_rdf, records_from_graph
from smartby.catalog.services.records import dataset_withdraw
from smartby.core.models import FacetChange
from smartby.organisations.models import Municipality, Organisation
from smartby.reference.models import DataTheme, Licence
from tests.catalog.factories import dataset_create
from tests.catalog.test_roundtrip import complete_dataset
from tests.organisations.factories import municipal_organisation

pytestmark = pytest.mark.django_db

FORMATS = {
    "ttl": "text/turtle",
    "rdf": "application/rdf+xml",
    "jsonld": "application/ld+json",
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_catalogue_document_parses_and_leaves_out_withdrawn(client, fmt: str) -> None:
    complete_dataset(n=1)
    complete_dataset(n=2, priced=False)
    gone = dataset_create(title_nb="Borte")
    dataset_withdraw(dataset=gone)
    response = client.get(f"/catalog.{fmt}")
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == FORMATS[fmt]
    assert response["Content-Disposition"] == f'inline; filename="catalog.{fmt}"'
    assert response["ETag"] and response["Last-Modified"]
    graph = parse_rdf(response.content, response["Content-Type"], base=settings.SITE_URL)
    catalog = URIRef(f"{settings.SITE_URL}/data/")
    assert (catalog, RDF.type, DCAT.Catalog) in graph
    uris = sorted(str(o) for o in graph.objects(catalog, DCAT.dataset))
    assert uris == sorted(d.uri for d in Dataset.objects.filter(status=DatasetStatus.ACTIVE))
    assert gone.uri not in {r.uri for r in records_from_graph(graph)}
    assert len(records_from_graph(graph)) == 2


@pytest.mark.parametrize("fmt", FORMATS)
def test_dataset_document(client, fmt: str) -> None:
    dataset = complete_dataset(n=1)
    response = client.get(f"/data/datasets/{dataset.slug}.{fmt}")
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == FORMATS[fmt]
    assert response["Content-Disposition"] == f'inline; filename="{dataset.slug}.{fmt}"'
    graph = parse_rdf(response.content, response["Content-Type"], base=settings.SITE_URL)
    (record,) = records_from_graph(graph)
    assert record.uri == dataset.uri and record.title_en == dataset.title_en
    assert len(record.distributions) == 2


def test_unknown_and_withdrawn_datasets_are_not_found(client) -> None:
    assert client.get("/data/datasets/no-such-dataset.ttl").status_code == 404
    assert client.get("/data/datasets/x.csv").status_code == 404
    gone = dataset_create(title_nb="Borte")
    dataset_withdraw(dataset=gone)
    assert client.get(f"/data/datasets/{gone.slug}.ttl").status_code == 404


def test_only_get_and_head(client) -> None:
    complete_dataset(n=1)
    assert client.post("/catalog.ttl").status_code == 405
    assert client.head("/catalog.ttl").status_code == 200


def test_conditional_requests(client) -> None:
    dataset = complete_dataset(n=1)
    first = client.get("/catalog.ttl")
    etag = first["ETag"]
    assert client.get("/catalog.ttl", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/catalog.rdf", HTTP_IF_NONE_MATCH=etag).status_code == 200
    assert (
        client.get("/catalog.ttl", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    )
    one = client.get(f"/data/datasets/{dataset.slug}.ttl")
    assert (
        client.get(f"/data/datasets/{dataset.slug}.ttl", HTTP_IF_NONE_MATCH=one["ETag"]).status_code
        == 304
    )
    # A change makes a new document.
    dataset.title_en = "Changed"
    dataset.save()
    assert client.get("/catalog.ttl", HTTP_IF_NONE_MATCH=etag).status_code == 200
    dataset_withdraw(dataset=dataset)
    assert client.get("/catalog.ttl")["ETag"] != etag


@pytest.mark.parametrize("page_cache_on", [False, True])
def test_a_renamed_publisher_makes_a_new_document(client, settings, page_cache_on) -> None:
    """The publisher's name is in every document but not in the dataset's row: a harvester
    that asks again with its validators must get the new name, not 304."""
    settings.SMARTBY_PAGE_CACHE_SECONDS = 60 if page_cache_on else 0
    dataset = complete_dataset(n=1)
    Dataset.objects.update(updated_at=timezone.now() - timedelta(hours=1))
    FacetChange.objects.update(created_at=timezone.now() - timedelta(hours=1))
    urls = ["/catalog.ttl", f"/data/datasets/{dataset.slug}.ttl"]
    before = {url: client.get(url) for url in urls}
    for url, response in before.items():
        assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
        modified = response["Last-Modified"]
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304

    Organisation.objects.filter(pk=dataset.publisher_id).update(name="Statens vegvesen, Vegdata")
    for url, response in before.items():
        again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 200 and again["ETag"] != response["ETag"]
        assert "Statens vegvesen, Vegdata" in again.content.decode()
        modified = response["Last-Modified"]
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 200


def _bulk(n: int, start: int) -> None:
    """`n` datasets written in bulk, each with two distributions, themes and an area."""
    owners = [municipal_organisation(code) for code in ("0301", "3203", "1103", "5001")]
    licence = Licence.objects.get(identifier="NLOD-2.0")
    datasets = Dataset.objects.bulk_create(
        Dataset(
            slug=f"bulk-dataset-{i}",
            uri=f"{settings.SITE_URL}/data/datasets/bulk-dataset-{i}",
            publisher=owners[i % 4],
            title_nb=f"Bysykkelturer {i}",
            title_en=f"City bike trips {i}",
            description_nb=f"Turer med bysykkel, del {i}.",
            keywords_nb=["bysykkel", "turer"],
            licence=licence if i % 2 else None,
            frequency="DAILY",
            access_rights="PUBLIC",
            languages=["nb"],
            conforms_to=["https://gbfs.org/"],
        )
        for i in range(start, start + n)
    )
    Distribution.objects.bulk_create(
        Distribution(
            dataset=d,
            position=p,
            access_url=f"https://data.example.no/{d.slug}/{p}",
            format=fmt,
            media_type=media,
            licence=licence,
        )
        for d in datasets
        for p, (fmt, media) in enumerate([("CSV", "text/csv"), ("JSON", "application/json")])
    )
    tran = DataTheme.objects.get(code="TRAN")
    mobility = Theme.objects.get(slug="mobility")
    oslo = Municipality.objects.get(country="NO", code="0301")
    Dataset.data_themes.through.objects.bulk_create(
        Dataset.data_themes.through(dataset=d, datatheme=tran) for d in datasets
    )
    Dataset.themes.through.objects.bulk_create(
        Dataset.themes.through(dataset=d, theme=mobility) for d in datasets
    )
    Dataset.spatial.through.objects.bulk_create(
        Dataset.spatial.through(dataset=d, municipality=oslo) for d in datasets
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_query_count_is_constant(client) -> None:
    _bulk(10, 0)
    urls = [f"/catalog.{fmt}" for fmt in FORMATS] + [
        f"/data/datasets/bulk-dataset-3.{fmt}" for fmt in FORMATS
    ]
    few = {url: _count(client, url) for url in urls}
    _bulk(990, 10)
    assert Dataset.objects.count() == 1000
    many = {url: _count(client, url) for url in urls}
    assert many == few
    response = client.get("/catalog.ttl")
    graph = parse_rdf(response.content, "text/turtle", base=settings.SITE_URL)
    assert len(set(graph.subjects(RDF.type, DCAT.Dataset))) == 1000
