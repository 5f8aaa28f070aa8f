"""The demo's harvest source: a fictional DCAT-AP-NO catalogue in Turtle, two pages long,
served by the site itself so that a newcomer can watch a harvest run without any other
server (see smartby/demo/catalog.py)."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from smartby.catalog.models import HarvestSource
from smartby.demo.cases import DATA_DIR

PAGES = {1: "harvest-page-1.ttl", 2: "harvest-page-2.ttl"}


@require_GET
def harvest_catalog(request: HttpRequest) -> HttpResponse:
    """Page `?page=N` of the demo catalogue; page 1 links to page 2 with hydra:next."""
    if not HarvestSource.objects.filter(is_demo=True).exists():
        raise Http404  # only on sites with the demo content loaded
    page = request.GET.get("page", "1")
    name = PAGES.get(int(page)) if page.isdigit() else None
    if name is None:
        raise Http404
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    following = settings.SITE_URL.rstrip("/") + reverse("demo-harvest-catalog") + "?page=2"
    text = text.replace("{next}", following)
    return HttpResponse(text.encode(), content_type="text/turtle; charset=utf-8")
