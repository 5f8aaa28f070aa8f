"""The case page, the case form, the lineage page, the adopt page and the upload page meet
WCAG 2.1 AA (axe-core) in both languages; the form pages as the demo coordinator."""

from __future__ import annotations

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

# Written into the browser server's database through `smartby shell`, so the pages exist
# with or without demo cases: a case of the demo coordinator's municipality, an origin in
# another municipality and the coordinator's published adoption of it. Idempotent (slugs).
_SEED = """
from django.utils import timezone
from smartby.accounts.models import Membership
from smartby.cases.models import Case, Lesson, Theme, CaseLink
from smartby.organisations.models import Organisation

membership = Membership.objects.filter(
    user__email=%(email)r, role__in=["editor", "admin"], organisation__kind="municipality"
).select_related("organisation").first()
mine = membership.organisation
other = Organisation.objects.filter(kind="municipality").exclude(pk=mine.pk).order_by("pk").first()
now = timezone.now()


def make(slug, owner, title, **extra):
    case, created = Case.objects.get_or_create(
        slug=slug,
        defaults=dict(owner=owner, municipality=owner.municipality, title=title,
                      summary="Et sammendrag av saken.", problem="Et **problem**.",
                      solution="En løsning.", is_published=True, published_at=now, **extra),
    )
    if created:
        Case.objects.filter(pk=case.pk).update(lineage_root=extra.get("lineage_root") or case)
        case.themes.set(Theme.objects.all()[:2])
        Lesson.objects.create(case=case, kind="pitfall", text="Avklar personvern tidlig.")
        Lesson.objects.create(case=case, kind="worked", text="Små steg virket.")
        CaseLink.objects.create(case=case, url="https://example.org/", title="Prosjektside")
        case.translations.create(language="en", title=title + " (EN)", summary="A summary.")
    return case


origin = make("browser-authoring-origin", other, "Sensorer i søppelkasser")
make("browser-authoring-own", mine, "Vår egen sak")
make("browser-authoring-adoption", mine, "Sensorer hos oss", adopted_from=origin,
     lineage_root=origin)
"""


@pytest.fixture(scope="module")
def authoring_seeded(server: SmartbyServer) -> None:
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
        pytest.fail(f"seeding cases failed:\n{result.stdout}\n{result.stderr}", pytrace=False)


PUBLIC_PATHS = [
    "/cases/browser-authoring-origin/",
    "/cases/browser-authoring-adoption/lineage/",
]
LOGGED_IN_PATHS = [
    "/cases/new/",
    "/cases/browser-authoring-own/edit/",
    "/cases/browser-authoring-own/",
    "/cases/browser-authoring-own/attachments/",
    "/cases/browser-authoring-origin/adopt/",
]


def _params(paths: list[str]) -> list:
    return [
        pytest.param(lang, prefix + path, id=f"{lang}:{prefix + path}")
        for path in paths
        for lang, prefix in LANGUAGES
    ]


@pytest.mark.parametrize(("lang", "path"), _params(PUBLIC_PATHS))
def test_public_authoring_page_meets_wcag_21_aa(
    page: Page, server: SmartbyServer, authoring_seeded: None, lang: str, path: str
) -> None:
    _check_page(page, server, lang, path)


@pytest.mark.parametrize(("lang", "path"), _params(LOGGED_IN_PATHS))
def test_form_page_meets_wcag_21_aa(
    demo_page: Page, server: SmartbyServer, authoring_seeded: None, lang: str, path: str
) -> None:
    _check_page(demo_page, server, lang, path)


def test_form_with_errors_meets_wcag_21_aa(
    demo_page: Page, server: SmartbyServer, authoring_seeded: None
) -> None:
    demo_page.goto(server.url + "/en/cases/browser-authoring-own/edit/")
    demo_page.locator("#id_title").fill("")
    click_and_load(demo_page, demo_page.get_by_role("button", name="Save changes"))
    assert (
        demo_page.get_by_role("alert").first.is_visible()
        or demo_page.locator(".errorlist").first.is_visible()
    )
    violations = run_axe(demo_page)
    if violations:
        pytest.fail(format_violations("edit with errors", violations), pytrace=False)
