"""A round trip: the catalogue exported as DCAT-AP-NO and harvested into an empty instance
gives back every property of every dataset and distribution, in each RDF format."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings

from smartby.catalog.models import Dataset, Distribution
from smartby.catalog.rdf import catalog_graph, export_datasets, parse_rdf, records_from_graph
from smartby.catalog.rdf import serialize as rdf_serialize
from smartby.catalog.services.records import dataset_apply_record, record_publisher
from smartby.organisations.models import Municipality, Organisation
from smartby.reference.models import Licence
from tests.catalog.factories import dataset_create
from tests.organisations.factories import municipal_organisation, organisation_create

pytestmark = pytest.mark.django_db

CONTENT_TYPES = {
    "ttl": "text/turtle",
    "rdf": "application/rdf+xml",
    "jsonld": "application/ld+json",
}


def complete_dataset(
    *, n: int = 1, publisher: Organisation | None = None, priced: bool = True
) -> Dataset:
    """A dataset with every DCAT-AP-NO field filled and two distributions: a CSV download
    and a JSON API with an OpenAPI description."""
    publisher = publisher or municipal_organisation("0301")
    dataset = dataset_create(
        publisher=publisher,
        slug=f"bysykkel-turer-{n}",
        identifier=f"oslo-bysykkel-{n}",
        title_nb=f"Bysykkelturer {n}",
        title_en=f"City bike trips {n}",
        description_nb="Alle turer med Oslo bysykkel, med start, slutt og varighet.",
        description_en="Every trip with Oslo City Bike, with start, end and duration.",
        contact_name="Bymiljøetaten",
        contact_email="postmottak@bym.oslo.kommune.no",
        contact_url="https://www.oslo.kommune.no/etater/bymiljoetaten/",
        contact_phone="+47 21 80 21 80",
        keywords_nb=["bysykkel", "mobilitet"],
        keywords_en=["city bike", "mobility"],
        data_themes=["TRAN", "ENVI"],
        themes=["mobility", "energy"],
        spatial=["0301", "3203"],
        temporal_start=date(2019, 4, 1),
        temporal_end=date(2024, 12, 31),
        frequency="DAILY",
        issued=date(2019, 4, 2),
        modified=date(2025, 1, 15),
        landing_page=f"https://oslobysykkel.no/apne-data/{n}",
        conforms_to=["https://gbfs.org/specification/", "https://www.w3.org/TR/tabular-data/"],
        languages=["en", "nb"],
        access_rights="PUBLIC" if not priced else "RESTRICTED",
        licence="NLOD-2.0" if not priced else None,
        licence_uri="" if not priced else "https://oslobysykkel.no/vilkar",
        price_model="subscription" if priced else "free",
        price_nok=Decimal("1250.50") if priced else None,
        price_terms="Per måned, faktureres kvartalsvis." if priced else "",
        distributions=[
            {
                "uri": f"https://oslobysykkel.no/data/{n}/csv",
                "title_nb": "Turer som CSV",
                "title_en": "Trips as CSV",
                "description_nb": "Én fil per måned.",
                "description_en": "One file per month.",
                "access_url": f"https://oslobysykkel.no/apne-data/historisk/{n}",
                "download_url": f"https://data.urbansharing.com/oslobysykkel.no/{n}.csv",
                "format": "CSV",
                "media_type": "text/csv",
                "byte_size": 1048576,
                "licence": Licence.objects.get(identifier="NLOD-2.0"),
                "conforms_to": ["https://www.w3.org/TR/tabular-data/"],
                "rights": "Kildehenvisning: Oslo bysykkel.",
                "modified": date(2025, 1, 14),
            },
            {
                "title_nb": "Sanntids-API",
                "title_en": "Real-time API",
                "access_url": f"https://gbfs.urbansharing.com/oslobysykkel.no/{n}/gbfs.json",
                "format": "JSON",
                "media_type": "application/json",
                "api_description_url": "https://gbfs.org/specification/openapi.yaml",
                "licence": Licence.objects.get(identifier="CC-BY-4.0"),
            },
        ],
    )
    return dataset


DATASET_FIELDS = [
    f.name
    for f in Dataset._meta.concrete_fields
    if f.name
    not in {
        "id",
        "created_at",
        "updated_at",
        "version",
        "harvest_source",
        "harvested_at",
        "harvest_hash",
        "quality_points",
        "quality_band",
        "quality",
        "is_demo",
    }
]
DISTRIBUTION_FIELDS = [
    f.name
    for f in Distribution._meta.concrete_fields
    if f.name
    not in {
        "id",
        "dataset",
        "created_at",
        "updated_at",
        "last_checked_at",
        "last_ok_at",
        "last_status",
        "last_response_ms",
        "last_error",
        "availability_30d",
    }
]


def snapshot(dataset: Dataset) -> dict[str, Any]:
    """Every exported property of a dataset and its distributions, as plain values."""
    values: dict[str, Any] = {name: getattr(dataset, name) for name in DATASET_FIELDS}
    values["publisher"] = dataset.publisher_id
    values["licence"] = dataset.licence_id
    values["data_themes"] = sorted(t.code for t in dataset.data_themes.all())
    values["themes"] = sorted(t.slug for t in dataset.themes.all())
    values["spatial"] = sorted(m.pk for m in dataset.spatial.all())
    for name in ("keywords_nb", "keywords_en", "conforms_to", "languages"):
        values[name] = sorted(values[name])
    distributions = []
    for distribution in dataset.distributions.all():
        row = {name: getattr(distribution, name) for name in DISTRIBUTION_FIELDS}
        row["licence"] = distribution.licence_id
        row.pop("position")
        distributions.append(row)
    # RDF has no order; compare distributions by their access URL.
    values["distributions"] = sorted(distributions, key=lambda d: d["access_url"])
    return values


@pytest.mark.parametrize("fmt", ["ttl", "rdf", "jsonld"])
def test_export_and_harvest_into_empty_instance_keeps_every_property(fmt: str) -> None:
    company = organisation_create(name="Urban Sharing AS", org_number="916987730")
    originals = [
        complete_dataset(n=1),
        complete_dataset(n=2, priced=False),
        complete_dataset(n=3, publisher=company),
    ]
    # A city outside Norway (GeoNames) as well.
    copenhagen = Municipality.objects.exclude(country="NO").first()
    assert copenhagen is not None
    originals[2].spatial.add(copenhagen)
    before = {d.uri: snapshot(d) for d in Dataset.objects.all()}
    assert len(before) == 3
    assert all(len(v["distributions"]) == 2 for v in before.values())

    document = rdf_serialize(catalog_graph(export_datasets(), site_url=settings.SITE_URL), fmt)
    Dataset.objects.all().delete()
    assert not Distribution.objects.exists()

    records = records_from_graph(
        parse_rdf(document, CONTENT_TYPES[fmt], base=f"{settings.SITE_URL}/")
    )
    assert len(records) == 3
    fallback = organisation_create(name="Fallback")
    for record in records:
        publisher = record_publisher(record, default=fallback)
        dataset, outcome = dataset_apply_record(record=record, source=None, publisher=publisher)
        assert outcome == "created"
        assert dataset.record_warnings == []  # type: ignore[attr-defined]

    after = {d.uri: snapshot(d) for d in Dataset.objects.all()}
    assert set(after) == set(before)
    for uri, original in before.items():
        copy = after[uri]
        for name, value in original.items():
            assert copy[name] == value, (uri, name)
    # And again: the same document changes nothing.
    for record in records:
        publisher = record_publisher(record, default=fallback)
        _, outcome = dataset_apply_record(record=record, source=None, publisher=publisher)
        assert outcome == "unchanged"
