"""The word postings (smartby.core.postings): a word's hits from its stored bitmap and the rows
changed since the build, the same as the full-text engine's answer, at once after an edit."""

from __future__ import annotations

import datetime
import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pyroaring import BitMap

from smartby.cases.facet_index import CASES
from smartby.cases.models import Case
from smartby.cases.search import CASE_INDEX, case_reindex
from smartby.core import facets, postings
from smartby.core.models import FacetChange
from smartby.core.search import TIERS, index_clear, query_terms, term_ids
from tests.cases.factories import case_create

pytestmark = pytest.mark.django_db

QUERIES = [
    "fjorden",
    "bysykkel",
    "bysykk",  # a prefix, typed on
    "sykkel ",
    "vann",
    "vannkvalitet",
    "sensorene ",
    "sens",
    "lys",
    "gatelys fjord",
    "water quality",
    "ukjentord",
]


def _cases() -> list[Case]:
    return [
        case_create(title="Bysykkel ved fjorden", summary="Sykler i sentrum"),
        case_create(title="Vannkvalitet i fjorden", summary="Sensorene måler vannet"),
        case_create(title="Smart gatelys", summary="Lys som følger trafikken", solution="sensor"),
        case_create(title="Water quality sensors", summary="Fjord water", language="en"),
        case_create(title="Bysyklene i Bergen", problem="Sykkelparkering ved fjordene"),
    ]


def _version() -> tuple[int, int]:
    return facets.current(CASES)[1].version


def _from_postings(query: str, within: str = "") -> BitMap | None:
    found: BitMap | None = None
    for term in query_terms(query):
        hits = postings.term_hits(CASE_INDEX, term, within=within, version=_version())
        if hits is None:
            return None
        found = hits if found is None else found & hits
    return found if found is not None else BitMap()


def _from_engine(query: str, within: str = "") -> BitMap:
    found: BitMap | None = None
    for term in query_terms(query):
        hits = BitMap(term_ids(CASE_INDEX, term, within=within))
        found = hits if found is None else found & hits
    return found if found is not None else BitMap()


def _assert_same_as_the_engine() -> None:
    for query in QUERIES:
        for within in ("", *TIERS):
            assert _from_postings(query, within) == _from_engine(query, within), (query, within)


def test_before_any_build_of_their_rows_the_changed_rows_answer_as_the_engine_does():
    cases = _cases()
    # "fjorden" is "fjord" in Norwegian: the English case's "Fjord water" has it too
    assert _from_postings("fjorden") == BitMap([c.pk for c in cases if c is not cases[2]])
    _assert_same_as_the_engine()


def test_after_a_build_the_postings_answer_as_the_engine_does_in_one_statement():
    _cases()
    rows = postings.postings_build(CASE_INDEX)
    assert rows == Case.objects.filter(is_published=True).count()
    _assert_same_as_the_engine()
    facets.forget_all()
    _from_postings("fjorden")  # the process reads the (empty) changes since the build once
    with CaptureQueriesContext(connection) as queries:
        found = _from_postings("vannkvalitet")
    assert found == _from_engine("vannkvalitet")
    assert len(queries) == 1 + 1  # the version, the word
    assert "core_searchposting" in queries.captured_queries[-1]["sql"]


def test_an_edit_after_the_build_is_found_at_once_and_the_old_words_no_longer():
    cases = _cases()
    postings.postings_build(CASE_INDEX)
    Case.objects.filter(pk=cases[0].pk).update(title="Bysykkel ved sjøen", summary="")
    case_reindex(case_ids=[cases[0].pk])
    assert cases[0].pk not in _from_postings("fjorden")
    assert cases[0].pk in _from_postings("sjøen")
    assert _from_postings("sjø", within="a") == BitMap([cases[0].pk])
    new = case_create(title="Fjordbyen planlegger")
    assert new.pk in _from_postings("fjordby")
    Case.objects.filter(pk=cases[1].pk).update(is_published=False)
    case_reindex(case_ids=[cases[1].pk])
    assert cases[1].pk not in _from_postings("vannkvalitet")
    _assert_same_as_the_engine()


def test_a_search_page_finds_an_edit_made_after_the_build(client):
    case = case_create(title="Bysykkel ved fjorden")
    postings.postings_build(CASE_INDEX)
    assert case.title in client.get("/en/cases/", {"q": "fjorden"}).content.decode()
    Case.objects.filter(pk=case.pk).update(title="Bysykkel ved sjøen")
    case_reindex(case_ids=[case.pk])
    assert "Bysykkel ved sjøen" not in client.get("/en/cases/", {"q": "fjorden"}).content.decode()
    assert "Bysykkel ved sjøen" in client.get("/en/cases/", {"q": "sjøen"}).content.decode()


def test_a_cleared_index_is_asked_directly_until_the_next_build():
    cases = _cases()
    postings.postings_build(CASE_INDEX)
    index_clear(CASE_INDEX)  # every row changed: the postings cannot say
    assert _from_postings("fjorden") is None
    case_reindex(case_ids=[c.pk for c in cases])
    snapshot, text_hits = facets.current(CASES)
    hits, _terms = facets.text_narrowed(
        snapshot.universe, text_hits, index=CASE_INDEX, query="fjorden"
    )
    assert hits == _from_engine("fjorden") and len(hits) == 4
    postings.postings_build(CASE_INDEX)
    _assert_same_as_the_engine()


def test_too_many_changes_or_a_pruned_history_make_the_postings_step_aside(monkeypatch):
    cases = _cases()
    postings.postings_build(CASE_INDEX)
    assert _from_postings("fjorden") is not None
    monkeypatch.setattr(postings, "DELTA_MAX", 1)
    case_reindex(case_ids=[cases[0].pk, cases[1].pk])
    assert _from_postings("fjorden") is None
    assert postings.changed_since_build(CASE_INDEX) is None
    monkeypatch.setattr(postings, "DELTA_MAX", 2000)
    postings.forget_all()  # (a process decides once per version)
    assert _from_postings("fjorden") is not None
    mark = postings.marks()[CASE_INDEX.table]
    FacetChange.objects.filter(pk=mark.change_id).delete()
    case_reindex(case_ids=[cases[2].pk])
    assert _from_postings("fjorden") is None


def test_a_build_keeps_the_one_before_it_for_processes_still_reading_it():
    _cases()
    builds = []
    for _ in range(3):
        postings.postings_build(CASE_INDEX)
        builds.append(postings.marks()[CASE_INDEX.table].build)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT build FROM core_searchposting WHERE idx = %s ORDER BY build",
            [CASE_INDEX.table],
        )
        kept = [row[0] for row in cursor.fetchall()]
    assert builds == [builds[0], builds[0] + 1, builds[0] + 2]
    assert kept == builds[1:]


def test_reindex_builds_the_postings_of_every_index():
    cases = _cases()
    out = io.StringIO()
    call_command("reindex", stdout=out)
    assert f"{CASE_INDEX.table}: word postings of {len(cases)} rows built" in out.getvalue()
    assert postings.changed_since_build(CASE_INDEX) == 0
    _assert_same_as_the_engine()


def test_tick_builds_postings_that_fell_behind_and_prune_keeps_the_changes_since(monkeypatch):
    cases = _cases()
    postings.postings_build(CASE_INDEX)
    mark = postings.marks()[CASE_INDEX.table]
    case_reindex(case_ids=[cases[0].pk])
    # A few recent changes: not due; the changes since the build are kept however old.
    assert CASE_INDEX.table not in postings.postings_due()
    old = timezone.now() - datetime.timedelta(days=2)
    FacetChange.objects.update(created_at=old)
    monkeypatch.setattr(postings, "REFRESH_LAG", datetime.timedelta(days=3))
    call_command("tick", stdout=io.StringIO())
    assert FacetChange.objects.filter(collection="cases", id__gte=mark.change_id).count() > 1
    assert postings.marks()[CASE_INDEX.table] == mark
    # Changes older than REFRESH_LAG: tick builds, then the changes before the new mark go.
    monkeypatch.setattr(postings, "REFRESH_LAG", datetime.timedelta(hours=1))
    assert CASE_INDEX.table in postings.postings_due()
    out = io.StringIO()
    call_command("tick", stdout=out)
    assert "Search postings queued: " in out.getvalue()
    new = postings.marks()[CASE_INDEX.table]
    assert new.build == mark.build + 1
    assert not FacetChange.objects.filter(collection="cases", id__lt=new.change_id).exists()
    _assert_same_as_the_engine()


def test_many_changes_make_the_postings_due(monkeypatch):
    cases = _cases()
    postings.postings_build(CASE_INDEX)
    monkeypatch.setattr(postings, "REFRESH_AFTER", 3)
    case_reindex(case_ids=[cases[0].pk])
    assert CASE_INDEX.table not in postings.postings_due()
    case_reindex(case_ids=[cases[1].pk, cases[2].pk])
    assert CASE_INDEX.table in postings.postings_due()
    assert postings.postings_refresh(CASE_INDEX.table) == len(cases)
    assert postings.postings_refresh("no_such_index") is None
    assert CASE_INDEX.table not in postings.postings_due()


def test_an_unknown_tier_is_refused():
    with pytest.raises(ValueError, match="unknown tier"):
        postings.term_hits(CASE_INDEX, query_terms("fjord")[0], within="b", version=(0, 0))


def test_migrating_back_and_forth_drops_and_builds_the_postings_and_the_order_triggers(
    committed_db,
):
    cases = _cases()
    call_command("migrate", "cases", "0006", verbosity=0)
    assert CASE_INDEX.table not in postings.marks()
    before = FacetChange.objects.filter(collection="cases").count()
    Case.objects.filter(pk=cases[0].pk).update(published_at=timezone.now())
    # not a column the facets read (the page cache's "site" row is written, as ever)
    assert FacetChange.objects.filter(collection="cases").count() == before
    call_command("migrate", "cases", verbosity=0)
    assert (
        postings.marks()[CASE_INDEX.table].change_id
        == FacetChange.objects.filter(collection="cases").latest("id").pk
    )
    assert postings.changed_since_build(CASE_INDEX) == 0
    _assert_same_as_the_engine()
    Case.objects.filter(pk=cases[0].pk).update(published_at=timezone.now())
    assert FacetChange.objects.filter(collection="cases", object_id=cases[0].pk).count() >= 1
    assert postings.changed_since_build(CASE_INDEX) == 1


def test_two_builds_at_once_take_turns(committed_db):
    """Each build in its own connection and transaction: the second waits for the first
    and numbers its build after it."""
    if connection.vendor != "postgresql":
        pytest.skip("real concurrency needs a server (the tests' SQLite is one shared memory)")
    _cases()
    first = postings.marks()[CASE_INDEX.table].build
    errors: list[BaseException] = []

    def build() -> None:
        try:
            postings.postings_build(CASE_INDEX)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=build) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert postings.marks()[CASE_INDEX.table].build == first + 2
    _assert_same_as_the_engine()
