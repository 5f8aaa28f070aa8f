"""The metadata quality dashboards (data.europa.eu MQA, see catalog/quality.py): figures for
the whole catalogue and for one publisher, over ACTIVE datasets only.

Counts, means and bands are aggregated in the database. The per-dimension and per-indicator
figures come from each dataset's stored `quality` breakdown, read in one query that fetches
only that column (fine up to tens of thousands of datasets; TODO issue 7 may precompute
them). A dataset without a stored breakdown scores 0 and misses every indicator, as its
default points and band say. Every function runs a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils.translation import gettext_lazy as _

from smartby.catalog.models import Dataset, DatasetStatus, QualityBand
from smartby.catalog.quality import DIMENSIONS, INDICATORS, MAX_POINTS, band_for
from smartby.core.models import active_language
from smartby.organisations.models import Organisation

DIMENSION_LABELS: dict[str, Any] = {
    "findability": _("Findability"),
    "accessibility": _("Accessibility"),
    "interoperability": _("Interoperability"),
    "reusability": _("Reusability"),
    "contextuality": _("Contextuality"),
}
# How many of the most commonly missed indicators a dashboard lists.
MISSED_SHOWN = 10


@dataclass(frozen=True)
class BandFigure:
    band: str
    label: str
    count: int
    percent: float  # of the datasets counted
    bar: int  # bar length in percent of the biggest band's


@dataclass(frozen=True)
class DimensionFigure:
    name: str
    label: str
    mean: float
    max: int
    percent: float


@dataclass(frozen=True)
class MissedIndicator:
    key: str
    label: str
    dimension: str
    missed: int  # datasets not meeting it in full
    percent: float
    improve: str


@dataclass(frozen=True)
class QualitySummary:
    count: int
    mean_points: float | None  # None without datasets
    max_points: int
    band: str | None
    band_label: str
    bands: list[BandFigure]
    dimensions: list[DimensionFigure]
    missed: list[MissedIndicator]


@dataclass(frozen=True)
class PublisherFigure:
    name: str
    slug: str
    count: int
    mean_points: float
    band: str
    band_label: str


def _active() -> QuerySet[Dataset]:
    return Dataset.objects.filter(status=DatasetStatus.ACTIVE)


def _percent(part: float, whole: float) -> float:
    return 100.0 * part / whole if whole else 0.0


def _band_label(band: str | None) -> str:
    return str(QualityBand(band).label) if band else ""


def quality_summary(*, datasets: QuerySet[Dataset]) -> QualitySummary:
    """Count, mean points and band, datasets per band, mean points per dimension and the
    most commonly missed indicators of `datasets` (two queries)."""
    totals = datasets.order_by().aggregate(
        count=Count("id"),
        mean=Avg("quality_points"),
        **{band: Count("id", filter=Q(quality_band=band)) for band in QualityBand.values},
    )
    count: int = totals["count"]
    mean: float | None = float(totals["mean"]) if totals["mean"] is not None else None
    band = band_for(round(mean)) if mean is not None else None
    biggest = max((totals[b] for b in QualityBand.values), default=0)
    bands = [
        BandFigure(
            band=value,
            label=str(label),
            count=totals[value],
            percent=_percent(totals[value], count),
            bar=round(100 * totals[value] / biggest) if biggest else 0,
        )
        for value, label in QualityBand.choices
    ]
    dimension_points, missed = _breakdown_totals(
        datasets.order_by().values_list("quality", flat=True).iterator(chunk_size=2000)
    )
    dimension_max = {
        name: sum(i.max for i in INDICATORS if i.dimension == name) for name in DIMENSIONS
    }
    dimensions = [
        DimensionFigure(
            name=name,
            label=str(DIMENSION_LABELS[name]),
            mean=dimension_points[name] / count if count else 0.0,
            max=dimension_max[name],
            percent=_percent(dimension_points[name], count * dimension_max[name]),
        )
        for name in DIMENSIONS
    ]
    by_key = {i.key: i for i in INDICATORS}
    most_missed = sorted(
        ((key, n) for key, n in missed.items() if n and key in by_key),
        key=lambda pair: (-pair[1], -by_key[pair[0]].max, INDICATORS.index(by_key[pair[0]])),
    )[:MISSED_SHOWN]
    return QualitySummary(
        count=count,
        mean_points=mean,
        max_points=MAX_POINTS,
        band=band,
        band_label=_band_label(band),
        bands=bands,
        dimensions=dimensions,
        missed=[
            MissedIndicator(
                key=key,
                label=str(by_key[key].label),
                dimension=str(DIMENSION_LABELS[by_key[key].dimension]),
                missed=n,
                percent=_percent(n, count),
                improve=str(by_key[key].improve),
            )
            for key, n in most_missed
        ],
    )


def _breakdown_totals(
    breakdowns: Iterable[dict[str, Any] | None],
) -> tuple[dict[str, int], dict[str, int]]:
    """Sum of points per dimension and number of datasets missing each indicator."""
    points = dict.fromkeys(DIMENSIONS, 0)
    missed = {i.key: 0 for i in INDICATORS}
    for quality in breakdowns:
        indicators = (quality or {}).get("indicators") or []
        met = {row.get("key") for row in indicators if row.get("met")}
        for row in indicators:
            if row.get("dimension") in points:
                points[row["dimension"]] += int(row.get("points") or 0)
        for key in missed:
            if key not in met:
                missed[key] += 1
    return points, missed


def catalogue_quality_summary() -> QualitySummary:
    """The quality summary of every active dataset in the catalogue."""
    return quality_summary(datasets=_active())


def publisher_quality_summary(*, publisher: Organisation) -> QualitySummary:
    """The quality summary of the active datasets `publisher` publishes."""
    return quality_summary(datasets=_active().filter(publisher=publisher))


def publisher_quality_ranking() -> list[PublisherFigure]:
    """Publishers with active datasets, best mean points first, then by name (one query)."""
    rows = (
        _active()
        .values("publisher__name", "publisher__slug")
        .annotate(count=Count("id"), mean=Avg("quality_points"))
        .order_by("-mean", "publisher__name", "publisher__slug")
    )
    figures = []
    for row in rows:
        mean = float(row["mean"])
        band = band_for(round(mean))
        figures.append(
            PublisherFigure(
                name=row["publisher__name"],
                slug=row["publisher__slug"],
                count=row["count"],
                mean_points=mean,
                band=band,
                band_label=_band_label(band),
            )
        )
    return figures


def publisher_quality_datasets(*, publisher: Organisation) -> QuerySet[Dataset]:
    """The active datasets of `publisher`, worst quality first, then by title; only the
    columns the dashboard shows (page them, then call `missed_count` on each row)."""
    first, other = (
        ("title_en", "title_nb") if active_language() == "en" else ("title_nb", "title_en")
    )
    return (
        _active()
        .filter(publisher=publisher)
        .only("id", "slug", "title_nb", "title_en", "quality_points", "quality_band", "quality")
        .order_by("quality_points", Lower(Coalesce(NullIf(F(first), Value("")), F(other))), "id")
    )


def missed_count(dataset: Dataset) -> int:
    """How many indicators `dataset` does not meet in full, from its stored breakdown."""
    indicators = (dataset.quality or {}).get("indicators") or []
    met = {row.get("key") for row in indicators if row.get("met")}
    return sum(1 for i in INDICATORS if i.key not in met)
