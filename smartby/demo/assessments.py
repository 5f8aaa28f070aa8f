"""Demo self-assessments and workgroups: fictional but plausible profiles of the demo
member municipalities on the roadmap's eight principles.

Twelve municipalities have a 2025 and a 2026 round; Asker (the demo coordinator's
municipality) has 2024 and 2025, so a newcomer can start the 2026 round from the previous
answers; Kongsberg has a 2025 round and a 2026 draft half filled in. Levels per key question
vary around each municipality's profile by a fixed pattern (no randomness), and a few
challenges are ticked as applying where a principle is weak, with some barriers most
municipalities share. Rows are written directly and keyed on (municipality, round): loading
twice changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from smartby.assessments import scoring
from smartby.assessments.models import Answer, Assessment, Section, Status, Visibility
from smartby.cases.models import Case
from smartby.network.models import Network, Workgroup, WorkTheme
from smartby.organisations.models import Organisation, OrganisationKind
from smartby.roadmap.models import Challenge, KeyQuestion, Principle


@dataclass(frozen=True)
class Profile:
    code: str  # kommunenummer
    visibility: str
    rounds: dict[int, list[int]]  # round → the level per principle 1–8
    draft_round: int | None = None  # a round in progress: principles 1–4 answered


N, P, X = Visibility.NETWORK, Visibility.PUBLIC, Visibility.PRIVATE

PROFILES = [
    # A big city: strong on data, business and skills, weaker on inclusion.
    Profile("0301", N, {2025: [3, 4, 3, 2, 4, 5, 4, 4], 2026: [3, 4, 4, 3, 4, 5, 4, 4]}),
    Profile("4601", P, {2025: [4, 3, 4, 3, 3, 4, 3, 3], 2026: [4, 4, 4, 3, 4, 4, 4, 3]}),
    # Business and energy city.
    Profile("1103", N, {2025: [3, 3, 3, 3, 5, 4, 4, 3], 2026: [4, 3, 3, 4, 5, 4, 4, 3]}),
    Profile("5001", P, {2025: [4, 4, 4, 4, 4, 4, 5, 4], 2026: [4, 4, 4, 4, 4, 5, 5, 4]}),
    # A climate leader.
    Profile("3201", N, {2025: [3, 3, 5, 3, 2, 3, 3, 2], 2026: [3, 3, 5, 3, 3, 3, 3, 3]}),
    # Improved a lot between the rounds.
    Profile("1804", N, {2025: [2, 2, 3, 2, 2, 1, 2, 2], 2026: [3, 4, 4, 3, 3, 3, 3, 3]}),
    # Slipped on open data when a key person left.
    Profile("3301", N, {2025: [3, 2, 2, 3, 2, 3, 2, 3], 2026: [3, 2, 2, 3, 2, 2, 2, 3]}),
    Profile("3107", X, {2025: [2, 3, 3, 2, 2, 2, 3, 2], 2026: [3, 3, 3, 3, 2, 3, 3, 2]}),
    Profile("4204", N, {2025: [3, 3, 3, 4, 3, 3, 3, 3], 2026: [3, 3, 4, 4, 3, 3, 3, 3]}),
    Profile("3205", N, {2025: [3, 2, 3, 3, 3, 2, 2, 3], 2026: [3, 3, 3, 3, 3, 3, 3, 3]}),
    Profile("5501", P, {2025: [2, 3, 4, 3, 2, 3, 2, 4], 2026: [2, 3, 4, 3, 3, 3, 2, 4]}),
    # A small municipality: close to its citizens, little data work yet.
    Profile("1508", X, {2025: [4, 2, 2, 4, 3, 1, 2, 3], 2026: [4, 2, 2, 4, 3, 2, 2, 3]}),
    # The demo coordinator's Asker: no 2026 round yet.
    Profile("3203", N, {2024: [2, 2, 3, 2, 2, 2, 3, 2], 2025: [3, 3, 3, 3, 3, 3, 3, 3]}),
    Profile("3303", N, {2025: [2, 3, 3, 2, 4, 3, 4, 3]}, draft_round=2026),
]

# How a key question differs from its principle's profile level, by its position.
VARIATION = [0, 1, -1, 0, 0, 1, -1, 0, 0, 1]

# Barriers most municipalities name (challenge codes): silos, digital skills, pilot death.
COMMON_BARRIERS = ["2.1", "7.2", "7.5"]

COMMENTS = {
    "1.1": "Innbyggerpanel to ganger i året; vi må bli bedre på å nå unge.",
    "3.1": "Klimabudsjettet er en del av økonomiplanen fra 2025.",
    "6.1": "Vi har startet en oversikt over egne data, men mangler eierskap.",
    "7.2": "Kompetanseprogram for ledere er vedtatt, oppstart til høsten.",
    "2.1": "Smartbyarbeidet ligger i digitaliseringsenheten; koblingen til planavdelingen er svak.",
}


def _level(base: int, position: int) -> int:
    return max(1, min(5, base + VARIATION[(position - 1) % len(VARIATION)]))


def _round_date(year: int) -> datetime.datetime:
    return datetime.datetime(year, 10, 15, 12, 0, tzinfo=datetime.UTC)


WORKGROUPS = [
    (
        "apne-data",
        "open-data",
        "Åpne data og datadeling",
        "Open data and data sharing",
        "4601",
        "Felles anbefalinger for deling av kommunale data, og en mal for datakatalog.",
        "Common recommendations for sharing municipal data, and a template data catalogue.",
        "2023-02-01",
        None,
        ["4601", "0301", "5001", "1103", "3303"],
    ),
    (
        "mobilitet",
        "mobility",
        "Smart mobilitet",
        "Smart mobility",
        "1103",
        "Erfaringsdeling om mobilitetsdata, bysykkel og parkering.",
        "Sharing experience on mobility data, city bikes and parking.",
        "2022-09-01",
        None,
        ["1103", "3201", "3203", "4204"],
    ),
    (
        "innbyggerinvolvering",
        "citizen-involvement",
        "Innbyggerinvolvering",
        "Citizen involvement",
        "5001",
        "Metoder for å involvere innbyggere i utvikling av tjenester; avsluttet med en veileder.",
        "Methods for involving citizens in service design; closed with a guide.",
        "2021-03-01",
        "2024-06-30",
        ["5001", "1508", "5501"],
    ),
]


@transaction.atomic
def load_demo_assessments() -> dict[str, int]:
    created = {"assessments": 0, "workgroups": 0}
    orgs = {
        o.municipality.code: o  # type: ignore[union-attr]
        for o in Organisation.objects.filter(
            kind=OrganisationKind.MUNICIPALITY,
            municipality__country="NO",
            municipality__code__in=[p.code for p in PROFILES]
            + [code for w in WORKGROUPS for code in w[9]],
        ).select_related("municipality")
    }
    principles = list(Principle.objects.order_by("number"))
    questions = list(KeyQuestion.objects.select_related("principle").order_by("code"))
    challenges = {
        f"{c.principle.number}.{c.position}": c
        for c in Challenge.objects.select_related("principle")
    }
    existing = set(Assessment.objects.values_list("organisation_id", "year"))
    for profile in PROFILES:
        organisation = orgs[profile.code]
        cases = list(
            Case.objects.filter(owner=organisation, is_demo=True).prefetch_related("principles")
        )
        rounds = sorted(profile.rounds.items())
        if profile.draft_round:
            last = rounds[-1][1]
            rounds.append((profile.draft_round, [*last[:4], 0, 0, 0, 0]))
        previous = None
        for year, levels in rounds:
            if (organisation.pk, year) in existing:
                previous = Assessment.objects.get(organisation=organisation, year=year)
                continue
            is_draft = year == profile.draft_round
            assessment = Assessment.objects.create(
                organisation=organisation,
                year=year,
                status=Status.DRAFT if is_draft else Status.SUBMITTED,
                visibility=Visibility.PRIVATE if is_draft else profile.visibility,
                previous=previous,
                submitted_at=None if is_draft else _round_date(year),
                created_at=_round_date(year) - datetime.timedelta(days=30),
                is_demo=True,
            )
            _fill(assessment, levels, principles, questions, challenges, cases, profile.code)
            created["assessments"] += 1
            previous = assessment

    smartbyene = Network.objects.get(slug="smartbyene")
    themes = {t.slug: t for t in WorkTheme.objects.filter(network=smartbyene)}
    for (
        slug,
        theme,
        name_nb,
        name_en,
        lead,
        mandate_nb,
        mandate_en,
        start,
        end,
        members,
    ) in WORKGROUPS:
        if Workgroup.objects.filter(network=smartbyene, slug=slug).exists():
            continue
        group = Workgroup.objects.create(
            network=smartbyene,
            slug=slug,
            name_nb=name_nb,
            name_en=name_en,
            theme=themes.get(theme),
            mandate_nb=mandate_nb,
            mandate_en=mandate_en,
            lead=orgs[lead],
            created_on=datetime.date.fromisoformat(start),
            dissolved_on=datetime.date.fromisoformat(end) if end else None,
            is_demo=True,
        )
        group.members.set([orgs[code] for code in members])
        created["workgroups"] += 1
    return created


def _fill(
    assessment: Assessment,
    levels: list[int],
    principles: list[Principle],
    questions: list[KeyQuestion],
    challenges: dict[str, Challenge],
    cases: list[Case],
    code: str,
) -> None:
    sections = Section.objects.bulk_create(
        [Section(assessment=assessment, principle=p) for p in principles]
    )
    by_principle = {s.principle_id: s for s in sections}
    numbers = {p.pk: p.number for p in principles}
    answers = []
    per_section: dict[int, list[int | None]] = {}
    for question in questions:
        base = levels[numbers[question.principle_id] - 1]
        level = _level(base, question.position) if base else None
        section = by_principle[question.principle_id]
        per_section.setdefault(section.pk, []).append(level)
        comment = COMMENTS.get(question.code, "") if level is not None and int(code) % 2 else ""
        answers.append(Answer(section=section, key_question=question, level=level, comment=comment))
    Answer.objects.bulk_create(answers)
    scores = []
    answered = 0
    for section in sections:
        section.score = scoring.principle_score(per_section[section.pk])
        section.answered = sum(1 for v in per_section[section.pk] if v is not None)
        section.updated_at = timezone.now()
        answered += section.answered
        scores.append(section.score)
    Section.objects.bulk_update(sections, ["score", "answered"])
    Assessment.objects.filter(pk=assessment.pk).update(
        score=scoring.overall_score(scores), answered=answered
    )
    # Challenges that apply: where a principle is weak, and the common ones.
    through = Section.barriers.through
    ticked = []
    for number, base in enumerate(levels, start=1):
        if not base:
            continue
        for key, challenge in challenges.items():
            p, position = (int(x) for x in key.split("."))
            if p != number:
                continue
            common = key in COMMON_BARRIERS and base <= 4
            weak = base <= 2 and (position + int(code)) % 2 == 0
            if common or weak:
                ticked.append(
                    through(
                        section_id=by_principle[challenge.principle_id].pk,
                        challenge_id=challenge.pk,
                    )
                )
    through.objects.bulk_create(ticked)
    # Evidence: the first answered question of a principle links the municipality's own
    # demo cases that address that principle.
    evidence = Answer.evidence.through
    links = []
    first_of: dict[int, Answer] = {}
    for answer in answers:
        if answer.level is not None:
            first_of.setdefault(answer.section.principle_id, answer)
    for case in cases:
        for principle in case.principles.all():
            first = first_of.get(principle.pk)
            if first is not None:
                links.append(evidence(answer_id=first.pk, case_id=case.pk))
    evidence.objects.bulk_create(links, ignore_conflicts=True)
