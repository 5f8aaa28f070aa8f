"""Demo data catalogue: fictional datasets of the demo publishers, a link-check history, and a
harvest source served by the site itself.

The datasets (data/catalog.yaml) come from municipalities, a state agency, a research centre,
a citizens' lab and two companies selling data (subscription, per call and one-off prices).
Each entry's `level` decides how complete its metadata is, so the quality scores spread over
every band as they do in real catalogues. The link-check history of the last 30 days is
synthetic (the addresses, under data.demo.smartby.no, do not exist): most addresses answer,
some fail now and then, a few are down; the scheduled link checker leaves demo datasets alone.

The harvest source is a DCAT-AP-NO catalogue in Turtle, two pages long, that the site serves
at /demo/harvest/catalog.ttl (smartby/demo/views.py). Loading runs it once, so its run log is
there to see; "Run now" on the source page harvests it again.

Datasets are written through the same record service as harvests, keyed on their URI, so
loading twice changes nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from smartby.cases.models import Case
from smartby.catalog.models import (
    Dataset,
    Distribution,
    HarvestRun,
    HarvestSource,
    LinkCheck,
)
from smartby.catalog.quality import quality_refresh
from smartby.catalog.records import DatasetRecord, DistributionRecord
from smartby.catalog.services.harvest import harvest_run
from smartby.catalog.services.records import dataset_apply_record
from smartby.catalog.vocabularies import FILE_TYPES
from smartby.demo.cases import read_data
from smartby.organisations.models import Organisation

CATALOG_FILE = "catalog.yaml"
BASE = "https://data.demo.smartby.no"
API_BASE = "https://api.demo.smartby.no"
EXTENSIONS = {"GTFS": "zip", "NETEX": "zip", "SHP": "zip", "RDF_TURTLE": "ttl"}
HISTORY_DAYS = 30
HARVEST_PUBLISHER = "bodo-kommune"
HARVEST_NAME = "Bodø kommunes datakatalog (demo)"


def dataset_uri(key: str) -> str:
    return f"{BASE}/dataset/{key}"


def _date(value: Any) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def _distributions(entry: dict[str, Any], level: str) -> list[DistributionRecord]:
    key = entry["key"]
    rich = level in ("full", "good")
    rows = []
    for position, code in enumerate(entry.get("formats", [])):
        file_type = FILE_TYPES.get(code)
        extension = EXTENSIONS.get(code, code.lower())
        rows.append(
            DistributionRecord(
                uri=f"{dataset_uri(key)}/distribution/{position + 1}",
                access_url=f"{BASE}/{entry['publisher']}/{key}/",
                download_url=f"{BASE}/{entry['publisher']}/{key}/{key}.{extension}"
                if level == "full"
                else "",
                title_nb=f"{code}-fil",
                title_en=f"{code} file",
                format=code,
                media_type=file_type.media_type if rich and file_type else "",
                byte_size=(len(key) * 104_729 + position * 7_919) if level == "full" else None,
                licence_uri=entry.get("licence", "") if level == "full" else "",
                modified=datetime.date(2026, 10, 1) if level == "full" else None,
            )
        )
    if entry.get("api"):
        rows.append(
            DistributionRecord(
                uri=f"{dataset_uri(key)}/distribution/api",
                access_url=f"{API_BASE}/{key}/v1/",
                api_description_url=f"{API_BASE}/{key}/v1/openapi.json",
                title_nb="API",
                title_en="API",
                format="JSON",
                media_type="application/json" if rich else "",
                licence_uri=entry.get("licence", "") if level == "full" else "",
            )
        )
    return rows


def demo_record(entry: dict[str, Any], publisher: Organisation) -> DatasetRecord:
    """The record of one entry of data/catalog.yaml, as complete as its `level` says."""
    level = entry.get("level", "basic")
    rich = level in ("full", "good")
    price = entry.get("price") or {}
    municipality = publisher.municipality
    spatial = entry.get("spatial") or ([municipality.code] if rich and municipality else [])
    issued = datetime.date(2020 + len(entry["key"]) % 5, 1 + len(entry["key"]) % 12, 1)
    return DatasetRecord(
        uri=dataset_uri(entry["key"]),
        identifier=entry["key"],
        title_nb=entry.get("title_nb", ""),
        title_en=entry.get("title_en", ""),
        description_nb=entry.get("description_nb", ""),
        description_en=entry.get("description_en", ""),
        contact_name=f"Dataforvaltning, {publisher.name}" if rich else "",
        contact_email=f"data@{publisher.slug}.demo.smartby.no" if rich else "",
        contact_url=f"{BASE}/{publisher.slug}/contact" if level == "full" else "",
        keywords_nb=entry.get("keywords_nb", []),
        keywords_en=entry.get("keywords_en", []),
        data_themes=entry.get("data_themes", []),
        themes=entry.get("themes", []),
        spatial=spatial,
        temporal_start=_date(entry.get("start")),
        temporal_end=_date(entry.get("end")),
        frequency=entry.get("frequency", ""),
        issued=issued if rich else None,
        modified=datetime.date(2026, 10, 1) if rich else None,
        landing_page=f"{BASE}/{publisher.slug}/{entry['key']}/" if level == "full" else "",
        conforms_to=entry.get("conforms_to", []),
        languages=["nb", "en"] if level == "full" else [],
        access_rights=entry.get("access", "" if level == "bare" else "PUBLIC"),
        licence_uri=entry.get("licence", ""),
        price_model=price.get("model", ""),
        price_nok=Decimal(str(price["nok"])) if "nok" in price else None,
        price_terms=price.get("terms", ""),
        distributions=_distributions(entry, level),
    )


def _history(
    distribution: Distribution, pattern: str, index: int, now: datetime.datetime
) -> list[LinkCheck]:
    """Thirty daily checks of each address of a distribution, oldest first."""
    addresses = [(LinkCheck.Kind.ACCESS, distribution.access_url)]
    if distribution.download_url and distribution.download_url != distribution.access_url:
        addresses.append((LinkCheck.Kind.DOWNLOAD, distribution.download_url))
    checks = []
    for day in range(HISTORY_DAYS - 1, -1, -1):
        if pattern == "down":
            ok = day >= 9  # down for the last nine days
        elif pattern == "flaky":
            ok = (day * 7 + index) % 5 != 0
        else:
            ok = True
        when = now - datetime.timedelta(days=day, minutes=index % 50)
        for kind, url in addresses:
            checks.append(
                LinkCheck(
                    distribution=distribution,
                    kind=kind,
                    url=url,
                    checked_at=when,
                    ok=ok,
                    status=200 if ok else (503 if pattern == "flaky" else 404),
                    response_ms=(90 + (day * 37 + index * 13) % 400) if ok else None,
                    error="" if ok else "The server answered with an error.",
                )
            )
    return checks


def _load_history(entries: dict[str, dict[str, Any]]) -> int:
    """Synthetic link checks for demo distributions that have none yet (bare entries stay
    unchecked, so the pages also show "not checked yet")."""
    now = timezone.now().replace(hour=3, minute=0, second=0, microsecond=0)
    distributions = list(
        Distribution.objects.filter(dataset__uri__in=[dataset_uri(k) for k in entries])
        .exclude(link_checks__isnull=False)
        .select_related("dataset")
        .order_by("pk")
    )
    checks: list[LinkCheck] = []
    touched: list[Distribution] = []
    for index, distribution in enumerate(distributions):
        entry = entries[distribution.dataset.identifier]
        if entry.get("level") == "bare":
            continue
        rows = _history(distribution, entry.get("availability", "ok"), index, now)
        checks.extend(rows)
        last = rows[-1]
        distribution.last_checked_at = last.checked_at
        distribution.last_status = last.status
        distribution.last_response_ms = last.response_ms
        distribution.last_error = last.error
        distribution.last_ok_at = max((c.checked_at for c in rows if c.ok), default=None)
        distribution.availability_30d = sum(c.ok for c in rows) / len(rows)
        touched.append(distribution)
    LinkCheck.objects.bulk_create(checks, batch_size=500)
    Distribution.objects.bulk_update(
        touched,
        [
            "last_checked_at",
            "last_status",
            "last_response_ms",
            "last_error",
            "last_ok_at",
            "availability_30d",
        ],
        batch_size=200,
    )
    quality_refresh(dataset_ids={d.dataset_id for d in touched})
    return len(checks)


def _link_cases(entries: dict[str, dict[str, Any]]) -> None:
    wanted = {k: e["cases"] for k, e in entries.items() if e.get("cases")}
    cases = {
        c.slug: c for c in Case.objects.filter(slug__in=[s for v in wanted.values() for s in v])
    }
    for dataset in Dataset.objects.filter(uri__in=[dataset_uri(k) for k in wanted]):
        dataset.used_in_cases.add(*[cases[s] for s in wanted[dataset.identifier] if s in cases])


def demo_harvest_source() -> HarvestSource:
    """The demo's harvest source, its address following the current SITE_URL."""
    url = settings.SITE_URL.rstrip("/") + reverse("demo-harvest-catalog")
    source = HarvestSource.objects.filter(is_demo=True, name=HARVEST_NAME).first()
    if source is None:
        source = HarvestSource.objects.create(
            name=HARVEST_NAME,
            url=url,
            kind=HarvestSource.Kind.DCAT,
            publisher=Organisation.objects.get(slug=HARVEST_PUBLISHER),
            schedule_hours=24,
            is_demo=True,
        )
    elif source.url != url:
        HarvestSource.objects.filter(pk=source.pk).update(url=url)
        source.url = url
    return source


def load_demo_catalog() -> dict[str, int]:
    """Create the demo datasets, their link-check history and the demo harvest source (with
    one run); returns how many datasets and harvest sources were created."""
    entries = {e["key"]: e for e in read_data(CATALOG_FILE)}
    publishers = {
        o.slug: o
        for o in Organisation.objects.filter(
            slug__in={e["publisher"] for e in entries.values()}
        ).select_related("municipality")
    }
    created = 0
    for entry in entries.values():
        publisher = publishers[entry["publisher"]]
        dataset, outcome = dataset_apply_record(
            record=demo_record(entry, publisher), source=None, publisher=publisher
        )
        created += outcome == "created"
        if not dataset.is_demo:
            Dataset.objects.filter(pk=dataset.pk).update(is_demo=True)
    _load_history(entries)
    _link_cases(entries)

    sources_before = HarvestSource.objects.filter(is_demo=True).count()
    source = demo_harvest_source()
    if not HarvestRun.objects.filter(source=source).exists():
        harvest_run(source=source)
    return {
        "datasets": created,
        "harvest_sources": HarvestSource.objects.filter(is_demo=True).count() - sources_before,
    }
