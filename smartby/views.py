"""Project-level pages that draw on several apps: the home page."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from smartby.core.selectors import activity_latest
from smartby.network.selectors import network_list


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    networks = list(network_list())
    activities = list(activity_latest(limit=8))
    return render(
        request,
        "home.html",
        {
            "networks": networks,
            "has_map": any(getattr(n, "city_count", 0) for n in networks),
            "activities": activities,
            "map_tile_url": settings.MAP_TILE_URL,
            "map_attribution": settings.MAP_ATTRIBUTION,
            "has_demo": any(a.is_demo for a in activities)
            or any(getattr(n, "demo_member_count", 0) for n in networks),
        },
    )


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
