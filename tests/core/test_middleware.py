from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_a_wrong_method_on_an_api_path_answers_json(client):
    response = client.delete("/api/v1/municipalities")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Method Not Allowed."}
    assert "GET" in response["Allow"]


def test_web_pages_keep_their_html_errors(client):
    response = client.get("/municipalities/atlantis/")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")
