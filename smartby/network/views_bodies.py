"""The member directory's representatives, the bodies page and the leadership's terms."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from smartby.network import selectors, services
from smartby.network.forms import LeadershipTermForm, RepresentativesForm
from smartby.network.models import NetworkMembership
from smartby.network.services.workgroups import leadership_term_add
from smartby.network.views_common import add_service_errors, network_or_404
from smartby.organisations.models import Organisation


@require_http_methods(["GET", "POST"])
def representatives_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        NetworkMembership.objects.select_related("network", "organisation"),
        pk=pk,
        network__slug=slug,
        left_on__isnull=True,
    )
    if not request.user.has_perm("network.manage_members", membership.network):
        raise PermissionDenied
    initial = {"representative": membership.representative_id, "deputy": membership.deputy_id}
    form = RepresentativesForm(
        request.POST or None, initial=initial, organisation=membership.organisation
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.network_representatives_set(
                    membership=membership,
                    actor=request.user,
                    representative=form.cleaned_data["representative"],
                    deputy=form.cleaned_data["deputy"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The representatives were saved."))
                return redirect(membership.network.get_absolute_url())
    return render(
        request,
        "network/representatives_form.html",
        {"membership": membership, "network": membership.network, "form": form, "nav": "networks"},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def bodies(request: HttpRequest, slug: str) -> HttpResponse:
    """Owner meeting, steering group, secretariat and leadership, with their coming
    meetings, and the leadership's rotation."""
    network = network_or_404(slug)
    can_manage = request.user.has_perm("network.manage_members", network)
    members = Organisation.objects.filter(
        network_memberships__network=network, network_memberships__left_on__isnull=True
    ).order_by("name")
    form = LeadershipTermForm(request.POST or None, members=members) if can_manage else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        status = 400
        if form.is_valid():
            try:
                leadership_term_add(network=network, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The term was added."))
                return redirect("network:bodies", slug=network.slug)
    body_list = selectors.bodies_of(network=network)
    coming, _past = selectors.meetings_split(
        selectors.meeting_list(viewer=request.user, network=network, body__isnull=False),
        limit=10,
    )
    today = timezone.localdate()
    terms = selectors.leadership_terms(network=network)
    return render(
        request,
        "network/bodies.html",
        {
            "network": network,
            "bodies": body_list,
            "coming": coming,
            "terms": terms,
            "current_terms": [t for t in terms if t.starts_on <= today <= t.ends_on],
            "today": today,
            "secretariat": selectors.secretariat_people(network=network),
            "form": form,
            "nav": "networks",
        },
        status=status,
    )
