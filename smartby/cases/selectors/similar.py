"""Cases like a given case (shown on the case page)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from smartby.cases.models import Case
from smartby.cases.selectors.visibility import case_published_to


def _shared(through: Any, field: str, case: Case) -> Coalesce:
    """How many of `case`'s `field` values the outer case has too (a correlated count)."""
    mine = through.objects.filter(case_id=case.pk).values(field)
    counted = (
        through.objects.filter(case_id=OuterRef("pk"), **{f"{field}__in": mine})
        .order_by()
        .values("case_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def similar_cases(*, case: Case, viewer: Any, limit: int = 5) -> list[Case]:
    """Published cases `viewer` may see that share themes, technologies or roadmap
    principles with `case` (not `case` itself), most shared first, then newest. One query,
    owner and municipality included."""
    overlap = (
        _shared(Case.themes.through, "theme_id", case)
        + _shared(Case.technologies.through, "technology_id", case)
        + _shared(Case.principles.through, "principle_id", case)
    )
    return list(
        case_published_to(viewer=viewer)
        .exclude(pk=case.pk)
        .annotate(overlap=overlap)
        .filter(overlap__gt=0)
        .select_related("owner", "municipality")
        .order_by("-overlap", "-published_at", "-id")[:limit]
    )
