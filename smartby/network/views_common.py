"""Helpers shared by the network's views."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404

from smartby.network import selectors
from smartby.network.models import Network


def network_or_404(slug: str) -> Network:
    try:
        return selectors.network_get(slug=slug)
    except Network.DoesNotExist as exc:
        raise Http404 from exc


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names when the form
    has it, else above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        form.add_error(None, exc)
