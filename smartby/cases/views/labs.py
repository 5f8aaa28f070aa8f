"""Placeholder until this module is written."""

from django.http import Http404


def living_lab_list(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def living_lab_create(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def living_lab_detail(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def living_lab_edit(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404
