"""Placeholder until this module is written."""

from django.http import Http404


def case_create(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def case_detail(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def case_edit(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def case_publish(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def case_adopt(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def case_lineage(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def attachment_upload(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def attachment_download(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404


def attachment_delete(request, **kwargs):  # type: ignore[no-untyped-def]
    raise Http404
