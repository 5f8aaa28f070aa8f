"""Writes about people: accounts, memberships and API tokens."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from smartby.accounts.models import ApiToken, User, hash_token

TOKEN_PREFIX = "sbt_"


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token. Returns the row and the raw token, which is shown once
    and never stored (only its SHA-256 hash is)."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip()[:80], prefix=raw[: len(TOKEN_PREFIX) + 6], token_hash=hash_token(raw)
    )
    return token, raw


def api_token_authenticate(*, raw: str) -> User | None:
    """The active user a raw token belongs to, or None for an unknown, revoked or expired
    token. Records when the token was last used."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), user__is_active=True)
        .first()
    )
    if token is None or not token.is_usable:
        return None
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User) -> ApiToken:
    """Revoke one of the actor's own tokens."""
    from django.core.exceptions import PermissionDenied

    if token.user_id != actor.pk:
        raise PermissionDenied
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token
