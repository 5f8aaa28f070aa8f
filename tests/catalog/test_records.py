"""Records become datasets idempotently: created, updated, unchanged; unknown values are
left out with a warning; a withdrawn dataset that comes back is active again."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings

from smartby.catalog.models import Dataset, DatasetStatus, Distribution, PriceModel
from smartby.catalog.records import DatasetRecord, DistributionRecord
from smartby.catalog.services.records import (
    RecordError,
    RecordWarning,
    dataset_apply_record,
    dataset_withdraw,
    record_publisher,
)
from tests.catalog.factories import dataset_create, harvest_source_create
from tests.organisations.factories import municipal_organisation, organisation_create

pytestmark = pytest.mark.django_db


def _record(**fields: object) -> DatasetRecord:
    values: dict[str, object] = {
        "uri": "https://data.example.no/datasets/air",
        "title_nb": "Luftkvalitet",
        "title_en": "Air quality",
        "description_nb": "Målinger fra målestasjoner.",
        "data_themes": ["ENVI"],
        "themes": [],
        "spatial": ["0301"],
        "frequency": "HOURLY",
        "access_rights": "PUBLIC",
        "licence_uri": "http://publications.europa.eu/resource/authority/licence/NLOD_2_0",
        "languages": ["nb"],
        "issued": date(2020, 1, 1),
        "distributions": [
            DistributionRecord(
                access_url="https://data.example.no/air/api",
                format="JSON",
                media_type="application/json",
                licence_uri="http://data.norge.no/nlod/no/2.0",
            )
        ],
    }
    values.update(fields)
    return DatasetRecord(**values)  # type: ignore[arg-type]


def test_created_then_unchanged_then_updated() -> None:
    source = harvest_source_create()
    publisher = source.publisher
    dataset, outcome = dataset_apply_record(record=_record(), source=source, publisher=publisher)
    assert outcome == "created"
    assert dataset.harvest_source == source and dataset.harvested_at is not None
    assert len(dataset.harvest_hash) == 64
    assert dataset.licence is not None and dataset.licence.identifier == "NLOD-2.0"
    assert [t.code for t in dataset.data_themes.all()] == ["ENVI"]
    assert [m.code for m in dataset.spatial.all()] == ["0301"]
    (distribution,) = dataset.distributions.all()
    assert distribution.licence is not None and distribution.licence.identifier == "NLOD-2.0"
    first_distribution = distribution.pk
    harvested_at = dataset.harvested_at

    again, outcome = dataset_apply_record(record=_record(), source=source, publisher=publisher)
    assert (again.pk, outcome) == (dataset.pk, "unchanged")
    assert again.harvested_at >= harvested_at
    assert Dataset.objects.count() == 1

    # A changed title keeps the distributions (same ones) ...
    changed, outcome = dataset_apply_record(
        record=_record(title_nb="Luftkvalitet i Oslo"), source=source, publisher=publisher
    )
    assert (changed.pk, outcome) == (dataset.pk, "updated")
    assert changed.title_nb == "Luftkvalitet i Oslo"
    assert changed.version == dataset.version + 1
    assert list(changed.distributions.values_list("pk", flat=True)) == [first_distribution]

    # ... and changed distributions replace them as a whole.
    record = _record(
        title_nb="Luftkvalitet i Oslo",
        distributions=[
            DistributionRecord(access_url="https://data.example.no/air.csv", format="csv"),
            DistributionRecord(access_url="https://data.example.no/air.json", format="JSON"),
        ],
    )
    _, outcome = dataset_apply_record(record=record, source=source, publisher=publisher)
    assert outcome == "updated"
    rows = list(Distribution.objects.filter(dataset=dataset).order_by("position"))
    assert [(d.format, d.position) for d in rows] == [("CSV", 0), ("JSON", 1)]
    assert first_distribution not in {d.pk for d in rows}


def test_withdrawn_dataset_comes_back_active() -> None:
    source = harvest_source_create()
    dataset, _ = dataset_apply_record(record=_record(), source=source, publisher=source.publisher)
    dataset_withdraw(dataset=dataset)
    dataset.refresh_from_db()
    assert dataset.status == DatasetStatus.WITHDRAWN and dataset.withdrawn_at is not None
    dataset_withdraw(dataset=dataset)  # twice is harmless

    back, outcome = dataset_apply_record(
        record=_record(), source=source, publisher=source.publisher
    )
    assert (back.pk, outcome) == (dataset.pk, "updated")
    back.refresh_from_db()
    assert back.status == DatasetStatus.ACTIVE and back.withdrawn_at is None


def test_unknown_values_are_left_out_with_a_warning() -> None:
    source = harvest_source_create()
    record = _record(
        data_themes=["ENVI", "NOPE"],
        themes=["no-such-theme"],
        spatial=["0301", "9999", "https://example.org/place"],
        frequency="http://purl.org/cld/freq/biweekly",
        languages=["nb", "xx"],
        contact_email="not an address",
        landing_page="javascript:alert(1)",
        distributions=[
            DistributionRecord(
                access_url="https://data.example.no/a", format="SOSI", licence_uri="https://x.org/l"
            ),
            DistributionRecord(access_url="ftp://data.example.no/b"),
        ],
    )
    with pytest.warns(RecordWarning) as caught:
        dataset, outcome = dataset_apply_record(
            record=record, source=source, publisher=source.publisher
        )
    assert outcome == "created"
    text = str(caught[0].message)
    for word in ("NOPE", "no-such-theme", "9999", "example.org/place", "biweekly", "xx", "SOSI"):
        assert word in text
    assert dataset.record_warnings  # type: ignore[attr-defined]
    assert [t.code for t in dataset.data_themes.all()] == ["ENVI"]
    assert not dataset.themes.exists()
    assert [m.code for m in dataset.spatial.all()] == ["0301"]
    assert dataset.frequency == "" and dataset.languages == ["nb"]
    assert dataset.contact_email == "" and dataset.landing_page == ""
    (distribution,) = dataset.distributions.all()
    assert distribution.format == "" and distribution.licence is None


def test_unknown_licence_is_kept_as_uri_and_price_is_read() -> None:
    source = harvest_source_create()
    record = _record(
        licence_uri="https://vendor.example.no/terms",
        price_model="per_call",
        price_nok=Decimal("0.5"),
        price_terms="Billed monthly.",
    )
    dataset, _ = dataset_apply_record(record=record, source=source, publisher=source.publisher)
    assert dataset.licence is None and dataset.licence_uri == "https://vendor.example.no/terms"
    assert dataset.price_model == PriceModel.PER_CALL
    assert dataset.price_nok == Decimal("0.50")
    free, _ = dataset_apply_record(
        record=_record(uri="https://data.example.no/x", price_nok=Decimal("9")),
        source=source,
        publisher=source.publisher,
    )
    assert free.price_model == PriceModel.FREE and free.price_nok is None


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"title_nb": "", "title_en": "  "}, "no title"),
        ({"uri": ""}, "no URI"),
        ({"uri": "https://e.org/" + "x" * 500}, "longer than 500"),
    ],
)
def test_unusable_records_are_refused(fields: dict[str, object], words: str) -> None:
    source = harvest_source_create()
    with pytest.raises(RecordError) as info:
        dataset_apply_record(record=_record(**fields), source=source, publisher=source.publisher)
    assert words in info.value.message
    assert not Dataset.objects.exists()


def test_a_source_does_not_take_over_another_ones_dataset() -> None:
    local = dataset_create(uri="https://data.example.no/datasets/air", title_nb="Lokal")
    source = harvest_source_create()
    with pytest.raises(RecordError):
        dataset_apply_record(record=_record(), source=source, publisher=source.publisher)
    local.refresh_from_db()
    assert local.title_nb == "Lokal" and local.harvest_source is None


def test_record_publisher() -> None:
    oslo = municipal_organisation("0301")
    company = organisation_create(name="Vendor AS", org_number="916987730")
    record = _record(publisher_orgnr="916987730")
    assert record_publisher(record, default=oslo) == company
    assert record_publisher(_record(publisher_orgnr="123456789"), default=oslo) == oslo
    by_uri = _record(publisher_uri=f"{settings.SITE_URL}/organisations/{company.slug}/")
    assert record_publisher(by_uri, default=oslo) == company
