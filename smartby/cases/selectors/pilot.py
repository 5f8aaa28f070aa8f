"""Reads of the pilot watch: which pilots are stalled, the dashboard of a person's
organisations, and the network's counts of pilots scaled, stopped and stalled.

A pilot is stalled when it is in the testing phase, ongoing, its last progress (progress_at,
else published_at, else created_at) is at least settings.PILOT_STALE_MONTHS months old, and
no review date in the future was promised (roadmap appendix, "pilotdøden")."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from smartby.cases.models import Case, CaseUpdate, LivingLab, Phase, Status, UpdateKind
from smartby.cases.rules import member_org_ids
from smartby.cases.selectors.visibility import case_published_to, case_visible_to
from smartby.network.models import Network, NetworkMembership

D = TypeVar("D", date, datetime)


def months_before(moment: D, months: int) -> D:
    """The same day and time `months` months earlier (the last day when that month is
    shorter)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def with_last_progress(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.annotate(last_progress=Coalesce("progress_at", "published_at", "created_at"))


def stalled_condition(*, now: datetime | None = None) -> Q:
    """The stall rule as a filter on a queryset annotated by `with_last_progress`."""
    now = now or timezone.now()
    cutoff = months_before(now, settings.PILOT_STALE_MONTHS)
    today = timezone.localdate(now)
    return Q(
        phase=Phase.PILOT,
        status=Status.ONGOING,
        last_progress__lte=cutoff,
    ) & (Q(review_on__isnull=True) | Q(review_on__lte=today))


def case_is_stalled(*, case: Case, now: datetime | None = None) -> bool:
    """The stall rule for one case already loaded."""
    now = now or timezone.now()
    last = case.progress_at or case.published_at or case.created_at
    return (
        case.phase == Phase.PILOT
        and case.status == Status.ONGOING
        and last <= months_before(now, settings.PILOT_STALE_MONTHS)
        and (case.review_on is None or case.review_on <= timezone.localdate(now))
    )


def case_updates(*, case: Case) -> QuerySet[CaseUpdate]:
    """A case's progress history, newest first, with authors."""
    return case.updates.select_related("author").order_by("-created_at", "-id")


@dataclass
class Dashboard:
    stalled: list[Case] = field(default_factory=list)
    drafts: list[Case] = field(default_factory=list)
    recent: list[Case] = field(default_factory=list)
    labs: list[LivingLab] = field(default_factory=list)


DASHBOARD_LIMIT = 50


def dashboard_for(*, user: Any, now: datetime | None = None) -> Dashboard:
    """The cases and labs of `user`'s organisations: stalled pilots (longest silent first),
    drafts, recently updated cases and living labs; a fixed number of queries."""
    orgs = member_org_ids(user)
    if not orgs:
        return Dashboard()
    own = (
        with_last_progress(case_visible_to(viewer=user))
        .filter(owner_id__in=orgs)
        .select_related("owner", "municipality")
    )
    return Dashboard(
        stalled=list(
            own.filter(stalled_condition(now=now)).order_by("last_progress", "id")[:DASHBOARD_LIMIT]
        ),
        drafts=list(
            own.filter(is_published=False).order_by("-updated_at", "-id")[:DASHBOARD_LIMIT]
        ),
        recent=list(own.order_by("-updated_at", "-id")[:10]),
        labs=list(
            LivingLab.objects.filter(host_id__in=orgs)
            .select_related("municipality", "host")
            .order_by("name")[:DASHBOARD_LIMIT]
        ),
    )


@dataclass
class OverviewRow:
    key: str
    name: str
    url: str
    scaled: int
    stopped: int
    stalled: int
    ongoing: int


@dataclass
class PilotOverview:
    by_municipality: list[OverviewRow]
    by_theme: list[OverviewRow]
    totals: dict[str, int]


def network_choices() -> list[tuple[str, str]]:
    return [(n.slug, str(n.name)) for n in Network.objects.order_by("name_nb")]


def pilot_overview(
    *,
    viewer: Any,
    network: str = "",
    since: date | None = None,
    until: date | None = None,
    now: datetime | None = None,
) -> PilotOverview:
    """Per municipality and per theme, how many of the published pilots `viewer` may see
    were scaled, stopped from the pilot phase, are stalled, or are ongoing (and not
    stalled). `since`/`until` limit when a case was scaled or stopped; stalled and ongoing
    are today's state. Three queries whatever the number of cases."""
    now = now or timezone.now()
    decisions = CaseUpdate.objects.filter(case=OuterRef("pk"))
    if since:
        decisions = decisions.filter(created_at__date__gte=since)
    if until:
        decisions = decisions.filter(created_at__date__lte=until)
    scaled = Q(Exists(decisions.filter(kind=UpdateKind.SCALED)))
    stopped_by_hand = Q(status=Status.STOPPED, phase=Phase.PILOT)
    if since:
        stopped_by_hand &= Q(ended_on__gte=since)
    if until:
        stopped_by_hand &= Q(ended_on__lte=until)
    stopped = (
        Q(Exists(decisions.filter(kind=UpdateKind.STOPPED, phase_before=Phase.PILOT)))
        | stopped_by_hand
    )
    stalled = stalled_condition(now=now)
    ongoing = Q(phase=Phase.PILOT, status=Status.ONGOING) & ~stalled
    cases = with_last_progress(case_published_to(viewer=viewer))
    if network:
        cases = cases.filter(
            Exists(
                NetworkMembership.objects.filter(
                    organisation_id=OuterRef("owner_id"),
                    network__slug=network,
                    left_on__isnull=True,
                )
            )
        )
    cases = cases.filter(scaled | stopped | Q(phase=Phase.PILOT, status=Status.ONGOING))
    counts = {
        "scaled": Count("pk", filter=scaled, distinct=True),
        "stopped": Count("pk", filter=stopped, distinct=True),
        "stalled": Count("pk", filter=stalled, distinct=True),
        "ongoing": Count("pk", filter=ongoing, distinct=True),
    }
    by_municipality = [
        OverviewRow(
            key=row["municipality__slug"] or "",
            name=row["municipality__name"] or "",
            url=reverse("organisations:municipality-detail", args=[row["municipality__slug"]])
            if row["municipality__slug"]
            else "",
            scaled=row["scaled"],
            stopped=row["stopped"],
            stalled=row["stalled"],
            ongoing=row["ongoing"],
        )
        for row in cases.order_by()
        .values("municipality__slug", "municipality__name")
        .annotate(**counts)
        .order_by("municipality__name")
    ]
    by_theme = [
        OverviewRow(
            key=row["themes__slug"],
            name=row["themes__name_en"] if _english() else row["themes__name_nb"],
            url="",
            scaled=row["scaled"],
            stopped=row["stopped"],
            stalled=row["stalled"],
            ongoing=row["ongoing"],
        )
        for row in cases.filter(themes__isnull=False)
        .order_by()
        .values(
            "themes__slug", "themes__name_nb", "themes__name_en", "themes__kind", "themes__position"
        )
        .annotate(**counts)
        .order_by("themes__kind", "themes__position")
    ]
    totals = cases.order_by().aggregate(**counts)
    return PilotOverview(by_municipality=by_municipality, by_theme=by_theme, totals=totals)


def _english() -> bool:
    from smartby.core.models import active_language

    return active_language() == "en"
