"""The seed's text: organisation names and descriptions, case titles, summaries, problems,
solutions, results and lessons, dataset titles and descriptions, in bokmål (0) and English
(1), put together from the vocabulary. Each function draws from the rng it is given in a
fixed order, so the same seed writes the same words."""

from __future__ import annotations

import random
from dataclasses import dataclass

from smartby.demo.seed.vocabulary import (
    ACADEMIC_FIELDS,
    ACADEMIC_PATTERNS,
    ACTIVITIES,
    ADJECTIVES,
    ADOPTION_SENTENCE,
    AGENCY_AREAS,
    AGENCY_PATTERNS,
    AREAS,
    CIVIL_PATTERNS,
    DATASET_FREQUENCIES,
    DATASET_SOURCES,
    DATASET_TITLE_PATTERNS,
    DATASET_UNITS,
    EARLY_RESULTS,
    FINANCE_PATTERNS,
    GENERIC_PROBLEMS,
    GENERIC_RESULTS,
    GENERIC_SOLUTIONS,
    GOAL_PATTERN,
    INTRO_VERBS,
    LESSONS,
    ORG_PREFIXES,
    ORG_STEMS,
    ORG_SUFFIXES,
    RESULT_PATTERNS,
    STAKEHOLDERS,
    TITLE_PATTERNS,
    Topic,
)
from smartby.organisations.models import OrganisationKind

# How many things a case's summary says were installed (when it names a number).
AMOUNTS = (5, 8, 12, 20, 25, 40, 60, 120, 300, 450, 1500)
# Bokmål verbs whose present tense is not the infinitive + "r".
_PRESENT_NB = {"gjøre": "gjør", "frigjøre": "frigjør", "forutsi": "forutsier", "vite": "vet"}


def present_nb(phrase: str) -> str:
    """'finne lekkasjer' → 'finner lekkasjer' (the phrase starts with an infinitive)."""
    verb, _, rest = phrase.partition(" ")
    present = _PRESENT_NB.get(verb, verb + "r")
    return f"{present} {rest}" if rest else present


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _number(value: float, language: str) -> str:
    text = f"{value:.1f}"
    return text.replace(".", ",") if language == "nb" else text


# --- organisations -------------------------------------------------------------------------


def organisation_name(rng: random.Random, kind: str, place: str) -> str:
    if kind == OrganisationKind.BUSINESS:
        return rng.choice(ORG_PREFIXES) + rng.choice(ORG_STEMS) + rng.choice(ORG_SUFFIXES)
    if kind == OrganisationKind.ACADEMIA:
        return rng.choice(ACADEMIC_PATTERNS).format(field=rng.choice(ACADEMIC_FIELDS), place=place)
    if kind == OrganisationKind.CIVIL_SOCIETY:
        return rng.choice(CIVIL_PATTERNS).format(place=place)
    if kind == OrganisationKind.FINANCE:
        return rng.choice(FINANCE_PATTERNS).format(
            prefix=rng.choice(ORG_PREFIXES), stem=rng.choice(ORG_STEMS)
        )
    return rng.choice(AGENCY_PATTERNS).format(area=rng.choice(AGENCY_AREAS), place=place)


def organisation_description(
    rng: random.Random, kind: str, name: str, topic: Topic, place: str
) -> str:
    goal = topic.goals[rng.randrange(len(topic.goals))][0]
    thing = topic.things_nb[rng.randrange(len(topic.things_nb))][2]
    field = topic.name[0].lower()
    text = {
        OrganisationKind.BUSINESS: f"{name} leverer {thing} og tjenester for å {goal}.",
        OrganisationKind.ACADEMIA: f"Forskning på {field}: hvordan {thing} kan {goal}.",
        OrganisationKind.CIVIL_SOCIETY: f"Innbyggere i {place} som vil {goal}.",
        OrganisationKind.FINANCE: f"Investerer i selskaper innen {field}.",
        OrganisationKind.STATE_AGENCY: f"Statlig fagmiljø som hjelper kommunene å {goal}.",
    }[OrganisationKind(kind)]
    return f"{text}\n\n*Syntetisk organisasjon laget av `smartby seed`.*"


# --- cases ---------------------------------------------------------------------------------


def _slots(topic: Topic, thing: int, goal: int, adj: int, place: str, lang: int) -> dict[str, str]:
    """The words the title and summary patterns are filled with, in bokmål (0) or English."""
    if lang == 0:
        _sg, _dsg, plural, definite = topic.things_nb[thing]
        verb_phrase = topic.goals[goal][0]
        present = present_nb(verb_phrase)
    else:
        _sg, plural = topic.things_en[thing]
        definite = plural
        verb_phrase = present = topic.goals[goal][1]
    return {
        "t": plural,
        "ts": definite,
        "T": cap(plural),
        "Ts": cap(definite),
        "g": verb_phrase,
        "gp": present,
        "place": place,
        "adj": ADJECTIVES[adj][lang],
        "name": topic.name[lang],
    }


@dataclass
class CaseDraft:
    """The random choices behind a case's title and summary, so they can be written in a
    second language (the translation) saying the same thing."""

    topic: Topic
    thing: int
    goal: int
    title: int
    adj: int
    area: int
    verb: int
    amount: int | None
    result: int
    metric: int
    percent: int
    months: int
    goal_year: int
    late: bool  # far enough to have results
    place: str
    owner: tuple[str, str]  # how the owner is named in bokmål and English text
    origin: tuple[str, str] | None = None  # the owner of the origin of an adoption

    def title_in(self, lang: int) -> str:
        slots = _slots(self.topic, self.thing, self.goal, self.adj, self.place, lang)
        return TITLE_PATTERNS[self.title][lang].format(**slots)[:200]

    def summary_in(self, lang: int) -> str:
        slots = _slots(self.topic, self.thing, self.goal, self.adj, self.place, lang)
        amount = f"{self.amount} " if self.amount else ""
        verb = INTRO_VERBS[self.verb][lang]
        area = AREAS[self.area][lang]
        purpose = "for å" if lang == 0 else "to"
        sentences = [
            f"{self.owner[lang]} {verb} {amount}{slots['t']} {area} {purpose} {slots['g']}."
        ]
        metric = self.topic.metrics[self.metric][lang]
        if self.late:
            sentences.append(
                RESULT_PATTERNS[self.result][lang].format(
                    M=cap(metric), m=metric, p=self.percent, months=self.months
                )
            )
        else:
            sentences.append(
                GOAL_PATTERN[lang].format(m=metric, p=self.percent, year=self.goal_year)
            )
        if self.origin is not None:
            sentences.append(ADOPTION_SENTENCE[lang].format(origin=self.origin[lang]))
        return " ".join(sentences)


def case_problem_and_solution(rng: random.Random, topic: Topic, lang: int) -> tuple[str, str]:
    """Two of the topic's problems and a generic one; two of its solutions and a generic one."""
    problems = rng.sample(topic.problems, 2)
    solutions = rng.sample(topic.solutions, 2)
    problem = ". ".join([p[lang] for p in problems] + [rng.choice(GENERIC_PROBLEMS)[lang]]) + "."
    solution = ". ".join([s[lang] for s in solutions] + [rng.choice(GENERIC_SOLUTIONS)[lang]]) + "."
    return problem, solution


def case_results(rng: random.Random, draft: CaseDraft, lang: int) -> str:
    """What a case far enough along has measured (another metric than its summary names) and
    some general results; for one that is not, now and then a sentence saying it is early."""
    topic = draft.topic
    language = "en" if lang else "nb"
    if draft.late:
        other_metric = topic.metrics[(draft.metric + 1) % len(topic.metrics)][lang]
        results = [
            RESULT_PATTERNS[(draft.result + 1) % len(RESULT_PATTERNS)][lang].format(
                M=cap(other_metric), m=other_metric, p=rng.randint(5, 50), months=draft.months
            )
        ]
        for generic in rng.sample(GENERIC_RESULTS, rng.randint(1, 2)):
            results.append(
                generic[lang].format(
                    x=_number(rng.uniform(0.3, 9.5), language),
                    n=rng.randint(2, 14),
                    a=_number(rng.uniform(3.2, 4.3), language),
                    b=_number(rng.uniform(4.5, 5.6), language),
                )
            )
        return " ".join(results)
    return rng.choice(EARLY_RESULTS)[lang] if rng.random() < 0.6 else ""


def case_lessons(
    rng: random.Random, draft: CaseDraft, lang: int, kinds: list[str]
) -> list[tuple[str, str]]:
    """One to three lessons (kind, text) of different kinds, in the kinds' order."""
    topic = draft.topic
    _sg, _dsg, plural, definite = topic.things_nb[draft.thing]
    thing_words = (plural, definite) if lang == 0 else (topic.things_en[draft.thing][1],) * 2
    lessons = []
    for lesson_kind in sorted(rng.sample(kinds, rng.randint(1, 3))):
        lesson = rng.choice(LESSONS[lesson_kind])[lang]
        text = lesson.format(
            t=thing_words[0],
            ts=thing_words[1],
            who=rng.choice(STAKEHOLDERS)[lang],
            what=rng.choice(ACTIVITIES)[lang],
            months=rng.randint(2, 8),
        )
        lessons.append((lesson_kind, text))
    return lessons


# --- datasets ------------------------------------------------------------------------------


@dataclass
class DatasetDraft:
    """The random choices behind a dataset's title and description in both languages."""

    topic: Topic
    ds: tuple[str, str]  # what the topic's dataset is called
    frequency: tuple[str, str, str]  # bokmål, English, the Frequency value
    unit: tuple[str, str]
    pattern: tuple[str, str]
    y1: int
    y2: int
    place: str

    @classmethod
    def draw(cls, rng: random.Random, topic: Topic, place: str) -> DatasetDraft:
        ds = topic.datasets[rng.randrange(len(topic.datasets))]
        frequency = DATASET_FREQUENCIES[rng.randrange(len(DATASET_FREQUENCIES))]
        unit = DATASET_UNITS[rng.randrange(len(DATASET_UNITS))]
        pattern = DATASET_TITLE_PATTERNS[rng.randrange(len(DATASET_TITLE_PATTERNS))]
        y1 = rng.randint(2012, 2024)
        y2 = y1 + rng.randint(1, 2)
        return cls(topic, ds, frequency, unit, pattern, y1, y2, place)

    def title_in(self, lang: int) -> str:
        ds, frequency, unit, place = self.ds, self.frequency, self.unit, self.place
        return self.pattern[lang].format(
            ds=ds[lang], place=place, freq=frequency[lang], unit=unit[lang], y1=self.y1, y2=self.y2
        )

    def description_in(
        self, rng: random.Random, lang: int, *, publisher: str, licence: str, is_free: bool
    ) -> str:
        """Where the data comes from, what it is used for, and whether it is open (under
        `licence`, when it has one and is free) or needs an agreement with the publisher."""
        ds, frequency, unit, place = self.ds, self.frequency, self.unit, self.place
        source = rng.choice(DATASET_SOURCES)[lang]
        goal = self.topic.goals[rng.randrange(len(self.topic.goals))][lang]
        if lang == 0:
            text = (
                f"{ds[0]} {source} i {place}, som {frequency[0]} per {unit[0]}. "
                f"Dataene brukes blant annet til å {goal}."
            )
            text += (
                f" Datasettet er åpent og kan brukes fritt under {licence}."
                if licence and is_free
                else f" Tilgang krever avtale med {publisher}; se pris og vilkår."
            )
        else:
            text = (
                f"{ds[1]} {source} in {place}, as {frequency[1]} per {unit[1]}. "
                f"The data is used, among other things, to {goal}."
            )
            text += (
                f" The dataset is open and free to use under {licence}."
                if licence and is_free
                else f" Access requires an agreement with {publisher}; see the terms."
            )
        return text
