"""The case list's facets as bitmaps (the engine is smartby.core.facets): what each facet
value of a case is, read in a few queries for all cases or for the changed ones."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import QuerySet
from django.db.models.functions import ExtractYear

from smartby.cases.filters import YES
from smartby.cases.models import Case, Lesson, Visibility
from smartby.core.facets import SOURCE_CHUNK, UNIVERSE, Collection

_THROUGH: dict[str, tuple[Any, str]] = {
    "theme": (Case.themes.through, "theme__slug"),
    "technology": (Case.technologies.through, "technology__slug"),
    "principle": (Case.principles.through, "principle__number"),
    "target_picture": (Case.target_pictures.through, "targetpicture__slug"),
    "sdg": (Case.sdgs.through, "sustainabledevelopmentgoal__number"),
}


def _narrow(qs: QuerySet[Any], column: str, ids: Sequence[int] | None) -> QuerySet[Any]:
    return qs if ids is None else qs.filter(**{f"{column}__in": list(ids)})


def _cases(ids: Sequence[int] | None) -> Iterable[tuple[str, int, Any]]:
    rows = _narrow(Case.objects.filter(is_published=True), "pk", ids).values_list(
        "pk",
        "visibility",
        "phase",
        "status",
        "municipality__country",
        "municipality__county__number",
        "municipality__code",
        ExtractYear("started_on"),
    )
    for pk, visibility, phase, status, country, county, code, year in rows.order_by().iterator(
        chunk_size=SOURCE_CHUNK
    ):
        yield UNIVERSE, pk, None
        if visibility == Visibility.PUBLIC:
            yield "@public", pk, True
        yield "phase", pk, phase
        yield "status", pk, status
        yield "country", pk, country
        yield "county", pk, county
        yield "municipality", pk, code
        yield "start_year", pk, year


def _through(name: str) -> Any:
    through, lookup = _THROUGH[name]

    def source(ids: Sequence[int] | None) -> Iterable[tuple[str, int, Any]]:
        rows = _narrow(through.objects.all(), "case_id", ids).values_list("case_id", lookup)
        for case_id, value in rows.order_by().iterator(chunk_size=SOURCE_CHUNK):
            yield name, case_id, value

    return source


def _lessons(ids: Sequence[int] | None) -> Iterable[tuple[str, int, Any]]:
    rows = _narrow(Lesson.objects.all(), "case_id", ids).values_list("case_id", flat=True)
    for case_id in rows.order_by().distinct().iterator(chunk_size=SOURCE_CHUNK):
        yield "has_lessons", case_id, YES


CASES = Collection(
    name="cases",
    sources=(_cases, *(_through(name) for name in _THROUGH), _lessons),
)
