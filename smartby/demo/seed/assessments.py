"""Self-assessments: at most one per municipality and yearly round, each municipality with
its own level per principle that grows from round to round, answers to every key question,
barriers where a principle is weak, and the municipality's own cases as evidence."""

from __future__ import annotations

import datetime
import time
from collections import defaultdict

from smartby.assessments import scoring
from smartby.assessments.models import Answer, Assessment, Section
from smartby.assessments.models import Status as AssessmentStatus
from smartby.assessments.models import Visibility as AssessmentVisibility
from smartby.demo.seed.draw import Picker
from smartby.demo.seed.seeder import Seeder
from smartby.demo.seed.vocabulary import ASSESSMENT_COMMENTS
from smartby.demo.seed.writer import new_rows

ASSESSMENT_YEARS = range(2019, 2027)  # the roadmap (2019) onwards; one round a year


def seed_assessments(seeder: Seeder) -> None:
    """Self-assessments for (municipality, round) pairs drawn at random: fewer than asked,
    with a note, when there are not that many pairs."""
    rng = seeder.rng("assessments")
    refs = seeder.refs
    wanted = seeder.counts["assessments"]
    orgs = refs.municipal_orgs
    pairs = [(org, year) for org in orgs for year in ASSESSMENT_YEARS]
    count = min(wanted, len(pairs))
    if count < wanted:
        note = (
            f"assessments: {count:,} instead of {wanted:,}: at most one per municipality "
            f"and round ({len(orgs)} municipalities × {len(ASSESSMENT_YEARS)} rounds, "
            f"{ASSESSMENT_YEARS[0]}–{ASSESSMENT_YEARS[-1]})"
        )
        seeder.notes.append(note)
        seeder.out(note)
    chosen = sorted(rng.sample(range(len(pairs)), count))
    principles = sorted(refs.principles.items())  # (number, id)
    questions = refs.key_questions
    profiles: dict[int, tuple[list[float], float]] = {}
    previous: dict[int, int] = {}
    visibilities = Picker(
        [
            AssessmentVisibility.PRIVATE,
            AssessmentVisibility.NETWORK,
            AssessmentVisibility.PUBLIC,
        ],
        [25, 50, 25],
    )
    started = time.perf_counter()
    chunk = 200
    for first in range(0, count, chunk):
        rows = new_rows()
        for model in (Assessment, Section, Answer):
            rows[model]  # parents first
        for index in chosen[first : first + chunk]:
            org, year = pairs[index]
            if org.id not in profiles:
                profiles[org.id] = (
                    [rng.uniform(1.4, 3.9) for _ in principles],
                    rng.uniform(0, 0.25),
                )
            bases, growth = profiles[org.id]
            is_draft = year == ASSESSMENT_YEARS[-1] and rng.random() < 0.5
            editors = seeder.editors_by_org.get(org.id, [])
            person = editors[rng.randrange(len(editors))] if editors else None
            pk = seeder.writer.next_id(Assessment)
            submitted_at = (
                None if is_draft else datetime.datetime(year, 10, 15, 12, tzinfo=datetime.UTC)
            )
            sections = {}
            for (number, principle), base in zip(principles, bases, strict=True):
                section_id = seeder.writer.next_id(Section)
                sections[principle] = (
                    section_id,
                    number,
                    base + growth * (year - ASSESSMENT_YEARS[0]),
                )
            levels_of: dict[int, list[int | None]] = defaultdict(list)
            first_answer: dict[int, int] = {}
            for question, principle, _position in questions:
                section_id, number, level_base = sections[principle]
                level: int | None = max(1, min(5, round(level_base + rng.choice((-1, 0, 0, 0, 1)))))
                if is_draft and number > 4:
                    level = None
                answer_id = seeder.writer.next_id(Answer)
                rows[Answer].append(
                    Answer(
                        id=answer_id,
                        section_id=section_id,
                        key_question_id=question,
                        level=level,
                        comment=rng.choice(ASSESSMENT_COMMENTS)
                        if level and rng.random() < 0.08
                        else "",
                        created_at=datetime.datetime(year, 9, 20, 12, tzinfo=datetime.UTC),
                    )
                )
                levels_of[principle].append(level)
                if level is not None:
                    first_answer.setdefault(principle, answer_id)
            scores = []
            answered_total = 0
            for principle, (section_id, _number, level_base) in sections.items():
                levels = levels_of[principle]
                score = scoring.principle_score(levels)
                answered = sum(1 for v in levels if v is not None)
                answered_total += answered
                scores.append(score)
                rows[Section].append(
                    Section(
                        id=section_id,
                        assessment_id=pk,
                        principle_id=principle,
                        score=score,
                        answered=answered,
                        updated_by_id=person,
                        created_at=datetime.datetime(year, 9, 15, 12, tzinfo=datetime.UTC),
                    )
                )
                options = refs.challenges.get(principle, [])
                if answered and level_base <= 2.5 and options:
                    for challenge in sorted(
                        rng.sample(options, min(len(options), rng.randint(1, 2)))
                    ):
                        rows[Section.barriers.through].append(
                            Section.barriers.through(section_id=section_id, challenge_id=challenge)
                        )
                cases = [c for c, ps in seeder.org_cases.get(org.id, []) if principle in ps]
                if principle in first_answer and cases and rng.random() < 0.3:
                    rows[Answer.evidence.through].append(
                        Answer.evidence.through(
                            answer_id=first_answer[principle], case_id=rng.choice(cases)
                        )
                    )
            rows[Assessment].append(
                Assessment(
                    id=pk,
                    organisation_id=org.id,
                    year=year,
                    status=AssessmentStatus.DRAFT if is_draft else AssessmentStatus.SUBMITTED,
                    visibility=AssessmentVisibility.PRIVATE if is_draft else visibilities.pick(rng),
                    previous_id=previous.get(org.id),
                    started_by_id=person,
                    submitted_at=submitted_at,
                    submitted_by_id=None if is_draft else person,
                    score=scoring.overall_score(scores),
                    answered=answered_total,
                    created_at=datetime.datetime(year, 9, 15, 12, tzinfo=datetime.UTC),
                    is_demo=True,
                ),
            )
            previous[org.id] = pk
        seeder.writer.write(rows)
    seeder.progress("assessments", count, count, started)
