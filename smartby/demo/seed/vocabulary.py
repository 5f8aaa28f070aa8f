"""The words the seed's text is made of, read from data/seed_vocabulary.txt (its header
describes the format): the topics, smart-city subjects with their own words in bokmål and
English, and the sentence patterns, names, job titles and agendas they are put into. What
each section becomes in Python is decided here; text.py puts the words together."""

from __future__ import annotations

from dataclasses import dataclass

from smartby.demo.cases import DATA_DIR

VOCABULARY_FILE = DATA_DIR / "seed_vocabulary.txt"


@dataclass(frozen=True)
class Topic:
    """A smart-city subject and its words (the [topics] section)."""

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


def _section(name: str) -> list[str]:
    if name not in _VOCABULARY:
        raise ValueError(f"no section [{name}] in {VOCABULARY_FILE.name}")
    return _VOCABULARY[name]


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
    lines: list[str] = []
    for raw in _section(name):
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
    lines = list(_section(name))
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

# Title and summary patterns, aligned: entry i in bokmål says what entry i in English says
# (their slots are listed in the file).
TITLE_PATTERNS = _pairs("title_patterns")
ADJECTIVES = _pairs("adjectives")
AREAS = _pairs("areas")
INTRO_VERBS = _pairs("intro_verbs")
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
ASSESSMENT_COMMENTS = _words("assessment_comments")
