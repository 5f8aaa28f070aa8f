"""The list of self-assessments and the network view (heat map, barriers, participation)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from smartby.assessments import scoring
from smartby.assessments.rules import ASSESSING_KINDS
from smartby.assessments.selectors.benchmark import benchmark, rounds_shared
from smartby.assessments.selectors.network import (
    barrier_ranking,
    heat_map,
    latest_shared_year,
    others_submitted,
    own_rounds,
)
from smartby.cases.rules import editor_org_ids
from smartby.network.models import Network
from smartby.organisations.models import Organisation
from smartby.roadmap.models import Principle
from smartby.roadmap.selectors import roadmap_texts

PAGE_SIZE = 30


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _filters(request: HttpRequest) -> tuple[list[Network], Network | None, int | None]:
    networks = list(Network.objects.order_by("name_en"))
    network = next((n for n in networks if n.slug == request.GET.get("network")), None)
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else None
    return networks, network, year


@require_GET
def assessment_list(request: HttpRequest) -> HttpResponse:
    networks, network, year = _filters(request)
    others = others_submitted(
        viewer=request.user, year=year, network_id=network.pk if network else None
    )
    page = Paginator(others, PAGE_SIZE).get_page(request.GET.get("page"))
    can_start = (
        Organisation.objects.filter(
            pk__in=editor_org_ids(request.user), kind__in=ASSESSING_KINDS
        ).exists()
        if request.user.is_authenticated
        else False
    )
    return render(
        request,
        "assessments/list.html",
        {
            "own": own_rounds(viewer=request.user),
            "page": page,
            "query": _query_without_page(request),
            "networks": networks,
            "network": network,
            "year": year,
            "years": [y for y, _n in rounds_shared()],
            "can_start": can_start,
            "texts": roadmap_texts(),
            "nav": "roadmap",
        },
    )


@require_GET
def network_overview(request: HttpRequest) -> HttpResponse:
    networks, network, year = _filters(request)
    network_id = network.pk if network else None
    year = year or latest_shared_year(network_id=network_id)
    rows = heat_map(viewer=request.user, year=year, network_id=network_id) if year else []
    figures = benchmark(year=year, network_id=network_id) if year else None
    shared_n, barriers = barrier_ranking(year=year, network_id=network_id) if year else (0, [])
    return render(
        request,
        "assessments/network.html",
        {
            "networks": networks,
            "network": network,
            "year": year,
            "rounds": rounds_shared(network_id=network_id),
            "principles": list(Principle.objects.order_by("number")),
            "rows": [
                (a, [(s.score, scoring.band(s.score)) for s in a.sections.all()]) for a in rows
            ],
            "figures": figures,
            "shared_n": shared_n,
            "barriers": barriers[:15],
            "min_group": scoring.MIN_GROUP,
            "nav": "roadmap",
        },
    )
