"""The harvest pages: the source list, adding and editing a source (who may, and every bad
input refused with nothing changed), "Run now", a source's runs and a run's errors, and the
SQL query count of each page with 10 and 1,000 harvested datasets."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from smartby.accounts.models import Role
from smartby.catalog.models import Dataset, DatasetStatus, HarvestRun, HarvestSource
from tests.accounts.factories import member_create, user_create
from tests.catalog.factories import harvest_source_create
from tests.httpserver import Reply, local_server
from tests.organisations.factories import municipal_organisation

pytestmark = pytest.mark.django_db

TURTLE = b"""@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
<https://data.example.no/dataset/1> a dcat:Dataset ; dct:title "Sykkeltellinger"@nb .
"""


@pytest.fixture
def asker():
    return municipal_organisation("3203")


@pytest.fixture
def source(oslo):
    return harvest_source_create(publisher=oslo, name="Oslo kommunes katalog")


def _form(publisher, **overrides):
    data = {
        "name": "Bymiljøetatens katalog",
        "url": "https://data.oslo.kommune.no/catalog.ttl",
        "kind": "dcat",
        "publisher": publisher.pk,
        "schedule_hours": "24",
        "enabled": "on",
    }
    data.update(overrides)
    return data


# The list


def test_source_list_shows_sources_with_last_run_to_everyone(client, source):
    HarvestRun.objects.create(
        source=source,
        started_at=timezone.now(),
        finished_at=timezone.now(),
        status=HarvestRun.Status.PARTIAL,
        created=3,
    )
    response = client.get("/en/data/harvest/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Oslo kommunes katalog" in text
    assert "Succeeded with errors" in text
    assert "Add a harvest source" not in text


def test_source_list_offers_adding_to_editors(client, editor, source):
    client.force_login(editor)
    assert "Add a harvest source" in client.get("/en/data/harvest/").content.decode()


# Adding


def test_editor_adds_a_source_for_their_organisation(client, editor, oslo):
    client.force_login(editor)
    assert client.get("/en/data/harvest/new/").status_code == 200
    response = client.post("/en/data/harvest/new/", _form(oslo))
    source = HarvestSource.objects.get(name="Bymiljøetatens katalog")
    assert response.status_code == 302
    assert response["Location"] == f"/en/data/harvest/{source.pk}/"
    assert source.publisher == oslo
    assert source.created_by == editor
    assert source.schedule_hours == 24


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("url", "ftp://data.oslo.kommune.no/catalog.ttl", "Enter a valid URL"),
        ("url", "javascript:alert(1)", "Enter a valid URL"),
        ("url", "", "This field is required"),
        ("name", "", "This field is required"),
        ("kind", "sparql", "Select a valid choice"),
        ("schedule_hours", "-1", "greater than or equal to 0"),
        ("schedule_hours", "100000", "less than or equal to 8760"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(
    client, editor, oslo, field, value, message
):
    client.force_login(editor)
    response = client.post("/en/data/harvest/new/", _form(oslo, **{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not HarvestSource.objects.exists()


def test_editor_cannot_add_a_source_for_another_organisation(client, editor, asker):
    client.force_login(editor)
    response = client.post("/en/data/harvest/new/", _form(asker))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not HarvestSource.objects.exists()


def test_member_without_editor_role_may_not_add_sources(client, oslo):
    client.force_login(member_create(organisation=oslo, role=Role.MEMBER))
    assert client.get("/en/data/harvest/new/").status_code == 403
    assert client.post("/en/data/harvest/new/", _form(oslo)).status_code == 403
    assert not HarvestSource.objects.exists()


def test_anonymous_visitor_is_sent_to_log_in(client, oslo):
    response = client.post("/en/data/harvest/new/", _form(oslo))
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not HarvestSource.objects.exists()


def test_platform_admin_may_add_for_any_organisation(client, asker):
    client.force_login(user_create(is_superuser=True))
    assert client.post("/en/data/harvest/new/", _form(asker)).status_code == 302
    assert HarvestSource.objects.get().publisher == asker


# Editing


def test_editor_of_the_publisher_edits_the_source(client, editor, source):
    client.force_login(editor)
    assert client.get(f"/en/data/harvest/{source.pk}/edit/").status_code == 200
    data = _form(source.publisher, name="Nytt navn", version=source.version)
    response = client.post(f"/en/data/harvest/{source.pk}/edit/", data)
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.name == "Nytt navn"
    assert source.version == 2


def test_edit_based_on_an_old_version_is_refused(client, editor, source):
    client.force_login(editor)
    HarvestSource.objects.filter(pk=source.pk).update(version=5)
    data = _form(source.publisher, name="Nytt navn", version=1)
    response = client.post(f"/en/data/harvest/{source.pk}/edit/", data)
    assert response.status_code == 409
    assert "Someone else saved a change" in response.content.decode()
    source.refresh_from_db()
    assert source.name == "Oslo kommunes katalog"


def test_edit_with_bad_address_is_refused(client, editor, source):
    client.force_login(editor)
    data = _form(source.publisher, url="file:///etc/passwd", version=source.version)
    response = client.post(f"/en/data/harvest/{source.pk}/edit/", data)
    assert response.status_code == 400
    source.refresh_from_db()
    assert source.url.startswith("https://")


def test_editor_of_another_organisation_may_not_edit_or_run(client, source, asker):
    client.force_login(member_create(organisation=asker, role=Role.EDITOR))
    assert client.get(f"/en/data/harvest/{source.pk}/edit/").status_code == 403
    assert client.post(f"/en/data/harvest/{source.pk}/run/").status_code == 403
    assert not source.runs.exists()
    assert "Run now" not in client.get(f"/en/data/harvest/{source.pk}/").content.decode()


def test_unknown_source_is_not_found(client, editor):
    client.force_login(editor)
    assert client.get("/en/data/harvest/999999/").status_code == 404
    assert client.post("/en/data/harvest/999999/run/").status_code == 404
    assert client.get("/en/data/harvest/runs/999999/").status_code == 404


# Running


def test_run_now_harvests_the_source_and_shows_the_run(client, editor, oslo, settings):
    settings.HTTP_ALLOW_LOOPBACK = True
    with local_server() as server:
        server.routes["/catalog.ttl"] = Reply(200, TURTLE, {"Content-Type": "text/turtle"})
        source = harvest_source_create(publisher=oslo, url=server.url("/catalog.ttl"))
        client.force_login(editor)
        page = client.get(f"/en/data/harvest/{source.pk}/").content.decode()
        assert "Run now" in page
        response = client.post(f"/en/data/harvest/{source.pk}/run/", follow=True)
    assert response.status_code == 200
    run = source.runs.get()
    assert run.status == HarvestRun.Status.SUCCEEDED
    assert Dataset.objects.get(harvest_source=source).title_nb == "Sykkeltellinger"
    assert f"/en/data/harvest/runs/{run.pk}/" in response.content.decode()


def test_run_now_only_answers_post(client, editor, source):
    client.force_login(editor)
    assert client.get(f"/en/data/harvest/{source.pk}/run/").status_code == 405
    assert not source.runs.exists()


def test_anonymous_visitor_cannot_run_a_source(client, source):
    response = client.post(f"/en/data/harvest/{source.pk}/run/")
    assert response.status_code == 302
    assert not source.runs.exists()


def test_run_page_lists_each_failed_record_with_its_reason(client, source):
    now = timezone.now()
    run = HarvestRun.objects.create(
        source=source,
        started_at=now - timedelta(seconds=12),
        finished_at=now,
        status=HarvestRun.Status.PARTIAL,
        created=4,
        errors=[
            {"record": "https://data.example.no/dataset/9", "message": "The dataset has no URI."},
            {
                "record": "https://data.example.no/dataset/3",
                "message": "licence",
                "level": "warning",
            },
        ],
    )
    text = client.get(f"/en/data/harvest/runs/{run.pk}/").content.decode()
    assert "https://data.example.no/dataset/9" in text
    assert "The dataset has no URI." in text
    assert "Values left out" in text
    assert "12.0 seconds" in text
    detail = client.get(f"/en/data/harvest/{source.pk}/").content.decode()
    assert "Succeeded with errors" in detail


def test_failed_run_shows_its_message_on_the_source_page(client, source):
    HarvestRun.objects.create(
        source=source,
        started_at=timezone.now(),
        finished_at=timezone.now(),
        status=HarvestRun.Status.FAILED,
        message="The answer is larger than 20 bytes.",
    )
    text = client.get(f"/en/data/harvest/{source.pk}/").content.decode()
    assert "Failed" in text and "The answer is larger than 20 bytes." in text


# Query counts


def _bulk(source: HarvestSource, start: int, end: int) -> None:
    Dataset.objects.bulk_create(
        Dataset(
            slug=f"harvested-{source.pk}-{i}",
            uri=f"https://data.example.no/bulk/{source.pk}/{i}",
            publisher_id=source.publisher_id,
            title_nb=f"Høstet {i}",
            harvest_source=source,
            status=DatasetStatus.WITHDRAWN if i % 10 == 0 else DatasetStatus.ACTIVE,
        )
        for i in range(start, end)
    )
    HarvestRun.objects.bulk_create(
        HarvestRun(
            source=source,
            started_at=timezone.now() - timedelta(hours=i),
            finished_at=timezone.now() - timedelta(hours=i) + timedelta(seconds=5),
            status=HarvestRun.Status.SUCCEEDED,
            created=i,
            errors=[{"record": f"r{i}", "message": "x"}],
        )
        for i in range(start, min(end, 80))
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _counts(client, source: HarvestSource) -> list[int]:
    run = source.runs.order_by("-started_at").first()
    counts = []
    for url in (
        "/en/data/harvest/",
        f"/en/data/harvest/{source.pk}/",
        f"/en/data/harvest/runs/{run.pk}/",
    ):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts.append(len(queries))
    return counts


@pytest.mark.parametrize("logged_in", [False, True])
def test_harvest_pages_run_as_many_queries_with_10_and_1000_datasets(
    client, oslo, editor, logged_in
):
    if logged_in:
        client.force_login(editor)
    source = harvest_source_create(publisher=oslo, name="Stor")
    _bulk(source, 0, 10)
    for index in range(3):
        _bulk(harvest_source_create(publisher=oslo, name=f"Andre {index}"), 0, 2)
    few = _counts(client, source)
    _bulk(source, 10, 1000)
    for index in range(3, 30):
        _bulk(harvest_source_create(publisher=oslo, name=f"Andre {index}"), 0, 2)
    assert _counts(client, source) == few
    text = client.get(f"/en/data/harvest/{source.pk}/").content.decode()
    assert "900 active, 100 withdrawn" in text
