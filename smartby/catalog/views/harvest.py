"""Harvest sources: the list, adding and editing a source, a source's page with its runs and
"Run now", and a run's page. Everyone may read sources and runs (the catalogue is open and
where a dataset came from is part of its story); adding, editing and running follow the
rules (catalog.add_harvestsource / change_harvestsource / run_harvestsource)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from smartby.cases.rules import editor_org_ids
from smartby.catalog.forms_harvest import HarvestSourceForm
from smartby.catalog.models import HarvestRun, HarvestSource
from smartby.catalog.selectors.harvest import (
    harvest_run_errors,
    harvest_run_get,
    harvest_source_get,
    harvest_source_list,
    run_duration,
)
from smartby.catalog.services.harvest import (
    harvest_enqueue,
    harvest_source_create,
    harvest_source_update,
)
from smartby.core.errors import ConflictError
from smartby.organisations.models import Organisation
from smartby.organisations.rules import is_platform_admin, is_secretariat

PAGE_SIZE = 50


def _publishers(user: Any) -> list[Organisation]:
    """The organisations this person may add sources for: all for the secretariat and the
    platform admin, else the ones they edit for."""
    if not user.is_authenticated:
        return []
    organisations = Organisation.objects.order_by("name")
    if is_secretariat(user) or is_platform_admin(user):
        return list(organisations)
    return list(organisations.filter(pk__in=editor_org_ids(user)))


def _add_errors(form: HarvestSourceForm, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(
            name if name in form.fields else None, [m for e in errors for m in e.messages]
        )


def _render_form(
    request: HttpRequest, form: HarvestSourceForm, source: HarvestSource | None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "catalog/source_form.html",
        {"form": form, "source": source, "nav": "data"},
        status=status,
    )


@require_GET
def source_list(request: HttpRequest) -> HttpResponse:
    page_obj = Paginator(harvest_source_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    for source in page_obj:
        status = source.last_run_status  # type: ignore[attr-defined]
        source.last_run_label = (  # type: ignore[attr-defined]
            HarvestRun.Status(status).label if status in HarvestRun.Status.values else ""
        )
    can_add = request.user.is_authenticated and (
        bool(editor_org_ids(request.user))
        or is_secretariat(request.user)
        or is_platform_admin(request.user)
    )
    return render(
        request,
        "catalog/source_list.html",
        {"page_obj": page_obj, "query": "", "can_add": can_add, "nav": "data"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def source_create(request: HttpRequest) -> HttpResponse:
    publishers = _publishers(request.user)
    if not publishers:
        raise PermissionDenied
    form = HarvestSourceForm(request.POST or None, publishers=publishers)
    if request.method == "POST":
        if form.is_valid():
            try:
                source = harvest_source_create(actor=request.user, fields=form.service_fields())
            except ValidationError as exc:
                _add_errors(form, exc)
            except PermissionDenied:
                form.add_error("publisher", _("You may not add sources for this organisation."))
            else:
                messages.success(
                    request, _("The source is saved. Press “Run now” to harvest it the first time.")
                )
                return redirect("catalog:source-detail", pk=source.pk)
        return _render_form(request, form, None, status=400)
    return _render_form(request, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def source_edit(request: HttpRequest, pk: int) -> HttpResponse:
    source = harvest_source_get(pk)
    if not request.user.has_perm("catalog.change_harvestsource", source):
        raise PermissionDenied
    form = HarvestSourceForm(
        request.POST or None, instance=source, publishers=_publishers(request.user)
    )
    if request.method == "POST":
        if form.is_valid():
            version = form.cleaned_data.get("version")
            try:
                harvest_source_update(
                    source=source,
                    actor=request.user,
                    expected_version=version if version is not None else -1,
                    fields=form.service_fields(),
                )
            except ConflictError as exc:
                form.add_error(None, exc.message)
                return _render_form(request, form, source, status=409)
            except ValidationError as exc:
                _add_errors(form, exc)
            except PermissionDenied:
                form.add_error("publisher", _("You may not add sources for this organisation."))
            else:
                messages.success(request, _("Your changes were saved."))
                return redirect("catalog:source-detail", pk=source.pk)
        return _render_form(request, form, source, status=400)
    return _render_form(request, form, source)


@require_GET
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    source = harvest_source_get(pk)
    return render(
        request,
        "catalog/source_detail.html",
        {
            "source": source,
            "runs": source.recent_runs,  # type: ignore[attr-defined]
            "can_run": request.user.has_perm("catalog.run_harvestsource", source),
            "can_edit": request.user.has_perm("catalog.change_harvestsource", source),
            "nav": "data",
        },
    )


@login_required
@require_POST
def source_run(request: HttpRequest, pk: int) -> HttpResponse:
    source = harvest_source_get(pk)
    if not request.user.has_perm("catalog.run_harvestsource", source):
        raise PermissionDenied
    harvest_enqueue(source=source, actor=request.user)
    messages.success(
        request,
        _("The harvest is queued. Its run appears below when it starts; reload to follow it."),
    )
    return redirect("catalog:source-detail", pk=source.pk)


@require_GET
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = harvest_run_get(pk)
    errors, notes = harvest_run_errors(run)
    duration = run_duration(run)
    return render(
        request,
        "catalog/run_detail.html",
        {
            "run": run,
            "source": run.source,
            "errors": errors,
            "notes": notes,
            "duration": duration,
            "nav": "data",
        },
    )
