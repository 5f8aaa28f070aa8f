"""Finding cases: the filtered and sorted case list, its facet counts, the map of it and
the lessons across cases. Every query starts from `case_published_to(viewer=)`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, QuerySet
from pyroaring import BitMap

from smartby.cases.facet_index import CASES
from smartby.cases.filters import (
    FACETS,
    SORT_NEWEST,
    SORT_OLDEST,
    SORT_RELEVANCE,
    SORT_TITLE,
    SORT_UPDATED,
    CaseFilters,
    Vocabulary,
)
from smartby.cases.models import Case, Lesson, Technology, Theme, Visibility
from smartby.cases.search import CASE_INDEX, case_search
from smartby.cases.selectors.visibility import case_published_to
from smartby.core.facets import (
    FacetValue,
    Snapshot,
    current,
    facet_search,
    facet_values,
    ordered_page,
    page_window,
    row_values,
    rows_in_order,
    text_narrowed,
    text_tiers,
    tiered_page,
)
from smartby.roadmap.models import Principle

# Exports return at most this many rows (the first by the chosen order); a larger set is
# narrowed with filters or paged through the API.
EXPORT_MAX_ROWS = 10_000
FEED_ENTRIES = 50

_THROUGH: dict[str, tuple[Any, str]] = {
    "theme": (Case.themes.through, "theme__slug"),
    "technology": (Case.technologies.through, "technology__slug"),
    "principle": (Case.principles.through, "principle__number"),
    "target_picture": (Case.target_pictures.through, "targetpicture__slug"),
    "sdg": (Case.sdgs.through, "sustainabledevelopmentgoal__number"),
}
_COLUMN = {
    "phase": "phase",
    "status": "status",
    "country": "municipality__country",
    "county": "municipality__county__number",
    "municipality": "municipality__code",
}


@dataclass(frozen=True)
class MapPoint:
    code: str
    name: str
    slug: str
    lat: float
    lon: float
    count: int


def _apply(cases: QuerySet[Case], filters: CaseFilters, *, skip: str = "") -> QuerySet[Case]:
    """`cases` narrowed by every filter but `skip` (values of one filter are alternatives)."""
    for name in FACETS:
        if name == skip:
            continue
        values = filters.values(name)
        if not values:
            continue
        if name in _THROUGH:
            through, lookup = _THROUGH[name]
            cases = cases.filter(
                Exists(through.objects.filter(case_id=OuterRef("pk"), **{f"{lookup}__in": values}))
            )
        elif name in _COLUMN:
            cases = cases.filter(**{f"{_COLUMN[name]}__in": values})
        elif name == "start_year":
            cases = cases.filter(started_on__year__in=[int(v) for v in values])
        elif name == "has_lessons":
            cases = cases.filter(Exists(Lesson.objects.filter(case_id=OuterRef("pk"))))
    return cases


def _searched(*, viewer: Any, filters: CaseFilters) -> QuerySet[Case]:
    cases = case_published_to(viewer=viewer)
    if filters.q:
        return case_search(cases, filters.q)
    return cases


_ORDER = {
    SORT_RELEVANCE: ["-search_rank", "-published_at", "-id"],
    SORT_NEWEST: ["-published_at", "-id"],
    SORT_OLDEST: ["published_at", "id"],
    SORT_TITLE: ["title", "id"],
    SORT_UPDATED: ["-updated_at", "-id"],
}


def case_discover(*, viewer: Any, filters: CaseFilters) -> QuerySet[Case]:
    """The published cases `viewer` may see that match `filters`, in the chosen order, with
    owner, municipality, themes, technologies and principles fetched for a list or export."""
    cases = _apply(_searched(viewer=viewer, filters=filters), filters)
    return _with_list_fields(cases).order_by(*_ORDER[filters.effective_sort])


@dataclass(frozen=True)
class CasePage:
    """One page of the case list: how many cases match, the page's cases in order and the
    facet counts (each under every other filter)."""

    count: int
    cases: list[Case]
    facets: dict[str, list[FacetValue]]
    offset: int
    page: int | None
    facets_omitted: dict[str, int] = field(default_factory=dict)


def _visible_bitmap(viewer: Any, snapshot: Any) -> BitMap:
    if not viewer.is_authenticated:
        return snapshot.group("public")
    if viewer.is_active and viewer.is_superuser:
        return snapshot.universe
    # The rule lives in case_published_to: the cases beyond the public ones a viewer may
    # see (network-only cases) are few, and read from the database.
    more = (
        case_published_to(viewer=viewer)
        .exclude(visibility=Visibility.PUBLIC)
        .order_by()
        .values_list("pk", flat=True)
    )
    return snapshot.group("public") | BitMap(more)


def case_page(
    *,
    viewer: Any,
    filters: CaseFilters,
    vocabulary: Vocabulary,
    limit: int,
    offset: int = 0,
    page: Any = None,
    facets_shown: int | None = None,
    every_value_of: Sequence[str] = (),
) -> CasePage:
    """The cases `viewer` may see matching `filters`: the count, rows `offset` … `offset +
    limit` (or, given `page`, that page of `limit` rows, see `page_window`) in the chosen
    order and the facet counts. Counting is done on bitmaps
    (smartby.core.facets), so its cost does not grow with the facets or the table; the
    page's rows are read by primary key. A fixed number of queries. With `facets_shown`, a
    facet not named in `every_value_of` lists only its largest values (see
    smartby.core.facets.facet_values; `facets_omitted` says how many it left out)."""
    snapshot, text_hits = current(CASES)
    base, terms = text_narrowed(
        _visible_bitmap(viewer, snapshot),
        text_hits,
        index=CASE_INDEX,
        query=filters.q,
    )
    chosen = {name: filters.values(name) for name in FACETS}
    result = facet_search(snapshot, base, chosen, FACETS)
    published = Case.objects.filter(is_published=True)  # the universe of the bitmaps
    sort = filters.effective_sort
    if page is not None:
        page, offset = page_window(len(result.hits), page, limit)
    if sort == SORT_RELEVANCE and terms:
        # Title hits first, then title-or-summary hits, then the rest; newest first in each.
        tiers = text_tiers(text_hits, index=CASE_INDEX, terms=terms)
        ordered = published.order_by(*_ORDER[SORT_NEWEST])
        ids = tiered_page(
            result.hits, tiers, ordered, offset=offset, limit=limit, snapshot=snapshot
        )
    else:
        sort = SORT_NEWEST if sort == SORT_RELEVANCE else sort
        ordered = published.order_by(*_ORDER[sort])
        ids = ordered_page(result.hits, ordered, offset=offset, limit=limit, snapshot=snapshot)
    cases = _list_rows(ids, vocabulary, snapshot)
    facets, omitted = facet_values(
        result, chosen, vocabulary.labels_of, most=facets_shown, every=every_value_of
    )
    return CasePage(
        count=len(result.hits),
        cases=cases,
        facets=facets,
        offset=offset,
        page=page,
        facets_omitted=omitted,
    )


@dataclass(frozen=True)
class ThemeRef:
    slug: str
    name: str


# What a row of the list shows (the page's card, the API's CaseOut).
_LIST_COLUMNS = (
    *("id", "slug", "title", "summary", "phase", "status", "visibility", "language"),
    *("started_on", "published_at", "adopted_from", "is_demo"),
    *("owner", "owner__name", "owner__slug", "municipality", "municipality__code"),
    "municipality__name",
)
_LINKED = ("theme", "technology", "principle")


def _list_rows(ids: list[int], vocabulary: Vocabulary, snapshot: Snapshot) -> list[Case]:
    """The cases `ids` in that order with what a list row shows: `list_themes` (ThemeRef,
    labelled in the active language), `theme_slugs`, `technology_slugs`,
    `principle_numbers`. The links come from the facet bitmaps of `snapshot` and are named
    from the vocabulary, so this costs one query and builds no theme, technology or
    principle objects."""
    if not ids:
        return []
    queryset = Case.objects.select_related("owner", "municipality").only(*_LIST_COLUMNS)
    cases = rows_in_order(queryset, ids)
    linked = {name: row_values(snapshot, name, ids, vocabulary.order_of(name)) for name in _LINKED}
    theme_labels = vocabulary.labels("theme")
    for case in cases:
        themes = linked["theme"].get(case.pk, [])
        case.theme_slugs = themes  # type: ignore[attr-defined]
        case.list_themes = [ThemeRef(s, theme_labels[s]) for s in themes]  # type: ignore[attr-defined]
        case.technology_slugs = linked["technology"].get(case.pk, [])  # type: ignore[attr-defined]
        case.principle_numbers = [int(n) for n in linked["principle"].get(case.pk, [])]  # type: ignore[attr-defined]
    return cases


def _with_list_fields(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.select_related("owner", "municipality").prefetch_related(
        Prefetch("themes", queryset=Theme.objects.only("id", "slug", "name_nb", "name_en")),
        Prefetch("technologies", queryset=Technology.objects.only("id", "slug")),
        Prefetch("principles", queryset=Principle.objects.only("id", "number")),
    )


def case_map_points(*, viewer: Any, filters: CaseFilters) -> tuple[list[MapPoint], int]:
    """The matching cases grouped by municipality (one query): a point per municipality
    with coordinates, and how many matching cases have no place on the map."""
    ids = _apply(_searched(viewer=viewer, filters=filters), filters).order_by().values("pk")
    rows = (
        Case.objects.filter(pk__in=ids)
        .order_by()
        .values(
            "municipality__code",
            "municipality__name",
            "municipality__slug",
            "municipality__latitude",
            "municipality__longitude",
        )
        .annotate(n=Count("pk"))
    )
    points: list[MapPoint] = []
    unplaced = 0
    for row in rows:
        lat, lon = row["municipality__latitude"], row["municipality__longitude"]
        if row["municipality__code"] is None or lat is None or lon is None:
            unplaced += row["n"]
            continue
        points.append(
            MapPoint(
                code=row["municipality__code"],
                name=row["municipality__name"],
                slug=row["municipality__slug"],
                lat=lat,
                lon=lon,
                count=row["n"],
            )
        )
    points.sort(key=lambda p: (-p.count, p.name))
    return points, unplaced


def lesson_list(*, viewer: Any, kind: str, themes: list[str]) -> QuerySet[Lesson]:
    """Lessons of one kind from the published cases `viewer` may see, one row per lesson and
    theme of its case (`theme_id`, None for a case without themes), ordered by theme, then
    newest case first. With `themes` (slugs), only rows of those themes."""
    visible = case_published_to(viewer=viewer).order_by().values("pk")
    lessons = Lesson.objects.filter(kind=kind, case_id__in=visible)
    if themes:
        lessons = lessons.filter(case__themes__slug__in=themes)
    return (
        lessons.annotate(
            theme_id=F("case__themes__id"),
            theme_kind=F("case__themes__kind"),
            theme_position=F("case__themes__position"),
        )
        .select_related("case", "case__owner")
        .order_by(
            F("theme_kind").asc(nulls_last=True),
            F("theme_position").asc(nulls_last=True),
            "theme_id",
            "-case__published_at",
            "case_id",
            "position",
            "id",
        )
    )


def theme_map() -> dict[int, Theme]:
    """Every theme by id (one query), for naming the groups of `lesson_list`."""
    return {theme.pk: theme for theme in Theme.objects.all()}


def case_feed_items(*, viewer: Any, filters: CaseFilters) -> list[Case]:
    """The newest matching cases for the Atom feed (FEED_ENTRIES at most)."""
    cases = _apply(_searched(viewer=viewer, filters=filters), filters)
    return list(
        cases.select_related("owner")
        .prefetch_related("themes")
        .order_by("-published_at", "-id")[:FEED_ENTRIES]
    )
