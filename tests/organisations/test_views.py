from __future__ import annotations

import pytest

from smartby.accounts.models import Role
from smartby.organisations.models import Organisation
from tests.accounts.factories import member_create
from tests.organisations.factories import organisation_create

pytestmark = pytest.mark.django_db


def test_municipality_page_shows_facts_networks_and_organisations(client):
    organisation_create(name="Oslo Sensor AS")
    html = client.get("/municipalities/oslo/").content.decode()
    assert "0301" in html and "728" in html
    assert "Nordic Smart City Network" in html
    assert "Oslo Sensor AS" in html


def test_municipality_list_filters_by_county_and_network(client):
    html = client.get("/municipalities/?county=03").content.decode()
    assert "1 municipality" in html or "1 kommune" in html
    html = client.get("/en/municipalities/?network=nordic-smart-city-network").content.decode()
    assert "6 municipalities" in html
    assert "Stavanger" in html and "Bodø" not in html


def test_directory_searches_and_filters_by_kind_county_and_network(client):
    organisation_create(name="Fjordlys Analyse AS")
    html = client.get("/en/actors/?q=fjordlys").content.decode()
    assert "Fjordlys Analyse AS" in html and "1 actor" in html
    html = client.get("/en/actors/?kind=county").content.decode()
    assert "14 actors" in html
    html = client.get("/en/actors/?county=11&kind=municipality").content.decode()
    assert "Stavanger kommune" in html and "Oslo kommune" not in html
    html = client.get(
        "/en/actors/?network=nordic-smart-city-network&kind=municipality"
    ).content.decode()
    assert "14 actors" in html


@pytest.mark.parametrize("query", ["kind=spaceship", "county=99", "network=nope"])
def test_directory_answers_unknown_filter_values_with_a_clear_message(client, query):
    response = client.get(f"/en/actors/?{query}")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_unknown_pages_are_404(client):
    assert client.get("/municipalities/atlantis/").status_code == 404
    assert client.get("/organisations/nobody/").status_code == 404


def test_editor_edits_organisation_through_the_form(client):
    org = organisation_create()
    client.force_login(member_create(organisation=org, role=Role.EDITOR))
    response = client.post(
        f"/en/organisations/{org.slug}/edit/",
        {
            "name": "Renamed AS",
            "description": "**Bold** move",
            "version": 1,
            "website": "",
            "email": "",
            "org_number": "",
        },
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.name == "Renamed AS" and org.version == 2
    assert "<strong>Bold</strong>" in client.get(org.get_absolute_url()).content.decode()


def test_edit_form_refuses_a_stale_version_and_says_why(client):
    org = organisation_create(description="original")
    client.force_login(member_create(organisation=org, role=Role.EDITOR))
    Organisation.objects.filter(pk=org.pk).update(version=2, description="someone else")
    response = client.post(
        f"/en/organisations/{org.slug}/edit/",
        {
            "name": org.name,
            "description": "mine",
            "version": 1,
            "website": "",
            "email": "",
            "org_number": "",
        },
    )
    assert response.status_code == 409
    assert "Someone else saved a change" in response.content.decode()
    assert Organisation.objects.get(pk=org.pk).description == "someone else"


def test_edit_form_bad_input_shows_errors_and_changes_nothing(client):
    org = organisation_create()
    client.force_login(member_create(organisation=org, role=Role.EDITOR))
    response = client.post(
        f"/en/organisations/{org.slug}/edit/",
        {"name": "", "org_number": "12", "website": "not a url", "email": "x", "version": 1},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "nine digits" in html and "valid URL" in html
    assert Organisation.objects.get(pk=org.pk).version == 1


def test_people_outside_the_organisation_cannot_open_the_edit_form(client):
    org = organisation_create()
    client.force_login(member_create(organisation=organisation_create()))
    assert client.get(f"/organisations/{org.slug}/edit/").status_code == 403
    client.logout()
    assert client.get(f"/organisations/{org.slug}/edit/").status_code == 302


def test_markdown_in_descriptions_cannot_inject_script(client):
    org = organisation_create(description="<script>alert(1)</script> [x](javascript:alert(2))")
    html = client.get(org.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert 'href="javascript' not in html
