from __future__ import annotations

import itertools
from typing import Any

from django.utils import timezone

from smartby.accounts.models import Membership, Role, User
from smartby.organisations.models import Organisation

_seq = itertools.count(1)
PASSWORD = "correct-horse-battery-9"


def user_create(*, email: str | None = None, confirmed: bool = True, **extra: Any) -> User:
    n = next(_seq)
    return User.objects.create_user(
        email=email or f"person{n}@example.org",
        password=PASSWORD,
        full_name=extra.pop("full_name", f"Person {n}"),
        email_confirmed_at=timezone.now() if confirmed else None,
        **extra,
    )


def member_create(*, organisation: Organisation, role: str = Role.MEMBER, **extra: Any) -> User:
    user = user_create(**extra)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user
