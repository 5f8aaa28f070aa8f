"""GET /api/v1/cases: the same filters as the page, facets with labels and counts, paging,
visibility, and 422 for unknown values."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from smartby.accounts.services import api_token_create
from smartby.cases.filters import FACETS
from smartby.cases.models import Case, LessonKind, Phase, Technology, Visibility
from tests.accounts.factories import member_create
from tests.cases.factories import case_create
from tests.organisations.factories import municipal_organisation

pytestmark = pytest.mark.django_db

URL = "/api/v1/cases"


def _cases() -> dict[str, Case]:
    oslo = municipal_organisation("0301")
    bergen = municipal_organisation("4601")
    bikes = case_create(
        owner=oslo,
        title="Bysykler for alle",
        summary="Bysykkel ved hver skole.",
        themes=["mobility"],
        phase=Phase.PILOT,
        lessons=[(LessonKind.PITFALL, "Vinterdrift.")],
    )
    bikes.technologies.add(Technology.objects.get(slug="sensors"))
    lights = case_create(owner=bergen, title="Smarte gatelys", themes=["energy"])
    members = case_create(owner=oslo, title="Medlemmer", visibility=Visibility.NETWORK)
    draft = case_create(owner=oslo, title="Utkast", published=False)
    adopted = case_create(owner=bergen, title="Bysykler i Bergen", adopted_from=bikes)
    return {
        "bikes": bikes,
        "lights": lights,
        "members": members,
        "draft": draft,
        "adopted": adopted,
    }


def test_list_answers_count_results_and_facets(client) -> None:
    cases = _cases()
    body = client.get(URL, {"lang": "en"}).json()
    assert body["count"] == 3
    titles = {row["title"] for row in body["results"]}
    assert titles == {"Bysykler for alle", "Smarte gatelys", "Bysykler i Bergen"}
    bikes = next(row for row in body["results"] if row["id"] == cases["bikes"].pk)
    assert bikes["owner"] == {
        "id": cases["bikes"].owner_id,
        "name": "Oslo kommune",
        "slug": cases["bikes"].owner.slug,
    }
    assert bikes["municipality"] == {"code": "0301", "name": "Oslo"}
    assert bikes["themes"] == ["mobility"]
    assert bikes["technologies"] == ["sensors"]
    assert bikes["phase"] == "testing" and bikes["status"] == "ongoing"
    assert bikes["visibility"] == "public" and bikes["language"] == "nb"
    assert bikes["url"] == f"/en/cases/{cases['bikes'].slug}/"
    assert bikes["snippet"] is None
    adopted = next(row for row in body["results"] if row["id"] == cases["adopted"].pk)
    assert adopted["adopted_from"] == cases["bikes"].pk
    assert set(body["facets"]) == set(FACETS)
    assert {"value": "mobility", "label": "Mobility", "count": 1} in body["facets"]["theme"]
    assert {"value": "yes", "label": "Has lessons learned", "count": 1} in body["facets"][
        "has_lessons"
    ]


def test_facet_labels_follow_the_language(client) -> None:
    _cases()
    english = client.get(URL, {"lang": "en"}).json()["facets"]["theme"]
    norwegian = client.get(URL, {"lang": "nb"}).json()["facets"]["theme"]
    assert [f["value"] for f in english] == [f["value"] for f in norwegian]
    assert english != norwegian


def test_filters_are_the_page_filters(client) -> None:
    cases = _cases()

    def ids(**query: object) -> set[int]:
        response = client.get(URL, query)
        assert response.status_code == 200, response.json()
        return {row["id"] for row in response.json()["results"]}

    assert ids(theme=["mobility", "energy"]) == {cases["bikes"].pk, cases["lights"].pk}
    assert ids(phase="testing") == {cases["bikes"].pk}
    assert ids(technology="sensors", has_lessons="yes") == {cases["bikes"].pk}
    assert ids(municipality="4601") == {cases["lights"].pk, cases["adopted"].pk}
    assert ids(county="03") == {cases["bikes"].pk}
    assert ids(country="no") == {cases["bikes"].pk, cases["lights"].pk, cases["adopted"].pk}


def test_search_gives_a_snippet_and_ranks(client) -> None:
    _cases()
    body = client.get(URL, {"q": "bysykkel"}).json()
    assert body["count"] == 2
    bikes = next(row for row in body["results"] if row["title"] == "Bysykler for alle")
    assert "<mark>" in bikes["snippet"]


def test_paging_uses_limit_and_offset_with_a_maximum(client) -> None:
    _cases()
    first = client.get(URL, {"limit": 2, "sort": "title"}).json()
    second = client.get(URL, {"limit": 2, "offset": 2, "sort": "title"}).json()
    assert first["count"] == second["count"] == 3
    assert [r["title"] for r in first["results"] + second["results"]] == [
        "Bysykler for alle",
        "Bysykler i Bergen",
        "Smarte gatelys",
    ]
    assert client.get(URL, {"limit": 101}).status_code == 422
    # Past the last row: an empty page; deeper than 10,000 rows: refused, with the reason.
    beyond = client.get(URL, {"offset": 10_000}).json()
    assert beyond["count"] == 3 and beyond["results"] == []
    deep = client.get(URL, {"offset": 10_000_000}, HTTP_ACCEPT_LANGUAGE="en")
    assert deep.status_code == 422
    assert "offset" in deep.json()["detail"] and "10000" in deep.json()["detail"]


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ({"theme": "no-such-theme"}, ["theme", "no-such-theme"]),
        ({"phase": "pilot"}, ["phase"]),
        ({"principle": "42"}, ["principle", "42"]),
        ({"municipality": "9999"}, ["municipality", "9999"]),
        ({"start_year": "soon"}, ["start year", "soon"]),
        ({"has_lessons": "maybe"}, ["has_lessons"]),
        ({"sort": "random"}, ["sort"]),
        ({"country": "US"}, ["country", "US"]),
    ],
)
def test_unknown_values_answer_422_with_a_clear_message(client, query, words) -> None:
    _cases()
    response = client.get(URL, query)
    assert response.status_code == 422
    detail = response.json()["detail"]
    for word in words:
        assert word in detail


def test_drafts_and_network_only_cases_stay_hidden_from_anonymous(client) -> None:
    cases = _cases()
    ids = {row["id"] for row in client.get(URL, {"limit": 100}).json()["results"]}
    assert cases["draft"].pk not in ids and cases["members"].pk not in ids


def test_a_members_token_shows_network_only_cases_but_never_drafts(client) -> None:
    cases = _cases()
    member = member_create(organisation=municipal_organisation("0301"))
    _token, raw = api_token_create(user=member, name="test")
    response = client.get(URL, {"limit": 100}, headers={"Authorization": f"Bearer {raw}"})
    ids = {row["id"] for row in response.json()["results"]}
    assert cases["members"].pk in ids
    assert cases["draft"].pk not in ids


def test_an_invalid_token_is_refused(client) -> None:
    _cases()
    response = client.get(URL, headers={"Authorization": "Bearer nonsense"})
    assert response.status_code == 401


def test_relevance_puts_title_hits_first_then_summary_hits_then_the_rest_newest_first(client):
    now = timezone.now()

    def case(title: str, summary: str, problem: str, days_ago: int) -> str:
        published_at = now - timedelta(days=days_ago)
        case_create(title=title, summary=summary, problem=problem, published_at=published_at)
        return title

    body_old = case("Gatelys", "Lys som dimmes", "Varmepumpe i skolen", 30)
    title_old = case("Varmepumper i skolene", "Energi", "Ingenting", 20)
    summary_new = case("Energisparing", "Varmepumpe i hallen", "Ingenting", 1)
    title_new = case("Varmepumpe på rådhuset", "Energi", "Ingenting", 2)
    body_new = case("Solceller", "Strøm fra taket", "Varmepumpen står stille", 3)
    case("Bysykler", "Sykler for alle", "Ingenting", 0)  # no hit
    expected = [title_new, title_old, summary_new, body_new, body_old]

    whole = client.get(URL, {"q": "varmepumpe"}).json()
    assert [row["title"] for row in whole["results"]] == expected
    # Pages cut across the tiers and still add up to the same order.
    pages = [
        row["title"]
        for offset in range(0, 5, 2)
        for row in client.get(URL, {"q": "varmepumpe", "limit": 2, "offset": offset}).json()[
            "results"
        ]
    ]
    assert pages == expected
    # Another order asked for: the tiers do not apply.
    newest = client.get(URL, {"q": "varmepumpe", "sort": "newest"}).json()
    assert [row["title"] for row in newest["results"]] == [
        summary_new,
        title_new,
        body_new,
        title_old,
        body_old,
    ]
