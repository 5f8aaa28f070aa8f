from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

_CHOICE_LABELS: dict[models.Field[Any, Any], dict[Any, Any]] = {}


def _choice_labels(field: models.Field[Any, Any]) -> dict[Any, Any] | None:
    """A field's choices as a dict of value to (lazy) label, kept per field when its
    choices are a fixed list; None for choices computed on each use."""
    labels = _CHOICE_LABELS.get(field)
    if labels is None and isinstance(field.choices, (list, tuple)):
        labels = _CHOICE_LABELS[field] = dict(field.flatchoices)
    return labels


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: models.Field[Any, Any]) -> str:  # noqa: N802
        """What `get_<field>_display` returns, from the field's choices read once: Django's
        own builds a dict of every choice, translating each lazy label to hash it, on every
        call, and a list page calls it for every row."""
        labels = _choice_labels(field)
        value = getattr(self, field.attname)
        if labels is None or not isinstance(value, (str, int)):
            return super()._get_FIELD_display(field)  # type: ignore[misc, no-any-return]
        return force_str(labels.get(value, value), strings_only=True)  # type: ignore[no-any-return]


class VersionedModel(TimeStampedModel):
    """A row edited by people: `version` grows by one on each save through a service, so a
    second save based on an older version is refused (see core.services.save_versioned)."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


def active_language() -> str:
    lang = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return "en" if lang == "en" else "nb"


class Localized:
    """Descriptor that reads `<name>_<lang>` for the active language, falling back to the
    other language when that one is empty."""

    def __init__(self, base: str) -> None:
        self.base = base

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        language = active_language()
        other = "en" if language == "nb" else "nb"
        value = getattr(instance, f"{self.base}_{language}", "")
        return value or getattr(instance, f"{self.base}_{other}", "")


class Activity(models.Model):
    """Something that happened on the platform, for the 'latest activity' lists."""

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    verb = models.CharField(max_length=40)
    text_nb = models.CharField(max_length=300)
    text_en = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    is_demo = models.BooleanField(default=False)

    text = Localized("text")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.text_en


class FacetChange(models.Model):
    """A row of a collection (cases, datasets) whose facets may have changed, written by
    database triggers (see smartby.core.facets). `object_id` 0: every row may have changed.
    `token` is random, so a history that was rolled back and written again is told apart."""

    collection = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    token = models.BigIntegerField()
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        indexes = [models.Index(fields=["collection", "id"], name="facetchange_newest")]

    def __str__(self) -> str:
        return f"{self.collection} {self.object_id}"
