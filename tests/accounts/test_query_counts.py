"""Every account page and action runs the same number of SQL queries with little or much data.

Pages (GET) are measured twice for the same person: with 2 organisations, API tokens and
network roles, then with 200 of each (and 200 more people and organisations on the
platform). Actions (POST) change what they act on, so each is measured on two equivalent
targets, one with 2 and one with 200 of each: the person's own data, or the people in the
organisation. Work done after the commit (the confirmation mail) is counted too."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from smartby.accounts import services
from smartby.accounts.models import ApiToken, Membership, Role, User, hash_token
from smartby.core.personal_data import registered_personal_data
from smartby.network.models import Network, NetworkRole
from smartby.organisations.models import Municipality, Organisation
from tests.accounts.factories import PASSWORD, member_create, user_create
from tests.organisations.factories import organisation_create
from tests.querycounts import request_queries

pytestmark = pytest.mark.django_db

LITTLE, MUCH = 2, 200
NEW_PASSWORD = "a-long-and-unusual-passphrase-42"
URL = "/en/accounts"

_seq = itertools.count(1)


# --- data -------------------------------------------------------------------------------


def _give(person: User, count: int) -> None:
    """`person` joins `count` new organisations (as admin, editor or member, beside another
    admin) and gets `count` API tokens and `count` network roles; so `count` other people
    and organisations come to the platform."""
    numbers = [next(_seq) for _n in range(count)]
    oslo = Municipality.objects.get(country="NO", code="0301")
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Bulk org {n}",
            slug=f"bulk-org-{n}",
            kind="business",
            municipality=oslo,
            county=oslo.county,
        )
        for n in numbers
    )
    others = User.objects.bulk_create(
        User(email=f"bulk{n}@example.org", full_name=f"Bulk Person {n}") for n in numbers
    )
    roles = [Role.ADMIN, Role.EDITOR, Role.MEMBER]
    Membership.objects.bulk_create(
        [
            Membership(user=person, organisation=o, role=roles[i % 3])
            for i, o in enumerate(organisations)
        ]
        + [
            Membership(user=u, organisation=o, role=Role.ADMIN)
            for u, o in zip(others, organisations, strict=True)
        ]
    )
    ApiToken.objects.bulk_create(
        ApiToken(
            user=person, name=f"Token {n}", prefix=f"sbt_{n:06d}", token_hash=hash_token(f"t{n}")
        )
        for n in numbers
    )
    networks = Network.objects.bulk_create(
        Network(slug=f"bulk-network-{n}", name_nb=f"Nettverk {n}", name_en=f"Network {n}")
        for n in numbers
    )
    NetworkRole.objects.bulk_create(NetworkRole(network=w, user=person) for w in networks)


def _person(count: int, **extra: Any) -> User:
    person = user_create(**extra)
    _give(person, count)
    return person


def _people(count: int) -> tuple[Organisation, User, User]:
    """An organisation of `count` people: its admin, a member, and `count - 2` more."""
    organisation = organisation_create()
    admin = member_create(organisation=organisation, role=Role.ADMIN)
    member = member_create(organisation=organisation)
    numbers = [next(_seq) for _n in range(count - 2)]
    more = User.objects.bulk_create(
        User(email=f"bulk{n}@example.org", full_name=f"Bulk Person {n}") for n in numbers
    )
    Membership.objects.bulk_create(
        Membership(user=u, organisation=organisation, role=[Role.MEMBER, Role.EDITOR][i % 2])
        for i, u in enumerate(more)
    )
    return organisation, admin, member


def _reset_link(person: User, *, token: str = "") -> str:
    """The link of the password reset mail; with token="set-password", the form it leads to."""
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    return f"{URL}/password-reset/{uid}/{token or default_token_generator.make_token(person)}/"


# --- measuring --------------------------------------------------------------------------


@dataclass
class Request:
    path: str
    method: str = "post"
    data: dict[str, Any] = field(default_factory=dict)
    status: int = 302
    user: User | None = None  # signed in first
    client: Client = field(default_factory=Client)


def _count(request: Request, capture_on_commit: Callable[..., Any]) -> int:
    client = request.client
    if request.user is not None:
        client.force_login(request.user)
    return request_queries(
        client,
        request.method,
        request.path,
        request.data,
        status=request.status,
        on_commit=capture_on_commit,
    )


# --- pages ------------------------------------------------------------------------------

PERSON_PAGES = [
    "organisations/",
    "organisations/new/",
    "password/",
    "profile/edit/",
    "tokens/",
    "my-data/",
    "delete/",
]
UNCONFIRMED_PAGES = ["confirm-email/resend/", "confirm-email/{token}/"]
ANONYMOUS_PAGES = [
    "login/",
    "register/",
    "register/done/",
    "confirm-email/resend/",
    "confirm-email/{token}/",
    "password-reset/",
    "password-reset/done/",
    "password-reset/complete/",
]


@pytest.mark.parametrize(
    ("viewer", "pages"),
    [
        ("person", PERSON_PAGES),
        ("unconfirmed", UNCONFIRMED_PAGES),
        ("anonymous", ANONYMOUS_PAGES),
    ],
    ids=["person", "unconfirmed", "anonymous"],
)
def test_account_pages_run_the_same_number_of_queries_with_2_or_200_of_everything(
    client, django_capture_on_commit_callbacks, viewer, pages
):
    person = _person(LITTLE, confirmed=viewer == "person")
    token = services.email_confirmation_token_make(user=person)
    paths = [f"{URL}/{page.format(token=token)}" for page in pages]
    if viewer != "anonymous":
        client.force_login(person)

    def counts() -> dict[str, int]:
        return {
            path: _count(
                Request(path, method="get", status=200, client=client),
                django_capture_on_commit_callbacks,
            )
            for path in paths
        }

    little = counts()
    _give(person, MUCH - LITTLE)
    much = counts()
    assert much == little
    # "My data" also reads one query per section the other apps register.
    export = f"{URL}/my-data/"
    assert little.pop(export, 0) <= 5 + len(registered_personal_data()), little
    assert max(little.values()) <= 7, little


def test_the_password_reset_link_runs_the_same_number_of_queries_with_2_or_200_of_everything(
    django_capture_on_commit_callbacks,
):
    """The link from the mail puts its token in the session and redirects to the form."""

    def counts(person: User) -> dict[str, int]:
        client = Client()
        requests = {
            "link": Request(_reset_link(person), method="get", client=client),
            "form": Request(
                _reset_link(person, token="set-password"), method="get", status=200, client=client
            ),
        }
        return {
            name: _count(request, django_capture_on_commit_callbacks)
            for name, request in requests.items()
        }

    little = counts(_person(LITTLE))
    much = counts(_person(MUCH))
    assert much == little
    # "My data" also reads one query per section the other apps register.
    export = f"{URL}/my-data/"
    assert little.pop(export, 0) <= 5 + len(registered_personal_data()), little
    assert max(little.values()) <= 7, little


# --- actions ----------------------------------------------------------------------------


def _login(count: int) -> Request:
    person = _person(count)
    return Request(f"{URL}/login/", data={"username": person.email, "password": PASSWORD})


def _logout(count: int) -> Request:
    return Request(f"{URL}/logout/", user=_person(count))


def _register(count: int) -> Request:
    _person(count)  # more people on the platform
    n = next(_seq)
    return Request(
        f"{URL}/register/",
        data={
            "email": f"new{n}@example.org",
            "full_name": f"New Person {n}",
            "preferred_language": "en",
            "password": NEW_PASSWORD,
            "password_confirm": NEW_PASSWORD,
            "is_public": "on",
        },
    )


def _confirm_email(count: int) -> Request:
    person = _person(count, confirmed=False)
    token = services.email_confirmation_token_make(user=person)
    return Request(f"{URL}/confirm-email/{token}/")


def _resend_anonymous(count: int) -> Request:
    person = _person(count, confirmed=False)
    return Request(f"{URL}/confirm-email/resend/", data={"email": person.email})


def _resend_signed_in(count: int) -> Request:
    return Request(f"{URL}/confirm-email/resend/", user=_person(count, confirmed=False))


def _password_change(count: int) -> Request:
    return Request(
        f"{URL}/password/",
        data={
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        user=_person(count),
    )


def _password_reset(count: int) -> Request:
    return Request(f"{URL}/password-reset/", data={"email": _person(count).email})


def _password_reset_confirm(count: int) -> Request:
    person = _person(count, confirmed=False)
    client = Client()
    assert client.get(_reset_link(person)).status_code == 302  # the token goes into the session
    return Request(
        _reset_link(person, token="set-password"),
        data={"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        client=client,
    )


def _profile_edit(count: int) -> Request:
    return Request(
        f"{URL}/profile/edit/",
        data={"full_name": "Kari Nordmann", "title": "Data steward", "preferred_language": "nb"},
        user=_person(count),
    )


def _organisation_register(count: int) -> Request:
    """The name is that of every bulk organisation, so the new slug is found among many."""
    oslo = Municipality.objects.get(country="NO", code="0301")
    return Request(
        f"{URL}/organisations/new/",
        data={"name": "Bulk org", "kind": "business", "municipality": oslo.pk},
        user=_person(count),
    )


def _token_create(count: int) -> Request:
    return Request(f"{URL}/tokens/", data={"name": "Harvester"}, status=200, user=_person(count))


def _token_revoke(count: int) -> Request:
    person = _person(count)
    token = ApiToken.objects.filter(user=person).latest("pk")
    return Request(f"{URL}/tokens/{token.pk}/revoke/", user=person)


def _account_delete(count: int) -> Request:
    return Request(f"{URL}/delete/", data={"password": PASSWORD}, user=_person(count))


def _membership_leave(count: int) -> Request:
    organisation, _admin, member = _people(count)
    return Request(f"{URL}/organisations/{organisation.slug}/leave/", user=member)


def _member_add(count: int) -> Request:
    organisation, admin, _member = _people(count)
    return Request(
        f"{URL}/organisations/{organisation.slug}/people/add/",
        data={"email": user_create().email, "role": "editor"},
        user=admin,
    )


def _member_role(count: int) -> Request:
    organisation, admin, member = _people(count)
    membership = Membership.objects.get(organisation=organisation, user=member)
    return Request(
        f"{URL}/organisations/{organisation.slug}/people/{membership.pk}/role/",
        data={f"m{membership.pk}-role": "editor"},
        user=admin,
    )


def _member_remove(count: int) -> Request:
    organisation, admin, member = _people(count)
    membership = Membership.objects.get(organisation=organisation, user=member)
    return Request(
        f"{URL}/organisations/{organisation.slug}/people/{membership.pk}/remove/", user=admin
    )


# Each action with the bound on its count (what it runs today plus a small margin).
ACTIONS = [
    (_login, 16),
    (_logout, 8),
    (_register, 8),
    (_confirm_email, 7),
    (_resend_anonymous, 3),
    (_resend_signed_in, 4),
    (_password_change, 15),
    (_password_reset, 3),
    (_password_reset_confirm, 13),
    (_profile_edit, 7),
    (_organisation_register, 22),
    (_token_create, 8),
    (_token_revoke, 8),
    (_account_delete, 40),  # one UPDATE or DELETE per column that refers to a person
    (_membership_leave, 9),
    (_member_add, 14),
    (_member_role, 13),
    (_member_remove, 12),
]


@pytest.mark.parametrize(
    ("action", "bound"), ACTIONS, ids=[action.__name__.strip("_") for action, _b in ACTIONS]
)
def test_account_actions_run_the_same_number_of_queries_with_2_or_200_of_everything(
    django_capture_on_commit_callbacks, action, bound
):
    little = _count(action(LITTLE), django_capture_on_commit_callbacks)
    much = _count(action(MUCH), django_capture_on_commit_callbacks)
    assert much == little
    assert little <= bound
