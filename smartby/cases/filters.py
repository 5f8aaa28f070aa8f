"""The filters of the case list, shared by the page (/cases/, its map and exports) and the
API (GET /api/v1/cases): the same names, the same values and the same "unknown value"
rule, so a link copied from one works on the other.

Multi-valued filters are repeated (`?theme=mobility&theme=energy`): values of one filter are
alternatives (any of them), different filters all apply.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartby.cases.models import LessonKind, Phase, Status, Technology, Theme
from smartby.core.search import MAX_QUERY_CHARS
from smartby.core.vocabulary import KeptVocabulary, VocabularyData, vocabulary_data
from smartby.organisations.models import County, Municipality
from smartby.reference.models import SustainableDevelopmentGoal
from smartby.roadmap.models import Principle, TargetPicture

# Filters with a facet (counts per value), in the order the sidebar shows them.
FACETS: tuple[str, ...] = (
    "theme",
    "phase",
    "status",
    "technology",
    "principle",
    "target_picture",
    "sdg",
    "country",
    "county",
    "municipality",
    "start_year",
    "has_lessons",
)

SORT_RELEVANCE = "relevance"
SORT_NEWEST = "newest"
SORT_OLDEST = "oldest"
SORT_TITLE = "title"
SORT_UPDATED = "updated"
SORTS = (SORT_RELEVANCE, SORT_NEWEST, SORT_OLDEST, SORT_TITLE, SORT_UPDATED)
SORT_LABELS = {
    SORT_RELEVANCE: _("Relevance"),
    SORT_NEWEST: _("Newest first"),
    SORT_OLDEST: _("Oldest first"),
    SORT_TITLE: _("Title"),
    SORT_UPDATED: _("Recently updated"),
}

COUNTRY_NAMES = {
    "NO": _("Norway"),
    "SE": _("Sweden"),
    "DK": _("Denmark"),
    "FI": _("Finland"),
    "IS": _("Iceland"),
}

YES = "yes"
MIN_YEAR = 1900
MAX_YEAR = 2100


@dataclass
class CaseFilters:
    """Parsed, validated filters. Lists hold the canonical values (principle numbers as
    strings, upper-case country codes)."""

    q: str = ""
    country: list[str] = field(default_factory=list)
    county: list[str] = field(default_factory=list)
    municipality: list[str] = field(default_factory=list)
    theme: list[str] = field(default_factory=list)
    principle: list[str] = field(default_factory=list)
    target_picture: list[str] = field(default_factory=list)
    sdg: list[str] = field(default_factory=list)
    phase: list[str] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    technology: list[str] = field(default_factory=list)
    has_lessons: bool = False
    start_year: list[str] = field(default_factory=list)
    sort: str = ""

    def values(self, name: str) -> list[str]:
        """The selected values of a facet, as strings (`has_lessons` → ["yes"] or [])."""
        if name == "has_lessons":
            return [YES] if self.has_lessons else []
        return list(getattr(self, name))

    @property
    def effective_sort(self) -> str:
        """The order used: relevance only makes sense with a query; newest otherwise."""
        if self.sort == SORT_RELEVANCE and not self.q:
            return SORT_NEWEST
        return self.sort or (SORT_RELEVANCE if self.q else SORT_NEWEST)


class Vocabulary(KeptVocabulary):
    """The known values of each filter with their labels in the active language. Read from
    the reference data once per process and content version (smartby.core.vocabulary), so
    a request costs no query for it while nothing changed."""

    kept_as = "cases.vocabulary"

    @staticmethod
    def read() -> VocabularyData:
        return _read_vocabulary()

    def labels_of(self, name: str, values: Iterable[str]) -> dict[str, str]:
        """The labels of just these values, in the vocabulary's order."""
        labels = self.labels(name)
        wanted = set(values)
        if len(wanted) * 4 < len(labels):  # few of many: look them up, keep the order
            order = self._vocabulary.order[name]
            return {v: labels[v] for v in sorted(wanted & labels.keys(), key=order.__getitem__)}
        return {v: label for v, label in labels.items() if v in wanted}

    def check(self, name: str, values: Iterable[str]) -> list[str]:
        """The canonical form of `values`; raises UnknownValue for the first unknown one."""
        known = self.labels(name)
        aliases = self._vocabulary.aliases.get(name, {})
        result: list[str] = []
        for raw in values:
            value = aliases.get(raw.strip().lower(), raw.strip())
            if value not in known:
                raise UnknownValue(name, raw, list(known) if len(known) <= 30 else [])
            if value not in result:
                result.append(value)
        return result


def _read_vocabulary() -> VocabularyData:
    """Every filter's values and labels in the active language (six queries)."""
    principles = list(Principle.objects.order_by("number"))
    themes = list(Theme.objects.all())
    technologies = list(Technology.objects.all())
    rows: dict[str, list[tuple[str, str]]] = {
        "theme": [(t.slug, str(t.name)) for t in themes],
        "phase": [(value, str(label)) for value, label in Phase.choices],
        "status": [(value, str(label)) for value, label in Status.choices],
        "technology": [(t.slug, str(t.name)) for t in technologies],
        "principle": [(str(p.number), f"{p.number}. {p.title}") for p in principles],
        "target_picture": [(t.slug, str(t.title)) for t in TargetPicture.objects.all()],
        "sdg": [
            (str(g.number), f"{g.number}. {g.short_title}")
            for g in SustainableDevelopmentGoal.objects.order_by("number")
        ],
        "country": [(code, str(name)) for code, name in COUNTRY_NAMES.items()],
        "county": [(c.number, c.name) for c in County.objects.order_by("name")],
        "municipality": [
            (code, name if country == "NO" else f"{name} ({country})")
            for code, name, country in Municipality.objects.order_by("name").values_list(
                "code", "name", "country"
            )
        ],
        "start_year": [(str(year), str(year)) for year in range(MAX_YEAR, MIN_YEAR - 1, -1)],
        "has_lessons": [(YES, str(_("Has lessons learned")))],
    }
    return vocabulary_data(
        rows,
        aliases={
            # a principle is given by number or slug; a country in any case
            "principle": {p.slug: str(p.number) for p in principles},
            "country": {code.lower(): code for code in COUNTRY_NAMES},
        },
    )


class UnknownValue(ValueError):
    """A filter value that names nothing."""

    def __init__(self, name: str, value: str, allowed: list[str]) -> None:
        self.name = name
        self.value = value
        self.allowed = allowed
        super().__init__(f"unknown {name} '{value}'")

    @property
    def message(self) -> str:
        from django.utils.translation import gettext

        if self.allowed:
            return gettext("Unknown value “%(value)s”. Expected one of: %(allowed)s.") % {
                "value": self.value,
                "allowed": ", ".join(self.allowed),
            }
        return gettext("Unknown value “%(value)s”.") % {"value": self.value}


FILTER_LABELS = {
    "q": _("Search"),
    "theme": _("Theme"),
    "phase": _("Phase"),
    "status": _("Status"),
    "technology": _("Technology"),
    "principle": _("Roadmap principle"),
    "target_picture": _("Target picture"),
    "sdg": _("Sustainable development goal"),
    "country": _("Country"),
    "county": _("County"),
    "municipality": _("Municipality"),
    "start_year": _("Start year"),
    "has_lessons": _("Lessons learned"),
    "sort": _("Sort by"),
}


class SearchTextField(forms.CharField):
    """Search words: any text is accepted. NUL characters are dropped and the text is cut
    where the search engine stops reading, so no search box input is ever an error."""

    def to_python(self, value: Any) -> str:
        text = str(super().to_python(value)).replace("\x00", "")
        return text[:MAX_QUERY_CHARS]


class CaseFilterForm(forms.Form):
    """The filters as a GET form. Unknown values are form errors (the page answers 400),
    not empty results. Choices are checked against the `Vocabulary` in `clean_<name>`, so
    the form does not load every municipality just to be shown."""

    q = SearchTextField(label=FILTER_LABELS["q"], required=False)
    sort = forms.ChoiceField(
        label=FILTER_LABELS["sort"],
        required=False,
        choices=[("", _("Default order")), *SORT_LABELS.items()],
    )

    def __init__(self, *args: Any, vocabulary: Vocabulary, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.vocabulary = vocabulary
        for name in FACETS:
            self.fields[name] = forms.Field(label=FILTER_LABELS[name], required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in FACETS:
            if name in self.errors:
                continue
            raw = self.data.getlist(name) if hasattr(self.data, "getlist") else []
            values = [v for v in raw if v.strip()]
            try:
                cleaned[name] = self.vocabulary.check(name, values)
            except UnknownValue as exc:
                self.add_error(name, exc.message)
        return cleaned

    def filters(self) -> CaseFilters:
        """The valid part of the input (invalid filters are left out)."""
        data = getattr(self, "cleaned_data", {})
        return CaseFilters(
            q=(data.get("q") or "").strip(),
            sort=data.get("sort") or "",
            has_lessons=bool(data.get("has_lessons")),
            **{name: data.get(name) or [] for name in FACETS if name != "has_lessons"},
        )


def filters_from_query(
    data: Any, *, vocabulary: Vocabulary
) -> tuple[CaseFilters, dict[str, list[str]]]:
    """Parse a QueryDict: the filters and the errors per field (empty when all is valid)."""
    form = CaseFilterForm(data, vocabulary=vocabulary)
    form.is_valid()
    errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
    return form.filters(), errors


class LessonFilterForm(forms.Form):
    """Filters of the lessons view: one kind (pitfalls by default) and any themes."""

    kind = forms.ChoiceField(label=_("Kind of lesson"), required=False, choices=LessonKind.choices)

    def __init__(self, *args: Any, vocabulary: Vocabulary, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.vocabulary = vocabulary
        self.fields["theme"] = forms.Field(label=FILTER_LABELS["theme"], required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        raw = self.data.getlist("theme") if hasattr(self.data, "getlist") else []
        try:
            cleaned["theme"] = self.vocabulary.check("theme", [v for v in raw if v.strip()])
        except UnknownValue as exc:
            self.add_error("theme", exc.message)
        return cleaned

    @property
    def lesson_kind(self) -> str:
        data = getattr(self, "cleaned_data", {})
        return data.get("kind") or LessonKind.PITFALL

    @property
    def themes(self) -> list[str]:
        return list(getattr(self, "cleaned_data", {}).get("theme") or [])
