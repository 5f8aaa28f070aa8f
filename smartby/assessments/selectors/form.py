"""Reads for the answering pages: an assessment with its sections, one section with its
answers, and the cases a municipality may link as evidence."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from smartby.assessments.models import Answer, Assessment, Section
from smartby.assessments.selectors.visibility import assessment_visible_to
from smartby.assessments.services import own_cases
from smartby.cases.models import Case
from smartby.roadmap.models import Challenge


def assessment_for_viewer(*, viewer: Any, pk: int) -> Assessment:
    """The assessment with its organisation and sections (principles, last editor).
    Raises Assessment.DoesNotExist when the viewer may not see it."""
    return (
        assessment_visible_to(viewer=viewer)
        .select_related("organisation__municipality", "previous", "started_by", "submitted_by")
        .prefetch_related(
            Prefetch(
                "sections",
                queryset=Section.objects.select_related("principle", "updated_by").order_by(
                    "principle__number"
                ),
            )
        )
        .get(pk=pk)
    )


def section_for_form(*, assessment: Assessment, number: int) -> Section:
    """One principle of the assessment with its answers (questions and evidence) and the
    principle's challenges. Raises Section.DoesNotExist."""
    return (
        Section.objects.filter(assessment=assessment, principle__number=number)
        .select_related("principle", "updated_by")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.select_related("key_question")
                .prefetch_related(Prefetch("evidence", queryset=Case.objects.only("id", "title")))
                .order_by("key_question__position"),
            ),
            Prefetch("principle__challenges", queryset=Challenge.objects.order_by("position")),
            "barriers",
        )
        .get()
    )


def evidence_choices(*, assessment: Assessment) -> QuerySet[Case]:
    """The municipality's own cases (drafts too), newest first, for the evidence boxes."""
    return (
        own_cases(organisation=assessment.organisation)
        .only("id", "title", "slug", "is_published")
        .order_by("-created_at", "-id")[:200]
    )
