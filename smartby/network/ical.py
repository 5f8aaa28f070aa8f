"""Meetings as iCalendar (RFC 5545), for calendar subscriptions and e-mail invitations.

Times are written in Europe/Oslo with the zone's VTIMEZONE, so calendar programs place
them right across daylight-saving changes. A meeting's UID never changes; SEQUENCE grows
with each change people were told about, and a cancelled meeting is sent as CANCELLED.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.utils import timezone

from smartby.network.models import Meeting

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
PRODID = "-//Smartby//Network meetings//EN"


def meeting_uid(meeting: Meeting) -> str:
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return f"meeting-{meeting.pk}@{host or 'smartby'}"


def _event(meeting: Meeting) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", meeting.updated_at.astimezone(datetime_utc()))
    event.add("dtstart", timezone.localtime(meeting.starts_at, OSLO))
    event.add("dtend", timezone.localtime(meeting.ends_at, OSLO))
    title, organiser = str(meeting.title), meeting.organiser_name
    event.add("summary", title if organiser in title else f"{title} ({organiser})")
    event.add("sequence", meeting.sequence)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    url = f"{settings.SITE_URL}{meeting.get_absolute_url()}"
    event.add("url", url)
    location = ", ".join(p for p in (meeting.place, meeting.online_url) if p)
    if location:
        event.add("location", location)
    lines = [f"{i}. {item.title}" for i, item in enumerate(meeting.agenda.all(), start=1)]
    if meeting.online_url:
        lines.insert(0, meeting.online_url)
    lines.append(url)
    event.add("description", "\n".join(lines))
    return event


def datetime_utc() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo("UTC")


def calendar_bytes(meetings: Iterable[Meeting], *, name: str, method: str | None = None) -> bytes:
    """One VCALENDAR with a VEVENT per meeting (meetings need network, body, workgroup and
    agenda loaded)."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Oslo")
    if method:
        cal.add("method", method)
    for meeting in meetings:
        cal.add_component(_event(meeting))
    cal.add_missing_timezones()
    return cal.to_ical()
