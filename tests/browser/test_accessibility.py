"""Every page meets WCAG 2.1 AA as far as axe-core can tell (a legal duty for Norwegian
public-sector services), in both languages, and says which language it is in."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import SmartbyServer
from tests.browser.helpers import LANGUAGES, format_violations, html_lang, run_axe

pytestmark = pytest.mark.browser

PUBLIC_PATHS = [
    "/",
    "/municipalities/",
    "/municipalities/oslo/",
    "/actors/",
    "/organisations/oslo-kommune/",
    "/networks/",
    "/networks/smartbyene/",
    "/roadmap/",
    "/roadmap/principles/put-citizens-at-the-centre/",
    "/roadmap/key-questions/",
    "/roadmap/target-pictures/",
    "/accounts/login/",
    "/accounts/register/",
    "/accounts/password-reset/",
]
LOGGED_IN_PATHS = [
    "/accounts/profile/",
    "/accounts/tokens/",
]


def _cases(paths: list[str]) -> list:
    return [
        pytest.param(lang, prefix + path, id=f"{lang}:{prefix + path}")
        for path in paths
        for lang, prefix in LANGUAGES
    ]


def _check_page(page: Page, server: SmartbyServer, lang: str, path: str, status: int = 200) -> None:
    response = page.goto(server.url + path)
    if response is None or response.status != status:
        status = response.status if response else "nothing"
        pytest.fail(f"{path} answered {status}; server log:\n{server.log_tail()}", pytrace=False)
    if urlsplit(page.url).path != path:
        pytest.fail(f"{path} was redirected to {page.url}", pytrace=False)
    if html_lang(page) != lang:
        pytest.fail(f'{path} has <html lang="{html_lang(page)}">, not "{lang}"', pytrace=False)
    violations = run_axe(page)
    if violations:
        pytest.fail(format_violations(path, violations), pytrace=False)


@pytest.mark.parametrize(("lang", "path"), _cases(PUBLIC_PATHS))
def test_public_page_meets_wcag_21_aa(page: Page, server: SmartbyServer, lang: str, path: str):
    _check_page(page, server, lang, path)


@pytest.mark.parametrize(("lang", "path"), _cases(LOGGED_IN_PATHS))
def test_logged_in_page_meets_wcag_21_aa(
    demo_page: Page, server: SmartbyServer, lang: str, path: str
):
    _check_page(demo_page, server, lang, path)


@pytest.mark.parametrize(("lang", "path"), _cases(["/cases/no-such-case/"]))
def test_the_page_not_found_meets_wcag_21_aa(
    page: Page, server: SmartbyServer, lang: str, path: str
):
    _check_page(page, server, lang, path, status=404)
