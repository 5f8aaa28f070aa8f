"""The language switch keeps the reader on the same page, and the pages that matter most
work without JavaScript."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import SmartbyServer
from tests.browser.helpers import html_lang

pytestmark = pytest.mark.browser


def test_language_switch_goes_to_english_and_back_on_the_same_page(
    page: Page, server: SmartbyServer
):
    page.goto(f"{server.url}/municipalities/oslo/")
    assert html_lang(page) == "nb"

    page.get_by_role("navigation", name="Språk").get_by_role("link", name="English").click()
    page.wait_for_url(f"{server.url}/en/municipalities/oslo/")
    assert html_lang(page) == "en"

    page.get_by_role("navigation", name="Language").locator("a[hreflang=nb]").click()
    page.wait_for_url(f"{server.url}/municipalities/oslo/")
    assert html_lang(page) == "nb"


@pytest.mark.parametrize("path", ["/", "/en/"])
def test_home_leads_to_the_network_cities_without_javascript(
    new_context: Callable[..., BrowserContext], server: SmartbyServer, path: str
):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(server.url + path)

    # The section that holds the map links to each network's members; the map stays empty.
    section = page.locator("section").filter(has=page.locator("#network-map"))
    expect(section).to_have_count(1)
    expect(section.locator("#network-map")).not_to_have_class(re.compile("leaflet-container"))
    section.get_by_role("link", name="Nordic Smart City Network").click()
    members = page.locator("section").filter(has=page.locator("#members-heading"))
    expect(members.get_by_role("link", name=re.compile("^Oslo"))).not_to_have_count(0)


def test_home_map_draws_one_marker_per_member_city(page: Page, server: SmartbyServer):
    page.goto(server.url + "/en/")
    points = page.request.get(server.url + "/en/networks/map.json").json()["points"]
    page.wait_for_selector("#network-map.leaflet-container .leaflet-interactive")
    assert page.locator("#network-map .leaflet-interactive").count() == len(points) > 10
