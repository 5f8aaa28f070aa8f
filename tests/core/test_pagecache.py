"""The page cache for anonymous visitors (smartby.core.pagecache): served from the cache with
one query, never to signed-in people, and an edit anywhere is visible on the next request."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from smartby.cases.models import Case
from smartby.core.memo import site_version
from smartby.core.models import FacetChange
from smartby.core.pagecache import _storable
from smartby.organisations.models import Organisation
from tests.accounts.factories import member_create
from tests.cases.factories import case_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def _get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries)


def test_an_anonymous_page_is_served_from_the_cache_with_one_query(client):
    case = case_create(title="Bysykler for alle")
    url = case.get_absolute_url()
    first, rendered = _get(client, url)
    second, cached = _get(client, url)
    assert first.status_code == second.status_code == 200
    assert first["X-Cache"] == "miss" and second["X-Cache"] == "hit"
    assert second.content == first.content and "Bysykler for alle" in second.content.decode()
    assert cached == 1 < rendered  # the site version only
    assert "public" in second["Cache-Control"] and "s-maxage=10" in second["Cache-Control"]
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in second["Vary"].split(",")}
    revalidated = client.get(url, HTTP_IF_NONE_MATCH=second["ETag"])
    assert revalidated.status_code == 304 and not revalidated.content


def test_an_edit_is_visible_on_the_very_next_request(client):
    case = case_create(title="Bysykler for alle")
    owner = case.owner
    url = case.get_absolute_url()
    before = client.get(url)
    client.get(url)
    Case.objects.filter(pk=case.pk).update(title="Bysykler for alle, også om vinteren")
    after = client.get(url)
    assert after["X-Cache"] == "miss"
    assert "også om vinteren" in after.content.decode()
    assert after["ETag"] != before["ETag"]
    # An edit elsewhere (the owner's name, shown on the case page) counts as well.
    Organisation.objects.filter(pk=owner.pk).update(name="Oslo kommune, Bymiljøetaten")
    assert "Bymiljøetaten" in client.get(url).content.decode()
    # And on lists: a new case is listed at once.
    client.get("/en/cases/")
    case_create(title="Smarte gatelys")
    assert "Smarte gatelys" in client.get("/en/cases/").content.decode()


def test_languages_are_cached_apart(client):
    case_create(title="Bysykler for alle")
    assert client.get("/")["Content-Language"] == "nb"
    assert client.get("/en/")["Content-Language"] == "en"
    assert client.get("/")["X-Cache"] == "hit" and client.get("/")["Content-Language"] == "nb"
    norwegian = client.get("/api/v1/roadmap/principles", HTTP_ACCEPT_LANGUAGE="nb")
    english = client.get("/api/v1/roadmap/principles", HTTP_ACCEPT_LANGUAGE="en")
    assert norwegian.json()["results"][0]["title"] != english.json()["results"][0]["title"]


def test_signed_in_people_are_never_served_or_stored_in_the_cache(client):
    case = case_create(title="Bysykler for alle")
    url = case.get_absolute_url()
    person = member_create(organisation=case.owner, full_name="Kari Nordmann")
    client.force_login(person)
    mine = client.get(url)
    assert "X-Cache" not in mine and "private" in mine["Cache-Control"]
    logout = f'action="{reverse("accounts:logout")}"'
    assert logout in mine.content.decode()
    client.logout()
    anonymous = client.get(url)
    assert anonymous["X-Cache"] == "miss" and logout not in anonymous.content.decode()


def test_private_answers_and_answers_that_set_cookies_are_not_stored():
    assert _storable(HttpResponse("ok"))
    private = HttpResponse("ok")
    private["Cache-Control"] = "private, no-store"
    with_cookie = HttpResponse("ok")
    with_cookie.set_cookie("csrftoken", "x")
    assert not _storable(private) and not _storable(with_cookie)
    assert not _storable(HttpResponse("no", status=404))


def test_a_statement_that_changes_no_row_leaves_the_version_alone():
    case = case_create(title="Bysykler for alle")
    version = site_version()
    Case.objects.filter(pk=case.pk + 1000).update(title="Ingen")
    Case.objects.filter(pk=case.pk + 1000).delete()
    assert site_version() == version
    Case.objects.filter(pk=case.pk).update(title="Bysykler for alle, hele året")
    assert site_version() != version


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer anyway")
@pytest.mark.usefixtures("committed_db")
def test_writers_take_turns_so_change_rows_appear_in_the_order_they_commit():
    """Without turns, a transaction could commit a change row with a smaller id than one
    already read as the newest, and the page cache would never see that change."""
    first, second = case_create(title="Først"), case_create(title="Andre")
    a_wrote, a_may_commit = threading.Event(), threading.Event()
    done: list[str] = []

    def write(name: str, pk: int) -> None:
        try:
            if name == "b":
                a_wrote.wait(10)
            with transaction.atomic():
                Case.objects.filter(pk=pk).update(title=f"{name} endret")
                if name == "a":
                    a_wrote.set()
                    a_may_commit.wait(10)
            done.append(name)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=write, args=("a", first.pk)),
        threading.Thread(target=write, args=("b", second.pk)),
    ]
    for thread in threads:
        thread.start()
    a_wrote.wait(10)
    time.sleep(0.5)  # time enough for b to write and commit, were it not waiting
    assert done == []
    a_may_commit.set()
    for thread in threads:
        thread.join(10)
    assert done == ["a", "b"]
    ids = list(
        FacetChange.objects.filter(collection="site")
        .order_by("-id")
        .values_list("id", flat=True)[:2]
    )
    assert ids[0] > ids[1] and site_version()[0] == ids[0]
