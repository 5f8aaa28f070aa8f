"""Meeting pages, the iCalendar feeds and a person's calendar and e-mail settings."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from smartby.network import selectors
from smartby.network.emails import opt_out_user_id
from smartby.network.forms import AttendanceForm, DocumentForm, MeetingEditForm, MeetingForm
from smartby.network.ical import calendar_bytes
from smartby.network.models import Body, Meeting, MeetingPreferences, Network, Workgroup
from smartby.network.services import meetings as service
from smartby.network.views_common import add_service_errors, network_or_404


def _organisers(user: Any, network: Network) -> list[tuple[str, str]]:
    """The bodies and active workgroups `user` may arrange meetings for."""
    choices: list[tuple[str, str]] = []
    if user.has_perm("network.manage_meetings", network):
        choices += [
            (f"body:{b.pk}", b.get_kind_display()) for b in selectors.bodies_of(network=network)
        ]
    for group in Workgroup.objects.filter(
        network=network, dissolved_on__isnull=True
    ).select_related("network", "lead"):
        if user.has_perm("network.manage_workgroup", group):
            choices.append((f"workgroup:{group.pk}", str(group.name)))
    return choices


@require_http_methods(["GET"])
def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    network = network_or_404(slug)
    coming, past = selectors.meetings_split(
        selectors.meeting_list(viewer=request.user, network=network), limit=50
    )
    return render(
        request,
        "network/meeting_list.html",
        {
            "network": network,
            "coming": coming,
            "past": past,
            "can_create": bool(
                request.user.is_authenticated and _organisers(request.user, network)
            ),
            "nav": "networks",
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    network = network_or_404(slug)
    organisers = _organisers(request.user, network)
    if not organisers:
        raise PermissionDenied
    workgroup = request.GET.get("workgroup", "")
    initial = {"organiser": f"workgroup:{workgroup}"} if workgroup.isdigit() else {}
    form = MeetingForm(request.POST or None, organisers=organisers, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            kind, _sep, pk = form.cleaned_data["organiser"].partition(":")
            target: dict[str, Any] = (
                {"body": Body.objects.select_related("network").get(pk=pk)}
                if kind == "body"
                else {"workgroup": Workgroup.objects.select_related("network").get(pk=pk)}
            )
            fields = {
                k: v for k, v in form.cleaned_data.items() if k not in ("organiser", "agenda")
            }
            try:
                meeting = service.meeting_create(
                    actor=request.user, agenda=form.agenda_lines(), **target, **fields
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The meeting was planned and the invitations sent."))
                return redirect(meeting.get_absolute_url())
    return render(
        request,
        "network/meeting_form.html",
        {"network": network, "form": form, "meeting": None, "nav": "networks"},
        status=status,
    )


def _meeting(request: HttpRequest, slug: str, pk: int) -> Meeting:
    try:
        return selectors.meeting_get(viewer=request.user, network_slug=slug, pk=pk)
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc


@require_http_methods(["GET", "POST"])
def meeting_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The meeting; its organisers add documents and record attendance here."""
    meeting = _meeting(request, slug, pk)
    can_manage = service.may_manage_meeting(request.user, meeting)
    started = meeting.starts_at <= timezone.now()
    document_form = DocumentForm(prefix="doc") if can_manage else None
    attendance_form = None
    if can_manage and started:
        attendance_form = AttendanceForm(
            prefix="att",
            invitees=service.meeting_invitees(meeting),
            initial={"people": [a.user_id for a in meeting.attendance.all()]},
        )
    status = 200
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        status = 400
        if "add-document" in request.POST:
            document_form = DocumentForm(request.POST, prefix="doc")
            if document_form.is_valid():
                try:
                    service.document_add(
                        actor=request.user, meeting=meeting, **document_form.cleaned_data
                    )
                except ValidationError as exc:
                    add_service_errors(document_form, exc)
                else:
                    messages.success(request, _("The document was added."))
                    return redirect(meeting.get_absolute_url())
        elif "record-attendance" in request.POST and attendance_form is not None:
            attendance_form = AttendanceForm(
                request.POST, prefix="att", invitees=service.meeting_invitees(meeting)
            )
            if attendance_form.is_valid():
                try:
                    service.meeting_attendance_set(
                        meeting=meeting,
                        actor=request.user,
                        user_ids=[u.pk for u in attendance_form.cleaned_data["people"]],
                    )
                except ValidationError as exc:
                    add_service_errors(attendance_form, exc)
                else:
                    messages.success(request, _("The attendance was recorded."))
                    return redirect(meeting.get_absolute_url())
        else:
            messages.error(request, _("Nothing was changed."))
    return render(
        request,
        "network/meeting_detail.html",
        {
            "network": meeting.network,
            "meeting": meeting,
            "can_manage": can_manage,
            "document_form": document_form,
            "attendance_form": attendance_form,
            "nav": "networks",
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = _meeting(request, slug, pk)
    if not service.may_manage_meeting(request.user, meeting):
        raise PermissionDenied
    initial = {
        "title_nb": meeting.title_nb,
        "title_en": meeting.title_en,
        "starts_at": timezone.localtime(meeting.starts_at),
        "ends_at": timezone.localtime(meeting.ends_at),
        "place": meeting.place,
        "online_url": meeting.online_url,
        "is_public": meeting.is_public,
        "agenda": "\n".join(item.title for item in meeting.agenda.all()),
        "minutes": meeting.minutes,
    }
    form = MeetingEditForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            changes = {k: v for k, v in form.cleaned_data.items() if k != "agenda"}
            try:
                service.meeting_update(
                    meeting=meeting, actor=request.user, agenda=form.agenda_lines(), **changes
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The meeting was saved."))
                return redirect(meeting.get_absolute_url())
    return render(
        request,
        "network/meeting_form.html",
        {"network": meeting.network, "form": form, "meeting": meeting, "nav": "networks"},
        status=status,
    )


@require_POST
def meeting_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = _meeting(request, slug, pk)
    try:
        service.meeting_cancel(meeting=meeting, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The meeting was cancelled and the invitees told."))
    return redirect(meeting.get_absolute_url())


# iCalendar feeds


def _ics(meetings: list[Meeting], name: str, filename: str) -> HttpResponse:
    response = HttpResponse(
        calendar_bytes(meetings, name=name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def calendar_public(request: HttpRequest) -> HttpResponse:
    """Every public meeting of every network."""
    meetings = selectors.meetings_for_calendar(Meeting.objects.filter(is_public=True))
    return _ics(meetings, "Smartby", "smartby.ics")


@require_GET
def calendar_network(request: HttpRequest, slug: str) -> HttpResponse:
    network = network_or_404(slug)
    meetings = selectors.meetings_for_calendar(
        Meeting.objects.filter(is_public=True, network=network)
    )
    return _ics(meetings, str(network.name), f"{network.slug}.ics")


@require_GET
def calendar_workgroup(request: HttpRequest, slug: str, workgroup: str) -> HttpResponse:
    group = Workgroup.objects.filter(network__slug=slug, slug=workgroup).first()
    if group is None:
        raise Http404
    meetings = selectors.meetings_for_calendar(
        Meeting.objects.filter(is_public=True, workgroup=group)
    )
    return _ics(meetings, str(group.name), f"{group.slug}.ics")


@require_GET
def calendar_person(request: HttpRequest, token: str) -> HttpResponse:
    """A person's meetings, public or not, at a private address (no login: calendar
    programs cannot log in)."""
    prefs = (
        MeetingPreferences.objects.select_related("user")
        .filter(calendar_token=token, user__is_active=True)
        .first()
    )
    if prefs is None:
        raise Http404
    meetings = selectors.meetings_for_calendar(service.meetings_of_person(prefs.user))
    response = _ics(meetings, "Smartby", "smartby-me.ics")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


# A person's settings


@login_required
@require_http_methods(["GET", "POST"])
def my_meetings(request: HttpRequest) -> HttpResponse:
    """My meetings, my private calendar address (with a reset) and my e-mail choice."""
    prefs = service.meeting_preferences_get(request.user)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "reset":
            service.calendar_token_reset(request.user)
            messages.success(
                request, _("Your calendar has a new address; the old one no longer works.")
            )
        elif action in ("emails-on", "emails-off"):
            service.meeting_emails_set(request.user, enabled=action == "emails-on")
            messages.success(request, _("Your choice was saved."))
        else:
            messages.error(request, _("Nothing was changed."))
            return redirect("network:my-meetings")
        return redirect("network:my-meetings")
    coming, past = selectors.meetings_split(
        service.meetings_of_person(request.user).select_related("network", "body", "workgroup"),
        limit=20,
    )
    return render(
        request,
        "network/my_meetings.html",
        {
            "prefs": prefs,
            "calendar_url": settings.SITE_URL
            + reverse("person-calendar", args=[prefs.calendar_token]),
            "coming": coming,
            "past": past,
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_emails_off(request: HttpRequest, token: str) -> HttpResponse:
    """The link in every meeting e-mail: asks, then turns the e-mails off (a GET changes
    nothing, so link scanners cannot unsubscribe anyone)."""
    user_id = opt_out_user_id(token)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        return render(request, "network/emails_off.html", {"invalid": True}, status=400)
    done = False
    if request.method == "POST":
        service.meeting_emails_set(user, enabled=False)
        done = True
    return render(request, "network/emails_off.html", {"person": user, "done": done})
