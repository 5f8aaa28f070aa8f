"""The self-assessment pages meet WCAG 2.1 AA (axe-core) in both languages: the list, the
network view, a result and its report for everyone; the start page, the overview and a
principle form as the demo coordinator (Asker), whose 2026 round the seed starts."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import SmartbyServer
from tests.browser.helpers import (
    DEMO_EMAIL,
    LANGUAGES,
    REPO_ROOT,
    click_and_load,
    format_violations,
    run_axe,
)
from tests.browser.test_accessibility import _check_page

pytestmark = pytest.mark.browser

# Run in the browser server's database: the coordinator's draft round (started through the
# service, idempotent) and a public submitted assessment to show (the demo's, or one made
# here when the demo has none).
_SEED = """
import json
from smartby.accounts.models import Membership
from smartby.assessments import services
from smartby.assessments.models import Assessment

membership = Membership.objects.filter(
    user__email=%(email)r, role__in=["editor", "admin"], organisation__kind="municipality"
).select_related("organisation", "user").first()
mine, actor = membership.organisation, membership.user
draft = Assessment.objects.filter(organisation=mine, status="draft").first()
if draft is None:
    draft = services.assessment_start(organisation=mine, actor=actor, year=2026)
shown = Assessment.objects.filter(status="submitted", visibility="public").order_by("pk").first()
if shown is None:
    shown = Assessment.objects.filter(organisation=mine).exclude(pk=draft.pk).first()
    if shown is None:
        shown = services.assessment_start(organisation=mine, actor=actor, year=2025)
public = shown.visibility == "public"
print(json.dumps({"draft": draft.pk, "shown": shown.pk, "shown_public": public}))
"""


@pytest.fixture(scope="module")
def ids(server: SmartbyServer) -> dict[str, int]:
    env = {k: v for k, v in os.environ.items() if k != "SMARTBY_DATABASE_URL"}
    if os.environ.get("SMARTBY_BROWSER_DATABASE_URL"):
        env["SMARTBY_DATABASE_URL"] = os.environ["SMARTBY_BROWSER_DATABASE_URL"]
    env["SMARTBY_VAR_DIR"] = str(server.log_path.parent)
    result = subprocess.run(
        [sys.executable, "-m", "smartby", "shell", "-c", _SEED % {"email": DEMO_EMAIL}],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0:
        pytest.fail(f"seeding failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("lang", "prefix"), LANGUAGES)
def test_public_assessment_pages_meet_wcag_21_aa(
    page: Page, server: SmartbyServer, ids: dict[str, int], lang: str, prefix: str
) -> None:
    paths = ["/roadmap/assessments/", "/roadmap/assessments/network/"]
    if ids["shown_public"]:
        paths += [
            f"/roadmap/assessments/{ids['shown']}/",
            f"/roadmap/assessments/{ids['shown']}/report/",
        ]
    for path in paths:
        _check_page(page, server, lang, prefix + path)


@pytest.mark.parametrize(("lang", "prefix"), LANGUAGES)
def test_answering_pages_meet_wcag_21_aa(
    demo_page: Page, server: SmartbyServer, ids: dict[str, int], lang: str, prefix: str
) -> None:
    draft = ids["draft"]
    for path in [
        "/roadmap/assessments/start/",
        f"/roadmap/assessments/{draft}/edit/",
        f"/roadmap/assessments/{draft}/edit/1/",
        f"/roadmap/assessments/{draft}/",
        f"/roadmap/assessments/{draft}/report/",
    ]:
        _check_page(demo_page, server, lang, prefix + path)


def test_radar_chart_has_a_text_alternative(
    demo_page: Page, server: SmartbyServer, ids: dict[str, int]
) -> None:
    demo_page.goto(f"{server.url}/en/roadmap/assessments/{ids['draft']}/")
    chart = demo_page.locator("svg.radar")
    assert chart.get_attribute("role") == "img"
    name = demo_page.locator("svg.radar title").first.text_content() or ""
    assert name.startswith("Scores per principle")


def test_a_principle_is_answered_with_the_keyboard(
    demo_page: Page, server: SmartbyServer, ids: dict[str, int]
) -> None:
    demo_page.goto(f"{server.url}/en/roadmap/assessments/{ids['draft']}/edit/8/")
    radios = demo_page.get_by_role("radio", name="4. In practice")
    assert radios.count() == 4  # principle 8 has four key questions
    radios.first.focus()
    demo_page.keyboard.press("Space")
    assert radios.first.is_checked()
    click_and_load(demo_page, demo_page.get_by_role("button", name="Save", exact=True))
    assert "/edit/" in demo_page.url and "Principle 8 is saved." in demo_page.content()
    violations = run_axe(demo_page)
    assert not violations, format_violations(demo_page.url, violations)
