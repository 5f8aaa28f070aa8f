"""Background work of the core (django-tasks; run by `smartby worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def refresh_postings(table: str) -> int | None:
    """Build the word postings of the search index `table` (smartby.core.postings); returns
    the rows read, None when there is no such index."""
    from smartby.core.postings import postings_refresh

    return postings_refresh(table)
