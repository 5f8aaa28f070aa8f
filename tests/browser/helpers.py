"""Shared pieces of the browser tests: the demo login, the languages, axe-core."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page

REPO_ROOT = Path(__file__).resolve().parents[2]

# Installed by `npm ci` (package.json); the browser tests are its only user.
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# The demo user that `smartby demo` creates (a coordinator with organisation memberships).
DEMO_EMAIL = "koordinator@demo.smartby.no"
DEMO_PASSWORD = "smartby-demo"

# (language code, URL prefix): bokmål is the default without a prefix, English under /en/.
LANGUAGES = [("nb", ""), ("en", "/en")]


def html_lang(page: Page) -> str | None:
    return page.locator("html").get_attribute("lang")


def login(
    page: Page, base_url: str, email: str = DEMO_EMAIL, password: str = DEMO_PASSWORD
) -> None:
    """Log in through the real login form and fail with the page's message if refused."""
    response = page.goto(f"{base_url}/accounts/login/")
    assert response is not None and response.status == 200, (
        f"/accounts/login/ answered {response.status if response else 'nothing'}"
    )
    form = page.locator("main form").filter(has=page.locator("input[type=password]"))
    form.locator("input[name=username], input[type=email]").first.fill(email)
    form.locator("input[type=password]").first.fill(password)
    click_and_load(page, form.locator("button[type=submit], input[type=submit]").first)
    if "/accounts/login/" in page.url:
        message = page.locator("main").inner_text()
        raise AssertionError(f"logging in as {email} was refused; the page says:\n{message}")


def click_and_load(page: Page, target: Locator) -> None:
    """Click a link or submit button and return once the page it leads to has loaded.

    `click` returns once the new page's answer has begun: the URL has changed, but the
    document may still be loading or empty, so reading it then races the load.
    """
    with page.expect_navigation():
        target.click()


def run_axe(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page for WCAG 2.1 A and AA and return its violations."""
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            });
            return results.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                helpUrl: v.helpUrl,
                nodes: v.nodes.map((n) => ({
                    target: n.target.map(String),
                    html: n.html,
                    summary: n.failureSummary,
                })),
            }));
        }""",
        WCAG_21_AA_TAGS,
    )


def format_violations(path: str, violations: list[dict[str, Any]]) -> str:
    """One readable block per violation: rule, what it asks, and each failing element."""
    lines = [f"{len(violations)} WCAG 2.1 AA violation(s) on {path}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        lines.append(f"  {v['helpUrl']}")
        for node in v["nodes"]:
            html = re.sub(r"\s+", " ", node["html"])
            html = html if len(html) <= 200 else html[:197] + "..."
            lines.append(f"  * {' '.join(node['target'])}")
            lines.append(f"    {html}")
            for summary_line in (node["summary"] or "").splitlines():
                lines.append(f"    {summary_line.strip()}")
    return "\n".join(lines)
