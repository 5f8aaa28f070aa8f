"""Builders for case tests. They write rows directly (fast, any state a test needs) and keep
the search index in step, as the services do."""

from __future__ import annotations

import itertools
from typing import Any

from django.utils import timezone

from smartby.cases.models import Case, Lesson, LivingLab, Theme
from smartby.organisations.models import Organisation
from tests.organisations.factories import municipal_organisation

_seq = itertools.count(1)


def case_create(
    *,
    owner: Organisation | None = None,
    published: bool = True,
    themes: list[str] = (),  # type: ignore[assignment]
    lessons: list[tuple[str, str]] = (),  # type: ignore[assignment]
    **fields: Any,
) -> Case:
    """A case owned by `owner` (Oslo kommune by default), published unless told otherwise.
    `themes` are theme slugs; `lessons` are (kind, text) pairs."""
    n = next(_seq)
    owner = owner or municipal_organisation("0301")
    fields.setdefault("title", f"Test case {n}")
    fields.setdefault("summary", f"Summary of test case {n}")
    fields.setdefault("slug", f"test-case-{n}")
    fields.setdefault("municipality", owner.municipality)
    if published:
        fields.setdefault("is_published", True)
        fields.setdefault("published_at", timezone.now())
    case = Case.objects.create(owner=owner, **fields)
    if themes:
        case.themes.set(Theme.objects.filter(slug__in=themes))
    for position, (kind, text) in enumerate(lessons):
        Lesson.objects.create(case=case, kind=kind, text=text, position=position)
    _reindex(case)
    return case


def living_lab_create(*, host: Organisation | None = None, **fields: Any) -> LivingLab:
    n = next(_seq)
    host = host or municipal_organisation("0301")
    fields.setdefault("name", f"Test lab {n}")
    fields.setdefault("slug", f"test-lab-{n}")
    fields.setdefault("municipality", host.municipality)
    return LivingLab.objects.create(host=host, **fields)


def _reindex(case: Case) -> None:
    try:
        from smartby.cases.search import case_reindex
    except ImportError:  # the index arrives with smartby.cases.search
        return
    case_reindex(case_ids=[case.pk])
