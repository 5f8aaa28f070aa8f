"""A person's part in the cases, for the "my data" export (smartby.core.personal_data):
one query per section, whatever the number of rows."""

from __future__ import annotations

from typing import Any

from smartby.cases.models import Case, CaseAttachment, CaseUpdate
from smartby.core.personal_data import Rows, when


def cases_created_by(user: Any) -> Rows:
    """The cases the person created, published or not, oldest first."""
    rows = (
        Case.objects.filter(created_by=user)
        .order_by("created_at", "pk")
        .values_list("slug", "title", "owner__slug", "is_published", "visibility", "created_at")
    )
    return [
        {
            "case": slug,
            "title": title,
            "owner": owner,
            "is_published": published,
            "visibility": visibility,
            "created_at": when(created),
        }
        for slug, title, owner, published, visibility, created in rows
    ]


def case_attachments_uploaded_by(user: Any) -> Rows:
    """The files the person attached to cases, oldest first."""
    rows = (
        CaseAttachment.objects.filter(uploaded_by=user)
        .order_by("created_at", "pk")
        .values_list("case__slug", "title", "file", "content_type", "size", "created_at")
    )
    return [
        {
            "case": case,
            "title": title,
            "file": file,
            "content_type": content_type,
            "size": size,
            "uploaded_at": when(created),
        }
        for case, title, file, content_type, size, created in rows
    ]


def case_updates_written_by(user: Any) -> Rows:
    """The progress updates the person wrote on cases, oldest first."""
    rows = (
        CaseUpdate.objects.filter(author=user)
        .order_by("created_at", "pk")
        .values_list("case__slug", "kind", "text", "review_on", "created_at")
    )
    return [
        {
            "case": case,
            "kind": kind,
            "text": text,
            "next_review": when(review_on),
            "created_at": when(created),
        }
        for case, kind, text, review_on, created in rows
    ]
