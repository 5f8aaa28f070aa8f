"""Plain-text e-mails to people, written in each person's preferred language.

Links are built from settings.SITE_URL, never from the request's Host header, so a forged
header cannot send people to another site.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from smartby.accounts.models import User


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _send(
    *, user: User, subject_template: str, body_template: str, context: dict[str, Any]
) -> None:
    subject = " ".join(render_to_string(subject_template, context).split())
    body = render_to_string(body_template, context)
    send_mail(subject, body, None, [user.email])


def email_confirmation_send(*, user: User, token: str) -> None:
    """The link that confirms a person's e-mail address."""
    with translation.override(user.preferred_language):
        context = {
            "user": user,
            "confirm_url": absolute_url(reverse("accounts:confirm-email", args=[token])),
            "resend_url": absolute_url(reverse("accounts:resend-confirmation")),
            "site_url": settings.SITE_URL,
        }
        _send(
            user=user,
            subject_template="accounts/email/confirm_email_subject.txt",
            body_template="accounts/email/confirm_email.txt",
            context=context,
        )
