"""Caching of the pages anonymous visitors see, correct the moment content changes.

Every write to a table the pages read adds a row to `core_facetchange` (collection "site")
through a trigger (on PostgreSQL one row per statement that changed something, on SQLite
per changed row), installed for every table after each migration; on PostgreSQL writers
take turns (see WRITE_LOCK), so the change rows appear in the order of their ids. The
newest such row (its id and random token) is the site's content version: one indexed
query per request. A page is cached under (version, language, full path), so an edit
is visible on the very next request on every process, and old entries simply fall out.

Only requests without a session (no `sessionid`, no `Authorization`) are served from or
stored in the cache, only 200 answers that set no cookie and are not marked private. Cached
answers carry an ETag made from the version and the key (a matching `If-None-Match` gets a
304 without a lookup) and `Cache-Control: public, max-age=0, s-maxage=…`, so the reverse
proxy in deploy/ may serve them for a few seconds and then revalidates.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import parse_http_date_safe
from django.utils.translation import get_language_from_request

from smartby.core.memo import site_version, version_known

# Tables whose writes do not change any page (or change it on every request).
_QUIET_TABLES = frozenset(
    {
        "core_facetchange",
        "django_session",
        "django_migrations",
        "django_admin_log",
        "accounts_apitoken",
    }
)
_QUIET_PREFIXES = ("axes_", "django_tasks")
# Columns whose change shows on no page (a login, a password).
_QUIET_COLUMNS = frozenset({"last_login", "password"})
# Never cached: the admin, private feeds, the health check, files WhiteNoise serves.
_SKIP_PREFIXES = (
    "/admin/",
    "/healthz",
    "/calendar/",
    "/static/",
    "/media/",
    "/api/v1/openapi.json",
    "/api/v1/docs",
)


def _anonymous(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path.startswith(_SKIP_PREFIXES)
        and "/accounts/" not in request.path  # login and account pages, in either language
    )


def _storable(response: HttpResponse) -> bool:
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in control
        and "no-store" not in control
    )


class AnonymousPageCacheMiddleware:
    """Serves anonymous GETs from the cache (see the module's text); marks the answers
    for signed-in people `private` so that no shared cache keeps them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _anonymous(request) or settings.SMARTBY_PAGE_CACHE_SECONDS <= 0:
            response = self.get_response(request)
            signed_in = settings.SESSION_COOKIE_NAME in request.COOKIES or (
                "HTTP_AUTHORIZATION" in request.META
            )
            if signed_in and "Cache-Control" not in response:
                patch_cache_control(response, private=True, no_cache=True)
            return response
        version = site_version()
        language = get_language_from_request(request, check_path=True)
        # The API decides its language from Accept-Language itself (nn reads as nb), so the
        # header is part of the key as it came.
        accept = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
        digest = hashlib.sha256(
            f"{language}\n{accept}\n{request.get_full_path()}".encode(), usedforsecurity=False
        ).hexdigest()[:32]
        cache = caches[settings.SMARTBY_PAGE_CACHE]
        key = f"page:{version[0]}:{version[1]}:{digest}"
        cached: Any = cache.get(key)
        if cached is not None:
            last_modified = cached.get("Last-Modified")
            conditional = get_conditional_response(
                request,
                etag=cached.get("ETag"),
                last_modified=parse_http_date_safe(last_modified) if last_modified else None,
                response=cached,
            )
            answer: HttpResponse = conditional if conditional is not None else cached
            answer["X-Cache"] = "hit"
            return answer
        with version_known(version):
            response = self.get_response(request)
        if _storable(response):
            _mark(response, f'"{version[0]:x}-{version[1] & 0xFFFFFFFF:x}-{digest[:16]}"')
            cache.set(key, response, settings.SMARTBY_PAGE_CACHE_SECONDS)
            response["X-Cache"] = "miss"
        return response


def _mark(response: HttpResponse, etag: str) -> None:
    if not response.has_header("ETag"):  # a view's own ETag (the RDF exports) is kept
        response["ETag"] = etag
    patch_cache_control(
        response, public=True, max_age=0, s_maxage=settings.SMARTBY_PROXY_CACHE_SECONDS
    )
    patch_vary_headers(response, ("Accept-Language", "Cookie"))


# --- the triggers ------------------------------------------------------------------------------

# PostgreSQL: one change row per statement that changed a row (a row trigger that writes
# once per statement: an UPDATE that matches nothing writes nothing, a bulk UPDATE one row).
_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION core_site_change() RETURNS trigger AS $$
DECLARE
    statement text := txid_current()::text || ' ' || statement_timestamp()::text;
BEGIN
    IF current_setting('smartby.site_statement', true) IS DISTINCT FROM statement THEN
        INSERT INTO core_facetchange (collection, object_id, token)
        VALUES ('site', 0, floor(random() * 9e15)::bigint);
        PERFORM set_config('smartby.site_statement', statement, true);
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""
# PostgreSQL: a transaction that writes to a watched table holds this lock from before its
# first change until it ends, as SQLite's single writer does. So change rows (their ids come
# from one sequence) become visible in id order: without it, a transaction could commit a
# change row with a smaller id than one already read, and readers that keep "the newest
# change seen" (the page cache's version, the facet bitmaps) would never see it.
WRITE_LOCK = 0x736D61727462  # any fixed number; "smartb"
_PG_LOCK_FUNCTION = f"""
CREATE OR REPLACE FUNCTION core_write_lock() RETURNS trigger AS $$
BEGIN
    PERFORM pg_advisory_xact_lock({WRITE_LOCK});
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""


def _watched_tables(models: list[Any]) -> list[tuple[str, list[str]]]:
    tables: dict[str, list[str]] = {}
    for model in models:
        meta = model._meta
        if not meta.managed or meta.proxy:
            continue
        for table, columns in [
            (meta.db_table, [f.column for f in meta.concrete_fields]),
            *(
                (f.remote_field.through._meta.db_table, [])
                for f in meta.local_many_to_many
                if f.remote_field.through._meta.auto_created
            ),
        ]:
            if table in _QUIET_TABLES or table.startswith(_QUIET_PREFIXES):
                continue
            tables[table] = [c for c in columns if c not in _QUIET_COLUMNS]
    return sorted(tables.items())


def install_site_triggers(models: list[Any], using: str = "default") -> int:
    """Create (or replace) the site-version trigger on every table of `models`; idempotent,
    run after every migration. Returns the number of tables watched."""
    from django.db import connections

    conn = connections[using]
    quote = conn.ops.quote_name
    existing = set(conn.introspection.table_names())
    tables = [(t, c) for t, c in _watched_tables(models) if t in existing]
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(_PG_FUNCTION)
            cursor.execute(_PG_LOCK_FUNCTION)
        for table, columns in tables:
            update = "UPDATE"
            if columns and set(columns) != {"id"}:
                update = "UPDATE OF " + ", ".join(quote(c) for c in columns)
            if conn.vendor == "postgresql":
                change, lock = quote("sitechange_" + table[:50]), quote("sitelock_" + table[:50])
                cursor.execute(f"DROP TRIGGER IF EXISTS {change} ON {quote(table)}")
                cursor.execute(
                    f"CREATE TRIGGER {change} AFTER INSERT OR {update} OR DELETE "
                    f"ON {quote(table)} FOR EACH ROW EXECUTE FUNCTION core_site_change()"
                )
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {lock} BEFORE INSERT OR UPDATE OR DELETE "
                    f"ON {quote(table)} FOR EACH STATEMENT EXECUTE FUNCTION core_write_lock()"
                )
            else:
                for op in ("INSERT", update, "DELETE"):
                    name = f"sitechange_{table[:40]}_{op.split()[0].lower()}"
                    cursor.execute(f"DROP TRIGGER IF EXISTS {quote(name)}")
                    cursor.execute(
                        f"CREATE TRIGGER {quote(name)} AFTER {op} ON {quote(table)} "  # noqa: S608
                        "FOR EACH ROW BEGIN INSERT INTO core_facetchange "
                        "(collection, object_id, token) VALUES ('site', 0, random()); END"
                    )
    return len(tables)
