from __future__ import annotations

from django.db.models import QuerySet

from smartby.core.models import Activity


def activity_latest(*, limit: int = 10) -> QuerySet[Activity]:
    """The newest public activity lines."""
    return Activity.objects.all()[:limit]
