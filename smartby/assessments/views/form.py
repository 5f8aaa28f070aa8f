"""Answering pages: start a round, the overview of a draft, one principle's form, submit,
reopen, share and delete. Thin: services write, selectors read, rules decide."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartby.assessments import services
from smartby.assessments.forms import StartForm, VisibilityForm
from smartby.assessments.models import LEVEL_DESCRIPTORS, Assessment, Level, Section
from smartby.assessments.rules import ASSESSING_KINDS
from smartby.assessments.selectors.form import (
    assessment_for_viewer,
    evidence_choices,
    section_for_form,
)
from smartby.cases.rules import editor_org_ids
from smartby.core.errors import ConflictError
from smartby.organisations.models import Organisation


def _assessment(request: HttpRequest, pk: int) -> Assessment:
    try:
        return assessment_for_viewer(viewer=request.user, pk=pk)
    except Assessment.DoesNotExist as exc:
        raise Http404 from exc


def _editable(request: HttpRequest, pk: int) -> Assessment:
    """404 for those who may not see it, 403 for those who see it but may not edit."""
    assessment = _assessment(request, pk)
    if not request.user.has_perm("assessments.share_assessment", assessment):
        raise PermissionDenied
    return assessment


def _levels() -> list[dict[str, Any]]:
    return [
        {"value": level.value, "label": level.label, "descriptor": LEVEL_DESCRIPTORS[level]}
        for level in Level
    ]


@login_required
@require_http_methods(["GET", "POST"])
def assessment_start(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.filter(
        pk__in=editor_org_ids(request.user), kind__in=ASSESSING_KINDS
    ).order_by("name")
    form = StartForm(request.POST or None, organisations=organisations)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                assessment = services.assessment_start(
                    organisation=form.cleaned_data["organisation"],
                    actor=request.user,
                    year=form.cleaned_data["year"],
                    visibility=form.cleaned_data["visibility"],
                )
            except ValidationError as exc:
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request, _("The round has started. Answer one principle at a time.")
                )
                return redirect("assessments:edit", pk=assessment.pk)
        status = 400
    previous = dict(
        Assessment.objects.filter(organisation__in=organisations, status="submitted")
        .order_by("organisation_id", "year")
        .values_list("organisation_id", "year")
    )
    return render(
        request,
        "assessments/start.html",
        {
            "form": form,
            "organisations": list(organisations),
            "previous": [(org, previous[org.pk]) for org in organisations if org.pk in previous],
            "nav": "roadmap",
        },
        status=status,
    )


def _overview(
    request: HttpRequest,
    assessment: Assessment,
    *,
    missing: list[Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "assessments/edit.html",
        {
            "assessment": assessment,
            "sections": list(assessment.sections.all()),
            "missing": missing,
            "visibility_form": VisibilityForm(
                initial={"visibility": assessment.visibility, "version": assessment.version}
            ),
            "can_change": request.user.has_perm("assessments.change_assessment", assessment),
            "nav": "roadmap",
        },
        status=status,
    )


@login_required
def assessment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _overview(request, _editable(request, pk))


def _posted_answers(
    section: Section, data: QueryDict
) -> tuple[list[services.AnswerInput], list[int], list[str]]:
    """Answers as posted: `level-<question id>`, `comment-<id>`, `evidence-<id>` for every
    question id named in `question`; unreadable values become errors, never a crash."""
    errors: list[str] = []
    answers: list[services.AnswerInput] = []

    def _int(value: str) -> int | None:
        try:
            return int(value)
        except (TypeError, ValueError):
            errors.append(_("“%(value)s” is not a valid choice.") % {"value": value[:40]})
            return None

    for raw_id in data.getlist("question"):
        question_id = _int(raw_id)
        if question_id is None:
            continue
        raw_level = data.get(f"level-{question_id}", "")
        level = _int(raw_level) if raw_level else None
        evidence = [
            pk
            for pk in (_int(v) for v in data.getlist(f"evidence-{question_id}"))
            if pk is not None
        ]
        answers.append(
            services.AnswerInput(
                key_question_id=question_id,
                level=level,
                comment=data.get(f"comment-{question_id}", ""),
                evidence_ids=evidence,
            )
        )
    barriers = [pk for pk in (_int(v) for v in data.getlist("barriers")) if pk is not None]
    return answers, barriers, errors


def _section_context(
    request: HttpRequest,
    assessment: Assessment,
    section: Section,
    *,
    posted: dict[int, services.AnswerInput] | None = None,
    posted_barriers: list[int] | None = None,
) -> dict[str, Any]:
    sections = list(assessment.sections.all())
    numbers = [s.principle.number for s in sections]
    index = numbers.index(section.principle.number)
    questions = []
    for answer in section.answers.all():
        given = posted.get(answer.key_question_id) if posted is not None else None
        questions.append(
            {
                "answer": answer,
                "question": answer.key_question,
                "level": given.level if given else answer.level,
                "comment": given.comment if given else answer.comment,
                "evidence": set(given.evidence_ids)
                if given
                else {case.pk for case in answer.evidence.all()},
            }
        )
    barriers = (
        set(posted_barriers)
        if posted_barriers is not None
        else {b.pk for b in section.barriers.all()}
    )
    return {
        "assessment": assessment,
        "section": section,
        "principle": section.principle,
        "questions": questions,
        "levels": _levels(),
        "challenges": list(section.principle.challenges.all()),
        "barriers": barriers,
        "cases": list(evidence_choices(assessment=assessment)),
        "previous_number": numbers[index - 1] if index > 0 else None,
        "next_number": numbers[index + 1] if index + 1 < len(numbers) else None,
        "sections": sections,
        "nav": "roadmap",
    }


@login_required
@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    assessment = _editable(request, pk)
    if not request.user.has_perm("assessments.change_assessment", assessment):
        messages.info(request, _("This round is submitted. Reopen it to change answers."))
        return redirect("assessments:edit", pk=assessment.pk)
    try:
        section = section_for_form(assessment=assessment, number=number)
    except Section.DoesNotExist as exc:
        raise Http404 from exc
    if request.method == "GET":
        return render(
            request, "assessments/section_form.html", _section_context(request, assessment, section)
        )
    answers, barrier_ids, parse_errors = _posted_answers(section, request.POST)
    posted = {a.key_question_id: a for a in answers}
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    errors: dict[str, list[str]] = {}
    conflict: Section | None = None
    status = 400
    if parse_errors:
        errors["__all__"] = parse_errors
    else:
        try:
            services.section_save(
                section=section,
                actor=request.user,
                expected_version=version,
                answers=answers,
                barrier_ids=barrier_ids,
            )
        except ValidationError as exc:
            errors = exc.message_dict
        except ConflictError as exc:
            errors["__all__"] = [exc.message]
            conflict = section_for_form(assessment=assessment, number=number)
            status = 409
        else:
            messages.success(
                request,
                _("Principle %(number)s is saved.") % {"number": section.principle.number},
            )
            next_number = request.POST.get("next_number", "")
            if "next" in request.POST and next_number.isdigit():
                return redirect(
                    "assessments:section-edit", pk=assessment.pk, number=int(next_number)
                )
            return redirect("assessments:edit", pk=assessment.pk)
    context = _section_context(
        request,
        assessment,
        conflict or section,
        posted=posted,
        posted_barriers=barrier_ids,
    )
    codes = {q["question"].code for q in context["questions"]}
    context["errors"] = errors
    context["general_errors"] = [
        m for key, msgs in errors.items() if key not in codes and key != "barriers" for m in msgs
    ]
    context["barrier_errors"] = errors.get("barriers", [])
    for item in context["questions"]:
        item["errors"] = errors.get(item["question"].code, [])
    if conflict is not None:
        context["conflict"] = True
        for item in context["questions"]:
            item["saved_level"] = item["answer"].level
            item["saved_comment"] = item["answer"].comment
    return render(request, "assessments/section_form.html", context, status=status)


@login_required
@require_POST
def assessment_submit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _editable(request, pk)
    try:
        services.assessment_submit(assessment=assessment, actor=request.user)
    except PermissionDenied:
        messages.error(request, _("This round is already submitted."))
        return redirect("assessments:edit", pk=assessment.pk)
    except ValidationError:
        missing = services.unanswered(assessment=assessment)
        return _overview(request, assessment, missing=missing, status=400)
    except ConflictError as exc:
        messages.error(request, exc.message)
        return redirect("assessments:edit", pk=assessment.pk)
    messages.success(request, _("The assessment is submitted. Here is your result."))
    return redirect("assessments:detail", pk=assessment.pk)


@login_required
@require_POST
def assessment_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _editable(request, pk)
    try:
        services.assessment_reopen(assessment=assessment, actor=request.user)
    except (PermissionDenied, ConflictError):
        messages.error(request, _("This round could not be reopened; reload and try again."))
    else:
        messages.success(request, _("The round is open for changes again."))
    return redirect("assessments:edit", pk=assessment.pk)


@login_required
@require_POST
def assessment_visibility(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _editable(request, pk)
    form = VisibilityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose who may see the assessment."))
        return _overview(request, assessment, status=400)
    try:
        services.assessment_set_visibility(
            assessment=assessment,
            actor=request.user,
            visibility=form.cleaned_data["visibility"],
            expected_version=form.cleaned_data["version"],
        )
    except ConflictError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Saved: who may see the assessment."))
    return redirect("assessments:edit", pk=assessment.pk)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _editable(request, pk)
    if not request.user.has_perm("assessments.delete_assessment", assessment):
        raise PermissionDenied
    if request.method == "POST":
        services.assessment_delete(assessment=assessment, actor=request.user)
        messages.success(request, _("The draft is deleted."))
        return redirect("assessments:list")
    return render(
        request, "assessments/confirm_delete.html", {"assessment": assessment, "nav": "roadmap"}
    )
