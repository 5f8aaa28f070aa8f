from django.db import models
from django.utils.translation import gettext_lazy as _

from smartby.core.models import Localized


class SustainableDevelopmentGoal(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    short_title_nb = models.CharField(max_length=120)
    short_title_en = models.CharField(max_length=120)
    title_nb = models.CharField(max_length=300)
    title_en = models.CharField(max_length=300)
    colour = models.CharField(max_length=7)

    short_title = Localized("short_title")
    title = Localized("title")

    class Meta:
        ordering = ["number"]
        verbose_name = _("sustainable development goal")
        verbose_name_plural = _("sustainable development goals")

    def __str__(self) -> str:
        return f"{self.number}. {self.short_title}"


class SdgTarget(models.Model):
    goal = models.ForeignKey(
        SustainableDevelopmentGoal, on_delete=models.CASCADE, related_name="targets"
    )
    code = models.CharField(_("code"), max_length=8, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    text_nb = models.TextField()
    text_en = models.TextField()

    text = Localized("text")

    class Meta:
        ordering = ["goal__number", "position"]
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")

    def __str__(self) -> str:
        return self.code


class DataTheme(models.Model):
    """EU data theme (publications.europa.eu authority table), used by DCAT-AP-NO."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    uri = models.URLField(max_length=200)
    label_nb = models.CharField(max_length=120)
    label_nn = models.CharField(max_length=120, blank=True)
    label_en = models.CharField(max_length=120)

    label = Localized("label")

    class Meta:
        ordering = ["code"]
        verbose_name = _("data theme")
        verbose_name_plural = _("data themes")

    def __str__(self) -> str:
        return self.label


class Licence(models.Model):
    identifier = models.CharField(_("identifier"), max_length=40, unique=True)
    title_en = models.CharField(max_length=200)
    title_nb = models.CharField(max_length=200, blank=True)
    uri = models.URLField(max_length=200)
    eu_authority_uri = models.URLField(max_length=200, blank=True)
    is_open = models.BooleanField(_("open licence"), default=False)

    title = Localized("title")

    class Meta:
        ordering = ["identifier"]
        verbose_name = _("licence")
        verbose_name_plural = _("licences")

    def __str__(self) -> str:
        return self.identifier
