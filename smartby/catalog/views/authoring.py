"""Publishing datasets: create and edit a dataset, its distributions, and choose the
datasets a case uses. Thin: forms read input, services write, rules decide."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from smartby.cases.models import Case
from smartby.cases.rules import editor_org_ids
from smartby.cases.selectors.visibility import case_visible_to
from smartby.catalog.forms import (
    CaseDatasetsForm,
    DatasetForm,
    distribution_formset,
    distribution_rows,
)
from smartby.catalog.models import Dataset
from smartby.catalog.selectors.detail import dataset_choices_for_case
from smartby.catalog.services.datasets import (
    case_datasets_set,
    dataset_update,
    distributions_replace,
)
from smartby.catalog.services.datasets import (
    dataset_create as dataset_create_service,
)
from smartby.core.errors import ConflictError
from smartby.organisations.models import Organisation


def _editable_dataset(request: HttpRequest, slug: str) -> Dataset:
    """The dataset if the person may edit it: 404 when it does not exist, 403 otherwise
    (harvested datasets are changed by their next harvest only)."""
    try:
        dataset = Dataset.objects.select_related("publisher", "harvest_source").get(slug=slug)
    except Dataset.DoesNotExist as exc:
        raise Http404 from exc
    if not request.user.has_perm("catalog.change_dataset", dataset):
        raise PermissionDenied
    return dataset


def _add_errors(form: Any, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names, else on top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for name, errors in exc.error_dict.items():
        messages_ = [m for e in errors for m in e.messages]
        form.add_error(name if name in form.fields else None, messages_)


def _render_form(
    request: HttpRequest, form: DatasetForm, dataset: Dataset | None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "catalog/dataset_form.html",
        {"form": form, "dataset": dataset, "nav": "data"},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def dataset_create(request: HttpRequest) -> HttpResponse:
    publishers = list(
        Organisation.objects.filter(pk__in=editor_org_ids(request.user)).order_by("name")
    )
    if not publishers:
        raise PermissionDenied
    form = DatasetForm(request.POST or None, publishers=publishers)
    if request.method == "POST":
        if form.is_valid():
            try:
                dataset = dataset_create_service(
                    actor=request.user,
                    publisher=form.cleaned_data["publisher"],
                    fields=form.service_fields(),
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            except PermissionDenied:
                form.add_error("publisher", _("You may not publish for this organisation."))
            else:
                messages.success(
                    request, _("The dataset is published. Add how to get the data below.")
                )
                return redirect("catalog:distributions-edit", slug=dataset.slug)
        return _render_form(request, form, None, status=400)
    return _render_form(request, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def dataset_edit(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = _editable_dataset(request, slug)
    form = DatasetForm(request.POST or None, instance=dataset)
    if request.method == "POST":
        if form.is_valid():
            version = form.cleaned_data.get("version")
            try:
                dataset_update(
                    dataset=dataset,
                    actor=request.user,
                    expected_version=version if version is not None else -1,
                    fields=form.service_fields(),
                )
            except ConflictError as exc:
                # The person's input stays in the form; nothing was written.
                form.add_error(None, exc.message)
                return _render_form(request, form, dataset, status=409)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Your changes were saved."))
                return redirect(dataset.get_absolute_url())
        return _render_form(request, form, dataset, status=400)
    return _render_form(request, form, dataset)


def _initial_distributions(dataset: Dataset) -> list[dict[str, Any]]:
    return [
        {
            "id": d.pk,
            "title_nb": d.title_nb,
            "title_en": d.title_en,
            "access_url": d.access_url,
            "download_url": d.download_url,
            "format": d.format,
            "media_type": d.media_type,
            "byte_size": d.byte_size,
            "api_description_url": d.api_description_url,
            "licence": d.licence_id,
        }
        for d in dataset.distributions.all()
    ]


@login_required
@require_http_methods(["GET", "POST"])
def distributions_edit(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = _editable_dataset(request, slug)
    data = request.POST if request.method == "POST" else None
    formset = distribution_formset(data, initial=_initial_distributions(dataset))
    version = dataset.version
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        status = 400
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = -1
        if formset.is_valid():
            try:
                distributions_replace(
                    dataset=dataset,
                    actor=request.user,
                    expected_version=version,
                    rows=distribution_rows(formset),
                )
            except ConflictError as exc:
                errors.append(exc.message)
                status = 409
            except ValidationError as exc:
                errors += exc.messages
            else:
                messages.success(request, _("The distributions were saved."))
                return redirect(dataset.get_absolute_url())
    return render(
        request,
        "catalog/distributions_form.html",
        {
            "dataset": dataset,
            "formset": formset,
            "version": version,
            "errors": errors,
            "nav": "data",
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_datasets_edit(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        case = case_visible_to(viewer=request.user).get(slug=slug)
    except Case.DoesNotExist as exc:
        raise Http404 from exc
    if not request.user.has_perm("catalog.link_case_datasets", case):
        raise PermissionDenied
    choices = dataset_choices_for_case(case=case)
    linked = set(Dataset.objects.filter(used_in_cases=case).values_list("pk", flat=True))
    chosen = [d.pk for d in choices if d.pk in linked]
    form = CaseDatasetsForm(request.POST or None, choices=choices, initial={"datasets": chosen})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                case_datasets_set(
                    case=case, actor=request.user, datasets=list(form.cleaned_data["datasets"])
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The datasets this case uses were saved."))
                return redirect(case.get_absolute_url())
    return render(
        request,
        "catalog/case_datasets_form.html",
        {"case": case, "form": form, "nav": "cases"},
        status=status,
    )
