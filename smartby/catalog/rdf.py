"""DCAT-AP-NO 2.0 in and out: datasets as RDF graphs (export), RDF documents read safely
(harvest), and graphs turned back into DatasetRecords.

Mapping (one place for both directions, so a round trip keeps every property):

- dcat:Dataset <uri>: dct:identifier (the URI when the dataset has no identifier of its
  own), dct:title / dct:description @nb and @en, dcat:keyword @nb / @en, dct:publisher
  (foaf:Agent; https://data.brreg.no/enhetsregisteret/api/enheter/<orgnr> with
  dct:identifier = org number, else SITE_URL/organisations/<slug>/; foaf:name),
  dcat:contactPoint (vcard:Organization: vcard:fn, vcard:hasEmail <mailto:>,
  vcard:hasURL, vcard:hasTelephone <tel:>), dcat:theme (EU data themes, and the network's
  themes and sectors as a second dcat:theme in the Smartby theme scheme — DCAT-AP-NO only
  asks that one theme is an EU data theme; dct:subject is for defined concepts, not
  themes), dct:spatial (Norwegian municipalities as
  https://data.geonorge.no/administrativeEnheter/kommune/id/<number>, other cities as
  GeoNames URIs), dct:temporal (dct:PeriodOfTime, dcat:startDate / dcat:endDate),
  dct:accrualPeriodicity, dct:issued / dct:modified (xsd:date), dcat:landingPage,
  dct:conformsTo, dct:language, dct:accessRights, dct:license (the dataset's own licence,
  when it has one; EU licence URI when the licence has one).
- Controlled values carry skos:inScheme of their EU authority table, as the DCAT-AP-NO
  shapes check it.
- Price: Smartby namespace properties on the dataset (`sby:priceModel` with a
  `sby:price-model/<code>` IRI, `sby:priceNOK` xsd:decimal, `sby:priceTerms`). DCAT-AP-NO
  has no price property; the price belongs to the dataset, not to one distribution (and a
  dataset may have none); an ODRL policy with a compensation duty cannot say "per call"
  or "subscription" without inventing terms anyway, and odrl:hasPolicy allows one policy
  per distribution that a publisher may already use for something else. Consumers that do
  not know the namespace ignore it; Smartby reads it back unchanged.
- dcat:Distribution (an IRI when it has a URI, else a blank node): dct:title,
  dct:description, dcat:accessURL, dcat:downloadURL, dct:format (EU file type),
  dcat:mediaType (IANA IRI), dcat:byteSize (xsd:decimal, as the shapes ask), dct:license,
  dct:conformsTo, dct:rights (dct:RightsStatement with rdfs:label), dct:modified, and for an
  API description dcat:accessService (dcat:DataService with dcat:endpointURL = access URL
  and dcat:endpointDescription).
- dcat:Catalog <SITE_URL/data/>: title, description, identifier, publisher, dcat:dataset.
  The catalogue is served in pages (Hydra Core): the catalogue is also a hydra:Collection
  with hydra:totalItems (every active dataset) and hydra:view, the page's own address, a
  hydra:PartialCollectionView with hydra:first and hydra:last, and hydra:previous and
  hydra:next where there is such a page (next_page below follows hydra:next). The view is
  also a hydra:PagedCollection with the older hydra:firstPage, lastPage, previousPage,
  nextPage, totalItems and itemsPerPage, which CKAN's DCAT harvester reads.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, QuerySet
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from smartby.catalog.records import DatasetRecord, DistributionRecord
from smartby.catalog.vocabularies import (
    ACCESS_RIGHTS_URI,
    DATA_THEME_BASE,
    EU,
    FREQUENCY_URI,
    LANGUAGE_URI,
    code_from_uri,
    file_type,
)

if TYPE_CHECKING:
    from smartby.catalog.models import Dataset, Distribution

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
SCHEMA = Namespace("http://schema.org/")
TIME = Namespace("http://www.w3.org/2006/time#")
# Smartby's own terms: price (see the module text) and the network's themes.
SBY_BASE = "https://smartby.no/ns/"
SBY = Namespace(SBY_BASE + "catalog#")
PRICE_MODEL_BASE = SBY_BASE + "price-model/"
THEME_BASE = SBY_BASE + "theme/"
THEME_SCHEME = URIRef(SBY_BASE + "theme")

BRREG_BASE = "https://data.brreg.no/enhetsregisteret/api/enheter/"
KOMMUNE_BASE = "https://data.geonorge.no/administrativeEnheter/kommune/id/"
GEONAMES_BASE = "https://sws.geonames.org/"
IANA_BASE = "https://www.iana.org/assignments/media-types/"
LICENCE_BASE = f"{EU}/licence/"

SCHEMES = {
    "access-right": URIRef(f"{EU}/access-right"),
    "frequency": URIRef(f"{EU}/frequency"),
    "language": URIRef(f"{EU}/language"),
    "data-theme": URIRef(f"{EU}/data-theme"),
    "file-type": URIRef(f"{EU}/file-type"),
    "licence": URIRef(f"{EU}/licence"),
}

CONTENT_TYPES = {
    "ttl": "text/turtle; charset=utf-8",
    "rdf": "application/rdf+xml; charset=utf-8",
    "jsonld": "application/ld+json; charset=utf-8",
}
SERIALIZERS = {"ttl": "turtle", "rdf": "pretty-xml", "jsonld": "json-ld"}

# Content type (without parameters) -> rdflib parser.
PARSERS = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "text/n3": "turtle",
    "application/n-triples": "nt",
    "text/plain": "turtle",  # N-Triples served as text/plain; Turtle is a superset
    "application/rdf+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/ld+json": "json-ld",
    "application/json": "json-ld",
}
GENERIC_TYPES = {"", "application/octet-stream", "binary/octet-stream"}


class RdfError(Exception):
    """A document that cannot be read as RDF, or that Smartby refuses to read."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# Export


def export_datasets() -> QuerySet[Dataset]:
    """Datasets with everything dataset_graph reads, in a fixed number of queries."""
    from smartby.catalog.models import Dataset, Distribution

    return (
        Dataset.objects.select_related("publisher", "licence")
        .prefetch_related(
            "data_themes",
            "themes",
            "spatial",
            Prefetch(
                "distributions",
                queryset=Distribution.objects.select_related("licence").order_by("position", "id"),
            ),
        )
        .order_by("pk")
    )


def _bind(graph: Graph) -> None:
    for prefix, namespace in (
        ("dcat", DCAT),
        ("dct", DCTERMS),
        ("foaf", FOAF),
        ("vcard", VCARD),
        ("skos", SKOS),
        ("xsd", XSD),
        ("sby", SBY),
        ("hydra", HYDRA),
    ):
        graph.bind(prefix, namespace, replace=True)


def _text(graph: Graph, subject: Node, predicate: URIRef, nb: str, en: str) -> None:
    if nb.strip():
        graph.add((subject, predicate, Literal(nb, lang="nb")))
    if en.strip():
        graph.add((subject, predicate, Literal(en, lang="en")))


def _concept(graph: Graph, uri: str, scheme: str) -> URIRef:
    node = URIRef(uri)
    graph.add((node, SKOS.inScheme, SCHEMES[scheme]))
    return node


def licence_uri(licence: Any) -> str:
    """The URI to publish for a reference Licence: the EU authority one when it has one."""
    return str(licence.eu_authority_uri or licence.uri)


def _licence_node(graph: Graph, uri: str) -> URIRef:
    if uri.startswith(LICENCE_BASE):
        return _concept(graph, uri, "licence")
    return URIRef(uri)


def _standard(graph: Graph, url: str) -> URIRef:
    """A dct:conformsTo value: the shapes ask a title of every standard; Smartby knows only
    its address, which serves as the title."""
    node = URIRef(url)
    graph.add((node, DCTERMS.title, Literal(url)))
    return node


def publisher_uri(organisation: Any, site_url: str) -> str:
    if organisation.org_number:
        return BRREG_BASE + organisation.org_number
    return f"{site_url}/organisations/{organisation.slug}/"


def municipality_uri(municipality: Any) -> str:
    if municipality.country == "NO":
        return KOMMUNE_BASE + municipality.code
    return f"{GEONAMES_BASE}{municipality.code}/"


def media_type_uri(media_type: str) -> str:
    return IANA_BASE + media_type


def _publisher(graph: Graph, organisation: Any, site_url: str) -> URIRef:
    node = URIRef(publisher_uri(organisation, site_url))
    graph.add((node, RDF.type, FOAF.Agent))
    graph.add((node, FOAF.name, Literal(organisation.name)))
    if organisation.org_number:
        graph.add((node, DCTERMS.identifier, Literal(organisation.org_number)))
    return node


def _site_url() -> str:
    from django.conf import settings

    return str(settings.SITE_URL)


def dataset_graph(dataset: Dataset, graph: Graph | None = None) -> Graph:
    """Add `dataset` (with its distributions) to `graph` as DCAT-AP-NO and return it.

    Reads only related rows that export_datasets() prefetches."""
    graph = graph if graph is not None else Graph()
    _bind(graph)
    site_url = _site_url()
    g = graph
    node = URIRef(dataset.uri)
    g.add((node, RDF.type, DCAT.Dataset))
    g.add((node, DCTERMS.identifier, Literal(dataset.identifier or dataset.uri)))
    _text(g, node, DCTERMS.title, dataset.title_nb, dataset.title_en)
    _text(g, node, DCTERMS.description, dataset.description_nb, dataset.description_en)
    g.add((node, DCTERMS.publisher, _publisher(g, dataset.publisher, site_url)))
    if any(
        (dataset.contact_name, dataset.contact_email, dataset.contact_url, dataset.contact_phone)
    ):
        contact = BNode()
        g.add((node, DCAT.contactPoint, contact))
        g.add((contact, RDF.type, VCARD.Organization))
        if dataset.contact_name:
            g.add((contact, VCARD.fn, Literal(dataset.contact_name)))
        if dataset.contact_email:
            g.add((contact, VCARD.hasEmail, URIRef("mailto:" + dataset.contact_email)))
        if dataset.contact_url:
            g.add((contact, VCARD.hasURL, URIRef(dataset.contact_url)))
        if dataset.contact_phone:
            phone = "".join(dataset.contact_phone.split())
            g.add((contact, VCARD.hasTelephone, URIRef("tel:" + phone)))
            g.add((contact, SBY.telephoneText, Literal(dataset.contact_phone)))
    for word in dataset.keywords_nb or []:
        g.add((node, DCAT.keyword, Literal(word, lang="nb")))
    for word in dataset.keywords_en or []:
        g.add((node, DCAT.keyword, Literal(word, lang="en")))
    for theme in dataset.data_themes.all():
        concept = _concept(g, DATA_THEME_BASE + theme.code, "data-theme")
        g.add((node, DCAT.theme, concept))
    for network_theme in dataset.themes.all():
        concept = URIRef(THEME_BASE + network_theme.slug)
        g.add((concept, SKOS.inScheme, THEME_SCHEME))
        _text(g, concept, SKOS.prefLabel, network_theme.name_nb, network_theme.name_en)
        g.add((node, DCAT.theme, concept))
    for municipality in dataset.spatial.all():
        place = URIRef(municipality_uri(municipality))
        g.add((place, RDF.type, DCTERMS.Location))
        g.add((place, SKOS.prefLabel, Literal(municipality.name)))
        if municipality.country != "NO":
            g.add((place, SKOS.inScheme, URIRef("http://sws.geonames.org")))
        g.add((node, DCTERMS.spatial, place))
    if dataset.temporal_start or dataset.temporal_end:
        period = BNode()
        g.add((node, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        if dataset.temporal_start:
            g.add((period, DCAT.startDate, Literal(dataset.temporal_start, datatype=XSD.date)))
        if dataset.temporal_end:
            g.add((period, DCAT.endDate, Literal(dataset.temporal_end, datatype=XSD.date)))
    if dataset.frequency in FREQUENCY_URI:
        g.add(
            (
                node,
                DCTERMS.accrualPeriodicity,
                _concept(g, FREQUENCY_URI[dataset.frequency], "frequency"),
            )
        )
    if dataset.issued:
        g.add((node, DCTERMS.issued, Literal(dataset.issued, datatype=XSD.date)))
    if dataset.modified:
        g.add((node, DCTERMS.modified, Literal(dataset.modified, datatype=XSD.date)))
    if dataset.landing_page:
        g.add((node, DCAT.landingPage, URIRef(dataset.landing_page)))
    for url in dataset.conforms_to or []:
        g.add((node, DCTERMS.conformsTo, _standard(g, url)))
    for code in dataset.languages or []:
        if code in LANGUAGE_URI:
            g.add((node, DCTERMS.language, _concept(g, LANGUAGE_URI[code], "language")))
    if dataset.access_rights in ACCESS_RIGHTS_URI:
        g.add(
            (
                node,
                DCTERMS.accessRights,
                _concept(g, ACCESS_RIGHTS_URI[dataset.access_rights], "access-right"),
            )
        )
    if dataset.licence is not None:
        g.add((node, DCTERMS.license, _licence_node(g, licence_uri(dataset.licence))))
    elif dataset.licence_uri.startswith(LICENCE_BASE):
        g.add((node, DCTERMS.license, _licence_node(g, dataset.licence_uri)))
    elif dataset.licence_uri:
        # DCAT-AP-NO wants dct:license from the EU licence table; other terms of use are a
        # rights statement.
        terms = URIRef(dataset.licence_uri)
        g.add((terms, RDF.type, DCTERMS.RightsStatement))
        g.add((node, DCTERMS.rights, terms))
    g.add((node, SBY.priceModel, URIRef(PRICE_MODEL_BASE + dataset.price_model)))
    if dataset.price_nok is not None:
        g.add((node, SBY.priceNOK, Literal(Decimal(dataset.price_nok), datatype=XSD.decimal)))
    if dataset.price_terms:
        g.add((node, SBY.priceTerms, Literal(dataset.price_terms)))
    for distribution in dataset.distributions.all():
        g.add((node, DCAT.distribution, _distribution(g, distribution, node)))
    return g


def _distribution(g: Graph, distribution: Distribution, dataset_node: URIRef) -> Node:
    node: Node = URIRef(distribution.uri) if distribution.uri else BNode()
    g.add((node, RDF.type, DCAT.Distribution))
    _text(g, node, DCTERMS.title, distribution.title_nb, distribution.title_en)
    _text(g, node, DCTERMS.description, distribution.description_nb, distribution.description_en)
    g.add((node, DCAT.accessURL, URIRef(distribution.access_url)))
    if distribution.download_url:
        g.add((node, DCAT.downloadURL, URIRef(distribution.download_url)))
    known = file_type(distribution.format) if distribution.format else None
    if known is not None:
        g.add((node, DCTERMS["format"], _concept(g, known.uri, "file-type")))
    if distribution.media_type:
        g.add((node, DCAT.mediaType, URIRef(media_type_uri(distribution.media_type))))
    if distribution.byte_size is not None:
        g.add((node, DCAT.byteSize, Literal(Decimal(distribution.byte_size), datatype=XSD.decimal)))
    if distribution.licence is not None:
        g.add((node, DCTERMS.license, _licence_node(g, licence_uri(distribution.licence))))
    for url in distribution.conforms_to or []:
        g.add((node, DCTERMS.conformsTo, _standard(g, url)))
    if distribution.rights:
        rights = BNode()
        g.add((node, DCTERMS.rights, rights))
        g.add((rights, RDF.type, DCTERMS.RightsStatement))
        g.add((rights, RDFS.label, Literal(distribution.rights)))
    if distribution.modified:
        g.add((node, DCTERMS.modified, Literal(distribution.modified, datatype=XSD.date)))
    if distribution.api_description_url:
        service = BNode()
        g.add((node, DCAT.accessService, service))
        g.add((service, RDF.type, DCAT.DataService))
        g.add((service, DCTERMS.identifier, Literal(distribution.access_url)))
        title = distribution.title_nb or distribution.title_en
        g.add((service, DCTERMS.title, Literal(title or distribution.access_url)))
        g.add((service, DCAT.endpointURL, URIRef(distribution.access_url)))
        g.add((service, DCAT.endpointDescription, URIRef(distribution.api_description_url)))
        g.add((service, DCAT.servesDataset, dataset_node))
    return node


def catalog_uri(site_url: str) -> str:
    return f"{site_url}/data/"


@dataclass(frozen=True)
class CatalogPage:
    """One page of the catalogue document: where it sits among the others, and what holds
    for the whole catalogue rather than for the datasets on the page."""

    number: int  # from 1
    size: int  # datasets a page
    last: int  # the number of the last page (1 for an empty catalogue)
    total: int  # active datasets in the whole catalogue
    modified: date | None  # the newest dct:modified in the whole catalogue
    address: str  # the document's address without the query, e.g. SITE_URL/catalog.ttl

    def url(self, number: int) -> str:
        return f"{self.address}?page={number}"


def _paging(graph: Graph, catalog: URIRef, page: CatalogPage) -> None:
    view = URIRef(page.url(page.number))
    graph.add((catalog, RDF.type, HYDRA.Collection))
    graph.add((catalog, HYDRA.totalItems, Literal(page.total, datatype=XSD.integer)))
    graph.add((catalog, HYDRA.view, view))
    # The view in Hydra's current terms and in the older ones (hydra:PagedCollection,
    # nextPage, …) that CKAN's DCAT harvester (ckanext-dcat) follows.
    graph.add((view, RDF.type, HYDRA.PartialCollectionView))
    graph.add((view, RDF.type, HYDRA.PagedCollection))
    graph.add((view, HYDRA.totalItems, Literal(page.total, datatype=XSD.integer)))
    graph.add((view, HYDRA.itemsPerPage, Literal(page.size, datatype=XSD.integer)))
    links = [("first", "firstPage", 1), ("last", "lastPage", page.last)]
    if page.number > 1:
        links.append(("previous", "previousPage", page.number - 1))
    if page.number < page.last:
        links.append(("next", "nextPage", page.number + 1))
    for term, old_term, number in links:
        graph.add((view, HYDRA[term], URIRef(page.url(number))))
        graph.add((view, HYDRA[old_term], URIRef(page.url(number))))


def catalog_graph(
    datasets: Iterable[Dataset], *, site_url: str, page: CatalogPage | None = None
) -> Graph:
    """The catalogue document: a dcat:Catalog linking every active dataset of `datasets`
    (withdrawn ones are left out), each described as in dataset_graph. With `page`, the
    datasets are that page of the catalogue: the Hydra paging links are added, and the
    catalogue's dct:modified is the whole catalogue's, so every page says the same."""
    from smartby.catalog.models import DatasetStatus

    graph = Graph()
    _bind(graph)
    catalog = URIRef(catalog_uri(site_url))
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.identifier, Literal(str(catalog))))
    _text(graph, catalog, DCTERMS.title, "Smartby datakatalog", "Smartby data catalogue")
    _text(
        graph,
        catalog,
        DCTERMS.description,
        "Data fra kommuner, etater og selskaper i Smartby-nettverket: åpne og kommersielle "
        "datasett med tilgjengelighet, kvalitet og pris.",
        "Data from the municipalities, agencies and companies of the Smartby network: open "
        "and commercial datasets with availability, quality and price.",
    )
    agent = URIRef(f"{site_url}/")
    graph.add((agent, RDF.type, FOAF.Agent))
    graph.add((agent, FOAF.name, Literal("Smartby")))
    graph.add((catalog, DCTERMS.publisher, agent))
    graph.add((catalog, FOAF.homepage, URIRef(f"{site_url}/")))
    for code in ("nb", "en"):
        graph.add((catalog, DCTERMS.language, _concept(graph, LANGUAGE_URI[code], "language")))
    newest: date | None = None
    for dataset in datasets:
        if dataset.status == DatasetStatus.WITHDRAWN:
            continue
        graph.add((catalog, DCAT.dataset, URIRef(dataset.uri)))
        dataset_graph(dataset, graph)
        if dataset.modified and (newest is None or dataset.modified > newest):
            newest = dataset.modified
    if page is not None:
        _paging(graph, catalog, page)
        newest = page.modified
    if newest:
        graph.add((catalog, DCTERMS.modified, Literal(newest, datatype=XSD.date)))
    return graph


def serialize(graph: Graph, fmt: str) -> bytes:
    """The graph as `fmt` ("ttl", "rdf" or "jsonld"), UTF-8."""
    if fmt == "jsonld":
        context = {
            prefix: str(namespace)
            for prefix, namespace in graph.namespaces()
            if prefix
            in ("dcat", "dct", "foaf", "vcard", "skos", "xsd", "sby", "rdf", "rdfs", "hydra")
        }
        return graph.serialize(format="json-ld", context=context, auto_compact=True).encode()
    return graph.serialize(format=SERIALIZERS[fmt], encoding="utf-8")


# Reading


def _check_xml(content: bytes) -> None:
    import defusedxml.ElementTree as DefusedET
    from defusedxml import DefusedXmlException

    try:
        DefusedET.fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise RdfError(
            "The XML document declares a DTD, entities or external references, which "
            f"Smartby does not read ({type(exc).__name__})."
        ) from exc
    except Exception as exc:  # ParseError and friends
        raise RdfError(f"The document is not well-formed XML: {exc}") from exc


def _check_jsonld(content: bytes) -> str:
    try:
        text = content.decode("utf-8")
        data = json.loads(text)
    except (UnicodeDecodeError, ValueError) as exc:
        raise RdfError(f"The document is not valid JSON: {exc}") from exc

    def remote(value: Any) -> bool:
        if isinstance(value, str):
            return True
        if isinstance(value, list):
            return any(remote(v) for v in value)
        if isinstance(value, dict):
            return "@import" in value or any(
                remote_in(v) for k, v in value.items() if k != "@import"
            )
        return False

    def remote_in(value: Any) -> bool:
        # A context object may hold scoped contexts ({"term": {"@context": ...}}).
        if isinstance(value, dict):
            return any(remote(v) if k == "@context" else remote_in(v) for k, v in value.items())
        if isinstance(value, list):
            return any(remote_in(v) for v in value)
        return False

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "@context" and remote(item):
                    raise RdfError(
                        "The JSON-LD document refers to a remote @context; Smartby only "
                        "reads documents whose context is given inline."
                    )
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(data)
    if not isinstance(data, dict | list):
        raise RdfError("The JSON-LD document is neither an object nor a list.")
    return text


def _sniff(content: bytes) -> str:
    head = content.lstrip()[:1]
    if head == b"<":
        return "xml"
    if head in (b"{", b"["):
        return "json-ld"
    return "turtle"


def parse_rdf(content: bytes, content_type: str, *, base: str) -> Graph:
    """Read an RDF document (Turtle, N-Triples, RDF/XML or JSON-LD, chosen by its content
    type; a generic or missing type is recognised from the first character). Refuses XML
    with a DTD, entities or external references and JSON-LD with a remote context, and
    raises RdfError with a message on anything it cannot read."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media in PARSERS:
        parser = PARSERS[media]
    elif media in GENERIC_TYPES:
        parser = _sniff(content)
    else:
        raise RdfError(
            f"The content type “{media[:80]}” is not an RDF format Smartby reads "
            "(Turtle, N-Triples, RDF/XML or JSON-LD)."
        )
    if not content.strip():
        raise RdfError("The document is empty.")
    graph = Graph()
    try:
        if parser == "xml":
            _check_xml(content)
            graph.parse(data=content, format="xml", publicID=base)
        elif parser == "json-ld":
            text = _check_jsonld(content)
            graph.parse(data=text, format="json-ld", publicID=base)
        else:
            try:
                text = content.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise RdfError("The document is not UTF-8 text.") from exc
            graph.parse(data=text, format=parser, publicID=base)
    except RdfError:
        raise
    except Exception as exc:
        message = " ".join(str(exc).split())[:300] or type(exc).__name__
        raise RdfError(f"The document could not be read as {parser}: {message}") from exc
    return graph


def next_page(graph: Graph) -> str | None:
    """The next page of a paged (Hydra) catalogue, or None on the last page."""
    for predicate in (HYDRA.next, HYDRA.nextPage):
        for value in graph.objects(None, predicate):
            if isinstance(value, URIRef | Literal):
                return str(value)
    return None


# Graph -> records


def _texts(graph: Graph, subject: Node, predicate: URIRef) -> tuple[str, str]:
    """(bokmål, English) text of a property; untagged and Norwegian variants count as
    bokmål, any English variant as English."""
    nb = en = ""
    other = ""
    untagged = ""
    for value in graph.objects(subject, predicate):
        if not isinstance(value, Literal):
            continue
        text = str(value).strip()
        lang = (value.language or "").lower()
        if lang in ("nb", "no", "nb-no", "no-no") and not nb:
            nb = text
        elif lang.startswith("en") and not en:
            en = text
        elif not lang and not untagged:
            untagged = text
        elif lang == "nn" and not other:
            other = text
    return nb or untagged or other, en


def _one(graph: Graph, subject: Node, predicate: URIRef) -> Node | None:
    return next(iter(sorted(graph.objects(subject, predicate), key=str)), None)


def _str(value: Node | None) -> str:
    return str(value).strip() if value is not None else ""


def _uri(value: Node | None) -> str:
    """An IRI value, or a literal written where an IRI belongs."""
    if isinstance(value, URIRef | Literal):
        return str(value).strip()
    return ""


def _date(value: Node | None) -> date | None:
    if not isinstance(value, Literal):
        return None
    python = value.toPython()
    if isinstance(python, datetime):
        return python.date()
    if isinstance(python, date):
        return python
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _period(graph: Graph, node: Node) -> tuple[date | None, date | None]:
    start = _date(_one(graph, node, DCAT.startDate)) or _date(_one(graph, node, SCHEMA.startDate))
    end = _date(_one(graph, node, DCAT.endDate)) or _date(_one(graph, node, SCHEMA.endDate))
    if start is None:
        beginning = _one(graph, node, TIME.hasBeginning)
        if beginning is not None:
            start = _date(_one(graph, beginning, TIME.inXSDDate)) or _date(
                _one(graph, beginning, TIME.inXSDDateTime)
            )
    if end is None:
        ending = _one(graph, node, TIME.hasEnd)
        if ending is not None:
            end = _date(_one(graph, ending, TIME.inXSDDate)) or _date(
                _one(graph, ending, TIME.inXSDDateTime)
            )
    return start, end


def _language_code(value: str) -> str | None:
    text = value.strip()
    for code, uri in LANGUAGE_URI.items():
        if text == uri or text.rsplit("/", 1)[-1].upper() == uri.rsplit("/", 1)[-1]:
            return code
    lowered = text.lower()
    if lowered in LANGUAGE_URI:
        return lowered
    return None


# Dublin Core Collection Description frequencies (http://purl.org/cld/freq/...) and codes.
FREQUENCY_ALIASES = {"continuous": "CONT", "irregular": "IRREG", "annual": "ANNUAL"}


def _frequency_code(value: str) -> str:
    code = code_from_uri(value, FREQUENCY_URI)
    if code:
        return code
    last = value.rstrip("/").rsplit("/", 1)[-1]
    if last.upper() in FREQUENCY_URI:
        return last.upper()
    return FREQUENCY_ALIASES.get(last.lower(), "")


def _media_type(value: str) -> str:
    text = value.strip()
    for prefix in (IANA_BASE, "http://www.iana.org/assignments/media-types/"):
        if text.startswith(prefix):
            return text[len(prefix) :]
    return text


def _decimal(value: Node | None) -> Decimal | None:
    if not isinstance(value, Literal):
        return None
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        return None


def _contact(graph: Graph, record: DatasetRecord, node: Node) -> None:
    name = _one(graph, node, VCARD.fn) or _one(graph, node, VCARD["organization-name"])
    record.contact_name = _str(name)
    email = _uri(_one(graph, node, VCARD.hasEmail))
    if email.lower().startswith("mailto:"):
        email = email[len("mailto:") :]
    record.contact_email = email
    record.contact_url = _uri(_one(graph, node, VCARD.hasURL))
    phone_text = _str(_one(graph, node, SBY.telephoneText))
    phone = _one(graph, node, VCARD.hasTelephone)
    if phone is not None and not isinstance(phone, URIRef | Literal):
        phone = _one(graph, phone, VCARD.hasValue)
    phone_value = _uri(phone)
    if phone_value.lower().startswith("tel:"):
        phone_value = phone_value[len("tel:") :]
    record.contact_phone = phone_text or phone_value


def _publisher_record(graph: Graph, record: DatasetRecord, node: Node) -> None:
    record.publisher_uri = str(node) if isinstance(node, URIRef) else ""
    names = [str(v).strip() for v in graph.objects(node, FOAF.name) if isinstance(v, Literal)] + [
        str(v).strip() for v in graph.objects(node, SKOS.prefLabel) if isinstance(v, Literal)
    ]
    record.publisher_name = sorted(names)[0] if names else ""
    orgnr = _str(_one(graph, node, DCTERMS.identifier))
    if not orgnr and record.publisher_uri.startswith(BRREG_BASE):
        orgnr = record.publisher_uri[len(BRREG_BASE) :].strip("/")
    if not orgnr and "/organizations/" in record.publisher_uri:
        orgnr = record.publisher_uri.rsplit("/", 1)[-1]
    digits = "".join(orgnr.split())
    record.publisher_orgnr = digits if len(digits) == 9 and digits.isdigit() else ""


def _distribution_record(graph: Graph, node: Node) -> DistributionRecord | None:
    access = _uri(_one(graph, node, DCAT.accessURL))
    download = _uri(_one(graph, node, DCAT.downloadURL))
    if not access and not download:
        return None
    result = DistributionRecord(access_url=access or download)
    result.uri = str(node) if isinstance(node, URIRef) else ""
    result.title_nb, result.title_en = _texts(graph, node, DCTERMS.title)
    result.description_nb, result.description_en = _texts(graph, node, DCTERMS.description)
    result.download_url = download
    media = _one(graph, node, DCAT.mediaType)
    result.media_type = _media_type(_uri(media)) if media is not None else ""
    formats = [_uri(v) for v in graph.objects(node, DCTERMS["format"])]
    formats = [f for f in formats if f]
    known = [t for t in (file_type(f) for f in sorted(formats)) if t is not None]
    if known:
        result.format = known[0].code
    elif formats:
        result.format = _media_type(sorted(formats)[0])
    elif result.media_type and (by_media := file_type(result.media_type)) is not None:
        result.format = by_media.code
    if not result.media_type and "/" in result.format:
        # A plain media type written as the format ("text/csv").
        result.media_type = result.format
        known_type = file_type(result.format)
        result.format = known_type.code if known_type else ""
    size = _decimal(_one(graph, node, DCAT.byteSize))
    if size is not None and size >= 0:
        result.byte_size = int(size)
    result.licence_uri = _uri(_one(graph, node, DCTERMS.license))
    result.conforms_to = sorted(
        u for u in (_uri(v) for v in graph.objects(node, DCTERMS.conformsTo)) if u
    )
    rights = _one(graph, node, DCTERMS.rights)
    if isinstance(rights, Literal):
        result.rights = str(rights).strip()
    elif rights is not None:
        label = _one(graph, rights, RDFS.label) or _one(graph, rights, DCTERMS.description)
        result.rights = _str(label)
    result.modified = _date(_one(graph, node, DCTERMS.modified))
    for service in sorted(graph.objects(node, DCAT.accessService), key=str):
        description = _uri(_one(graph, service, DCAT.endpointDescription))
        if description:
            result.api_description_url = description
            break
    return result


def record_from_dataset(graph: Graph, node: URIRef) -> DatasetRecord:
    """One dcat:Dataset of `graph` as a DatasetRecord."""
    record = DatasetRecord(uri=str(node))
    identifier = _str(_one(graph, node, DCTERMS.identifier))
    record.identifier = "" if identifier == record.uri else identifier
    record.title_nb, record.title_en = _texts(graph, node, DCTERMS.title)
    record.description_nb, record.description_en = _texts(graph, node, DCTERMS.description)
    publisher = _one(graph, node, DCTERMS.publisher)
    if publisher is not None:
        _publisher_record(graph, record, publisher)
    contact = _one(graph, node, DCAT.contactPoint)
    if contact is not None:
        _contact(graph, record, contact)
    for value in graph.objects(node, DCAT.keyword):
        if not isinstance(value, Literal) or not str(value).strip():
            continue
        lang = (value.language or "").lower()
        target = record.keywords_en if lang.startswith("en") else record.keywords_nb
        if lang.startswith("en") or lang in ("", "nb", "no", "nn", "nb-no"):
            target.append(str(value).strip())
    record.keywords_nb = sorted(set(record.keywords_nb))
    record.keywords_en = sorted(set(record.keywords_en))
    for value in list(graph.objects(node, DCAT.theme)) + list(graph.objects(node, DCTERMS.subject)):
        uri = _uri(value)
        for base in (DATA_THEME_BASE, DATA_THEME_BASE.replace("http://", "https://")):
            if uri.startswith(base):
                record.data_themes.append(uri[len(base) :].strip("/"))
        if uri.startswith(THEME_BASE):
            record.themes.append(uri[len(THEME_BASE) :].strip("/"))
    record.data_themes = sorted(set(record.data_themes))
    record.themes = sorted(set(record.themes))
    for value in graph.objects(node, DCTERMS.spatial):
        uri = _uri(value)
        if uri.startswith(KOMMUNE_BASE):
            record.spatial.append(uri[len(KOMMUNE_BASE) :].strip("/"))
        elif uri:
            record.spatial.append(uri)
    record.spatial = sorted(set(record.spatial))
    period = _one(graph, node, DCTERMS.temporal)
    if period is not None:
        record.temporal_start, record.temporal_end = _period(graph, period)
    frequency = _uri(_one(graph, node, DCTERMS.accrualPeriodicity))
    if frequency:
        record.frequency = _frequency_code(frequency) or frequency
    record.issued = _date(_one(graph, node, DCTERMS.issued))
    record.modified = _date(_one(graph, node, DCTERMS.modified))
    record.landing_page = _uri(_one(graph, node, DCAT.landingPage))
    record.conforms_to = sorted(
        u for u in (_uri(v) for v in graph.objects(node, DCTERMS.conformsTo)) if u
    )
    languages = {_language_code(_uri(v)) for v in graph.objects(node, DCTERMS.language)}
    record.languages = sorted(code for code in languages if code)
    access = _uri(_one(graph, node, DCTERMS.accessRights))
    if access:
        record.access_rights = code_from_uri(access, ACCESS_RIGHTS_URI) or access
    record.licence_uri = _uri(_one(graph, node, DCTERMS.license))
    if not record.licence_uri:
        rights = _one(graph, node, DCTERMS.rights)
        if isinstance(rights, URIRef):
            record.licence_uri = str(rights)
    model = _uri(_one(graph, node, SBY.priceModel))
    if model.startswith(PRICE_MODEL_BASE):
        record.price_model = model[len(PRICE_MODEL_BASE) :]
    record.price_nok = _decimal(_one(graph, node, SBY.priceNOK))
    record.price_terms = _str(_one(graph, node, SBY.priceTerms))
    distributions = [
        d
        for d in (_distribution_record(graph, n) for n in graph.objects(node, DCAT.distribution))
        if d is not None
    ]
    # RDF has no order: a stable one, so the same document gives the same record.
    record.distributions = sorted(
        distributions, key=lambda d: (d.uri, d.access_url, d.download_url, d.title_nb)
    )
    return record


def records_from_graph(graph: Graph) -> list[DatasetRecord]:
    """Every dcat:Dataset of `graph` with an IRI as a DatasetRecord (blank-node datasets have
    no identity to harvest idempotently and are skipped)."""
    subjects = sorted(
        {s for s in graph.subjects(RDF.type, DCAT.Dataset) if isinstance(s, URIRef)}, key=str
    )
    return [record_from_dataset(graph, s) for s in subjects]


__all__ = [
    "CatalogPage",
    "RdfError",
    "catalog_graph",
    "dataset_graph",
    "export_datasets",
    "next_page",
    "parse_rdf",
    "records_from_graph",
    "serialize",
]
