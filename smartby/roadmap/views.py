from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from smartby.roadmap import selectors


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "roadmap/index.html",
        {
            "texts": selectors.roadmap_texts(),
            "principles": list(selectors.principle_list()),
            "target_pictures": list(selectors.target_picture_list()),
            "helix_groups": list(selectors.penta_helix_groups()),
            "phases": list(selectors.process_phases()),
            "nav": "roadmap",
        },
    )


@require_GET
def principle_detail(request: HttpRequest, slug: str) -> HttpResponse:
    principles = list(selectors.principle_list())
    current = next((p for p in principles if p.slug == slug), None)
    if current is None:
        raise Http404
    index_of = principles.index(current)
    return render(
        request,
        "roadmap/principle_detail.html",
        {
            "principle": current,
            "previous": principles[index_of - 1] if index_of > 0 else None,
            "next": principles[index_of + 1] if index_of + 1 < len(principles) else None,
            "principles": principles,
            "nav": "roadmap",
        },
    )


@require_GET
def key_questions(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "roadmap/key_questions.html",
        {
            "principles": list(selectors.principle_list()),
            "texts": selectors.roadmap_texts(),
            "nav": "roadmap",
        },
    )


@require_GET
def target_pictures(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "roadmap/target_pictures.html",
        {
            "target_pictures": list(selectors.target_picture_list()),
            "texts": selectors.roadmap_texts(),
            "nav": "roadmap",
        },
    )
