"""The DCAT-AP-NO export of a complete dataset has no SHACL violations against the official
DCAT-AP-NO 2.0 shapes (tests/fixtures/dcat/dcat-ap-no, see SOURCES.md there)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import SH

from smartby.catalog.rdf import (
    HYDRA,
    catalog_graph,
    dataset_graph,
    export_datasets,
    parse_rdf,
)
from smartby.catalog.rdf import serialize as rdf_serialize
from smartby.catalog.selectors import export as export_selectors
from tests.catalog.test_roundtrip import complete_dataset

pytestmark = pytest.mark.django_db

SHAPES_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "dcat" / "dcat-ap-no"


@pytest.fixture(scope="module")
def shapes() -> tuple[Graph, Graph]:
    shapes = Graph().parse(SHAPES_DIR / "DCAT-AP-NO-shacl_shapes_2.00.ttl", format="turtle")
    ontologies = Graph().parse(SHAPES_DIR / "ontologies.ttl", format="turtle")
    return shapes, ontologies


def _violations(data: Graph, shapes: tuple[Graph, Graph]) -> list[str]:
    shapes_graph, ontologies = shapes
    conforms, report, text = validate(
        data,
        shacl_graph=shapes_graph,
        ont_graph=ontologies,
        inference="none",
        allow_warnings=True,
    )
    messages = []
    # Only top-level results: a warning's sh:detail results carry their own severity.
    for result in report.objects(None, SH.result):
        if report.value(result, SH.resultSeverity) != SH.Violation:
            continue
        path = report.value(result, SH.resultPath)
        focus = report.value(result, SH.focusNode)
        message = report.value(result, SH.resultMessage)
        messages.append(f"{focus} {path}: {message}")
    assert conforms or messages, text
    return messages


def test_shapes_reject_the_upstream_invalid_example(shapes: tuple[Graph, Graph]) -> None:
    """The validation set-up finds violations where there are some."""
    invalid = Graph().parse(SHAPES_DIR / "examples" / "invalid_catalog.ttl", format="turtle")
    assert len(_violations(invalid, shapes)) == 2


def test_complete_priced_dataset_has_no_violations(shapes: tuple[Graph, Graph]) -> None:
    dataset = export_datasets().get(pk=complete_dataset(n=1, priced=True).pk)
    assert dataset.distributions.count() == 2
    violations = _violations(dataset_graph(dataset), shapes)
    assert violations == [], "\n".join(violations)


def test_complete_free_dataset_has_no_violations(shapes: tuple[Graph, Graph]) -> None:
    dataset = export_datasets().get(pk=complete_dataset(n=2, priced=False).pk)
    violations = _violations(dataset_graph(dataset), shapes)
    assert violations == [], "\n".join(violations)


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [("ttl", "text/turtle"), ("rdf", "application/rdf+xml"), ("jsonld", "application/ld+json")],
)
def test_catalogue_document_has_no_violations(
    shapes: tuple[Graph, Graph], fmt: str, content_type: str
) -> None:
    """The catalogue as served (serialised and read back) conforms, in every format."""
    complete_dataset(n=1, priced=True)
    complete_dataset(n=2, priced=False)
    document = rdf_serialize(catalog_graph(export_datasets(), site_url=settings.SITE_URL), fmt)
    graph = parse_rdf(document, content_type, base=f"{settings.SITE_URL}/")
    violations = _violations(graph, shapes)
    assert violations == [], "\n".join(violations)


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [("ttl", "text/turtle"), ("rdf", "application/rdf+xml"), ("jsonld", "application/ld+json")],
)
def test_served_middle_page_of_the_catalogue_has_no_violations(
    client, monkeypatch, shapes: tuple[Graph, Graph], fmt: str, content_type: str
) -> None:
    """A page as /catalog.<fmt>?page=N serves it, with its Hydra links, conforms too."""
    monkeypatch.setattr(export_selectors, "CATALOG_PAGE_SIZE", 1)
    for n in (1, 2, 3):
        complete_dataset(n=n, priced=n != 2)
    response = client.get(f"/catalog.{fmt}?page=2")
    assert response.status_code == 200
    graph = parse_rdf(response.content, content_type, base=f"{settings.SITE_URL}/")
    assert len(set(graph.objects(None, HYDRA.next))) == 1
    violations = _violations(graph, shapes)
    assert violations == [], "\n".join(violations)
