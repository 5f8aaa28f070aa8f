"""The cases panels on municipality and organisation pages: what they list, to whom, and at
a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from smartby.accounts.models import Role
from smartby.cases.models import CasePartner, Visibility
from tests.accounts.factories import member_create
from tests.cases.factories import case_create
from tests.organisations.factories import municipal_organisation, organisation_create

pytestmark = pytest.mark.django_db


def _municipality_url(code: str) -> str:
    return f"/municipalities/{municipal_organisation(code).municipality.slug}/"


def _organisation_url(organisation) -> str:
    return f"/organisations/{organisation.slug}/"


def test_municipality_page_lists_its_published_cases_the_viewer_may_see(client) -> None:
    oslo = municipal_organisation("0301")
    case_create(owner=oslo, title="Smarte gatelys i Oslo")
    case_create(owner=oslo, title="Utkast om parkering", published=False)
    case_create(owner=oslo, title="Nettverkssak om vann", visibility=Visibility.NETWORK)
    case_create(owner=municipal_organisation("4601"), title="Bergens bysykkel")

    html = client.get(_municipality_url("0301")).content.decode()

    assert "Smarte gatelys i Oslo" in html
    assert "Utkast om parkering" not in html
    assert "Nettverkssak om vann" not in html
    assert "Bergens bysykkel" not in html


def test_municipality_page_links_to_all_its_cases_when_there_are_more(client) -> None:
    oslo = municipal_organisation("0301")
    for i in range(8):
        case_create(owner=oslo, title=f"Oslo-sak {i}")

    html = client.get("/en" + _municipality_url("0301")).content.decode()

    assert "8 shared cases" in html
    assert "/en/cases/?municipality=0301" in html
    assert html.count("Oslo-sak") == 6


def test_organisation_page_lists_cases_it_owns_or_is_a_partner_in(client) -> None:
    company = organisation_create(kind="business", name="Lyktetenner AS")
    owned = case_create(owner=municipal_organisation("0301"), title="Felles lysprosjekt")
    CasePartner.objects.create(case=owned, organisation=company)
    case_create(owner=municipal_organisation("4601"), title="Annen sak")

    html = client.get(_organisation_url(company)).content.decode()

    assert "Felles lysprosjekt" in html
    assert "Annen sak" not in html


def test_share_a_case_is_offered_to_the_organisations_editors_only(client) -> None:
    oslo = municipal_organisation("0301")
    client.force_login(member_create(organisation=oslo, role=Role.MEMBER))
    assert "/cases/new/" not in client.get("/en" + _organisation_url(oslo)).content.decode()

    client.force_login(member_create(organisation=oslo, role=Role.EDITOR))
    assert "/en/cases/new/" in client.get("/en" + _organisation_url(oslo)).content.decode()
    assert "/en/cases/new/" in client.get("/en/cases/").content.decode()


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["anonymous", "editor"])
def test_panels_run_the_same_number_of_queries_with_3_or_60_cases(client, who) -> None:
    oslo = municipal_organisation("0301")
    if who == "editor":
        client.force_login(member_create(organisation=oslo, role=Role.EDITOR))
    urls = [_municipality_url("0301"), _organisation_url(oslo)]
    for i in range(3):
        case_create(owner=oslo, themes=["mobility"], title=f"Sak {i}")
    small = [_queries(client, url) for url in urls]
    for i in range(57):
        case_create(owner=oslo, themes=["mobility", "energy"], title=f"Flere {i}")
    assert [_queries(client, url) for url in urls] == small
