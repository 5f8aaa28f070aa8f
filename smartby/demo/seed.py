"""Synthetic data at national scale and beyond: `smartby seed --scale N`.

At scale 1 the database looks roughly like today's Norway on the platform: the 357 real
municipalities and the two networks (reference data from `smartby loadrefs`, never scaled),
3,000 organisations, 10,000 people with their memberships, 5,000 cases, 2,000 datasets with
one to three distributions each, 300 self-assessments, and the networks' members,
representatives, workgroups, meetings (about 50) and decisions (about 20). Every count but the
reference data's grows with the scale; scale 100 is a hundred times today.

The text is bokmål (mostly) and English, built from the topic vocabularies in
data/seed_vocabulary.txt (nouns in all their inflected forms, goals, problems, solutions,
measured effects), so full-text search, stemming and ranking work on something that reads like
real cases.

Deterministic: every step draws from its own `random.Random` seeded with (seed, step), dates
are fixed around EPOCH (not today), rows are generated in a fixed order and their ids are
counted on from the largest id in the table. The same scale and seed give the same rows; only
the `updated_at` bookkeeping columns differ between runs. `seed_fingerprint()` hashes the
content by natural keys, so two databases can be compared.

Fast: rows are built in memory a chunk at a time and written with `bulk_create` (no `save()`,
no signals, no services), a transaction per chunk, so SQLite's write-ahead log stays small; for
its own connection the load relaxes durability (SQLite `synchronous=OFF`, PostgreSQL
`synchronous_commit=off`), which risks only the load itself. A seed that stops part-way
leaves the chunks written so far (`--flush` starts again from an empty database). The
full-text indexes are rebuilt once at the end with the registered rebuilds (as `smartby
reindex` does); the datasets' metadata quality is computed in memory with the catalogue's own
`quality_compute` before the rows are written (re-reading and updating every dataset after
the load took three times as long).

Everything written is marked as demo content (`is_demo`), so every page that shows it says it
is fictional. Seeded people get an unusable password: nobody can log in as one of them.
"""

from __future__ import annotations

import bisect
import datetime
import hashlib
import itertools
import math
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max, Model
from django.urls import reverse
from django.utils import translation
from django.utils.module_loading import autodiscover_modules

from smartby.accounts.models import Membership, Role, User
from smartby.assessments import scoring
from smartby.assessments.models import Answer, Assessment, Section
from smartby.assessments.models import Status as AssessmentStatus
from smartby.assessments.models import Visibility as AssessmentVisibility
from smartby.cases.models import (
    Case,
    CaseLink,
    CasePartner,
    CaseTranslation,
    CaseUpdate,
    Lesson,
    LessonKind,
    Phase,
    Status,
    Technology,
    Theme,
    UpdateKind,
    Visibility,
)
from smartby.catalog.models import (
    AccessRights,
    Dataset,
    DatasetStatus,
    Distribution,
    PriceModel,
)
from smartby.catalog.quality import quality_compute
from smartby.catalog.vocabularies import FILE_TYPES
from smartby.core.models import Activity
from smartby.core.search import registered_rebuilds
from smartby.core.text import slugify_nordic
from smartby.demo.cases import ROLE_BY_KIND
from smartby.demo.catalog import EXTENSIONS
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
    Network,
    NetworkMembership,
    NetworkRole,
    VoteRecord,
    Workgroup,
    WorkTheme,
)
from smartby.network.services.decisions import YES_NO, _outcome
from smartby.organisations.models import Municipality, Organisation, OrganisationKind
from smartby.reference.models import DataTheme, Licence, SdgTarget, SustainableDevelopmentGoal
from smartby.roadmap.models import Challenge, KeyQuestion, PentaHelixGroup, Principle, TargetPicture

T = TypeVar("T")

# Dates are placed around this moment, not around today, so two runs give the same rows.
EPOCH = datetime.datetime(2026, 11, 1, 12, 0, tzinfo=datetime.UTC)
# Reserved example domains (RFC 2606): nothing seeded points at a real address.
EMAIL_DOMAIN = "seed.example.org"
WEB_BASE = "https://data.example.org/seed"
# A password starting with "!" is unusable (django.contrib.auth.hashers): a fixed one keeps
# the rows deterministic, and nobody can log in as a seeded person.
UNUSABLE_PASSWORD = "!smartby-seed"  # noqa: S105 - not a password: marks the account unusable

MAX_SCALE = 1000.0
# The counts at scale 1 (see the module docstring).
BASE_COUNTS = {
    "organisations": 3000,
    "users": 10000,
    "cases": 5000,
    "datasets": 2000,
    "assessments": 300,
    "meetings": 50,
    "decisions": 20,
    "workgroups": 8,
    "network_members": 40,
}
# Rows generated and written per transaction.
CHUNKS = {"organisations": 5000, "users": 10000, "cases": 2000, "datasets": 1000}
ASSESSMENT_YEARS = range(2019, 2027)  # the roadmap (2019) onwards; one round a year
CASE_YEARS = range(2012, 2027)


class SeedError(Exception):
    """Input the seed refuses (a bad scale, a database that already has content); nothing
    has been changed when it is raised."""


def parse_scale(value: object) -> float:
    """The scale as a float: a finite number greater than 0 and at most MAX_SCALE."""
    try:
        scale = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise SeedError(
            f"--scale must be a number greater than 0, such as 0.01, 1 or 100; got {value!r}."
        ) from None
    if not math.isfinite(scale) or scale <= 0:
        raise SeedError(
            f"--scale must be a number greater than 0, such as 0.01, 1 or 100; got {value!r}."
        )
    if scale > MAX_SCALE:
        raise SeedError(f"--scale must be at most {MAX_SCALE:g}; got {value!r}.")
    return scale


def seed_counts(scale: float) -> dict[str, int]:
    """How many rows of each kind a scale asks for (at least one of each)."""
    return {name: max(1, int(base * scale + 0.5)) for name, base in BASE_COUNTS.items()}


# --- vocabulary ----------------------------------------------------------------------------
#
# Everything the synthetic text is made of, read from data/seed_vocabulary.txt: the topics
# (smart-city subjects with their own words in bokmål and English), the sentence patterns
# they are put into, names, job titles and agendas. The file's header describes its format.

VOCABULARY_FILE = Path(__file__).parent / "data" / "seed_vocabulary.txt"


@dataclass(frozen=True)
class Topic:
    key: str
    name: tuple[str, str]  # bokmål, English
    themes: tuple[str, ...]  # Theme slugs, the first is the main one
    tech: tuple[str, ...]  # Technology slugs
    principles: tuple[int, ...]
    targets: tuple[str, ...]  # TargetPicture slugs
    sdgs: tuple[int, ...]
    data_themes: tuple[str, ...]  # EU data theme codes
    formats: tuple[str, ...]  # EU file type codes of its datasets
    things_nb: tuple[tuple[str, str, str, str], ...]  # indefinite/definite singular/plural
    things_en: tuple[tuple[str, str], ...]  # singular, plural
    goals: tuple[tuple[str, str], ...]  # bokmål infinitive, English base form
    problems: tuple[tuple[str, str], ...]
    solutions: tuple[tuple[str, str], ...]
    metrics: tuple[tuple[str, str], ...]  # things that go down when the case works
    keywords: tuple[tuple[str, str], ...]
    datasets: tuple[tuple[str, str], ...]


def _sections(text: str) -> dict[str, list[str]]:
    """The lines of each `[name]` section of the vocabulary file, as they stand (what comes
    before the first section is the file's description)."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("[") and line.rstrip().endswith("]"):
            name = line.strip()[1:-1]
            if name in sections:
                raise ValueError(f"the section [{name}] comes twice")
            current = sections[name] = []
        elif current is not None:
            current.append(line)
    return sections


_VOCABULARY = _sections(VOCABULARY_FILE.read_text(encoding="utf-8"))


def _pair(value: str) -> tuple[str, str]:
    nb, separator, en = value.partition(" | ")
    if not separator:
        raise ValueError(f"no ' | ' between bokmål and English in {value!r}")
    return nb.strip(), en.strip()


def _forms(value: str, count: int) -> tuple[str, ...]:
    forms = tuple(form.strip() for form in value.split(";"))
    if len(forms) != count:
        raise ValueError(f"{count} forms expected in {value!r}")
    return forms


def _joined_lines(name: str) -> list[str]:
    """The lines of a section without comments and blank lines, a line starting with spaces
    joined to the one before."""
    if name not in _VOCABULARY:
        raise ValueError(f"no section [{name}] in {VOCABULARY_FILE.name}")
    lines: list[str] = []
    for raw in _VOCABULARY[name]:
        if raw.startswith("#"):
            continue
        if raw.startswith(" ") and lines:
            lines[-1] += " " + raw.strip()
        elif raw.strip():
            lines.append(raw.strip())
    return lines


def _words(name: str) -> tuple[str, ...]:
    """A section of one word or phrase a line."""
    return tuple(_joined_lines(name))


def _pairs(name: str) -> tuple[tuple[str, str], ...]:
    """A section of `bokmål | English` lines as pairs."""
    return tuple(_pair(line) for line in _joined_lines(name))


def _kinds(name: str) -> list[str]:
    """The KIND of each `[name KIND]` section, in the file's order."""
    return [section.split(" ", 1)[1] for section in _VOCABULARY if section.startswith(name + " ")]


def _markdown(name: str) -> str:
    """A section as it stands, blank lines and all (without those at its end)."""
    lines = list(_VOCABULARY[name])
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines) + "\n"


def _frequency(line: str) -> tuple[str, str, str]:
    parts = tuple(part.strip() for part in line.split(" | "))
    if len(parts) != 3:
        raise ValueError(f"bokmål | English | frequency code expected in {line!r}")
    return parts[0], parts[1], parts[2]


def _parse_topics(lines: list[str]) -> tuple[Topic, ...]:
    """The topics of the [topics] section (ValueError naming the line when one is
    malformed)."""
    entries: list[dict[str, list[str]]] = []
    for line in lines:
        name, _, value = line.partition(" ")
        if name == "topic":
            entries.append({})
        elif not entries:
            raise ValueError(f"a topic must come first: {line!r}")
        entries[-1].setdefault(name, []).append(value)
    topics = []
    for entry in entries:

        def words(name: str, entry: dict[str, list[str]] = entry) -> tuple[str, ...]:
            return tuple(entry[name][0].split()) if name in entry else ()

        def pairs(name: str, entry: dict[str, list[str]] = entry) -> tuple[tuple[str, str], ...]:
            return tuple(_pair(value) for value in entry.get(name, []))

        things = pairs("thing")
        nb_forms = [_forms(nb, 4) for nb, _en in things]
        en_forms = [_forms(en, 2) for _nb, en in things]
        topics.append(
            Topic(
                key=entry["topic"][0],
                name=pairs("name")[0],
                themes=words("themes"),
                tech=words("tech"),
                principles=tuple(int(n) for n in words("principles")),
                targets=words("targets"),
                sdgs=tuple(int(n) for n in words("sdgs")),
                data_themes=words("data_themes"),
                formats=words("formats"),
                things_nb=tuple((f[0], f[1], f[2], f[3]) for f in nb_forms),
                things_en=tuple((f[0], f[1]) for f in en_forms),
                goals=pairs("goal"),
                problems=pairs("problem"),
                solutions=pairs("solution"),
                metrics=pairs("metric"),
                keywords=pairs("keyword"),
                datasets=pairs("dataset"),
            )
        )
    return tuple(topics)


TOPICS = _parse_topics(_joined_lines("topics"))


# Bokmål verbs whose present tense is not the infinitive + "r".
_PRESENT_NB = {"gjøre": "gjør", "frigjøre": "frigjør", "forutsi": "forutsier", "vite": "vet"}


def present_nb(phrase: str) -> str:
    """'finne lekkasjer' → 'finner lekkasjer' (the phrase starts with an infinitive)."""
    verb, _, rest = phrase.partition(" ")
    present = _PRESENT_NB.get(verb, verb + "r")
    return f"{present} {rest}" if rest else present


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# Title and summary patterns, aligned: entry i in bokmål says what entry i in English says
# (their slots are listed in the file).
TITLE_PATTERNS = _pairs("title_patterns")
ADJECTIVES = _pairs("adjectives")
AREAS = _pairs("areas")
INTRO_VERBS = _pairs("intro_verbs")
AMOUNTS = (5, 8, 12, 20, 25, 40, 60, 120, 300, 450, 1500)
RESULT_PATTERNS = _pairs("result_patterns")
(GOAL_PATTERN,) = _pairs("goal_pattern")
(ADOPTION_SENTENCE,) = _pairs("adoption_sentence")
GENERIC_PROBLEMS = _pairs("generic_problems")
GENERIC_SOLUTIONS = _pairs("generic_solutions")
GENERIC_RESULTS = _pairs("generic_results")
EARLY_RESULTS = _pairs("early_results")
STAKEHOLDERS = _pairs("stakeholders")
ACTIVITIES = _pairs("activities")
LESSONS = {kind: _pairs(f"lessons {kind}") for kind in _kinds("lessons")}
FUNDING = _pairs("funding")
UPDATES = _pairs("updates")
DATASET_UNITS = _pairs("dataset_units")
# (bokmål, English, Frequency value)
DATASET_FREQUENCIES = tuple(_frequency(line) for line in _joined_lines("dataset_frequencies"))
DATASET_TITLE_PATTERNS = _pairs("dataset_title_patterns")
DATASET_SOURCES = _pairs("dataset_sources")

FIRST_NAMES = _words("first_names")
LAST_NAMES = _words("last_names")
JOB_TITLES = {kind: _words(f"job_titles {kind}") for kind in _kinds("job_titles")}

ORG_PREFIXES = _words("org_prefixes")
ORG_STEMS = _words("org_stems")
ORG_SUFFIXES = tuple(" " + suffix for suffix in _words("org_suffixes"))
ACADEMIC_FIELDS = _words("academic_fields")
ACADEMIC_PATTERNS = _words("academic_patterns")
CIVIL_PATTERNS = _words("civil_patterns")
FINANCE_PATTERNS = _words("finance_patterns")
AGENCY_AREAS = _words("agency_areas")
AGENCY_PATTERNS = _words("agency_patterns")

MEETING_PLACES = _words("meeting_places")
STEERING_AGENDA = _words("steering_agenda")
OWNER_AGENDA = _words("owner_agenda")
WORKGROUP_AGENDA = _words("workgroup_agenda")
MINUTES = _markdown("minutes")
DECISION_TITLES = _pairs("decision_titles")
(PROPOSAL,) = _pairs("proposal")
# (identifier, weight) of the open licences free public datasets get.
OPEN_LICENCES = (
    ("NLOD-2.0", 40),
    ("CC-BY-4.0", 30),
    ("CC0-1.0", 15),
    ("ODbL-1.0", 5),
    ("CC-BY-SA-4.0", 5),
    ("NLOD-1.0", 5),
)
ASSESSMENT_COMMENTS = _words("assessment_comments")


# --- helpers -------------------------------------------------------------------------------


class _Picker:
    """Weighted choice with a given Random (cumulative weights and bisect: O(log n))."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        if not items:
            raise ValueError("nothing to pick from")
        self.items: list[Any] = list(items)
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> Any:
        index = bisect.bisect_right(self.cumulative, rng.random() * self.total)
        return self.items[min(index, len(self.items) - 1)]


def _some(rng: random.Random, preferred: Sequence[T], others: Sequence[T], k: int) -> list[T]:
    """k distinct values: the preferred ones first (in random order), then any others."""
    first = list(preferred)
    rng.shuffle(first)
    chosen = first[:k]
    rest = [v for v in others if v not in chosen]
    while len(chosen) < k and rest:
        chosen.append(rest.pop(rng.randrange(len(rest))))
    return chosen


def _ids(table: dict[Any, int], keys: Sequence[Any]) -> list[int]:
    """The ids of the keys the reference data has (unknown keys are skipped)."""
    return [table[key] for key in keys if key in table]


def _number(value: float, language: str) -> str:
    text = f"{value:.1f}"
    return text.replace(".", ",") if language == "nb" else text


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
class _CaseDraft:
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


@dataclass
class _Slugs:
    """Unique slugs from names, numbered -2, -3 ... when a name repeats (as unique_slug
    does), counting on per name so that a name used thousands of times costs no search."""

    def __init__(self, taken: Iterable[str]) -> None:
        self.taken = set(taken)
        self.last: dict[str, int] = {}
        self.number = 1  # of the slug made last: 1, or the number added to it

    def make(self, name: str, *, fallback: str) -> str:
        base = slugify_nordic(name)[:80].strip("-") or fallback
        n = self.last.get(base, 1)
        slug = base
        while slug in self.taken:
            n += 1
            slug = f"{base}-{n}"
        self.last[base] = n
        self.taken.add(slug)
        self.number = 1 if slug == base else n
        return slug


@dataclass
class _Org:
    id: int
    kind: str
    name: str
    slug: str
    municipality_id: int | None
    place: str  # the municipality's name, or the organisation's when it has none


@dataclass
class _Refs:
    """The reference data the seed links to, read once, in a fixed order."""

    themes: dict[str, int]
    technologies: dict[str, int]
    principles: dict[int, int]  # number → id
    targets: dict[str, int]
    sdgs: dict[int, int]
    sdg_targets: dict[int, list[int]]  # goal number → target ids
    data_themes: dict[str, int]
    licences: dict[str, int]
    roles: dict[str, int]
    key_questions: list[tuple[int, int, int]]  # id, principle id, position
    challenges: dict[int, list[int]]  # principle id → challenge ids
    municipalities: dict[int, tuple[str, str, int | None, int]]  # id → code, name, county, pop
    municipal_orgs: list[_Org]  # Norwegian, by municipality code
    nordic_orgs: list[_Org]  # the network's cities outside Norway
    county_orgs: list[_Org]
    county_municipalities: dict[int, list[int]]  # county organisation → its municipalities
    networks: dict[str, int]
    bodies: dict[tuple[int, str], tuple[int, int, str]]  # (network, kind) → id, quorum, majority
    work_themes: dict[int, list[int]]
    nordic_memberships: list[tuple[int, int]]  # membership id, organisation id

    @classmethod
    def load(cls) -> _Refs:
        municipalities = {
            m.pk: (m.code, m.name, m.county_id, m.population or 1000)
            for m in Municipality.objects.order_by("country", "code")
        }
        orgs = list(
            Organisation.objects.filter(
                kind__in=[OrganisationKind.MUNICIPALITY, OrganisationKind.COUNTY]
            ).order_by("slug")
        )

        def rec(o: Organisation) -> _Org:
            place = municipalities[o.municipality_id][1] if o.municipality_id else o.name
            return _Org(o.pk, o.kind, o.name, o.slug, o.municipality_id, place)

        norwegian = set(Municipality.objects.filter(country="NO").values_list("pk", flat=True))
        municipal = [o for o in orgs if o.kind == OrganisationKind.MUNICIPALITY]
        by_code = sorted(
            (o for o in municipal if o.municipality_id in norwegian),
            key=lambda o: municipalities[o.municipality_id][0],  # type: ignore[index]
        )
        county_municipalities: dict[int, list[int]] = defaultdict(list)
        for pk in sorted(norwegian, key=lambda pk: municipalities[pk][0]):
            county = municipalities[pk][2]
            if county is not None:
                county_municipalities[county].append(pk)
        county_orgs = [o for o in orgs if o.kind == OrganisationKind.COUNTY]
        county_of_org = dict(
            Organisation.objects.filter(pk__in=[o.pk for o in county_orgs]).values_list(
                "pk", "county_id"
            )
        )
        sdg_targets: dict[int, list[int]] = defaultdict(list)
        for pk, number in SdgTarget.objects.order_by("code").values_list("pk", "goal__number"):
            sdg_targets[number].append(pk)
        challenges: dict[int, list[int]] = defaultdict(list)
        for pk, principle in Challenge.objects.order_by(
            "principle__number", "position"
        ).values_list("pk", "principle_id"):
            challenges[principle].append(pk)
        networks = dict(Network.objects.order_by("slug").values_list("slug", "pk"))
        work_themes: dict[int, list[int]] = defaultdict(list)
        for pk, network in WorkTheme.objects.order_by("network__slug", "position").values_list(
            "pk", "network_id"
        ):
            work_themes[network].append(pk)
        nordic = networks.get("nordic-smart-city-network")
        refs = cls(
            themes=dict(Theme.objects.order_by("slug").values_list("slug", "pk")),
            technologies=dict(Technology.objects.order_by("slug").values_list("slug", "pk")),
            principles=dict(Principle.objects.order_by("number").values_list("number", "pk")),
            targets=dict(TargetPicture.objects.order_by("slug").values_list("slug", "pk")),
            sdgs=dict(
                SustainableDevelopmentGoal.objects.order_by("number").values_list("number", "pk")
            ),
            sdg_targets=dict(sdg_targets),
            data_themes=dict(DataTheme.objects.order_by("code").values_list("code", "pk")),
            licences=dict(Licence.objects.order_by("identifier").values_list("identifier", "pk")),
            roles=dict(PentaHelixGroup.objects.order_by("slug").values_list("slug", "pk")),
            key_questions=list(
                KeyQuestion.objects.order_by("code").values_list("pk", "principle_id", "position")
            ),
            challenges=dict(challenges),
            municipalities=municipalities,
            municipal_orgs=[rec(o) for o in by_code],
            nordic_orgs=[rec(o) for o in municipal if o.municipality_id not in norwegian],
            county_orgs=[rec(o) for o in county_orgs],
            county_municipalities={
                org.pk: county_municipalities.get(county_of_org[org.pk] or 0, [])
                for org in county_orgs
            },
            networks=networks,
            bodies={
                (network, kind): (pk, quorum, majority)
                for pk, network, kind, quorum, majority in Body.objects.order_by(
                    "network__slug", "kind"
                ).values_list("pk", "network_id", "kind", "quorum_percent", "majority")
            },
            work_themes=dict(work_themes),
            nordic_memberships=list(
                NetworkMembership.objects.filter(network_id=nordic, left_on__isnull=True)
                .order_by("organisation__slug")
                .values_list("pk", "organisation_id")
            )
            if nordic is not None
            else [],
        )
        return refs

    def municipal_picker(self) -> _Picker:
        """The Norwegian municipalities' organisations, weighted by the square root of the
        population."""
        return _Picker(
            self.municipal_orgs,
            [
                math.sqrt(self.municipalities[o.municipality_id or 0][3])
                for o in self.municipal_orgs
            ],
        )


class _Writer:
    """Writes rows with bulk_create, a chunk per transaction, and keeps per-table counts and
    the time spent writing each table."""

    def __init__(self, out: Callable[[str], None]) -> None:
        self.out = out
        self.rows: dict[str, int] = defaultdict(int)
        self.seconds: dict[str, float] = defaultdict(float)
        # SQLite caps a statement at 999 parameters; Django cuts the batches to fit.
        self.batch_size = 1000 if connection.vendor == "sqlite" else 2000
        self.ids: dict[type[Model], Iterator[int]] = {}

    def next_id(self, model: type[Model]) -> int:
        """Ids are given here, not by the database, so rows can point at each other before
        they are written (foreign keys are checked at commit on both databases)."""
        if model not in self.ids:
            largest = model._default_manager.aggregate(largest=Max("pk"))["largest"] or 0
            self.ids[model] = itertools.count(largest + 1)
        return next(self.ids[model])

    def write(self, groups: dict[type[Model], list[Any]]) -> None:
        """Write every group (parents first: the dict's order) in one transaction."""
        with transaction.atomic():
            for model, objs in groups.items():
                if not objs:
                    continue
                started = time.perf_counter()
                model._default_manager.bulk_create(objs, batch_size=self.batch_size)
                table = model._meta.db_table
                self.seconds[table] += time.perf_counter() - started
                self.rows[table] += len(objs)


def _rows() -> dict[type[Model], list[Any]]:
    return defaultdict(list)


@contextmanager
def _quiet_debug_cursor() -> Iterator[None]:
    """With DEBUG on (the development default) every statement is formatted and the last
    9,000 kept in memory: with thousand-row INSERTs that is gigabytes and a third of the
    time. The load runs with it off."""
    debug = settings.DEBUG
    settings.DEBUG = False
    try:
        yield
    finally:
        settings.DEBUG = debug


@contextmanager
def _bulk_load_session() -> Iterator[None]:
    """Relax durability for this connection while it loads (a crash loses the load, which
    is thrown away anyway). Inside a transaction (tests) nothing is changed."""
    if connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-262144")  # 256 MiB
            cursor.execute("PRAGMA temp_store=MEMORY")
        elif connection.vendor == "postgresql":
            cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.execute("PRAGMA cache_size=-2000")
                cursor.execute("PRAGMA temp_store=DEFAULT")
            elif connection.vendor == "postgresql":
                cursor.execute("RESET synchronous_commit")


def _quality(
    dataset: Dataset,
    distributions: list[Distribution],
    *,
    data_themes: list[int],
    spatial: list[int],
) -> dict[str, Any]:
    """The catalogue's own quality_compute for a dataset not written yet. It reads the
    distributions, data themes and spatial coverage through the related managers, and those
    answer from the prefetch cache when there is one: this fills the cache the way
    prefetch_related does (tests check the result equals what quality_refresh stores)."""
    cache: dict[str, Any] = {}
    objs: list[Any]
    model: Any
    for name, model, objs in (
        ("distributions", Distribution, sorted(distributions, key=lambda d: d.position)),
        ("data_themes", DataTheme, [DataTheme(pk=pk) for pk in data_themes]),
        ("spatial", Municipality, [Municipality(pk=pk) for pk in spatial]),
    ):
        queryset = model._default_manager.none()
        queryset._result_cache = list(objs)
        queryset._prefetch_done = True
        cache[name] = queryset
    dataset._prefetched_objects_cache = cache  # type: ignore[attr-defined]
    try:
        return quality_compute(dataset)
    finally:
        del dataset._prefetched_objects_cache  # type: ignore[attr-defined]


def _date_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    days = max(0, (end - start).days)
    return start + datetime.timedelta(days=rng.randint(0, days))


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=datetime.UTC)


# --- the seed ------------------------------------------------------------------------------


@dataclass
class SeedReport:
    """What a seed wrote: rows and seconds per table, seconds per step."""

    scale: float
    seed: int
    rows: dict[str, int]
    seconds: dict[str, float]
    steps: dict[str, float]
    total_seconds: float
    notes: list[str] = field(default_factory=list)


def seed_database(
    *,
    scale: float,
    seed: int = 1,
    flush: bool = False,
    out: Callable[[str], None] = lambda line: None,
) -> SeedReport:
    """Fill the database with synthetic data for `scale` (see the module docstring).
    Raises SeedError, having changed nothing, for a bad scale or when the database already
    has cases (or seeded people) and `flush` is false. With `flush` the whole database is
    emptied first (every table, as `smartby flush` does) and the reference data reloaded."""
    scale = parse_scale(scale)
    if not flush:
        existing = _existing_content()
        if existing:
            raise SeedError(
                f"The database already has {existing}. Seeding adds to an empty database "
                "only: run again with --flush to empty the whole database first (every "
                "table, people included) and then seed it."
            )
    started = time.perf_counter()
    steps: dict[str, float] = {}
    with (
        translation.override(settings.LANGUAGE_CODE),
        _quiet_debug_cursor(),
        _bulk_load_session(),
    ):
        if flush:
            t = time.perf_counter()
            _flush()
            steps["flush"] = time.perf_counter() - t
            out(f"flush: database emptied ({steps['flush']:.1f} s)")
        t = time.perf_counter()
        if _reference_missing():
            call_command("loadrefs", verbosity=0)
            out(f"loadrefs: reference data loaded ({time.perf_counter() - t:.1f} s)")
        steps["reference data"] = time.perf_counter() - t
        seeder = _Seeder(scale=scale, seed=seed, out=out)
        try:
            seeder.run(steps)
        except BaseException:
            out(
                "The seed stopped part-way: the database keeps the chunks written so far. "
                "Run again with --flush to start from an empty database."
            )
            raise
        _restart_change_history()
    total = time.perf_counter() - started
    return SeedReport(
        scale=scale,
        seed=seed,
        rows=dict(seeder.writer.rows),
        seconds=dict(seeder.writer.seconds),
        steps=steps,
        total_seconds=total,
        notes=seeder.notes,
    )


def _restart_change_history() -> None:
    """The triggers wrote a change row per seeded row (see smartby.core.facets): those are
    dropped and one new row per kind written, so that every process rebuilds its facet
    bitmaps and page cache once instead of reading millions of changes."""
    from smartby.core.models import FacetChange

    FacetChange.objects.all().delete()
    tokens = random.Random()  # noqa: S311 - a version marker, not a secret
    FacetChange.objects.bulk_create(
        FacetChange(collection=name, object_id=0, token=tokens.randrange(1, 2**53))
        for name in ("cases", "datasets", "site")
    )


def _flush() -> None:
    """Empty every table (Django's flush). PostgreSQL refuses to TRUNCATE tables with
    foreign-key checks still pending, which happens when the caller's transaction has
    written rows (tests do): those checks are run first, and deferred again after."""
    pending = connection.vendor == "postgresql" and connection.in_atomic_block
    if pending:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if pending:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _existing_content() -> str:
    cases = Case.objects.count()
    if cases:
        return f"{cases:,} case{'s' if cases != 1 else ''}"
    seeded = User.objects.filter(email__endswith="@" + EMAIL_DOMAIN).count()
    if seeded:
        return f"{seeded:,} seeded people (from an earlier, unfinished seed)"
    return ""


def _reference_missing() -> bool:
    return not (
        Municipality.objects.filter(country="NO").exists()
        and Network.objects.filter(slug="smartbyene").exists()
        and KeyQuestion.objects.exists()
        and Theme.objects.exists()
        and Licence.objects.exists()
        and Body.objects.exists()
    )


class _Seeder:
    def __init__(self, *, scale: float, seed: int, out: Callable[[str], None]) -> None:
        self.scale = scale
        self.seed = seed
        self.out = out
        self.counts = seed_counts(scale)
        self.writer = _Writer(out)
        self.notes: list[str] = []
        self.refs = _Refs.load()
        with translation.override("nb"):
            self.case_url = reverse("cases:case-detail", kwargs={"slug": "__slug__"})
            self.dataset_url = reverse("catalog:dataset-detail", kwargs={"slug": "__slug__"})
        # Filled as the steps go, read by later steps.
        self.orgs: list[_Org] = []  # seeded organisations
        self.orgs_by_kind: dict[str, list[_Org]] = defaultdict(list)
        self.org_by_id: dict[int, _Org] = {}
        self.smartbyene_members: list[_Org] = []
        self.users_by_org: dict[int, list[int]] = defaultdict(list)
        self.editors_by_org: dict[int, list[int]] = defaultdict(list)
        self.contacts: dict[int, tuple[str, str]] = {}  # editors: name, e-mail
        self.representatives: dict[int, tuple[int, int | None]] = {}  # org → user, deputy
        self.topic_cases: dict[int, list[int]] = defaultdict(list)  # published cases
        self.adoptable: dict[int, list[tuple[int, int, tuple[str, str]]]] = defaultdict(list)
        self.org_cases: dict[int, list[tuple[int, tuple[int, ...]]]] = defaultdict(list)

    def rng(self, step: str) -> random.Random:
        # A str seed is hashed with SHA-512 by random.Random: the same on every platform
        # and run, whatever PYTHONHASHSEED is.
        return random.Random(f"smartby-seed:{self.seed}:{step}")

    def run(self, steps: dict[str, float]) -> None:
        c = self.counts
        self.out(
            f"seed {self.seed}, scale {self.scale:g}: {c['organisations']:,} organisations, "
            f"{c['users']:,} people, {c['cases']:,} cases, {c['datasets']:,} datasets, "
            f"{c['assessments']:,} assessments, {c['meetings']:,} meetings, "
            f"{c['decisions']:,} decisions"
        )
        for name, step in (
            ("organisations", self.seed_organisations),
            ("people", self.seed_people),
            ("cases", self.seed_cases),
            ("datasets", self.seed_datasets),
            ("assessments", self.seed_assessments),
            ("networks", self.seed_networks),
            ("sequences", self.reset_sequences),
            ("search indexes", self.rebuild_indexes),
        ):
            started = time.perf_counter()
            step()
            steps[name] = time.perf_counter() - started
            self.out(f"{name}: done in {steps[name]:.1f} s")

    def progress(self, what: str, done: int, total: int, started: float) -> None:
        self.out(f"  {what}: {done:,} / {total:,} ({time.perf_counter() - started:.1f} s)")

    def chunks(
        self, what: str, total: int, chunk: int
    ) -> Iterator[tuple[dict[type[Model], list[Any]], range]]:
        """The rows of each chunk of `total` and the numbers of the rows it is for: filled by
        the caller, then written in one transaction. Progress is reported about ten times."""
        every = max(1, math.ceil(total / chunk / 10))
        started = time.perf_counter()
        for first in range(0, total, chunk):
            rows = _rows()
            yield rows, range(first, min(total, first + chunk))
            self.writer.write(rows)
            if (first // chunk) % every == 0 or first + chunk >= total:
                self.progress(what, min(total, first + chunk), total, started)

    # --- organisations ---------------------------------------------------------------------

    def seed_organisations(self) -> None:
        rng = self.rng("organisations")
        refs = self.refs
        total = self.counts["organisations"]
        place_picker = refs.municipal_picker()
        kinds = _Picker(
            [
                OrganisationKind.BUSINESS,
                OrganisationKind.ACADEMIA,
                OrganisationKind.CIVIL_SOCIETY,
                OrganisationKind.FINANCE,
                OrganisationKind.STATE_AGENCY,
            ],
            [55, 12, 15, 6, 12],
        )
        slugs = _Slugs(Organisation.objects.values_list("slug", flat=True))
        for org in refs.municipal_orgs + refs.nordic_orgs + refs.county_orgs:
            self.org_by_id[org.id] = org
        for rows, indexes in self.chunks("organisations", total, CHUNKS["organisations"]):
            for _ in indexes:
                kind = kinds.pick(rng)
                home = place_picker.pick(rng)
                name = self._org_name(rng, kind, home.place)
                slug = slugs.make(name, fallback="organisasjon")
                pk = self.writer.next_id(Organisation)
                topic = TOPICS[rng.randrange(len(TOPICS))]
                description = self._org_description(rng, kind, name, topic, home.place)
                rows[Organisation].append(
                    Organisation(
                        id=pk,
                        name=name,
                        slug=slug,
                        kind=kind,
                        municipality_id=home.municipality_id,
                        county_id=refs.municipalities[home.municipality_id or 0][2],
                        org_number=str(rng.randrange(810_000_000, 999_999_999))
                        if rng.random() < 0.7
                        else "",
                        website=f"https://www.example.com/{slug}" if rng.random() < 0.8 else "",
                        email=f"post@{slug[:40]}.example.com" if rng.random() < 0.6 else "",
                        description=description,
                        is_demo=True,
                        created_at=_at(
                            _date_between(rng, datetime.date(2018, 1, 1), EPOCH.date()), 9
                        ),
                    )
                )
                org = _Org(pk, kind, name, slug, home.municipality_id, home.place)
                self.orgs.append(org)
                self.orgs_by_kind[kind].append(org)
                self.org_by_id[pk] = org

    def _org_name(self, rng: random.Random, kind: str, place: str) -> str:
        if kind == OrganisationKind.BUSINESS:
            return rng.choice(ORG_PREFIXES) + rng.choice(ORG_STEMS) + rng.choice(ORG_SUFFIXES)
        if kind == OrganisationKind.ACADEMIA:
            return rng.choice(ACADEMIC_PATTERNS).format(
                field=rng.choice(ACADEMIC_FIELDS), place=place
            )
        if kind == OrganisationKind.CIVIL_SOCIETY:
            return rng.choice(CIVIL_PATTERNS).format(place=place)
        if kind == OrganisationKind.FINANCE:
            return rng.choice(FINANCE_PATTERNS).format(
                prefix=rng.choice(ORG_PREFIXES), stem=rng.choice(ORG_STEMS)
            )
        return rng.choice(AGENCY_PATTERNS).format(area=rng.choice(AGENCY_AREAS), place=place)

    def _org_description(
        self, rng: random.Random, kind: str, name: str, topic: Topic, place: str
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

    # --- people ----------------------------------------------------------------------------

    def seed_people(self) -> None:
        rng = self.rng("people")
        refs = self.refs
        total = self.counts["users"]
        # Smartbyene's members (the Nordic network's come with the reference data), chosen
        # first so that each member organisation gets a representative and a deputy.
        wanted = min(len(refs.municipal_orgs), max(6, self.counts["network_members"]))
        keyed = sorted(
            refs.municipal_orgs,
            key=lambda o: (
                -(rng.random() ** (1.0 / math.sqrt(refs.municipalities[o.municipality_id or 0][3])))
            ),
        )
        self.smartbyene_members = sorted(keyed[:wanted], key=lambda o: o.slug)
        speaking = list(
            dict.fromkeys(
                [o.id for o in self.smartbyene_members]
                + [org for _pk, org in refs.nordic_memberships]
            )
        )
        all_orgs = refs.municipal_orgs + refs.nordic_orgs + refs.county_orgs + self.orgs
        weights = []
        for o in all_orgs:
            if o.kind == OrganisationKind.MUNICIPALITY:
                weights.append(2 + math.sqrt(refs.municipalities[o.municipality_id or 0][3]) / 20)
            elif o.kind == OrganisationKind.COUNTY:
                weights.append(8.0)
            else:
                weights.append(1.5)
        picker = _Picker(all_orgs, weights)
        roles = _Picker([Role.MEMBER, Role.EDITOR, Role.ADMIN], [75, 18, 7])
        titles_of: dict[str, str] = {
            OrganisationKind.MUNICIPALITY: "public",
            OrganisationKind.COUNTY: "public",
            OrganisationKind.STATE_AGENCY: "public",
        }
        ascii_names = {name: slugify_nordic(name) for name in FIRST_NAMES + LAST_NAMES}
        # The first users go to the speaking organisations, two each.
        guaranteed = [org for org in speaking for _ in (0, 1)][:total]
        for rows, indexes in self.chunks("people", total, CHUNKS["users"]):
            for i in indexes:
                pk = self.writer.next_id(User)
                first_name = rng.choice(FIRST_NAMES)
                last_name = rng.choice(LAST_NAMES)
                name = f"{first_name} {last_name}"
                email = f"{ascii_names[first_name]}.{ascii_names[last_name]}.{i + 1}@{EMAIL_DOMAIN}"
                if i < len(guaranteed):
                    org = self.org_by_id[guaranteed[i]]
                    role = Role.ADMIN if i % 2 == 0 else Role.EDITOR
                    if i % 2 == 0:
                        self.representatives[org.id] = (pk, None)
                    else:
                        self.representatives[org.id] = (self.representatives[org.id][0], pk)
                else:
                    org = picker.pick(rng)
                    role = roles.pick(rng)
                titles = JOB_TITLES[titles_of.get(org.kind, org.kind)]
                joined = _at(_date_between(rng, datetime.date(2019, 1, 1), EPOCH.date()), 8)
                rows[User].append(
                    User(
                        id=pk,
                        email=email,
                        password=UNUSABLE_PASSWORD,
                        full_name=name,
                        title=rng.choice(titles),
                        preferred_language="en" if rng.random() < 0.12 else "nb",
                        is_public=rng.random() < 0.9,
                        is_demo=True,
                        date_joined=joined,
                        email_confirmed_at=joined if rng.random() < 0.95 else None,
                    )
                )
                memberships = [(org, role)]
                if i >= len(guaranteed) and rng.random() < 0.1:
                    other = picker.pick(rng)
                    if other.id != org.id:
                        memberships.append((other, Role.MEMBER))
                for member_of, member_role in memberships:
                    rows[Membership].append(
                        Membership(
                            user_id=pk,
                            organisation_id=member_of.id,
                            role=member_role,
                            created_at=joined,
                        )
                    )
                    self.users_by_org[member_of.id].append(pk)
                    if member_role != Role.MEMBER:
                        self.editors_by_org[member_of.id].append(pk)
                        self.contacts[pk] = (name, email)

    # --- cases -----------------------------------------------------------------------------

    def seed_cases(self) -> None:
        rng = self.rng("cases")
        refs = self.refs
        total = self.counts["cases"]
        municipal = refs.municipal_picker()
        in_county = {
            org.id: _Picker(ids, [math.sqrt(refs.municipalities[m][3]) for m in ids])
            for org in refs.county_orgs
            if (ids := refs.county_municipalities.get(org.id))
        }
        others = [o for o in self.orgs if o.kind != OrganisationKind.FINANCE] or self.orgs
        phases = _Picker(
            [
                Phase.ANALYSIS,
                Phase.INNOVATION,
                Phase.DESIGN,
                Phase.PILOT,
                Phase.ADAPTATION,
                Phase.SCALING,
            ],
            [10, 10, 15, 30, 15, 20],
        )
        years = _Picker(list(CASE_YEARS), [(y - 2010) ** 1.5 for y in CASE_YEARS])
        kinds = list(LessonKind.values)
        slugs = _Slugs(Case.objects.values_list("slug", flat=True))
        for rows, indexes in self.chunks("cases", total, CHUNKS["cases"]):
            for _ in indexes:
                draw = rng.random()
                if draw < 0.72 or not (refs.nordic_orgs or refs.county_orgs or others):
                    owner = municipal.pick(rng)
                elif draw < 0.75 and refs.nordic_orgs:
                    owner = rng.choice(refs.nordic_orgs)
                elif draw < 0.83 and refs.county_orgs:
                    owner = rng.choice(refs.county_orgs)
                else:
                    owner = rng.choice(others) if others else municipal.pick(rng)
                municipality_id = owner.municipality_id
                if owner.kind == OrganisationKind.COUNTY and owner.id in in_county:
                    municipality_id = in_county[owner.id].pick(rng)
                self._case(rng, rows, owner, municipality_id, phases, years, kinds, slugs)

    def _case(
        self,
        rng: random.Random,
        rows: dict[type[Model], list[Any]],
        owner: _Org,
        municipality_id: int | None,
        phases: _Picker,
        years: _Picker,
        kinds: list[str],
        slugs: _Slugs,
    ) -> None:
        refs = self.refs
        pk = self.writer.next_id(Case)
        topic_index = rng.randrange(len(TOPICS))
        is_foreign = owner in refs.nordic_orgs
        lang = 1 if is_foreign or rng.random() < 0.12 else 0
        language = "en" if lang else "nb"
        place = refs.municipalities[municipality_id][1] if municipality_id else owner.place
        owner_words = (
            owner.name,
            owner.place if owner.kind == OrganisationKind.MUNICIPALITY else owner.name,
        )
        phase = phases.pick(rng)
        position = [p.value for p in Phase].index(phase)
        if position < 3:
            status = Status.ONGOING if rng.random() < 0.93 else Status.STOPPED
        else:
            status = _Picker([Status.ONGOING, Status.COMPLETED, Status.STOPPED], [55, 35, 10]).pick(
                rng
            )
        year = years.pick(rng)
        last_day = EPOCH.date() - datetime.timedelta(days=45)
        started_on = _date_between(
            rng, datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), last_day)
        )
        ended_on = None
        if status != Status.ONGOING:
            ended_on = min(last_day, started_on + datetime.timedelta(days=rng.randint(180, 1100)))
        is_published = rng.random() < 0.92
        published_day = min(
            EPOCH.date() - datetime.timedelta(days=1),
            started_on + datetime.timedelta(days=rng.randint(20, 400)),
        )
        published_at = (
            _at(published_day, rng.randint(7, 16), rng.randrange(60)) if is_published else None
        )
        visibility = Visibility.NETWORK if rng.random() < 0.10 else Visibility.PUBLIC
        topic = TOPICS[topic_index]

        origin = None
        pool = self.adoptable[topic_index]
        if is_published and pool and rng.random() < 0.06:
            origin = pool[rng.randrange(len(pool))]
        draft = _CaseDraft(
            topic=topic,
            thing=rng.randrange(len(topic.things_nb)),
            goal=rng.randrange(len(topic.goals)),
            title=rng.randrange(len(TITLE_PATTERNS)),
            adj=rng.randrange(len(ADJECTIVES)),
            area=rng.randrange(len(AREAS)),
            verb=rng.randrange(len(INTRO_VERBS)),
            amount=rng.choice(AMOUNTS) if rng.random() < 0.7 else None,
            result=rng.randrange(len(RESULT_PATTERNS)),
            metric=rng.randrange(len(topic.metrics)),
            percent=rng.randint(8, 65),
            months=rng.choice((6, 9, 12, 18, 24, 36)),
            goal_year=min(2032, max(year, EPOCH.year) + rng.randint(1, 4)),
            late=position >= 3,
            place=place,
            owner=owner_words,
            origin=origin[2] if origin else None,
        )
        title = draft.title_in(lang)
        slug = slugs.make(title, fallback="case")

        editors = self.editors_by_org.get(owner.id) or self.users_by_org.get(owner.id) or []
        author = editors[rng.randrange(len(editors))] if editors else None
        contact = self.contacts.get(author or 0, ("", ""))
        progress_at = published_at
        review_on = None

        updates = []
        if is_published and position >= 3 and rng.random() < 0.6:
            moments = sorted(
                _date_between(rng, published_day, EPOCH.date() - datetime.timedelta(days=1))
                for _ in range(rng.randint(1, 3))
            )
            for k, day in enumerate(moments):
                update_kind: str = UpdateKind.PROGRESS
                before = after = ""
                if k == len(moments) - 1 and phase == Phase.SCALING:
                    update_kind, before, after = UpdateKind.SCALED, Phase.PILOT, Phase.SCALING
                elif k == len(moments) - 1 and status == Status.STOPPED:
                    update_kind = UpdateKind.STOPPED
                when = _at(day, rng.randint(8, 15), rng.randrange(60))
                updates.append(
                    CaseUpdate(
                        case_id=pk,
                        kind=update_kind,
                        text=UPDATES[rng.randrange(len(UPDATES))][lang],
                        phase_before=before,
                        phase_after=after,
                        created_at=when,
                        author_id=author,
                    )
                )
                progress_at = when
        if status == Status.ONGOING and phase == Phase.PILOT and progress_at is not None:
            review_on = progress_at.date() + datetime.timedelta(days=rng.randint(60, 270))

        problems = rng.sample(topic.problems, 2)
        solutions = rng.sample(topic.solutions, 2)
        problem = (
            ". ".join([p[lang] for p in problems] + [rng.choice(GENERIC_PROBLEMS)[lang]]) + "."
        )
        solution = (
            ". ".join([s[lang] for s in solutions] + [rng.choice(GENERIC_SOLUTIONS)[lang]]) + "."
        )
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
            result_text = " ".join(results)
        else:
            result_text = rng.choice(EARLY_RESULTS)[lang] if rng.random() < 0.6 else ""
        keywords = rng.sample(topic.keywords, rng.randint(2, 4))

        created_at = _at(min(started_on, published_day), 9)
        rows[Case].append(
            Case(
                id=pk,
                slug=slug,
                owner_id=owner.id,
                municipality_id=municipality_id,
                language=language,
                title=title,
                summary=draft.summary_in(lang),
                problem=problem,
                solution=solution,
                results=result_text,
                tags=", ".join(k[lang] for k in keywords),
                phase=phase,
                status=status,
                started_on=started_on,
                ended_on=ended_on,
                funding=rng.choice(FUNDING)[lang] if rng.random() < 0.7 else "",
                contact_name=contact[0],
                contact_email=contact[1],
                is_published=is_published,
                published_at=published_at,
                visibility=visibility,
                adopted_from_id=origin[0] if origin else None,
                lineage_root_id=origin[1] if origin else pk,
                progress_at=progress_at,
                review_on=review_on,
                created_by_id=author,
                created_at=created_at,
                is_demo=True,
            )
        )
        rows[CaseUpdate].extend(updates)

        all_themes = list(refs.themes)
        theme_slugs = _some(
            rng, topic.themes[:1], topic.themes[1:] + tuple(all_themes), rng.randint(1, 3)
        )
        tech_slugs = _some(
            rng,
            topic.tech,
            list(refs.technologies),
            _Picker([0, 1, 2, 3], [15, 35, 30, 20]).pick(rng),
        )
        principle_numbers = _some(rng, topic.principles, list(refs.principles), rng.randint(1, 3))
        target_slugs = _some(rng, topic.targets, list(refs.targets), rng.randint(1, 2))
        sdg_numbers = _some(rng, topic.sdgs, list(refs.sdgs), rng.randint(1, 3))
        for model, column, values in (
            (Case.themes.through, "theme_id", _ids(refs.themes, theme_slugs)),
            (Case.technologies.through, "technology_id", _ids(refs.technologies, tech_slugs)),
            (Case.principles.through, "principle_id", _ids(refs.principles, principle_numbers)),
            (Case.target_pictures.through, "targetpicture_id", _ids(refs.targets, target_slugs)),
            (Case.sdgs.through, "sustainabledevelopmentgoal_id", _ids(refs.sdgs, sdg_numbers)),
        ):
            rows[model].extend(
                model(case_id=pk, **{column: value}) for value in sorted(set(values))
            )
        if rng.random() < 0.4 and refs.sdg_targets.get(sdg_numbers[0]):
            target = rng.choice(refs.sdg_targets[sdg_numbers[0]])
            rows[Case.sdg_targets.through].append(
                Case.sdg_targets.through(case_id=pk, sdgtarget_id=target)
            )

        if rng.random() < 0.4:
            sg, _dsg, plural, definite = topic.things_nb[draft.thing]
            thing_words = (
                (plural, definite) if lang == 0 else (topic.things_en[draft.thing][1],) * 2
            )
            for position_, lesson_kind in enumerate(sorted(rng.sample(kinds, rng.randint(1, 3)))):
                lesson = rng.choice(LESSONS[lesson_kind])[lang]
                rows[Lesson].append(
                    Lesson(
                        case_id=pk,
                        kind=lesson_kind,
                        position=position_,
                        text=lesson.format(
                            t=thing_words[0],
                            ts=thing_words[1],
                            who=rng.choice(STAKEHOLDERS)[lang],
                            what=rng.choice(ACTIVITIES)[lang],
                            months=rng.randint(2, 8),
                        ),
                    )
                )
        if rng.random() < 0.10:
            other = 1 - lang
            rows[CaseTranslation].append(
                CaseTranslation(
                    case_id=pk,
                    language="en" if other else "nb",
                    title=draft.title_in(other),
                    summary=draft.summary_in(other),
                )
            )
        if rng.random() < 0.35 and self.orgs:
            partners = {rng.choice(self.orgs).id for _ in range(rng.randint(1, 3))} - {owner.id}
            for partner in sorted(partners):
                kind = self.org_by_id[partner].kind
                role = refs.roles.get(ROLE_BY_KIND[OrganisationKind(kind)])
                rows[CasePartner].append(
                    CasePartner(
                        case_id=pk,
                        organisation_id=partner,
                        role_id=role,
                        can_edit=rng.random() < 0.2,
                    )
                )
        if rng.random() < 0.25:
            rows[CaseLink].append(
                CaseLink(
                    case_id=pk,
                    url=f"https://example.org/seed/{slug}/rapport",
                    title=("Sluttrapport fra prosjektet", "Final report of the project")[lang],
                )
            )

        if is_published and published_at is not None:
            self.topic_cases[topic_index].append(pk)
            if origin is None and visibility == Visibility.PUBLIC:
                pool.append((pk, pk, owner_words))
                if len(pool) > 400:
                    del pool[:200]
            if visibility == Visibility.PUBLIC:
                if origin is None:
                    verb, nb, en = (
                        "cases.published",
                        f"{owner.name} delte «{title}»",
                        f"{owner.name} shared “{title}”",
                    )
                else:
                    verb = "cases.adopted"
                    nb = f"{owner.name} tok i bruk «{title}» fra {origin[2][0]}"
                    en = f"{owner.name} adopted “{title}” from {origin[2][0]}"
                rows[Activity].append(
                    Activity(
                        verb=verb,
                        text_nb=nb[:300],
                        text_en=en[:300],
                        url=self.case_url.replace("__slug__", slug),
                        is_demo=True,
                        created_at=published_at,
                    )
                )
        if owner.kind == OrganisationKind.MUNICIPALITY and len(self.org_cases[owner.id]) < 30:
            self.org_cases[owner.id].append(
                (pk, tuple(refs.principles[n] for n in principle_numbers))
            )

    # --- datasets --------------------------------------------------------------------------

    def seed_datasets(self) -> None:
        rng = self.rng("datasets")
        refs = self.refs
        total = self.counts["datasets"]
        municipal = refs.municipal_picker()
        sources: list[tuple[float, list[_Org]]] = [
            (0.55, refs.nordic_orgs),
            (0.62, refs.county_orgs),
            (0.85, self.orgs_by_kind[OrganisationKind.BUSINESS]),
            (0.93, self.orgs_by_kind[OrganisationKind.STATE_AGENCY]),
            (1.01, self.orgs_by_kind[OrganisationKind.ACADEMIA]),
        ]
        known = [(k, w) for k, w in OPEN_LICENCES if k in refs.licences]
        open_licences = _Picker([k for k, _w in known], [w for _k, w in known]) if known else None
        slugs = _Slugs(Dataset.objects.values_list("slug", flat=True))
        for rows, indexes in self.chunks("datasets", total, CHUNKS["datasets"]):
            for _ in indexes:
                draw = rng.random()
                publisher = None
                if draw >= 0.5:
                    for limit, candidates in sources:
                        if draw < limit:
                            publisher = rng.choice(candidates) if candidates else None
                            break
                if publisher is None:
                    publisher = municipal.pick(rng)
                self._dataset(rng, rows, publisher, open_licences, slugs)

    def _dataset(
        self,
        rng: random.Random,
        rows: dict[type[Model], list[Any]],
        publisher: _Org,
        open_licences: _Picker | None,
        slugs: _Slugs,
    ) -> None:
        refs = self.refs
        pk = self.writer.next_id(Dataset)
        topic_index = rng.randrange(len(TOPICS))
        topic = TOPICS[topic_index]
        ds = topic.datasets[rng.randrange(len(topic.datasets))]
        frequency = DATASET_FREQUENCIES[rng.randrange(len(DATASET_FREQUENCIES))]
        unit = DATASET_UNITS[rng.randrange(len(DATASET_UNITS))]
        pattern = DATASET_TITLE_PATTERNS[rng.randrange(len(DATASET_TITLE_PATTERNS))]
        y1 = rng.randint(2012, 2024)
        place = publisher.place
        y2 = y1 + rng.randint(1, 2)
        titles = [
            pattern[lang].format(
                ds=ds[lang], place=place, freq=frequency[lang], unit=unit[lang], y1=y1, y2=y2
            )
            for lang in (0, 1)
        ]
        draw = rng.random()
        has = (True, True) if draw < 0.85 else (True, False) if draw < 0.97 else (False, True)
        # How complete the metadata is, so the quality scores spread over every band as in
        # real catalogues (as in the demo catalogue): 3 full, 2 good, 1 basic, 0 bare.
        level = _Picker([3, 2, 1, 0], [15, 30, 35, 20]).pick(rng)

        commercial = publisher.kind == OrganisationKind.BUSINESS
        if commercial:
            price_model = _Picker(
                [PriceModel.FREE, PriceModel.SUBSCRIPTION, PriceModel.PER_CALL, PriceModel.ONE_OFF],
                [30, 35, 20, 15],
            ).pick(rng)
            access = _Picker(
                [AccessRights.PUBLIC, AccessRights.RESTRICTED, AccessRights.NON_PUBLIC],
                [60, 30, 10],
            ).pick(rng)
        else:
            price_model = PriceModel.FREE if rng.random() < 0.96 else PriceModel.SUBSCRIPTION
            access = _Picker(
                [AccessRights.PUBLIC, AccessRights.RESTRICTED, AccessRights.NON_PUBLIC], [88, 8, 4]
            ).pick(rng)
        if level == 0 and rng.random() < 0.5:
            access = ""
        licence = None
        if price_model == PriceModel.FREE and access == AccessRights.PUBLIC:
            if open_licences is not None and (level > 0 or rng.random() < 0.3):
                licence = refs.licences[open_licences.pick(rng)]
        elif "CC-BY-NC-4.0" in refs.licences and rng.random() < 0.3:
            licence = refs.licences["CC-BY-NC-4.0"]
        price_nok = None
        price_terms = ""
        if price_model != PriceModel.FREE:
            low, high = {
                PriceModel.SUBSCRIPTION: (500, 20000),
                PriceModel.PER_CALL: (0.05, 2.0),
                PriceModel.ONE_OFF: (5000, 200000),
            }[PriceModel(price_model)]
            price_nok = Decimal(f"{rng.uniform(low, high):.2f}")
            price_terms = rng.choice(
                (
                    "Pris eksklusive mva. Rabatt for kommuner i nettverket.",
                    "Prisen gjelder per måned; oppsigelse med tre måneders varsel.",
                    "Volumrabatt over 100 000 kall i måneden.",
                    "Engangslisens for intern bruk i kommunen.",
                )
            )
        licence_name = next((k for k, v in refs.licences.items() if v == licence), "")
        descriptions = []
        for lang in (0, 1):
            source = rng.choice(DATASET_SOURCES)[lang]
            goal = topic.goals[rng.randrange(len(topic.goals))][lang]
            if lang == 0:
                text = (
                    f"{ds[0]} {source} i {place}, som {frequency[0]} per {unit[0]}. "
                    f"Dataene brukes blant annet til å {goal}."
                )
                text += (
                    f" Datasettet er åpent og kan brukes fritt under {licence_name}."
                    if licence_name and price_model == PriceModel.FREE
                    else f" Tilgang krever avtale med {publisher.name}; se pris og vilkår."
                )
            else:
                text = (
                    f"{ds[1]} {source} in {place}, as {frequency[1]} per {unit[1]}. "
                    f"The data is used, among other things, to {goal}."
                )
                text += (
                    f" The dataset is open and free to use under {licence_name}."
                    if licence_name and price_model == PriceModel.FREE
                    else f" Access requires an agreement with {publisher.name}; see the terms."
                )
            descriptions.append(text)
        keywords = rng.sample(topic.keywords, rng.randint(2, 4))
        slug = slugs.make(titles[0] if has[0] else titles[1], fallback="datasett")
        issued = _date_between(
            rng, datetime.date(2015, 1, 1), EPOCH.date() - datetime.timedelta(days=10)
        )
        modified = _date_between(rng, issued, EPOCH.date()) if level >= 2 else None
        temporal_start = (
            datetime.date(y1, rng.randint(1, 12), 1) if level >= 2 and rng.random() < 0.8 else None
        )
        if level == 0:
            keywords = []
        withdrawn = rng.random() < 0.03
        formats = list(
            dict.fromkeys(rng.sample(topic.formats, rng.randint(1, min(2, len(topic.formats)))))
        )
        conforms_to = []
        if "GTFS" in formats:
            conforms_to.append("https://gtfs.org/schedule/reference/")
        if "NETEX" in formats:
            conforms_to.append("https://netex-cen.eu/")
        rich = level >= 2
        dataset = Dataset(
            id=pk,
            uri=f"{WEB_BASE}/dataset/{slug}",
            slug=slug,
            identifier=slug,
            title_nb=titles[0] if has[0] else "",
            title_en=titles[1] if has[1] else "",
            description_nb=descriptions[0] if has[0] else "",
            description_en=descriptions[1] if has[1] else "",
            publisher_id=publisher.id,
            contact_name=f"Dataforvaltning, {publisher.name}"[:200] if rich else "",
            contact_email=f"data@{publisher.slug[:40]}.example.org" if rich else "",
            keywords_nb=[k[0] for k in keywords] if has[0] else [],
            keywords_en=[k[1] for k in keywords] if has[1] else [],
            temporal_start=temporal_start,
            temporal_end=temporal_start.replace(year=temporal_start.year + 1)
            if temporal_start and rng.random() < 0.3
            else None,
            frequency=frequency[2] if rng.random() < 0.75 else "",
            issued=issued if level >= 2 else None,
            modified=modified,
            landing_page=f"{WEB_BASE}/{publisher.slug}/{slug}/" if level == 3 else "",
            conforms_to=conforms_to,
            languages=[code for code, present in zip(("nb", "en"), has, strict=True) if present],
            access_rights=access,
            licence_id=licence,
            price_model=price_model,
            price_nok=price_nok,
            price_terms=price_terms,
            status=DatasetStatus.WITHDRAWN if withdrawn else DatasetStatus.ACTIVE,
            withdrawn_at=_at(_date_between(rng, issued, EPOCH.date()), 10) if withdrawn else None,
            created_at=_at(issued, 10),
            is_demo=True,
        )
        rows[Dataset].append(dataset)
        data_themes = _some(
            rng,
            topic.data_themes[:1],
            topic.data_themes[1:] + tuple(refs.data_themes),
            rng.randint(1, 2) if level else 0,
        )
        themes = _some(rng, topic.themes, (), rng.randint(0, 2))
        spatial: list[int] = []
        if level < 2:
            pass
        elif publisher.municipality_id:
            spatial = [publisher.municipality_id]
        elif publisher.kind == OrganisationKind.COUNTY:
            members = refs.county_municipalities.get(publisher.id, [])
            spatial = rng.sample(members, min(len(members), rng.randint(2, 5)))
        for model, column, values in (
            (Dataset.data_themes.through, "datatheme_id", _ids(refs.data_themes, data_themes)),
            (Dataset.themes.through, "theme_id", _ids(refs.themes, themes)),
            (Dataset.spatial.through, "municipality_id", spatial),
        ):
            rows[model].extend(model(dataset_id=pk, **{column: v}) for v in sorted(set(values)))
        published_cases = self.topic_cases.get(topic_index)
        if published_cases and rng.random() < 0.25:
            for case in sorted({rng.choice(published_cases) for _ in range(rng.randint(1, 2))}):
                rows[Dataset.used_in_cases.through].append(
                    Dataset.used_in_cases.through(dataset_id=pk, case_id=case)
                )

        checked = EPOCH - datetime.timedelta(hours=rng.randint(1, 30))
        api = rng.random() < 0.25
        entries: list[tuple[str, bool]] = [(code, False) for code in formats]
        if api:
            entries.append(("JSON", True))
        distributions = []
        for position, (code, is_api) in enumerate(entries):
            file_type = FILE_TYPES.get(code)
            extension = EXTENSIONS.get(code, code.lower())
            pattern_draw = rng.random()
            never = pattern_draw < 0.1
            down = pattern_draw >= 0.93
            availability = (
                None
                if never
                else rng.uniform(0.2, 0.6)
                if down
                else rng.uniform(0.7, 0.93)
                if pattern_draw > 0.8
                else (1.0 if rng.random() < 0.7 else 29 / 30)
            )
            distributions.append(
                Distribution(
                    dataset_id=pk,
                    position=position,
                    uri=f"{WEB_BASE}/dataset/{slug}/distribution/{position + 1}",
                    title_nb="API" if is_api else f"{code}-fil",
                    title_en="API" if is_api else f"{code} file",
                    access_url=f"{WEB_BASE}/api/{slug}/v1/"
                    if is_api
                    else f"{WEB_BASE}/{publisher.slug}/{slug}/",
                    download_url=""
                    if is_api or level < 2
                    else f"{WEB_BASE}/{publisher.slug}/{slug}/{slug}.{extension}",
                    api_description_url=f"{WEB_BASE}/api/{slug}/v1/openapi.json" if is_api else "",
                    format=code,
                    media_type=file_type.media_type if file_type and level >= 2 else "",
                    byte_size=rng.randint(2_000, 900_000_000)
                    if not is_api and level == 3
                    else None,
                    licence_id=licence if level == 3 else None,
                    modified=modified,
                    last_checked_at=None if never else checked,
                    last_ok_at=None
                    if never
                    else checked - datetime.timedelta(days=9 if down else 0),
                    last_status=None if never else 404 if down else 200,
                    last_response_ms=None if never or down else rng.randint(40, 900),
                    last_error="The server answered with an error." if down else "",
                    availability_30d=availability,
                    created_at=_at(issued, 10),
                )
            )
        rows[Distribution].extend(distributions)
        started = time.perf_counter()
        quality = _quality(
            dataset,
            distributions,
            data_themes=_ids(refs.data_themes, data_themes),
            spatial=spatial,
        )
        dataset.quality = quality
        dataset.quality_points = quality["points"]
        dataset.quality_band = quality["band"]
        self.writer.seconds["catalog_dataset (quality)"] += time.perf_counter() - started
        if not withdrawn:
            nb_title = titles[0] if has[0] else titles[1]
            en_title = titles[1] if has[1] else titles[0]
            rows[Activity].append(
                Activity(
                    verb="catalog.published",
                    text_nb=f"{publisher.name} publiserte datasettet «{nb_title}»"[:300],
                    text_en=f"{publisher.name} published the dataset “{en_title}”"[:300],
                    url=self.dataset_url.replace("__slug__", slug),
                    is_demo=True,
                    created_at=_at(issued, 10),
                )
            )

    # --- assessments -----------------------------------------------------------------------

    def seed_assessments(self) -> None:
        rng = self.rng("assessments")
        refs = self.refs
        wanted = self.counts["assessments"]
        orgs = refs.municipal_orgs
        pairs = [(org, year) for org in orgs for year in ASSESSMENT_YEARS]
        count = min(wanted, len(pairs))
        if count < wanted:
            note = (
                f"assessments: {count:,} instead of {wanted:,}: at most one per municipality "
                f"and round ({len(orgs)} municipalities × {len(ASSESSMENT_YEARS)} rounds, "
                f"{ASSESSMENT_YEARS[0]}–{ASSESSMENT_YEARS[-1]})"
            )
            self.notes.append(note)
            self.out(note)
        chosen = sorted(rng.sample(range(len(pairs)), count))
        principles = sorted(refs.principles.items())  # (number, id)
        questions = refs.key_questions
        profiles: dict[int, tuple[list[float], float]] = {}
        previous: dict[int, int] = {}
        visibilities = _Picker(
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
            rows = _rows()
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
                editors = self.editors_by_org.get(org.id, [])
                person = editors[rng.randrange(len(editors))] if editors else None
                pk = self.writer.next_id(Assessment)
                submitted_at = (
                    None if is_draft else datetime.datetime(year, 10, 15, 12, tzinfo=datetime.UTC)
                )
                sections = {}
                for (number, principle), base in zip(principles, bases, strict=True):
                    section_id = self.writer.next_id(Section)
                    sections[principle] = (
                        section_id,
                        number,
                        base + growth * (year - ASSESSMENT_YEARS[0]),
                    )
                levels_of: dict[int, list[int | None]] = defaultdict(list)
                first_answer: dict[int, int] = {}
                for question, principle, _position in questions:
                    section_id, number, level_base = sections[principle]
                    level: int | None = max(
                        1, min(5, round(level_base + rng.choice((-1, 0, 0, 0, 1))))
                    )
                    if is_draft and number > 4:
                        level = None
                    answer_id = self.writer.next_id(Answer)
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
                                Section.barriers.through(
                                    section_id=section_id, challenge_id=challenge
                                )
                            )
                    cases = [c for c, ps in self.org_cases.get(org.id, []) if principle in ps]
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
                        visibility=AssessmentVisibility.PRIVATE
                        if is_draft
                        else visibilities.pick(rng),
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
            self.writer.write(rows)
        self.progress("assessments", count, count, started)

    # --- networks --------------------------------------------------------------------------

    def seed_networks(self) -> None:
        rng = self.rng("networks")
        refs = self.refs
        rows = _rows()
        smartbyene = refs.networks.get("smartbyene")
        nordic = refs.networks.get("nordic-smart-city-network")
        members: dict[int, list[int]] = {}  # network → current member organisations
        if smartbyene is not None:
            rows[NetworkMembership]  # parents first
            current = []
            for org in self.smartbyene_members:
                user, deputy = self.representatives.get(org.id, (None, None))
                rows[NetworkMembership].append(
                    NetworkMembership(
                        id=self.writer.next_id(NetworkMembership),
                        network_id=smartbyene,
                        organisation_id=org.id,
                        joined_on=_date_between(rng, datetime.date(2016, 1, 1), EPOCH.date()),
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
                joined = _date_between(rng, datetime.date(2016, 1, 1), datetime.date(2022, 12, 31))
                rows[NetworkMembership].append(
                    NetworkMembership(
                        id=self.writer.next_id(NetworkMembership),
                        network_id=smartbyene,
                        organisation_id=org.id,
                        joined_on=joined,
                        left_on=joined + datetime.timedelta(days=rng.randint(365, 1200)),
                        is_demo=True,
                        created_at=_at(joined, 9),
                    )
                )
            members[smartbyene] = current
        if nordic is not None:
            named = []
            for membership_id, org_id in refs.nordic_memberships:
                user, deputy = self.representatives.get(org_id, (None, None))
                if user is not None:
                    named.append(
                        NetworkMembership(
                            id=membership_id, representative_id=user, deputy_id=deputy
                        )
                    )
            with transaction.atomic():
                NetworkMembership.objects.bulk_update(named, ["representative", "deputy"])
            members[nordic] = [org for _pk, org in refs.nordic_memberships]
        networks = [n for n in (smartbyene, nordic) if n is not None and members.get(n)]
        if not networks:
            return
        # One secretariat person per network.
        people = sorted({u for users in self.users_by_org.values() for u in users[:1]})
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
        network_picker = _Picker(networks, weights)

        # Workgroups on the topics, led and joined by member organisations.
        workgroups: dict[int, list[tuple[int, list[int], str, datetime.date, datetime.date | None]]]
        workgroups = defaultdict(list)
        slugs = {network: _Slugs(()) for network in networks}
        for _ in range(min(400, max(2, self.counts["workgroups"]))):
            network = network_picker.pick(rng)
            topic = TOPICS[rng.randrange(len(TOPICS))]
            slug = slugs[network].make(topic.name[0], fallback="arbeidsgruppe")
            n = slugs[network].number
            group_members = rng.sample(
                members[network], min(len(members[network]), rng.randint(3, 10))
            )
            created_on = _date_between(rng, datetime.date(2018, 1, 1), EPOCH.date())
            dissolved_on = (
                _date_between(rng, created_on, EPOCH.date()) if rng.random() < 0.2 else None
            )
            pk = self.writer.next_id(Workgroup)
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
                    created_at=_at(created_on, 9),
                )
            )
            rows[Workgroup.members.through].extend(
                Workgroup.members.through(workgroup_id=pk, organisation_id=org)
                for org in sorted(group_members)
            )
            workgroups[network].append((pk, group_members, topic.name[0], created_on, dissolved_on))
        self.writer.write(rows)

        self.seed_meetings(rng, networks, network_picker, members, workgroups)
        self.seed_decisions(rng, networks, network_picker, members)

    def seed_meetings(
        self,
        rng: random.Random,
        networks: list[int],
        network_picker: _Picker,
        members: dict[int, list[int]],
        workgroups: dict[
            int, list[tuple[int, list[int], str, datetime.date, datetime.date | None]]
        ],
    ) -> None:
        refs = self.refs
        total = self.counts["meetings"]
        short = {
            refs.networks.get("smartbyene"): "Smartbyene",
            refs.networks.get("nordic-smart-city-network"): "NSCN",
        }
        started = time.perf_counter()
        chunk = 500
        for first in range(0, total, chunk):
            rows = _rows()
            rows[Meeting]  # parents first
            for _ in range(first, min(total, first + chunk)):
                network = network_picker.pick(rng)
                draw = rng.random()
                groups = workgroups.get(network, [])
                day = _date_between(
                    rng, datetime.date(2019, 1, 1), EPOCH.date() + datetime.timedelta(days=180)
                )
                starts_at = _at(day, rng.randint(8, 13), rng.choice((0, 15, 30)))
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
                pk = self.writer.next_id(Meeting)
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
                        ends_at=starts_at
                        + datetime.timedelta(minutes=rng.choice((60, 90, 120, 180))),
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
                    rows[AgendaItem].append(
                        AgendaItem(meeting_id=pk, position=position, title=item)
                    )
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
                        user = self.representatives.get(org, (None, None))[0]
                        if user is None or user in seen or rng.random() >= 0.75:
                            continue
                        seen.add(user)
                        rows[Attendance].append(
                            Attendance(meeting_id=pk, user_id=user, organisation_id=org)
                        )
            self.writer.write(rows)
        self.progress("meetings", total, total, started)

    def seed_decisions(
        self,
        rng: random.Random,
        networks: list[int],
        network_picker: _Picker,
        members: dict[int, list[int]],
    ) -> None:
        refs = self.refs
        total = self.counts["decisions"]
        choice_weights = _Picker(["yes", "no", "abstain"], [65, 20, 15])
        started = time.perf_counter()
        chunk = 200
        for first in range(0, total, chunk):
            rows = _rows()
            rows[Decision]  # parents first
            rows[DecisionOption]
            for _ in range(first, min(total, first + chunk)):
                network = network_picker.pick(rng)
                kind = Body.Kind.STEERING_GROUP if rng.random() < 0.7 else Body.Kind.OWNER_MEETING
                body_id, quorum, majority = refs.bodies[(network, kind)]
                opens_day = _date_between(
                    rng, datetime.date(2019, 1, 1), EPOCH.date() + datetime.timedelta(days=60)
                )
                opens_at = _at(opens_day, 9)
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
                    labels = [(self.org_by_id[o].place, self.org_by_id[o].place) for o in hosts]
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
                pk = self.writer.next_id(Decision)
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
                        id=self.writer.next_id(DecisionOption),
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
                    rows[Elector].extend(
                        Elector(decision_id=pk, organisation_id=o) for o in electorate
                    )
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
                                cast_by_id=self.representatives.get(org, (None, None))[0],
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
            self.writer.write(rows)
        self.progress("decisions", total, total, started)

    # --- after the load --------------------------------------------------------------------

    def reset_sequences(self) -> None:
        """Rows were written with their ids: move PostgreSQL's sequences past them (SQLite's
        AUTOINCREMENT follows by itself)."""
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.writer.ids))
        if statements:
            with transaction.atomic(), connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)

    def rebuild_indexes(self) -> None:
        # Each app registers its index in its `search` module (see `smartby reindex`).
        autodiscover_modules("search")
        for table, rebuild in sorted(registered_rebuilds().items()):
            started = time.perf_counter()
            count = rebuild()
            self.writer.seconds[f"{table} (index)"] += time.perf_counter() - started
            self.writer.rows[f"{table} (index)"] += count
            self.out(f"  {table}: {count:,} rows indexed ({time.perf_counter() - started:.1f} s)")


# --- comparing two databases ---------------------------------------------------------------


def _fingerprint_spec() -> list[tuple[type[Model], dict[str, Any], tuple[str, ...]]]:
    """The seeded content by natural keys (slugs, e-mails, codes), never by ids, so two
    databases seeded alike give the same fingerprint (reference rows only where the seed
    links to them: their own timestamps differ between loads)."""
    spec: list[tuple[Any, str]] = [
        (
            Organisation,
            "slug name kind municipality__code county__number org_number website "
            "email description is_demo created_at",
        ),
        (
            User,
            "email full_name title preferred_language is_public is_demo date_joined "
            "email_confirmed_at",
        ),
        (
            Membership,
            "user__email organisation__slug role created_at",
        ),
        (
            Case,
            "slug owner__slug municipality__code language title summary problem "
            "solution results tags phase status started_on ended_on funding "
            "contact_name contact_email is_published published_at visibility "
            "adopted_from__slug lineage_root__slug progress_at review_on "
            "created_by__email created_at is_demo",
        ),
        (
            Case.themes.through,
            "case__slug theme__slug",
        ),
        (
            Case.technologies.through,
            "case__slug technology__slug",
        ),
        (
            Case.principles.through,
            "case__slug principle__number",
        ),
        (
            Case.target_pictures.through,
            "case__slug targetpicture__slug",
        ),
        (
            Case.sdgs.through,
            "case__slug sustainabledevelopmentgoal__number",
        ),
        (
            Case.sdg_targets.through,
            "case__slug sdgtarget__code",
        ),
        (
            Lesson,
            "case__slug position kind text",
        ),
        (
            CaseTranslation,
            "case__slug language title summary",
        ),
        (
            CasePartner,
            "case__slug organisation__slug role__slug can_edit",
        ),
        (
            CaseLink,
            "case__slug url title",
        ),
        (
            CaseUpdate,
            "case__slug created_at kind text phase_before phase_after author__email",
        ),
        (
            Dataset,
            "slug uri title_nb title_en description_nb description_en "
            "publisher__slug contact_name contact_email keywords_nb keywords_en "
            "temporal_start temporal_end frequency issued modified landing_page "
            "conforms_to languages access_rights licence__identifier price_model "
            "price_nok price_terms status withdrawn_at quality_points quality_band "
            "is_demo",
        ),
        (
            Distribution,
            "dataset__slug position uri title_nb title_en access_url download_url "
            "format media_type byte_size licence__identifier availability_30d "
            "last_checked_at last_status",
        ),
        (
            Dataset.data_themes.through,
            "dataset__slug datatheme__code",
        ),
        (
            Dataset.themes.through,
            "dataset__slug theme__slug",
        ),
        (
            Dataset.spatial.through,
            "dataset__slug municipality__code",
        ),
        (
            Dataset.used_in_cases.through,
            "dataset__slug case__slug",
        ),
        (
            Assessment,
            "organisation__slug year status visibility previous__year "
            "started_by__email submitted_at score answered is_demo",
        ),
        (
            Section,
            "assessment__organisation__slug assessment__year principle__number score answered",
        ),
        (
            Answer,
            "section__assessment__organisation__slug section__assessment__year "
            "key_question__code level comment",
        ),
        (
            Section.barriers.through,
            "section__assessment__organisation__slug section__assessment__year "
            "challenge__principle__number challenge__position",
        ),
        (
            Answer.evidence.through,
            "answer__section__assessment__organisation__slug "
            "answer__section__assessment__year answer__key_question__code "
            "case__slug",
        ),
        (
            NetworkMembership,
            "network__slug organisation__slug joined_on left_on "
            "representative__email deputy__email",
        ),
        (
            NetworkRole,
            "network__slug user__email role",
        ),
        (
            Workgroup,
            "network__slug slug name_nb name_en theme__slug mandate_nb lead__slug "
            "created_on dissolved_on",
        ),
        (
            Workgroup.members.through,
            "workgroup__network__slug workgroup__slug organisation__slug",
        ),
        (
            Meeting,
            "network__slug starts_at title_nb title_en ends_at body__kind "
            "workgroup__slug place is_public status minutes",
        ),
        (
            AgendaItem,
            "meeting__network__slug meeting__starts_at meeting__title_nb position title",
        ),
        (
            Attendance,
            "meeting__network__slug meeting__starts_at meeting__title_nb "
            "user__email organisation__slug",
        ),
        (
            Decision,
            "body__network__slug body__kind opens_at title_nb title_en kind secret "
            "closes_at status electorate_size outcome winning_option__label_nb "
            "closed_at",
        ),
        (
            DecisionOption,
            "decision__body__network__slug decision__opens_at decision__title_nb "
            "position label_nb role",
        ),
        (
            Ballot,
            "decision__body__network__slug decision__opens_at decision__title_nb "
            "organisation__slug option__position cast_at",
        ),
        (
            VoteRecord,
            "decision__body__network__slug decision__opens_at decision__title_nb "
            "organisation__slug cast_at cast_by__email option__position",
        ),
        (
            Activity,
            "created_at verb url text_nb text_en is_demo",
        ),
    ]
    seeded: dict[type[Model], dict[str, Any]] = {
        Organisation: {"is_demo": True},
        User: {"email__endswith": "@" + EMAIL_DOMAIN},
        Membership: {"user__email__endswith": "@" + EMAIL_DOMAIN},
        Activity: {"is_demo": True},
    }
    return [(model, seeded.get(model, {}), tuple(fields.split())) for model, fields in spec]


def seed_fingerprint() -> str:
    """A SHA-256 over the seeded content in a fixed order (for tests and for checking that
    two benchmark databases hold the same data). Reads every seeded row: slow at scale."""
    digest = hashlib.sha256()
    for model, only, fields in _fingerprint_spec():
        digest.update(model._meta.label.encode())
        rows = model._default_manager.filter(**only).order_by(*fields).values_list(*fields)
        for row in rows.iterator(chunk_size=5000):
            digest.update(repr(row).encode())
    return digest.hexdigest()
