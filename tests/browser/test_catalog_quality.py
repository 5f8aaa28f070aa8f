"""The metadata quality dashboards meet WCAG 2.1 AA (axe-core) in both languages: the whole
catalogue and a publisher's dashboard, with at least one dataset published through the form
so the charts and tables are shown."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import SmartbyServer
from tests.browser.helpers import LANGUAGES
from tests.browser.test_accessibility import _check_page
from tests.browser.test_catalog_pages import _publish

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def publisher_path() -> dict[str, str]:
    """The path (without language prefix) of a publisher dashboard, found once per run."""
    return {}


def _publisher_dashboard(page: Page, server: SmartbyServer) -> str:
    """A publisher's dashboard path; publishes a dataset first if the catalogue is empty."""
    page.goto(f"{server.url}/en/data/quality/")
    links = page.locator("main table a[href^='/en/data/quality/']")
    if links.count() == 0:
        _publish(page, server)
        page.goto(f"{server.url}/en/data/quality/")
    href = links.first.get_attribute("href")
    assert href, "no publisher on the quality dashboard"
    return href.removeprefix("/en")


@pytest.mark.parametrize(("lang", "prefix"), LANGUAGES)
def test_quality_dashboards_meet_wcag_21_aa(
    page: Page,
    demo_page: Page,
    server: SmartbyServer,
    publisher_path: dict[str, str],
    lang: str,
    prefix: str,
) -> None:
    path = publisher_path.get("path") or _publisher_dashboard(demo_page, server)
    publisher_path["path"] = path
    _check_page(page, server, lang, prefix + "/data/quality/")
    assert page.locator("main [role=img]").count() == 1
    _check_page(page, server, lang, prefix + path)
    assert page.locator("main table").count() >= 4


@pytest.mark.parametrize(("lang", "prefix"), LANGUAGES)
def test_empty_publisher_dashboard_meets_wcag_21_aa(
    page: Page, server: SmartbyServer, lang: str, prefix: str
) -> None:
    # A municipality the demo publishes nothing for: the friendly empty state.
    _check_page(page, server, lang, prefix + "/data/quality/vardo-kommune/")
    assert page.locator("main .notice").count() == 1
