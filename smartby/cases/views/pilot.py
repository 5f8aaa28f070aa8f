"""Pilot-watch pages: the network overview, a person's dashboard, and a case's progress
page with the three answers to a pilot."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from smartby.cases.forms_pilot import PilotAnswerForm, PilotOverviewFilterForm, ProgressForm
from smartby.cases.models import Case
from smartby.cases.rules import editor_org_ids
from smartby.cases.selectors import pilot as selectors
from smartby.cases.selectors.visibility import case_visible_to
from smartby.cases.services import pilot as services
from smartby.core.errors import ConflictError

HISTORY_LIMIT = 100


@require_GET
def pilot_overview(request: HttpRequest) -> HttpResponse:
    form = PilotOverviewFilterForm(request.GET or None, networks=selectors.network_choices())
    data = form.cleaned_data if form.is_valid() else {}
    overview = selectors.pilot_overview(
        viewer=request.user,
        network=data.get("network", ""),
        since=data.get("since"),
        until=data.get("until"),
    )
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "cases/pilot_overview.html",
        {"form": form, "overview": overview, "nav": "cases"},
        status=status,
    )


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    board = selectors.dashboard_for(user=request.user)
    return render(
        request,
        "cases/dashboard.html",
        {
            "board": board,
            "editor_org_ids": editor_org_ids(request.user),
            "has_demo": any(c.is_demo for c in board.recent),
            "nav": "dashboard",
        },
    )


def _add_errors(form: PilotAnswerForm | ProgressForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            if field == "lessons" and "lesson_1_text" in form.fields:
                target = "lesson_1_text"
            form.add_error(target, errors)
    else:
        form.add_error(None, exc)


@require_http_methods(["GET", "POST"])
def case_progress(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        case = (
            case_visible_to(viewer=request.user)
            .select_related("owner", "municipality")
            .prefetch_related("partners")
            .get(slug=slug)
        )
    except Case.DoesNotExist as exc:
        raise Http404 from exc
    if not request.user.has_perm("cases.change_case", case):
        raise PermissionDenied
    chosen = request.GET.get("answer", "")
    answer_form = PilotAnswerForm(
        initial={"version": case.version, "answer": chosen}, prefix="answer"
    )
    progress_form = ProgressForm(initial={"version": case.version}, prefix="progress")
    status = 200
    if request.method == "POST":
        status = 400
        action = request.POST.get("action")
        try:
            if action == "answer":
                answer_form = PilotAnswerForm(request.POST, prefix="answer")
                if answer_form.is_valid():
                    _answer(case, request, answer_form)
                    return redirect("cases:case-progress", slug=case.slug)
            elif action == "progress":
                progress_form = ProgressForm(request.POST, prefix="progress")
                if progress_form.is_valid():
                    services.case_progress_add(
                        case=case,
                        actor=request.user,
                        expected_version=progress_form.cleaned_data["version"],
                        text=progress_form.cleaned_data["text"],
                    )
                    messages.success(request, _("The progress update was saved."))
                    return redirect("cases:case-progress", slug=case.slug)
            else:
                messages.error(request, _("Choose one of the forms on the page."))
        except ConflictError as exc:
            status = 409
            form = answer_form if action == "answer" else progress_form
            form.add_error(None, exc.message)
        except ValidationError as exc:
            _add_errors(answer_form if action == "answer" else progress_form, exc)
    return render(
        request,
        "cases/case_progress.html",
        {
            "case": case,
            "is_stalled": selectors.case_is_stalled(case=case),
            "is_pilot": case.phase == "testing" and case.status == "ongoing",
            "answer_form": answer_form,
            "progress_form": progress_form,
            "updates": list(selectors.case_updates(case=case)[:HISTORY_LIMIT]),
            "nav": "cases",
        },
        status=status,
    )


def _answer(case: Case, request: HttpRequest, form: PilotAnswerForm) -> None:
    data = form.cleaned_data
    version = data["version"]
    if data["answer"] == "scaled":
        services.case_pilot_scale(
            case=case, actor=request.user, expected_version=version, text=data["text"]
        )
        messages.success(request, _("The pilot moved on to the next phase."))
    elif data["answer"] == "continue":
        services.case_pilot_continue(
            case=case,
            actor=request.user,
            expected_version=version,
            review_on=data["review_on"],
            text=data["text"],
        )
        messages.success(request, _("The pilot continues; the next review date was saved."))
    else:
        services.case_pilot_stop(
            case=case,
            actor=request.user,
            expected_version=version,
            reason=data["text"],
            lessons=form.lessons(),
        )
        messages.success(request, _("The pilot was stopped and the lessons were added."))
