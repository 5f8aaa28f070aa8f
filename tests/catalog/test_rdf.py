"""Reading RDF safely (parse_rdf), Hydra paging (next_page) and DCAT as found in the wild
turned into records (records_from_graph)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from smartby.catalog.rdf import RdfError, next_page, parse_rdf, records_from_graph

BASE = "https://catalog.example.no/"

TURTLE = b"""
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
<https://catalog.example.no/ds/1> a dcat:Dataset ;
    dct:title "Luftkvalitet"@nb, "Air quality"@en .
"""
NTRIPLES = (
    b"<https://catalog.example.no/ds/1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
    b"<http://www.w3.org/ns/dcat#Dataset> .\n"
    b'<https://catalog.example.no/ds/1> <http://purl.org/dc/terms/title> "Luftkvalitet"@nb .\n'
)
RDFXML = b"""<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:dcat="http://www.w3.org/ns/dcat#" xmlns:dct="http://purl.org/dc/terms/">
  <dcat:Dataset rdf:about="https://catalog.example.no/ds/1">
    <dct:title xml:lang="nb">Luftkvalitet</dct:title>
  </dcat:Dataset>
</rdf:RDF>"""
JSONLD = json.dumps(
    {
        "@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/"},
        "@id": "https://catalog.example.no/ds/1",
        "@type": "dcat:Dataset",
        "dct:title": {"@value": "Luftkvalitet", "@language": "nb"},
    }
).encode()


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (TURTLE, "text/turtle; charset=utf-8"),
        (NTRIPLES, "application/n-triples"),
        (NTRIPLES, "text/plain"),
        (RDFXML, "application/rdf+xml"),
        (JSONLD, "application/ld+json"),
        (JSONLD, "application/json"),
        (TURTLE, "application/octet-stream"),
        (RDFXML, ""),
        (JSONLD, "application/octet-stream"),
    ],
)
def test_parses_each_format(content: bytes, content_type: str) -> None:
    records = records_from_graph(parse_rdf(content, content_type, base=BASE))
    assert [r.uri for r in records] == ["https://catalog.example.no/ds/1"]
    assert records[0].title_nb == "Luftkvalitet"


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:dct="http://purl.org/dc/terms/">
  <rdf:Description rdf:about="https://catalog.example.no/ds/1">
    <dct:title>&xxe;</dct:title>
  </rdf:Description>
</rdf:RDF>"""
LAUGHS = b"""<?xml version="1.0"?>
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
         xmlns:dct="http://purl.org/dc/terms/">
  <rdf:Description rdf:about="https://catalog.example.no/ds/1"><dct:title>&lol9;</dct:title>
  </rdf:Description>
</rdf:RDF>"""
EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF SYSTEM "http://127.0.0.1:9/evil.dtd">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>"""


@pytest.mark.parametrize("content", [XXE, LAUGHS, EXTERNAL_DTD], ids=["xxe", "laughs", "dtd"])
@pytest.mark.parametrize("content_type", ["application/rdf+xml", "text/xml", ""])
def test_refuses_dtds_and_entities(content: bytes, content_type: str) -> None:
    with pytest.raises(RdfError) as info:
        parse_rdf(content, content_type, base=BASE)
    assert "DTD" in info.value.message


@pytest.mark.parametrize(
    "context",
    [
        "https://schema.org/",
        ["http://127.0.0.1:9/context.jsonld", {"dct": "http://purl.org/dc/terms/"}],
        {"@import": "https://example.org/context.jsonld"},
        {"dct": "http://purl.org/dc/terms/", "x": {"@id": "dct:x", "@context": "https://e.org/"}},
    ],
)
def test_refuses_remote_jsonld_context(context: object) -> None:
    document = json.dumps({"@context": context, "@id": "https://e.org/1"}).encode()
    with pytest.raises(RdfError) as info:
        parse_rdf(document, "application/ld+json", base=BASE)
    assert "remote @context" in info.value.message


def test_refuses_remote_context_nested_in_a_node() -> None:
    document = json.dumps(
        {"@graph": [{"@context": "https://example.org/c.jsonld", "@id": "https://e.org/1"}]}
    ).encode()
    with pytest.raises(RdfError):
        parse_rdf(document, "application/ld+json", base=BASE)


@pytest.mark.parametrize(
    ("content", "content_type", "words"),
    [
        (b"<https://e.org/1> a <", "text/turtle", "could not be read"),
        (b"@prefix : <x> . :a :b", "text/turtle", "could not be read"),
        (b"<rdf:RDF><unclosed>", "application/rdf+xml", "not well-formed"),
        (b'{"@id": ', "application/ld+json", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "text/turtle", "UTF-8"),
        (b"", "text/turtle", "empty"),
        (TURTLE, "text/html", "not an RDF format"),
        (TURTLE, "application/pdf", "not an RDF format"),
    ],
)
def test_malformed_input_raises_rdf_error_with_a_message(
    content: bytes, content_type: str, words: str
) -> None:
    with pytest.raises(RdfError) as info:
        parse_rdf(content, content_type, base=BASE)
    assert words in info.value.message


def test_next_page() -> None:
    page = b"""
    @prefix hydra: <http://www.w3.org/ns/hydra/core#> .
    <https://catalog.example.no/catalog?page=1> a hydra:PartialCollectionView ;
        hydra:next <https://catalog.example.no/catalog?page=2> .
    """
    graph = parse_rdf(page, "text/turtle", base=BASE)
    assert next_page(graph) == "https://catalog.example.no/catalog?page=2"
    old_style = b"""
    @prefix hydra: <http://www.w3.org/ns/hydra/core#> .
    <https://catalog.example.no/c> a hydra:PagedCollection ;
        hydra:nextPage "https://catalog.example.no/c?page=3" .
    """
    assert next_page(parse_rdf(old_style, "text/turtle", base=BASE)) == (
        "https://catalog.example.no/c?page=3"
    )
    assert next_page(parse_rdf(TURTLE, "text/turtle", base=BASE)) is None


WILD = b"""
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
@prefix schema: <http://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix fdk: <https://organization-catalog.fellesdatakatalog.digdir.no/organizations/> .

<https://data.norge.no/datasets/42> a dcat:Dataset ;
    dct:title "Sykkeltellinger" ;
    dct:description "Tellinger fra sykkelregistreringspunkter."@no ;
    dct:identifier "42" ;
    dct:publisher fdk:971045698 ;
    dcat:contactPoint [ a vcard:Kind ; vcard:hasEmail "mailto:post@vegvesen.no" ;
        vcard:hasTelephone [ vcard:hasValue <tel:+4722073000> ] ] ;
    dcat:keyword "sykkel", "trafikk"@nb, "bicycle"@en ;
    dcat:theme <https://publications.europa.eu/resource/authority/data-theme/TRAN>,
        <https://psi.norge.no/los/tema/trafikk-og-transport> ;
    dct:spatial <https://data.geonorge.no/administrativeEnheter/kommune/id/5001>,
        <https://example.org/somewhere> ;
    dct:temporal [ schema:startDate "2020-01-01T00:00:00"^^xsd:dateTime ] ;
    dct:accrualPeriodicity <http://purl.org/cld/freq/daily> ;
    dct:issued "2020-02-03T10:00:00Z"^^xsd:dateTime ;
    dct:modified "2024-05-06" ;
    dct:language <http://publications.europa.eu/resource/authority/language/NOR> ;
    dct:accessRights <http://publications.europa.eu/resource/authority/access-right/PUBLIC> ;
    dcat:distribution [ a dcat:Distribution ;
        dcat:accessURL <https://vegvesen.no/sykkel> ;
        dct:format "CSV" ;
        dcat:mediaType "text/csv" ;
        dcat:byteSize "2048"^^xsd:nonNegativeInteger ;
        dct:license <http://data.norge.no/nlod/no/2.0> ;
        dct:rights "Fri bruk." ], [
        dcat:downloadURL <https://vegvesen.no/sykkel.json> ;
        dct:format <https://www.iana.org/assignments/media-types/application/json> ], [
        dct:title "No address at all" ] .

[] a dcat:Dataset ; dct:title "A blank-node dataset has no identity" .
"""


def test_records_from_wild_dcat() -> None:
    (record,) = records_from_graph(parse_rdf(WILD, "text/turtle", base=BASE))
    assert record.uri == "https://data.norge.no/datasets/42"
    assert record.identifier == "42"
    assert record.title_nb == "Sykkeltellinger" and record.title_en == ""
    assert record.description_nb == "Tellinger fra sykkelregistreringspunkter."
    assert record.publisher_orgnr == "971045698"
    assert record.contact_email == "post@vegvesen.no"
    assert record.contact_phone == "+4722073000"
    assert record.keywords_nb == ["sykkel", "trafikk"] and record.keywords_en == ["bicycle"]
    assert record.data_themes == ["TRAN"]
    assert record.spatial == ["5001", "https://example.org/somewhere"]
    assert record.temporal_start == date(2020, 1, 1) and record.temporal_end is None
    assert record.frequency == "DAILY"
    assert record.issued == date(2020, 2, 3)
    assert record.modified == date(2024, 5, 6)
    assert record.languages == ["no"]
    assert record.access_rights == "PUBLIC"
    assert record.price_model == "" and record.price_nok is None
    csv, json_ = sorted(record.distributions, key=lambda d: d.access_url)
    assert csv.access_url == "https://vegvesen.no/sykkel"
    assert (csv.format, csv.media_type, csv.byte_size) == ("CSV", "text/csv", 2048)
    assert csv.licence_uri == "http://data.norge.no/nlod/no/2.0"
    assert csv.rights == "Fri bruk."
    # Only a download URL: it is the access URL too.
    assert json_.access_url == json_.download_url == "https://vegvesen.no/sykkel.json"
    assert json_.format == "JSON"


def test_records_read_price() -> None:
    content = b"""
    @prefix dcat: <http://www.w3.org/ns/dcat#> .
    @prefix dct: <http://purl.org/dc/terms/> .
    @prefix sby: <https://smartby.no/ns/catalog#> .
    <https://e.org/1> a dcat:Dataset ; dct:title "Priced"@en ;
        sby:priceModel <https://smartby.no/ns/price-model/per_call> ;
        sby:priceNOK 0.25 ; sby:priceTerms "Per call, billed monthly." .
    """
    (record,) = records_from_graph(parse_rdf(content, "text/turtle", base=BASE))
    assert record.title_en == "Priced" and record.title_nb == ""
    assert (record.price_model, record.price_nok) == ("per_call", Decimal("0.25"))
    assert record.price_terms == "Per call, billed monthly."
