"""The facet engine (smartby.core.facets): counts on bitmaps, kept current with the database
through the change triggers, at a fixed number of queries whatever changed."""

from __future__ import annotations

import datetime
import io
import random
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pyroaring import BitMap

from smartby.cases.facet_index import CASES
from smartby.cases.models import Case, Phase, Theme
from smartby.cases.search import CASE_INDEX, case_reindex
from smartby.catalog.facet_index import DATASETS
from smartby.core import facets
from smartby.core.facets import MAX_OFFSET, CountedRows, Snapshot, facet_search, page_window
from smartby.core.models import FacetChange
from smartby.core.search import search_ids
from tests.cases.factories import case_create
from tests.catalog.factories import dataset_create

pytestmark = pytest.mark.django_db


def _snapshot() -> Snapshot:
    def bm(*ids: int) -> BitMap:
        return BitMap(ids)

    return Snapshot(
        universe=bm(1, 2, 3, 4, 5, 6),
        groups={"public": bm(1, 2, 3, 4, 5)},
        values={
            "colour": {"red": bm(1, 2, 3), "blue": bm(4, 5, 6)},
            "size": {"small": bm(1, 4), "large": bm(2, 3, 5, 6)},
        },
    )


def test_counts_are_taken_under_every_other_filter():
    snapshot = _snapshot()
    result = facet_search(
        snapshot, snapshot.group("public"), {"colour": ["red"], "size": []}, ["colour", "size"]
    )
    assert list(result.hits) == [1, 2, 3]
    # Colour is counted without its own choice (all public rows), size within red.
    assert result.counts == {"colour": {"red": 3, "blue": 2}, "size": {"small": 1, "large": 2}}
    both = facet_search(
        snapshot, snapshot.universe, {"colour": ["red", "blue"], "size": ["small"]}, ["colour"]
    )
    assert list(both.hits) == [1, 4]  # values of a facet are alternatives
    assert both.counts == {"colour": {"red": 1, "blue": 1}}
    unknown = facet_search(snapshot, snapshot.universe, {"colour": ["green"]}, ["size"])
    assert not unknown.hits and unknown.counts == {"size": {}}


@settings(max_examples=25, deadline=None)
@example(owners=list(range(600)) * 3, chosen={7, 8}, hits=set(range(1, 1801, 3)))
@given(
    owners=st.lists(st.integers(0, 599), min_size=1, max_size=3000),
    chosen=st.sets(st.integers(0, 599), max_size=3),
    hits=st.sets(st.integers(1, 3000), max_size=3000),
)
def test_a_long_facet_is_counted_from_an_array_with_the_same_counts(owners, chosen, hits):
    """Publishers run to tens of thousands: a long facet where no row has two values is
    counted in one pass over the hits, and must count exactly as value by value."""
    by_owner: dict[str, BitMap] = {}
    for row, owner in enumerate(owners, start=1):
        by_owner.setdefault(f"org-{owner}", BitMap()).add(row)
    values = {"publisher": by_owner, "size": {"small": BitMap(range(1, len(owners) + 1, 2))}}
    snapshot = Snapshot(
        universe=BitMap(range(1, len(owners) + 1)),
        groups={},
        values=values,
        codes=facets._coded(values),
    )
    assert ("publisher" in snapshot.codes) == (len(by_owner) > facets.LONG_FACET)
    plain = Snapshot(universe=snapshot.universe, groups={}, values=values)
    choice = {"publisher": [f"org-{n}" for n in sorted(chosen)], "size": ["small"]}
    base = BitMap(hits) & snapshot.universe
    coded = facet_search(snapshot, base, choice, ["publisher", "size"])
    assert coded == facet_search(plain, base, choice, ["publisher", "size"])


def test_a_long_facet_where_a_row_has_two_values_is_counted_value_by_value():
    values = {"theme": {f"t{n}": BitMap([n, n + 1]) for n in range(1, 400)}}
    assert facets._coded(values) == {}


def test_a_list_names_only_the_largest_values_and_the_chosen_ones():
    counts = {f"org-{n:03}": n for n in range(1, 31)}  # org-030 is the largest
    result = facets.FacetResult(hits=BitMap(), counts={"publisher": counts, "size": {"s": 1}})

    def labels_of(name: str, values: set[str]) -> dict[str, str]:
        return {value: value.upper() for value in sorted(values)}

    chosen = {"publisher": ["org-001"]}
    shown, omitted = facets.facet_values(result, chosen, labels_of, most=5)
    assert [v.value for v in shown["publisher"]] == [
        "org-001", "org-026", "org-027", "org-028", "org-029", "org-030"
    ]  # fmt: skip
    assert shown["publisher"][0].selected and shown["publisher"][0].label == "ORG-001"
    assert omitted == {"publisher": 24} and len(shown["size"]) == 1
    every, none_left_out = facets.facet_values(
        result, chosen, labels_of, most=5, every=["publisher"]
    )
    assert len(every["publisher"]) == 30 and none_left_out == {}
    # The sidebar says how many more there are: those left out here count too.
    groups = facets.facet_groups(
        shown,
        {"publisher": "Publisher"},
        query="q=x",
        expanded=[],
        count_text=str,
        omitted=omitted,
    )
    assert groups[0].hidden == 24 and groups[0].show_all_query == "q=x&all=publisher"


def _themes(snapshot: Snapshot) -> dict[str, set[int]]:
    return {value: set(bm) for value, bm in snapshot.values.get("theme", {}).items()}


@settings(max_examples=200, deadline=None)
@given(
    counts=st.dictionaries(st.text(min_size=1, max_size=3), st.integers(1, 5), max_size=40),
    most=st.integers(0, 12),
)
def test_the_largest_values_of_a_facet_are_those_of_a_full_sort(counts, most):
    assert facets._largest(counts, most) == sorted(counts, key=lambda v: (-counts[v], v))[:most]


def test_the_sidebar_checkboxes_escape_every_text_and_check_the_chosen_values():
    group = facets.FacetGroup(
        name="theme",
        label="Theme",
        options=[
            facets.FacetOption('a"><script>', "Roads & <b>bridges</b>", "3 cases", False),
            facets.FacetOption("water", "Water", "1 case", True),
        ],
        hidden=0,
        show_all_query="all=theme",
    )
    assert str(group.options_html) == (
        '<li><input type="checkbox" name="theme" value="a&quot;&gt;&lt;script&gt;"'
        ' id="facet-theme-1">\n'
        '  <label for="facet-theme-1">Roads &amp; &lt;b&gt;bridges&lt;/b&gt;'
        ' <span class="facet-count">(3 cases)</span></label></li>\n'
        '<li><input type="checkbox" name="theme" value="water" id="facet-theme-2" checked>\n'
        '  <label for="facet-theme-2">Water <span class="facet-count">(1 case)</span>'
        "</label></li>"
    )


def test_an_edit_in_any_watched_table_is_seen_on_the_next_use():
    case = case_create(themes=["mobility"], phase=Phase.PILOT)
    snapshot = facets.snapshot_of(CASES)
    assert case.pk in snapshot.group("public") and case.pk in snapshot.values["phase"]["testing"]
    assert _themes(snapshot)["mobility"] >= {case.pk}

    case.themes.set(Theme.objects.filter(slug="energy"))  # the through table
    Case.objects.filter(pk=case.pk).update(phase=Phase.SCALING)  # no signal, still seen
    snapshot = facets.snapshot_of(CASES)
    assert case.pk not in _themes(snapshot).get("mobility", set())
    assert case.pk in _themes(snapshot)["energy"]
    assert case.pk in snapshot.values["phase"]["scaling"]
    assert case.pk not in snapshot.values["phase"].get("testing", BitMap())

    Case.objects.filter(pk=case.pk).update(is_published=False)
    assert case.pk not in facets.snapshot_of(CASES).universe
    Case.objects.filter(pk=case.pk).delete()
    assert case.pk not in facets.snapshot_of(CASES).universe


def test_a_renamed_theme_rebuilds_the_whole_collection():
    case = case_create(themes=["mobility"])
    facets.snapshot_of(CASES)
    Theme.objects.filter(slug="mobility").update(slug="moving")
    assert case.pk in _themes(facets.snapshot_of(CASES))["moving"]


def test_datasets_follow_their_distributions_and_status():
    dataset = dataset_create(title_nb="Sykkeltellinger")
    snapshot = facets.snapshot_of(DATASETS)
    assert dataset.pk in snapshot.group("active")
    dataset.distributions.create(format="CSV", access_url="https://example.org/a.csv")
    assert dataset.pk in facets.snapshot_of(DATASETS).values["format"]["CSV"]
    type(dataset).objects.filter(pk=dataset.pk).update(status="withdrawn")
    snapshot = facets.snapshot_of(DATASETS)
    assert dataset.pk not in snapshot.group("active") and dataset.pk in snapshot.universe


def _refresh_queries() -> int:
    with CaptureQueriesContext(connection) as queries:
        facets.snapshot_of(CASES)
    return len(queries)


def test_bringing_bitmaps_up_to_date_costs_the_same_whatever_changed():
    cases = [case_create(themes=["mobility"]) for _ in range(30)]
    facets.snapshot_of(CASES)
    assert _refresh_queries() == 1  # nothing changed: one look at the newest change

    Case.objects.filter(pk=cases[0].pk).update(phase=Phase.SCALING)
    one = _refresh_queries()
    Case.objects.filter(pk__in=[c.pk for c in cases]).update(phase=Phase.ANALYSIS)
    for case in cases:
        case.themes.set(Theme.objects.filter(slug="energy"))
    many = _refresh_queries()
    assert one == many

    facets.forget_all()
    full = _refresh_queries()  # a process that starts reads everything once
    facets.forget_all()
    case_create(themes=["energy"])
    assert _refresh_queries() == full


def test_a_history_that_was_rolled_back_is_not_mistaken_for_the_current_one():
    case = case_create(themes=["mobility"])
    facets.snapshot_of(CASES)
    try:
        with transaction.atomic():
            case.themes.set(Theme.objects.filter(slug="energy"))
            assert case.pk in _themes(facets.snapshot_of(CASES))["energy"]
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    # The rows of the rolled-back history are gone (and may be written again with the same
    # ids on SQLite); the random token tells the histories apart.
    FacetChange.objects.create(collection="cases", object_id=0, token=1)
    assert case.pk in _themes(facets.snapshot_of(CASES))["mobility"]


def test_page_window_is_bounded():
    assert page_window(0, None, 20) == (1, 0)
    assert page_window(95, "3", 20) == (3, 40)
    assert page_window(95, "x", 20) == (1, 0)
    assert page_window(95, "99", 20) == (5, 80)
    deepest = MAX_OFFSET // 20 + 1
    assert page_window(10**7, str(10**9), 20) == (deepest, (deepest - 1) * 20)


def test_counted_rows_hold_one_page_of_a_longer_list():
    rows = CountedRows(95, 40, ["a", "b"])
    assert len(rows) == 95 and rows[40:60] == ["a", "b"] and rows[40] == "a"


def test_old_change_rows_are_pruned_but_the_newest_of_each_kind_stays():
    case = case_create(themes=["mobility"])
    old = timezone.now() - datetime.timedelta(days=2)
    FacetChange.objects.update(created_at=old)
    newest = {
        collection: FacetChange.objects.filter(collection=collection).latest("id").pk
        for collection in ("cases", "site")
    }
    before = facets.snapshot_of(CASES)
    call_command("tick", stdout=io.StringIO())
    # (tick's own statements may add new rows: on PostgreSQL a statement counts even when it
    # changed no row)
    assert FacetChange.objects.filter(created_at=old).count() <= 2
    assert not FacetChange.objects.filter(created_at=old).exclude(pk__in=newest.values()).exists()
    assert FacetChange.objects.filter(collection="cases").latest("id").pk == newest["cases"]
    after = facets.snapshot_of(CASES)
    assert after is before and case.pk in after.values["theme"]["mobility"]


def _text_statements(queries: CaptureQueriesContext) -> int:
    """The statements that read the hits of a word: from its postings, or from the engine."""
    return sum(
        "core_searchposting" in q["sql"]
        or ("cases_case_search" in q["sql"] and "MATCH" in q["sql"])
        or "to_tsquery" in q["sql"]
        for q in queries.captured_queries
    )


def _narrowed(query: str) -> set[int]:
    snapshot, text_hits = facets.current(CASES)
    hits, _match = facets.text_narrowed(snapshot.universe, text_hits, index=CASE_INDEX, query=query)
    return set(hits)


def test_queries_share_the_hits_of_their_words_and_find_what_the_whole_query_finds():
    both = case_create(title="Bysykkel ved fjorden", summary="Vann og sykler")
    bikes = case_create(title="Bysykkel i sentrum", summary="Energi fra sol")
    water = case_create(title="Rent vann", summary="Energi og vann")
    for query in ["bysykkel vann", "vann energi", "bysykkel", "energi bysykkel sentrum"]:
        expected = set(search_ids(CASE_INDEX, query))
        with CaptureQueriesContext(connection) as queries:
            found = _narrowed(query)
        assert found == expected, query
    assert _narrowed("bysykkel vann") == {both.pk}
    assert _narrowed("vann energi") == {water.pk}
    assert _narrowed("bysykkel energi") == {bikes.pk}

    # Every word above has been read once: a new query of known words reads none.
    with CaptureQueriesContext(connection) as queries:
        assert _narrowed("energi vann") == {water.pk}
    assert _text_statements(queries) == 0
    with CaptureQueriesContext(connection) as queries:
        assert _narrowed("vann fjorden") == {both.pk}
    assert _text_statements(queries) == 1


def test_a_word_no_row_has_ends_the_search_without_reading_the_other_words():
    case_create(title="Bysykkel ved fjorden")
    with CaptureQueriesContext(connection) as queries:
        assert _narrowed("xylofonorkester bysykkel fjorden") == set()
    assert _text_statements(queries) == 1


def test_kept_word_hits_follow_an_edit_at_once():
    case = case_create(title="Bysykkel ved fjorden")
    assert _narrowed("fjorden") == {case.pk}
    assert _narrowed("sjøen") == set()
    other = case_create(title="Fjorden renses")
    assert _narrowed("fjorden") == {case.pk, other.pk}
    # A new title: only the text index changes, no column a facet reads.
    Case.objects.filter(pk=other.pk).update(title="Sjøen renses")
    case_reindex(case_ids=[other.pk])
    assert _narrowed("fjorden") == {case.pk}
    assert _narrowed("sjøen") == {other.pk}


def test_the_kept_word_hits_stay_within_their_budget(monkeypatch):
    case_create(title="Bysykkel ved fjorden")
    monkeypatch.setattr(facets, "TEXT_CACHE_BYTES", 1)
    _narrowed("bysykkel")
    _narrowed("fjorden")  # over the budget: the least recently used word is dropped
    with CaptureQueriesContext(connection) as queries:
        _narrowed("fjorden")
    assert _text_statements(queries) == 0
    with CaptureQueriesContext(connection) as queries:
        _narrowed("bysykkel")
    assert _text_statements(queries) == 1


# --- pages in order ------------------------------------------------------------------------


def _order_statements(queries: CaptureQueriesContext) -> int:
    return sum('FROM "cases_case"' in q["sql"] and "ORDER BY" in q["sql"] for q in queries)


def _newest_first() -> Any:
    return Case.objects.filter(is_published=True).order_by("-published_at", "-id")


def _in_order(hits: BitMap, offset: int, limit: int) -> list[int]:
    """What the database says (the order the page must follow)."""
    ids = facets.in_ids(_newest_first(), hits).values_list("pk", flat=True)
    return list(ids[offset : offset + limit])


def test_a_page_in_order_is_the_databases_order_without_asking_it():
    start = timezone.now()
    cases = [case_create(title=f"Case {i}") for i in range(30)]
    # Same published time for some: the id decides, as in the database.
    for i, case in enumerate(cases):
        stamp = start - datetime.timedelta(minutes=i // 3)
        Case.objects.filter(pk=case.pk).update(published_at=stamp)
    snapshot = facets.snapshot_of(CASES)
    facets.ordered_page(snapshot.universe, _newest_first(), offset=0, limit=1, snapshot=snapshot)
    chooser = random.Random(7)  # noqa: S311 - test data
    for _ in range(40):
        hits = BitMap(chooser.sample([c.pk for c in cases], chooser.randint(1, 30)))
        offset, limit = chooser.randint(0, 12), chooser.randint(1, 12)
        with CaptureQueriesContext(connection) as queries:
            page = facets.ordered_page(
                hits, _newest_first(), offset=offset, limit=limit, snapshot=snapshot
            )
        assert _order_statements(queries) == 0
        assert page == _in_order(hits, offset, limit)


def test_rows_moved_in_the_order_since_it_was_read_are_placed_by_the_database_at_once():
    cases = [case_create(title=f"Case {i}") for i in range(12)]
    snapshot = facets.snapshot_of(CASES)
    facets.ordered_page(snapshot.universe, _newest_first(), offset=0, limit=1, snapshot=snapshot)
    oldest = min(cases, key=lambda c: (c.published_at, c.pk))
    Case.objects.filter(pk=oldest.pk).update(
        published_at=timezone.now() + datetime.timedelta(days=1)
    )
    snapshot = facets.snapshot_of(CASES)
    with CaptureQueriesContext(connection) as queries:
        page = facets.ordered_page(
            snapshot.universe, _newest_first(), offset=0, limit=5, snapshot=snapshot
        )
    assert page[0] == oldest.pk and page == _in_order(snapshot.universe, 0, 5)
    assert _order_statements(queries) == 1  # the first rows and the changed one, sorted there
    # A page the moved row is not among: still one statement, the same answer as the database.
    others = snapshot.universe - BitMap([oldest.pk])
    page = facets.ordered_page(others, _newest_first(), offset=3, limit=4, snapshot=snapshot)
    assert page == _in_order(others, 3, 4)


def test_after_many_changes_a_process_reads_the_order_again(monkeypatch):
    cases = [case_create(title=f"Case {i}") for i in range(6)]
    snapshot = facets.snapshot_of(CASES)
    facets.ordered_page(snapshot.universe, _newest_first(), offset=0, limit=1, snapshot=snapshot)
    monkeypatch.setattr(facets, "RANK_CHANGES_MAX", 2)
    Case.objects.filter(pk__in=[c.pk for c in cases[:3]]).update(title="Retitled")
    snapshot = facets.snapshot_of(CASES)
    assert snapshot.ranks == {}
    with CaptureQueriesContext(connection) as queries:
        page = facets.ordered_page(
            snapshot.universe, _newest_first(), offset=0, limit=6, snapshot=snapshot
        )
    assert page == _in_order(snapshot.universe, 0, 6)
    assert _order_statements(queries) == 1  # the whole order, read again
    assert len(snapshot.ranks) == 1
