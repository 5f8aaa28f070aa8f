"""The case pages and endpoints run the same number of SQL queries with 10 or 1,000 cases
(each with themes, technologies, lessons, partners and adoptions), for anonymous visitors
and for an editor of the owner."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from smartby.accounts.models import Role
from smartby.cases.models import Case, CasePartner, Lesson, LessonKind, Phase, Technology, Theme
from smartby.cases.search import case_index_rebuild
from smartby.organisations.models import Organisation
from tests.accounts.factories import member_create
from tests.cases.factories import case_create, living_lab_create
from tests.organisations.factories import municipal_organisation

pytestmark = pytest.mark.django_db

URLS = [
    "/en/cases/",
    "/en/cases/?q=sensorene+bysykkel",
    "/en/cases/?q=sensor&theme=mobility&phase=testing&technology=sensors",
    "/en/cases/?page=3",
    "/en/cases/map/",
    "/en/cases/lessons/",
    "/en/cases/pilots/",
    "/en/cases/export.json",
    "/en/cases/feed.atom",
    "/en/cases/origin-case/",
    "/en/cases/origin-case/lineage/",
    "/en/living-labs/",
    "/en/living-labs/bulk-lab/",
    "/en/municipalities/oslo/",
    "/en/organisations/oslo-kommune/",
    "/en/networks/smartbyene/",
    "/api/v1/cases",
    "/api/v1/cases?q=sensor&theme=mobility",
    "/api/v1/living-labs",
]


def _bulk(n: int, start: int, origin: Case) -> None:
    """`n` published cases written in bulk: every third adopts the origin."""
    owners = [municipal_organisation(code) for code in ("0301", "4601", "1103", "5001")]
    lab = origin.living_lab
    cases = Case.objects.bulk_create(
        Case(
            slug=f"bulk-case-{i}",
            owner=owners[i % 4],
            municipality=owners[i % 4].municipality,
            title=f"Sensorene og bysyklene {i}",
            summary=f"Bulk case {i} about sensors and city bikes.",
            phase=Phase.PILOT if i % 2 else Phase.DESIGN,
            started_on=date(2018 + i % 7, 1, 1),
            is_published=True,
            published_at=timezone.now(),
            adopted_from=origin if i % 3 == 0 else None,
            lineage_root=origin if i % 3 == 0 else None,
            living_lab=lab if i % 5 == 0 else None,
        )
        for i in range(start, start + n)
    )
    mobility, energy = Theme.objects.get(slug="mobility"), Theme.objects.get(slug="energy")
    sensors = Technology.objects.get(slug="sensors")
    company = Organisation.objects.get(slug="oslo-kommune")
    Case.themes.through.objects.bulk_create(
        Case.themes.through(case=c, theme=t) for c in cases for t in (mobility, energy)
    )
    Case.technologies.through.objects.bulk_create(
        Case.technologies.through(case=c, technology=sensors) for c in cases
    )
    Lesson.objects.bulk_create(
        Lesson(case=c, kind=kind, text=f"Lesson {kind} of {c.slug}")
        for c in cases
        for kind in (LessonKind.WORKED, LessonKind.PITFALL)
    )
    CasePartner.objects.bulk_create(
        CasePartner(case=c, organisation=company) for c in cases if c.owner_id != company.pk
    )
    case_index_rebuild()
    if connection.vendor == "postgresql":
        # Rows written inside the test's transaction are invisible to autovacuum; without
        # statistics the planner assumes empty tables and nests loops over 1,000 rows.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _count(client, url: str) -> int:
    # The first request after data changed brings the facet bitmaps up to date (a fixed
    # number of queries, pinned in tests/core/test_facets.py); what is pinned here is the
    # page itself.
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        b"".join(response) if response.streaming else response.content  # noqa: B018
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("viewer", ["anonymous", "editor"])
def test_case_pages_and_endpoints_run_the_same_queries_with_10_or_1000_cases(
    client, viewer
) -> None:
    oslo = municipal_organisation("0301")
    if viewer == "editor":
        client.force_login(member_create(organisation=oslo, role=Role.EDITOR))
    lab = living_lab_create(host=oslo, slug="bulk-lab")
    origin = case_create(owner=oslo, slug="origin-case", themes=["mobility"], living_lab=lab)
    origin.lineage_root = origin
    origin.save()
    urls = URLS + [f"/api/v1/cases/{origin.pk}"]
    if viewer == "editor":
        urls += ["/en/dashboard/", "/en/cases/origin-case/edit/", "/en/cases/origin-case/progress/"]

    _bulk(10, 0, origin)
    small = {url: _count(client, url) for url in urls}
    _bulk(990, 10, origin)
    large = {url: _count(client, url) for url in urls}

    assert large == small
