"""Shared fixtures. The reference data is loaded once into the test database, so every
test starts with the 357 municipalities, the roadmap and the two networks."""

from __future__ import annotations

import functools

import pytest
from django.core.management import call_command

pytest_plugins = ["tests.query_coverage"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # noqa: F811 - extends pytest-django's
    with django_db_blocker.unblock():
        call_command("loadrefs", verbosity=0)


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Pages are rendered, not served from the page cache, so that what a test measures (its
    queries, its HTML) is the page's own work. tests/core/test_pagecache.py turns the cache
    on with `page_cache`. Each test starts with an empty cache."""
    from django.core.cache import cache

    cache.clear()
    settings.SMARTBY_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def page_cache(settings):
    settings.SMARTBY_PAGE_CACHE_SECONDS = 60


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MAP_TILE_URL = ""


@pytest.fixture
def committed_db(transactional_db):
    """A test whose writes really commit (for concurrency across connections). Such a test
    empties every table when it ends, and pytest-django runs them after all others, so each
    starts by loading the reference data again (idempotent)."""
    call_command("loadrefs", verbosity=0)


@pytest.fixture
def count_queries(client, django_capture_on_commit_callbacks):
    """`count_queries(method, path, data, status=200)`: the SQL queries of one request by
    `client`, the work run after its commit included (tests/querycounts.py)."""
    from tests.querycounts import request_queries

    return functools.partial(request_queries, client, on_commit=django_capture_on_commit_callbacks)


@pytest.fixture
def oslo():
    """Oslo kommune (from the reference data), the owner most tests write for."""
    from tests.organisations.factories import municipal_organisation

    return municipal_organisation("0301")


@pytest.fixture
def editor(oslo):
    """A person with the editor role in Oslo kommune (a file may define its own)."""
    from smartby.accounts.models import Role
    from tests.accounts.factories import member_create

    return member_create(organisation=oslo, role=Role.EDITOR)
