"""Living-lab and pilot-watch pages meet WCAG 2.1 AA as far as axe-core can tell, in both
languages: the labs list with its map, a lab, the pilot overview, the dashboard and a
case's progress page (when the demo has a case the demo user edits)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import SmartbyServer
from tests.browser.helpers import LANGUAGES
from tests.browser.test_accessibility import _check_page

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("lang", "prefix"), LANGUAGES)
def test_living_lab_list_with_map_meets_wcag(
    page: Page, server: SmartbyServer, lang: str, prefix: str
):
    _check_page(page, server, lang, f"{prefix}/living-labs/")
    if page.locator("#network-map").count():
        assert page.locator("#network-map").get_attribute("role") == "region"
        assert page.locator(".lab-results li").count() >= 1


@pytest.mark.parametrize(("lang", "prefix"), LANGUAGES)
def test_pilot_overview_meets_wcag(page: Page, server: SmartbyServer, lang: str, prefix: str):
    _check_page(page, server, lang, f"{prefix}/cases/pilots/")


@pytest.mark.parametrize(("lang", "prefix"), LANGUAGES)
def test_dashboard_meets_wcag(demo_page: Page, server: SmartbyServer, lang: str, prefix: str):
    _check_page(demo_page, server, lang, f"{prefix}/dashboard/")


def test_lab_detail_and_progress_page_meet_wcag(demo_page: Page, server: SmartbyServer):
    demo_page.goto(server.url + "/en/living-labs/")
    links = demo_page.locator(".lab-results h3 a")
    if links.count():
        _check_page(demo_page, server, "en", links.first.get_attribute("href") or "")
    demo_page.goto(server.url + "/en/dashboard/")
    cases = demo_page.locator("main section a[href^='/en/cases/']")
    if not cases.count():
        pytest.skip("the demo user's organisations have no case")
    case_path = (cases.first.get_attribute("href") or "").rstrip("/")
    _check_page(demo_page, server, "en", f"{case_path}/progress/")
