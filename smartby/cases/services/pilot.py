"""Writes of the pilot watch: a plain progress update, and the three answers to a stalled
pilot (scaled, continue with a new review date, stopped with lessons). Each is one
CaseUpdate row plus the change to the case, in one transaction, refused when the case
changed since the editor read it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from smartby.cases.models import (
    PHASE_ORDER,
    Case,
    CaseUpdate,
    Lesson,
    LessonKind,
    Phase,
    Status,
    UpdateKind,
)
from smartby.cases.search import case_reindex
from smartby.core.services import save_versioned

MAX_REVIEW_MONTHS = 24


def _check_editor(*, case: Case, actor: Any) -> None:
    if not actor.has_perm("cases.change_case", case):
        raise PermissionDenied(_("Only the case's editors may report on it."))


def _check_ongoing_pilot(case: Case) -> None:
    if case.phase != Phase.PILOT or case.status != Status.ONGOING:
        raise ValidationError(_("Only an ongoing pilot (testing phase) can be answered this way."))


def _record(
    *, case: Case, actor: Any, kind: str, text: str, phase_before: str, **extra: Any
) -> CaseUpdate:
    return CaseUpdate.objects.create(
        case=case,
        kind=kind,
        text=text,
        phase_before=phase_before,
        phase_after=case.phase,
        created_at=timezone.now(),
        author=actor if actor.is_authenticated else None,
        **extra,
    )


def case_progress_add(*, case: Case, actor: Any, expected_version: int, text: str) -> Case:
    """A dated note of what happened; the pilot watch counts from it. Raises
    PermissionDenied, ValidationError (empty text) or ConflictError."""
    _check_editor(case=case, actor=actor)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write what happened.")})
    now = timezone.now()
    with transaction.atomic():
        case.progress_at = now
        case.updated_at = now
        save_versioned(
            obj=case, expected_version=expected_version, fields=["progress_at", "updated_at"]
        )
        _record(
            case=case, actor=actor, kind=UpdateKind.PROGRESS, text=text, phase_before=case.phase
        )
    return case


def case_pilot_scale(*, case: Case, actor: Any, expected_version: int, text: str = "") -> Case:
    """The pilot goes on to the next phase (adaptation)."""
    _check_editor(case=case, actor=actor)
    _check_ongoing_pilot(case)
    before = case.phase
    now = timezone.now()
    with transaction.atomic():
        case.phase = PHASE_ORDER[PHASE_ORDER.index(before) + 1]
        case.progress_at = now
        case.review_on = None
        case.updated_at = now
        save_versioned(
            obj=case,
            expected_version=expected_version,
            fields=["phase", "progress_at", "review_on", "updated_at"],
        )
        _record(
            case=case,
            actor=actor,
            kind=UpdateKind.SCALED,
            text=(text or "").strip(),
            phase_before=before,
        )
    return case


def review_date_error(review_on: date | None, *, today: date | None = None) -> str | None:
    """Why `review_on` is not a usable new review date, or None."""
    from smartby.cases.selectors.pilot import months_before

    today = today or timezone.localdate()
    if review_on is None:
        return _("Give the date of the next review.")
    if review_on <= today:
        return _("The next review must be a date in the future.")
    latest = months_before(today, -MAX_REVIEW_MONTHS)
    if review_on > latest:
        return _("The next review can be at most 24 months ahead.")
    return None


def case_pilot_continue(
    *, case: Case, actor: Any, expected_version: int, review_on: date | None, text: str = ""
) -> Case:
    """The pilot goes on, with a promised review date (in the future, at most 24 months
    ahead); until then it is not stalled."""
    _check_editor(case=case, actor=actor)
    _check_ongoing_pilot(case)
    error = review_date_error(review_on)
    if error:
        raise ValidationError({"review_on": error})
    now = timezone.now()
    with transaction.atomic():
        case.review_on = review_on
        case.progress_at = now
        case.updated_at = now
        save_versioned(
            obj=case,
            expected_version=expected_version,
            fields=["review_on", "progress_at", "updated_at"],
        )
        _record(
            case=case,
            actor=actor,
            kind=UpdateKind.CONTINUED,
            text=(text or "").strip(),
            phase_before=case.phase,
            review_on=review_on,
        )
    return case


def case_pilot_stop(
    *,
    case: Case,
    actor: Any,
    expected_version: int,
    reason: str,
    lessons: list[tuple[str, str]],
) -> Case:
    """The pilot is stopped today; why, and at least one lesson (kind, text), so others
    avoid the same mistakes. Lessons are added to the case's."""
    _check_editor(case=case, actor=actor)
    _check_ongoing_pilot(case)
    errors: dict[str, str] = {}
    reason = (reason or "").strip()
    if not reason:
        errors["text"] = _("Say why the pilot was stopped.")
    rows = [(kind, (text or "").strip()) for kind, text in lessons if (text or "").strip()]
    if not rows:
        errors["lessons"] = _("Add at least one lesson learned when stopping a pilot.")
    elif any(kind not in LessonKind.values for kind, _text in rows):
        errors["lessons"] = _("Choose what kind of lesson each one is.")
    if errors:
        raise ValidationError(errors)
    before = case.phase
    now = timezone.now()
    with transaction.atomic():
        case.status = Status.STOPPED
        case.ended_on = timezone.localdate(now)
        case.progress_at = now
        case.updated_at = now
        save_versioned(
            obj=case,
            expected_version=expected_version,
            fields=["status", "ended_on", "progress_at", "updated_at"],
        )
        start = (case.lessons.aggregate(m=Max("position"))["m"] or 0) + 1
        Lesson.objects.bulk_create(
            Lesson(case=case, kind=kind, text=text, position=start + n)
            for n, (kind, text) in enumerate(rows)
        )
        _record(case=case, actor=actor, kind=UpdateKind.STOPPED, text=reason, phase_before=before)
        case_id = case.pk
        transaction.on_commit(lambda: case_reindex(case_ids=[case_id]))
    return case
