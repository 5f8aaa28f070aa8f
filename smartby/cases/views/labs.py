"""Living-lab pages: the list with a map and filters, one lab, register and edit."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from smartby.cases.forms_labs import LivingLabFilterForm, LivingLabForm
from smartby.cases.models import LivingLab
from smartby.cases.selectors import labs as selectors
from smartby.cases.services import labs as services
from smartby.core.errors import ConflictError

# The list shows every lab: a municipality hosts a handful, the country a few hundred.
MAX_LABS = 500


def _get(slug: str) -> LivingLab:
    try:
        return selectors.living_lab_get(key=slug)
    except LivingLab.DoesNotExist as exc:
        raise Http404 from exc


def _add_errors(form: LivingLabForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@require_GET
def living_lab_list(request: HttpRequest) -> HttpResponse:
    form = LivingLabFilterForm(
        request.GET or None,
        themes=selectors.living_lab_theme_choices(),
        counties=selectors.living_lab_county_choices(),
    )
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.LabFilters(theme=data.get("theme", ""), county=data.get("county", ""))
    labs = list(selectors.living_lab_list(filters=filters)[:MAX_LABS])
    case_counts = selectors.lab_cases_by_lab(labs=labs, viewer=request.user)
    rows = [(lab, case_counts.get(lab.pk, 0)) for lab in labs]
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "cases/living_lab_list.html",
        {
            "form": form,
            "rows": rows,
            "map_points": selectors.living_lab_map_points(labs=labs),
            "map_tile_url": settings.MAP_TILE_URL,
            "map_attribution": settings.MAP_ATTRIBUTION,
            "can_add": request.user.has_perm("cases.add_livinglab"),
            "has_demo": any(lab.is_demo for lab in labs),
            "nav": "labs",
        },
        status=status,
    )


@require_GET
def living_lab_detail(request: HttpRequest, slug: str) -> HttpResponse:
    lab = _get(slug)
    cases = list(selectors.living_lab_cases(lab=lab, viewer=request.user)[:100])
    return render(
        request,
        "cases/living_lab_detail.html",
        {
            "lab": lab,
            "cases": cases,
            "map_points": selectors.living_lab_map_points(labs=[lab]),
            "map_tile_url": settings.MAP_TILE_URL,
            "map_attribution": settings.MAP_ATTRIBUTION,
            "can_edit": request.user.has_perm("cases.change_livinglab", lab),
            "has_demo": lab.is_demo or any(c.is_demo for c in cases),
            "nav": "labs",
        },
    )


def _form_values(form: LivingLabForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in services.LAB_FIELDS}


@login_required
@require_http_methods(["GET", "POST"])
def living_lab_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("cases.add_livinglab"):
        raise PermissionDenied
    hosts = selectors.living_lab_host_choices(user=request.user)
    form = LivingLabForm(request.POST or None, hosts=hosts)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                lab = services.living_lab_create(
                    actor=request.user,
                    host=form.cleaned_data["host"],
                    themes=form.cleaned_data["themes"],
                    **_form_values(form),
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The living lab was registered."))
                return redirect(lab.get_absolute_url())
    return render(
        request,
        "cases/living_lab_form.html",
        {"form": form, "lab": None, "nav": "labs"},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def living_lab_edit(request: HttpRequest, slug: str) -> HttpResponse:
    lab = _get(slug)
    if not request.user.has_perm("cases.change_livinglab", lab):
        raise PermissionDenied
    form = LivingLabForm(request.POST or None, lab=lab)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.living_lab_update(
                    lab=lab,
                    actor=request.user,
                    expected_version=form.cleaned_data["version"],
                    themes=form.cleaned_data["themes"],
                    **_form_values(form),
                )
            except ConflictError as exc:
                status = 409
                form.add_error(None, exc.message)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The living lab was saved."))
                return redirect(lab.get_absolute_url())
    return render(
        request,
        "cases/living_lab_form.html",
        {"form": form, "lab": lab, "nav": "labs"},
        status=status,
    )
