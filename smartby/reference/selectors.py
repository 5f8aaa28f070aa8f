from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from smartby.reference.models import DataTheme, Licence, SdgTarget, SustainableDevelopmentGoal


def sdg_list() -> QuerySet[SustainableDevelopmentGoal]:
    """The 17 goals by number, with their targets in order (two queries)."""
    return SustainableDevelopmentGoal.objects.prefetch_related(
        Prefetch("targets", queryset=SdgTarget.objects.order_by("position", "code"))
    ).order_by("number")


def data_theme_list() -> QuerySet[DataTheme]:
    return DataTheme.objects.order_by("code")


def licence_list() -> QuerySet[Licence]:
    return Licence.objects.order_by("identifier")
