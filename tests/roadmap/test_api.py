from __future__ import annotations

import pytest
from django.utils import translation

from smartby.roadmap.models import KeyQuestion, Principle, TargetPicture

pytestmark = pytest.mark.django_db

HOLISTIC = "think-holistically"


def test_principle_list_has_the_eight_principles_with_questions_and_challenges(client):
    response = client.get("/api/v1/roadmap/principles")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 8
    assert [p["number"] for p in body["results"]] == list(range(1, 9))
    first = body["results"][0]
    principle = Principle.objects.get(number=1)
    assert first["title"] == principle.title_nb
    assert [q["code"] for q in first["key_questions"]] == list(
        principle.key_questions.order_by("position").values_list("code", flat=True)
    )
    assert first["key_questions"][0]["text"] == principle.key_questions.get(code="1.1").text_nb
    assert len(first["challenges"]) == principle.challenges.count() > 0
    assert first["url"] == f"/roadmap/principles/{principle.slug}/"


def test_principle_list_fetches_questions_and_challenges_for_all_principles_at_once(
    client, django_assert_num_queries
):
    # count, principles, challenges, key questions
    with django_assert_num_queries(4):
        client.get("/api/v1/roadmap/principles")


def test_principle_texts_follow_the_lang_parameter(client):
    principle = Principle.objects.get(slug=HOLISTIC)
    question = KeyQuestion.objects.filter(principle=principle).order_by("position").first()

    english = client.get(f"/api/v1/roadmap/principles/{HOLISTIC}?lang=en")
    bokmal = client.get(f"/api/v1/roadmap/principles/{HOLISTIC}?lang=nb")

    assert english["Content-Language"] == "en"
    assert english.json()["title"] == principle.title_en
    assert english.json()["description"] == principle.description_en
    assert english.json()["key_questions"][0]["text"] == question.text_en
    assert english.json()["url"] == f"/en/roadmap/principles/{HOLISTIC}/"
    assert bokmal["Content-Language"] == "nb"
    assert bokmal.json()["title"] == principle.title_nb
    assert bokmal.json()["key_questions"][0]["text"] == question.text_nb


def test_principle_texts_follow_accept_language_unless_lang_is_given(client):
    principle = Principle.objects.get(slug=HOLISTIC)

    by_header = client.get(
        f"/api/v1/roadmap/principles/{HOLISTIC}", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    )
    overridden = client.get(
        f"/api/v1/roadmap/principles/{HOLISTIC}?lang=nb", HTTP_ACCEPT_LANGUAGE="en"
    )
    nynorsk = client.get(f"/api/v1/roadmap/principles/{HOLISTIC}", HTTP_ACCEPT_LANGUAGE="nn,en")

    assert by_header.json()["title"] == principle.title_en
    assert overridden.json()["title"] == principle.title_nb
    assert nynorsk.json()["title"] == principle.title_nb


def test_principle_texts_default_to_bokmal(client):
    principle = Principle.objects.get(slug=HOLISTIC)

    response = client.get(f"/api/v1/roadmap/principles/{HOLISTIC}", HTTP_ACCEPT_LANGUAGE="de")

    assert response["Content-Language"] == "nb"
    assert response.json()["title"] == principle.title_nb


def test_unsupported_language_is_refused(client):
    response = client.get("/api/v1/roadmap/principles?lang=de")

    assert response.status_code == 422
    assert response.json()["detail"] == "lang: Input should be 'nb' or 'en'"


def test_principle_detail_of_unknown_slug_is_a_json_404(client):
    response = client.get("/api/v1/roadmap/principles/think-small")

    assert response.status_code == 404
    assert response.json() == {"detail": "No principle has the slug 'think-small'."}


def test_target_picture_list_has_the_six_visions_in_order(client):
    body = client.get("/api/v1/roadmap/target-pictures?lang=en").json()

    expected = list(TargetPicture.objects.order_by("position").values_list("slug", "title_en"))
    assert body["count"] == 6
    assert [(t["slug"], t["title"]) for t in body["results"]] == expected


def test_an_english_response_does_not_leave_english_active_afterwards(client):
    translation.activate("nb")

    client.get(f"/api/v1/roadmap/principles/{HOLISTIC}?lang=en")

    assert translation.get_language() == "nb"
