"""Placeholder until this module is written."""

from django.http import Http404


def pilot_overview(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def dashboard(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def case_progress(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404
