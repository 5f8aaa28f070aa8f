"""Reads for the case page, the lineage page and the network's reuse count."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from smartby.cases.models import Case, CasePartner, CaseTranslation
from smartby.cases.selectors.visibility import case_visible_to
from smartby.network.models import Network, NetworkMembership


def case_detail_queryset(*, viewer: Any) -> QuerySet[Case]:
    """Cases `viewer` may see, joined with everything the case page and API show."""
    adoptions = (
        case_visible_to(viewer=viewer)
        .filter(is_published=True)
        .select_related("owner", "municipality")
        .order_by("published_at", "id")
    )
    return (
        case_visible_to(viewer=viewer)
        .select_related(
            "owner",
            "municipality",
            "living_lab",
            "adopted_from",
            "adopted_from__owner",
        )
        .prefetch_related(
            "themes",
            "principles",
            "target_pictures",
            "sdgs",
            "sdg_targets",
            "technologies",
            "lessons",
            "links",
            "attachments",
            "updates",
            Prefetch("translations", queryset=CaseTranslation.objects.order_by("language")),
            Prefetch(
                "partners",
                queryset=CasePartner.objects.select_related("organisation", "role"),
            ),
            Prefetch("adoptions", queryset=adoptions, to_attr="visible_adoptions"),
        )
    )


def case_get(*, slug: str, viewer: Any) -> Case:
    """The case with `slug` if `viewer` may see it; Case.DoesNotExist otherwise."""
    return case_detail_queryset(viewer=viewer).get(slug=slug)


def case_get_by_id(*, pk: int, viewer: Any) -> Case:
    return case_detail_queryset(viewer=viewer).get(pk=pk)


def case_adopted_from_visible(*, case: Case, viewer: Any) -> Case | None:
    """The origin if the viewer may see it (a private origin is not linked)."""
    if case.adopted_from_id is None:
        return None
    origin = case.adopted_from
    if origin is None:
        return None
    return origin if viewer.has_perm("cases.view_case", origin) else None


@dataclass
class LineageNode:
    case: Case
    children: list[LineageNode] = field(default_factory=list)


def case_lineage(*, case: Case, viewer: Any) -> list[LineageNode]:
    """The adoption tree `case` belongs to, as nested nodes from the root: every case of
    the lineage the viewer may see (others' drafts are left out). A case whose parent the
    viewer may not see is shown at the top level. One query."""
    root_id = case.lineage_root_id or case.pk
    cases = list(
        case_visible_to(viewer=viewer)
        .filter(Q(lineage_root_id=root_id) | Q(pk=root_id))
        .select_related("owner", "municipality")
        .order_by("published_at", "id")
    )
    nodes = {c.pk: LineageNode(c) for c in cases}
    top: list[LineageNode] = []
    for node in nodes.values():
        parent = nodes.get(node.case.adopted_from_id) if node.case.adopted_from_id else None
        if parent is not None and parent is not node:
            parent.children.append(node)
        else:
            top.append(node)
    return top


def reused_solution_count(network: Network | None = None) -> int:
    """Published original cases with at least one published adoption in a different
    municipality; with `network`, only originals of its current members."""
    adoptions_elsewhere = Case.objects.filter(
        adopted_from=OuterRef("pk"), is_published=True
    ).exclude(municipality_id=OuterRef("municipality_id"))
    originals = Case.objects.filter(is_published=True, adopted_from__isnull=True).filter(
        Exists(adoptions_elsewhere)
    )
    if network is not None:
        originals = originals.filter(
            Exists(
                NetworkMembership.objects.filter(
                    network=network, organisation_id=OuterRef("owner_id"), left_on__isnull=True
                )
            )
        )
    return originals.count()
