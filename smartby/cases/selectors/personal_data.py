"""A person's part in the cases, for the "my data" export (smartby.core.personal_data):
one query per section, whatever the number of rows."""

from __future__ import annotations

from typing import Any

from smartby.cases.models import Case, CaseAttachment, CaseUpdate
from smartby.core.personal_data import Rows, section_rows


def cases_created_by(user: Any) -> Rows:
    """The cases the person created, published or not, oldest first."""
    return section_rows(
        Case.objects.filter(created_by=user).order_by("created_at", "pk"),
        case="slug",
        title="title",
        owner="owner__slug",
        is_published="is_published",
        visibility="visibility",
        created_at="created_at",
    )


def case_attachments_uploaded_by(user: Any) -> Rows:
    """The files the person attached to cases, oldest first."""
    return section_rows(
        CaseAttachment.objects.filter(uploaded_by=user).order_by("created_at", "pk"),
        case="case__slug",
        title="title",
        file="file",
        content_type="content_type",
        size="size",
        uploaded_at="created_at",
    )


def case_updates_written_by(user: Any) -> Rows:
    """The progress updates the person wrote on cases, oldest first."""
    return section_rows(
        CaseUpdate.objects.filter(author=user).order_by("created_at", "pk"),
        case="case__slug",
        kind="kind",
        text="text",
        next_review="review_on",
        created_at="created_at",
    )
