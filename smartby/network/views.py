from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from smartby.core.panels import columns_for, panels_for
from smartby.network import selectors, services
from smartby.network.forms import MembershipAddForm
from smartby.network.models import Network, NetworkMembership


@require_GET
def map_points(request: HttpRequest) -> JsonResponse:
    """The member cities of every network as map points, for the home page's map. Kept out
    of the page itself so the page stays small however many cities join; anonymous answers
    are cached like any page (see smartby.core.pagecache)."""
    return JsonResponse({"points": selectors.network_map_points()})


@require_GET
def network_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "network/network_list.html",
        {"networks": list(selectors.network_list()), "nav": "networks"},
    )


def _detail(
    request: HttpRequest, slug: str, form: MembershipAddForm | None, status: int = 200
) -> HttpResponse:
    try:
        network = selectors.network_get(slug=slug)
    except Network.DoesNotExist as exc:
        raise Http404 from exc
    can_manage = request.user.has_perm("network.manage_members", network)
    memberships = selectors.member_directory(network=network)
    columns = columns_for("network_members", request, [m.organisation for m in memberships])
    rows = [(m, [c.cells.get(m.organisation_id, ("–", "")) for c in columns]) for m in memberships]
    return render(
        request,
        "network/network_detail.html",
        {
            "network": network,
            "memberships": memberships,
            "rows": rows,
            "columns": columns,
            "former": selectors.former_members(network=network) if can_manage else [],
            "coming": selectors.meetings_split(
                selectors.meeting_list(viewer=request.user, network=network), limit=5
            )[0],
            "can_manage": can_manage,
            "form": (form or MembershipAddForm()) if can_manage else None,
            "has_demo": any(m.is_demo for m in memberships),
            "panels": panels_for("network", request, network),
            "nav": "networks",
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def network_detail(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method == "GET":
        return _detail(request, slug, None)
    network = get_object_or_404(Network, slug=slug)
    if not request.user.has_perm("network.manage_members", network):
        raise PermissionDenied
    form = MembershipAddForm(request.POST)
    if form.is_valid():
        try:
            services.network_membership_add(
                network=network,
                organisation=form.cleaned_data["organisation"],
                joined_on=form.cleaned_data["joined_on"],
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The member was added."))
            return redirect(network.get_absolute_url())
    return _detail(request, slug, form, status=400)


@require_POST
def membership_end(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        NetworkMembership.objects.select_related("network", "organisation"),
        pk=pk,
        network__slug=slug,
    )
    try:
        services.network_membership_end(membership=membership, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(organisation)s is no longer a member.")
            % {"organisation": membership.organisation.name},
        )
    return redirect(membership.network.get_absolute_url())
