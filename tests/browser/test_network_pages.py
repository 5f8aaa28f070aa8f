"""The pages that run a network meet WCAG 2.1 AA (axe-core) in both languages, and a
representative votes and ranks themes through them in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import SmartbyServer
from tests.browser.helpers import LANGUAGES, click_and_load, login
from tests.browser.test_accessibility import _check_page

pytestmark = pytest.mark.browser

NETWORK = "/networks/smartbyene"
PUBLIC = ["/bodies/", "/workgroups/", "/meetings/", "/decisions/", "/priorities/"]


def _first_link(page: Page, server: SmartbyServer, path: str, selector: str) -> str:
    page.goto(f"{server.url}/en{path}")
    href = page.locator(selector).first.get_attribute("href")
    assert href, f"no link {selector} on {path}"
    return href.removeprefix("/en")


@pytest.mark.parametrize(("lang", "prefix"), LANGUAGES)
def test_network_pages_meet_wcag_21_aa(
    page: Page, server: SmartbyServer, lang: str, prefix: str
) -> None:
    paths = [NETWORK + p for p in PUBLIC]
    paths.append(_first_link(page, server, NETWORK + "/workgroups/", "main table a"))
    paths.append(
        _first_link(page, server, NETWORK + "/meetings/", "main section:last-of-type li a")
    )
    paths.append(_first_link(page, server, NETWORK + "/decisions/", "main table a"))
    paths.append(_first_link(page, server, NETWORK + "/priorities/", "main li a"))
    for path in paths:
        _check_page(page, server, lang, prefix + path)


def test_a_representative_votes_ranks_and_sees_the_private_calendar(
    page: Page, server: SmartbyServer
) -> None:
    login(page, server.url)  # the demo coordinator represents Asker in Smartbyene
    for lang, prefix in LANGUAGES:
        _check_page(page, server, lang, prefix + "/networks/my-meetings/")
    assert "/calendar/" in page.locator("#calendar-url").input_value()
    page.goto(f"{server.url}/en{NETWORK}/decisions/")
    click_and_load(
        page, page.get_by_role("link", name="Host city of next year's network gathering")
    )
    decision = page.url.split(server.url, 1)[1]
    _check_page(page, server, "en", decision)
    page.get_by_label("Bodø").check()
    click_and_load(page, page.get_by_role("button", name="Cast the vote"))
    assert "The vote of Asker kommune was recorded" in page.locator("main").inner_text()
    # A secret ballot: the audit trail says who voted, never how.
    audit = page.locator("#audit-heading + table")
    assert audit.locator("thead th").all_inner_texts() == ["When", "Member", "Cast by"]
    asker = audit.locator("tbody tr", has_text="Asker kommune").inner_text()
    assert "Kari Koordinator" in asker and "Bodø" not in asker

    page.goto(f"{server.url}/en{NETWORK}/priorities/")
    click_and_load(page, page.get_by_role("link", name="Collaboration themes next year"))
    _check_page(page, server, "en", page.url.split(server.url, 1)[1])
    selects = page.locator("main form select[name^=place_]")
    selects.nth(0).select_option("2")
    selects.nth(1).select_option("1")
    click_and_load(page, page.get_by_role("button", name="Save the ranking"))
    assert "The ranking of Asker kommune was saved" in page.locator("main").inner_text()


def test_the_secretariats_forms_meet_wcag_21_aa(page: Page, server: SmartbyServer) -> None:
    login(page, server.url, email="sekretariat@demo.smartby.no")
    meeting = _first_link(page, server, NETWORK + "/meetings/", "main section:last-of-type li a")
    workgroup = _first_link(page, server, NETWORK + "/workgroups/", "main table a")
    for lang, prefix in LANGUAGES:
        for path in [
            workgroup,
            NETWORK + "/",
            NETWORK + "/bodies/",
            NETWORK + "/workgroups/",
            NETWORK + "/decisions/",
            NETWORK + "/priorities/",
            NETWORK + "/meetings/new/",
            meeting,
            meeting + "edit/",
        ]:
            _check_page(page, server, lang, prefix + path)
