"""The link checker (services/linkcheck.py, `smartby checklinks`, the scheduled task) against
a local HTTP server, never the internet; and the availability history on the dataset page."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.utils import timezone

from smartby.catalog.models import DatasetStatus, Distribution, LinkCheck
from smartby.catalog.selectors.detail import dataset_detail_queryset
from smartby.catalog.services.linkcheck import linkcheck_distributions, linkcheck_due
from tests.catalog.factories import dataset_create
from tests.httpserver import LocalServer, Reply, local_server

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _loopback(settings):
    settings.HTTP_ALLOW_LOOPBACK = True
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with local_server() as s:
        yield s


def one(url: str, download: str = "", **fields) -> Distribution:
    row = {"access_url": url}
    if download:
        row["download_url"] = download
    dataset = dataset_create(distributions=[row], **fields)
    return dataset.distributions.get()


def test_an_address_that_answers_is_recorded_as_available(server):
    server.routes["/data.csv"] = Reply(200, b"a,b\n1,2\n", {"Content-Type": "text/csv"})
    d = one(server.url("/data.csv"))
    assert linkcheck_distributions(distribution_ids=[d.pk]) == (1, 0)
    d.refresh_from_db()
    check = LinkCheck.objects.get(distribution=d)
    assert (check.ok, check.status, check.kind) == (True, 200, "access")
    assert check.response_ms is not None
    assert d.last_status == 200 and d.last_ok_at == d.last_checked_at
    assert d.availability_30d == 1.0 and d.last_error == ""


def test_a_missing_file_is_recorded_as_failed_with_its_status(server):
    d = one(server.url("/gone.csv"))
    assert linkcheck_distributions(distribution_ids=[d.pk]) == (1, 1)
    d.refresh_from_db()
    assert (d.last_status, d.last_ok_at, d.availability_30d) == (404, None, 0.0)
    assert d.last_error == "HTTP 404"


def test_redirects_are_followed(server):
    server.routes["/old"] = Reply(301, b"", {"Location": "/new"})
    server.routes["/new"] = Reply(200, b"ok")
    d = one(server.url("/old"))
    linkcheck_distributions(distribution_ids=[d.pk])
    assert LinkCheck.objects.get().status == 200
    assert server.requests == ["/old", "/new"]


def test_a_server_refusing_head_is_asked_with_get(server):
    methods: list[str] = []

    def route(handler: BaseHTTPRequestHandler) -> Reply:
        methods.append(handler.command)
        return Reply(405, b"") if handler.command == "HEAD" else Reply(200, b"data")

    server.routes["/api"] = route
    d = one(server.url("/api"))
    linkcheck_distributions(distribution_ids=[d.pk])
    assert methods == ["HEAD", "GET"]
    assert LinkCheck.objects.get().ok


def test_a_large_file_is_not_downloaded_to_check_it(server):
    server.routes["/big.zip"] = Reply(200, b"x" * 500_000)
    d = one(server.url("/big.zip"))
    linkcheck_distributions(distribution_ids=[d.pk])
    assert LinkCheck.objects.get().ok


def test_a_slow_server_times_out_and_is_recorded(server):
    def route(handler: BaseHTTPRequestHandler) -> Reply:
        time.sleep(1.5)
        return Reply(200, b"late")

    server.routes["/slow"] = route
    d = one(server.url("/slow"))
    linkcheck_distributions(distribution_ids=[d.pk], timeout=0.3)
    check = LinkCheck.objects.get()
    assert not check.ok and check.status is None and check.error


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/data.csv",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
    ],
)
def test_private_link_local_and_file_addresses_are_refused_and_recorded(url):
    d = Distribution.objects.create(dataset=dataset_create(), access_url="https://x.example/")
    Distribution.objects.filter(pk=d.pk).update(access_url=url)
    linkcheck_distributions(distribution_ids=[d.pk])
    check = LinkCheck.objects.get()
    assert not check.ok and check.status is None and check.error


def test_loopback_is_refused_unless_the_setting_allows_it(server, settings):
    settings.HTTP_ALLOW_LOOPBACK = False
    server.routes["/data.csv"] = Reply(200, b"a")
    d = one(server.url("/data.csv"))
    linkcheck_distributions(distribution_ids=[d.pk])
    assert not LinkCheck.objects.get().ok
    assert server.requests == []


def test_access_and_download_addresses_are_both_checked(server):
    server.routes["/page"] = Reply(200, b"<html></html>")
    d = one(server.url("/page"), download=server.url("/file.csv"))
    assert linkcheck_distributions(distribution_ids=[d.pk]) == (2, 1)
    kinds = dict(LinkCheck.objects.values_list("kind", "ok"))
    assert kinds == {"access": True, "download": False}
    d.refresh_from_db()
    assert d.availability_30d == 0.5
    assert d.last_error == "HTTP 404"


def test_availability_counts_the_last_thirty_days_only(server):
    server.routes["/data.csv"] = Reply(200, b"a")
    d = one(server.url("/data.csv"))
    now = timezone.now()
    for days, ok in [(40, False), (35, False), (20, False), (10, True)]:
        LinkCheck.objects.create(
            distribution=d,
            kind="access",
            url=d.access_url,
            ok=ok,
            checked_at=now - timedelta(days=days),
        )
    linkcheck_distributions(distribution_ids=[d.pk], now=now)
    d.refresh_from_db()
    assert d.availability_30d == pytest.approx(2 / 3)


def test_checks_older_than_ninety_days_are_pruned(server):
    server.routes["/data.csv"] = Reply(200, b"a")
    d = one(server.url("/data.csv"))
    LinkCheck.objects.create(
        distribution=d,
        kind="access",
        url=d.access_url,
        ok=True,
        checked_at=timezone.now() - timedelta(days=91),
    )
    linkcheck_distributions(distribution_ids=[d.pk])
    assert LinkCheck.objects.count() == 1


def test_quality_rises_when_an_address_becomes_available(server):
    d = one(server.url("/data.csv"))
    linkcheck_distributions(distribution_ids=[d.pk])
    before = d.dataset.__class__.objects.get(pk=d.dataset_id).quality_points
    server.routes["/data.csv"] = Reply(200, b"a")
    linkcheck_distributions(distribution_ids=[d.pk])
    after = d.dataset.__class__.objects.get(pk=d.dataset_id).quality_points
    assert after > before


def test_due_are_unchecked_or_old_distributions_of_active_non_demo_datasets():
    fresh = one("https://a.example/1")
    Distribution.objects.filter(pk=fresh.pk).update(last_checked_at=timezone.now())
    old = one("https://a.example/2")
    Distribution.objects.filter(pk=old.pk).update(
        last_checked_at=timezone.now() - timedelta(hours=25)
    )
    never = one("https://a.example/3")
    withdrawn = one("https://a.example/4", status=DatasetStatus.WITHDRAWN)
    demo = one("https://a.example/5", is_demo=True)
    due = linkcheck_due()
    assert set(due) == {old.pk, never.pk}
    assert withdrawn.pk not in due and demo.pk not in due


def test_the_query_count_does_not_grow_with_the_number_of_distributions(
    server,
):
    server.routes["/ok"] = Reply(200, b"a")

    def queries(n: int) -> int:
        ids = [one(server.url("/ok")).pk for _ in range(n)]
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            linkcheck_distributions(distribution_ids=ids)
        return len(ctx.captured_queries)

    assert queries(3) == queries(30)


def test_the_command_checks_what_is_due_or_named_and_refuses_unknown_slugs(server):
    server.routes["/ok"] = Reply(200, b"a")
    d = one(server.url("/ok"))
    out = _Out()
    call_command("checklinks", stdout=out)
    assert "Addresses checked: 1; failed: 0" in out.text
    out = _Out()
    call_command("checklinks", stdout=out)
    assert "Addresses checked: 0" in out.text
    out = _Out()
    call_command("checklinks", "--dataset", d.dataset.slug, stdout=out)
    assert "Addresses checked: 1" in out.text
    with pytest.raises(CommandError, match="no-such-dataset"):
        call_command("checklinks", "--dataset", "no-such-dataset")
    assert LinkCheck.objects.count() == 2


def test_tick_queues_the_due_link_checks(server):
    server.routes["/ok"] = Reply(200, b"a")
    d = one(server.url("/ok"))
    out = _Out()
    call_command("tick", stdout=out)
    assert "Link checks queued: 1" in out.text
    # Tests run tasks at once: the check is made.
    assert LinkCheck.objects.filter(distribution=d).count() == 1


def test_the_availability_history_renders_a_chart_and_text_without_queries(
    django_assert_num_queries,
):
    d = one("https://a.example/data.csv")
    now = timezone.now()
    for days in range(5):
        LinkCheck.objects.create(
            distribution=d,
            kind="access",
            url=d.access_url,
            ok=days != 2,
            checked_at=now - timedelta(days=days),
            status=200 if days != 2 else 503,
        )
    Distribution.objects.filter(pk=d.pk).update(
        last_checked_at=now, last_ok_at=now, last_status=200, last_response_ms=120
    )
    dataset = dataset_detail_queryset(viewer=AnonymousUser()).get(pk=d.dataset_id)
    distributions = list(dataset.distributions.all())
    with django_assert_num_queries(0):
        html = render_to_string(
            "catalog/partials/availability.html", {"distributions": distributions}
        )
    assert html.count('class="avail-ok"') == 4
    assert html.count('class="avail-fail"') == 1
    assert "4 of 5 checks succeeded in the last 30 days." in html
    assert 'role="img"' in html and "120 ms" in html and "HTTP 200" in html


class _Out:
    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass
