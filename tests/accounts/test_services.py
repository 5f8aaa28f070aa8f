"""Account services: registration, confirmation, profile, deletion, memberships, tokens."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from smartby.accounts import services
from smartby.accounts.models import ApiToken, Membership, Role, User
from smartby.network.models import Network, NetworkRole
from tests.accounts.builders import db_snapshot, organisation_with_members
from tests.accounts.factories import PASSWORD, member_create, user_create
from tests.organisations.factories import organisation_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in their English source form.
    with translation.override("en"):
        yield


GOOD_PASSWORD = "a-long-and-unusual-passphrase-42"


def _register(**overrides):
    data = {
        "email": "Kari.Nordmann@Example.org",
        "full_name": "  Kari   Nordmann ",
        "password": GOOD_PASSWORD,
        "preferred_language": "nb",
    }
    data.update(overrides)
    return services.user_register(**data)


# --- registration ---------------------------------------------------------------------


def test_registration_creates_an_unconfirmed_account_and_mails_the_link_after_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        user = _register()
        assert not mail.outbox  # nothing leaves before the transaction commits
    assert len(callbacks) == 1
    assert user.email == "kari.nordmann@example.org"
    assert user.full_name == "Kari Nordmann"
    assert user.email_confirmed_at is None
    assert user.check_password(GOOD_PASSWORD)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["kari.nordmann@example.org"]
    assert "/accounts/confirm-email/" in mail.outbox[0].body


def test_confirmation_mail_is_written_in_the_preferred_language(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _register(email="nb@example.org", preferred_language="nb")
        _register(email="en@example.org", preferred_language="en")
    nb_mail, en_mail = mail.outbox
    assert "Confirm your e-mail address" in en_mail.subject
    assert "/en/accounts/confirm-email/" in en_mail.body
    assert "/en/" not in nb_mail.body
    assert "http://127.0.0.1:8000/accounts/confirm-email/" in nb_mail.body


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"email": "PERSON@example.org"}, "email", "already exists"),
        ({"email": "not-an-address"}, "email", "valid e-mail"),
        ({"full_name": "   "}, "full_name", "Enter your name"),
        ({"password": "short"}, "password", "too short"),
        ({"password": "password1234"}, "password", "too common"),
        ({"password": "kari.nordmann1"}, "password", "too similar"),
        ({"preferred_language": "sv"}, "preferred_language", "bokmål"),
    ],
)
def test_registration_refuses_bad_input_and_changes_nothing(
    overrides, field, text, django_capture_on_commit_callbacks
):
    user_create(email="person@example.org")
    before = db_snapshot()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as exc:
        _register(**{"email": "kari.nordmann@example.org", **overrides})
    assert text in " ".join(exc.value.message_dict[field])
    assert db_snapshot() == before
    assert not mail.outbox


# --- e-mail confirmation --------------------------------------------------------------


def test_confirming_sets_the_time_once_and_a_second_use_changes_nothing():
    user = user_create(confirmed=False)
    token = services.email_confirmation_token_make(user=user)
    confirmed = services.user_email_confirm(token=token)
    assert confirmed.email_confirmed_at is not None
    first = confirmed.email_confirmed_at
    again = services.user_email_confirm(token=token)
    assert again.email_confirmed_at == first


def test_an_expired_confirmation_link_is_refused_and_changes_nothing():
    user = user_create(confirmed=False)
    four_days_ago = time.time() - 4 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=four_days_ago):
        token = services.email_confirmation_token_make(user=user)
    with pytest.raises(ValidationError) as exc:
        services.user_email_confirm(token=token)
    assert exc.value.code == "expired"
    user.refresh_from_db()
    assert user.email_confirmed_at is None


def test_a_link_two_days_old_still_works():
    user = user_create(confirmed=False)
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 2 * 24 * 3600):
        token = services.email_confirmation_token_make(user=user)
    assert services.user_email_confirm(token=token).email_confirmed_at is not None


@pytest.mark.parametrize(
    "mangle", [lambda t: t[:-3] + "abc", lambda t: "x" + t, lambda t: "nonsense"]
)
def test_a_tampered_confirmation_link_is_refused(mangle):
    user = user_create(confirmed=False)
    token = services.email_confirmation_token_make(user=user)
    with pytest.raises(ValidationError) as exc:
        services.user_email_confirm(token=mangle(token))
    assert exc.value.code == "invalid"
    user.refresh_from_db()
    assert user.email_confirmed_at is None


def test_a_link_stops_working_when_the_address_changed():
    user = user_create(confirmed=False)
    token = services.email_confirmation_token_make(user=user)
    User.objects.filter(pk=user.pk).update(email="new@example.org")
    with pytest.raises(ValidationError) as exc:
        services.user_email_confirm(token=token)
    assert exc.value.code == "invalid"


def test_resending_says_nothing_about_unknown_or_confirmed_addresses(
    django_capture_on_commit_callbacks,
):
    user_create(email="done@example.org")
    waiting = user_create(email="waiting@example.org", confirmed=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.user_email_confirmation_resend(email="nobody@example.org")
        services.user_email_confirmation_resend(email="done@example.org")
        services.user_email_confirmation_resend(email="WAITING@example.org")
    assert [m.to for m in mail.outbox] == [[waiting.email]]


def test_setting_a_new_password_by_mail_confirms_the_address_and_lifts_the_lockout():
    user = user_create(confirmed=False)
    AccessAttempt.objects.create(
        username=user.email,
        ip_address="127.0.0.1",
        user_agent="x",
        failures_since_start=9,
        get_data="",
        post_data="",
        http_accept="",
        path_info="",
    )
    services.user_password_reset_complete(user=user)
    user.refresh_from_db()
    assert user.email_confirmed_at is not None
    assert not AccessAttempt.objects.filter(username=user.email).exists()


# --- profile --------------------------------------------------------------------------


def test_a_person_updates_their_profile():
    user = user_create()
    services.user_profile_update(
        user=user,
        actor=user,
        full_name=" Ola  Nordmann ",
        title="Adviser",
        preferred_language="en",
        is_public=False,
    )
    user.refresh_from_db()
    assert (user.full_name, user.title, user.preferred_language, user.is_public) == (
        "Ola Nordmann",
        "Adviser",
        "en",
        False,
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"full_name": "  "}, "full_name"), ({"preferred_language": "de"}, "preferred_language")],
)
def test_profile_update_refuses_bad_input_and_changes_nothing(changes, field):
    user = user_create()
    before = db_snapshot()
    with pytest.raises(ValidationError) as exc:
        services.user_profile_update(
            user=user, actor=user, **{"full_name": "Name", "preferred_language": "nb", **changes}
        )
    assert field in exc.value.message_dict
    assert db_snapshot() == before


def test_nobody_else_changes_a_profile_but_a_platform_admin_may():
    user, other = user_create(), user_create()
    with pytest.raises(PermissionDenied):
        services.user_profile_update(user=user, actor=other, full_name="Hacked")
    admin = user_create(is_superuser=True, is_staff=True)
    services.user_profile_update(user=user, actor=admin, full_name="Fixed Typo")
    user.refresh_from_db()
    assert user.full_name == "Fixed Typo"


# --- deleting an account --------------------------------------------------------------


def test_deleting_an_account_removes_memberships_tokens_network_roles_and_login_records():
    organisation, (admin, member) = organisation_with_members(members=1)
    services.api_token_create(user=member, name="Harvester")
    NetworkRole.objects.create(network=Network.objects.get(slug="smartbyene"), user=member)
    AccessAttempt.objects.create(
        username=member.email,
        ip_address="127.0.0.1",
        user_agent="x",
        failures_since_start=1,
        get_data="",
        post_data="",
        http_accept="",
        path_info="",
    )
    services.user_delete(user=member, actor=member, password=PASSWORD)
    assert not User.objects.filter(pk=member.pk).exists()
    assert not Membership.objects.filter(user_id=member.pk).exists()
    assert not ApiToken.objects.filter(user_id=member.pk).exists()
    assert not NetworkRole.objects.filter(user_id=member.pk).exists()
    assert not AccessAttempt.objects.filter(username=member.email).exists()
    assert Membership.objects.filter(user=admin, organisation=organisation).exists()


def test_deleting_needs_the_right_password():
    user = user_create()
    before = db_snapshot()
    with pytest.raises(ValidationError) as exc:
        services.user_delete(user=user, actor=user, password="wrong")
    assert "password" in exc.value.message_dict
    assert db_snapshot() == before


def test_the_last_admin_of_an_organisation_with_members_cannot_delete_their_account():
    organisation, (admin, _member) = organisation_with_members(members=1, name="Fjordlys AS")
    before = db_snapshot()
    with pytest.raises(ValidationError) as exc:
        services.user_delete(user=admin, actor=admin, password=PASSWORD)
    assert exc.value.code == "last_admin"
    assert "Fjordlys AS" in exc.value.messages[0]
    assert db_snapshot() == before


def test_an_admin_may_delete_their_account_when_another_admin_remains_or_nobody_else_is_left():
    _org, (admin, *_others) = organisation_with_members(admins=2, members=3)
    services.user_delete(user=admin, actor=admin, password=PASSWORD)
    _alone, (lonely_admin,) = organisation_with_members(members=0)
    services.user_delete(user=lonely_admin, actor=lonely_admin, password=PASSWORD)
    assert not User.objects.filter(pk__in=[admin.pk, lonely_admin.pk]).exists()


@pytest.mark.parametrize("actor_kind", ["other", "platform_admin", "anonymous"])
def test_nobody_deletes_someone_elses_account(actor_kind):
    user = user_create()
    actor = {
        "other": user_create,
        "platform_admin": lambda: user_create(is_superuser=True, is_staff=True),
        "anonymous": AnonymousUser,
    }[actor_kind]()
    with pytest.raises(PermissionDenied):
        services.user_delete(user=user, actor=actor, password=PASSWORD)
    assert User.objects.filter(pk=user.pk).exists()


# --- memberships ----------------------------------------------------------------------


def test_an_org_admin_adds_an_existing_person_by_email():
    organisation, (admin,) = organisation_with_members(members=0)
    person = user_create(email="new.colleague@example.org")
    membership = services.membership_add(
        organisation=organisation,
        email=" New.Colleague@EXAMPLE.org ",
        role=Role.EDITOR,
        actor=admin,
    )
    assert (membership.user, membership.role) == (person, Role.EDITOR)


@pytest.mark.parametrize(
    ("email", "role", "text"),
    [
        ("nobody@example.org", Role.MEMBER, "Nobody with this e-mail address has an account"),
        ("", Role.MEMBER, "Nobody with this e-mail address has an account"),
        ("existing@example.org", Role.MEMBER, "is already a member"),
        ("outsider@example.org", "owner", "Choose member, editor or administrator"),
    ],
)
def test_adding_a_member_refuses_bad_input_and_changes_nothing(email, role, text):
    organisation, (admin,) = organisation_with_members(members=0)
    member_create(organisation=organisation, email="existing@example.org")
    user_create(email="outsider@example.org")
    before = db_snapshot()
    with pytest.raises(ValidationError) as exc:
        services.membership_add(organisation=organisation, email=email, role=role, actor=admin)
    assert text in " ".join(exc.value.messages)
    assert db_snapshot() == before


@pytest.mark.parametrize("role", [Role.MEMBER, Role.EDITOR])
def test_members_and_editors_cannot_manage_people(role):
    organisation = organisation_create()
    actor = member_create(organisation=organisation, role=role)
    user_create(email="someone@example.org")
    with pytest.raises(PermissionDenied):
        services.membership_add(
            organisation=organisation, email="someone@example.org", role=Role.MEMBER, actor=actor
        )


def test_a_platform_admin_manages_people_of_any_organisation():
    organisation = organisation_create()
    platform_admin = user_create(is_superuser=True, is_staff=True)
    user_create(email="first@example.org")
    membership = services.membership_add(
        organisation=organisation, email="first@example.org", role=Role.ADMIN, actor=platform_admin
    )
    assert membership.role == Role.ADMIN


def test_an_admin_changes_roles():
    organisation, (admin, member) = organisation_with_members(members=1)
    membership = Membership.objects.get(user=member, organisation=organisation)
    services.membership_change_role(membership=membership, role=Role.ADMIN, actor=admin)
    admin_membership = Membership.objects.get(user=admin, organisation=organisation)
    # Now two admins: the first may step down to editor.
    services.membership_change_role(membership=admin_membership, role=Role.EDITOR, actor=admin)
    assert dict(
        Membership.objects.filter(organisation=organisation).values_list("user", "role")
    ) == {
        admin.pk: Role.EDITOR,
        member.pk: Role.ADMIN,
    }


def test_demoting_the_last_admin_is_refused():
    organisation, (admin, _member) = organisation_with_members(members=1)
    membership = Membership.objects.get(user=admin, organisation=organisation)
    before = db_snapshot()
    with pytest.raises(ValidationError) as exc:
        services.membership_change_role(membership=membership, role=Role.MEMBER, actor=admin)
    assert exc.value.code == "last_admin"
    assert db_snapshot() == before


def test_demoting_the_only_person_of_an_organisation_is_refused_too():
    organisation, (admin,) = organisation_with_members(members=0)
    membership = Membership.objects.get(user=admin, organisation=organisation)
    with pytest.raises(ValidationError):
        services.membership_change_role(membership=membership, role=Role.EDITOR, actor=admin)


def test_changing_to_an_unknown_role_is_refused():
    organisation, (admin, member) = organisation_with_members(members=1)
    membership = Membership.objects.get(user=member, organisation=organisation)
    before = db_snapshot()
    with pytest.raises(ValidationError):
        services.membership_change_role(membership=membership, role="king", actor=admin)
    assert db_snapshot() == before


def test_removing_the_last_admin_while_others_remain_is_refused():
    organisation, (admin, member) = organisation_with_members(members=1)
    platform_admin = user_create(is_superuser=True, is_staff=True)
    membership = Membership.objects.get(user=admin, organisation=organisation)
    before = db_snapshot()
    with pytest.raises(ValidationError) as exc:
        services.membership_remove(membership=membership, actor=platform_admin)
    assert "at least one administrator" in exc.value.messages[0]
    assert db_snapshot() == before


def test_an_admin_removes_a_member():
    organisation, (admin, member) = organisation_with_members(members=1)
    membership = Membership.objects.get(user=member, organisation=organisation)
    services.membership_remove(membership=membership, actor=admin)
    assert list(organisation.memberships.values_list("user", flat=True)) == [admin.pk]


def test_removing_a_member_of_an_organisation_without_any_admin_is_allowed():
    organisation = organisation_create()
    member = member_create(organisation=organisation)
    member_create(organisation=organisation)
    platform_admin = user_create(is_superuser=True, is_staff=True)
    services.membership_remove(membership=Membership.objects.get(user=member), actor=platform_admin)
    assert organisation.memberships.count() == 1


def test_a_person_leaves_an_organisation_but_not_someone_else():
    organisation, (admin, member) = organisation_with_members(members=1)
    mine = Membership.objects.get(user=member, organisation=organisation)
    with pytest.raises(PermissionDenied):
        services.membership_leave(membership=mine, actor=admin)
    services.membership_leave(membership=mine, actor=member)
    assert not Membership.objects.filter(pk=mine.pk).exists()


def test_the_last_admin_cannot_leave_while_others_remain():
    organisation, (admin, _member) = organisation_with_members(members=1)
    membership = Membership.objects.get(user=admin, organisation=organisation)
    before = db_snapshot()
    with pytest.raises(ValidationError):
        services.membership_leave(membership=membership, actor=admin)
    assert db_snapshot() == before


# --- API tokens -----------------------------------------------------------------------


def test_a_token_is_stored_as_a_hash_and_authenticates():
    user = user_create()
    token, raw = services.api_token_create(user=user, name="  Harvester  ")
    assert token.name == "Harvester"
    assert raw.startswith("sbt_") and raw not in token.token_hash
    assert services.api_token_authenticate(raw=raw) == user
    services.api_token_revoke(token=token, actor=user)
    assert services.api_token_authenticate(raw=raw) is None


def test_a_token_needs_a_name():
    user = user_create()
    with pytest.raises(ValidationError) as exc:
        services.api_token_create(user=user, name="   ")
    assert "name" in exc.value.message_dict
    assert not ApiToken.objects.exists()


def test_only_the_owner_revokes_a_token_and_revoking_twice_keeps_the_first_time():
    owner, other = user_create(), user_create()
    token, _raw = services.api_token_create(user=owner, name="CLI")
    with pytest.raises(PermissionDenied):
        services.api_token_revoke(token=token, actor=other)
    first = services.api_token_revoke(token=token, actor=owner).revoked_at
    assert services.api_token_revoke(token=token, actor=owner).revoked_at == first


def test_profile_fields_left_out_stay_as_they_are():
    user = user_create(title="Adviser", preferred_language="en", is_public=False)
    services.user_profile_update(user=user, actor=user, full_name="New Name")
    user.refresh_from_db()
    assert (user.full_name, user.title, user.preferred_language, user.is_public) == (
        "New Name",
        "Adviser",
        "en",
        False,
    )


def test_an_account_other_content_depends_on_is_not_deleted_and_the_person_is_told():
    from django.db.models import ProtectedError

    user = user_create()
    before = db_snapshot()
    with (
        mock.patch.object(User, "delete", side_effect=ProtectedError("protected", set())),
        pytest.raises(ValidationError) as exc,
    ):
        services.user_delete(user=user, actor=user, password=PASSWORD)
    assert exc.value.code == "protected"
    assert db_snapshot() == before
