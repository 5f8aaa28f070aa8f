"""The filters of the dataset list, shared by the page (/data/) and the API
(GET /api/v1/datasets): the same names, values and "unknown value" rule.

Multi-valued filters are repeated (`?theme=TRAN&theme=ENVI`): values of one filter are
alternatives, different filters all apply. Withdrawn datasets are left out unless
`withdrawn=yes`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartby.cases.filters import SearchTextField, UnknownValue
from smartby.cases.models import Theme
from smartby.catalog.models import AccessRights, PriceModel, QualityBand
from smartby.catalog.vocabularies import FILE_TYPES
from smartby.core.vocabulary import KeptVocabulary, VocabularyData, vocabulary_data
from smartby.organisations.models import Municipality, Organisation
from smartby.reference.models import DataTheme, Licence

__all__ = ["UnknownValue"]

# Filters with a facet, in the order the sidebar shows them.
FACETS: tuple[str, ...] = (
    "theme",
    "network_theme",
    "publisher",
    "licence",
    "access",
    "price_model",
    "format",
    "municipality",
    "quality_band",
)

SORT_RELEVANCE = "relevance"
SORT_TITLE = "title"
SORT_MODIFIED = "modified"
SORT_QUALITY = "quality"
SORTS = (SORT_RELEVANCE, SORT_TITLE, SORT_MODIFIED, SORT_QUALITY)
SORT_LABELS = {
    SORT_RELEVANCE: _("Relevance"),
    SORT_TITLE: _("Title"),
    SORT_MODIFIED: _("Recently modified"),
    SORT_QUALITY: _("Best metadata quality"),
}
YES = "yes"

FILTER_LABELS = {
    "q": _("Search"),
    "theme": _("Data theme"),
    "network_theme": _("Network theme"),
    "publisher": _("Publisher"),
    "licence": _("Licence"),
    "access": _("Access rights"),
    "price_model": _("Price model"),
    "format": _("Format"),
    "municipality": _("Area (municipality)"),
    "quality_band": _("Metadata quality"),
    "withdrawn": _("Withdrawn datasets"),
    "sort": _("Sort by"),
}


@dataclass
class DatasetFilters:
    q: str = ""
    theme: list[str] = field(default_factory=list)
    network_theme: list[str] = field(default_factory=list)
    publisher: list[str] = field(default_factory=list)
    licence: list[str] = field(default_factory=list)
    access: list[str] = field(default_factory=list)
    price_model: list[str] = field(default_factory=list)
    format: list[str] = field(default_factory=list)
    municipality: list[str] = field(default_factory=list)
    quality_band: list[str] = field(default_factory=list)
    withdrawn: bool = False
    sort: str = ""

    def values(self, name: str) -> list[str]:
        return list(getattr(self, name))

    @property
    def effective_sort(self) -> str:
        """Relevance only makes sense with a query; title order otherwise."""
        if self.sort == SORT_RELEVANCE and not self.q:
            return SORT_TITLE
        return self.sort or (SORT_RELEVANCE if self.q else SORT_TITLE)


class Vocabulary(KeptVocabulary):
    """The known values of each filter with their labels in the active language, read
    once per process and content version (smartby.core.vocabulary). Publishers are every
    organisation, so they are looked up by the values asked for, not all read."""

    kept_as = "catalog.vocabulary"

    @staticmethod
    def read() -> VocabularyData:
        return _read_vocabulary()

    def labels_of(self, name: str, values: Iterable[str]) -> dict[str, str]:
        """The labels of just these values, in the vocabulary's order (unknown ones left
        out)."""
        wanted = set(values)
        if name == "publisher":
            rows = Organisation.objects.filter(slug__in=wanted).order_by("name")
            return dict(rows.values_list("slug", "name"))
        return {v: label for v, label in self.labels(name).items() if v in wanted}

    def check(self, name: str, values: Iterable[str]) -> list[str]:
        """The canonical form of `values`; raises UnknownValue for the first unknown one."""
        values = list(values)
        if name == "publisher":  # slugs are lower-case already; no list of all to offer
            slugs = [v.strip().lower() for v in values]
            found = self.labels_of(name, slugs) if slugs else {}
            for raw, slug in zip(values, slugs, strict=True):
                if slug not in found:
                    raise UnknownValue(name, raw, [])
            return list(dict.fromkeys(slugs))
        known = self.labels(name)
        result: list[str] = []
        for raw in values:
            value = raw.strip()
            if value not in known:
                value = next((k for k in known if k.lower() == value.lower()), value)
            if value not in known:
                raise UnknownValue(name, raw, list(known) if len(known) <= 30 else [])
            if value not in result:
                result.append(value)
        return result


def _read_vocabulary() -> VocabularyData:
    """Every filter's values and labels but the publishers', in the active language (four
    queries)."""
    municipalities = list(
        Municipality.objects.order_by("name").values_list("pk", "code", "name", "country")
    )
    data_themes = list(DataTheme.objects.order_by("code"))
    themes = list(Theme.objects.all())
    rows: dict[str, list[tuple[str, str]]] = {
        "theme": [(t.code, str(t.label)) for t in data_themes],
        "network_theme": [(t.slug, str(t.name)) for t in themes],
        "licence": [
            (lic.identifier, lic.identifier) for lic in Licence.objects.order_by("identifier")
        ],
        "access": [(value, str(label)) for value, label in AccessRights.choices],
        "price_model": [(value, str(label)) for value, label in PriceModel.choices],
        "format": [(code, code.replace("_", "-")) for code in sorted(FILE_TYPES)],
        "municipality": [
            (code, name if country == "NO" else f"{name} ({country})")
            for _pk, code, name, country in municipalities
        ],
        "quality_band": [(value, str(label)) for value, label in QualityBand.choices],
    }
    return vocabulary_data(rows)


class DatasetFilterForm(forms.Form):
    """The filters as a GET form; unknown values are form errors (the page answers 400)."""

    q = SearchTextField(label=FILTER_LABELS["q"], required=False)
    withdrawn = forms.BooleanField(
        label=_("Show withdrawn datasets too"),
        required=False,
        help_text=_("Withdrawn datasets are no longer kept up to date by their publisher."),
    )
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
            raw = self.data.getlist(name) if hasattr(self.data, "getlist") else []
            values = [v for v in raw if v.strip()]
            try:
                cleaned[name] = self.vocabulary.check(name, values)
            except UnknownValue as exc:
                self.add_error(name, exc.message)
        return cleaned

    def filters(self) -> DatasetFilters:
        data = getattr(self, "cleaned_data", {})
        return DatasetFilters(
            q=(data.get("q") or "").strip(),
            sort=data.get("sort") or "",
            withdrawn=bool(data.get("withdrawn")),
            **{name: data.get(name) or [] for name in FACETS},
        )
