"""The metadata quality score (data.europa.eu MQA) against hand-computed values."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from smartby.catalog.models import Dataset
from smartby.catalog.quality import MAX_POINTS, quality_refresh
from tests.catalog.factories import dataset_create

pytestmark = pytest.mark.django_db


def _refreshed(dataset: Dataset) -> Dataset:
    with translation.override("en"):
        quality_refresh(dataset_ids=[dataset.pk])
    return Dataset.objects.get(pk=dataset.pk)


def test_a_complete_dataset():
    dataset = dataset_create(
        description_nb="Alle bysykkelturer.",
        keywords_nb=["bysykkel"],
        data_themes=["TRAN"],
        spatial=["0301"],
        temporal_start=datetime.date(2020, 1, 1),
        licence="NLOD-2.0",
        access_rights="PUBLIC",
        contact_email="data@oslo.kommune.no",
        issued=datetime.date(2020, 1, 1),
        modified=datetime.date(2026, 1, 1),
        distributions=[
            {
                "format": "CSV",
                "media_type": "text/csv",
                "download_url": "https://x.no/a.csv",
                "availability_30d": 1.0,
                "rights": "NLOD",
                "byte_size": 1000,
            },
            {
                "format": "JSON",
                "media_type": "application/json",
                "download_url": "https://x.no/a.json",
                "availability_30d": 0.8,
                "rights": "NLOD",
                "byte_size": 2000,
            },
        ],
    )
    dataset = _refreshed(dataset)
    dims = {k: v["points"] for k, v in dataset.quality["dimensions"].items()}
    # Access URL accessible 50 × 0.9 = 45, download URL 20, download accessible 30 × 0.9 = 27.
    assert dims == {
        "findability": 100,
        "accessibility": 92,
        "interoperability": 110,
        "reusability": 75,
        "contextuality": 20,
    }
    assert (dataset.quality_points, dataset.quality_band) == (397, "excellent")
    assert dataset.quality["max_points"] == MAX_POINTS == 405
    assert dataset.quality["improve"][0].startswith("Make sure the access addresses answer")


def test_an_average_dataset():
    dataset = dataset_create(
        description_nb="Rapporter.",
        keywords_nb=["rapport"],
        data_themes=["GOVE"],
        licence_uri="https://example.org/terms",
        access_rights="PUBLIC",
        issued=datetime.date(2024, 5, 1),
        distributions=[{"format": "PDF", "availability_30d": 0.5}],
    )
    dataset = _refreshed(dataset)
    dims = {k: v["points"] for k, v in dataset.quality["dimensions"].items()}
    # PDF: a vocabulary format, non-proprietary, not machine-readable; no media type.
    assert dims == {
        "findability": 60,
        "accessibility": 25,
        "interoperability": 80,
        "reusability": 45,
        "contextuality": 5,
    }
    assert (dataset.quality_points, dataset.quality_band) == (215, "sufficient")
    missed = {i["key"] for i in dataset.quality["indicators"] if not i["met"]}
    assert {"spatial", "temporal", "machine_readable", "contact_point"} <= missed


def test_a_bare_dataset():
    dataset = _refreshed(dataset_create())
    assert (dataset.quality_points, dataset.quality_band) == (10, "bad")
    indicators = {i["key"]: i["points"] for i in dataset.quality["indicators"]}
    assert indicators["publisher"] == 10 and indicators["dcat_ap"] == 0


def test_refresh_runs_a_constant_number_of_queries():
    few = [dataset_create(distributions=[{}]).pk for _ in range(3)]
    many = [dataset_create(distributions=[{}, {}]).pk for _ in range(40)]
    with CaptureQueriesContext(connection) as small:
        quality_refresh(dataset_ids=few)
    with CaptureQueriesContext(connection) as large:
        quality_refresh(dataset_ids=many)
    assert len(small) == len(large)
