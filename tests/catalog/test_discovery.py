"""Finding datasets: the /data/ list (filters, facets counted under the other filters,
sorting, paging, withdrawn datasets) and the dataset page."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from pytest_django.asserts import assertInHTML

from smartby.catalog.filters import FACETS, DatasetFilterForm, DatasetFilters, Vocabulary
from smartby.catalog.models import DatasetStatus, QualityBand
from smartby.catalog.selectors.discovery import dataset_discover, dataset_page
from tests.catalog.factories import dataset_create
from tests.organisations.factories import municipal_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    oslo, asker = municipal_organisation("0301"), municipal_organisation("3203")
    return [
        dataset_create(
            publisher=oslo,
            title_nb="Bysykkelturer",
            data_themes=["TRAN"],
            themes=["mobility"],
            spatial=["0301"],
            licence="NLOD-2.0",
            access_rights="PUBLIC",
            quality_band=QualityBand.GOOD,
            quality_points=250,
            modified=date(2024, 5, 1),
            distributions=[{"format": "CSV"}, {"format": "JSON"}],
        ),
        dataset_create(
            publisher=oslo,
            title_nb="Luftkvalitet",
            data_themes=["ENVI", "HEAL"],
            spatial=["0301", "3203"],
            licence="CC-BY-4.0",
            access_rights="PUBLIC",
            quality_band=QualityBand.EXCELLENT,
            quality_points=380,
            modified=date(2023, 1, 1),
            distributions=[{"format": "JSON"}],
        ),
        dataset_create(
            publisher=asker,
            title_nb="Parkeringsdata",
            data_themes=["TRAN"],
            spatial=["3203"],
            access_rights="RESTRICTED",
            price_model="subscription",
            price_nok=Decimal("500"),
            distributions=[{"format": "GEOJSON"}],
        ),
        dataset_create(
            publisher=asker,
            title_nb="Gamle bussruter",
            data_themes=["TRAN"],
            status=DatasetStatus.WITHDRAWN,
            distributions=[{"format": "CSV"}],
        ),
    ]


def _titles(response) -> list[str]:
    return re.findall(
        r'<h3><a href="/en/data/datasets/[^"]+/">([^<]+)</a>', response.content.decode()
    )


def test_list_hides_withdrawn_unless_asked_and_marks_them(client, catalogue):
    assert _titles(client.get("/en/data/")) == ["Bysykkelturer", "Luftkvalitet", "Parkeringsdata"]
    response = client.get("/en/data/", {"withdrawn": "on"})
    assert "Gamle bussruter" in _titles(response)
    assert "Withdrawn" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "query", "checked"),
    [
        ("en", {}, False),
        ("en", {"withdrawn": "on"}, True),
        ("nb", {"withdrawn": "yes", "q": "luft"}, True),
        ("nb", {"withdrawn": "false"}, False),
        ("en", {"withdrawn": "on", "sort": "random"}, True),  # a 400 keeps the choice
    ],
)
def test_the_withdrawn_checkbox_is_djangos_markup_and_keeps_the_choice(
    client, catalogue, language, query, checked
):
    """The list writes this field out (it is on every search); it must stay what Django's
    own rendering gives, in both languages and whatever was asked."""
    prefix = "/en" if language == "en" else ""
    html = client.get(f"{prefix}/data/", query).content.decode()
    with translation.override(language):
        form = DatasetFilterForm(query or None, vocabulary=Vocabulary())
        expected = form["withdrawn"].as_field_group()
    assertInHTML(expected, html)
    assert (' id="id_withdrawn" checked>' in html) is checked


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"theme": "TRAN"}, ["Bysykkelturer", "Parkeringsdata"]),
        ({"theme": ["ENVI", "TRAN"]}, ["Bysykkelturer", "Luftkvalitet", "Parkeringsdata"]),
        ({"publisher": "asker-kommune"}, ["Parkeringsdata"]),
        ({"licence": "NLOD-2.0"}, ["Bysykkelturer"]),
        ({"access": "RESTRICTED"}, ["Parkeringsdata"]),
        ({"price_model": "subscription"}, ["Parkeringsdata"]),
        ({"format": "JSON"}, ["Bysykkelturer", "Luftkvalitet"]),
        ({"municipality": "3203"}, ["Luftkvalitet", "Parkeringsdata"]),
        ({"quality_band": "excellent"}, ["Luftkvalitet"]),
        ({"network_theme": "mobility"}, ["Bysykkelturer"]),
        ({"theme": "TRAN", "format": "CSV"}, ["Bysykkelturer"]),
        ({"q": "luftkvalitet"}, ["Luftkvalitet"]),
    ],
)
def test_filters(client, catalogue, query, expected):
    response = client.get("/en/data/", query)
    assert response.status_code == 200
    assert _titles(response) == expected


def test_unknown_filter_value_is_a_400_with_the_reason(client, catalogue):
    response = client.get("/en/data/", {"format": "EXE"})
    assert response.status_code == 400
    assert "Unknown value “EXE”" in response.content.decode()


def test_sorting(client, catalogue):
    assert _titles(client.get("/en/data/", {"sort": "quality"}))[:2] == [
        "Luftkvalitet",
        "Bysykkelturer",
    ]
    assert _titles(client.get("/en/data/", {"sort": "modified"}))[:2] == [
        "Bysykkelturer",
        "Luftkvalitet",
    ]
    assert client.get("/en/data/", {"sort": "bogus"}).status_code == 400


def test_paging(client):
    for i in range(25):
        dataset_create(title_nb=f"Datasett {i:02d}")
    first = _titles(client.get("/en/data/"))
    second = _titles(client.get("/en/data/", {"page": 2}))
    assert len(first) == 20 and len(second) == 5
    assert not set(first) & set(second)


def dataset_facets(*, filters, vocabulary):
    """The facet counts of the list (bitmaps), checked below against SQL (dataset_discover)."""
    return dataset_page(filters=filters, vocabulary=vocabulary, limit=1).facets


@pytest.mark.parametrize("withdrawn", [False, True])
def test_every_facet_count_equals_the_result_count_of_choosing_it(catalogue, withdrawn):
    vocabulary = Vocabulary()
    base = DatasetFilters(theme=["TRAN"], withdrawn=withdrawn)
    facets = dataset_facets(filters=base, vocabulary=vocabulary)
    checked = 0
    for name in FACETS:
        for value in facets[name]:
            chosen = DatasetFilters(**{**base.__dict__, name: [value.value]})
            assert value.count == dataset_discover(filters=chosen).count(), (name, value)
            checked += 1
    assert checked > 8
    # The selected theme's own facet is counted without it: other themes still show.
    assert {v.value for v in facets["theme"]} >= {"TRAN", "ENVI", "HEAL"}


def test_facets_on_the_page(client, catalogue):
    body = client.get("/en/data/", {"theme": "TRAN"}).content.decode()
    assert 'name="format" value="CSV"' in body
    assert "(1 dataset)" in body or "(2 datasets)" in body


def test_dataset_page_shows_fields_price_distributions_and_rdf_links(client, catalogue):
    parking = catalogue[2]
    parking.price_terms = "Per år, faktureres kvartalsvis."
    parking.contact_email = "data@asker.kommune.no"
    parking.keywords_en = ["parking"]
    parking.save()
    response = client.get(f"/en/data/datasets/{parking.slug}/")
    assert response.status_code == 200
    body = response.content.decode()
    for text in (
        "Parkeringsdata",
        "Asker kommune",
        "Subscription",
        "NOK 500.00",
        "Per år, faktureres kvartalsvis.",
        "data@asker.kommune.no",
        "GEOJSON",
        "Restricted",
        f"/data/datasets/{parking.slug}.ttl",
        f"/data/datasets/{parking.slug}.jsonld",
        "Metadata quality",
        "Used in cases",
        "parking",
    ):
        assert text in body, text


def test_unknown_dataset_is_404(client):
    assert client.get("/en/data/datasets/nope/").status_code == 404
