"""Demo governance for both networks: representatives, bodies, the leadership's rotation, a
year of meetings (past ones with minutes and attendance), a closed decision and an open one,
and theme priority rounds (one closed, one open).

Dates are placed around the day the demo is loaded, so there are always past and coming
meetings and a decision open for voting. Fictional throughout; no e-mails are sent for demo
meetings. Idempotent: a network that already has demo meetings is left as it is.
"""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django.db import transaction
from django.utils import timezone

from smartby.accounts.models import Membership, User
from smartby.network.models import (
    AgendaItem,
    Attendance,
    Body,
    Decision,
    Document,
    LeadershipTerm,
    Meeting,
    Network,
    NetworkMembership,
    PriorityBallot,
    PriorityCandidate,
    PriorityRound,
    Workgroup,
)
from smartby.network.services.decisions import (
    decision_close,
    decision_create,
    decision_open,
    vote_cast,
)
from smartby.organisations.models import Organisation

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
SECRETARIAT_EMAIL = "sekretariat@demo.smartby.no"
DEMO_COORDINATOR = "koordinator@demo.smartby.no"
EXAMPLE = "https://example.org/smartby-demo"

# Lead cities of Smartbyene by municipality code, with terms relative to this year.
SMARTBYENE_LEADS = [
    ("5001", -3, -2),
    ("1103", -3, -2),
    ("4601", -1, 0),
    ("3203", -1, 0),
    ("1804", 1, 2),
]
NORDIC_LEADS = [("helsinki-fi", -2, -1), ("aarhus-dk", -1, 0), ("stockholm-se", 0, 1)]

STEERING_AGENDA = [
    ("Godkjenning av innkalling og referat", "Approval of the notice and minutes"),
    ("Nytt fra arbeidsgruppene", "News from the workgroups"),
    ("Innspill til nasjonal veikart for smarte byer", "Input to the national smart-city roadmap"),
    ("Eventuelt", "Any other business"),
]
OWNER_AGENDA = [
    "Årsmelding og regnskap",
    "Budsjett og kontingent",
    "Valg av ledende byer",
    "Prioriterte samarbeidstema",
]
MINUTES = """## Referat

**Til stede:** se oppmøtelisten.

1. Innkalling og forrige referat ble godkjent.
2. Arbeidsgruppene orienterte om status; innkjøpsgruppen deler utkast til veileder før
   neste møte.
3. Sekretariatet samler innspill til veikartet. **Frist:** to uker.

*Fiktivt referat i demoen.*
"""


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=OSLO)


def _first_tuesday(year: int, month: int) -> datetime.date:
    day = datetime.date(year, month, 1)
    return day + datetime.timedelta(days=(1 - day.weekday()) % 7)


def _months(today: datetime.date, back: int, ahead: int) -> list[tuple[int, int]]:
    months = []
    for offset in range(-back, ahead + 1):
        index = today.year * 12 + today.month - 1 + offset
        months.append((index // 12, index % 12 + 1))
    return months


def _people_of(orgs: list[Organisation]) -> dict[int, list[User]]:
    people: dict[int, list[User]] = {}
    for m in (
        Membership.objects.filter(organisation__in=orgs, user__is_demo=True)
        .select_related("user")
        .order_by("-role", "user__email")
    ):
        people.setdefault(m.organisation_id, []).append(m.user)
    return people


def _representatives(network: Network) -> int:
    """Name a demo person of each member as representative (the organisation's admin
    first), and a second one as deputy where there is one."""
    memberships = list(
        NetworkMembership.objects.filter(network=network, left_on__isnull=True).select_related(
            "organisation"
        )
    )
    people = _people_of([m.organisation for m in memberships])
    named = 0
    for m in memberships:
        mine = people.get(m.organisation_id, [])
        if m.representative_id or not mine:
            continue
        m.representative = mine[0]
        m.deputy = mine[1] if len(mine) > 1 else None
        m.save(update_fields=["representative", "deputy", "updated_at"])
        named += 1
    return named


def _bodies(network: Network) -> dict[str, Body]:
    bodies = {}
    for kind in Body.Kind.values:
        body, _created = Body.objects.get_or_create(network=network, kind=kind)
        bodies[kind] = body
    return bodies


def _terms(network: Network, leads: list[tuple[str, int, int]], key: str) -> int:
    year = timezone.localdate().year
    lookup = (
        {
            o.municipality.code: o  # type: ignore[union-attr]
            for o in Organisation.objects.filter(
                kind="municipality", municipality__country="NO"
            ).select_related("municipality")
        }  # type: ignore[union-attr]
        if key == "code"
        else {o.slug: o for o in Organisation.objects.filter(slug__in=[c for c, *_ in leads])}
    )
    made = 0
    for ref, start, end in leads:
        org = lookup.get(ref)
        if org is None:
            continue
        LeadershipTerm.objects.create(
            network=network,
            organisation=org,
            starts_on=datetime.date(year + start, 1, 1),
            ends_on=datetime.date(year + end, 12, 31),
            is_demo=True,
        )
        made += 1
    return made


def _meeting(
    *,
    network: Network,
    title_nb: str,
    title_en: str,
    starts_at: datetime.datetime,
    minutes_long: int,
    body: Body | None = None,
    workgroup: Workgroup | None = None,
    place: str = "",
    online_url: str = "",
    agenda: list[str],
    now: datetime.datetime,
    attendees: list[tuple[User, int | None]],
    documents: list[tuple[str, str]] = (),  # type: ignore[assignment]
) -> Meeting:
    meeting = Meeting.objects.create(
        network=network,
        body=body,
        workgroup=workgroup,
        title_nb=title_nb,
        title_en=title_en,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=minutes_long),
        place=place,
        online_url=online_url,
        is_demo=True,
    )
    AgendaItem.objects.bulk_create(
        [AgendaItem(meeting=meeting, position=i, title=t) for i, t in enumerate(agenda)]
    )
    Document.objects.bulk_create([Document(meeting=meeting, title=t, url=u) for t, u in documents])
    if starts_at < now:
        meeting.minutes = MINUTES
        meeting.save(update_fields=["minutes"])
        Attendance.objects.bulk_create(
            [Attendance(meeting=meeting, user=u, organisation_id=o) for u, o in attendees]
        )
    return meeting


def _attendees(
    network: Network, org_ids: set[int] | None, share: int
) -> list[tuple[User, int | None]]:
    """Representatives of the members (of `org_ids` if given); every `share`-th stays away."""
    rows = NetworkMembership.objects.filter(
        network=network, left_on__isnull=True, representative__isnull=False
    ).select_related("representative")
    if org_ids is not None:
        rows = rows.filter(organisation_id__in=org_ids)
    people: list[tuple[User, int | None]] = [
        (m.representative, m.organisation_id)
        for m in rows.order_by("organisation__name")
        if m.representative is not None
    ]
    return [p for i, p in enumerate(people) if (i + 1) % share] if share else people


def _meetings(network: Network, bodies: dict[str, Body], short: str) -> int:
    today = timezone.localdate()
    now = timezone.now()
    made = 0
    steering_link = f"{EXAMPLE}/{network.slug}/styringsgruppe"
    everyone = _attendees(network, None, 4)
    monthly = network.slug == "smartbyene"
    for year, month in _months(today, 11, 2):
        if not monthly and month % 3:
            continue
        day = _first_tuesday(year, month)
        _meeting(
            network=network,
            body=bodies[Body.Kind.STEERING_GROUP],
            title_nb=f"Styringsgruppemøte {short} {day:%m/%Y}",
            title_en=f"{short} steering group meeting {day:%m/%Y}",
            starts_at=_at(day, 10),
            minutes_long=90,
            online_url=steering_link,
            agenda=[nb for nb, _en in STEERING_AGENDA],
            now=now,
            attendees=everyone,
            documents=[("Innkalling", f"{EXAMPLE}/{network.slug}/innkalling-{day:%Y-%m}.pdf")],
        )
        made += 1
    # The owner meeting, once a year in spring: last year's (past) and this or next year's.
    for year in (today.year - 1, today.year if today.month < 5 else today.year + 1):
        day = datetime.date(year, 5, 20)
        _meeting(
            network=network,
            body=bodies[Body.Kind.OWNER_MEETING],
            title_nb=f"Eiermøte {year}",
            title_en=f"Owner meeting {year}",
            starts_at=_at(day, 12),
            minutes_long=180,
            place="Rådhuset, bystyresalen",
            online_url=f"{EXAMPLE}/{network.slug}/eiermote",
            agenda=OWNER_AGENDA,
            now=now,
            attendees=_attendees(network, None, 6),
            documents=[
                ("Årsmelding", f"{EXAMPLE}/{network.slug}/arsmelding-{year - 1}.pdf"),
                ("Regnskap", f"{EXAMPLE}/{network.slug}/regnskap-{year - 1}.pdf"),
            ],
        )
        made += 1
    # Workgroups meet every other month while they exist.
    for group in Workgroup.objects.filter(network=network).prefetch_related("members"):
        members = {o.pk for o in group.members.all()}
        for year, month in _months(today, 11, 2):
            if month % 2:
                continue
            day = _first_tuesday(year, month) + datetime.timedelta(days=2)
            if day < group.created_on or (group.dissolved_on and day > group.dissolved_on):
                continue
            _meeting(
                network=network,
                workgroup=group,
                title_nb=f"{group.name_nb}: arbeidsmøte",
                title_en=f"{group.name_en}: working meeting",
                starts_at=_at(day, 13),
                minutes_long=120,
                online_url=f"{EXAMPLE}/{network.slug}/{group.slug}",
                agenda=["Status i kommunene", "Utkast og neste steg"],
                now=now,
                attendees=_attendees(network, members, 0),
            )
            made += 1
    # Dissolved groups keep their past: meetings before they were dissolved.
    for group in Workgroup.objects.filter(network=network, dissolved_on__isnull=False):
        if Meeting.objects.filter(workgroup=group).exists():
            continue
        for months_before in (5, 3, 1):
            assert group.dissolved_on is not None
            day = group.dissolved_on - datetime.timedelta(days=30 * months_before)
            _meeting(
                network=network,
                workgroup=group,
                title_nb=f"{group.name_nb}: arbeidsmøte",
                title_en=f"{group.name_en}: working meeting",
                starts_at=_at(day, 13),
                minutes_long=120,
                place="Digitalt",
                online_url=f"{EXAMPLE}/{network.slug}/{group.slug}",
                agenda=["Veilederen: siste utkast"],
                now=now,
                attendees=_attendees(network, {o.pk for o in group.members.all()}, 0),
            )
            made += 1
    return made


def _decisions(network: Network, bodies: dict[str, Body], secretariat: User) -> int:
    now = timezone.now()
    voters = list(
        NetworkMembership.objects.filter(
            network=network, left_on__isnull=True, representative__isnull=False
        )
        .select_related("organisation", "representative")
        .order_by("organisation__name")
    )
    # A closed one: the owner meeting adopted the budget (open ballot).
    closed = decision_create(
        body=bodies[Body.Kind.OWNER_MEETING],
        actor=secretariat,
        title_nb="Budsjett og kontingent for neste år",
        title_en="Budget and membership fee for next year",
        proposal_nb="Eiermøtet vedtar budsjettet og en uendret kontingent. *Fiktivt vedtak.*",
        proposal_en="The owner meeting adopts the budget and an unchanged fee. *Fictional.*",
        opens_at=now - datetime.timedelta(days=40),
        closes_at=now - datetime.timedelta(days=30),
        is_demo=True,
    )
    decision_open(decision=closed, actor=secretariat, now=now - datetime.timedelta(days=40))
    options = {o.role: o for o in closed.options.all()}
    pattern = ["yes", "yes", "yes", "no", "yes", "abstain", "yes", "yes", "no", "yes"]
    for i, m in enumerate(voters):
        if i % 7 == 6:
            continue  # some members did not vote
        vote_cast(
            decision=closed,
            organisation=m.organisation,
            option=options[pattern[i % len(pattern)]],
            actor=m.representative,
            now=now - datetime.timedelta(days=39 - i % 8, hours=i),
        )
    decision_close(decision=closed, now=now - datetime.timedelta(days=30))
    # An open one: the steering group chooses where to meet (secret ballot).
    open_decision = decision_create(
        body=bodies[Body.Kind.STEERING_GROUP],
        actor=secretariat,
        title_nb="Vertsby for neste års nettverkssamling",
        title_en="Host city of next year's network gathering",
        proposal_nb="Styringsgruppen velger vertsby blant byene som har meldt seg. *Fiktivt.*",
        proposal_en=(
            "The steering group chooses the host among the cities that offered. *Fictional.*"
        ),
        kind=Decision.Kind.OPTIONS,
        options=[("Bergen", "Bergen"), ("Bodø", "Bodø"), ("Kristiansand", "Kristiansand")],
        secret=True,
        opens_at=now - datetime.timedelta(days=2),
        closes_at=now + datetime.timedelta(days=12),
        is_demo=True,
    )
    decision_open(decision=open_decision, actor=secretariat, now=now - datetime.timedelta(days=2))
    choices = [o for o in open_decision.options.all() if o.role != "abstain"]
    for i, m in enumerate(voters[: len(voters) // 2]):
        if m.representative is None or m.representative.email == DEMO_COORDINATOR:
            continue  # the demo coordinator votes herself
        vote_cast(
            decision=open_decision,
            organisation=m.organisation,
            option=choices[i % len(choices)],
            actor=m.representative,
            now=now - datetime.timedelta(hours=30 - i),
        )
    return 2


def _priorities(network: Network) -> int:
    now = timezone.now()
    themes = list(network.themes.order_by("position"))  # type: ignore[attr-defined]
    if len(themes) < 3:
        return 0
    made = 0
    for title_nb, title_en, closes, status in [
        (
            "Samarbeidstema i år",
            "Collaboration themes this year",
            now - datetime.timedelta(days=60),
            PriorityRound.Status.CLOSED,
        ),
        (
            "Samarbeidstema neste år",
            "Collaboration themes next year",
            now + datetime.timedelta(days=20),
            PriorityRound.Status.OPEN,
        ),
    ]:
        rnd = PriorityRound.objects.create(
            network=network,
            title_nb=title_nb,
            title_en=title_en,
            closes_at=closes,
            status=status,
            is_demo=True,
        )
        candidates = PriorityCandidate.objects.bulk_create(
            [
                PriorityCandidate(
                    round=rnd, position=i, name_nb=t.name_nb, name_en=t.name_en, theme=t
                )
                for i, t in enumerate(themes)
            ]
        )
        voters = (
            NetworkMembership.objects.filter(
                network=network, left_on__isnull=True, representative__isnull=False
            )
            .select_related("representative")
            .order_by("organisation__name")
        )
        ballots: list[Any] = []
        for i, m in enumerate(voters):
            if status == PriorityRound.Status.OPEN and (
                i % 2 or m.representative is None or m.representative.email == DEMO_COORDINATOR
            ):
                continue
            order = candidates[i % 3 :] + candidates[: i % 3]
            ranking = [c.pk for c in order][: 3 + i % 3]
            ballots.append(
                PriorityBallot(
                    round=rnd,
                    organisation_id=m.organisation_id,
                    ranking=ranking,
                    cast_by=m.representative,
                    cast_at=closes - datetime.timedelta(days=5 + i % 4),
                )
            )
        PriorityBallot.objects.bulk_create(ballots)
        made += 1
    return made


@transaction.atomic
def load_demo_network() -> dict[str, int]:
    created = {"meetings": 0, "decisions": 0, "priority_rounds": 0, "leadership_terms": 0}
    secretariat = User.objects.filter(email=SECRETARIAT_EMAIL).first()
    if secretariat is None:
        return created
    for network, short, leads, key in [
        (Network.objects.filter(slug="smartbyene").first(), "Smartbyene", SMARTBYENE_LEADS, "code"),
        (
            Network.objects.filter(slug="nordic-smart-city-network").first(),
            "NSCN",
            NORDIC_LEADS,
            "slug",
        ),
    ]:
        if network is None or Meeting.objects.filter(network=network, is_demo=True).exists():
            continue
        _representatives(network)
        bodies = _bodies(network)
        if not LeadershipTerm.objects.filter(network=network).exists():
            created["leadership_terms"] += _terms(network, leads, key)
        created["meetings"] += _meetings(network, bodies, short)
        if not Decision.objects.filter(body__network=network).exists():
            created["decisions"] += _decisions(network, bodies, secretariat)
        if network.slug == "smartbyene":
            created["priority_rounds"] += _priorities(network)
    return created
