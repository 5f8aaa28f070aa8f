"""A guard that every page and endpoint has its SQL queries counted by some test.

Loaded by tests/conftest.py. While the suite runs it notes the URL route of every request a
test makes inside `CaptureQueriesContext` (which pytest-django's `django_assert_num_queries`
uses too). With `SMARTBY_QUERY_COVERAGE=1` (scripts/test.sh sets it when the whole suite runs
on SQLite) the run fails at the end if a route of the project was never requested that way,
and names the routes. Counting alone does not prove a page is free of N+1 queries; the tests
that count compare little with much data, and this guard makes sure no route is forgotten.
"""

from __future__ import annotations

import os
import re

import pytest

# Routes whose query count no test pins, with the reason.
EXEMPT = {
    # Django's own admin, for platform administrators only.
    "admin/": "Django's admin",
}

_counting = [0]
_counted: set[str] = set()


def _route(route: str) -> str:
    """`route` without its language prefix (`en/cases/` → `cases/`)."""
    from django.conf import settings

    prefixes = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
    return re.sub(rf"^(?:{prefixes})/", "", route)


def all_routes() -> set[str]:
    """Every route of the project, without its language prefix."""
    from django.urls import get_resolver
    from django.urls.resolvers import URLResolver

    routes: set[str] = set()

    def walk(resolver: URLResolver, prefix: str) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern, prefix + str(pattern.pattern))
            else:
                routes.add(_route(prefix + str(pattern.pattern)))

    walk(get_resolver(), "")
    return routes


def _exempt(route: str) -> bool:
    return any(route.startswith(prefix) for prefix in EXEMPT)


@pytest.hookimpl
def pytest_configure(config: pytest.Config) -> None:
    from django.core.handlers.base import BaseHandler
    from django.test import utils

    if getattr(utils.CaptureQueriesContext, "_coverage_noted", False):
        return
    enter, exit_ = utils.CaptureQueriesContext.__enter__, utils.CaptureQueriesContext.__exit__
    resolve = BaseHandler.resolve_request

    def counting_enter(self):  # type: ignore[no-untyped-def]
        _counting[0] += 1
        return enter(self)

    def counting_exit(self, *args):  # type: ignore[no-untyped-def]
        _counting[0] -= 1
        return exit_(self, *args)

    def noting_resolve(self, request):  # type: ignore[no-untyped-def]
        match = resolve(self, request)
        if _counting[0] > 0:
            _counted.add(_route(match.route))
        return match

    utils.CaptureQueriesContext.__enter__ = counting_enter  # type: ignore[method-assign]
    utils.CaptureQueriesContext.__exit__ = counting_exit  # type: ignore[method-assign]
    utils.CaptureQueriesContext._coverage_noted = True  # type: ignore[attr-defined]
    BaseHandler.resolve_request = noting_resolve  # type: ignore[method-assign]


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get("SMARTBY_QUERY_COVERAGE") != "1" or exitstatus != 0:
        return
    missing = sorted(r for r in all_routes() - _counted if not _exempt(r))
    if missing:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        lines = [
            f"{len(missing)} route(s) have no test that counts their SQL queries "
            "(tests/query_coverage.py):",
            *(f"  {route or '/'}" for route in missing),
        ]
        if reporter:
            reporter.write_line("\n".join(lines), red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
