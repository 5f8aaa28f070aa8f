"""Meeting invitations, changes and cancellations by e-mail, in each person's language,
with the meeting as an iCalendar attachment and a link that turns these e-mails off."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from smartby.network.ical import calendar_bytes
from smartby.network.models import Meeting, MeetingPreferences

OPT_OUT_SALT = "smartby.network.meeting-emails"


def opt_out_token(user: Any) -> str:
    return signing.dumps(user.pk, salt=OPT_OUT_SALT)


def opt_out_user_id(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=OPT_OUT_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def meeting_emails_send(*, meeting: Meeting, kind: str) -> int:
    from smartby.network.services.meetings import meeting_invitees

    opted_out = set(
        MeetingPreferences.objects.filter(emails=False).values_list("user_id", flat=True)
    )
    people = [p for p in meeting_invitees(meeting) if p.pk not in opted_out and p.email]
    method = "CANCEL" if kind == "cancellation" else "REQUEST"
    messages = []
    for person in people:
        with translation.override(person.preferred_language):
            context = {
                "meeting": meeting,
                "kind": kind,
                "person": person,
                "meeting_url": f"{settings.SITE_URL}{meeting.get_absolute_url()}",
                "opt_out_url": settings.SITE_URL
                + reverse("network:meeting-emails-off", args=[opt_out_token(person)]),
            }
            subject = " ".join(
                render_to_string("network/email/meeting_subject.txt", context).split()
            )
            body = render_to_string("network/email/meeting.txt", context)
            name = str(meeting.title)
        message = EmailMessage(subject, body, None, [person.email])
        message.attach(
            "meeting.ics",
            calendar_bytes([meeting], name=name, method=method),
            f"text/calendar; method={method}; charset=utf-8",
        )
        messages.append(message)
    if messages:
        get_connection().send_messages(messages)
    return len(messages)
