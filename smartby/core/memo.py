"""Values derived from the database, kept in the process until the site's content changes.

The filter vocabularies (themes, municipalities, goals, licences …) are read on every list
page and search request, but change a few times a year. `per_version(name, build)` keeps
`build()`'s result per process and database under the site's content version
(`site_version`: the newest `core_facetchange` row of the collection "site", which the
triggers smartby.core.pagecache installs on every table add on any write). An edit is seen
on the very next request, on every process; an unchanged site costs one indexed query, or
none when the page cache middleware has read the version for this request already.

The version is read before `build()` reads the rows, so a value is never older than the
version it is kept under: a change committed in between makes a newer version, and the
next request builds again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any, TypeVar

from django.db import connection

T = TypeVar("T")

SITE = "site"

_lock = threading.Lock()
_values: dict[tuple[str, str], tuple[tuple[int, int], Any]] = {}
# The version read for the request being served (set by the page cache middleware for the
# anonymous GETs it reads the version for anyway).
_request_version: ContextVar[tuple[str, tuple[int, int]] | None] = ContextVar(
    "smartby_request_version", default=None
)


def newest_change(collection: str, conn: Any = None) -> tuple[int, int]:
    """Id and token of the newest change row of `collection` ((0, 0) before any), on `conn`
    (the default connection when left out)."""
    with (conn or connection).cursor() as cursor:
        cursor.execute(
            "SELECT id, token FROM core_facetchange WHERE collection = %s ORDER BY id DESC LIMIT 1",
            [collection],
        )
        row = cursor.fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


def site_version() -> tuple[int, int]:
    """The content version: id and token of the newest change (0, 0 before any)."""
    return newest_change(SITE)


def site_change() -> tuple[tuple[int, int], datetime | None]:
    """The content version (as `site_version`) and when it was written, in one indexed
    query: ((0, 0), None) before any change, or after every change row was pruned."""
    from smartby.core.models import FacetChange  # the models import this module

    newest = FacetChange.objects.filter(collection=SITE).order_by("-id")
    row = newest.values_list("id", "token", "created_at").first()
    if row is None:
        return (0, 0), None
    return (int(row[0]), int(row[1])), row[2]


@contextmanager
def version_known(version: tuple[int, int]) -> Iterator[None]:
    """Within the block, `current_version()` answers `version` for this database without
    a query (a request that only reads, after the version was read)."""
    token = _request_version.set((connection.alias, version))
    try:
        yield
    finally:
        _request_version.reset(token)


def current_version() -> tuple[int, int]:
    known = _request_version.get()
    if known is not None and known[0] == connection.alias:
        return known[1]
    return site_version()


def per_version(name: str, build: Callable[[], T]) -> T:
    """`build()`, computed once per site version in this process. Treat the result as
    read-only: it is shared by every request until the next change."""
    version = current_version()
    if version == (0, 0):  # no history (an emptied database): nothing identifies the state
        return build()
    key = (connection.alias, name)
    with _lock:
        kept = _values.get(key)
    if kept is not None and kept[0] == version:
        return kept[1]  # type: ignore[no-any-return]
    value = build()
    with _lock:
        _values[key] = (version, value)
    return value


def forget_all() -> None:
    """Drop every kept value (tests that swap databases use it)."""
    with _lock:
        _values.clear()
