"""Reading one dataset with everything its page and the API detail show, in a fixed number
of queries: publisher, licence, themes, area, distributions with their recent link checks,
and the cases using it that the viewer may see."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from smartby.cases.models import Case
from smartby.cases.selectors.visibility import case_published_to
from smartby.catalog.models import Dataset, DatasetStatus, Distribution, LinkCheck
from smartby.organisations.models import Organisation

# The link checks shown with a distribution (its availability history).
CHECK_DAYS = 30


def dataset_detail_queryset(*, viewer: Any) -> QuerySet[Dataset]:
    """Datasets with everything their page needs. Each distribution has `checks`: its link
    checks of the last CHECK_DAYS days, oldest first. `visible_cases` holds the published
    cases using the dataset that `viewer` may see."""
    since = timezone.now() - timedelta(days=CHECK_DAYS)
    checks = LinkCheck.objects.filter(checked_at__gte=since).order_by("checked_at", "id")
    distributions = Distribution.objects.select_related("licence").prefetch_related(
        Prefetch("link_checks", queryset=checks, to_attr="checks")
    )
    cases = (
        case_published_to(viewer=viewer)
        .select_related("owner")
        .only("id", "slug", "title", "owner__id", "owner__name", "owner__slug", "is_demo")
        .order_by("title", "id")
    )
    return Dataset.objects.select_related(
        "publisher", "licence", "harvest_source"
    ).prefetch_related(
        "data_themes",
        "themes",
        "spatial",
        Prefetch("distributions", queryset=distributions),
        Prefetch("used_in_cases", queryset=cases, to_attr="visible_cases"),
    )


def dataset_get(*, slug: str, viewer: Any) -> Dataset:
    """The dataset with `slug`; Dataset.DoesNotExist otherwise."""
    return dataset_detail_queryset(viewer=viewer).get(slug=slug)


def dataset_get_by_id(*, pk: int, viewer: Any) -> Dataset:
    return dataset_detail_queryset(viewer=viewer).get(pk=pk)


def datasets_of_case(*, case: Case) -> list[Dataset]:
    """The active datasets `case` uses, by title, with their publishers (one query)."""
    return list(
        Dataset.objects.filter(used_in_cases=case, status=DatasetStatus.ACTIVE)
        .select_related("publisher")
        .order_by("title_nb", "title_en", "id")
    )


def dataset_choices_for_case(*, case: Case) -> list[Dataset]:
    """The datasets a case can be linked to: every active one, and those it already uses
    (one query)."""
    from django.db.models import Q

    return list(
        Dataset.objects.filter(Q(status=DatasetStatus.ACTIVE) | Q(used_in_cases=case))
        .distinct()
        .select_related("publisher")
        .only("id", "slug", "title_nb", "title_en", "status", "publisher__id", "publisher__name")
        .order_by("publisher__name", "title_nb", "title_en", "id")
    )


def datasets_on_theme(*, theme_slug: str, limit: int = 6) -> tuple[list[Dataset], int]:
    """The active datasets on a network theme, best quality first, and how many."""
    datasets = Dataset.objects.filter(status=DatasetStatus.ACTIVE, themes__slug=theme_slug)
    listed = list(
        datasets.select_related("publisher").order_by("-quality_points", "title_nb", "id")[:limit]
    )
    return listed, datasets.count()


def dataset_counts_of_publishers(*, organisations: list[Organisation]) -> dict[int, int]:
    """How many active datasets each organisation publishes (one query)."""
    from django.db.models import Count

    return dict(
        Dataset.objects.filter(status=DatasetStatus.ACTIVE, publisher__in=organisations)
        .order_by()
        .values("publisher")
        .annotate(n=Count("id"))
        .values_list("publisher", "n")
    )
