"""The guard that every route has its SQL queries counted (tests/query_coverage.py): with
`SMARTBY_QUERY_COVERAGE=1` a run fails and names each route no test requested inside
`CaptureQueriesContext`, never a route of Django's admin; without it the guard is off.

Each test runs pytest for real in a subprocess on a few generated tests, configured as the
suite is: the project's pytest options, and tests/conftest.py (its fixtures and the guard) as
a plugin. The test database is SQLite, made without migrations to keep each run short."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent
HEADER = "have no test that counts their SQL queries"

# Requests /healthz inside a count (the project's `count_queries`) and the English roadmap
# inside pytest-django's `django_assert_max_num_queries`, and no other route.
PARTIAL = """
import pytest

pytestmark = pytest.mark.django_db


def test_healthz(count_queries):
    count_queries("get", "/healthz")


def test_roadmap_in_english(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(100):
        assert client.get("/en/roadmap/").status_code == 200
"""


def _ini() -> str:
    """The project's pytest options ([tool.pytest.ini_options] in pyproject.toml) as an ini
    file, without `testpaths`: the generated run collects its own directory."""
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]
    lines = ["[pytest]"]
    for key, value in options["ini_options"].items():
        if key == "testpaths":
            continue
        if isinstance(value, list):
            lines.append(f"{key} =" + "".join(f"\n    {item}" for item in value))
        else:
            lines.append(f"{key} = {value}")
    return "\n".join(lines) + "\n"


def _run(
    pytester: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
    tests: str,
    *,
    coverage: bool,
    conftest: str = "",
) -> pytest.RunResult:
    """Run `tests` in a new pytest process, with the guard on when `coverage`."""
    pytester.makeini(_ini())
    pytester.makeconftest('pytest_plugins = ["tests.conftest"]\n' + conftest)
    pytester.makepyfile(test_generated=tests)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.delenv("DJANGO_SETTINGS_MODULE", raising=False)  # from the ini, as the suite
    monkeypatch.delenv("SMARTBY_DATABASE_URL", raising=False)  # SQLite
    if coverage:
        monkeypatch.setenv("SMARTBY_QUERY_COVERAGE", "1")
    else:
        monkeypatch.delenv("SMARTBY_QUERY_COVERAGE", raising=False)
    # Hypothesis is not used here, and importing it takes over a second of each run.
    return pytester.runpytest_subprocess(
        "-x", "--no-migrations", "-p", "no:hypothesispytest", timeout=120
    )


def _missing(result: pytest.RunResult) -> list[str]:
    """The routes the guard names, in its order; [] when it names none."""
    lines = result.outlines
    starts = [i for i, line in enumerate(lines) if HEADER in line]
    if not starts:
        return []
    routes = []
    for line in lines[starts[0] + 1 :]:
        if not line.startswith("  "):
            break
        routes.append(line.strip())
    return routes


def test_a_run_that_leaves_routes_uncounted_fails_and_names_them_and_only_them(
    pytester, monkeypatch
):
    result = _run(pytester, monkeypatch, PARTIAL, coverage=True)

    result.assert_outcomes(passed=2)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    missing = _missing(result)
    assert "cases/" in missing
    assert "roadmap/key-questions/" in missing
    assert "municipalities/<slug:slug>/" in missing
    # Counted: /healthz, and /en/roadmap/ under its route without the language prefix.
    assert "healthz" not in missing
    assert "roadmap/" not in missing
    assert "en/roadmap/" not in missing
    assert f"{len(missing)} route(s) {HEADER}" in result.stdout.str()


def test_a_route_requested_outside_a_query_count_is_not_counted(pytester, monkeypatch):
    tests = """
import pytest


@pytest.mark.django_db
def test_healthz_without_counting(client):
    assert client.get("/healthz").status_code == 200
"""
    result = _run(pytester, monkeypatch, tests, coverage=True)

    result.assert_outcomes(passed=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert "healthz" in _missing(result)


def test_without_the_variable_the_guard_is_off_and_a_partial_run_passes(pytester, monkeypatch):
    result = _run(pytester, monkeypatch, PARTIAL, coverage=False)

    result.assert_outcomes(passed=2)
    assert result.ret == pytest.ExitCode.OK
    assert HEADER not in result.stdout.str()


def test_the_admin_routes_are_never_named_even_when_no_test_requests_them(pytester, monkeypatch):
    tests = """
def test_nothing():
    pass
"""
    result = _run(pytester, monkeypatch, tests, coverage=True)

    result.assert_outcomes(passed=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    missing = _missing(result)
    assert "cases/" in missing
    assert "/" in missing  # the home page, route ""
    assert not [route for route in missing if route.startswith("admin/")]


def test_a_run_that_counts_every_route_not_exempt_passes(pytester, monkeypatch):
    # Every route but the home page and /healthz is exempt here (the home page cannot be: an
    # exemption covers every route that starts with it). The home page is requested in
    # English, so its route is counted without the language prefix.
    conftest = """
from tests import query_coverage


def pytest_sessionstart(session):
    query_coverage.EXEMPT.update(
        {route: "not under test" for route in query_coverage.all_routes() - {"", "healthz"}}
    )
"""
    tests = """
import pytest

pytestmark = pytest.mark.django_db


def test_healthz(count_queries):
    count_queries("get", "/healthz")


def test_home_in_english(count_queries):
    count_queries("get", "/en/")
"""
    result = _run(pytester, monkeypatch, tests, coverage=True, conftest=conftest)

    result.assert_outcomes(passed=2)
    assert result.ret == pytest.ExitCode.OK
    assert HEADER not in result.stdout.str()
