from __future__ import annotations

from django.db.models import Count, F, Prefetch, Q, QuerySet

from smartby.network.models import Network, NetworkMembership, Workgroup
from smartby.organisations.models import Municipality, Organisation


def network_list() -> QuerySet[Network]:
    """Networks with their current member count."""
    current = Q(memberships__left_on__isnull=True)
    return Network.objects.annotate(
        member_count=Count("memberships", filter=current),
        demo_member_count=Count("memberships", filter=current & Q(memberships__is_demo=True)),
    ).order_by("name_nb")


def network_get(*, slug: str) -> Network:
    """One network with its current members and themes; raises Network.DoesNotExist."""
    current = (
        NetworkMembership.objects.filter(left_on__isnull=True)
        .select_related("organisation__municipality", "organisation__county")
        .order_by("organisation__name", "organisation__slug")
    )
    return (
        network_list()
        .prefetch_related(
            Prefetch("memberships", queryset=current, to_attr="current_memberships"), "themes"
        )
        .get(slug=slug)
    )


def network_memberships_of_organisation(
    *, organisation: Organisation
) -> QuerySet[NetworkMembership]:
    return NetworkMembership.objects.filter(
        organisation=organisation, left_on__isnull=True
    ).select_related("network")


def network_memberships_of_municipality(
    *, municipality: Municipality
) -> QuerySet[NetworkMembership]:
    """Current memberships held by the municipality's own organisation."""
    return NetworkMembership.objects.filter(
        organisation__municipality=municipality,
        organisation__kind="municipality",
        left_on__isnull=True,
    ).select_related("network")


def network_map_points() -> list[dict[str, object]]:
    """One point per municipality that is a current member of any network (one query),
    with the networks it belongs to, for the home-page map and its text list."""
    rows = (
        NetworkMembership.objects.filter(
            left_on__isnull=True,
            organisation__kind="municipality",
            organisation__municipality__latitude__isnull=False,
        )
        .select_related("organisation__municipality", "network")
        .order_by("organisation__municipality__name")
    )
    points: dict[int, dict[str, object]] = {}
    networks: dict[int, list[str]] = {}
    for m in rows:
        municipality = m.organisation.municipality
        assert municipality is not None
        points.setdefault(
            municipality.pk,
            {
                "name": municipality.name,
                "country": municipality.country,
                "url": municipality.get_absolute_url(),
                "lat": municipality.latitude,
                "lon": municipality.longitude,
                "networks": networks.setdefault(municipality.pk, []),
            },
        )
        networks[municipality.pk].append(str(m.network.name))
    return list(points.values())


def workgroups_for_principles(*, principle_ids: list[int]) -> dict[int, list[Workgroup]]:
    """The active workgroups whose theme serves each principle (one query)."""
    result: dict[int, list[Workgroup]] = {pid: [] for pid in principle_ids}
    groups = (
        Workgroup.objects.filter(dissolved_on__isnull=True, theme__principles__in=principle_ids)
        .select_related("network", "lead", "theme")
        .annotate(principle_id=F("theme__principles"))
        .order_by("name_en")
    )
    for group in groups:
        result[group.principle_id].append(group)  # type: ignore[attr-defined]
    return result
