from __future__ import annotations

import datetime
from typing import Any

from django.db.models import BooleanField, Case, Count, F, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from smartby.core.personal_data import Rows, either_language, section_rows
from smartby.network.models import (
    AgendaItem,
    Attendance,
    Body,
    Decision,
    Document,
    Elector,
    LeadershipTerm,
    Meeting,
    MeetingPreferences,
    Network,
    NetworkMembership,
    NetworkRole,
    PriorityBallot,
    PriorityCandidate,
    PriorityRound,
    VoteRecord,
    Workgroup,
)
from smartby.organisations.models import Municipality, Organisation


def network_list() -> QuerySet[Network]:
    """Networks with their current member count and how many of those members are cities."""
    current = Q(memberships__left_on__isnull=True)
    return Network.objects.annotate(
        member_count=Count("memberships", filter=current),
        city_count=Count(
            "memberships",
            filter=current & Q(memberships__organisation__kind="municipality"),
        ),
        demo_member_count=Count("memberships", filter=current & Q(memberships__is_demo=True)),
    ).order_by("name_nb")


def network_get(*, slug: str) -> Network:
    """One network with its current members and themes; raises Network.DoesNotExist."""
    current = (
        NetworkMembership.objects.filter(left_on__isnull=True)
        .select_related("organisation__municipality", "organisation__county")
        .order_by("organisation__name", "organisation__slug")
    )
    return (
        network_list()
        .prefetch_related(
            Prefetch("memberships", queryset=current, to_attr="current_memberships"), "themes"
        )
        .get(slug=slug)
    )


def network_memberships_of_organisation(
    *, organisation: Organisation
) -> QuerySet[NetworkMembership]:
    return NetworkMembership.objects.filter(
        organisation=organisation, left_on__isnull=True
    ).select_related("network")


def network_memberships_of_municipality(
    *, municipality: Municipality
) -> QuerySet[NetworkMembership]:
    """Current memberships held by the municipality's own organisation."""
    return NetworkMembership.objects.filter(
        organisation__municipality=municipality,
        organisation__kind="municipality",
        left_on__isnull=True,
    ).select_related("network")


def network_map_points() -> list[dict[str, object]]:
    """One point per municipality that is a current member of any network (one query),
    with the networks it belongs to, for the home-page map (served as JSON)."""
    rows = (
        NetworkMembership.objects.filter(
            left_on__isnull=True,
            organisation__kind="municipality",
            organisation__municipality__latitude__isnull=False,
        )
        .select_related("organisation__municipality", "network")
        .order_by("organisation__municipality__name")
    )
    points: dict[int, dict[str, object]] = {}
    networks: dict[int, list[str]] = {}
    for m in rows:
        municipality = m.organisation.municipality
        assert municipality is not None
        points.setdefault(
            municipality.pk,
            {
                "name": municipality.name,
                "country": municipality.country,
                "url": municipality.get_absolute_url(),
                "lat": municipality.latitude,
                "lon": municipality.longitude,
                "networks": networks.setdefault(municipality.pk, []),
            },
        )
        networks[municipality.pk].append(str(m.network.name))
    return list(points.values())


def workgroups_for_principles(*, principle_ids: list[int]) -> dict[int, list[Workgroup]]:
    """The active workgroups whose theme serves each principle (one query)."""
    result: dict[int, list[Workgroup]] = {pid: [] for pid in principle_ids}
    groups = (
        Workgroup.objects.filter(dissolved_on__isnull=True, theme__principles__in=principle_ids)
        .select_related("network", "lead", "theme")
        .annotate(principle_id=F("theme__principles"))
        .order_by("name_en")
    )
    for group in groups:
        result[group.principle_id].append(group)  # type: ignore[attr-defined]
    return result


# Directory, bodies, workgroups, meetings, decisions (a fixed number of queries each)


def member_directory(*, network: Network) -> list[NetworkMembership]:
    """The current members with their representative and deputy (one query)."""
    return list(
        NetworkMembership.objects.filter(network=network, left_on__isnull=True)
        .select_related("organisation__municipality", "representative", "deputy")
        .order_by("organisation__name", "organisation__slug")
    )


def former_members(*, network: Network) -> list[NetworkMembership]:
    return list(
        NetworkMembership.objects.filter(network=network, left_on__isnull=False)
        .select_related("organisation")
        .order_by("-left_on", "organisation__name")
    )


def bodies_of(*, network: Network) -> list[Body]:
    return list(Body.objects.filter(network=network).order_by("kind"))


def leadership_terms(*, network: Network) -> list[LeadershipTerm]:
    """Every term, past, current and coming, in order: the rotation (one query)."""
    return list(
        LeadershipTerm.objects.filter(network=network)
        .select_related("organisation")
        .order_by("starts_on", "organisation__name")
    )


def secretariat_people(*, network: Network) -> list[Any]:
    return [
        role.user
        for role in NetworkRole.objects.filter(network=network, role="secretariat")
        .select_related("user")
        .order_by("user__full_name")
    ]


def workgroup_list(*, network: Network) -> list[Workgroup]:
    """Active workgroups first, then dissolved ones, with lead, theme and member count."""
    return list(
        Workgroup.objects.filter(network=network)
        .select_related("lead", "theme")
        .annotate(member_count=Count("members", distinct=True))
        .order_by(F("dissolved_on").desc(nulls_first=True), "name_nb")
    )


def workgroup_get(*, network_slug: str, slug: str) -> Workgroup:
    return (
        Workgroup.objects.select_related("network", "lead", "theme")
        .prefetch_related(
            Prefetch("members", queryset=Organisation.objects.order_by("name")),
            Prefetch("documents", queryset=Document.objects.order_by("-created_at", "-id")),
        )
        .get(network__slug=network_slug, slug=slug)
    )


def meetings_visible_to(*, viewer: Any) -> QuerySet[Meeting]:
    """Public meetings for everyone; closed ones also for people they concern."""
    meetings = Meeting.objects.all()
    if getattr(viewer, "is_superuser", False):
        return meetings
    if not getattr(viewer, "is_authenticated", False):
        return meetings.filter(is_public=True)
    from smartby.network.services.meetings import meetings_of_person

    return meetings.filter(Q(is_public=True) | Q(pk__in=meetings_of_person(viewer).values("pk")))


def meeting_list(*, viewer: Any, **filters: Any) -> QuerySet[Meeting]:
    return (
        meetings_visible_to(viewer=viewer)
        .filter(**filters)
        .select_related("network", "body", "workgroup")
        .order_by("starts_at", "id")
    )


def meetings_split(
    meetings: QuerySet[Meeting], *, limit: int = 20
) -> tuple[list[Meeting], list[Meeting]]:
    """Coming meetings (soonest first) and past ones (latest first), at most `limit` each."""
    now = timezone.now()
    coming = list(meetings.filter(ends_at__gte=now).order_by("starts_at", "id")[:limit])
    past = list(meetings.filter(ends_at__lt=now).order_by("-starts_at", "-id")[:limit])
    return coming, past


def meeting_get(*, viewer: Any, network_slug: str, pk: int) -> Meeting:
    return (
        meetings_visible_to(viewer=viewer)
        .select_related("network", "body", "workgroup__network")
        .prefetch_related(
            Prefetch(
                "agenda", queryset=AgendaItem.objects.select_related("decision__body__network")
            ),
            "documents",
            Prefetch(
                "attendance",
                queryset=Attendance.objects.select_related("user", "organisation").order_by(
                    "organisation__name", "user__full_name"
                ),
            ),
        )
        .get(network__slug=network_slug, pk=pk)
    )


def meetings_for_calendar(meetings: QuerySet[Meeting]) -> list[Meeting]:
    """Meetings from a year back on, with what the iCalendar feed writes."""
    since = timezone.now() - datetime.timedelta(days=366)
    return list(
        meetings.filter(starts_at__gte=since)
        .select_related("network", "body", "workgroup__network")
        .prefetch_related("agenda")
        .order_by("starts_at", "id")
    )


def decision_list(*, network: Network, viewer: Any) -> list[Decision]:
    decisions = Decision.objects.filter(body__network=network).select_related(
        "body__network", "winning_option"
    )
    if not viewer.has_perm("network.manage_decisions", network):
        decisions = decisions.exclude(status=Decision.Status.DRAFT)
    return list(decisions.order_by("-opens_at", "-id"))


def decision_get(*, network_slug: str, pk: int, viewer: Any) -> Decision:
    decision = (
        Decision.objects.select_related("body__network", "winning_option")
        .prefetch_related("options")
        .get(body__network__slug=network_slug, pk=pk)
    )
    if decision.status == Decision.Status.DRAFT and not viewer.has_perm(
        "network.manage_decisions", decision.body.network
    ):
        raise Decision.DoesNotExist
    return decision


def decision_audit(*, decision: Decision) -> list[VoteRecord]:
    """The audit trail; for a secret ballot without the choice (never loaded)."""
    records = VoteRecord.objects.filter(decision=decision).select_related("organisation", "cast_by")
    if not decision.secret:
        records = records.select_related("option")
    return list(records.order_by("cast_at", "id"))


def decision_electorate(*, decision: Decision) -> list[Elector]:
    return list(
        Elector.objects.filter(decision=decision)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def priority_rounds(*, network: Network) -> list[PriorityRound]:
    return list(
        PriorityRound.objects.filter(network=network)
        .annotate(ballot_count=Count("ballots"))
        .order_by("-closes_at", "-id")
    )


def priority_round_get(*, network_slug: str, pk: int) -> PriorityRound:
    return (
        PriorityRound.objects.select_related("network")
        .prefetch_related(
            Prefetch("candidates", queryset=PriorityCandidate.objects.select_related("theme"))
        )
        .get(network__slug=network_slug, pk=pk)
    )


def priority_ballots(*, rnd: PriorityRound) -> list[PriorityBallot]:
    return list(
        PriorityBallot.objects.filter(round=rnd)
        .select_related("organisation")
        .order_by("organisation__name")
    )


# --- a person's part in the networks, for the "my data" export ---------------------------


def network_seats_of(user: Any) -> Rows:
    """Where the person speaks and votes for a member organisation: representative or
    deputy, per network membership (one query)."""
    seat = Case(When(representative=user, then=Value("representative")), default=Value("deputy"))
    return section_rows(
        NetworkMembership.objects.filter(Q(representative=user) | Q(deputy=user)).order_by(
            "network__slug", "organisation__slug"
        ),
        network="network__slug",
        organisation="organisation__slug",
        seat=seat,
        joined_on="joined_on",
        left_on="left_on",
    )


def votes_cast_by(user: Any) -> Rows:
    """Every vote the person cast or changed for an organisation, oldest first; the choice
    only where the ballot is open, as the audit trail keeps it (one query)."""
    return section_rows(
        VoteRecord.objects.filter(cast_by=user).order_by("cast_at", "pk"),
        decision="decision_id",
        decision_title=either_language("decision__title"),
        organisation="organisation__slug",
        choice=either_language("option__label"),
        cast_at="cast_at",
    )


def priority_ballots_cast_by(user: Any) -> Rows:
    """The priority rankings the person cast for an organisation (one query)."""
    return section_rows(
        PriorityBallot.objects.filter(cast_by=user).order_by("cast_at", "pk"),
        round="round_id",
        round_title=either_language("round__title"),
        organisation="organisation__slug",
        ranking="ranking",
        cast_at="cast_at",
    )


def meetings_attended_by(user: Any) -> Rows:
    """The meetings the person is recorded as attending, by start (one query)."""
    return section_rows(
        Attendance.objects.filter(user=user).order_by("meeting__starts_at", "pk"),
        meeting="meeting_id",
        title=either_language("meeting__title"),
        starts_at="meeting__starts_at",
        organisation="organisation__slug",
    )


def meeting_preferences_of(user: Any) -> Rows:
    """The person's meeting settings; whether a calendar feed link exists, not its token
    (one query)."""
    has_feed = Case(When(calendar_token="", then=False), default=True, output_field=BooleanField())
    return section_rows(
        MeetingPreferences.objects.filter(user=user), emails="emails", has_calendar_feed=has_feed
    )
