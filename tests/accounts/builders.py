"""Builders for account tests, beside the shared factories."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail

from smartby.accounts.models import ApiToken, Membership, Role, User
from smartby.organisations.models import Organisation
from tests.accounts.factories import member_create
from tests.organisations.factories import organisation_create


def organisation_with_members(
    *, members: int = 1, admins: int = 1, public: bool = True, **extra: Any
) -> tuple[Organisation, list[User]]:
    """An organisation with `admins` admins followed by `members` plain members."""
    organisation = organisation_create(**extra)
    people = [
        member_create(organisation=organisation, role=Role.ADMIN, is_public=public)
        for _ in range(admins)
    ]
    people += [
        member_create(organisation=organisation, role=Role.MEMBER, is_public=public)
        for _ in range(members)
    ]
    return organisation, people


def db_snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row the account pages can change, to assert that bad input changed nothing."""
    return {
        "users": list(User.objects.order_by("pk").values()),
        "memberships": list(Membership.objects.order_by("pk").values()),
        "tokens": list(ApiToken.objects.order_by("pk").values()),
    }


def link_in_last_mail(pattern: str = r"https?://\S+") -> str:
    """The path of the first link in the most recent e-mail."""
    assert mail.outbox, "no e-mail was sent"
    match = re.search(pattern, mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return re.sub(r"^https?://[^/]+", "", match.group(0))
