"""A person's part in the roadmap self-assessments, for the "my data" export
(smartby.core.personal_data): one query per section."""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, Case, Q, When

from smartby.assessments.models import Assessment, Section
from smartby.core.personal_data import Rows, section_rows


def _by(user: Any, field: str) -> Case:
    return Case(When(**{field: user}, then=True), default=False, output_field=BooleanField())


def assessments_handled_by(user: Any) -> Rows:
    """The assessments the person started or submitted, oldest first."""
    return section_rows(
        Assessment.objects.filter(Q(started_by=user) | Q(submitted_by=user)).order_by(
            "year", "organisation__slug", "pk"
        ),
        organisation="organisation__slug",
        year="year",
        status="status",
        started_by_you=_by(user, "started_by"),
        submitted_by_you=_by(user, "submitted_by"),
        started_at="created_at",
        submitted_at="submitted_at",
    )


def assessment_sections_updated_by(user: Any) -> Rows:
    """The principles of an assessment the person saved last."""
    return section_rows(
        Section.objects.filter(updated_by=user).order_by(
            "assessment__year", "assessment__organisation__slug", "principle__number"
        ),
        organisation="assessment__organisation__slug",
        year="assessment__year",
        principle="principle__number",
        answered_key_questions="answered",
        updated_at="updated_at",
    )
