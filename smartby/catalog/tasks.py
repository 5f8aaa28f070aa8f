"""Background work of the catalogue, run by `smartby worker` (django-tasks, database backend).
Arguments are plain ids, so a task can be queued as JSON."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django_tasks import task

from smartby.catalog.models import HarvestSource

# Harvesting


@task()
def harvest_source(source_id: int, actor_id: int | None = None) -> int | None:
    """Harvest one source (services/harvest.py harvest_run); returns the run's id, or None
    when the source no longer exists."""
    from smartby.catalog.services.harvest import harvest_run

    source = HarvestSource.objects.select_related("publisher").filter(pk=source_id).first()
    if source is None:
        return None
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    return harvest_run(source=source, actor=actor).pk


# Link checks


@task()
def check_links(distribution_ids: list[int]) -> int:
    """Check the addresses of these distributions (services/linkcheck.py); returns how many
    checks were made."""
    from smartby.catalog.services.linkcheck import linkcheck_distributions

    return linkcheck_distributions(distribution_ids=distribution_ids)[0]
