"""Reads about people: profiles, memberships, tokens, the people panels and the data export."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet, Window
from django.utils import timezone

from smartby.accounts.models import ApiToken, Membership, User
from smartby.core.personal_data import personal_data_of, when
from smartby.organisations.models import Municipality, Organisation

PEOPLE_PANEL_LIMIT = 50


@dataclass
class PublicPeople:
    """A bounded list of public members and how many there are in all."""

    memberships: Sequence[Membership] = field(default_factory=list)
    total: int = 0

    @property
    def has_more(self) -> bool:
        return self.total > len(self.memberships)


def user_memberships(*, user: User) -> QuerySet[Membership]:
    """A person's memberships with their organisations, by organisation name."""
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation", "organisation__municipality")
        .order_by("organisation__name", "pk")
    )


def user_membership_get(*, user: User, organisation_slug: str) -> Membership:
    """The person's membership of one organisation; raises Membership.DoesNotExist."""
    return Membership.objects.select_related("organisation").get(
        user=user, organisation__slug=organisation_slug
    )


def user_api_tokens(*, user: User) -> QuerySet[ApiToken]:
    """A person's API tokens, newest first (revoked ones too, so the list tells the story)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def user_api_token_get(*, user: User, pk: int) -> ApiToken:
    """One of the person's own tokens; raises ApiToken.DoesNotExist for anyone else's."""
    return ApiToken.objects.get(user=user, pk=pk)


def organisation_members(*, organisation: Organisation) -> QuerySet[Membership]:
    """Every member of an organisation (public or not), for the people management page."""
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__full_name", "user__email", "pk")
    )


def organisation_membership_get(*, organisation: Organisation, pk: int) -> Membership:
    """One membership of the organisation; raises Membership.DoesNotExist."""
    return Membership.objects.select_related("user", "organisation").get(
        organisation=organisation, pk=pk
    )


def _public_people(queryset: QuerySet[Membership], *, limit: int) -> PublicPeople:
    """One query: the first `limit` rows plus the full count through a window function."""
    rows = list(
        queryset.filter(user__is_public=True, user__is_active=True)
        .select_related("user", "organisation")
        .annotate(total=Window(Count("pk")))[:limit]
    )
    return PublicPeople(memberships=rows, total=rows[0].total if rows else 0)


def organisation_public_people(
    *, organisation: Organisation, limit: int = PEOPLE_PANEL_LIMIT
) -> PublicPeople:
    """Members of the organisation who chose to be shown, by name (one query)."""
    return _public_people(
        Membership.objects.filter(organisation=organisation).order_by(
            "user__full_name", "user__pk"
        ),
        limit=limit,
    )


def municipality_public_people(
    *, municipality: Municipality, limit: int = PEOPLE_PANEL_LIMIT
) -> PublicPeople:
    """Public members of the organisations based in the municipality (one query)."""
    return _public_people(
        Membership.objects.filter(organisation__municipality=municipality).order_by(
            "user__full_name", "user__pk", "organisation__name", "pk"
        ),
        limit=limit,
    )


def user_data_export(*, user: User) -> dict[str, Any]:
    """Everything the platform keeps about a person, as JSON-ready data (GDPR art. 15 and
    20): the account, and the sections the other apps register (what the person wrote,
    uploaded, cast or attends; see smartby.core.personal_data). Token hashes are left out:
    they are secrets, not personal data."""
    memberships = user_memberships(user=user)
    tokens = user_api_tokens(user=user)
    network_roles = user.network_roles.select_related("network").order_by("created_at", "pk")

    return {
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "email": user.email,
            "full_name": user.full_name,
            "title": user.title,
            "preferred_language": user.preferred_language,
            "is_public": user.is_public,
            "date_joined": when(user.date_joined),
            "last_login": when(user.last_login),
            "email_confirmed_at": when(user.email_confirmed_at),
            "is_platform_admin": user.is_superuser,
        },
        "memberships": [
            {
                "organisation": m.organisation.name,
                "organisation_slug": m.organisation.slug,
                "role": m.role,
                "since": when(m.created_at),
            }
            for m in memberships
        ],
        "api_tokens": [
            {
                "name": t.name,
                "prefix": t.prefix,
                "created_at": when(t.created_at),
                "last_used_at": when(t.last_used_at),
                "expires_at": when(t.expires_at),
                "revoked_at": when(t.revoked_at),
            }
            for t in tokens
        ],
        "network_roles": [
            {
                "network": str(r.network.name),
                "network_slug": r.network.slug,
                "role": r.role,
                "since": when(r.created_at),
            }
            for r in network_roles
        ],
        **personal_data_of(user),
    }
