"""The self-assessment panel on a municipality's pages."""

from __future__ import annotations

import pytest

from tests.accounts.factories import member_create
from tests.assessments.factories import assessment_create
from tests.organisations.factories import municipal_organisation

pytestmark = pytest.mark.django_db


def test_municipality_page_shows_the_latest_visible_round(client):
    bergen = municipal_organisation("4601")
    assessment_create(organisation=bergen, year=2024, visibility="public", levels=2)
    assessment_create(organisation=bergen, year=2025, visibility="private", levels=5)
    body = client.get(f"/en/municipalities/{bergen.municipality.slug}/").content.decode()
    assert "Round 2024: overall score 25 of 100" in body
    client.force_login(member_create(organisation=bergen, role="editor"))
    body = client.get(f"/en/municipalities/{bergen.municipality.slug}/").content.decode()
    assert "Round 2025: overall score 100 of 100" in body
    assert "Start a self-assessment" in body


def test_no_panel_without_a_visible_round(client):
    bergen = municipal_organisation("4601")
    assessment_create(organisation=bergen, visibility="private")
    body = client.get(f"/en/municipalities/{bergen.municipality.slug}/").content.decode()
    assert "Roadmap self-assessment" not in body
