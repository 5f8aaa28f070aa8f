"""Workgroup pages: the list (with creating one), a workgroup with its members, meetings,
documents and the cases and datasets on its theme."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartby.core.panels import panels_for
from smartby.network import selectors
from smartby.network.forms import DocumentForm, WorkgroupForm, WorkgroupMembersForm
from smartby.network.models import PriorityCandidate, Workgroup
from smartby.network.services.meetings import document_add
from smartby.network.services.workgroups import (
    workgroup_create,
    workgroup_dissolve,
    workgroup_members_set,
)
from smartby.network.views_common import add_service_errors, network_or_404
from smartby.organisations.models import Organisation


@require_http_methods(["GET", "POST"])
def workgroup_list(request: HttpRequest, slug: str) -> HttpResponse:
    network = network_or_404(slug)
    can_manage = request.user.has_perm("network.manage_members", network)
    form = None
    status = 200
    if can_manage:
        members = Organisation.objects.filter(
            network_memberships__network=network, network_memberships__left_on__isnull=True
        ).order_by("name")
        initial = {}
        candidate = PriorityCandidate.objects.filter(
            pk=request.GET.get("candidate", "0")
            if request.GET.get("candidate", "").isdigit()
            else 0,
            round__network=network,
        ).first()
        if candidate is not None:
            initial = {
                "name_nb": candidate.name_nb,
                "name_en": candidate.name_en,
                "theme": candidate.theme_id,
            }
        form = WorkgroupForm(
            request.POST or None, initial=initial, network=network, members=members
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        status = 400
        if form.is_valid():
            try:
                group = workgroup_create(network=network, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The workgroup was created."))
                return redirect(group.get_absolute_url())
    groups = selectors.workgroup_list(network=network)
    return render(
        request,
        "network/workgroup_list.html",
        {
            "network": network,
            "active": [g for g in groups if g.is_active],
            "dissolved": [g for g in groups if not g.is_active],
            "form": form,
            "from_priorities": bool(form and form.initial),
            "nav": "networks",
        },
        status=status,
    )


def _workgroup(slug: str, workgroup: str) -> Workgroup:
    try:
        return selectors.workgroup_get(network_slug=slug, slug=workgroup)
    except Workgroup.DoesNotExist as exc:
        raise Http404 from exc


@require_http_methods(["GET", "POST"])
def workgroup_detail(request: HttpRequest, slug: str, workgroup: str) -> HttpResponse:
    group = _workgroup(slug, workgroup)
    can_manage = request.user.has_perm("network.manage_workgroup", group)
    posted = request.POST if request.method == "POST" else None
    setting_members = posted is not None and "set-members" in posted
    form = DocumentForm(None if setting_members else posted) if can_manage else None
    members_form = None
    if can_manage and group.is_active:
        network_members = Organisation.objects.filter(
            network_memberships__network=group.network, network_memberships__left_on__isnull=True
        ).order_by("name")
        members_form = WorkgroupMembersForm(
            posted if setting_members else None,
            members=network_members,
            initial={"members": [o.pk for o in group.members.all()]},
        )
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        status = 400
        if setting_members:
            if members_form is not None and members_form.is_valid():
                try:
                    workgroup_members_set(
                        workgroup=group,
                        actor=request.user,
                        members=list(members_form.cleaned_data["members"]),
                    )
                except ValidationError as exc:
                    add_service_errors(members_form, exc)
                else:
                    messages.success(request, _("The members were saved."))
                    return redirect(group.get_absolute_url())
            elif members_form is None:
                messages.error(request, _("A dissolved workgroup cannot change."))
        elif form.is_valid():
            try:
                document_add(actor=request.user, workgroup=group, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The document was added."))
                return redirect(group.get_absolute_url())
    coming, past = selectors.meetings_split(
        selectors.meeting_list(viewer=request.user, workgroup=group), limit=10
    )
    return render(
        request,
        "network/workgroup_detail.html",
        {
            "network": group.network,
            "workgroup": group,
            "members": list(group.members.all()),
            "documents": list(group.documents.all()),
            "coming": coming,
            "past": past,
            "form": form,
            "members_form": members_form,
            "can_manage": can_manage,
            "can_dissolve": group.is_active
            and request.user.has_perm("network.manage_members", group.network),
            "can_meet": group.is_active and can_manage,
            "panels": panels_for("workgroup", request, group),
            "nav": "networks",
        },
        status=status,
    )


@require_POST
def workgroup_dissolve_view(request: HttpRequest, slug: str, workgroup: str) -> HttpResponse:
    group = _workgroup(slug, workgroup)
    try:
        workgroup_dissolve(workgroup=group, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The workgroup was dissolved."))
    return redirect(group.get_absolute_url())
