"""Mapping a CKAN package to a DatasetRecord (smartby/catalog/ckan.py) and reading
package_search answers."""

from __future__ import annotations

import json
from datetime import date

import pytest

from smartby.catalog.ckan import (
    CkanError,
    parse_search,
    portal_root,
    record_from_package,
    search_url,
)

ROOT = "https://ckan.example.no"

PACKAGE = {
    "id": "5b1c-uuid",
    "name": "bysykkel-turer",
    "title": "Bysykkelturer",
    "notes": "Alle turer med bysykkel.",
    "url": "https://bysykkel.example.no/data",
    "maintainer": "Dataansvarlig",
    "maintainer_email": "data@example.no",
    "metadata_created": "2024-01-05T10:00:00.000000",
    "metadata_modified": "2025-03-01T08:30:00Z",
    "license_id": "odc-odbl",
    "license_url": "http://www.opendefinition.org/licenses/odc-odbl",
    "tags": [{"name": "sykkel", "display_name": "sykkel"}, {"name": "mobilitet"}],
    "groups": [
        {"name": "tran"},
        {"name": "http://publications.europa.eu/resource/authority/data-theme/ENVI"},
        {"name": "mobility"},
    ],
    "organization": {
        "title": "Oslo Bysykkel AS",
        "extras": [{"key": "orgnr", "value": "918 244 212"}],
    },
    "extras": [
        {
            "key": "frequency",
            "value": "http://publications.europa.eu/resource/authority/frequency/DAILY",
        },
        {"key": "access_rights", "value": "PUBLIC"},
        {"key": "language", "value": "nb, en"},
        {
            "key": "spatial_uri",
            "value": "https://data.geonorge.no/administrativeEnheter/kommune/id/0301",
        },
        {"key": "temporal_start", "value": "2019-01-01"},
        {"key": "conforms_to", "value": '["https://gbfs.org/"]'},
    ],
    "resources": [
        {
            "url": "https://bysykkel.example.no/trips.csv",
            "format": "CSV",
            "name": "Turer",
            "description": "Alle turer",
            "mimetype": "text/csv",
            "size": 12345,
            "last_modified": "2025-02-28T12:00:00",
        },
        {"url": "https://bysykkel.example.no/api", "format": "API", "name": "API"},
        {"url": "", "format": "CSV"},
    ],
}


def test_package_maps_to_a_record_with_every_value():
    record = record_from_package(PACKAGE, root=ROOT)
    assert record.uri == "https://ckan.example.no/dataset/bysykkel-turer"
    assert record.identifier == "5b1c-uuid"
    assert (record.title_nb, record.description_nb) == ("Bysykkelturer", "Alle turer med bysykkel.")
    assert record.keywords_nb == ["sykkel", "mobilitet"]
    assert record.data_themes == ["TRAN", "ENVI"]
    assert record.themes == ["mobility"]
    assert record.licence_uri == "ODbL-1.0"
    assert (record.publisher_name, record.publisher_orgnr) == ("Oslo Bysykkel AS", "918244212")
    assert (record.contact_name, record.contact_email) == ("Dataansvarlig", "data@example.no")
    assert record.landing_page == "https://bysykkel.example.no/data"
    assert (record.issued, record.modified) == (date(2024, 1, 5), date(2025, 3, 1))
    assert record.frequency == "DAILY"
    assert record.access_rights == "PUBLIC"
    assert record.languages == ["nb", "en"]
    assert record.spatial == ["https://data.geonorge.no/administrativeEnheter/kommune/id/0301"]
    assert record.temporal_start == date(2019, 1, 1)
    assert record.conforms_to == ["https://gbfs.org/"]
    csv, api = record.distributions
    assert (csv.access_url, csv.download_url, csv.format) == (
        "https://bysykkel.example.no/trips.csv",
        "https://bysykkel.example.no/trips.csv",
        "CSV",
    )
    assert (csv.media_type, csv.byte_size, csv.modified) == ("text/csv", 12345, date(2025, 2, 28))
    assert (api.download_url, api.format) == ("", "API")


def test_fluent_translations_give_bokmal_and_english():
    package = {
        **PACKAGE,
        "title_translated": {"nb": "Bysykkelturer", "en": "City bike trips"},
        "notes_translated": {"no": "Turer", "en": "Trips"},
    }
    record = record_from_package(package, root=ROOT)
    assert (record.title_nb, record.title_en) == ("Bysykkelturer", "City bike trips")
    assert (record.description_nb, record.description_en) == ("Turer", "Trips")


def test_licence_url_is_used_when_the_id_is_not_known():
    package = {**PACKAGE, "license_id": "other", "license_url": "https://example.no/licence"}
    assert record_from_package(package, root=ROOT).licence_uri == "https://example.no/licence"


@pytest.mark.parametrize(
    "package",
    [
        {"title": "No name"},
        {"name": "", "id": ""},
    ],
)
def test_package_without_name_or_id_is_refused(package):
    with pytest.raises(CkanError, match="neither a name nor an id"):
        record_from_package(package, root=ROOT)


def test_odd_values_are_left_out_not_raised():
    package = {
        "name": "odd",
        "tags": ["not-a-dict", {"name": ""}],
        "groups": [None, {"name": 3}],
        "extras": [
            {"key": "issued", "value": "not a date"},
            "junk",
            {"key": "access_rights", "value": "SECRET"},
        ],
        "resources": [{"url": "https://x.example/a", "size": "-5", "format": None}],
        "organization": None,
    }
    record = record_from_package(package, root=ROOT)
    assert record.keywords_nb == []
    assert record.issued is None
    assert record.access_rights == ""
    assert record.distributions[0].byte_size is None


def test_portal_root_drops_the_api_path_and_trailing_slash():
    assert portal_root("https://ckan.example.no/") == ROOT
    assert portal_root("https://ckan.example.no/api/3/action/package_search?q=x") == ROOT
    assert portal_root("https://example.no/ckan/") == "https://example.no/ckan"
    assert search_url(ROOT, start=200, rows=100) == (
        "https://ckan.example.no/api/3/action/package_search?rows=100&start=200"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe", "not valid JSON"),
        (b"[]", "did not answer with success"),
        (b'{"success": false, "error": {"message": "Access denied"}}', "Access denied"),
        (b'{"success": true}', "no result object"),
        (b'{"success": true, "result": {"count": "3", "results": []}}', "no package count"),
        (b'{"success": true, "result": {"count": 3, "results": {}}}', "no package count"),
    ],
)
def test_malformed_search_answers_are_refused_with_a_message(content, message):
    with pytest.raises(CkanError, match=message):
        parse_search(content)


def test_search_answer_gives_count_and_packages():
    content = json.dumps(
        {"success": True, "result": {"count": 2, "results": [{"name": "a"}, "junk"]}}
    ).encode()
    assert parse_search(content) == (2, [{"name": "a"}])
