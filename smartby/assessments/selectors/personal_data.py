"""A person's part in the roadmap self-assessments, for the "my data" export
(smartby.core.personal_data): one query per section."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from smartby.assessments.models import Assessment, Section
from smartby.core.personal_data import Rows, when


def assessments_handled_by(user: Any) -> Rows:
    """The assessments the person started or submitted, oldest first."""
    rows = (
        Assessment.objects.filter(Q(started_by=user) | Q(submitted_by=user))
        .order_by("year", "organisation__slug", "pk")
        .values_list(
            "organisation__slug",
            "year",
            "status",
            "started_by_id",
            "submitted_by_id",
            "created_at",
            "submitted_at",
        )  # fmt: skip
    )
    return [
        {
            "organisation": organisation,
            "year": year,
            "status": status,
            "started_by_you": started_by == user.pk,
            "submitted_by_you": submitted_by == user.pk,
            "started_at": when(started),
            "submitted_at": when(submitted),
        }
        for organisation, year, status, started_by, submitted_by, started, submitted in rows
    ]


def assessment_sections_updated_by(user: Any) -> Rows:
    """The principles of an assessment the person saved last."""
    rows = (
        Section.objects.filter(updated_by=user)
        .order_by("assessment__year", "assessment__organisation__slug", "principle__number")
        .values_list(
            "assessment__organisation__slug",
            "assessment__year",
            "principle__number",
            "answered",
            "updated_at",
        )  # fmt: skip
    )
    return [
        {
            "organisation": organisation,
            "year": year,
            "principle": principle,
            "answered_key_questions": answered,
            "updated_at": when(updated),
        }
        for organisation, year, principle, answered, updated in rows
    ]
