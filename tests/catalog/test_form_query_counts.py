"""The harvest forms and "Run now" run the same number of SQL queries with little and with
much data: adding a source, editing one, and running one.

Adding a source is measured before and after the person gets many more organisations to
choose from (an editor of many organisations; the platform admin, who may choose any).
Editing and running change state, so they are measured on two equivalent sources, one with
a few runs and harvested datasets and one with hundreds. What runs after the request's
commit is counted too: it runs in the request in production."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from smartby.accounts.models import Membership, Role, User
from smartby.catalog.models import Dataset, DatasetStatus, HarvestRun, HarvestSource
from smartby.organisations.models import Organisation, OrganisationKind
from tests.accounts.factories import user_create
from tests.catalog.factories import harvest_source_create
from tests.httpserver import Reply, local_server
from tests.organisations.factories import municipal_organisation
from tests.querycounts import analyze, at_most

pytestmark = pytest.mark.django_db


# Data


def _more_choices(user: User, n: int, prefix: str) -> None:
    """`n` more organisations, each one `user` edits: more publishers to choose from for
    an editor and for the platform admin alike."""
    oslo = municipal_organisation("0301").municipality
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"{prefix} {i}",
            slug=f"{prefix.lower()}-{i}",
            kind=OrganisationKind.BUSINESS,
            municipality=oslo,
            county=oslo.county,
        )
        for i in range(n)
    )
    Membership.objects.bulk_create(
        Membership(user=user, organisation=o, role=Role.EDITOR) for o in organisations
    )


def _history(source: HarvestSource, n: int, *, status: str | None = None) -> None:
    """`n` earlier runs of `source` (with errors logged) and `n` datasets it harvested."""
    now = timezone.now()
    HarvestRun.objects.bulk_create(
        HarvestRun(
            source=source,
            started_at=now - timedelta(hours=i + 1),
            finished_at=now - timedelta(hours=i + 1) + timedelta(seconds=5),
            status=HarvestRun.Status.PARTIAL,
            created=i,
            errors=[{"record": f"r{i}", "message": "x"}, {"record": f"w{i}", "level": "warning"}],
        )
        for i in range(n)
    )
    Dataset.objects.bulk_create(
        Dataset(
            slug=f"harvested-{source.pk}-{i}",
            uri=f"https://data.example.no/old/{source.pk}/{i}",
            publisher_id=source.publisher_id,
            title_nb=f"Høstet {i}",
            harvest_source=source,
            status=status or (DatasetStatus.WITHDRAWN if i % 3 == 0 else DatasetStatus.ACTIVE),
        )
        for i in range(n)
    )


def _sources(oslo: Organisation, **fields: Any) -> tuple[HarvestSource, HarvestSource]:
    """Two equivalent sources of `oslo`; among many others."""
    for i in range(20):
        _history(harvest_source_create(publisher=oslo, name=f"Other {i}"), 5)
    small = harvest_source_create(publisher=oslo, name="Small", **fields)
    large = harvest_source_create(publisher=oslo, name="Large", **fields)
    return small, large


def _form(publisher: Organisation, **overrides: Any) -> dict[str, Any]:
    return {
        "name": "Bymiljøetatens katalog",
        "url": "https://data.oslo.kommune.no/catalog.ttl",
        "kind": "dcat",
        "publisher": publisher.pk,
        "schedule_hours": "24",
        "enabled": "on",
        **overrides,
    }


def _login(client, viewer: str, editor: User) -> User:
    user = editor if viewer == "editor" else user_create(is_superuser=True)
    client.force_login(user)
    return user


# Adding and editing


@pytest.mark.parametrize("viewer", ["editor", "admin"])
def test_adding_a_source_runs_the_same_queries_with_few_or_many_organisations(
    client, count_queries, oslo, editor, viewer
) -> None:
    user = _login(client, viewer, editor)
    _more_choices(user, 2, "Few")
    analyze()
    few = {
        "get": count_queries("get", "/en/data/harvest/new/"),
        "post": count_queries("post", "/en/data/harvest/new/", _form(oslo), status=302),
    }

    _more_choices(user, 300, "Many")
    _sources(oslo)
    analyze()
    many = {
        "get": count_queries("get", "/en/data/harvest/new/"),
        "post": count_queries("post", "/en/data/harvest/new/", _form(oslo), status=302),
    }

    assert many == few
    at_most(few, {"get": 9, "post": 12})
    assert HarvestSource.objects.filter(name="Bymiljøetatens katalog").count() == 2


@pytest.mark.parametrize("viewer", ["editor", "admin"])
def test_editing_a_source_runs_the_same_queries_for_a_small_or_a_large_source(
    client, count_queries, oslo, editor, viewer
) -> None:
    user = _login(client, viewer, editor)
    small, large = _sources(oslo)
    _history(small, 2)
    _history(large, 300)
    _more_choices(user, 2, "Few")
    analyze()

    def measure(source: HarvestSource) -> dict[str, int]:
        url = f"/en/data/harvest/{source.pk}/edit/"
        data = _form(oslo, name="Nytt navn", version=source.version)
        return {
            "get": count_queries("get", url),
            "post": count_queries("post", url, data, status=302),
        }

    few = measure(small)
    _more_choices(user, 300, "Many")
    analyze()
    assert measure(large) == few
    at_most(few, {"get": 10, "post": 14})
    large.refresh_from_db()
    assert (large.name, large.version) == ("Nytt navn", 2)


# Running


def test_run_now_queues_the_run_with_the_same_queries_for_a_small_or_a_large_source(
    client, count_queries, oslo, editor, settings
) -> None:
    """As in production: the request queues the run for the worker (the database task
    backend); what is pinned is the request's own work."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(editor)
    small, large = _sources(oslo)
    _history(small, 2)
    _history(large, 300)
    analyze()

    def measure(source: HarvestSource) -> int:
        return count_queries("post", f"/en/data/harvest/{source.pk}/run/", status=302)

    few = measure(small)
    assert measure(large) == few
    assert few <= 10
    assert DBTaskResult.objects.count() == 2
    assert not HarvestRun.objects.filter(source__in=[small, large], finished_at=None).exists()


def _catalogue(name: str) -> bytes:
    return f"""@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
<https://data.example.no/{name}/1> a dcat:Dataset ; dct:title "Sykkeltellinger"@nb .
<https://data.example.no/{name}/2> a dcat:Dataset ; dct:title "Luftkvalitet"@nb .
""".encode()


def test_run_now_harvests_with_the_same_queries_for_a_small_or_a_large_source(
    client, count_queries, oslo, editor, settings
) -> None:
    """With the tests' immediate task backend the whole run happens in the request: it
    reads the source from a local server and applies the same two records whether the
    source has run twice or 300 times before, and withdraws the 2 or 300 datasets it
    harvested then and no longer lists, with the same queries. (150, not more: Django's bulk
    update of the quality refresh takes about 200 rows per statement on SQLite (999
    parameters), so more rows take a statement per 200, which is batching, not a query per
    row.)"""
    settings.HTTP_ALLOW_LOOPBACK = True
    client.force_login(editor)
    with local_server() as server:
        server.routes["/small.ttl"] = Reply(
            200, _catalogue("small"), {"Content-Type": "text/turtle"}
        )
        server.routes["/large.ttl"] = Reply(
            200, _catalogue("large"), {"Content-Type": "text/turtle"}
        )
        small = harvest_source_create(publisher=oslo, name="Small", url=server.url("/small.ttl"))
        large = harvest_source_create(publisher=oslo, name="Large", url=server.url("/large.ttl"))
        _history(small, 2, status=DatasetStatus.ACTIVE)
        _history(large, 150, status=DatasetStatus.ACTIVE)
        analyze()

        def measure(source: HarvestSource) -> dict[str, int]:
            url = f"/en/data/harvest/{source.pk}/run/"
            return {
                "first run": count_queries("post", url, status=302),
                "second run": count_queries("post", url, status=302),
            }

        few = measure(small)
        assert measure(large) == few
    at_most(few, {"first run": 75, "second run": 26})
    for source, old in ((small, 2), (large, 150)):
        first, latest = source.runs.order_by("-started_at")[:2][::-1]
        assert (first.status, first.created, first.withdrawn) == (
            HarvestRun.Status.SUCCEEDED,
            2,
            old,
        )
        assert (latest.status, latest.unchanged, latest.withdrawn) == (
            HarvestRun.Status.SUCCEEDED,
            2,
            0,
        )
        assert source.datasets.filter(status=DatasetStatus.ACTIVE).count() == 2
        assert source.datasets.filter(status=DatasetStatus.WITHDRAWN).count() == old
        assert not source.datasets.filter(status=DatasetStatus.WITHDRAWN, withdrawn_at=None)
