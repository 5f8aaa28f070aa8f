"""Meetings of a network's bodies and workgroups, and who hears about them.

- meeting_create / meeting_update / meeting_cancel: the secretariat (any meeting of its
  network) or the editors of a workgroup's lead organisation (that workgroup's meetings).
  Invitations go out when a meeting is created; a change of time, place, link or status
  goes out as a change (the iCalendar SEQUENCE counts them). E-mails are queued as a task
  after the transaction commits and go only to people who have not opted out.
- meeting_invitees: who a meeting concerns. Steering group and owner meeting: the
  representative and deputy of every current member. Network leadership: those of the lead
  cities in their term. Workgroup: those of its member organisations. Always the network's
  secretariat.
- meeting_preferences_get / calendar_token_reset / meeting_emails_set: a person's private
  calendar address and e-mail choice.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from smartby.network.models import (
    AgendaItem,
    Attendance,
    Body,
    Document,
    Meeting,
    MeetingPreferences,
    NetworkMembership,
    NetworkRole,
    Workgroup,
)

# Fields whose change people are told about.
NOTIFIED_FIELDS = ("starts_at", "ends_at", "place", "online_url", "status")


def may_manage_meeting(user: Any, meeting: Meeting) -> bool:
    if meeting.workgroup_id:
        return bool(user.has_perm("network.manage_workgroup", meeting.workgroup))
    return bool(user.has_perm("network.manage_meetings", meeting.network))


def _clean(
    *,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    title_nb: str,
    place: str,
    online_url: str,
) -> None:
    errors: dict[str, str] = {}
    if not title_nb.strip():
        errors["title_nb"] = _("Give the meeting a title.")
    if ends_at <= starts_at:
        errors["ends_at"] = _("A meeting must end after it starts.")
    elif ends_at - starts_at > datetime.timedelta(days=3):
        errors["ends_at"] = _("A meeting can last at most three days.")
    if not place.strip() and not online_url.strip():
        errors["place"] = _("Give a place, an online meeting link or both.")
    if errors:
        raise ValidationError(errors)


def meeting_create(
    *,
    actor: Any,
    title_nb: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    body: Body | None = None,
    workgroup: Workgroup | None = None,
    title_en: str = "",
    place: str = "",
    online_url: str = "",
    is_public: bool = True,
    agenda: Sequence[str] = (),
    is_demo: bool = False,
    notify: bool = True,
) -> Meeting:
    """A meeting of `body` or of `workgroup` (exactly one), with its agenda items."""
    if (body is None) == (workgroup is None):
        raise ValidationError(_("A meeting belongs to one body or to one workgroup."))
    network = body.network if body else workgroup.network  # type: ignore[union-attr]
    allowed = (
        actor.has_perm("network.manage_workgroup", workgroup)
        if workgroup
        else actor.has_perm("network.manage_meetings", network)
    )
    if not allowed:
        raise PermissionDenied(_("You may not arrange meetings here."))
    if workgroup is not None and not workgroup.is_active:
        raise ValidationError(_("A dissolved workgroup has no more meetings."))
    _clean(
        starts_at=starts_at, ends_at=ends_at, title_nb=title_nb, place=place, online_url=online_url
    )
    with transaction.atomic():
        meeting = Meeting.objects.create(
            network=network,
            body=body,
            workgroup=workgroup,
            title_nb=title_nb.strip(),
            title_en=title_en.strip(),
            starts_at=starts_at,
            ends_at=ends_at,
            place=place.strip(),
            online_url=online_url.strip(),
            is_public=is_public,
            is_demo=is_demo,
        )
        _agenda_set(meeting, agenda)
        if notify:
            _queue_emails(meeting, "invitation")
    return meeting


def _agenda_set(meeting: Meeting, agenda: Sequence[str]) -> None:
    items = [line.strip() for line in agenda if line.strip()]
    AgendaItem.objects.filter(meeting=meeting).delete()
    AgendaItem.objects.bulk_create(
        [AgendaItem(meeting=meeting, position=i, title=t[:300]) for i, t in enumerate(items)]
    )


def meeting_update(*, meeting: Meeting, actor: Any, **changes: Any) -> Meeting:
    """Change a meeting; `agenda` (list of lines) replaces the agenda. A change of time,
    place, link or status is sent to the invitees as a change."""
    if not may_manage_meeting(actor, meeting):
        raise PermissionDenied(_("You may not change this meeting."))
    agenda = changes.pop("agenda", None)
    unknown = set(changes) - {
        "title_nb",
        "title_en",
        "starts_at",
        "ends_at",
        "place",
        "online_url",
        "is_public",
        "minutes",
        "status",
    }
    if unknown:
        raise TypeError(f"Unknown meeting fields: {sorted(unknown)}")
    merged = {
        f: changes.get(f, getattr(meeting, f))
        for f in ("starts_at", "ends_at", "title_nb", "place", "online_url")
    }
    _clean(**merged)
    if changes.get("status", meeting.status) not in Meeting.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        notify = any(f in changes and changes[f] != getattr(locked, f) for f in NOTIFIED_FIELDS)
        for field, value in changes.items():
            setattr(locked, field, value.strip() if isinstance(value, str) else value)
        if notify:
            locked.sequence += 1
        locked.save()
        if agenda is not None:
            _agenda_set(locked, agenda)
        if notify:
            kind = "cancellation" if locked.is_cancelled else "change"
            _queue_emails(locked, kind)
    meeting.refresh_from_db()
    return meeting


def meeting_cancel(*, meeting: Meeting, actor: Any) -> Meeting:
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting has already been cancelled."))
    return meeting_update(meeting=meeting, actor=actor, status=Meeting.Status.CANCELLED)


def meeting_attendance_set(*, meeting: Meeting, actor: Any, user_ids: Sequence[int]) -> int:
    """Record who attended (replaces the list); each person is recorded for the member
    organisation they represent in the network, if any. Only for a meeting that has begun."""
    if not may_manage_meeting(actor, meeting):
        raise PermissionDenied(_("You may not record attendance for this meeting."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Attendance can be recorded once the meeting has begun."))
    invited = {u.pk for u in meeting_invitees(meeting)}
    wanted = set(user_ids)
    strangers = wanted - invited
    if strangers:
        raise ValidationError(_("Only people invited to the meeting can be recorded."))
    speaks_for = _organisation_of_representatives(meeting.network_id, wanted)
    with transaction.atomic():
        Attendance.objects.filter(meeting=meeting).delete()
        Attendance.objects.bulk_create(
            [
                Attendance(meeting=meeting, user_id=uid, organisation_id=speaks_for.get(uid))
                for uid in sorted(wanted)
            ]
        )
    return len(wanted)


def _organisation_of_representatives(network_id: int, user_ids: set[int]) -> dict[int, int]:
    rows = NetworkMembership.objects.filter(
        Q(representative_id__in=user_ids) | Q(deputy_id__in=user_ids),
        network_id=network_id,
        left_on__isnull=True,
    ).values_list("organisation_id", "representative_id", "deputy_id")
    result: dict[int, int] = {}
    for org, rep, dep in rows:
        for uid in (rep, dep):
            if uid in user_ids:
                result.setdefault(uid, org)
    return result


def document_add(
    *, actor: Any, title: str, url: str, meeting: Meeting | None = None, workgroup: Any = None
) -> Document:
    if meeting is not None:
        allowed = may_manage_meeting(actor, meeting)
    else:
        allowed = bool(workgroup and actor.has_perm("network.manage_workgroup", workgroup))
    if not allowed:
        raise PermissionDenied(_("You may not add documents here."))
    document = Document(meeting=meeting, workgroup=workgroup, title=title.strip(), url=url.strip())
    document.full_clean()
    document.save()
    return document


def meeting_invitees(meeting: Meeting) -> QuerySet[Any]:
    """The people a meeting concerns (see the module's description)."""
    members = NetworkMembership.objects.filter(network_id=meeting.network_id, left_on__isnull=True)
    if meeting.workgroup_id:
        members = members.filter(organisation__workgroups=meeting.workgroup_id)
    elif meeting.body and meeting.body.kind == Body.Kind.LEADERSHIP:
        day = timezone.localtime(meeting.starts_at).date()
        members = members.filter(
            organisation__in=meeting.network.leadership.filter(  # type: ignore[attr-defined]
                starts_on__lte=day, ends_on__gte=day
            ).values("organisation_id")
        )
    elif meeting.body and meeting.body.kind == Body.Kind.SECRETARIAT:
        members = members.none()
    pairs = members.values_list("representative_id", "deputy_id")
    people = {uid for pair in pairs for uid in pair if uid is not None}
    people |= set(
        NetworkRole.objects.filter(network_id=meeting.network_id).values_list("user_id", flat=True)
    )
    return get_user_model().objects.filter(pk__in=people, is_active=True).order_by("full_name")


def meetings_of_person(user: Any) -> QuerySet[Meeting]:
    """The meetings a person is invited to by the rules of meeting_invitees (for their
    private calendar)."""
    today = timezone.localdate()
    memberships = NetworkMembership.objects.filter(
        Q(representative=user) | Q(deputy=user), left_on__isnull=True
    )
    networks = memberships.values("network_id")
    orgs = memberships.values("organisation_id")
    secretariat = NetworkRole.objects.filter(user=user).values("network_id")
    return Meeting.objects.filter(
        Q(network__in=secretariat)
        | Q(
            network__in=networks,
            body__kind__in=[Body.Kind.OWNER_MEETING, Body.Kind.STEERING_GROUP],
        )
        | Q(
            body__kind=Body.Kind.LEADERSHIP,
            network__leadership__organisation__in=orgs,
            network__leadership__ends_on__gte=today,
        )
        | Q(workgroup__members__in=orgs)
    ).distinct()


def _queue_emails(meeting: Meeting, kind: str) -> None:
    from smartby.network.tasks import send_meeting_emails

    if meeting.is_demo:
        return  # demo people have made-up addresses
    meeting_id, sequence = meeting.pk, meeting.sequence
    transaction.on_commit(lambda: send_meeting_emails.enqueue(meeting_id, kind, sequence))


# A person's calendar address and e-mail choice


def meeting_preferences_get(user: Any) -> MeetingPreferences:
    prefs = MeetingPreferences.objects.filter(user=user).first()
    if prefs is None:
        prefs, _created = MeetingPreferences.objects.get_or_create(
            user=user, defaults={"calendar_token": secrets.token_urlsafe(24)}
        )
    return prefs


def calendar_token_reset(user: Any) -> MeetingPreferences:
    """A new private calendar address; the old one stops working at once."""
    prefs = meeting_preferences_get(user)
    prefs.calendar_token = secrets.token_urlsafe(24)
    prefs.save(update_fields=["calendar_token"])
    return prefs


def meeting_emails_set(user: Any, *, enabled: bool) -> MeetingPreferences:
    prefs = meeting_preferences_get(user)
    prefs.emails = enabled
    prefs.save(update_fields=["emails"])
    return prefs
