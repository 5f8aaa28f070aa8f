"""The networks' governance: Smartbyene's members (the Nordic network's come with the
reference data) with their representatives, a few former members, the secretariat, the
workgroups, meetings with agendas, documents and attendance, and decisions with their
electors, ballots and, once closed, the result decision_close would have computed."""

from __future__ import annotations

import datetime
import random
import time
from collections import defaultdict

from django.db import transaction

from smartby.core.text import slugify_nordic
from smartby.demo.seed.draw import EPOCH, Picker, Slugs, at, date_between
from smartby.demo.seed.seeder import Seeder
from smartby.demo.seed.vocabulary import (
    DECISION_TITLES,
    MEETING_PLACES,
    MINUTES,
    OWNER_AGENDA,
    PROPOSAL,
    STEERING_AGENDA,
    TOPICS,
    WORKGROUP_AGENDA,
)
from smartby.demo.seed.writer import new_rows
from smartby.network.models import (
    AgendaItem,
    Attendance,
    Ballot,
    Body,
    Decision,
    DecisionOption,
    Document,
    Elector,
    Meeting,
    NetworkMembership,
    NetworkRole,
    VoteRecord,
    Workgroup,
)
from smartby.network.services.decisions import YES_NO, _outcome

# network → its workgroups: id, member organisations, topic name, created on, dissolved on
Workgroups = dict[int, list[tuple[int, list[int], str, datetime.date, datetime.date | None]]]


def seed_networks(seeder: Seeder) -> None:
    """Memberships, the secretariat and the workgroups, then meetings and decisions."""
    rng = seeder.rng("networks")
    refs = seeder.refs
    rows = new_rows()
    smartbyene = refs.networks.get("smartbyene")
    nordic = refs.networks.get("nordic-smart-city-network")
    members: dict[int, list[int]] = {}  # network → current member organisations
    if smartbyene is not None:
        rows[NetworkMembership]  # parents first
        current = []
        for org in seeder.smartbyene_members:
            user, deputy = seeder.representatives.get(org.id, (None, None))
            rows[NetworkMembership].append(
                NetworkMembership(
                    id=seeder.writer.next_id(NetworkMembership),
                    network_id=smartbyene,
                    organisation_id=org.id,
                    joined_on=date_between(rng, datetime.date(2016, 1, 1), EPOCH.date()),
                    representative_id=user,
                    deputy_id=deputy,
                    is_demo=True,
                    created_at=EPOCH - datetime.timedelta(days=400),
                )
            )
            current.append(org.id)
        # A few former members, so membership histories are not all open-ended.
        taken = set(current)
        former = [o for o in refs.municipal_orgs if o.id not in taken]
        for org in rng.sample(former, min(len(former), max(1, len(current) // 20))):
            joined = date_between(rng, datetime.date(2016, 1, 1), datetime.date(2022, 12, 31))
            rows[NetworkMembership].append(
                NetworkMembership(
                    id=seeder.writer.next_id(NetworkMembership),
                    network_id=smartbyene,
                    organisation_id=org.id,
                    joined_on=joined,
                    left_on=joined + datetime.timedelta(days=rng.randint(365, 1200)),
                    is_demo=True,
                    created_at=at(joined, 9),
                )
            )
        members[smartbyene] = current
    if nordic is not None:
        named = []
        for membership_id, org_id in refs.nordic_memberships:
            user, deputy = seeder.representatives.get(org_id, (None, None))
            if user is not None:
                named.append(
                    NetworkMembership(id=membership_id, representative_id=user, deputy_id=deputy)
                )
        with transaction.atomic():
            NetworkMembership.objects.bulk_update(named, ["representative", "deputy"])
        members[nordic] = [org for _pk, org in refs.nordic_memberships]
    networks = [n for n in (smartbyene, nordic) if n is not None and members.get(n)]
    if not networks:
        return
    # One secretariat person per network.
    people = sorted({u for users in seeder.users_by_org.values() for u in users[:1]})
    for network in networks:
        if people:
            rows[NetworkRole].append(
                NetworkRole(
                    network_id=network,
                    user_id=people[rng.randrange(len(people))],
                    created_at=EPOCH - datetime.timedelta(days=500),
                )
            )
    weights = [3 if n == smartbyene else 1 for n in networks]
    network_picker = Picker(networks, weights)

    # Workgroups on the topics, led and joined by member organisations.
    workgroups: Workgroups = defaultdict(list)
    slugs = {network: Slugs(()) for network in networks}
    for _ in range(min(400, max(2, seeder.counts["workgroups"]))):
        network = network_picker.pick(rng)
        topic = TOPICS[rng.randrange(len(TOPICS))]
        slug = slugs[network].make(topic.name[0], fallback="arbeidsgruppe")
        n = slugs[network].number
        group_members = rng.sample(members[network], min(len(members[network]), rng.randint(3, 10)))
        created_on = date_between(rng, datetime.date(2018, 1, 1), EPOCH.date())
        dissolved_on = date_between(rng, created_on, EPOCH.date()) if rng.random() < 0.2 else None
        pk = seeder.writer.next_id(Workgroup)
        goal = topic.goals[rng.randrange(len(topic.goals))]
        themes = refs.work_themes.get(network, [])
        suffix = ("", "") if n == 1 else (f" (gruppe {n})", f" (group {n})")
        rows[Workgroup].append(
            Workgroup(
                id=pk,
                network_id=network,
                slug=slug,
                name_nb=topic.name[0] + suffix[0],
                name_en=topic.name[1] + suffix[1],
                theme_id=rng.choice(themes) if themes else None,
                mandate_nb=f"Erfaringsdeling og felles anbefalinger for å {goal[0]}.",
                mandate_en=f"Sharing experience and joint recommendations to {goal[1]}.",
                lead_id=group_members[0],
                created_on=created_on,
                dissolved_on=dissolved_on,
                is_demo=True,
                created_at=at(created_on, 9),
            )
        )
        rows[Workgroup.members.through].extend(
            Workgroup.members.through(workgroup_id=pk, organisation_id=org)
            for org in sorted(group_members)
        )
        workgroups[network].append((pk, group_members, topic.name[0], created_on, dissolved_on))
    seeder.writer.write(rows)

    _seed_meetings(seeder, rng, networks, network_picker, members, workgroups)
    _seed_decisions(seeder, rng, networks, network_picker, members)


def _seed_meetings(
    seeder: Seeder,
    rng: random.Random,
    networks: list[int],
    network_picker: Picker,
    members: dict[int, list[int]],
    workgroups: Workgroups,
) -> None:
    """The meetings of the networks' bodies and workgroups, with agendas and attendance."""
    refs = seeder.refs
    total = seeder.counts["meetings"]
    short = {
        refs.networks.get("smartbyene"): "Smartbyene",
        refs.networks.get("nordic-smart-city-network"): "NSCN",
    }
    started = time.perf_counter()
    chunk = 500
    for first in range(0, total, chunk):
        rows = new_rows()
        rows[Meeting]  # parents first
        for _ in range(first, min(total, first + chunk)):
            network = network_picker.pick(rng)
            draw = rng.random()
            groups = workgroups.get(network, [])
            day = date_between(
                rng, datetime.date(2019, 1, 1), EPOCH.date() + datetime.timedelta(days=180)
            )
            starts_at = at(day, rng.randint(8, 13), rng.choice((0, 15, 30)))
            body_id = workgroup_id = None
            agenda: tuple[str, ...]
            topic_name = TOPICS[rng.randrange(len(TOPICS))].name[0]
            if draw < 0.4 and groups:
                group = groups[rng.randrange(len(groups))]
                workgroup_id, attendees, topic_name = group[0], group[1], group[2]
                titles = (f"{group[2]}: arbeidsmøte", f"{group[2]}: working meeting")
                agenda = WORKGROUP_AGENDA
                is_public = rng.random() < 0.5
            elif draw < 0.5:
                body_id = refs.bodies[(network, Body.Kind.OWNER_MEETING)][0]
                attendees = members[network]
                titles = (
                    f"Eiermøte {short[network]} {day.year}",
                    f"{short[network]} owner meeting {day.year}",
                )
                agenda = OWNER_AGENDA
                is_public = True
            else:
                body_id = refs.bodies[(network, Body.Kind.STEERING_GROUP)][0]
                attendees = members[network]
                titles = (
                    f"Styringsgruppemøte {short[network]} {day:%m/%Y}",
                    f"{short[network]} steering group meeting {day:%m/%Y}",
                )
                agenda = STEERING_AGENDA
                is_public = rng.random() < 0.8
            pk = seeder.writer.next_id(Meeting)
            cancelled = rng.random() < 0.03
            past = starts_at < EPOCH and not cancelled
            rows[Meeting].append(
                Meeting(
                    id=pk,
                    network_id=network,
                    body_id=body_id,
                    workgroup_id=workgroup_id,
                    title_nb=titles[0],
                    title_en=titles[1],
                    starts_at=starts_at,
                    ends_at=starts_at + datetime.timedelta(minutes=rng.choice((60, 90, 120, 180))),
                    place=rng.choice(MEETING_PLACES),
                    online_url=f"https://example.org/seed/meeting/{pk}",
                    is_public=is_public,
                    status=Meeting.Status.CANCELLED if cancelled else Meeting.Status.SCHEDULED,
                    minutes=MINUTES.format(topic=topic_name) if past else "",
                    sequence=rng.randint(0, 2),
                    is_demo=True,
                    created_at=starts_at - datetime.timedelta(days=rng.randint(14, 60)),
                )
            )
            for position, item in enumerate(
                rng.sample(agenda, min(len(agenda), rng.randint(2, 5)))
            ):
                rows[AgendaItem].append(AgendaItem(meeting_id=pk, position=position, title=item))
            for title in rng.sample(
                ("Innkalling", "Saksdokumenter", "Presentasjoner"), rng.randint(0, 2)
            ):
                rows[Document].append(
                    Document(
                        meeting_id=pk,
                        title=title,
                        url=f"https://example.org/seed/meeting/{pk}/{slugify_nordic(title)}.pdf",
                        created_at=starts_at - datetime.timedelta(days=7),
                    )
                )
            if past:
                seen: set[int] = set()
                for org in attendees:
                    user = seeder.representatives.get(org, (None, None))[0]
                    if user is None or user in seen or rng.random() >= 0.75:
                        continue
                    seen.add(user)
                    rows[Attendance].append(
                        Attendance(meeting_id=pk, user_id=user, organisation_id=org)
                    )
        seeder.writer.write(rows)
    seeder.progress("meetings", total, total, started)


def _seed_decisions(
    seeder: Seeder,
    rng: random.Random,
    networks: list[int],
    network_picker: Picker,
    members: dict[int, list[int]],
) -> None:
    """The decisions of the networks' bodies, with electors and ballots once voting opens."""
    refs = seeder.refs
    total = seeder.counts["decisions"]
    choice_weights = Picker(["yes", "no", "abstain"], [65, 20, 15])
    started = time.perf_counter()
    chunk = 200
    for first in range(0, total, chunk):
        rows = new_rows()
        rows[Decision]  # parents first
        rows[DecisionOption]
        for _ in range(first, min(total, first + chunk)):
            network = network_picker.pick(rng)
            kind = Body.Kind.STEERING_GROUP if rng.random() < 0.7 else Body.Kind.OWNER_MEETING
            body_id, quorum, majority = refs.bodies[(network, kind)]
            opens_day = date_between(
                rng, datetime.date(2019, 1, 1), EPOCH.date() + datetime.timedelta(days=60)
            )
            opens_at = at(opens_day, 9)
            closes_at = opens_at + datetime.timedelta(days=rng.randint(7, 21))
            status = (
                Decision.Status.CLOSED
                if closes_at <= EPOCH
                else Decision.Status.OPEN
                if opens_at <= EPOCH
                else Decision.Status.DRAFT
            )
            several = rng.random() < 0.2
            year = opens_day.year + 1
            topic = TOPICS[rng.randrange(len(TOPICS))]
            if several:
                title = (
                    "Vertsby for nettverkssamlingen {year}",
                    "Host city of the network gathering {year}",
                )
                hosts = rng.sample(members[network], min(3, len(members[network])))
                labels = [(seeder.org_by_id[o].place, seeder.org_by_id[o].place) for o in hosts]
                if len(labels) < 2:
                    labels = [(t.name[0], t.name[1]) for t in rng.sample(TOPICS, 3)]
            else:
                title = rng.choice(DECISION_TITLES)
                labels = []
            words = {
                "year": year,
                "topic": topic.name[0].lower(),
                "topic_en": topic.name[1].lower(),
            }
            pk = seeder.writer.next_id(Decision)
            decision = Decision(
                id=pk,
                body_id=body_id,
                title_nb=title[0].format(**words),
                title_en=title[1].format(**words),
                proposal_nb=PROPOSAL[0],
                proposal_en=PROPOSAL[1],
                kind=Decision.Kind.OPTIONS if several else Decision.Kind.YES_NO,
                secret=rng.random() < 0.2,
                opens_at=opens_at,
                closes_at=closes_at,
                status=status,
                is_demo=True,
                created_at=opens_at - datetime.timedelta(days=7),
            )
            if several:
                specs = [(nb, en, "") for nb, en in labels] + [("Avstår", "Abstain", "abstain")]
            else:
                specs = [(nb, en, role) for role, nb, en in YES_NO]
            options = [
                DecisionOption(
                    id=seeder.writer.next_id(DecisionOption),
                    decision_id=pk,
                    position=i,
                    label_nb=nb,
                    label_en=en,
                    role=role,
                )
                for i, (nb, en, role) in enumerate(specs)
            ]
            rows[DecisionOption].extend(options)
            if status != Decision.Status.DRAFT:
                electorate = members[network]
                rows[Elector].extend(Elector(decision_id=pk, organisation_id=o) for o in electorate)
                counts: dict[int, int] = defaultdict(int)
                turnout = 0.8 if status == Decision.Status.CLOSED else 0.4
                last = min(closes_at, EPOCH) - datetime.timedelta(hours=1)
                span = max(1, int((last - opens_at).total_seconds() // 60))
                by_role = {o.role: o for o in options}
                for org in electorate:
                    if rng.random() >= turnout:
                        continue
                    if several:
                        option = options[rng.randrange(len(options))]
                    else:
                        option = by_role[choice_weights.pick(rng)]
                    cast_at = opens_at + datetime.timedelta(minutes=rng.randrange(span))
                    counts[option.pk] += 1
                    rows[Ballot].append(
                        Ballot(
                            decision_id=pk,
                            organisation_id=org,
                            option_id=option.pk,
                            cast_at=cast_at,
                        )
                    )
                    rows[VoteRecord].append(
                        VoteRecord(
                            decision_id=pk,
                            organisation_id=org,
                            cast_by_id=seeder.representatives.get(org, (None, None))[0],
                            cast_at=cast_at,
                            option_id=None if decision.secret else option.pk,
                        )
                    )
                if status == Decision.Status.CLOSED:
                    # The same rules as decision_close, so the stored result is the one
                    # the service would have computed.
                    decision.quorum_percent = quorum
                    decision.majority = majority
                    decision.electorate_size = len(electorate)
                    cast = sum(counts.values())
                    decision.tally = {
                        "cast": cast,
                        "electorate": len(electorate),
                        "options": [
                            {"id": o.pk, "role": o.role, "votes": counts.get(o.pk, 0)}
                            for o in options
                        ],
                    }
                    outcome, winner = _outcome(decision, options, counts, cast, len(electorate))
                    decision.outcome = outcome
                    decision.winning_option_id = winner.pk if winner else None
                    decision.closed_at = closes_at
            rows[Decision].append(decision)
        seeder.writer.write(rows)
    seeder.progress("decisions", total, total, started)
