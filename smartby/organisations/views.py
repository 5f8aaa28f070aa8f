from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from smartby.core.errors import ConflictError
from smartby.core.panels import panels_for
from smartby.organisations import selectors, services
from smartby.organisations.forms import (
    DirectoryFilterForm,
    MunicipalityFilterForm,
    OrganisationForm,
)
from smartby.organisations.models import Municipality, Organisation, OrganisationKind

PAGE_SIZE = 50


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_GET
def municipality_list(request: HttpRequest) -> HttpResponse:
    form = MunicipalityFilterForm(request.GET or None, networks=selectors.network_choices())
    data = form.cleaned_data if form.is_valid() else {}
    queryset = selectors.municipality_list(
        county=data.get("county", ""), network=data.get("network", ""), q=data.get("q", "")
    )
    page_obj = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "organisations/municipality_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "query": _query_without_page(request),
            "nav": "municipalities",
        },
        status=status,
    )


@require_GET
def municipality_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        municipality = selectors.municipality_get(slug=slug)
    except Municipality.DoesNotExist as exc:
        raise Http404 from exc
    organisations = list(selectors.municipality_organisations(municipality=municipality)[:100])
    panels = panels_for("municipality", request, municipality)
    has_demo = any(o.is_demo for o in organisations) or any(
        p.context.get("has_demo") for p in panels
    )
    return render(
        request,
        "organisations/municipality_detail.html",
        {
            "municipality": municipality,
            "organisations": organisations,
            "panels": panels,
            "has_demo": has_demo,
            "nav": "municipalities",
        },
    )


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None, networks=selectors.network_choices())
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.OrganisationFilters(
        q=data.get("q", ""),
        kind=data.get("kind", ""),
        county=data.get("county", ""),
        network=data.get("network", ""),
    )
    queryset = selectors.organisation_list(filters=filters)
    page_obj = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    facets = selectors.organisation_kind_facets(queryset=queryset)
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "organisations/organisation_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "query": _query_without_page(request),
            "facets": [
                (value, label, facets.get(value, 0))
                for value, label in OrganisationKind.choices
                if value
            ],
            "has_demo": any(o.is_demo for o in page_obj),
            "nav": "actors",
        },
        status=status,
    )


@require_GET
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        organisation = selectors.organisation_get(slug=slug)
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc
    panels = panels_for("organisation", request, organisation)
    has_demo = organisation.is_demo or any(p.context.get("has_demo") for p in panels)
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "panels": panels,
            "can_edit": request.user.has_perm("organisations.change_organisation", organisation),
            "has_demo": has_demo,
            "nav": "actors",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        organisation = selectors.organisation_get(slug=slug)
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc
    if not request.user.has_perm("organisations.change_organisation", organisation):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, instance=organisation)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            changes = {f: form.cleaned_data[f] for f in form.fields if f != "version"}
            try:
                services.organisation_update(
                    organisation=selectors.organisation_get(slug=slug),
                    actor=request.user,
                    expected_version=form.cleaned_data["version"],
                    **changes,
                )
            except ConflictError as exc:
                status = 409
                form.add_error(None, exc.message)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The organisation was saved."))
                return redirect(organisation.get_absolute_url())
    return render(
        request,
        "organisations/organisation_form.html",
        {"form": form, "organisation": organisation, "nav": "actors"},
        status=status,
    )
