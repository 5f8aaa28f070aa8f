"""API authentication with personal tokens, and the person's own profile (/me)."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.security import HttpBearer, SessionAuth
from pydantic import StringConstraints, field_validator
from pydantic_core import PydanticCustomError

from smartby.accounts.models import Role, User
from smartby.accounts.selectors import user_memberships
from smartby.accounts.services import api_token_authenticate, user_profile_update
from smartby.core.api import BodySchema, Language, errors
from smartby.organisations.models import Organisation, OrganisationKind

router = Router()


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer <token>` with a personal API token (stored hashed). Unknown,
    revoked and expired tokens and inactive users are refused with 401."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        if not token:
            return None
        user = api_token_authenticate(raw=token)
        if user is not None:
            # Rules and services ask request.user; make it the token's owner.
            request.user = user
        return user


token_auth = ApiTokenAuth()
"""For writes: only a token, so no cross-site request can use a browser's session."""

token_or_session_auth = [token_auth, SessionAuth()]
"""For reads of one's own data: a token, or the session of a logged-in browser."""


def _anyone_without_credentials(request: HttpRequest) -> bool | None:
    """Last of the optional authentications: anyone may read, but a token that was sent and
    not accepted is refused (401) rather than silently read as anonymous."""
    return None if "Authorization" in request.headers else True


optional_auth = [token_auth, SessionAuth(), _anyone_without_credentials]
"""For open reads: anyone, and with a token (or session) also what only members may see."""


def _authenticated_user(request: HttpRequest) -> User:
    user: User = request.auth  # type: ignore[attr-defined]
    return user


# Inputs

FullName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=150)]
JobTitle = Annotated[str, StringConstraints(strip_whitespace=True, max_length=150)]


class MeIn(BodySchema):
    """Fields left out stay as they are."""

    full_name: FullName | None = Field(None, description="1–150 characters.")
    title: JobTitle | None = Field(None, description="Job title, up to 150 characters.")
    preferred_language: Language | None = None

    @field_validator("full_name", "title", "preferred_language")
    @classmethod
    def _not_null(cls, value: object) -> object:
        # Only runs for fields the client sent: an explicit null would erase a required value.
        if value is None:
            raise PydanticCustomError("null", "may be left out but not null")
        return value


# Outputs


class MembershipOrganisationOut(Schema):
    slug: str
    name: str
    kind: OrganisationKind
    url: str

    @staticmethod
    def resolve_url(obj: Organisation) -> str:
        return obj.get_absolute_url()


class MembershipOut(Schema):
    organisation: MembershipOrganisationOut
    role: Role


class MeOut(Schema):
    email: str
    full_name: str
    title: str
    preferred_language: Language
    memberships: list[MembershipOut] = Field(description="By organisation name.")


def _me(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "title": user.title,
        "preferred_language": user.preferred_language,
        "memberships": list(user_memberships(user=user)),
    }


# Operations


@router.get(
    "/me",
    response={200: MeOut, **errors(401)},
    auth=token_or_session_auth,
    summary="Get my profile",
    description="The person a token (or a logged-in session) belongs to, with their roles.",
    tags=["me"],
)
def me_detail(request: HttpRequest) -> dict[str, Any]:
    return _me(_authenticated_user(request))


@router.patch(
    "/me",
    response={200: MeOut, **errors(400, 401, 415, 422)},
    auth=token_auth,
    summary="Change my profile",
    description=(
        "Change your full name, job title or preferred language; fields left out stay. "
        "Needs a personal API token and a JSON body (`Content-Type: application/json`)."
    ),
    tags=["me"],
)
def me_update(request: HttpRequest, payload: MeIn) -> dict[str, Any]:
    user = _authenticated_user(request)
    changes = payload.model_dump(exclude_unset=True)
    return _me(user_profile_update(user=user, actor=user, **changes))
