"""What the filter vocabularies of the lists (cases, datasets) share: the known values of
each filter with their labels in the active language, read once per process and content
version (smartby.core.memo), and the naming of a page's links from them."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from django.conf import settings
from django.utils.translation import get_language

from smartby.core.memo import per_version


@dataclass(frozen=True)
class VocabularyData:
    """Per filter: value → label and value → place in order (in the order read); row id →
    value for filters read from a table; and other spellings of values (alias → value)."""

    labels: dict[str, dict[str, str]]
    order: dict[str, dict[str, int]]
    aliases: dict[str, dict[str, str]] = field(default_factory=dict)


def vocabulary_data(
    rows: Mapping[str, Sequence[tuple[str, str]]],
    *,
    aliases: dict[str, dict[str, str]] | None = None,
) -> VocabularyData:
    """VocabularyData from each filter's (value, label) pairs in order."""
    return VocabularyData(
        labels={name: dict(pairs) for name, pairs in rows.items()},
        order={name: {v: i for i, (v, _label) in enumerate(pairs)} for name, pairs in rows.items()},
        aliases=aliases or {},
    )


class KeptVocabulary:
    """A vocabulary kept per process, content version and language: a subclass names it
    (`kept_as`) and says how to read it (`read`, queries in the active language)."""

    kept_as: ClassVar[str]
    read: ClassVar[Callable[[], VocabularyData]]

    def __init__(self) -> None:
        self._data: VocabularyData | None = None

    @property
    def _vocabulary(self) -> VocabularyData:
        if self._data is None:
            language = get_language() or settings.LANGUAGE_CODE
            self._data = per_version(f"{self.kept_as}.{language}", type(self).read)
        return self._data

    def labels(self, name: str) -> Mapping[str, str]:
        """Value → label of a filter, in the vocabulary's order (read-only: shared)."""
        return self._vocabulary.labels[name]

    def order_of(self, name: str) -> Mapping[str, int]:
        """Value → its place in the filter's order."""
        return self._vocabulary.order[name]
