"""Placeholder until this module is written."""

from django.http import Http404


def case_list(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def case_map(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def case_export_csv(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def case_export_json(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def case_feed(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def lesson_list(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404
