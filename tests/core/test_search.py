"""The search engine on its own: normalising, stemming, query building, snippets, and an
index over organisations (any model can be indexed) on the running database engine."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from smartby.core import search as core_search
from smartby.core.models import FacetChange
from smartby.core.search import (
    MAX_QUERY_WORDS,
    Part,
    SearchIndex,
    _fts5_expression,
    _tsquery_expression,
    index_clear,
    index_remove,
    index_replace,
    install_index,
    normalise_words,
    query_terms,
    search_filter,
    snippet,
    stem,
    stem_text,
    uninstall_index,
)
from smartby.organisations.models import Organisation
from tests.organisations.factories import organisation_create

# --- stemming ----------------------------------------------------------------------------

NORWEGIAN_FAMILIES = [
    ["sensor", "sensorene", "sensorer", "sensors"],
    ["bysykkel", "bysyklene", "bysykler"],
    ["parkering", "parkeringen"],
]


@pytest.mark.parametrize("family", NORWEGIAN_FAMILIES, ids=lambda f: f[0])
def test_norwegian_inflections_share_one_stem(family: list[str]) -> None:
    assert len({stem(word, "nb") for word in family}) == 1
    assert len({stem(word, "nn") for word in family}) == 1


def test_bysykkel_and_bysyklene_meet_on_the_short_stem() -> None:
    assert stem("bysykkel", "nb") == "bysykl"
    assert stem("bysyklene", "nb") == "bysykl"


@pytest.mark.parametrize("word", ["lighting", "lights", "light"])
def test_english_light_forms_share_one_stem(word: str) -> None:
    assert stem(word, "en") == "light"


def test_unknown_language_leaves_words_unstemmed() -> None:
    assert stem("sensorene", "xx") == "sensorene"


def test_short_words_in_er_are_not_treated_as_compounds() -> None:
    assert stem("ber", "nb") == stem("ber", "nb").strip()
    assert len(stem("her", "nb")) >= 2


def test_normalise_keeps_letters_digits_and_sami_letters_and_drops_the_rest() -> None:
    assert normalise_words("Kárášjohka, Guovdageaidnu & ŊŦŽ-5G!") == [
        "kárášjohka",
        "guovdageaidnu",
        "ŋŧž",
        "5g",
    ]
    assert normalise_words("＂ｆｕｌｌ　ｗｉｄｔｈ＂ 😀 \x00 a\\b") == ["full", "width", "a", "b"]
    assert normalise_words("STRAßE") == ["strasse"]


def test_stem_text_stems_each_word_in_its_language() -> None:
    assert stem_text("Bysyklene og sensorene!", "nb") == "bysykl og sensor"


# --- queries -----------------------------------------------------------------------------


def test_query_terms_stem_each_word_in_every_language() -> None:
    terms = query_terms("sensorene ")
    assert len(terms) == 1
    assert {"sensorene", "sensor"} <= set(terms[0].alternatives)
    assert terms[0].prefix is False


def test_last_word_is_a_prefix_while_typing() -> None:
    first, last = query_terms("sensor bysyk")
    assert first.prefix is False
    assert last.prefix is True
    assert query_terms("sensor bysyk.")[-1].prefix is False
    assert query_terms("bysykk")[-1].alternatives.count("bysyk") == 1
    assert query_terms("ab")[-1].prefix is False


def test_a_prefix_term_leaves_out_forms_a_shorter_form_already_finds() -> None:
    # "innen" stems to "inn" (bokmål) and "in" (English): "in…" finds every word the longer
    # forms find, so the engine reads one prefix instead of three.
    assert query_terms("innen")[-1].alternatives == ("in",)
    assert query_terms("bruke")[-1].alternatives == ("bruk",)
    # A whole word keeps every form: "innen " is not a prefix of anything.
    assert set(query_terms("innen ")[-1].alternatives) == {"in", "inn", "innen"}


@pytest.mark.parametrize("query", ["", "   ", "!!! ??? ... --- ***", '"()"', "😀🎉", "\x00\x00"])
def test_empty_or_punctuation_only_query_has_no_terms(query: str) -> None:
    assert query_terms(query) == []


def test_query_is_capped_in_words_and_characters() -> None:
    assert len(query_terms(" ".join(f"w{n}" for n in range(500)))) == MAX_QUERY_WORDS
    assert len(query_terms("a" * 10_000)) == 1
    assert len(query_terms("a" * 10_000)[0].word) <= 60


def test_fts5_expression_quotes_every_alternative() -> None:
    expression = _fts5_expression(query_terms('NEAR( "x" OR y* '))
    assert expression == '("near") AND ("x") AND ("or") AND ("y")'


def test_tsquery_expression_quotes_every_alternative() -> None:
    expression = _tsquery_expression(query_terms("x & y | !abc"))
    assert expression == "('x') & ('y') & ('abc':*)"


def test_index_table_name_must_be_plain() -> None:
    with pytest.raises(ValueError):
        SearchIndex('cases"; DROP TABLE x; --')


# --- snippets ----------------------------------------------------------------------------


def test_snippet_marks_stemmed_matches_and_escapes_the_text() -> None:
    html = snippet("<b>Bysyklene</b> & sensorer", "bysykkel sensor", 220)
    assert html == "&lt;b&gt;<mark>Bysyklene</mark>&lt;/b&gt; &amp; <mark>sensorer</mark>"


def test_snippet_cuts_around_the_first_hit_with_ellipses() -> None:
    text = " ".join(["fyll"] * 100) + " parkeringen " + " ".join(["mer"] * 100)
    html = snippet(text, "parkering", 80)
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>parkeringen</mark>" in html
    assert len(html) < 80 + len("<mark></mark>") + 2


def test_snippet_without_a_hit_is_the_start_of_the_text() -> None:
    text = "Første ord. " + "x " * 200
    html = snippet(text, "ingenting", 40)
    assert html.startswith("Første ord.") and html.endswith("…")
    assert "<mark>" not in html


def test_snippet_of_a_hostile_query_is_plain_escaped_text() -> None:
    assert snippet("a < b", '<mark>"', 50) == "a &lt; b"


def test_snippets_of_different_queries_over_the_same_texts_each_mark_their_own_words() -> None:
    # Each query remembers which words it matched: one must not answer for another.
    texts = ["Sykler ved skolen", "Skolen har sykler", "Sykkelveien til skolen"]
    for _ in range(2):
        assert [snippet(t, "sykkel ", 220) for t in texts] == [  # a whole word
            "<mark>Sykler</mark> ved skolen",
            "Skolen har <mark>sykler</mark>",
            "Sykkelveien til skolen",
        ]
        assert [snippet(t, "skole ", 220) for t in texts] == [
            "Sykler ved <mark>skolen</mark>",
            "<mark>Skolen</mark> har sykler",
            "Sykkelveien til <mark>skolen</mark>",
        ]
        assert snippet(texts[2], "sykkelv", 220) == "<mark>Sykkelveien</mark> til skolen"


def test_a_query_that_met_many_words_forgets_them_and_still_marks_right(monkeypatch) -> None:
    monkeypatch.setattr(core_search._Matcher, "MOST", 2)
    text = "Sykler ved skolen og sykler hjem fra skolen"
    expected = "<mark>Sykler</mark> ved skolen og <mark>sykler</mark> hjem fra skolen"
    assert snippet(text, "sykkel ", 220) == expected
    assert snippet(text, "sykkel ", 220) == expected
    assert len(core_search._matcher("sykkel ").seen) <= 2


# --- an index over any model -------------------------------------------------------------

TEST_INDEX = SearchIndex("core_test_search")


@pytest.fixture
def org_index(db: None) -> SearchIndex:
    install_index(TEST_INDEX, connection)
    install_index(TEST_INDEX)  # idempotent
    return TEST_INDEX


def _index(index: SearchIndex, org: Organisation, *parts: Part) -> None:
    index_replace(index, {org.pk: list(parts)})


def test_search_filter_finds_inflected_forms_and_ranks_title_hits_first(
    org_index: SearchIndex,
) -> None:
    body = organisation_create(name="Body")
    title = organisation_create(name="Title")
    _index(org_index, body, Part("Om oss", "nb", "a"), Part("Vi lager bysyklene.", "nb", "c"))
    _index(org_index, title, Part("Bysykkel AS", "nb", "a"))
    found = list(
        search_filter(Organisation.objects.all(), org_index, "bysykler ").order_by("-search_rank")
    )
    assert found == [title, body]
    assert found[0].search_rank > found[1].search_rank > 0


def test_search_filter_needs_every_word(org_index: SearchIndex) -> None:
    both = organisation_create()
    one = organisation_create()
    _index(org_index, both, Part("sensor og parkering", "nb", "b"))
    _index(org_index, one, Part("sensor", "nb", "b"))
    qs = Organisation.objects.all()
    assert set(search_filter(qs, org_index, "sensorer parkeringen ")) == {both}
    assert set(search_filter(qs, org_index, "sensorene ")) == {both, one}


def test_search_filter_composes_with_filters_count_and_slicing(org_index: SearchIndex) -> None:
    orgs = [organisation_create() for _ in range(5)]
    for org in orgs:
        _index(org_index, org, Part("datadeling", "nb", "a"))
    qs = search_filter(Organisation.objects.all(), org_index, "datadeling ")
    assert qs.count() == 5
    assert qs.exclude(pk=orgs[0].pk).count() == 4
    assert len(qs.order_by("-search_rank", "pk")[1:3]) == 2
    nested = Organisation.objects.filter(pk__in=qs.values("pk"))
    assert nested.count() == 5
    facets = qs.values("kind").annotate(n=Count("pk")).order_by("kind")
    assert [(row["kind"], row["n"]) for row in facets] == [(orgs[0].kind, 5)]
    assert qs.distinct().order_by("-search_rank").count() == 5


def test_empty_query_filters_nothing_and_ranks_zero(org_index: SearchIndex) -> None:
    organisation_create()
    qs = search_filter(Organisation.objects.all(), org_index, " ?! ")
    assert qs.count() == Organisation.objects.count()
    assert {row.search_rank for row in qs} == {0.0}


def test_index_remove_and_clear(org_index: SearchIndex) -> None:
    first, second = organisation_create(), organisation_create()
    _index(org_index, first, Part("vannmåler", "nb", "a"))
    _index(org_index, second, Part("vannmåler", "nb", "a"))
    qs = Organisation.objects.all()
    index_remove(org_index, [first.pk, 999_999])
    assert list(search_filter(qs, org_index, "vannmåler ")) == [second]
    index_clear(org_index)
    assert list(search_filter(qs, org_index, "vannmåler ")) == []


def test_index_replace_runs_the_same_statements_for_any_number_of_rows(
    org_index: SearchIndex,
) -> None:
    # Delete and insert; on PostgreSQL also the narrow tables searches read.
    expected = 2 if connection.vendor == "sqlite" else 3
    orgs = [organisation_create() for _ in range(30)]
    counts = []
    for rows in (orgs[:1], orgs):
        with CaptureQueriesContext(connection) as ctx:
            index_replace(org_index, {org.pk: [Part("tekst", "nb", "a")] for org in rows})
        on_index = [q for q in ctx.captured_queries if org_index.table in q["sql"]]
        assert len(on_index) == expected
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_writes_to_an_index_of_a_collection_record_its_changed_rows(
    org_index: SearchIndex,
) -> None:
    """The text hits a process keeps and the cached pages are read anew after an index
    write, even one that changed no column a trigger watches."""
    index = SearchIndex(org_index.table, collection="orgs")
    first, second = organisation_create(), organisation_create()

    def recorded() -> list[tuple[str, int]]:
        rows = FacetChange.objects.filter(collection__in=["orgs", "site"], pk__gt=newest)
        return sorted(rows.values_list("collection", "object_id"))

    newest = FacetChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    index_replace(index, {first.pk: [Part("tekst", "nb", "a")], second.pk: []})
    assert recorded() == sorted([("orgs", first.pk), ("orgs", second.pk), ("site", 0)])

    newest = FacetChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    index_remove(index, [second.pk])
    assert recorded() == [("orgs", second.pk), ("site", 0)]

    newest = FacetChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    index_clear(index)
    assert recorded() == [("orgs", 0), ("site", 0)]


def test_search_adds_no_statement_and_stays_constant_with_more_rows(
    org_index: SearchIndex,
) -> None:
    def run() -> int:
        with CaptureQueriesContext(connection) as ctx:
            qs = search_filter(Organisation.objects.all(), org_index, "smart byer ")
            list(qs.order_by("-search_rank")[:20])
            qs.count()
        return len(ctx.captured_queries)

    for _ in range(3):
        _index(org_index, organisation_create(), Part("smarte byer", "nb", "a"))
    few = run()
    index_replace(
        org_index,
        {organisation_create().pk: [Part("smarte byer", "nb", "a")] for _ in range(40)},
    )
    assert run() == few == 2


def test_uninstall_then_install_gives_an_empty_working_index(org_index: SearchIndex) -> None:
    org = organisation_create()
    _index(org_index, org, Part("luftkvalitet", "nb", "a"))
    uninstall_index(org_index, connection)
    uninstall_index(org_index, connection)  # idempotent
    install_index(org_index, connection)
    qs = Organisation.objects.all()
    assert list(search_filter(qs, org_index, "luftkvalitet ")) == []
    _index(org_index, org, Part("luftkvalitet", "nb", "a"))
    assert list(search_filter(qs, org_index, "luftkvalitet ")) == [org]
