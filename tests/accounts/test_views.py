"""Account pages, end to end through the test client (English pages, English messages)."""

from __future__ import annotations

import re
import time
from unittest import mock

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import translation

from smartby.accounts import services
from smartby.accounts.models import ApiToken, Membership, Role, User
from tests.accounts.builders import db_snapshot, link_in_last_mail, organisation_with_members
from tests.accounts.factories import PASSWORD, member_create, user_create
from tests.organisations.factories import organisation_create

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-and-unusual-passphrase-42"


def _html(response) -> str:
    return response.content.decode()


def _login(client, email, password=PASSWORD, **extra):
    return client.post("/en/accounts/login/", {"username": email, "password": password}, **extra)


def _registration(**overrides):
    data = {
        "email": "kari@example.org",
        "full_name": "Kari Nordmann",
        "preferred_language": "en",
        "password": NEW_PASSWORD,
        "password_confirm": NEW_PASSWORD,
        "is_public": "on",
    }
    data.update(overrides)
    return data


# --- register → mail → confirm → login --------------------------------------------------


def test_register_then_confirm_by_mail_then_log_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/register/", _registration())
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/register/done/"
    assert "Check your e-mail" in _html(client.get(response["Location"]))
    user = User.objects.get(email="kari@example.org")
    assert user.email_confirmed_at is None and user.is_public

    assert len(mail.outbox) == 1
    link = link_in_last_mail(r"https?://\S+/confirm-email/\S+")
    assert link.startswith("/en/accounts/confirm-email/")
    page = client.get(link)
    assert page.status_code == 200 and "Confirm my e-mail address" in _html(page)
    user.refresh_from_db()
    assert user.email_confirmed_at is None  # opening the link alone changes nothing

    response = client.post(link, follow=True)
    assert "Your e-mail address is confirmed" in _html(response)
    user.refresh_from_db()
    assert user.email_confirmed_at is not None

    response = _login(client, "Kari@Example.org", NEW_PASSWORD, follow=True)
    assert response.redirect_chain[-1][0] == "/en/accounts/profile/"
    assert "Kari Nordmann" in _html(response)
    assert "not confirmed yet" not in _html(response)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "Taken@Example.org"}, "An account with this e-mail address already exists"),
        ({"email": "not-an-address"}, "Enter a valid email address"),
        ({"full_name": "   "}, "This field is required"),
        ({"password": "short", "password_confirm": "short"}, "too short"),
        ({"password": "password1234", "password_confirm": "password1234"}, "too common"),
        ({"password_confirm": "something-else-entirely-9"}, "The two passwords are not the same"),
        ({"preferred_language": "sv"}, "Select a valid choice"),
    ],
)
def test_registration_with_bad_input_shows_why_and_changes_nothing(
    client, overrides, message, django_capture_on_commit_callbacks
):
    user_create(email="taken@example.org")
    before = db_snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/register/", _registration(**overrides))
    assert response.status_code == 400
    html = _html(response)
    assert message in html
    assert 'aria-invalid="true"' in html
    assert db_snapshot() == before
    assert not mail.outbox


def test_a_bad_confirmation_link_says_so_and_changes_nothing(client):
    user = user_create(confirmed=False)
    token = services.email_confirmation_token_make(user=user)
    response = client.post(f"/en/accounts/confirm-email/{token[:-2]}xx/")
    assert response.status_code == 400
    assert "This confirmation link is not valid" in _html(response)
    assert "/en/accounts/confirm-email/resend/" in _html(response)
    user.refresh_from_db()
    assert user.email_confirmed_at is None


def test_an_expired_confirmation_link_says_so_and_changes_nothing(client):
    user = user_create(confirmed=False)
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 4 * 86400):
        token = services.email_confirmation_token_make(user=user)
    response = client.post(f"/en/accounts/confirm-email/{token}/")
    assert response.status_code == 400
    assert "This confirmation link has expired" in _html(response)
    user.refresh_from_db()
    assert user.email_confirmed_at is None


def test_a_used_confirmation_link_only_says_the_address_is_confirmed(client):
    user = user_create(confirmed=False)
    token = services.email_confirmation_token_make(user=user)
    client.post(f"/en/accounts/confirm-email/{token}/")
    user.refresh_from_db()
    first = user.email_confirmed_at
    response = client.get(f"/en/accounts/confirm-email/{token}/")
    assert "already confirmed" in _html(response)
    client.post(f"/en/accounts/confirm-email/{token}/")
    user.refresh_from_db()
    assert user.email_confirmed_at == first


def test_resend_form_answers_the_same_for_unknown_addresses(
    client, django_capture_on_commit_callbacks
):
    waiting = user_create(email="waiting@example.org", confirmed=False)
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post(
            "/en/accounts/confirm-email/resend/", {"email": "nobody@example.org"}, follow=True
        )
        known = client.post(
            "/en/accounts/confirm-email/resend/", {"email": waiting.email}, follow=True
        )
    assert "If an account with this address is waiting for confirmation" in _html(unknown)
    assert "If an account with this address is waiting for confirmation" in _html(known)
    assert [m.to for m in mail.outbox] == [[waiting.email]]


def test_resend_form_refuses_a_malformed_address(client):
    response = client.post("/en/accounts/confirm-email/resend/", {"email": "nope"})
    assert response.status_code == 400
    assert "Enter a valid email address" in _html(response)


def test_a_logged_in_unconfirmed_person_is_told_and_can_get_a_new_link(
    client, django_capture_on_commit_callbacks
):
    user = user_create(confirmed=False)
    response = _login(client, user.email, follow=True)
    html = _html(response)
    assert "Your e-mail address is not confirmed yet" in html
    assert 'href="/en/accounts/confirm-email/resend/"' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/confirm-email/resend/", follow=True)
    assert f"We have sent a new confirmation link to {user.email}" in _html(response)
    assert mail.outbox[-1].to == [user.email]


# --- login, throttling, logout ----------------------------------------------------------


def test_login_form_labels_the_username_field_email(client):
    html = _html(client.get("/en/accounts/login/"))
    assert re.search(r'<label for="id_username">E-mail:?</label>', html)
    assert 'type="email"' in html


def test_a_wrong_password_is_refused_with_a_clear_message(client):
    user = user_create()
    response = _login(client, user.email, "wrong-password")
    assert response.status_code == 400
    assert "The e-mail address or the password is not right" in _html(response)
    assert "_auth_user_id" not in client.session


@override_settings(AXES_FAILURE_LIMIT=3)
def test_after_repeated_failures_even_the_right_password_is_refused_with_429(client):
    user = user_create()
    for _attempt in range(2):
        assert _login(client, user.email, "wrong-password").status_code == 400
    locked = _login(client, user.email, "wrong-password")
    assert locked.status_code == 429
    response = _login(client, user.email, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    html = _html(response)
    assert "Too many failed logins" in html
    assert "You can try again in about 15 minutes" in html
    assert 0 < int(response["Retry-After"]) <= 15 * 60
    # Someone else, from the same address, is not locked out.
    other = user_create()
    assert _login(client, other.email).status_code == 302


def test_logout_is_post_only(client):
    client.force_login(user_create())
    assert client.get("/en/accounts/logout/").status_code == 405
    assert client.post("/en/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


# --- password reset and change ------------------------------------------------------------


def test_password_reset_by_mail_in_the_persons_language(client):
    user = user_create(preferred_language="en", confirmed=False)
    response = client.post("/accounts/password-reset/", {"email": user.email.upper()})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "Set a new password" in mail.outbox[0].subject
    link = link_in_last_mail(r"https?://\S+/password-reset/\S+")
    assert link.startswith("/en/accounts/password-reset/")
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/password-reset/complete/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert user.email_confirmed_at is not None
    assert _login(client, user.email, NEW_PASSWORD).status_code == 302


def test_password_reset_does_not_reveal_whether_an_address_is_registered(client):
    user_create(email="known@example.org")
    known = client.post("/en/accounts/password-reset/", {"email": "known@example.org"})
    unknown = client.post("/en/accounts/password-reset/", {"email": "unknown@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/en/accounts/password-reset/done/"
    assert [m.to for m in mail.outbox] == [["known@example.org"]]


def test_password_reset_refuses_a_malformed_address(client):
    response = client.post("/en/accounts/password-reset/", {"email": "nope"})
    assert response.status_code == 400
    assert "Enter a valid email address" in _html(response)
    assert not mail.outbox


def test_a_bad_reset_link_says_so(client):
    user = user_create()
    response = client.get("/en/accounts/password-reset/MQ/bad-token/")
    assert response.status_code == 400
    assert "This link is not valid" in _html(response)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_mismatched_new_passwords_are_refused_and_the_old_one_stays(client):
    user = user_create(preferred_language="en")
    client.post("/en/accounts/password-reset/", {"email": user.email})
    response = client.get(link_in_last_mail(r"https?://\S+/password-reset/\S+"), follow=True)
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"},
    )
    assert response.status_code == 400
    assert "The two password fields didn’t match" in _html(response)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_change_needs_the_old_password(client):
    user = user_create()
    client.force_login(user)
    response = client.post(
        "/en/accounts/password/",
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 400
    assert "Your old password was entered incorrectly" in _html(response)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    response = client.post(
        "/en/accounts/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Your password is changed" in _html(response)
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


# --- profile ------------------------------------------------------------------------------


def test_account_pages_need_a_login(client):
    for url in ["profile/", "profile/edit/", "organisations/", "tokens/", "delete/", "password/"]:
        response = client.get(f"/en/accounts/{url}")
        assert response.status_code == 302, url
        assert response["Location"].startswith("/en/accounts/login/?next="), url


@pytest.mark.parametrize("memberships", [1, 10])
def test_profile_page_runs_the_same_queries_with_few_or_many_memberships(
    client, django_assert_num_queries, memberships
):
    user = user_create(full_name="Kari Nordmann")
    for _n in range(memberships):
        Membership.objects.create(user=user, organisation=organisation_create(), role=Role.EDITOR)
    client.force_login(user)
    with django_assert_num_queries(3):  # session, user, memberships with organisations
        response = client.get("/en/accounts/profile/")
    assert response.status_code == 200
    assert _html(response).count("Editor") == memberships


def test_profile_edit_saves_and_switches_to_the_chosen_language(client):
    user = user_create()
    client.force_login(user)
    response = client.post(
        "/en/accounts/profile/edit/",
        {"full_name": "Kari Nordmann", "title": "Data steward", "preferred_language": "nb"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    user.refresh_from_db()
    assert (user.full_name, user.title, user.preferred_language, user.is_public) == (
        "Kari Nordmann",
        "Data steward",
        "nb",
        False,
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"full_name": "", "preferred_language": "en"}, "This field is required"),
        ({"full_name": "   ", "preferred_language": "en"}, "This field is required"),
        ({"full_name": "Kari", "preferred_language": "xx"}, "Select a valid choice"),
    ],
)
def test_profile_edit_with_bad_input_shows_why_and_changes_nothing(client, data, message):
    user = user_create()
    client.force_login(user)
    before = db_snapshot()
    response = client.post("/en/accounts/profile/edit/", data)
    assert response.status_code == 400
    assert message in _html(response)
    assert db_snapshot() == before


# --- my organisations -------------------------------------------------------------------


def test_my_organisations_lists_roles_and_lets_a_member_leave(client):
    organisation, (_admin, member) = organisation_with_members(members=1, name="Fjordlys AS")
    client.force_login(member)
    html = _html(client.get("/en/accounts/organisations/"))
    assert "Fjordlys AS" in html and "Member" in html
    response = client.post(f"/en/accounts/organisations/{organisation.slug}/leave/", follow=True)
    assert "You have left Fjordlys AS" in _html(response)
    assert not Membership.objects.filter(user=member).exists()


def test_the_last_admin_cannot_leave_and_is_told_why(client):
    organisation, (admin, _member) = organisation_with_members(members=1)
    client.force_login(admin)
    before = db_snapshot()
    response = client.post(f"/en/accounts/organisations/{organisation.slug}/leave/")
    assert response.status_code == 400
    assert "needs at least one administrator" in _html(response)
    assert db_snapshot() == before


def test_leaving_an_organisation_one_is_not_in_is_404(client):
    organisation = organisation_create()
    client.force_login(user_create())
    assert client.post(f"/en/accounts/organisations/{organisation.slug}/leave/").status_code == 404


# --- people of an organisation ------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("outsider", 404),
        ("member", 404),
        ("editor", 404),
        ("admin_of_other_org", 404),
        ("admin", 200),
        ("platform_admin", 200),
    ],
)
def test_only_org_admins_and_platform_admins_see_the_people_page(client, role, status):
    organisation = organisation_create()
    actor = {
        "outsider": lambda: user_create(),
        "member": lambda: member_create(organisation=organisation),
        "editor": lambda: member_create(organisation=organisation, role=Role.EDITOR),
        "admin_of_other_org": lambda: member_create(
            organisation=organisation_create(), role=Role.ADMIN
        ),
        "admin": lambda: member_create(organisation=organisation, role=Role.ADMIN),
        "platform_admin": lambda: user_create(is_superuser=True, is_staff=True),
    }[role]()
    client.force_login(actor)
    url = f"/en/accounts/organisations/{organisation.slug}/people/"
    assert client.get(url).status_code == status
    before = db_snapshot()
    other = user_create(email="target@example.org")
    response = client.post(url + "add/", {"email": other.email, "role": "admin"})
    assert response.status_code == (404 if status == 404 else 302)
    if status == 404:
        assert db_snapshot()["memberships"] == before["memberships"]


def test_the_people_page_asks_anonymous_visitors_to_log_in(client):
    organisation = organisation_create()
    response = client.get(f"/en/accounts/organisations/{organisation.slug}/people/")
    assert response.status_code == 302 and "/en/accounts/login/" in response["Location"]


@pytest.mark.parametrize("members", [1, 30])
def test_people_page_runs_the_same_queries_with_1_or_30_members(
    client, django_assert_num_queries, members
):
    organisation, (admin, *_rest) = organisation_with_members(members=members - 1 or 0)
    if members == 1:
        assert organisation.memberships.count() == 1
    client.force_login(admin)
    # session, user, viewer's roles, organisation, member count, members page
    with django_assert_num_queries(6):
        response = client.get(f"/en/accounts/organisations/{organisation.slug}/people/")
    assert response.status_code == 200
    assert _html(response).count('name="m') == organisation.memberships.count()


def test_an_admin_adds_changes_and_removes_people_through_the_page(client):
    organisation, (admin,) = organisation_with_members(members=0)
    person = user_create(email="new@example.org", full_name="Nils Ny")
    client.force_login(admin)
    base = f"/en/accounts/organisations/{organisation.slug}/people/"

    response = client.post(
        base + "add/", {"email": "NEW@example.org", "role": "member"}, follow=True
    )
    assert "Nils Ny is now a member of" in _html(response)
    membership = Membership.objects.get(user=person, organisation=organisation)

    response = client.post(
        f"{base}{membership.pk}/role/", {f"m{membership.pk}-role": "editor"}, follow=True
    )
    assert "Nils Ny now has the role “Editor”" in _html(response)
    membership.refresh_from_db()
    assert membership.role == Role.EDITOR

    response = client.post(f"{base}{membership.pk}/remove/", follow=True)
    assert "Nils Ny is no longer a member" in _html(response)
    assert not Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "nobody@example.org", "role": "member"}, "Nobody with this e-mail address"),
        ({"email": "member@example.org", "role": "member"}, "is already a member of"),
        ({"email": "not-an-address", "role": "member"}, "Enter a valid email address"),
        ({"email": "", "role": "member"}, "This field is required"),
        ({"email": "outsider@example.org", "role": "owner"}, "Select a valid choice"),
    ],
)
def test_adding_a_person_with_bad_input_shows_why_and_changes_nothing(client, data, message):
    organisation, (admin,) = organisation_with_members(members=0)
    member_create(organisation=organisation, email="member@example.org")
    user_create(email="outsider@example.org")
    client.force_login(admin)
    before = db_snapshot()
    response = client.post(f"/en/accounts/organisations/{organisation.slug}/people/add/", data)
    assert response.status_code == 400
    assert message in _html(response)
    assert db_snapshot() == before


def test_demoting_or_removing_the_last_admin_through_the_page_is_refused(client):
    organisation, (admin, _member) = organisation_with_members(members=1)
    membership = Membership.objects.get(user=admin, organisation=organisation)
    client.force_login(admin)
    base = f"/en/accounts/organisations/{organisation.slug}/people/{membership.pk}/"
    before = db_snapshot()
    response = client.post(base + "role/", {f"m{membership.pk}-role": "member"})
    assert response.status_code == 400
    assert "needs at least one administrator" in _html(response)
    assert 'aria-describedby="people-error"' in _html(response)
    response = client.post(base + "remove/")
    assert response.status_code == 400
    assert "needs at least one administrator" in _html(response)
    response = client.post(base + "role/", {f"m{membership.pk}-role": "emperor"})
    assert response.status_code == 400
    assert "Choose member, editor or administrator" in _html(response)
    assert db_snapshot() == before


def test_memberships_of_another_organisation_cannot_be_changed_from_this_page(client):
    organisation, (admin,) = organisation_with_members(members=0)
    other_org, (_other_admin, other_member) = organisation_with_members(members=1)
    foreign = Membership.objects.get(user=other_member)
    client.force_login(admin)
    before = db_snapshot()
    base = f"/en/accounts/organisations/{organisation.slug}/people/{foreign.pk}/"
    assert client.post(base + "remove/").status_code == 404
    assert client.post(base + "role/", {f"m{foreign.pk}-role": "admin"}).status_code == 404
    assert db_snapshot() == before


def test_an_admin_who_steps_down_goes_back_to_their_organisations(client):
    organisation, (admin, _second_admin) = organisation_with_members(admins=2, members=0)
    membership = Membership.objects.get(user=admin, organisation=organisation)
    client.force_login(admin)
    response = client.post(
        f"/en/accounts/organisations/{organisation.slug}/people/{membership.pk}/role/",
        {f"m{membership.pk}-role": "member"},
    )
    assert response["Location"] == "/en/accounts/organisations/"


# --- people panels ----------------------------------------------------------------------


def test_organisation_page_shows_public_people_and_the_manage_link_only_to_admins(client):
    organisation = organisation_create(name="Fjordlys AS")
    admin = member_create(
        organisation=organisation, role=Role.ADMIN, full_name="Anne Admin", title="CEO"
    )
    member_create(organisation=organisation, full_name="Hidden Hanna", is_public=False)
    url = f"/en/organisations/{organisation.slug}/"
    html = _html(client.get(url))
    assert "People" in html and "Anne Admin" in html and "CEO" in html
    assert "Hidden Hanna" not in html
    assert "Manage people" not in html
    client.force_login(admin)
    html = _html(client.get(url))
    assert f'href="/en/accounts/organisations/{organisation.slug}/people/"' in html


def test_municipality_page_shows_people_of_organisations_based_there(client):
    organisation = organisation_create(name="Oslo Sensor AS")  # based in Oslo
    member_create(organisation=organisation, full_name="Sara Sensor", title="Engineer")
    html = _html(client.get("/en/municipalities/oslo/"))
    assert "Sara Sensor" in html and "Oslo Sensor AS" in html


# --- API tokens ---------------------------------------------------------------------------


def test_a_new_token_is_shown_once_and_then_only_its_prefix(client):
    user = user_create()
    client.force_login(user)
    response = client.post("/en/accounts/tokens/", {"name": "Harvester"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    raw = re.search(r'value="(sbt_[^"]+)"', _html(response)).group(1)
    token = ApiToken.objects.get(user=user)
    assert services.api_token_authenticate(raw=raw) == user
    html = _html(client.get("/en/accounts/tokens/"))
    assert raw not in html and token.token_hash not in html
    assert token.prefix in html and "Harvester" in html


def test_a_token_without_a_name_is_refused(client):
    client.force_login(user_create())
    response = client.post("/en/accounts/tokens/", {"name": "  "})
    assert response.status_code == 400
    assert "This field is required" in _html(response)
    assert not ApiToken.objects.exists()


def test_a_token_is_revoked_from_the_page_but_nobody_elses(client):
    owner, other = user_create(), user_create()
    token, _raw = services.api_token_create(user=owner, name="CLI")
    client.force_login(other)
    assert client.post(f"/en/accounts/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    client.force_login(owner)
    response = client.post(f"/en/accounts/tokens/{token.pk}/revoke/", follow=True)
    assert "The token “CLI” is revoked" in _html(response)
    token.refresh_from_db()
    assert token.revoked_at is not None


# --- delete my account --------------------------------------------------------------------


def test_deleting_my_account_logs_me_out_and_removes_my_data(client):
    organisation, (_admin, member) = organisation_with_members(members=1)
    services.api_token_create(user=member, name="CLI")
    client.force_login(member)
    response = client.post("/en/accounts/delete/", {"password": PASSWORD}, follow=True)
    assert "Your account and your data are deleted" in _html(response)
    assert not User.objects.filter(pk=member.pk).exists()
    assert not ApiToken.objects.filter(user_id=member.pk).exists()
    assert organisation.memberships.count() == 1
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("password", "message"),
    [("", "This field is required"), ("wrong", "The password is not right")],
)
def test_deleting_my_account_needs_my_password(client, password, message):
    user = user_create()
    client.force_login(user)
    before = db_snapshot()
    response = client.post("/en/accounts/delete/", {"password": password})
    assert response.status_code == 400
    assert message in _html(response)
    assert db_snapshot() == before


def test_the_last_admin_cannot_delete_their_account_and_is_told_why(client):
    organisation, (admin, _member) = organisation_with_members(members=1, name="Fjordlys AS")
    client.force_login(admin)
    before = db_snapshot()
    response = client.post("/en/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 400
    assert "You are the only administrator of Fjordlys AS" in _html(response)
    assert db_snapshot() == before


# --- both languages -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "accounts/register/",
        "accounts/register/done/",
        "accounts/login/",
        "accounts/password-reset/",
        "accounts/password-reset/done/",
        "accounts/password-reset/complete/",
        "accounts/confirm-email/resend/",
    ],
)
@pytest.mark.parametrize("prefix", ["/", "/en/"])
def test_public_account_pages_render_in_both_languages(client, prefix, path):
    response = client.get(prefix + path)
    assert response.status_code == 200
    assert _html(response).count("<h1") == 1


@pytest.mark.parametrize(
    "path",
    ["profile/", "profile/edit/", "organisations/", "tokens/", "delete/", "password/"],
)
@pytest.mark.parametrize("prefix", ["/", "/en/"])
def test_own_account_pages_render_in_both_languages(client, prefix, path):
    client.force_login(user_create(confirmed=False))
    response = client.get(f"{prefix}accounts/{path}")
    assert response.status_code == 200
    assert _html(response).count("<h1") == 1


def test_people_panel_is_one_query_and_bounded_to_fifty(rf, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    from smartby.accounts import panels

    organisation, _people = organisation_with_members(members=51, admins=1)
    request = rf.get("/en/")
    request.user = AnonymousUser()
    with django_assert_num_queries(1), translation.override("en"):
        panel = panels.organisation_people(request, organisation)
        html = render_to_string(panel.template, {"panel": panel}, request=request)
    assert panel.order == 20
    assert html.count("<tr>") == 51  # header row + 50 people
    assert "Showing 50 of 52 people." in html


# --- admin --------------------------------------------------------------------------------


def test_platform_admins_manage_people_in_the_admin_without_ever_seeing_token_hashes(client):
    admin = user_create(is_superuser=True, is_staff=True)
    organisation, (member, *_rest) = organisation_with_members(members=0)
    token, raw = services.api_token_create(user=member, name="Harvester")
    client.force_login(admin)
    for url in [
        "/admin/accounts/user/",
        "/admin/accounts/user/add/",
        f"/admin/accounts/user/{member.pk}/change/",
        "/admin/accounts/membership/",
        "/admin/accounts/apitoken/",
        f"/admin/accounts/apitoken/{token.pk}/change/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = _html(response)
        assert token.token_hash not in html and raw not in html, url
    assert 'name="username"' not in _html(client.get("/admin/accounts/user/add/"))
    assert client.get("/admin/accounts/apitoken/add/").status_code == 403

    response = client.post(
        "/admin/accounts/user/add/",
        {
            "email": "New.Person@Example.org",
            "full_name": "New Person",
            "usable_password": "true",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert User.objects.get(email="new.person@example.org").check_password(NEW_PASSWORD)
