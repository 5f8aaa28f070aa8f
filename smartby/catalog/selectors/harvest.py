"""Reading harvest sources and their runs for the harvest pages (a fixed number of queries
however many sources, runs or datasets there are)."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from smartby.catalog.models import Dataset, DatasetStatus, HarvestRun, HarvestSource

RUNS_SHOWN = 50


def _dataset_count(**filters: object) -> Coalesce:
    counted = (
        Dataset.objects.filter(harvest_source=OuterRef("pk"), **filters)
        .order_by()
        .values("harvest_source")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def harvest_source_list() -> QuerySet[HarvestSource]:
    """Every source with its publisher, its latest run (`last_run_status`,
    `last_run_started_at`, `last_run_id`) and its number of active datasets."""
    latest = HarvestRun.objects.filter(source=OuterRef("pk")).order_by("-started_at", "-id")
    return (
        HarvestSource.objects.select_related("publisher")
        .annotate(
            last_run_id=Subquery(latest.values("pk")[:1]),
            last_run_status=Subquery(latest.values("status")[:1]),
            last_run_started_at=Subquery(latest.values("started_at")[:1]),
            active_datasets=_dataset_count(status=DatasetStatus.ACTIVE),
        )
        .order_by("name", "pk")
    )


def harvest_source_get(pk: int) -> HarvestSource:
    """The source with its publisher, its latest runs on `.recent_runs` and its dataset
    counts (`active_datasets`, `withdrawn_datasets`); Http404 when there is none."""
    source = (
        HarvestSource.objects.select_related("publisher")
        .annotate(
            active_datasets=_dataset_count(status=DatasetStatus.ACTIVE),
            withdrawn_datasets=_dataset_count(status=DatasetStatus.WITHDRAWN),
        )
        .filter(pk=pk)
        .first()
    )
    if source is None:
        raise Http404
    runs = list(
        HarvestRun.objects.filter(source=source).order_by("-started_at", "-id")[:RUNS_SHOWN]
    )
    for run in runs:
        run.duration_seconds = run_duration(run)  # type: ignore[attr-defined]
        run.error_count = len(harvest_run_errors(run)[0])  # type: ignore[attr-defined]
    source.recent_runs = runs  # type: ignore[attr-defined]
    return source


def run_duration(run: HarvestRun) -> float | None:
    """Seconds the run took, or None while it runs."""
    if run.finished_at is None:
        return None
    return (run.finished_at - run.started_at).total_seconds()


def harvest_run_get(pk: int) -> HarvestRun:
    """The run with its source and the source's publisher; Http404 when there is none."""
    run = HarvestRun.objects.select_related("source__publisher").filter(pk=pk).first()
    if run is None:
        raise Http404
    return run


def harvest_run_errors(run: HarvestRun) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """(errors, warnings) of a run: records that failed, and values left out."""
    items = [e for e in run.errors if isinstance(e, dict)]
    errors = [e for e in items if e.get("level") != "warning"]
    notes = [e for e in items if e.get("level") == "warning"]
    return errors, notes


__all__ = [
    "harvest_run_errors",
    "harvest_run_get",
    "harvest_source_get",
    "harvest_source_list",
    "run_duration",
]
