from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, Q, QuerySet

from smartby.organisations.models import County, Municipality, Organisation


@dataclass
class OrganisationFilters:
    q: str = ""
    kind: str = ""
    county: str = ""  # county number
    municipality: str = ""  # municipality slug
    network: str = ""  # network slug


def county_list() -> QuerySet[County]:
    return County.objects.annotate(municipality_count=Count("municipalities"))


def municipality_list(
    *, country: str | None = "NO", county: str = "", network: str = "", q: str = ""
) -> QuerySet[Municipality]:
    """Municipalities, Norwegian by default; `network` keeps the members of that network."""
    qs = Municipality.objects.select_related("county")
    if country:
        qs = qs.filter(country=country)
    if county:
        qs = qs.filter(county__number=county)
    if network:
        qs = qs.filter(
            organisations__kind="municipality",
            organisations__network_memberships__network__slug=network,
            organisations__network_memberships__left_on__isnull=True,
        )
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(name_official__icontains=q) | Q(code=q))
    return qs.order_by("name", "code")


def municipality_get(*, slug: str) -> Municipality:
    """One municipality with its county; raises Municipality.DoesNotExist."""
    return Municipality.objects.select_related("county").get(slug=slug)


def municipality_organisations(*, municipality: Municipality) -> QuerySet[Organisation]:
    """Organisations based in the municipality, the municipality's own first."""
    return (
        Organisation.objects.filter(municipality=municipality)
        .select_related("municipality", "county")
        .order_by("-is_reference", "name")
    )


def organisation_list(*, filters: OrganisationFilters) -> QuerySet[Organisation]:
    """The actor directory: filter by text, kind, county, municipality and network."""
    qs = Organisation.objects.select_related("municipality", "county")
    if filters.q:
        qs = qs.filter(
            Q(name__icontains=filters.q)
            | Q(description__icontains=filters.q)
            | Q(municipality__name__icontains=filters.q)
        )
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.county:
        qs = qs.filter(
            Q(county__number=filters.county) | Q(municipality__county__number=filters.county)
        )
    if filters.municipality:
        qs = qs.filter(municipality__slug=filters.municipality)
    if filters.network:
        qs = qs.filter(
            network_memberships__network__slug=filters.network,
            network_memberships__left_on__isnull=True,
        )
    return qs.order_by("name", "pk")


def organisation_kind_facets(*, queryset: QuerySet[Organisation]) -> dict[str, int]:
    """Counts per kind over a filtered directory (one query)."""
    rows = queryset.order_by().values("kind").annotate(n=Count("pk", distinct=True))
    return {row["kind"]: row["n"] for row in rows}


def organisation_get(*, slug: str) -> Organisation:
    """One organisation with its places; raises Organisation.DoesNotExist."""
    return Organisation.objects.select_related("municipality", "county").get(slug=slug)


def network_choices() -> list[tuple[str, str]]:
    """(slug, name) of each network, for the network filters.

    Networks live in the `network` app, which depends on this one; the filter only needs
    their slugs and names, so the model is looked up by name instead of imported.
    """
    network_model = apps.get_model("network", "Network")
    return [(n.slug, str(n.name)) for n in network_model.objects.order_by("slug")]


def county_get(*, number: str) -> County:
    """One county with its municipality count; raises County.DoesNotExist."""
    return county_list().get(number=number)


def county_numbers() -> list[str]:
    """Every county number, in order (one query); for validating filters."""
    return list(County.objects.order_by("number").values_list("number", flat=True))


def municipality_countries() -> list[str]:
    """The ISO codes of the countries that have municipalities, in order (one query)."""
    return list(
        Municipality.objects.order_by("country").values_list("country", flat=True).distinct()
    )


def municipality_exists(*, slug: str) -> bool:
    return Municipality.objects.filter(slug=slug).exists()


def municipality_county_facets(*, queryset: QuerySet[Municipality]) -> dict[str, int]:
    """Counts per county number over a filtered municipality list (one query); municipalities
    outside Norway have no county and are not counted."""
    rows = (
        queryset.filter(county__isnull=False)
        .order_by()
        .values("county__number")
        .annotate(n=Count("pk", distinct=True))
    )
    ordered = sorted(rows, key=lambda row: row["county__number"])
    return {row["county__number"]: row["n"] for row in ordered}


def municipality_country_facets(*, queryset: QuerySet[Municipality]) -> dict[str, int]:
    """Counts per country over a filtered municipality list (one query)."""
    rows = queryset.order_by().values("country").annotate(n=Count("pk", distinct=True))
    return {row["country"]: row["n"] for row in sorted(rows, key=lambda r: r["country"])}
