"""The metadata quality dashboards (/data/quality/ and /data/quality/<publisher>/): figures
for a small hand-made catalogue, withdrawn datasets left out, empty states, paging, bad input
and a query count that does not grow with the catalogue."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from smartby.catalog.models import Dataset, DatasetStatus
from smartby.catalog.quality import INDICATORS, band_for
from smartby.catalog.selectors.quality import (
    catalogue_quality_summary,
    publisher_quality_ranking,
    publisher_quality_summary,
)
from tests.catalog.factories import dataset_create
from tests.organisations.factories import municipal_organisation, organisation_create

pytestmark = pytest.mark.django_db

ALL = {i.key for i in INDICATORS}
FINDABILITY = {i.key for i in INDICATORS if i.dimension == "findability"}


def _breakdown(met: set[str]) -> dict[str, Any]:
    """A stored quality breakdown in which exactly the indicators `met` are met in full."""
    indicators = [
        {
            "dimension": i.dimension,
            "key": i.key,
            "label": str(i.label),
            "points": i.max if i.key in met else 0,
            "max": i.max,
            "met": i.key in met,
        }
        for i in INDICATORS
    ]
    points = sum(row["points"] for row in indicators)
    dims: dict[str, dict[str, int]] = {}
    for row in indicators:
        dim = dims.setdefault(row["dimension"], {"points": 0, "max": 0})
        dim["points"] += row["points"]
        dim["max"] += row["max"]
    return {
        "points": points,
        "max_points": 405,
        "band": band_for(points),
        "dimensions": dims,
        "indicators": indicators,
        "improve": [],
    }


def _scored(met: set[str], **fields: Any) -> Dataset:
    dataset = dataset_create(**fields)
    quality = _breakdown(met)
    Dataset.objects.filter(pk=dataset.pk).update(
        quality=quality, quality_points=quality["points"], quality_band=quality["band"]
    )
    return dataset


@pytest.fixture
def catalogue() -> dict[str, Any]:
    """Oslo: one perfect dataset (405) and one missing keywords, DCAT-AP and licence (325);
    Asker: one with findability, publisher and date of issue only (115); and a withdrawn Oslo
    dataset with nothing, which must not count. Mean (405 + 325 + 115) / 3 = 281.7, good."""
    oslo, asker = municipal_organisation("0301"), municipal_organisation("3203")
    return {
        "oslo": oslo,
        "asker": asker,
        "perfect": _scored(ALL, publisher=oslo, title_en="Perfect data", slug="perfect"),
        "good": _scored(
            ALL - {"keywords", "dcat_ap", "licence"},
            publisher=oslo,
            title_en="Good data",
            slug="good",
        ),
        "poor": _scored(
            FINDABILITY | {"publisher", "issued"},
            publisher=asker,
            title_en="Poor data",
            slug="poor",
        ),
        "withdrawn": _scored(
            set(),
            publisher=oslo,
            title_en="Withdrawn data",
            slug="withdrawn",
            status=DatasetStatus.WITHDRAWN,
        ),
    }


def _text(html: bytes) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.decode()))


def test_catalogue_summary_counts_active_datasets_only(catalogue):
    summary = catalogue_quality_summary()

    assert summary.count == 3
    assert summary.mean_points == pytest.approx(845 / 3)
    assert summary.band == "good"
    assert {b.band: b.count for b in summary.bands} == {
        "excellent": 1,
        "good": 1,
        "sufficient": 0,
        "bad": 1,
    }
    assert [b.bar for b in summary.bands] == [100, 100, 0, 100]


def test_catalogue_summary_means_per_dimension_come_from_the_stored_breakdowns(catalogue):
    dims = {d.name: (d.mean, d.max) for d in catalogue_quality_summary().dimensions}

    # Findability: 100 + 70 (no keywords) + 100; reusability: 75 + 55 (no licence) + 10.
    assert dims["findability"] == (pytest.approx(90.0), 100)
    assert dims["reusability"] == (pytest.approx(140 / 3), 75)
    assert dims["contextuality"] == (pytest.approx(45 / 3), 20)  # 20 + 20 + 5


def test_most_missed_indicators_are_counted_with_their_advice(catalogue):
    with translation.override("en"):
        missed = catalogue_quality_summary().missed

    # DCAT-AP (30) and licence (20) are missed by two datasets; then the biggest of the
    # indicators only the poor dataset misses.
    assert [(m.key, m.missed) for m in missed[:3]] == [
        ("dcat_ap", 2),
        ("licence", 2),
        ("access_url_accessible", 1),
    ]
    assert "keywords" in {m.key for m in missed} or len(missed) == 10
    assert missed[1].improve == "State the licence."
    assert len(missed) == 10


def test_publishers_are_ranked_by_mean_score(catalogue):
    ranking = publisher_quality_ranking()

    assert [(p.slug, p.count, p.mean_points, p.band) for p in ranking] == [
        (catalogue["oslo"].slug, 2, 365.0, "excellent"),
        (catalogue["asker"].slug, 1, 115.0, "bad"),
    ]


def test_publisher_summary_covers_only_its_active_datasets(catalogue):
    summary = publisher_quality_summary(publisher=catalogue["oslo"])

    assert (summary.count, summary.mean_points, summary.band) == (2, 365.0, "excellent")
    assert [(m.key, m.missed) for m in summary.missed] == [
        ("keywords", 1),  # 30 points, before DCAT-AP (30) in the method's order
        ("dcat_ap", 1),
        ("licence", 1),
    ]


def test_catalogue_dashboard_shows_the_figures_in_english(client, catalogue):
    response = client.get("/en/data/quality/")

    assert response.status_code == 200
    text = _text(response.content)
    assert "Metadata quality of the data catalogue" in text
    assert "281.7 of 405 points (Good)" in text
    assert "Excellent: 1; Good: 1; Sufficient: 0; Bad: 1." in text
    assert "Withdrawn data" not in text
    html = response.content.decode()
    assert 'href="/en/data/?quality_band=good"' in html
    assert 'href="/en/data/?quality_band=sufficient"' not in html  # no dataset to show
    assert f'href="/en/data/quality/{catalogue["oslo"].slug}/"' in html
    assert html.index(catalogue["oslo"].name) < html.index(catalogue["asker"].name)
    assert "State the licence." in text
    assert "<caption>Datasets per quality band</caption>" in html
    assert 'role="img" aria-labelledby="quality-bars-text"' in html


def test_catalogue_dashboard_formats_numbers_for_bokmal(client, catalogue):
    response = client.get("/data/quality/")

    assert response.status_code == 200
    assert '<html lang="nb">' in response.content.decode()
    assert "281,7" in _text(response.content)
    assert 'href="/data/?quality_band=excellent"' in response.content.decode()


def test_band_link_leads_to_the_catalogue_filtered_by_band(client, catalogue):
    response = client.get("/en/data/?quality_band=bad")

    assert response.status_code == 200
    text = _text(response.content)
    assert "Poor data" in text and "Good data" not in text


def test_publisher_dashboard_lists_its_datasets_worst_first(client, catalogue):
    oslo = catalogue["oslo"]
    response = client.get(f"/en/data/quality/{oslo.slug}/")

    assert response.status_code == 200
    html = response.content.decode()
    text = _text(response.content)
    assert f"Metadata quality: {oslo.name}" in text
    assert "365.0 of 405 points (Excellent)" in text
    assert html.index("Good data") < html.index("Perfect data")
    assert "Withdrawn data" not in text and "Poor data" not in text
    assert re.search(
        r"Good data</a></th>\s*<td[^>]*>325</td>\s*<td>Good</td>\s*<td[^>]*>3</td>", html
    )
    assert re.search(
        r"Perfect data</a></th>\s*<td[^>]*>405</td>\s*<td>Excellent</td>\s*<td[^>]*>0</td>", html
    )
    assert 'href="/en/data/quality/"' in html
    assert f'href="/en/organisations/{oslo.slug}/"' in html
    assert f'href="/en/data/?quality_band=good&amp;publisher={oslo.slug}"' in html
    assert 'href="/en/data/datasets/good/"' in html


def test_publisher_without_datasets_gets_a_friendly_empty_state(client, catalogue):
    company = organisation_create(name="Sensor AS", slug="sensor-as")

    response = client.get("/en/data/quality/sensor-as/")

    assert response.status_code == 200
    text = _text(response.content)
    assert "Sensor AS publishes no active datasets in the catalogue yet" in text
    assert "<table" not in response.content.decode()
    assert company.slug in response.content.decode()


def test_unknown_publisher_is_not_found(client, catalogue):
    assert client.get("/en/data/quality/no-such-publisher/").status_code == 404


def test_empty_catalogue_has_an_empty_state(client):
    response = client.get("/en/data/quality/")

    assert response.status_code == 200
    assert "The catalogue has no active datasets yet" in _text(response.content)
    assert "<table" not in response.content.decode()


def test_dashboards_answer_only_get(client, catalogue):
    assert client.post("/en/data/quality/").status_code == 405
    assert client.post(f"/en/data/quality/{catalogue['oslo'].slug}/").status_code == 405


def _bulk(n: int, start: int, publishers: list[Any]) -> None:
    quality = [_breakdown(ALL), _breakdown(ALL - {"keywords"}), _breakdown(FINDABILITY)]
    Dataset.objects.bulk_create(
        Dataset(
            slug=f"bulk-quality-{i}",
            uri=f"{settings.SITE_URL}/data/datasets/bulk-quality-{i}",
            publisher=publishers[i % len(publishers)],
            title_nb=f"Datasett {i}",
            quality=quality[i % 3],
            quality_points=quality[i % 3]["points"],
            quality_band=quality[i % 3]["band"],
            status=DatasetStatus.WITHDRAWN if i % 10 == 0 else DatasetStatus.ACTIVE,
        )
        for i in range(start, start + n)
    )
    if connection.vendor == "postgresql":
        # Rows written inside the test's transaction are invisible to autovacuum.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def test_publisher_dashboard_pages_by_fifty_and_handles_bad_page_numbers(client):
    oslo = municipal_organisation("0301")
    _bulk(60, 0, [oslo])  # 54 active
    url = f"/en/data/quality/{oslo.slug}/"

    first = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()

    assert first.count('href="/en/data/datasets/bulk-quality-') == 50
    assert second.count('href="/en/data/datasets/bulk-quality-') == 4
    assert "Page 1 of 2" in first and 'rel="next"' in first
    for bad in ("abc", "0", "-1", "999", "1.5"):
        response = client.get(f"{url}?page={bad}")
        assert response.status_code == 200, bad
        assert "Page " in response.content.decode()


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_dashboards_run_the_same_queries_with_10_or_1000_datasets(client):
    publishers = [municipal_organisation(code) for code in ("0301", "3203", "1103", "5001")]
    urls = [
        "/en/data/quality/",
        "/data/quality/",
        f"/en/data/quality/{publishers[0].slug}/",
        f"/en/data/quality/{publishers[1].slug}/?page=2",
    ]

    _bulk(10, 0, publishers)
    small = {url: _count(client, url) for url in urls}
    _bulk(990, 10, publishers)
    large = {url: _count(client, url) for url in urls}

    assert large == small
    assert "900" in _text(client.get("/en/data/quality/").content)


def test_catalogue_and_dataset_pages_link_to_the_dashboards(client, catalogue):
    listing = client.get("/en/data/").content.decode()
    detail = client.get("/en/data/datasets/good/").content.decode()

    assert 'href="/en/data/quality/"' in listing
    assert f'href="/en/data/quality/{catalogue["oslo"].slug}/"' in detail
