from __future__ import annotations

import pytest

from smartby.reference.models import DataTheme, Licence, SustainableDevelopmentGoal

pytestmark = pytest.mark.django_db


def test_sdg_list_has_the_17_goals_each_with_its_targets(client):
    body = client.get("/api/v1/sdgs").json()

    assert body["count"] == 17
    assert [g["number"] for g in body["results"]] == list(range(1, 18))
    cities = body["results"][10]
    goal = SustainableDevelopmentGoal.objects.get(number=11)
    assert cities["short_title"] == goal.short_title_nb
    assert cities["colour"].startswith("#")
    assert [t["code"] for t in cities["targets"]] == list(
        goal.targets.order_by("position").values_list("code", flat=True)
    )
    assert len(cities["targets"]) > 0


def test_sdg_list_runs_the_same_queries_for_all_goals(client, django_assert_num_queries):
    # count, goals, targets of all goals at once
    with django_assert_num_queries(3):
        client.get("/api/v1/sdgs")


def test_sdg_detail_speaks_english_when_asked(client):
    goal = SustainableDevelopmentGoal.objects.get(number=11)

    response = client.get("/api/v1/sdgs/11?lang=en")

    assert response.status_code == 200
    assert response.json()["title"] == goal.title_en
    assert response.json()["targets"][0]["text"] == goal.targets.order_by("position")[0].text_en


@pytest.mark.parametrize("number", ["0", "18"])
def test_sdg_detail_of_a_number_that_is_no_goal_is_a_json_404(client, number):
    response = client.get(f"/api/v1/sdgs/{number}")

    assert response.status_code == 404
    assert "the goals are 1–17" in response.json()["detail"]


def test_sdg_detail_with_a_number_that_is_not_a_number_is_refused(client):
    response = client.get("/api/v1/sdgs/eleven")

    assert response.status_code == 422
    assert response.json()["detail"].startswith("number: Input should be a valid integer")


def test_data_theme_list_has_the_eu_themes_by_code(client):
    body = client.get("/api/v1/data-themes?lang=en").json()

    themes = DataTheme.objects.order_by("code")
    assert body["count"] == themes.count() == 13
    assert [(t["code"], t["label"]) for t in body["results"]] == [
        (t.code, t.label_en) for t in themes
    ]


def test_licence_list_falls_back_to_the_english_title_without_a_bokmal_one(client):
    untranslated = Licence.objects.filter(title_nb="").order_by("identifier").first()
    assert untranslated is not None

    body = client.get("/api/v1/licences?limit=100").json()

    titles = {lic["identifier"]: lic["title"] for lic in body["results"]}
    assert body["count"] == Licence.objects.count()
    assert titles[untranslated.identifier] == untranslated.title_en
    nlod = next(lic for lic in body["results"] if lic["identifier"] == "NLOD-2.0")
    assert nlod["title"] == "Norsk lisens for offentlige data"
    assert nlod["is_open"] is True
