"""Finding cases: the filtered list with facets, the same on a map, the lessons across
cases, and the filtered list as CSV, JSON and Atom. Filters are shared with the API
(smartby.cases.filters); invalid filters answer 400 with the reason."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from smartby.cases.api.discovery import CaseOut
from smartby.cases.filters import (
    FACETS,
    FILTER_LABELS,
    CaseFilterForm,
    CaseFilters,
    LessonFilterForm,
    Vocabulary,
)
from smartby.cases.models import Case, LessonKind
from smartby.cases.rules import editor_org_ids
from smartby.cases.search import case_snippet
from smartby.cases.selectors.discovery import (
    EXPORT_MAX_ROWS,
    case_discover,
    case_feed_items,
    case_map_points,
    case_page,
    theme_map,
)
from smartby.cases.selectors.discovery import (
    lesson_list as lesson_list_selector,
)
from smartby.core.facets import FACET_SHOWN, CountedRows, facet_groups
from smartby.core.text import csv_safe

PAGE_SIZE = 20
LESSON_PAGE_SIZE = 30


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _parse(request: HttpRequest) -> tuple[CaseFilterForm, CaseFilters, bool]:
    """The filter form, the valid filters and whether every filter was valid."""
    form = CaseFilterForm(request.GET or None, vocabulary=Vocabulary())
    if not form.is_bound:
        return form, CaseFilters(), True
    valid = form.is_valid()
    return form, form.filters(), valid


def _error_text(form: CaseFilterForm) -> str:
    lines = []
    for name, errors in form.errors.items():
        label = FILTER_LABELS.get(name, name)
        lines += [f"{label}: {error}" for error in errors]
    return "\n".join(lines)


def _case_count(n: int) -> str:
    return ngettext("%(count)d case", "%(count)d cases", n) % {"count": n}


@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    form, filters, valid = _parse(request)
    vocabulary = form.vocabulary
    found = case_page(
        viewer=request.user,
        filters=filters,
        vocabulary=vocabulary,
        limit=PAGE_SIZE,
        page=request.GET.get("page"),
        facets_shown=FACET_SHOWN,
        every_value_of=request.GET.getlist("all"),
    )
    for case in found.cases:
        case.snippet = (  # type: ignore[attr-defined]
            case_snippet(case.summary, filters.q) if filters.q else None
        )
    rows = CountedRows(found.count, found.offset, found.cases)
    page_obj = Paginator(rows, PAGE_SIZE).get_page(found.page)
    facets = found.facets
    query = _query_without_page(request)
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "filters": filters,
            "page_obj": page_obj,
            "query": query,
            "facet_groups": facet_groups(
                facets,
                {name: FILTER_LABELS[name] for name in FACETS},
                query=query,
                expanded=request.GET.getlist("all"),
                count_text=_case_count,
                omitted=found.facets_omitted,
            ),
            "has_demo": any(case.is_demo for case in page_obj),
            "can_share": bool(editor_org_ids(request.user)),
            "nav": "cases",
        },
        status=200 if valid else 400,
    )


@require_GET
def case_map(request: HttpRequest) -> HttpResponse:
    form, filters, valid = _parse(request)
    points, unplaced = case_map_points(viewer=request.user, filters=filters)
    query = _query_without_page(request)
    list_url = reverse("cases:case-list")
    rows = []
    for point in points:
        place_query = request.GET.copy()
        place_query.pop("page", None)
        place_query.setlist("municipality", [point.code])
        label = ngettext(
            "%(municipality)s: %(count)d case", "%(municipality)s: %(count)d cases", point.count
        ) % {"municipality": point.name, "count": point.count}
        rows.append(
            {
                "lat": point.lat,
                "lon": point.lon,
                "name": label,
                "url": f"{list_url}?{place_query.urlencode()}",
            }
        )
    return render(
        request,
        "cases/case_map.html",
        {
            "form": form,
            "map_points": rows,
            "unplaced": unplaced,
            "total": sum(p.count for p in points) + unplaced,
            "query": query,
            "map_tile_url": settings.MAP_TILE_URL,
            "map_attribution": settings.MAP_ATTRIBUTION,
            "nav": "cases",
        },
        status=200 if valid else 400,
    )


@require_GET
def lesson_list(request: HttpRequest) -> HttpResponse:
    form = LessonFilterForm(request.GET or None, vocabulary=Vocabulary())
    valid = form.is_valid() if form.is_bound else True
    lessons = lesson_list_selector(viewer=request.user, kind=form.lesson_kind, themes=form.themes)
    page_obj = Paginator(lessons, LESSON_PAGE_SIZE).get_page(request.GET.get("page"))
    themes = theme_map()
    for lesson in page_obj:
        lesson.theme = themes.get(lesson.theme_id)  # type: ignore[attr-defined]
    theme_choices = [(theme.slug, str(theme.name)) for theme in themes.values()]
    return render(
        request,
        "cases/lesson_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "query": _query_without_page(request),
            "kind": form.lesson_kind,
            "kind_label": LessonKind(form.lesson_kind).label,
            "kinds": LessonKind.choices,
            "theme_choices": theme_choices,
            "selected_themes": form.themes,
            "has_demo": any(lesson.case.is_demo for lesson in page_obj),
            "nav": "cases",
        },
        status=200 if valid else 400,
    )


def _bad_filters(form: CaseFilterForm) -> HttpResponse:
    return HttpResponseBadRequest(_error_text(form), content_type="text/plain; charset=utf-8")


def _export_rows(request: HttpRequest, filters: CaseFilters) -> tuple[list[Case], int]:
    """The first EXPORT_MAX_ROWS matching cases, and how many match in all."""
    cases = case_discover(viewer=request.user, filters=filters)
    return list(cases[:EXPORT_MAX_ROWS]), cases.count()


CSV_COLUMNS = [
    "id",
    "slug",
    "url",
    "title",
    "summary",
    "owner",
    "municipality_code",
    "municipality",
    "country",
    "phase",
    "status",
    "visibility",
    "themes",
    "technologies",
    "principles",
    "started_on",
    "published_at",
    "adopted_from",
    "language",
    "is_demo",
]


def _csv_row(request: HttpRequest, case: Case) -> Iterable[Any]:
    municipality = case.municipality
    return [
        case.pk,
        case.slug,
        request.build_absolute_uri(case.get_absolute_url()),
        case.title,
        case.summary,
        case.owner.name,
        municipality.code if municipality else "",
        municipality.name if municipality else "",
        municipality.country if municipality else "",
        case.phase,
        case.status,
        case.visibility,
        "; ".join(t.slug for t in case.themes.all()),
        "; ".join(t.slug for t in case.technologies.all()),
        "; ".join(str(p.number) for p in case.principles.all()),
        case.started_on.isoformat() if case.started_on else "",
        case.published_at.isoformat() if case.published_at else "",
        case.adopted_from_id or "",
        case.language,
        "yes" if case.is_demo else "no",
    ]


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_GET
def case_export_csv(request: HttpRequest) -> HttpResponse:
    """The filtered list as CSV (UTF-8 with BOM for spreadsheets), at most EXPORT_MAX_ROWS
    rows; cells that a spreadsheet would run as a formula are prefixed with `'`."""
    form, filters, valid = _parse(request)
    if not valid:
        return _bad_filters(form)
    cases, total = _export_rows(request, filters)
    writer = csv.writer(_Echo())
    lines = [writer.writerow(CSV_COLUMNS)]
    lines += [writer.writerow([csv_safe(v) for v in _csv_row(request, c)]) for c in cases]
    response = HttpResponse("\ufeff" + "".join(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="smartby-cases.csv"'
    response["X-Total-Count"] = str(total)
    response["X-Row-Limit"] = str(EXPORT_MAX_ROWS)
    return response


@require_GET
def case_export_json(request: HttpRequest) -> HttpResponse:
    """The filtered list as JSON, `{count, limit, results}` with the API's case fields: at
    most `limit` (EXPORT_MAX_ROWS) results; `count` says how many cases match in all."""
    form, filters, valid = _parse(request)
    if not valid:
        return HttpResponse(
            json.dumps({"detail": _error_text(form)}, ensure_ascii=False),
            status=400,
            content_type="application/json",
        )
    cases, total = _export_rows(request, filters)
    body = {
        "count": total,
        "limit": EXPORT_MAX_ROWS,
        "results": [CaseOut.from_orm(case).model_dump(mode="json") for case in cases],
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="smartby-cases.json"'
    return response


@require_GET
def case_feed(request: HttpRequest) -> HttpResponse:
    """The newest published cases matching the filters as an Atom feed (50 entries)."""
    form, filters, valid = _parse(request)
    if not valid:
        return _bad_filters(form)
    query = _query_without_page(request)
    list_url = request.build_absolute_uri(reverse("cases:case-list"))
    feed_url = request.build_absolute_uri(reverse("cases:case-feed"))
    feed = Atom1Feed(
        title=_("Smartby: new cases"),
        link=f"{list_url}?{query}" if query else list_url,
        description=_("Cases the smart-city networks have shared, newest first."),
        language=get_language(),
        feed_url=f"{feed_url}?{query}" if query else feed_url,
        feed_guid=f"{feed_url}?{query}" if query else feed_url,
    )
    for case in case_feed_items(viewer=request.user, filters=filters):
        url = request.build_absolute_uri(case.get_absolute_url())
        feed.add_item(
            title=case.title,
            link=url,
            description=case.summary,
            unique_id=url,
            pubdate=case.published_at or timezone.now(),
            updateddate=case.updated_at,
            author_name=case.owner.name,
            categories=[str(theme.name) for theme in case.themes.all()],
        )
    return HttpResponse(
        feed.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8"
    )
