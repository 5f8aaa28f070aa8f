"""Finding cases: the /cases/ page with its filters and facet counts, the map, the lessons
view and similar cases. Facet counts must equal what choosing the value gives."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from smartby.cases.filters import FACETS, CaseFilters, Vocabulary
from smartby.cases.models import (
    Case,
    Lesson,
    LessonKind,
    Phase,
    Status,
    Technology,
    Theme,
    Visibility,
)
from smartby.cases.selectors.discovery import case_discover, case_page
from smartby.cases.selectors.similar import similar_cases
from smartby.core import facets
from smartby.roadmap.models import Principle
from tests.accounts.factories import member_create
from tests.cases.factories import case_create
from tests.cases.test_search import HOSTILE
from tests.organisations.factories import municipal_organisation

pytestmark = pytest.mark.django_db

ANONYMOUS = AnonymousUser()


def _dataset() -> dict[str, Case]:
    oslo = municipal_organisation("0301")
    bergen = municipal_organisation("4601")
    stavanger = municipal_organisation("1103")
    cases = {
        "bikes": case_create(
            owner=oslo,
            title="Bysykler for alle",
            summary="Bysykkel ved hver skole.",
            themes=["mobility", "environment"],
            phase=Phase.PILOT,
            started_on=date(2023, 3, 1),
            lessons=[(LessonKind.PITFALL, "Husk vinterdrift av syklene.")],
        ),
        "lights": case_create(
            owner=bergen,
            title="Smarte gatelys",
            summary="Lys som dimmes når ingen går forbi.",
            themes=["energy"],
            phase=Phase.SCALING,
            status=Status.COMPLETED,
            started_on=date(2021, 5, 1),
            lessons=[(LessonKind.WORKED, "Lokale leverandører svarte raskt.")],
        ),
        "water": case_create(
            owner=stavanger,
            title="Vannmålere",
            summary="Digitale vannmålere i alle hjem.",
            themes=["water", "environment"],
            phase=Phase.PILOT,
            started_on=date(2023, 9, 1),
            lessons=[(LessonKind.PITFALL, "Personvern må avklares tidlig.")],
        ),
        "parking": case_create(
            owner=oslo,
            title="Parkering med sensorer",
            summary="Sensorer viser ledige plasser.",
            themes=["mobility"],
            phase=Phase.ANALYSIS,
            status=Status.STOPPED,
        ),
        "members": case_create(
            owner=oslo,
            title="Kun for medlemmer",
            summary="Nettverkssak om mobilitet.",
            themes=["mobility"],
            visibility=Visibility.NETWORK,
        ),
        "draft": case_create(
            owner=oslo, title="Utkast om mobilitet", themes=["mobility"], published=False
        ),
    }
    sensors = Technology.objects.get(slug="sensors")
    cases["parking"].technologies.add(sensors)
    cases["water"].technologies.add(sensors)
    cases["bikes"].principles.add(Principle.objects.get(number=1))
    cases["water"].principles.add(Principle.objects.get(number=3))
    return cases


def _titles(response) -> set[str]:
    return {case.title for case in response.context["page_obj"]}


# --- selectors: filters and facet counts ----------------------------------------------------


def case_facets(*, viewer, filters, vocabulary):
    """The facet counts of the list (bitmaps), checked below against SQL (case_discover)."""
    return case_page(viewer=viewer, filters=filters, vocabulary=vocabulary, limit=1).facets


def test_every_facet_count_equals_the_count_of_choosing_that_value() -> None:
    _dataset()
    vocabulary = Vocabulary()
    bases = [
        CaseFilters(),
        CaseFilters(phase=["testing"]),
        CaseFilters(theme=["mobility"]),
        CaseFilters(q="bysykkel"),
        CaseFilters(q="vannmålere", phase=["testing"]),
    ]
    for base in bases:
        facets = case_facets(viewer=ANONYMOUS, filters=base, vocabulary=vocabulary)
        assert set(facets) == set(FACETS)
        for name, values in facets.items():
            for facet in values:
                chosen = CaseFilters(**{**base.__dict__})
                if name == "has_lessons":
                    chosen.has_lessons = True
                else:
                    setattr(chosen, name, [facet.value])
                found = case_discover(viewer=ANONYMOUS, filters=chosen).count()
                assert found == facet.count, (base, name, facet)


def test_facet_counts_ignore_their_own_filter_and_apply_the_others() -> None:
    _dataset()
    filters = CaseFilters(theme=["mobility"], phase=["testing"])
    facets = case_facets(viewer=ANONYMOUS, filters=filters, vocabulary=Vocabulary())
    themes = {f.value: f.count for f in facets["theme"]}
    # Over the testing cases (bikes, water), whatever their theme.
    assert themes == {"mobility": 1, "environment": 2, "water": 1}
    phases = {f.value: f.count for f in facets["phase"]}
    # Over the public mobility cases (bikes, parking), whatever their phase.
    assert phases == {"testing": 1, "analysis": 1}
    assert [f.selected for f in facets["theme"] if f.value == "mobility"] == [True]


def test_values_of_one_filter_are_alternatives_and_filters_combine() -> None:
    cases = _dataset()

    def found(**kwargs: object) -> set[Case]:
        return set(case_discover(viewer=ANONYMOUS, filters=CaseFilters(**kwargs)))  # type: ignore[arg-type]

    assert found(theme=["water", "energy"]) == {cases["water"], cases["lights"]}
    assert found(theme=["environment"], phase=["testing"]) == {cases["bikes"], cases["water"]}
    assert found(technology=["sensors"]) == {cases["parking"], cases["water"]}
    assert found(principle=["1"]) == {cases["bikes"]}
    assert found(status=["completed"]) == {cases["lights"]}
    assert found(county=["46"]) == {cases["lights"]}
    assert found(municipality=["1103"]) == {cases["water"]}
    assert found(country=["NO"]) == {cases[k] for k in ["bikes", "lights", "water", "parking"]}
    assert found(start_year=["2023"]) == {cases["bikes"], cases["water"]}
    assert found(has_lessons=True) == {cases["bikes"], cases["lights"], cases["water"]}
    assert found(q="vannmåler") == {cases["water"]}


def test_sort_orders() -> None:
    cases = _dataset()

    def order(sort: str, q: str = "") -> list[str]:
        return [
            c.title for c in case_discover(viewer=ANONYMOUS, filters=CaseFilters(sort=sort, q=q))
        ]

    assert order("title") == sorted(order("title"))
    assert order("oldest") == list(reversed(order("newest")))
    assert order("newest")[0] == cases["parking"].title
    Case.objects.filter(pk=cases["bikes"].pk).update(
        updated_at=cases["parking"].updated_at.replace(year=2100)
    )
    assert order("updated")[0] == cases["bikes"].title
    # Relevance without a query falls back to newest.
    assert order("relevance") == order("newest")


# --- the page --------------------------------------------------------------------------------


def test_list_page_shows_published_public_cases_with_facets_and_links(client) -> None:
    _dataset()
    response = client.get("/en/cases/")
    assert response.status_code == 200
    assert _titles(response) == {
        "Bysykler for alle",
        "Smarte gatelys",
        "Vannmålere",
        "Parkering med sensorer",
    }
    html = response.content.decode()
    assert 'type="application/atom+xml"' in html
    for path in [
        "/en/cases/map/",
        "/en/cases/export.csv",
        "/en/cases/export.json",
        "/en/cases/feed.atom",
        "/en/cases/lessons/",
    ]:
        assert f'href="{path}' in html
    assert 'name="theme" value="mobility"' in html
    assert "4 cases found" in html
    assert response.context["nav"] == "cases"


def test_list_page_filters_keep_their_query_in_the_export_and_map_links(client) -> None:
    _dataset()
    response = client.get("/en/cases/", {"theme": ["mobility", "water"], "phase": "testing"})
    assert _titles(response) == {"Bysykler for alle", "Vannmålere"}
    html = response.content.decode()
    assert "/en/cases/map/?theme=mobility&amp;theme=water&amp;phase=testing" in html
    assert "checked" in html


def test_search_shows_a_highlighted_snippet(client) -> None:
    _dataset()
    response = client.get("/en/cases/", {"q": "vannmålere"})
    assert _titles(response) == {"Vannmålere"}
    assert "<mark>" in response.content.decode()


def test_the_search_box_and_the_order_show_what_was_asked_escaped(client) -> None:
    _dataset()
    response = client.get("/en/cases/", {"q": 'lys "<b>', "sort": "title"})
    html = response.content.decode()
    assert '<label for="id_q">Search:</label>' in html
    assert 'name="q" value="lys &quot;&lt;b&gt;" id="id_q">' in html
    assert '<label for="id_sort">Sort by:</label>' in html
    assert '<option value="title" selected>Title</option>' in html
    assert html.count(" selected>") == 1
    assert "aria-invalid" not in html
    norwegian = client.get("/cases/").content.decode()
    assert '<label for="id_q">Søk:</label>' in norwegian
    assert '<option value="" selected>' in norwegian
    assert 'name="q" id="id_q">' in norwegian  # an empty box has no value


def test_an_unknown_order_marks_its_field_and_keeps_the_search(client) -> None:
    _dataset()
    response = client.get("/en/cases/", {"q": "lys", "sort": "random"})
    assert response.status_code == 400
    html = response.content.decode()
    assert '<select name="sort" id="id_sort" aria-invalid="true">' in html
    assert "Sort by: Select a valid choice." in html
    assert 'value="lys"' in html
    assert " selected>" not in html


def test_a_card_marks_the_language_of_a_case_written_in_another(client) -> None:
    oslo = municipal_organisation("0301")
    case_create(owner=oslo, title="Bysykler", summary="Sykler ved skolen.", language="nb")
    case_create(owner=oslo, title="City bikes", summary="Bikes at school.", language="en")
    english = client.get("/en/cases/").content.decode()
    assert '<a href="/en/cases/test-case-' in english
    assert re.search(r'lang="nb">Bysykler</a>', english)
    assert re.search(r'<p lang="nb">Sykler ved skolen.</p>', english)
    assert not re.search(r'lang="en">City bikes', english)
    norwegian = client.get("/cases/").content.decode()
    assert re.search(r'lang="en">City bikes</a>', norwegian)
    assert not re.search(r'lang="nb">Bysykler', norwegian)


@pytest.mark.parametrize(
    "query",
    [
        {"theme": "no-such-theme"},
        {"phase": "pilot"},
        {"principle": "99"},
        {"county": "99"},
        {"municipality": "9999"},
        {"sdg": "18"},
        {"start_year": "soon"},
        {"has_lessons": "maybe"},
        {"country": "US"},
        {"sort": "random"},
    ],
)
def test_unknown_filter_values_answer_400_with_the_reason(client, query) -> None:
    _dataset()
    before = Case.objects.count()
    response = client.get("/en/cases/", query)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert Case.objects.count() == before


def test_principle_is_given_by_number_or_slug(client) -> None:
    _dataset()
    by_slug = client.get("/en/cases/", {"principle": "put-citizens-at-the-centre"})
    by_number = client.get("/en/cases/", {"principle": "1"})
    assert by_slug.status_code == by_number.status_code == 200
    assert _titles(by_slug) == _titles(by_number) == {"Bysykler for alle"}


def test_network_only_case_is_hidden_from_anonymous_and_shown_to_the_owner(client) -> None:
    _dataset()
    assert "Kun for medlemmer" not in _titles(client.get("/en/cases/"))
    client.force_login(member_create(organisation=municipal_organisation("0301")))
    titles = _titles(client.get("/en/cases/"))
    assert "Kun for medlemmer" in titles
    assert "Utkast om mobilitet" not in titles  # drafts are never listed, even to the owner


def test_demo_cases_get_a_badge(client) -> None:
    case_create(title="Demo case", is_demo=True)
    html = client.get("/en/cases/").content.decode()
    assert "badge-demo" in html


def _bulk(n: int, start: int = 0) -> None:
    oslo = municipal_organisation("0301")
    bergen = municipal_organisation("4601")
    sensors = Technology.objects.get(slug="sensors")
    principle = Principle.objects.get(number=2)
    for i in range(start, start + n):
        case = case_create(
            owner=oslo if i % 2 else bergen,
            title=f"Bulk case {i}",
            themes=["mobility", "energy"] if i % 3 else ["water"],
            phase=Phase.PILOT if i % 2 else Phase.DESIGN,
            started_on=date(2020 + i % 5, 1, 1),
            lessons=[(LessonKind.PITFALL, f"Pitfall {i}")],
        )
        case.technologies.add(sensors)
        case.principles.add(principle)


def _queries(client, url: str) -> int:
    # The first request after data changed brings the facet bitmaps up to date (a fixed
    # number of queries, pinned in tests/core/test_facets.py); what is pinned here is the
    # page itself.
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        b"".join(response) if response.streaming else response.content  # noqa: B018
    assert response.status_code == 200, url
    return len(queries)


QUERY_COUNT_PAGES = [
    "/en/cases/",
    "/en/cases/?q=bulk",
    "/en/cases/?theme=mobility&phase=testing&technology=sensors&has_lessons=yes",
    "/en/cases/?page=2",
    "/en/cases/map/",
    "/en/cases/map/?theme=mobility",
    "/en/cases/lessons/",
    "/en/cases/lessons/?kind=pitfall&theme=mobility",
    "/en/cases/export.csv",
    "/en/cases/export.json?theme=mobility",
    "/en/cases/feed.atom",
    "/api/v1/cases?theme=mobility&limit=100",
    "/api/v1/cases?q=bulk",
]


@pytest.mark.parametrize("viewer", ["anonymous", "member"])
def test_pages_run_the_same_number_of_queries_with_10_or_200_cases(client, viewer) -> None:
    if viewer == "member":
        client.force_login(member_create(organisation=municipal_organisation("0301")))
    _bulk(10)
    small = {url: _queries(client, url) for url in QUERY_COUNT_PAGES}
    _bulk(190, start=10)
    # Each process reads the lists' orders again, as after a restart, so that both sizes are
    # measured alike: the cost of rows changed since (one query) is pinned in test_facets.
    facets.forget_all()
    large = {url: _queries(client, url) for url in QUERY_COUNT_PAGES}
    assert large == small


# --- map ---------------------------------------------------------------------------------------


def test_map_groups_the_filtered_cases_by_municipality_with_a_text_list(client) -> None:
    _dataset()
    response = client.get("/en/cases/map/", {"theme": "mobility"})
    assert response.status_code == 200
    points = response.context["map_points"]
    assert [p["name"] for p in points] == ["Oslo: 2 cases"]
    assert points[0]["url"] == "/en/cases/?theme=mobility&municipality=0301"
    html = response.content.decode()
    assert 'role="region"' in html
    assert "Oslo: 2 cases</a>" in html
    assert response.context["nav"] == "cases"


def test_map_counts_cases_without_a_municipality(client) -> None:
    case_create(title="Nowhere", municipality=None)
    response = client.get("/en/cases/map/")
    assert response.context["unplaced"] == 1
    assert response.context["map_points"] == []


def test_map_refuses_unknown_filters(client) -> None:
    assert client.get("/en/cases/map/", {"theme": "nope"}).status_code == 400


# --- lessons --------------------------------------------------------------------------------


def test_lessons_default_to_pitfalls_grouped_by_theme(client) -> None:
    _dataset()
    response = client.get("/en/cases/lessons/")
    assert response.status_code == 200
    rows = [
        (lesson.theme.slug if lesson.theme else None, lesson.text)
        for lesson in response.context["page_obj"]
    ]
    assert sorted(rows) == sorted(
        [
            ("mobility", "Husk vinterdrift av syklene."),
            ("water", "Personvern må avklares tidlig."),
            ("environment", "Personvern må avklares tidlig."),
            ("environment", "Husk vinterdrift av syklene."),
        ]
    )
    themes_in_order = [r[0] for r in rows]
    order = {t.slug: (t.kind, t.position) for t in Theme.objects.all()}
    assert themes_in_order == sorted(themes_in_order, key=lambda slug: order[slug])
    html = response.content.decode()
    assert "Lokale leverandører" not in html  # a "worked" lesson
    assert f'href="{Case.objects.get(title="Bysykler for alle").get_absolute_url()}"' in html


def test_lessons_filter_by_kind_and_theme(client) -> None:
    _dataset()
    worked = client.get("/en/cases/lessons/", {"kind": "worked"})
    assert [lesson.text for lesson in worked.context["page_obj"]] == [
        "Lokale leverandører svarte raskt."
    ]
    water = client.get("/en/cases/lessons/", {"theme": "water"})
    assert [(lesson.theme.slug, lesson.text) for lesson in water.context["page_obj"]] == [
        ("water", "Personvern må avklares tidlig.")
    ]


def test_lessons_come_only_from_published_cases_the_viewer_may_see(client) -> None:
    case_create(published=False, lessons=[(LessonKind.PITFALL, "Draft lesson")])
    case_create(visibility=Visibility.NETWORK, lessons=[(LessonKind.PITFALL, "Members lesson")])
    case_create(lessons=[(LessonKind.PITFALL, "Public lesson")])
    texts = [lesson.text for lesson in client.get("/en/cases/lessons/").context["page_obj"]]
    assert texts == ["Public lesson"]
    assert Lesson.objects.count() == 3


@pytest.mark.parametrize("query", [{"kind": "nonsense"}, {"theme": "nope"}])
def test_lessons_refuse_unknown_filters(client, query) -> None:
    response = client.get("/en/cases/lessons/", query)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


# --- similar cases --------------------------------------------------------------------------


def test_similar_cases_rank_by_shared_tags_then_recency() -> None:
    cases = _dataset()
    similar = similar_cases(case=cases["water"], viewer=ANONYMOUS)
    # water: themes water+environment, technology sensors, principle 3.
    # bikes shares environment (1); parking shares sensors (1); lights shares nothing.
    assert similar == [cases["parking"], cases["bikes"]]
    assert cases["water"] not in similar


def test_similar_cases_leave_out_what_the_viewer_may_not_see() -> None:
    cases = _dataset()
    similar = similar_cases(case=cases["parking"], viewer=ANONYMOUS)
    assert cases["members"] not in similar and cases["draft"] not in similar
    assert similar[0] == cases["bikes"] or similar[0] == cases["water"]
    owner = member_create(organisation=municipal_organisation("0301"))
    assert cases["members"] in similar_cases(case=cases["parking"], viewer=owner)


def test_similar_cases_is_one_query_and_respects_the_limit(django_assert_num_queries) -> None:
    cases = _dataset()
    with django_assert_num_queries(1):
        similar = similar_cases(case=cases["bikes"], viewer=ANONYMOUS, limit=1)
        [c.owner.name for c in similar]
    assert len(similar) == 1


def test_similar_cases_partial_renders_a_heading_and_links() -> None:
    from django.template.loader import render_to_string

    cases = _dataset()
    html = render_to_string(
        "cases/partials/similar_cases.html",
        {"similar_cases": similar_cases(case=cases["water"], viewer=ANONYMOUS)},
    )
    assert "Similar cases" in html
    assert cases["parking"].get_absolute_url() in html
    assert (
        render_to_string("cases/partials/similar_cases.html", {"similar_cases": []}).strip() == ""
    )


# --- any search text ---------------------------------------------------------------------------


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_any_search_text_is_answered_by_the_page_the_api_the_exports_and_the_feed(
    client, query: str
) -> None:
    case_create(title="Sensorer i Kárášjohka", summary="Sensorene og bysykkel i Kárášjohka.")
    params = {"q": query}
    for url in ["/en/cases/", "/en/cases/map/", "/en/cases/export.csv", "/en/cases/feed.atom"]:
        assert client.get(url, params).status_code == 200, url
    response = client.get("/api/v1/cases", params)
    assert response.status_code == 200
    assert response.json()["count"] == len(response.json()["results"])


def test_a_sami_search_on_the_page_finds_and_highlights_the_case(client) -> None:
    case_create(title="Sensorer i Kárášjohka", summary="Sensorene og bysykkel i Kárášjohka.")
    html = client.get("/en/cases/", {"q": "kárášjohka"}).content.decode()
    assert "Sensorer i Kárášjohka" in html
    assert "<mark>Kárášjohka</mark>" in html


def test_a_long_facet_shows_its_largest_values_and_a_link_to_all(client) -> None:
    from smartby.organisations.models import Municipality

    places = list(Municipality.objects.filter(country="NO").order_by("code")[:14])
    for n, place in enumerate(places):
        for _ in range(1 + (n == 13) * 3):  # the last place has the most cases
            case_create(municipality=place)
    html = client.get("/en/cases/", {"municipality": places[0].code}).content.decode()
    shown = html.count('name="municipality"')
    assert shown in (10, 11)  # the ten largest, and the chosen one if it is not among them
    assert f'value="{places[0].code}" id' in html  # chosen
    assert f'value="{places[13].code}"' in html and "(4 cases)" in html  # largest
    assert f"Show {14 - shown} more" in html
    everything = client.get(
        "/en/cases/", {"municipality": places[0].code, "all": "municipality"}
    ).content.decode()
    assert (
        everything.count('name="municipality"') == 14
        and "more" not in everything.split("Municipality")[1].split("</fieldset>")[0]
    )


def test_a_list_page_names_each_cases_themes_from_the_facet_bitmaps(client) -> None:
    _bulk(12)
    url = "/en/cases/?q=bulk&theme=mobility&phase=testing"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    body = response.content.decode()
    badges = '<span class="badge">Mobility</span> <span class="badge">Energy</span>'
    # every card's themes, in the vocabulary's order
    assert body.count(badges) == body.count('class="card case-card"') > 0
    links = ("cases_case_themes", "cases_case_technologies", "cases_case_principles")
    assert not [q["sql"] for q in queries if any(table in q["sql"] for table in links)]
    # The case rows themselves: one statement, by primary key.
    assert sum('FROM "cases_case"' in q["sql"] for q in queries.captured_queries) == 1
