"""Background work of the network app (django-tasks; run by `smartby worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_meeting_emails(meeting_id: int, kind: str, sequence: int) -> int:
    """Send a meeting's invitation, change or cancellation to its invitees who want
    e-mails; returns how many were sent. A newer change supersedes an older one that has
    not gone out yet."""
    from smartby.network.emails import meeting_emails_send
    from smartby.network.models import Meeting

    meeting = (
        Meeting.objects.select_related("network", "body", "workgroup")
        .prefetch_related("agenda")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None or meeting.sequence != sequence:
        return 0
    return meeting_emails_send(meeting=meeting, kind=kind)
