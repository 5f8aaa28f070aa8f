"""Harvest runs (services/harvest.py) against a local HTTP server, never the internet: DCAT
in Turtle (paged), RDF/XML and JSON-LD; CKAN with paging; re-harvests, withdrawals and
idempotence; hostile and broken sources that must fail the run and change nothing."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest
from django.core.management import CommandError, call_command

from smartby.accounts.models import Membership, Role
from smartby.catalog.models import Dataset, DatasetStatus, HarvestRun, HarvestSource
from smartby.catalog.services import harvest as harvest_service
from smartby.catalog.services.harvest import harvest_run, harvest_sources_due
from tests.accounts.factories import member_create
from tests.catalog.factories import dataset_create, harvest_source_create
from tests.httpserver import LocalServer, Reply, local_server
from tests.organisations.factories import organisation_create

pytestmark = pytest.mark.django_db

TURTLE = {"Content-Type": "text/turtle; charset=utf-8"}
PREFIXES = """@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix hydra: <http://www.w3.org/ns/hydra/core#> .
"""


@pytest.fixture(autouse=True)
def _loopback(settings):
    settings.HTTP_ALLOW_LOOPBACK = True
    # Run messages are stored in the site's default language; read them in English here.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with local_server() as s:
        yield s


def ttl_dataset(n: int, title: str | None = None, *, orgnr: str = "") -> str:
    publisher = ""
    if orgnr:
        publisher = f"; dct:publisher <https://data.brreg.no/enhetsregisteret/api/enheter/{orgnr}>"
    return f"""
<https://data.example.no/dataset/{n}> a dcat:Dataset ;
    dct:title "{title or f"Datasett {n}"}"@nb ;
    dct:description "Beskrivelse av datasett {n}."@nb ;
    dcat:keyword "trafikk"@nb {publisher} ;
    dcat:distribution [ a dcat:Distribution ;
        dcat:accessURL <https://data.example.no/files/{n}.csv> ;
        dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> ] .
"""


def ttl_page(
    numbers: list[int], *, next_url: str = "", titles: dict[int, str] | None = None
) -> bytes:
    titles = titles or {}
    body = PREFIXES + "".join(ttl_dataset(n, titles.get(n)) for n in numbers)
    if next_url:
        body += f"""
<{next_url}#view> a hydra:PartialCollectionView ; hydra:next <{next_url}> .
"""
    return body.encode()


def dcat_source(server: LocalServer, path: str = "/catalog.ttl", **fields) -> HarvestSource:
    return harvest_source_create(url=server.url(path), kind=HarvestSource.Kind.DCAT, **fields)


def harvested(source: HarvestSource) -> dict[str, Dataset]:
    return {d.uri: d for d in Dataset.objects.filter(harvest_source=source)}


# DCAT


def test_dcat_turtle_in_two_pages_creates_every_dataset(server):
    server.routes["/catalog.ttl"] = Reply(
        200, ttl_page([1, 2], next_url=server.url("/catalog.ttl?page=2")), TURTLE
    )
    server.routes["/catalog.ttl?page=2"] = Reply(200, ttl_page([3]), TURTLE)
    source = dcat_source(server)

    run = harvest_run(source=source)

    assert run.status == HarvestRun.Status.SUCCEEDED, run.message
    assert (run.created, run.updated, run.unchanged, run.withdrawn) == (3, 0, 0, 0)
    assert run.finished_at is not None
    datasets = harvested(source)
    assert set(datasets) == {f"https://data.example.no/dataset/{n}" for n in (1, 2, 3)}
    first = datasets["https://data.example.no/dataset/1"]
    assert first.title_nb == "Datasett 1"
    assert first.publisher == source.publisher
    assert first.distributions.get().format == "CSV"
    assert server.requests == ["/catalog.ttl", "/catalog.ttl?page=2"]
    source.refresh_from_db()
    assert source.last_run_at is not None


def test_hydra_next_page_property_is_followed_too(server):
    first = PREFIXES + ttl_dataset(1) + f"\n<x> hydra:nextPage <{server.url('/p2')}> .\n"
    server.routes["/catalog.ttl"] = Reply(200, first.encode(), TURTLE)
    server.routes["/p2"] = Reply(200, ttl_page([2]), TURTLE)
    run = harvest_run(source=dcat_source(server))
    assert run.created == 2


def test_a_page_pointing_back_to_an_earlier_page_ends_the_paging(server):
    server.routes["/catalog.ttl"] = Reply(
        200, ttl_page([1], next_url=server.url("/catalog.ttl")), TURTLE
    )
    run = harvest_run(source=dcat_source(server))
    assert run.status == HarvestRun.Status.SUCCEEDED
    assert run.created == 1
    assert server.requests == ["/catalog.ttl"]


def test_more_pages_than_the_cap_fail_the_run(server, monkeypatch):
    monkeypatch.setattr(harvest_service, "MAX_PAGES", 3)
    server.routes["/catalog.ttl"] = lambda request: Reply(
        200,
        ttl_page(
            [len(server.requests)], next_url=server.url(f"/catalog.ttl?p={len(server.requests)}")
        ),
        TURTLE,
    )
    for n in range(1, 6):
        server.routes[f"/catalog.ttl?p={n}"] = server.routes["/catalog.ttl"]
    run = harvest_run(source=dcat_source(server))
    assert run.status == HarvestRun.Status.FAILED
    assert "more than 3 pages" in run.message
    assert not Dataset.objects.exists()


RDF_XML = b"""<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:dcat="http://www.w3.org/ns/dcat#" xmlns:dct="http://purl.org/dc/terms/">
  <dcat:Dataset rdf:about="https://data.example.no/dataset/xml-1">
    <dct:title xml:lang="nb">Bysykkel</dct:title>
    <dct:title xml:lang="en">City bikes</dct:title>
    <dcat:distribution>
      <dcat:Distribution>
        <dcat:accessURL rdf:resource="https://data.example.no/bysykkel.json"/>
      </dcat:Distribution>
    </dcat:distribution>
  </dcat:Dataset>
</rdf:RDF>
"""


def test_dcat_rdf_xml_is_read(server):
    server.routes["/catalog.rdf"] = Reply(200, RDF_XML, {"Content-Type": "application/rdf+xml"})
    source = dcat_source(server, "/catalog.rdf")
    run = harvest_run(source=source)
    assert run.status == HarvestRun.Status.SUCCEEDED, run.message
    dataset = Dataset.objects.get(uri="https://data.example.no/dataset/xml-1")
    assert (dataset.title_nb, dataset.title_en) == ("Bysykkel", "City bikes")


def test_dcat_json_ld_is_read(server):
    document = {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
        },
        "@graph": [
            {
                "@id": "https://data.example.no/dataset/jsonld-1",
                "@type": "dcat:Dataset",
                "dct:title": {"@value": "Luftkvalitet", "@language": "nb"},
                "dcat:distribution": {
                    "@type": "dcat:Distribution",
                    "dcat:accessURL": {"@id": "https://data.example.no/luft.csv"},
                },
            }
        ],
    }
    server.routes["/catalog.jsonld"] = Reply(
        200, json.dumps(document).encode(), {"Content-Type": "application/ld+json"}
    )
    run = harvest_run(source=dcat_source(server, "/catalog.jsonld"))
    assert run.status == HarvestRun.Status.SUCCEEDED, run.message
    assert Dataset.objects.get(uri="https://data.example.no/dataset/jsonld-1").title_nb == (
        "Luftkvalitet"
    )


def test_record_naming_a_known_organisation_is_published_under_it(server):
    other = organisation_create(name="Ruter AS", org_number="991609407")
    body = PREFIXES + ttl_dataset(1, orgnr="991609407") + ttl_dataset(2)
    server.routes["/catalog.ttl"] = Reply(200, body.encode(), TURTLE)
    source = dcat_source(server)
    harvest_run(source=source)
    datasets = harvested(source)
    assert datasets["https://data.example.no/dataset/1"].publisher == other
    assert datasets["https://data.example.no/dataset/2"].publisher == source.publisher


def test_record_naming_a_known_organisation_by_name_is_published_under_it(server):
    other = organisation_create(name="Bymiljøetaten")
    body = PREFIXES + ttl_dataset(1).replace(
        'dcat:keyword "trafikk"@nb',
        'dcat:keyword "trafikk"@nb ; dct:publisher [ a foaf:Agent ; foaf:name "Bymiljøetaten" ]',
    )
    server.routes["/catalog.ttl"] = Reply(200, body.encode(), TURTLE)
    source = dcat_source(server)
    harvest_run(source=source)
    assert Dataset.objects.get().publisher == other


def test_a_source_cannot_publish_in_the_name_of_an_organisation_its_creator_does_not_edit(
    server,
):
    other = organisation_create(name="Ruter AS", org_number="991609407")
    body = PREFIXES + ttl_dataset(1, orgnr="991609407")
    server.routes["/catalog.ttl"] = Reply(200, body.encode(), TURTLE)
    source = dcat_source(server)
    source.created_by = member_create(organisation=source.publisher, role=Role.EDITOR)
    source.save()
    run = harvest_run(source=source)
    dataset = Dataset.objects.get()
    assert dataset.publisher == source.publisher
    assert dataset.publisher != other
    assert run.status == HarvestRun.Status.SUCCEEDED
    assert any("Ruter AS" in e["message"] and e["level"] == "warning" for e in run.errors)


def test_a_source_added_by_an_editor_of_both_publishes_under_the_named_organisation(server):
    other = organisation_create(name="Ruter AS", org_number="991609407")
    body = PREFIXES + ttl_dataset(1, orgnr="991609407")
    server.routes["/catalog.ttl"] = Reply(200, body.encode(), TURTLE)
    source = dcat_source(server)
    editor = member_create(organisation=source.publisher, role=Role.EDITOR)
    Membership.objects.create(user=editor, organisation=other, role=Role.EDITOR)
    source.created_by = editor
    source.save()
    run = harvest_run(source=source)
    assert Dataset.objects.get().publisher == other
    assert run.errors == []


# Re-harvest, withdrawal, idempotence


def test_second_run_of_the_same_source_changes_nothing(server):
    server.routes["/catalog.ttl"] = Reply(200, ttl_page([1, 2]), TURTLE)
    source = dcat_source(server)
    harvest_run(source=source)
    versions = {d.uri: d.version for d in harvested(source).values()}

    run = harvest_run(source=source)

    assert (run.created, run.updated, run.unchanged, run.withdrawn) == (0, 0, 2, 0)
    assert run.status == HarvestRun.Status.SUCCEEDED
    assert {d.uri: d.version for d in harvested(source).values()} == versions


def test_reharvest_after_a_change_updates_the_values(server):
    server.routes["/catalog.ttl"] = Reply(200, ttl_page([1, 2]), TURTLE)
    source = dcat_source(server)
    harvest_run(source=source)
    server.routes["/catalog.ttl"] = Reply(200, ttl_page([1, 2], titles={2: "Nytt navn"}), TURTLE)

    run = harvest_run(source=source)

    assert (run.created, run.updated, run.unchanged) == (0, 1, 1)
    assert Dataset.objects.get(uri="https://data.example.no/dataset/2").title_nb == "Nytt navn"


def test_dataset_gone_from_the_source_is_withdrawn_and_comes_back_active(server):
    server.routes["/catalog.ttl"] = Reply(200, ttl_page([1, 2]), TURTLE)
    source = dcat_source(server)
    harvest_run(source=source)
    server.routes["/catalog.ttl"] = Reply(200, ttl_page([1]), TURTLE)

    run = harvest_run(source=source)

    assert run.withdrawn == 1
    gone = Dataset.objects.get(uri="https://data.example.no/dataset/2")
    assert gone.status == DatasetStatus.WITHDRAWN
    assert gone.withdrawn_at is not None
    # Withdrawn again is not counted twice.
    assert harvest_run(source=source).withdrawn == 0

    server.routes["/catalog.ttl"] = Reply(200, ttl_page([1, 2]), TURTLE)
    harvest_run(source=source)
    gone.refresh_from_db()
    assert gone.status == DatasetStatus.ACTIVE
    assert gone.withdrawn_at is None


def test_withdrawal_leaves_datasets_of_other_sources_and_local_ones_alone(server):
    local = dataset_create(title_nb="Lokalt")
    other_source = harvest_source_create()
    other = dataset_create(title_nb="Annen kilde", harvest_source=other_source)
    server.routes["/catalog.ttl"] = Reply(200, ttl_page([1]), TURTLE)
    harvest_run(source=dcat_source(server))
    for dataset in (local, other):
        dataset.refresh_from_db()
        assert dataset.status == DatasetStatus.ACTIVE


def test_a_record_that_fails_is_logged_and_the_others_are_harvested(server):
    taken = dataset_create(uri="https://data.example.no/dataset/2")  # a local dataset
    server.routes["/catalog.ttl"] = Reply(200, ttl_page([1, 2, 3]), TURTLE)
    source = dcat_source(server)

    run = harvest_run(source=source)

    assert run.status == HarvestRun.Status.PARTIAL
    assert run.created == 2
    errors = [e for e in run.errors if e.get("level") != "warning"]
    assert errors == [
        {"record": "https://data.example.no/dataset/2", "message": errors[0]["message"]}
    ]
    assert "already in the catalogue" in errors[0]["message"]
    taken.refresh_from_db()
    assert taken.harvest_source is None and taken.title_nb.startswith("Testdatasett")


# Hostile and broken sources: the run fails with a clear message and nothing changes


@pytest.fixture
def existing(server):
    """A source harvested once (datasets 1 and 2), a local dataset, and the state of both."""
    server.routes["/catalog.ttl"] = Reply(200, ttl_page([1, 2]), TURTLE)
    source = dcat_source(server)
    assert harvest_run(source=source).created == 2
    dataset_create(title_nb="Lokalt datasett")
    return source


def _state() -> list[tuple]:
    return list(
        Dataset.objects.order_by("pk").values_list(
            "pk", "uri", "status", "version", "title_nb", "harvest_hash"
        )
    )


def _fails(source: HarvestSource, *words: str) -> HarvestRun:
    before = _state()
    run = harvest_run(source=source)
    assert run.status == HarvestRun.Status.FAILED
    for word in words:
        assert word in run.message, run.message
    assert (run.created, run.updated, run.unchanged, run.withdrawn) == (0, 0, 0, 0)
    assert _state() == before
    return run


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:dcat="http://www.w3.org/ns/dcat#" xmlns:dct="http://purl.org/dc/terms/">
  <dcat:Dataset rdf:about="https://data.example.no/dataset/1">
    <dct:title>&xxe;</dct:title>
  </dcat:Dataset>
</rdf:RDF>
"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:dcat="http://www.w3.org/ns/dcat#" xmlns:dct="http://purl.org/dc/terms/">
  <dcat:Dataset rdf:about="https://data.example.no/dataset/1"><dct:title>&lol9;</dct:title></dcat:Dataset>
</rdf:RDF>
"""


def test_xxe_external_entity_fails_the_run(server, existing):
    server.routes["/catalog.ttl"] = Reply(200, XXE, {"Content-Type": "application/rdf+xml"})
    run = _fails(existing, "DTD")
    assert "root:" not in run.message


def test_billion_laughs_entity_expansion_fails_the_run_quickly(server, existing):
    server.routes["/catalog.ttl"] = Reply(
        200, BILLION_LAUGHS, {"Content-Type": "application/rdf+xml"}
    )
    started = time.monotonic()
    _fails(existing, "entities")
    assert time.monotonic() - started < 5


def _endless(request: BaseHTTPRequestHandler) -> Reply:
    """1 GB of Turtle comments, streamed with no Content-Length: the reader must stop at the
    cap long before the end."""
    request.send_response(200)
    request.send_header("Content-Type", "text/turtle")
    request.end_headers()
    chunk = b"# " + b"x" * 65533 + b"\n"
    try:
        for _ in range(1024**3 // len(chunk)):
            request.wfile.write(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass
    request.close_connection = True
    raise ConnectionResetError  # nothing more to send; the server's handler ignores it


def test_a_1_gb_answer_stops_at_the_size_cap_quickly(server, existing, monkeypatch):
    monkeypatch.setattr(harvest_service, "MAX_PAGE_BYTES", 2 * 1024 * 1024)
    server.routes["/catalog.ttl"] = _endless
    started = time.monotonic()
    _fails(existing, "larger than")
    assert time.monotonic() - started < 10


def test_wrong_content_type_fails_the_run(server, existing):
    server.routes["/catalog.ttl"] = Reply(
        200, b"<html><body>Not RDF</body></html>", {"Content-Type": "text/html"}
    )
    _fails(existing, "text/html")


def test_malformed_turtle_fails_the_run(server, existing):
    server.routes["/catalog.ttl"] = Reply(200, PREFIXES.encode() + b"<a> <b> oops .", TURTLE)
    _fails(existing, "could not be read")


def test_malformed_second_page_fails_the_run_and_changes_nothing(server, existing):
    server.routes["/catalog.ttl"] = Reply(
        200, ttl_page([1], next_url=server.url("/catalog.ttl?page=2")), TURTLE
    )
    server.routes["/catalog.ttl?page=2"] = Reply(200, b"@prefix broken", TURTLE)
    _fails(existing, "Page 2")


def test_http_error_status_fails_the_run(server, existing):
    server.routes["/catalog.ttl"] = Reply(503, b"down", {"Content-Type": "text/plain"})
    _fails(existing, "503")


def test_redirect_to_a_private_address_fails_the_run(server, existing):
    server.routes["/catalog.ttl"] = Reply(302, b"", {"Location": "http://10.0.0.1/catalog.ttl"})
    _fails(existing, "private or local address")


def test_a_source_on_a_private_address_fails_the_run(settings):
    source = harvest_source_create(url="http://10.0.0.1/catalog.ttl")
    run = harvest_run(source=source)
    assert run.status == HarvestRun.Status.FAILED
    assert "private or local address" in run.message


def test_a_server_that_does_not_answer_in_time_fails_the_run(server, existing, monkeypatch):
    monkeypatch.setattr(harvest_service, "FETCH_TIMEOUT", 1.0)
    server.routes["/catalog.ttl"] = Reply(200, ttl_page([1, 2]) * 20, TURTLE, delay_seconds=0.5)
    started = time.monotonic()
    _fails(existing, "too long")
    assert time.monotonic() - started < 5


def test_a_second_run_while_one_is_running_does_not_start(server, existing):
    HarvestRun.objects.create(source=existing, started_at=existing.last_run_at)
    run = _fails(existing, "running")
    assert run.finished_at is not None


# CKAN


def ckan_package(n: int, title: str | None = None) -> dict:
    return {
        "id": f"id-{n}",
        "name": f"pakke-{n}",
        "title": title or f"Pakke {n}",
        "notes": f"Om pakke {n}.",
        "tags": [{"name": "miljø", "display_name": "miljø"}],
        "groups": [{"name": "envi"}],
        "license_id": "cc-by",
        "organization": {"title": "Miljødirektoratet"},
        "extras": [{"key": "frequency", "value": "DAILY"}],
        "resources": [
            {"url": f"https://ckan.example.no/files/{n}.csv", "format": "CSV", "name": "CSV"}
        ],
    }


def ckan_answer(count: int, packages: list[dict]) -> Reply:
    body = {"success": True, "result": {"count": count, "results": packages}}
    return Reply(200, json.dumps(body).encode(), {"Content-Type": "application/json"})


def ckan_routes(server: LocalServer, pages: list[list[int]], *, rows: int) -> None:
    count = sum(len(p) for p in pages)
    for index, numbers in enumerate(pages):
        path = f"/api/3/action/package_search?rows={rows}&start={index * rows}"
        server.routes[path] = ckan_answer(count, [ckan_package(n) for n in numbers])


def test_ckan_with_three_pages_creates_every_package(server, monkeypatch):
    monkeypatch.setattr(harvest_service, "CKAN_ROWS", 2)
    ckan_routes(server, [[1, 2], [3, 4], [5]], rows=2)
    source = harvest_source_create(url=server.url("/"), kind=HarvestSource.Kind.CKAN)

    run = harvest_run(source=source)

    assert run.status == HarvestRun.Status.SUCCEEDED, (run.message, run.errors)
    assert run.created == 5
    assert len(server.requests) == 3
    dataset = Dataset.objects.get(uri=server.url("/dataset/pakke-1"))
    assert dataset.title_nb == "Pakke 1"
    assert dataset.keywords_nb == ["miljø"]
    assert dataset.frequency == "DAILY"
    assert dataset.licence is not None and dataset.licence.identifier == "CC-BY-4.0"
    assert [t.code for t in dataset.data_themes.all()] == ["ENVI"]
    assert dataset.distributions.get().download_url == "https://ckan.example.no/files/1.csv"
    assert harvest_run(source=source).unchanged == 5


def test_ckan_malformed_json_fails_the_run_and_changes_nothing(server, monkeypatch):
    monkeypatch.setattr(harvest_service, "CKAN_ROWS", 2)
    ckan_routes(server, [[1, 2], [3]], rows=2)
    source = harvest_source_create(url=server.url("/"), kind=HarvestSource.Kind.CKAN)
    harvest_run(source=source)
    server.routes["/api/3/action/package_search?rows=2&start=2"] = Reply(
        200,
        b'{"success": true, "result": {"count": 3, "results": [',
        {"Content-Type": "application/json"},
    )
    _fails(source, "not valid JSON")


def test_ckan_answer_without_success_fails_the_run(server):
    server.routes["/api/3/action/package_search?rows=100&start=0"] = Reply(
        200,
        b'{"success": false, "error": {"message": "Not found"}}',
        {"Content-Type": "application/json"},
    )
    source = harvest_source_create(url=server.url("/"), kind=HarvestSource.Kind.CKAN)
    run = harvest_run(source=source)
    assert run.status == HarvestRun.Status.FAILED
    assert "success" in run.message


# Demo sources are read inside Django


def test_demo_source_on_this_site_is_read_without_the_network(settings, monkeypatch):
    from django.http import HttpResponse
    from django.urls import ResolverMatch

    settings.HTTP_ALLOW_LOOPBACK = False
    settings.SITE_URL = "http://127.0.0.1:8000"

    def view(request):
        return HttpResponse(ttl_page([7]), content_type="text/turtle")

    monkeypatch.setattr(
        harvest_service, "resolve", lambda path: ResolverMatch(view, (), {}, url_name="demo")
    )
    source = harvest_source_create(url="http://127.0.0.1:8000/demo/catalog.ttl", is_demo=True)
    run = harvest_run(source=source)
    assert run.status == HarvestRun.Status.SUCCEEDED, run.message
    assert Dataset.objects.filter(uri="https://data.example.no/dataset/7").exists()


def test_non_demo_source_on_this_site_goes_through_the_fetch_guard(settings):
    settings.HTTP_ALLOW_LOOPBACK = False
    settings.SITE_URL = "http://127.0.0.1:8000"
    source = harvest_source_create(url="http://127.0.0.1:8000/demo/catalog.ttl")
    run = harvest_run(source=source)
    assert run.status == HarvestRun.Status.FAILED
    assert "private or local address" in run.message


# Scheduling and the commands


def test_due_sources_are_enabled_scheduled_and_not_run_recently():
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    never = harvest_source_create(schedule_hours=24)
    old = harvest_source_create(schedule_hours=24, last_run_at=now - timedelta(hours=25))
    harvest_source_create(schedule_hours=24, last_run_at=now - timedelta(hours=1))
    harvest_source_create(schedule_hours=0)
    harvest_source_create(schedule_hours=1, enabled=False)
    assert harvest_sources_due(now=now) == [never, old]


def test_tick_queues_due_sources_once(server, capsys):
    server.routes["/catalog.ttl"] = Reply(200, ttl_page([1]), TURTLE)
    source = dcat_source(server, schedule_hours=24)
    call_command("tick")  # the test task backend runs the harvest at once
    assert source.runs.count() == 1
    assert Dataset.objects.filter(harvest_source=source).count() == 1
    call_command("tick")
    assert source.runs.count() == 1
    assert "Harvests queued: 0" in capsys.readouterr().out


def test_harvest_command_runs_a_source_and_prints_the_counts(server, capsys):
    server.routes["/catalog.ttl"] = Reply(200, ttl_page([1, 2]), TURTLE)
    source = dcat_source(server)
    call_command("harvest", "--source", str(source.pk))
    out = capsys.readouterr().out
    assert "succeeded" in out and "created 2" in out


def test_harvest_command_all_runs_every_enabled_source_and_reports_failures(server, capsys):
    server.routes["/catalog.ttl"] = Reply(200, ttl_page([1]), TURTLE)
    dcat_source(server)
    dcat_source(server, "/missing.ttl")
    dcat_source(server, "/disabled.ttl", enabled=False)
    with pytest.raises(CommandError, match="1 of 2 harvests failed"):
        call_command("harvest", "--all")
    out = capsys.readouterr().out
    assert "created 1" in out and "404" in out


def test_harvest_command_refuses_unknown_source_and_missing_choice():
    with pytest.raises(CommandError, match="No harvest source with id 999999"):
        call_command("harvest", "--source", "999999")
    with pytest.raises(CommandError, match="--all"):
        call_command("harvest")


def test_demo_source_with_a_path_the_site_does_not_have_fails_the_run(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    source = harvest_source_create(url="http://127.0.0.1:8000/no/such/page.ttl", is_demo=True)
    run = harvest_run(source=source)
    assert run.status == HarvestRun.Status.FAILED
    assert "not a page of this site" in run.message or "404" in run.message
