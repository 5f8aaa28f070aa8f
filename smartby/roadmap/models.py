"""The national smart-city roadmap (1st edition, 2019) as data. Loaded by `smartby loadrefs`
from reference/data/roadmap.yaml; bokmål is the roadmap's own text, English our translation."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from smartby.core.links import slug_url
from smartby.core.models import Localized


class RoadmapText(models.Model):
    """A passage of the roadmap shown on the overview pages (definition, goal, intros)."""

    key = models.SlugField(max_length=60, unique=True)
    text_nb = models.TextField()
    text_en = models.TextField()

    text = Localized("text")

    class Meta:
        ordering = ["key"]
        verbose_name = _("roadmap text")
        verbose_name_plural = _("roadmap texts")

    def __str__(self) -> str:
        return self.key


class Principle(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    title_nb = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200)
    description_nb = models.TextField()
    description_en = models.TextField()

    # The visions the principle serves most directly (reference/data/principle_links.csv).
    target_pictures: models.ManyToManyField[TargetPicture, Any] = models.ManyToManyField(
        "TargetPicture", verbose_name=_("target pictures"), blank=True, related_name="principles"
    )

    title = Localized("title")
    description = Localized("description")

    class Meta:
        ordering = ["number"]
        verbose_name = _("principle")
        verbose_name_plural = _("principles")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return slug_url("roadmap:principle-detail", self.slug)


class Challenge(models.Model):
    principle = models.ForeignKey(Principle, on_delete=models.CASCADE, related_name="challenges")
    position = models.PositiveSmallIntegerField()
    text_nb = models.TextField()
    text_en = models.TextField()

    text = Localized("text")

    class Meta:
        ordering = ["principle__number", "position"]
        constraints = [
            models.UniqueConstraint(fields=["principle", "position"], name="challenge_position")
        ]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")

    def __str__(self) -> str:
        return f"{self.principle.number}.{self.position}"


class KeyQuestion(models.Model):
    """A key question (nøkkelspørsmål) of a principle; `code` is '<principle>.<position>'."""

    principle = models.ForeignKey(Principle, on_delete=models.CASCADE, related_name="key_questions")
    position = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=8, unique=True)
    text_nb = models.TextField()
    text_en = models.TextField()

    text = Localized("text")

    class Meta:
        ordering = ["principle__number", "position"]
        verbose_name = _("key question")
        verbose_name_plural = _("key questions")

    def __str__(self) -> str:
        return self.code


class TargetPicture(models.Model):
    """One of the six visions (målbilder)."""

    slug = models.SlugField(max_length=40, unique=True)
    position = models.PositiveSmallIntegerField()
    title_nb = models.CharField(max_length=120)
    title_en = models.CharField(max_length=120)
    description_nb = models.TextField()
    description_en = models.TextField()

    title = Localized("title")
    description = Localized("description")

    class Meta:
        ordering = ["position"]
        verbose_name = _("target picture")
        verbose_name_plural = _("target pictures")

    def __str__(self) -> str:
        return str(self.title)


class PentaHelixGroup(models.Model):
    """A group of the roadmap's Model 1.0; `is_centre` marks the municipalities and county
    authorities in the middle."""

    slug = models.SlugField(max_length=60, unique=True)
    position = models.PositiveSmallIntegerField()
    is_centre = models.BooleanField(default=False)
    label_nb = models.CharField(max_length=120)
    label_en = models.CharField(max_length=120)
    examples_nb = models.TextField(blank=True)
    examples_en = models.TextField(blank=True)

    label = Localized("label")
    examples = Localized("examples")

    class Meta:
        ordering = ["position"]
        verbose_name = _("penta-helix group")
        verbose_name_plural = _("penta-helix groups")

    def __str__(self) -> str:
        return str(self.label)


class ProcessPhase(models.Model):
    """A phase of Model 2.0: from analysis, via innovation and design, to testing,
    adaptation and scaling."""

    slug = models.SlugField(max_length=60, unique=True)
    position = models.PositiveSmallIntegerField()
    connector_nb = models.CharField(max_length=20)
    connector_en = models.CharField(max_length=20)
    steps_nb = models.CharField(max_length=200)
    steps_en = models.CharField(max_length=200)

    connector = Localized("connector")
    steps = Localized("steps")

    class Meta:
        ordering = ["position"]
        verbose_name = _("process phase")
        verbose_name_plural = _("process phases")

    def __str__(self) -> str:
        return self.slug
