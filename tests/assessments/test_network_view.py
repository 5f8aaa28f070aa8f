"""The list page, the network view and the API: what each person sees, the aggregates,
and that a private assessment never shows or counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from smartby.accounts.services import api_token_create
from smartby.assessments.models import Section
from smartby.organisations.models import Organisation
from smartby.roadmap.models import Challenge
from tests.accounts.factories import member_create
from tests.assessments.factories import assessment_create
from tests.organisations.factories import municipal_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Oslo, Bergen, Stavanger shared (network), Trondheim public, Lillehammer private,
    Kristiansand a draft; Bergen also has a 2024 round."""
    made = {
        "oslo": assessment_create(
            organisation=municipal_organisation("0301"),
            visibility="network",
            levels=2,
            barriers=["1.1", "2.1"],
        ),
        "bergen": assessment_create(
            organisation=municipal_organisation("4601"),
            visibility="network",
            levels=3,
            barriers=["1.1"],
        ),
        "stavanger": assessment_create(
            organisation=municipal_organisation("1103"),
            visibility="network",
            levels=4,
            barriers=["1.1", "2.1"],
        ),
        "trondheim": assessment_create(
            organisation=municipal_organisation("5001"),
            visibility="public",
            levels=5,
            barriers=["1.1"],
        ),
        "lillehammer": assessment_create(
            organisation=municipal_organisation("3405"),
            visibility="private",
            levels=1,
            barriers=["3.1"],
        ),
        "kristiansand": assessment_create(
            organisation=municipal_organisation("4204"),
            visibility="public",
            submitted=False,
            levels=None,
        ),
    }
    assessment_create(organisation=municipal_organisation("4601"), year=2024, visibility="public")
    return made


def test_network_view_for_anonymous_shows_public_only_but_aggregates_all_shared(client, world):
    body = client.get("/en/roadmap/assessments/network/?year=2025").content.decode()
    assert "Trondheim" in body
    assert "Oslo kommune" not in body and "Lillehammer" not in body
    assert "Median of 4 municipalities" in body
    assert "Among the 4 municipalities that shared this round" in body


def test_network_view_for_a_network_peer_shows_network_ones(client, world):
    client.force_login(member_create(organisation=municipal_organisation("5501")))  # Tromsø
    body = client.get("/en/roadmap/assessments/network/?year=2025").content.decode()
    for name in ("Oslo kommune", "Bergen kommune", "Stavanger kommune", "Trondheim kommune"):
        assert name in body
    assert "Lillehammer" not in body and "Kristiansand" not in body


def test_barriers_are_ranked_from_shared_assessments_only(client, world):
    body = client.get("/en/roadmap/assessments/network/?year=2025").content.decode()
    first = Challenge.objects.get(principle__number=1, position=1)
    private_only = Challenge.objects.get(principle__number=3, position=1)
    assert f'<tr><th scope="row">{first.text}</th><td>1</td><td class="num">4</td>' in body
    assert private_only.text not in body


def test_aggregates_are_withheld_under_three(client, world):
    for key in ("oslo", "bergen"):
        world[key].visibility = "private"
        world[key].save()
    body = client.get("/en/roadmap/assessments/network/?year=2025").content.decode()
    assert "Median of" not in body
    assert "Shown when at least 3 municipalities have shared the round." in body
    data = client.get("/api/v1/roadmap/benchmark?year=2025").json()
    assert data["withheld"] is True and data["n"] == 2
    assert data["overall"] is None
    assert all(p["figures"] is None for p in data["principles"])


def test_a_private_assessment_never_changes_the_benchmark(client, world):
    before = client.get("/api/v1/roadmap/benchmark?year=2025").json()
    assessment_create(organisation=municipal_organisation("1506"), visibility="private", levels=5)
    after = client.get("/api/v1/roadmap/benchmark?year=2025").json()
    assert before == after
    assert before["n"] == 4
    p1 = before["principles"][0]["figures"]
    # Scores 25, 50, 75, 100: median 62.5, quartiles 43.8 and 81.2.
    assert (p1["median"], p1["q1"], p1["q3"], p1["min"], p1["max"]) == (
        62.5,
        43.8,
        81.2,
        25.0,
        100.0,
    )
    assert before["rounds"] == [{"year": 2025, "n": 4}, {"year": 2024, "n": 1}]


def test_list_page_shows_own_rounds_and_shared_ones(client, world):
    client.force_login(member_create(organisation=municipal_organisation("4204"), role="editor"))
    body = client.get("/en/roadmap/assessments/").content.decode()
    assert "Your municipality&#x27;s rounds" in body or "Your municipality's rounds" in body
    assert "0 of 58 answered" in body
    assert "Start a new round" in body
    assert "Trondheim kommune" in body and "Lillehammer" not in body


def _api(client, path, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.get(path, **headers)


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("anonymous", {"trondheim"}),
        ("lillehammer_member", {"trondheim", "lillehammer"}),
        ("tromso_member", {"oslo", "bergen", "stavanger", "trondheim"}),
        ("kristiansand_editor", {"oslo", "bergen", "stavanger", "trondheim", "kristiansand"}),
    ],
)
def test_api_lists_what_the_caller_may_see(client, world, who, sees):
    token = None
    codes = {"lillehammer_member": "3405", "tromso_member": "5501", "kristiansand_editor": "4204"}
    if who in codes:
        user = member_create(organisation=municipal_organisation(codes[who]), role="editor")
        _row, token = api_token_create(user=user, name="t")
    data = _api(client, "/api/v1/assessments?year=2025", token).json()
    ids = {r["id"] for r in data["results"]}
    assert ids == {world[k].pk for k in sees}
    assert data["count"] == len(sees)
    for key, assessment in world.items():
        status = _api(client, f"/api/v1/assessments/{assessment.pk}", token).status_code
        assert status == (200 if key in sees else 404), key


def test_api_detail_has_principles_and_answers(client, world):
    data = client.get(f"/api/v1/assessments/{world['trondheim'].pk}").json()
    assert data["visibility"] == "public" and data["score"] == 100.0
    assert [p["number"] for p in data["principles"]] == list(range(1, 9))
    assert data["principles"][0]["barriers"] == ["1.1"]
    assert data["principles"][0]["level"] == 5
    assert len(data["answers"]) == 58
    assert data["answers"][0] == {
        "key_question": "1.1",
        "principle": 1,
        "level": 5,
        "comment": "",
        "evidence": [],
    }


@pytest.mark.parametrize(
    "query",
    [
        "year=abc",
        "limit=1000",
        "network=unknown",
        "status=done",
        "visibility=everyone",
        "offset=-1",
        "year=99999",
    ],
)
def test_api_bad_input_is_a_clear_4xx(client, world, query):
    for path in ("/api/v1/assessments", "/api/v1/roadmap/benchmark"):
        if path.endswith("benchmark") and query.split("=")[0] not in ("year", "network"):
            continue
        response = client.get(f"{path}?{query}")
        assert response.status_code == 422, (path, query)
        assert response.json()["detail"]


def test_api_bad_token_is_refused(client, world):
    assert _api(client, "/api/v1/assessments", "nonsense").status_code == 401


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_pages_and_endpoints_run_a_constant_number_of_queries(client, world):
    viewer = member_create(organisation=municipal_organisation("5501"))
    client.force_login(viewer)
    urls = [
        "/en/roadmap/assessments/",
        "/en/roadmap/assessments/network/?year=2025",
        "/api/v1/assessments?year=2025",
        f"/api/v1/assessments/{world['oslo'].pk}",
        "/api/v1/roadmap/benchmark?year=2025",
    ]
    few = [_count(client, url) for url in urls]
    taken = {"0301", "4601", "1103", "5001", "3405", "4204"}
    orgs = list(
        Organisation.objects.filter(kind="municipality").exclude(municipality__code__in=taken)[:150]
    )
    for year in (2024, 2025):
        for org in orgs:
            assessment_create(
                organisation=org, year=year, visibility="public", barriers=["1.2", "4.1"]
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    assert [_count(client, url) for url in urls] == few
    assert Section.objects.count() > 2400
