"""Project-level pages that draw on several apps: the home page."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from smartby.core.selectors import activity_latest
from smartby.network.selectors import network_list, network_map_points


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    networks = list(network_list())
    points = network_map_points()
    return render(
        request,
        "home.html",
        {
            "networks": networks,
            "map_points": points,
            "activities": list(activity_latest(limit=8)),
        },
    )


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
