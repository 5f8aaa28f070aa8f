"""When a page is missing, forbidden, malformed or fails, the answer is a page of the site in
the reader's language that says what happened and where to go, not Django's bare text."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory
from django.utils import translation
from django.views import defaults

from smartby.accounts.models import User
from smartby.cases.models import Case
from tests.accounts.factories import user_create
from tests.accounts.test_views import _registration
from tests.cases.factories import case_create

pytestmark = pytest.mark.django_db


TEXTS = {
    "en": ("Page not found", "Search the data catalogue"),
    "nb": ("Fant ikke siden", "Søk i datakatalogen"),
}


@pytest.mark.parametrize(
    ("path", "lang"),
    [
        ("/en/cases/no-such-case/", "en"),
        ("/cases/no-such-case/", "nb"),
        ("/en/data/datasets/no-such-dataset/", "en"),
        ("/en/no/such/address/", "en"),
    ],
)
def test_a_missing_page_is_a_404_in_the_sites_layout(client, path, lang) -> None:
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    title, search = TEXTS[lang]
    prefix = "/en" if lang == "en" else ""
    assert f'<html lang="{lang}">' in html
    assert f"<h1>{title}</h1>" in html
    assert 'class="main-nav"' in html  # the reader can go on from here
    assert f'<a href="{prefix}/data/">{search}</a>' in html


def test_a_forbidden_action_says_so_and_changes_nothing(client, oslo) -> None:
    case = case_create(owner=oslo, title="Bysykler", slug="bysykler")
    client.force_login(user_create())  # no organisation to adopt for
    before = Case.objects.count()
    response = client.post(
        f"/en/cases/{case.slug}/adopt/",
        {"organisation": oslo.pk, "title": "Bysykler hos oss", "language": "nb"},
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Not allowed</h1>" in html
    assert "Your account may not do this." in html
    assert "Log out" in html
    assert Case.objects.count() == before


def _answer(view, path: str, lang: str, *args):
    """What Django's handler `view` answers an anonymous visitor of `path` in `lang`."""
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    with translation.override(lang):
        return view(request, *args)


def test_a_visitor_who_is_not_logged_in_is_offered_the_login() -> None:
    response = _answer(
        defaults.permission_denied, "/en/networks/smartbyene/?tab=votes", "nb", PermissionError()
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "Du må logge inn for å gjøre dette." in html
    assert 'href="/accounts/login/?next=/en/networks/smartbyene/%3Ftab%3Dvotes"' in html


@pytest.mark.parametrize(
    ("lang", "title"), [("en", "Something went wrong"), ("nb", "Noe gikk galt")]
)
def test_a_server_error_is_a_plain_page_in_the_language(lang, title) -> None:
    response = _answer(defaults.server_error, "/", lang)
    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert f"<h1>{title}</h1>" in html


def test_a_bad_request_is_a_page_of_the_site() -> None:
    response = _answer(defaults.bad_request, "/en/", "en", ValueError())
    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in response.content.decode()


def test_an_expired_form_says_nothing_was_saved() -> None:
    client = Client(enforce_csrf_checks=True)
    before = User.objects.count()
    response = client.post("/en/accounts/register/", _registration())
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>The form has expired</h1>" in html
    assert "Nothing was saved." in html
    assert User.objects.count() == before
