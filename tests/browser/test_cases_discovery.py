"""The case list, the case map and the lessons view meet WCAG 2.1 AA (axe-core), in both
languages, with cases, facets, a search with highlighted snippets and a filter error; the
facet form works without JavaScript (a plain GET form)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import SmartbyServer
from tests.browser.helpers import LANGUAGES, REPO_ROOT, format_violations, run_axe
from tests.browser.test_accessibility import _check_page

pytestmark = pytest.mark.browser

# Written into the browser server's database through `smartby shell`, so the pages have
# something to show whether or not the demo content has cases. Idempotent (slugs).
_SEED = """
from django.utils import timezone
from smartby.cases.models import Case, Lesson, Theme, Technology
from smartby.cases.search import case_reindex
from smartby.organisations.models import Organisation

rows = [
    ("browser-bikes", "0301", "Bysykler for alle", "Bysykkel i byen.", ["mobility"], "testing"),
    ("browser-lights", "4601", "Smarte gatelys", "Lys som dimmes.", ["energy"], "scaling"),
    ("browser-water", "1103", "Vannmålere", "Digitale vannmålere.", ["water"], "testing"),
]
ids = []
for slug, code, title, summary, themes, phase in rows:
    owner = Organisation.objects.get(
        kind="municipality", municipality__code=code, municipality__country="NO"
    )
    case, created = Case.objects.get_or_create(
        slug=slug,
        defaults=dict(owner=owner, municipality=owner.municipality, title=title, summary=summary,
                      phase=phase, is_published=True, published_at=timezone.now()),
    )
    if created:
        case.themes.set(Theme.objects.filter(slug__in=themes))
        case.technologies.set(Technology.objects.filter(slug="sensors"))
        Lesson.objects.create(case=case, kind="pitfall", text="Avklar personvern tidlig.")
        Lesson.objects.create(case=case, kind="worked", text="Små steg virket.")
    ids.append(case.pk)
# One case in each of sixteen more municipalities: the municipality facet then has more
# values than the sidebar shows, and offers "Show N more".
owners = Organisation.objects.filter(
    kind="municipality", municipality__country="NO"
).select_related("municipality").order_by("municipality__code")[:16]
for n, owner in enumerate(owners):
    case, _ = Case.objects.get_or_create(
        slug=f"browser-place-{n}",
        defaults=dict(owner=owner, municipality=owner.municipality,
                      title=f"Sensorer i {owner.municipality.name}", summary="Sensorer.",
                      phase="analysis", is_published=True, published_at=timezone.now()),
    )
    ids.append(case.pk)
case_reindex(case_ids=ids)
"""


@pytest.fixture(scope="module")
def cases_seeded(server: SmartbyServer) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SMARTBY_DATABASE_URL"}
    if os.environ.get("SMARTBY_BROWSER_DATABASE_URL"):
        env["SMARTBY_DATABASE_URL"] = os.environ["SMARTBY_BROWSER_DATABASE_URL"]
    env["SMARTBY_VAR_DIR"] = str(server.log_path.parent)
    result = subprocess.run(
        [sys.executable, "-m", "smartby", "shell", "-c", _SEED],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0:
        pytest.fail(f"seeding cases failed:\n{result.stdout}\n{result.stderr}", pytrace=False)


PATHS = [
    "/cases/",
    "/cases/?q=vannm%C3%A5lere",
    "/cases/?theme=mobility&phase=testing&sort=title",
    "/cases/?all=municipality",
    "/cases/map/",
    "/cases/map/?theme=water",
    "/cases/lessons/",
    "/cases/lessons/?kind=worked&theme=energy",
]


@pytest.mark.parametrize(
    ("lang", "path"),
    [
        pytest.param(lang, prefix + path, id=f"{lang}:{prefix + path}")
        for path in PATHS
        for lang, prefix in LANGUAGES
    ],
)
def test_discovery_page_meets_wcag_21_aa(
    page: Page, server: SmartbyServer, cases_seeded: None, lang: str, path: str
) -> None:
    page_path = path.split("?")[0]
    if "?" not in path:
        _check_page(page, server, lang, path)
        return
    response = page.goto(server.url + path)
    assert response is not None and response.status == 200, path
    assert page.url.split("?")[0].endswith(page_path)
    violations = run_axe(page)
    if violations:
        pytest.fail(format_violations(path, violations), pytrace=False)


def test_filter_error_page_meets_wcag_21_aa(
    page: Page, server: SmartbyServer, cases_seeded: None
) -> None:
    response = page.goto(server.url + "/en/cases/?theme=no-such-theme")
    assert response is not None and response.status == 400
    assert page.get_by_role("alert").is_visible()
    violations = run_axe(page)
    if violations:
        pytest.fail(format_violations("/en/cases/?theme=no-such-theme", violations), pytrace=False)


def test_checking_a_facet_and_submitting_narrows_the_list(
    page: Page, server: SmartbyServer, cases_seeded: None
) -> None:
    page.goto(server.url + "/en/cases/")
    page.get_by_role("checkbox", name="Water").first.check()
    page.get_by_role("button", name="Show cases").click()
    page.wait_for_url("**theme=water**")
    results = page.locator(".case-results h3")
    titles = results.all_inner_texts()
    assert any("Vannmålere" in t for t in titles)
    assert not any("Smarte gatelys" in t for t in titles)


def test_a_long_facet_shows_its_largest_values_and_a_link_to_all_of_them(
    page: Page, server: SmartbyServer, cases_seeded: None
) -> None:
    page.goto(server.url + "/en/cases/")
    group = page.get_by_role("group", name="Municipality")
    shown = group.get_by_role("checkbox").count()
    assert shown == 10
    more = group.get_by_role("link", name="Show")
    hidden = int(more.inner_text().split()[1])
    more.click()
    page.wait_for_url("**all=municipality**")
    assert page.get_by_role("group", name="Municipality").get_by_role("checkbox").count() == (
        shown + hidden
    )


def test_the_map_draws_markers_for_the_listed_municipalities(
    page: Page, server: SmartbyServer, cases_seeded: None
) -> None:
    page.goto(server.url + "/en/cases/map/")
    region = page.get_by_role("region", name="Map of the cases by municipality")
    assert region.is_visible()
    page.wait_for_selector(".leaflet-interactive")
    markers = page.locator(".leaflet-interactive").count()
    listed = page.locator(".city-list li").count()
    assert markers == listed >= 3
