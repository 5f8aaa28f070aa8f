"""The harvest pages meet WCAG 2.1 AA (axe-core): the source list, the source form, and a
source page with a run, with a source added through the form by the demo coordinator. The
source points at a private address, so "Run now" makes a failed run without any network."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import SmartbyServer
from tests.browser.helpers import LANGUAGES, click_and_load
from tests.browser.test_accessibility import _check_page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def source_path() -> dict[str, str]:
    return {}


def _add_and_run(page: Page, server: SmartbyServer) -> str:
    page.goto(f"{server.url}/en/data/harvest/new/")
    form = page.locator("main form")
    form.get_by_label("Name").fill("Axe test catalogue")
    form.get_by_label("Address").fill("http://10.0.0.1/catalog.ttl")
    form.get_by_label("Kind").select_option("dcat")
    click_and_load(page, form.get_by_role("button", name="Add source"))
    path = page.url.removeprefix(server.url)
    assert path.startswith("/en/data/harvest/"), path
    click_and_load(page, page.get_by_role("button", name="Run now"))
    assert "Failed" in page.content()
    return path.removeprefix("/en")


def _path(demo_page: Page, server: SmartbyServer, store: dict[str, str]) -> str:
    if "path" not in store:
        store["path"] = _add_and_run(demo_page, server)
    return store["path"]


def test_source_form_and_source_page_meet_wcag_21_aa(
    demo_page: Page, server: SmartbyServer, source_path: dict[str, str]
) -> None:
    _check_page(demo_page, server, "en", "/en/data/harvest/new/")
    path = _path(demo_page, server, source_path)
    _check_page(demo_page, server, "en", f"/en{path}")
    _check_page(demo_page, server, "en", f"/en{path}edit/")


@pytest.mark.parametrize(("lang", "prefix"), LANGUAGES)
def test_public_harvest_pages_meet_wcag_21_aa(
    page: Page,
    demo_page: Page,
    server: SmartbyServer,
    source_path: dict[str, str],
    lang: str,
    prefix: str,
) -> None:
    path = _path(demo_page, server, source_path)
    _check_page(page, server, lang, prefix + "/data/harvest/")
    _check_page(page, server, lang, prefix + path)
    run_link = page.locator("main table a").first.get_attribute("href")
    assert run_link and "/data/harvest/runs/" in run_link
    _check_page(page, server, lang, run_link)
