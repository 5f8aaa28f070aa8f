"""Shared write helpers."""

from __future__ import annotations

from datetime import timedelta
from typing import TypeVar

from django.db.models import F, Max
from django.utils import timezone

from smartby.core.errors import ConflictError
from smartby.core.models import Activity, FacetChange, VersionedModel

V = TypeVar("V", bound=VersionedModel)


def save_versioned(*, obj: V, expected_version: int, fields: list[str]) -> V:
    """Save `fields` of `obj` only if the stored version is still `expected_version`.

    Raises ConflictError when another save came first; nothing is written then.
    """
    model = type(obj)
    values = {name: getattr(obj, name) for name in fields}
    updated = model._default_manager.filter(pk=obj.pk, version=expected_version).update(
        version=F("version") + 1, **values
    )
    if not updated:
        raise ConflictError()
    obj.refresh_from_db()
    return obj


def activity_record(
    *, verb: str, text_nb: str, text_en: str, url: str = "", is_demo: bool = False
) -> Activity:
    """Add one line to the public activity stream."""
    return Activity.objects.create(
        verb=verb, text_nb=text_nb[:300], text_en=text_en[:300], url=url, is_demo=is_demo
    )


def changes_prune(*, older_than_hours: float = 24) -> int:
    """Delete the change rows (see smartby.core.facets) older than this, keeping the newest
    of each collection (the version processes compare with) and those from the mark of a
    search index's last postings build on (smartby.core.postings applies them). A process
    that last looked before the cut rebuilds its bitmaps once. Returns the rows deleted."""
    from smartby.core.postings import indexes, marks

    cut = timezone.now() - timedelta(hours=older_than_hours)
    newest = (
        FacetChange.objects.values("collection").annotate(newest=Max("id")).values_list("newest")
    )
    old = FacetChange.objects.filter(created_at__lt=cut).exclude(id__in=newest)
    built = marks()
    for index in indexes():
        mark = built.get(index.table)
        if mark is not None:
            old = old.exclude(collection=index.collection, id__gte=mark.change_id)
    deleted, _ = old.delete()
    return deleted
