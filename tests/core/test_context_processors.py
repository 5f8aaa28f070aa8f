"""The language switch keeps the reader on the same page, as Django's translate_url would."""

from __future__ import annotations

import pytest
from django.urls import translate_url

from tests.cases.factories import case_create

pytestmark = pytest.mark.django_db


def _links(response) -> dict[str, str]:
    return {link["code"]: link["url"] for link in response.context["language_links"]}


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/en/",
        "/en/cases/?q=sykler&theme=mobility&page=2",
        "/cases/bysykler/",
        "/en/cases/bysykler/",
        "/en/municipalities/oslo/",
        "/en/roadmap/",
        "/en/accounts/login/?next=/en/cases/",
    ],
)
def test_the_links_are_translate_urls(client, oslo, path) -> None:
    case_create(owner=oslo, title="Bysykler", slug="bysykler")
    response = client.get(path)
    assert response.status_code in (200, 404)
    assert _links(response) == {code: translate_url(path, code) for code in ("nb", "en")}


def test_the_links_name_the_page_in_each_language(client, oslo) -> None:
    case_create(owner=oslo, title="Bysykler", slug="bysykler")
    response = client.get("/en/cases/bysykler/?tab=lessons")
    assert _links(response) == {
        "nb": "/cases/bysykler/?tab=lessons",
        "en": "/en/cases/bysykler/?tab=lessons",
    }
    html = response.content.decode()
    assert '<link rel="alternate" hreflang="nb" href="/cases/bysykler/?tab=lessons">' in html
