"""The data catalogue's pages meet WCAG 2.1 AA (axe-core): the list, the dataset form and a
dataset page, with a dataset published through the form by the demo coordinator (Asker)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import SmartbyServer
from tests.browser.helpers import LANGUAGES, click_and_load
from tests.browser.test_accessibility import _check_page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def published_path(server: SmartbyServer) -> dict[str, str]:
    """Publish one dataset through the form (once per run) and return its page's path."""
    return {}


def _publish(page: Page, server: SmartbyServer) -> str:
    page.goto(f"{server.url}/en/data/datasets/new/")
    form = page.locator("main form.dataset-form")
    form.get_by_label("Title (bokmål)").fill("Bysykkelturer i Asker")
    form.get_by_label("Title (English)").fill("City bike trips in Asker")
    form.get_by_label("Description (English)").fill("Every trip, by the hour.")
    form.get_by_label("Keywords (bokmål)").fill("bysykkel, mobilitet")
    form.get_by_label("Landing page").fill("https://data.example.no/bysykkel")
    form.get_by_label("Subscription").check()
    form.get_by_label("Price (NOK)").fill("1200")
    click_and_load(page, form.get_by_role("button", name="Publish and add distributions"))
    assert page.url.endswith("/distributions/"), page.url
    page.get_by_label("Access URL").first.fill("https://data.example.no/bysykkel.csv")
    page.get_by_label("Format").first.select_option("CSV")
    click_and_load(page, page.get_by_role("button", name="Save distributions"))
    path = page.url.removeprefix(server.url)
    assert path.startswith("/en/data/datasets/") and "City bike trips in Asker" in page.content()
    return path.removeprefix("/en")


def test_publishing_through_the_form_and_the_pages_meet_wcag_21_aa(
    demo_page: Page, server: SmartbyServer, published_path: dict[str, str]
) -> None:
    _check_page(demo_page, server, "en", "/en/data/datasets/new/")
    path = published_path.get("path") or _publish(demo_page, server)
    published_path["path"] = path
    _check_page(demo_page, server, "en", f"/en{path}")
    _check_page(demo_page, server, "en", f"/en{path}edit/")
    _check_page(demo_page, server, "en", f"/en{path}distributions/")


@pytest.mark.parametrize(("lang", "prefix"), LANGUAGES)
def test_public_catalogue_pages_meet_wcag_21_aa(
    page: Page,
    demo_page: Page,
    server: SmartbyServer,
    published_path: dict[str, str],
    lang: str,
    prefix: str,
) -> None:
    path = published_path.get("path") or _publish(demo_page, server)
    published_path["path"] = path
    for shown in ["/data/", path]:
        _check_page(page, server, lang, prefix + shown)


@pytest.mark.parametrize(("lang", "prefix"), LANGUAGES)
def test_dataset_form_meets_wcag_21_aa_in_both_languages(
    demo_page: Page, server: SmartbyServer, lang: str, prefix: str
) -> None:
    _check_page(demo_page, server, lang, prefix + "/data/datasets/new/")
