"""The link checker: is every access and download address of the catalogue reachable?

For each address of a distribution (its access URL, and its download URL when it differs)
one request goes out through core.http.fetch — so the address guard applies: http(s) only,
no loopback, private or link-local addresses (checked at every redirect), at most
MAX_REDIRECTS redirects, a timeout and a cap on the bytes read. HEAD first; a server that
refuses HEAD (405, 501) is asked again with GET, reading at most GET_MAX_BYTES. A final
status 2xx is a success. An address the guard refuses is recorded as a failed check with
the guard's message and is never requested.

Each check is a LinkCheck row. The distribution keeps its last check (time, status,
response time, error), its last success, and its availability over the last
HISTORY_DAYS days: the share of successful checks of all its addresses together. The
quality of the touched datasets is then recomputed (accessibility reads the availability).
Checks older than KEEP_DAYS are pruned.

`linkcheck_due` picks the distributions of active datasets not checked for
settings.LINKCHECK_HOURS (SMARTBY_LINKCHECK_HOURS, 24) hours. Demo datasets are left out:
their history is made up and their addresses do not exist (`smartby checklinks --dataset`
still checks them).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from smartby.catalog.models import Dataset, DatasetStatus, Distribution, LinkCheck
from smartby.catalog.quality import quality_refresh
from smartby.core.http import FetchError, TooLarge, fetch

HISTORY_DAYS = 30
KEEP_DAYS = 90
TIMEOUT = 10.0
MAX_REDIRECTS = 5
HEAD_MAX_BYTES = 64 * 1024
GET_MAX_BYTES = 64 * 1024
ERROR_MAX = 300


def check_hours() -> int:
    return int(settings.LINKCHECK_HOURS)


def check_address(
    url: str, *, timeout: float = TIMEOUT
) -> tuple[bool, int | None, int | None, str]:
    """(ok, status, response time in ms, error) for one address."""
    started = timezone.now()
    try:
        result = fetch(
            url,
            method="HEAD",
            timeout=timeout,
            max_redirects=MAX_REDIRECTS,
            max_bytes=HEAD_MAX_BYTES,
        )
        if result.status in (405, 501):
            result = fetch(
                url,
                method="GET",
                timeout=timeout,
                max_redirects=MAX_REDIRECTS,
                max_bytes=GET_MAX_BYTES,
                headers={"Range": f"bytes=0-{GET_MAX_BYTES - 1}"},
            )
    except FetchError as exc:
        # Larger than the cap (a HEAD answer declares the whole file's length): the server
        # answered, and the status says whether the file is there.
        status = exc.status
        if isinstance(exc, TooLarge) and status is not None and 200 <= status < 300:
            elapsed = int((timezone.now() - started).total_seconds() * 1000)
            return True, status, elapsed, ""
        return False, status, None, (exc.message or str(exc))[:ERROR_MAX]
    ok = 200 <= result.status < 300 or result.status == 206
    error = "" if ok else f"HTTP {result.status}"
    return ok, result.status, result.elapsed_ms, error


def _addresses(distribution: Distribution) -> list[tuple[str, str]]:
    rows = [(LinkCheck.Kind.ACCESS.value, distribution.access_url)]
    if distribution.download_url and distribution.download_url != distribution.access_url:
        rows.append((LinkCheck.Kind.DOWNLOAD.value, distribution.download_url))
    return [(kind, url) for kind, url in rows if url]


def linkcheck_distributions(
    *, distribution_ids: Iterable[int], timeout: float = TIMEOUT, now: datetime | None = None
) -> tuple[int, int]:
    """Check every address of these distributions; returns how many checks were made and how
    many failed. A fixed number of queries whatever the number of distributions."""
    ids = list(distribution_ids)
    if not ids:
        return 0, 0
    distributions = list(Distribution.objects.filter(pk__in=ids).order_by("pk"))
    checks: list[LinkCheck] = []
    for distribution in distributions:
        for kind, url in _addresses(distribution):
            ok, status, response_ms, error = check_address(url, timeout=timeout)
            checks.append(
                LinkCheck(
                    distribution=distribution,
                    kind=kind,
                    url=url,
                    checked_at=now or timezone.now(),
                    ok=ok,
                    status=status,
                    response_ms=response_ms,
                    error=error,
                )
            )
    LinkCheck.objects.bulk_create(checks, batch_size=500)

    moment = now or timezone.now()
    since = moment - timedelta(days=HISTORY_DAYS)
    shares = {
        row["distribution_id"]: (row["good"], row["total"])
        for row in LinkCheck.objects.filter(distribution_id__in=ids, checked_at__gte=since)
        .values("distribution_id")
        .annotate(total=Count("id"), good=Count("id", filter=Q(ok=True)))
    }
    latest: dict[int, LinkCheck] = {}
    for check in checks:
        latest[check.distribution_id] = check  # the last address checked stands for it
    failed_last = {c.distribution_id for c in checks if not c.ok}
    for distribution in distributions:
        last = latest.get(distribution.pk)
        if last is None:
            continue
        distribution.last_checked_at = last.checked_at
        distribution.last_status = last.status
        distribution.last_response_ms = last.response_ms
        mine = [c for c in checks if c.distribution_id == distribution.pk]
        distribution.last_error = next((c.error for c in mine if not c.ok), "")
        if distribution.pk not in failed_last:
            distribution.last_ok_at = last.checked_at
        good, total = shares.get(distribution.pk, (0, 0))
        distribution.availability_30d = good / total if total else None
    Distribution.objects.bulk_update(
        distributions,
        [
            "last_checked_at",
            "last_status",
            "last_response_ms",
            "last_error",
            "last_ok_at",
            "availability_30d",
        ],
        batch_size=500,
    )
    LinkCheck.objects.filter(
        distribution_id__in=ids, checked_at__lt=moment - timedelta(days=KEEP_DAYS)
    ).delete()
    quality_refresh(dataset_ids={d.dataset_id for d in distributions})
    return len(checks), sum(not c.ok for c in checks)


def linkcheck_due(now: datetime | None = None) -> list[int]:
    """Ids of the distributions of active, non-demo datasets that are due for a check."""
    cutoff = (now or timezone.now()) - timedelta(hours=check_hours())
    return list(
        Distribution.objects.filter(dataset__status=DatasetStatus.ACTIVE, dataset__is_demo=False)
        .filter(Q(last_checked_at__isnull=True) | Q(last_checked_at__lte=cutoff))
        .order_by("last_checked_at", "pk")
        .values_list("pk", flat=True)
    )


def distributions_of(datasets: Iterable[Dataset]) -> list[int]:
    return list(
        Distribution.objects.filter(dataset__in=list(datasets))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
