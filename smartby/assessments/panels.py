"""The self-assessment panel on municipality and organisation pages (two queries at most)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from smartby.assessments.models import Assessment, Status
from smartby.assessments.rules import ASSESSING_KINDS
from smartby.assessments.selectors.visibility import assessment_visible_to
from smartby.core.panels import Column, Panel
from smartby.organisations.models import Municipality, Organisation


def _panel(request: HttpRequest, organisation: Organisation | None) -> Panel | None:
    if organisation is None or organisation.kind not in ASSESSING_KINDS:
        return None
    latest: Assessment | None = (
        assessment_visible_to(viewer=request.user)
        .filter(organisation=organisation, status=Status.SUBMITTED)
        .order_by("-year")
        .first()
    )
    can_start = request.user.has_perm("assessments.add_assessment", organisation)
    if latest is None and not can_start:
        return None
    return Panel(
        "assessments/partials/panel_assessment.html",
        {"latest": latest, "can_start": can_start, "organisation": organisation},
        order=40,
    )


def municipality_assessment(request: HttpRequest, municipality: Municipality) -> Panel | None:
    organisation = Organisation.objects.filter(
        municipality=municipality, kind="municipality"
    ).first()
    return _panel(request, organisation)


def organisation_assessment(request: HttpRequest, organisation: Any) -> Panel | None:
    return _panel(request, organisation)


def member_assessments(request: HttpRequest, organisations: list[Organisation]) -> Column:
    """Column of a network's member directory: each member's latest submitted
    self-assessment the viewer may see (one query)."""
    latest: dict[int, Assessment] = {}
    for assessment in (
        assessment_visible_to(viewer=request.user)
        .filter(organisation__in=organisations, status=Status.SUBMITTED)
        .order_by("organisation_id", "-year")
    ):
        latest.setdefault(assessment.organisation_id, assessment)
    return Column(
        str(_("Self-assessment")),
        {org_id: (str(a.year), a.get_absolute_url()) for org_id, a in latest.items()},
        order=20,
    )
