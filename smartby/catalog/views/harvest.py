"""Placeholder views; replaced by the real ones."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


source_list = source_create = source_detail = source_edit = source_run = run_detail = _todo
