"""The catalogue's pages and endpoints run the same number of SQL queries with 10 or 1,000
datasets (each with two distributions, link checks, themes and an area), for anonymous
visitors and for an editor of the publisher."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from smartby.accounts.models import Role
from smartby.cases.models import Theme
from smartby.catalog.models import Dataset, Distribution, LinkCheck, QualityBand
from smartby.catalog.search import dataset_index_rebuild
from smartby.organisations.models import Municipality
from smartby.reference.models import DataTheme, Licence
from tests.accounts.factories import member_create
from tests.cases.factories import case_create
from tests.catalog.factories import dataset_create
from tests.organisations.factories import municipal_organisation

pytestmark = pytest.mark.django_db

URLS = [
    "/en/data/",
    "/en/data/?q=bysykkel+turer",
    "/en/data/?theme=TRAN&format=CSV&licence=NLOD-2.0&municipality=0301&sort=quality",
    "/en/data/?page=3",
    "/en/data/?withdrawn=on&sort=modified",
    "/en/data/datasets/probe/",
    "/api/v1/datasets",
    "/api/v1/datasets?q=bysykkel&theme=TRAN&format=JSON",
    "/api/v1/datasets?limit=100&offset=5",
]
EDITOR_URLS = [
    "/en/data/datasets/new/",
    "/en/data/datasets/probe/edit/",
    "/en/data/datasets/probe/distributions/",
    "/en/data/cases/probe-case/",
]


def _bulk(n: int, start: int, probe: Dataset) -> None:
    owners = [municipal_organisation(code) for code in ("0301", "3203", "1103", "5001")]
    licence = Licence.objects.get(identifier="NLOD-2.0")
    bands = list(QualityBand.values)
    datasets = Dataset.objects.bulk_create(
        Dataset(
            slug=f"bulk-dataset-{i}",
            uri=f"{settings.SITE_URL}/data/datasets/bulk-dataset-{i}",
            publisher=owners[i % 4],
            title_nb=f"Bysykkelturer {i}",
            title_en=f"City bike trips {i}",
            description_nb=f"Turer med bysykkel, del {i}.",
            keywords_nb=["bysykkel", "turer"],
            licence=licence if i % 2 else None,
            access_rights="PUBLIC",
            quality_band=bands[i % 4],
            quality_points=i % 400,
            status="withdrawn" if i % 10 == 0 else "active",
        )
        for i in range(start, start + n)
    )
    tran, envi = DataTheme.objects.get(code="TRAN"), DataTheme.objects.get(code="ENVI")
    mobility = Theme.objects.get(slug="mobility")
    oslo = Municipality.objects.get(country="NO", code="0301")
    Dataset.data_themes.through.objects.bulk_create(
        Dataset.data_themes.through(dataset=d, datatheme=t) for d in datasets for t in (tran, envi)
    )
    Dataset.themes.through.objects.bulk_create(
        Dataset.themes.through(dataset=d, theme=mobility) for d in datasets
    )
    Dataset.spatial.through.objects.bulk_create(
        Dataset.spatial.through(dataset=d, municipality=oslo) for d in datasets
    )
    distributions = Distribution.objects.bulk_create(
        Distribution(
            dataset=d, position=p, access_url=f"https://x.example.no/{d.slug}/{p}", format=fmt
        )
        for d in datasets
        for p, fmt in enumerate(("CSV", "JSON"))
    )
    now = timezone.now()
    LinkCheck.objects.bulk_create(
        LinkCheck(
            distribution=dist,
            kind="access",
            url=dist.access_url,
            checked_at=now - timedelta(days=1),
            ok=True,
            status=200,
        )
        for dist in distributions
    )
    # The probe gets more of everything too, so its page grows if it were not bounded.
    probe_dists = Distribution.objects.bulk_create(
        Distribution(dataset=probe, position=10 + i, access_url=f"https://p.example.no/{i}")
        for i in range(start, start + max(1, n // 100))
    )
    LinkCheck.objects.bulk_create(
        LinkCheck(
            distribution=d, kind="access", url=d.access_url, checked_at=now, ok=True, status=200
        )
        for d in probe_dists
    )
    dataset_index_rebuild()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _count(client, url: str) -> int:
    # The first request after data changed brings the facet bitmaps up to date (a fixed
    # number of queries, pinned in tests/core/test_facets.py); what is pinned here is the
    # page itself.
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:500])
    return len(queries)


@pytest.mark.parametrize("viewer", ["anonymous", "editor"])
def test_catalogue_pages_and_endpoints_run_the_same_queries_with_10_or_1000(client, viewer):
    oslo = municipal_organisation("0301")
    probe = dataset_create(
        publisher=oslo,
        slug="probe",
        data_themes=["TRAN"],
        distributions=[{"format": "CSV"}, {"format": "JSON"}],
    )
    case = case_create(owner=oslo, slug="probe-case")
    probe.used_in_cases.add(case)
    urls = [*URLS, f"/api/v1/datasets/{probe.pk}"]
    if viewer == "editor":
        client.force_login(member_create(organisation=oslo, role=Role.EDITOR))
        urls += EDITOR_URLS

    _bulk(10, 0, probe)
    small = {url: _count(client, url) for url in urls}
    _bulk(990, 10, probe)
    large = {url: _count(client, url) for url in urls}
    assert large == small
