"""Counting the SQL queries of one request, as the query-count tests of every app do."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


def request_queries(
    client: Any,
    method: str,
    path: str,
    data: Any = None,
    *,
    status: int = 200,
    on_commit: Callable[..., Any] | None = None,
    **extra: Any,
) -> int:
    """The SQL queries of one request by `client`, after asserting its status. With
    `on_commit` (pytest-django's `django_capture_on_commit_callbacks`) the work run after the
    request's commit counts too; a streamed answer is read to its end inside the count."""
    with CaptureQueriesContext(connection) as queries:
        if on_commit is None:
            response = getattr(client, method)(path, data or {}, **extra)
        else:
            with on_commit(execute=True):
                response = getattr(client, method)(path, data or {}, **extra)
        if response.streaming:
            # Reading it to the end closes the file (the test client's wrapper).
            b"".join(response.streaming_content)
    assert response.status_code == status, (method, path, response.status_code)
    return len(queries)


def at_most(counts: dict[str, int], bounds: dict[str, int]) -> None:
    """The small counts stay within the bounds: what was measured (on SQLite and PostgreSQL,
    which can differ by a query or two) plus a margin."""
    assert counts.keys() == bounds.keys()
    assert all(counts[name] <= bound for name, bound in bounds.items()), (counts, bounds)


def analyze() -> None:
    """Refresh PostgreSQL's statistics before measuring: rows written inside the test's
    transaction are invisible to autovacuum, and the planner would cost them as empty."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
