"""Harvesting: one run of a source reads every page of its catalogue, turns each record into a
dataset (services/records.py, idempotent, the record's URI is the identity) and withdraws the
datasets of the source that it no longer lists.

A run has two phases, so a failure of the source changes nothing:

1. Read: every page is fetched through core.http.fetch (at most MAX_PAGES pages of at most
   MAX_PAGE_BYTES each, FETCH_TIMEOUT seconds per page) and parsed — DCAT RDF with
   rdf.parse_rdf (Turtle, RDF/XML, JSON-LD by the response's content type; no DTDs or
   entities, no remote JSON-LD contexts), following hydra:next / hydra:nextPage; CKAN with
   `package_search` pages until `count`. A refused address, a too large answer, a timeout,
   an HTTP error status, a wrong content type or a malformed document ends the run "failed"
   with the message, before any dataset is touched.
2. Apply: each record goes through dataset_apply_record under the record's publisher when
   Smartby knows it (organisation number, Smartby URI, or exact name) and the source may
   publish for it (see harvest_publisher), else under the source's publisher. A record
   that fails is logged in run.errors ({record, message}) and the rest go on (status
   "partial"). Datasets of the source whose URI the source no longer lists are withdrawn
   (never deleted; dataset_apply_record makes one that comes back active again).

Demo sources: the demo serves its DCAT document from the site itself, and the fetch guard
rightly refuses loopback addresses. A source with is_demo=True whose URL starts with
settings.SITE_URL is therefore read by resolving the path inside Django (django.urls.resolve
and a RequestFactory GET) instead of over the network. Only demo sources, only paths on
this site; everything else goes through fetch().
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rdflib import URIRef
from rdflib.namespace import DCAT, RDF

from smartby.catalog import ckan
from smartby.catalog.models import Dataset, DatasetStatus, HarvestRun, HarvestSource
from smartby.catalog.rdf import RdfError, next_page, parse_rdf, record_from_dataset
from smartby.catalog.records import DatasetRecord
from smartby.catalog.services.records import (
    RecordError,
    RecordWarning,
    dataset_apply_record,
    datasets_withdraw,
    record_publisher,
)
from smartby.core.http import FetchError, fetch
from smartby.core.services import save_versioned
from smartby.organisations.models import Organisation

logger = logging.getLogger(__name__)

MAX_PAGES = 100
MAX_PAGE_BYTES = 20 * 1024 * 1024
FETCH_TIMEOUT = 30.0
CKAN_ROWS = 100
# A run still "running" after this long is taken to have died with its worker.
STALE_RUN_SECONDS = 3600
RDF_ACCEPT = (
    "text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.9, application/n-triples;q=0.8"
)


class SourceError(Exception):
    """The source as a whole could not be read; `message` says why, for a person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Page:
    url: str
    content: bytes
    content_type: str


@dataclass
class Harvested:
    """What reading a source gave: the records, and the records that could not be read."""

    records: list[DatasetRecord] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    listed_uris: set[str] = field(default_factory=set)

    def add(self, record: DatasetRecord) -> None:
        uri = (record.uri or "").strip()
        if uri and uri in self.listed_uris:
            return  # the same dataset on two pages: the first one counts
        if uri:
            self.listed_uris.add(uri)
        self.records.append(record)


# Fetching


def _is_local_demo(source: HarvestSource, url: str) -> bool:
    site = settings.SITE_URL.rstrip("/")
    return source.is_demo and (url == site or url.startswith(site + "/"))


def _fetch_inside(url: str) -> Page:
    """A page of this site, answered by its own view without going over the network (demo
    sources only)."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path or "/")
    except Resolver404 as exc:
        raise SourceError(
            _("The demo source's address %(url)s is not a page of this site.") % {"url": url}
        ) from exc
    request = RequestFactory().get(
        parts.path or "/",
        data=None,
        QUERY_STRING=parts.query,
        HTTP_HOST=parts.netloc,
        secure=parts.scheme == "https",
    )
    request.user = AnonymousUser()
    response = match.func(request, *match.args, **match.kwargs)
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if response.status_code != 200:
        raise SourceError(
            _("The source answered with HTTP status %(status)s.") % {"status": response.status_code}
        )
    if len(content) > MAX_PAGE_BYTES:
        raise SourceError(_("The answer is larger than %(max)s bytes.") % {"max": MAX_PAGE_BYTES})
    return Page(url=url, content=content, content_type=response.get("Content-Type", ""))


def _fetch(source: HarvestSource, url: str, *, accept: str) -> Page:
    if _is_local_demo(source, url):
        return _fetch_inside(url)
    try:
        result = fetch(
            url, max_bytes=MAX_PAGE_BYTES, timeout=FETCH_TIMEOUT, headers={"Accept": accept}
        )
    except FetchError as exc:
        raise SourceError(exc.message) from exc
    if result.status != 200:
        raise SourceError(
            _("The source answered with HTTP status %(status)s at %(url)s.")
            % {"status": result.status, "url": result.url}
        )
    return Page(url=result.url, content=result.content, content_type=result.content_type)


# Reading a source


def _read_dcat(source: HarvestSource) -> Harvested:
    harvested = Harvested()
    url: str | None = source.url
    seen_pages: set[str] = set()
    pages = 0
    while url:
        if url in seen_pages:
            break  # a catalogue whose "next" points back: every page has been read
        if pages >= MAX_PAGES:
            raise SourceError(
                _("The catalogue has more than %(max)s pages; Smartby reads at most that many.")
                % {"max": MAX_PAGES}
            )
        seen_pages.add(url)
        pages += 1
        page = _fetch(source, url, accept=RDF_ACCEPT)
        try:
            graph = parse_rdf(page.content, page.content_type, base=page.url)
        except RdfError as exc:
            raise SourceError(
                _("Page %(page)s (%(url)s) could not be read: %(error)s")
                % {"page": pages, "url": page.url, "error": exc.message}
            ) from exc
        subjects = sorted(
            {s for s in graph.subjects(RDF.type, DCAT.Dataset) if isinstance(s, URIRef)}, key=str
        )
        for subject in subjects:
            try:
                harvested.add(record_from_dataset(graph, subject))
            except Exception as exc:  # one unreadable dataset must not stop the others
                harvested.listed_uris.add(str(subject))
                harvested.errors.append({"record": str(subject), "message": _message(exc)})
        following = next_page(graph)
        url = urljoin(page.url, following) if following else None
    return harvested


def _read_ckan(source: HarvestSource) -> Harvested:
    harvested = Harvested()
    root = ckan.portal_root(source.url)
    start = 0
    count: int | None = None
    pages = 0
    while count is None or start < count:
        if pages >= MAX_PAGES:
            raise SourceError(
                _("The catalogue has more than %(max)s pages; Smartby reads at most that many.")
                % {"max": MAX_PAGES}
            )
        pages += 1
        page = _fetch(
            source, ckan.search_url(root, start=start, rows=CKAN_ROWS), accept="application/json"
        )
        if page.content_type not in ("application/json", "text/json", "text/javascript", ""):
            raise SourceError(
                _(
                    "The CKAN API answered with the content type “%(type)s” instead of JSON at "
                    "%(url)s."
                )
                % {"type": page.content_type[:80], "url": page.url}
            )
        try:
            total, packages = ckan.parse_search(page.content)
        except ckan.CkanError as exc:
            raise SourceError(
                _("Page %(page)s (%(url)s) could not be read: %(error)s")
                % {"page": pages, "url": page.url, "error": exc.message}
            ) from exc
        count = total if count is None else count
        if not packages:
            break  # fewer packages than the count promised: nothing more to read
        for package in packages:
            name = str(package.get("name") or package.get("id") or "?")
            try:
                harvested.add(ckan.record_from_package(package, root=root))
            except Exception as exc:  # one unreadable package must not stop the others
                if package.get("name"):
                    harvested.listed_uris.add(f"{root}/dataset/{package['name']}")
                harvested.errors.append({"record": name[:300], "message": _message(exc)})
        start += len(packages)
    return harvested


READERS: dict[str, Callable[[HarvestSource], Harvested]] = {
    HarvestSource.Kind.DCAT: _read_dcat,
    HarvestSource.Kind.CKAN: _read_ckan,
}


def _message(exc: Exception) -> str:
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return " ".join(str(text).split())[:500]


# Applying records


def harvest_publisher(record: DatasetRecord, *, source: HarvestSource) -> tuple[Organisation, str]:
    """The organisation a record is published under, and a note for the run log ("" if none).

    The record's own publisher is used when Smartby knows it (organisation number, Smartby
    URI, or the exact name) and the source may publish for it: the source's own publisher
    always; another organisation only when the person who added the source may add harvest
    sources for that organisation too (the secretariat, or an editor of both), or when the
    source was set up without a user (command line, demo). Otherwise the record goes under
    the source's publisher, so a source cannot put datasets in another organisation's name.
    """
    found = record_publisher(record, default=source.publisher)
    if found.pk == source.publisher_id and record.publisher_name.strip():
        by_name = Organisation.objects.filter(name__iexact=record.publisher_name.strip()).first()
        found = by_name or source.publisher
    if found.pk == source.publisher_id:
        return found, ""
    creator = source.created_by
    if creator is None or creator.has_perm("catalog.add_harvestsource", found):
        return found, ""
    note = _(
        "Names %(named)s as publisher, which this source may not publish for; "
        "published under %(publisher)s."
    ) % {"named": found.name, "publisher": source.publisher.name}
    return source.publisher, note


def _record_label(record: DatasetRecord) -> str:
    return (record.uri or record.identifier or record.title_nb or record.title_en or "?")[:300]


def _apply(run: HarvestRun, source: HarvestSource, harvested: Harvested) -> None:
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    errors = list(harvested.errors)
    notes: list[dict[str, str]] = []
    publishers: dict[tuple[str, str, str], tuple[Organisation, str]] = {}
    for record in harvested.records:
        key = (record.publisher_orgnr, record.publisher_uri, record.publisher_name)
        try:
            if key not in publishers:
                publishers[key] = harvest_publisher(record, source=source)
            publisher, publisher_note = publishers[key]
            if publisher_note:
                notes.append(
                    {"record": _record_label(record), "message": publisher_note, "level": "warning"}
                )
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RecordWarning)
                dataset, outcome = dataset_apply_record(
                    record=record, source=source, publisher=publisher
                )
        except RecordError as exc:
            errors.append({"record": _record_label(record), "message": exc.message})
            continue
        except Exception as exc:  # logged on the run; the other records go on
            logger.exception("Harvest of %s: record %s failed", source.pk, record.uri)
            errors.append({"record": _record_label(record), "message": _message(exc)})
            continue
        counts[outcome] += 1
        for note in getattr(dataset, "record_warnings", []) or []:
            notes.append({"record": _record_label(record), "message": note, "level": "warning"})
    if source.is_demo:  # what a demo source brings in is demo content too
        Dataset.objects.filter(harvest_source=source, is_demo=False).update(is_demo=True)
    gone = Dataset.objects.filter(harvest_source=source, status=DatasetStatus.ACTIVE).exclude(
        uri__in=harvested.listed_uris
    )
    withdrawn = datasets_withdraw(dataset_ids=list(gone.values_list("pk", flat=True)))
    run.created = counts["created"]
    run.updated = counts["updated"]
    run.unchanged = counts["unchanged"]
    run.withdrawn = withdrawn
    run.errors = errors + notes
    run.status = HarvestRun.Status.PARTIAL if errors else HarvestRun.Status.SUCCEEDED


def _finish(run: HarvestRun) -> HarvestRun:
    run.finished_at = timezone.now()
    run.save()
    return run


def harvest_run(*, source: HarvestSource, actor: Any = None) -> HarvestRun:
    """Harvest `source` once and return the run with its counts, status and errors. Never
    raises for a bad source: a source-level failure is a "failed" run with a message, and
    then no dataset is changed. Messages are stored in the site's default language, whoever
    started the run."""
    with translation.override(settings.LANGUAGE_CODE):
        return _harvest_run(source=source, actor=actor)


def _harvest_run(*, source: HarvestSource, actor: Any) -> HarvestRun:
    started = timezone.now()
    stale = started - timedelta(seconds=STALE_RUN_SECONDS)
    already = (
        HarvestRun.objects.filter(source=source, status=HarvestRun.Status.RUNNING)
        .filter(started_at__gte=stale)
        .exists()
    )
    run = HarvestRun.objects.create(source=source, started_at=started)
    HarvestSource.objects.filter(pk=source.pk).update(last_run_at=started)
    source.last_run_at = started
    if already:
        run.status = HarvestRun.Status.FAILED
        run.message = _("Another harvest of this source is running; this one did not start.")
        return _finish(run)
    reader = READERS.get(source.kind)
    if reader is None:
        run.status = HarvestRun.Status.FAILED
        run.message = _("Smartby cannot harvest sources of the kind “%(kind)s”.") % {
            "kind": source.kind
        }
        return _finish(run)
    try:
        harvested = reader(source)
    except SourceError as exc:
        run.status = HarvestRun.Status.FAILED
        run.message = exc.message
        return _finish(run)
    except Exception as exc:  # a bug or an unexpected answer: the run fails, nothing changes
        logger.exception("Harvest of source %s failed", source.pk)
        run.status = HarvestRun.Status.FAILED
        run.message = _("The harvest failed unexpectedly: %(error)s") % {"error": _message(exc)}
        return _finish(run)
    _apply(run, source, harvested)
    read = len(harvested.records) + len(harvested.errors)
    run.message = ngettext(
        "The source listed %(count)s dataset.", "The source listed %(count)s datasets.", read
    ) % {"count": read}
    if actor is not None and getattr(actor, "is_authenticated", False):
        logger.info("Harvest of source %s started by user %s", source.pk, actor.pk)
    return _finish(run)


def harvest_sources_due(*, now: Any = None) -> list[HarvestSource]:
    """Enabled sources with a schedule whose last run is older than their schedule (or that
    never ran)."""
    now = now or timezone.now()
    due = []
    for source in HarvestSource.objects.filter(enabled=True, schedule_hours__gt=0).order_by("pk"):
        last = source.last_run_at
        if last is None or last <= now - timedelta(hours=source.schedule_hours):
            due.append(source)
    return due


def harvest_enqueue(*, source: HarvestSource, actor: Any = None) -> None:
    """Queue a run of `source` for the task worker and note when it was queued (so the
    scheduler does not queue it again before it starts)."""
    from smartby.catalog.tasks import harvest_source

    now = timezone.now()
    HarvestSource.objects.filter(pk=source.pk).update(last_run_at=now)
    source.last_run_at = now
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    harvest_source.enqueue(source.pk, actor_id)


# Sources

SOURCE_FIELDS = ["name", "url", "kind", "publisher", "schedule_hours", "enabled"]


def _check_source(source: HarvestSource) -> None:
    if urlsplit(source.url).scheme not in ("http", "https"):
        raise ValidationError({"url": _("Give an http or https address.")})
    source.full_clean(exclude=["version", "created_by", "last_run_at"])


def harvest_source_create(*, actor: Any, fields: dict[str, Any]) -> HarvestSource:
    """A new source harvesting for fields["publisher"]. PermissionDenied unless `actor` may
    add sources for that organisation; ValidationError for bad input."""
    values = {name: fields[name] for name in SOURCE_FIELDS if name in fields}
    if not actor.has_perm("catalog.add_harvestsource", values.get("publisher")):
        raise PermissionDenied(_("You may not add harvest sources for this organisation."))
    source = HarvestSource(created_by=actor if actor.is_authenticated else None, **values)
    _check_source(source)
    source.save()
    return source


def harvest_source_update(
    *, source: HarvestSource, actor: Any, expected_version: int, fields: dict[str, Any]
) -> HarvestSource:
    """Change a source as `actor` edited it from `expected_version`. ConflictError when
    someone saved in between, PermissionDenied when the actor may not change it (or may not
    move it to the new publisher), ValidationError for bad input."""
    if not actor.has_perm("catalog.change_harvestsource", source):
        raise PermissionDenied(_("You may not change this harvest source."))
    values = {name: fields[name] for name in SOURCE_FIELDS if name in fields}
    publisher = values.get("publisher")
    moves = publisher is not None and publisher.pk != source.publisher_id
    if moves and not actor.has_perm("catalog.add_harvestsource", publisher):
        raise PermissionDenied(_("You may not add harvest sources for this organisation."))
    for name, value in values.items():
        setattr(source, name, value)
    _check_source(source)
    source.updated_at = timezone.now()
    return save_versioned(
        obj=source, expected_version=expected_version, fields=[*values, "updated_at"]
    )
