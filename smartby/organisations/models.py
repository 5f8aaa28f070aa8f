from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from smartby.core.links import slug_url
from smartby.core.models import TimeStampedModel, VersionedModel


class County(models.Model):
    """Norwegian county (fylke), 2024 numbering, from Kartverket."""

    number = models.CharField(_("county number"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_official = models.CharField(_("official name"), max_length=200)
    name_sme = models.CharField(_("North Sami name"), max_length=120, blank=True)
    name_sma = models.CharField(_("South Sami name"), max_length=120, blank=True)
    name_smj = models.CharField(_("Lule Sami name"), max_length=120, blank=True)
    name_fkv = models.CharField(_("Kven name"), max_length=120, blank=True)
    is_sami_administrative_area = models.BooleanField(default=False)
    population = models.PositiveIntegerField(_("population"), null=True)
    population_year = models.PositiveSmallIntegerField(null=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """A municipality: the 357 Norwegian kommuner plus the Nordic network's other cities,
    each a municipality of its own country."""

    country = models.CharField(_("country"), max_length=2, default="NO", db_index=True)
    code = models.CharField(
        _("municipality number"),
        max_length=20,
        help_text=_("Norwegian kommunenummer; for other countries the GeoNames id."),
    )
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120, db_index=True)
    name_official = models.CharField(_("official name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    parallel_names = models.CharField(_("parallel names"), max_length=200, blank=True)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, null=True, blank=True, related_name="municipalities"
    )
    admin_centre = models.CharField(_("administrative centre"), max_length=120, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True)
    population_year = models.PositiveSmallIntegerField(_("population year"), null=True)
    population_note = models.CharField(max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), null=True)
    longitude = models.FloatField(_("longitude"), null=True)
    geonames_id = models.PositiveIntegerField(null=True, blank=True)
    is_capital = models.BooleanField(default=False)

    class Meta:
        ordering = ["country", "name", "code"]
        constraints = [
            models.UniqueConstraint(fields=["country", "code"], name="municipality_country_code")
        ]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return slug_url("organisations:municipality-detail", self.slug)


class OrganisationKind(models.TextChoices):
    """The penta-helix groups of the roadmap's Model 1.0, split the way the network uses them."""

    MUNICIPALITY = "municipality", _("Municipality")
    COUNTY = "county", _("County authority")
    STATE_AGENCY = "state_agency", _("State agency")
    BUSINESS = "business", _("Business")
    ACADEMIA = "academia", _("Academia and research")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    FINANCE = "finance", _("Finance and investors")


org_number_validator = RegexValidator(
    r"^\d{9}$", _("An organisation number has exactly nine digits.")
)


class Organisation(VersionedModel):
    name = models.CharField(_("name"), max_length=200, db_index=True)
    slug = models.SlugField(max_length=220, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=OrganisationKind.choices, db_index=True
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text=_("For a municipality: the one it is. For others: where it is based."),
    )
    county = models.ForeignKey(
        County,
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    org_number = models.CharField(
        _("organisation number"), max_length=9, blank=True, validators=[org_number_validator]
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    is_reference = models.BooleanField(
        default=False, editable=False, help_text="Created from the reference data."
    )
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality"],
                condition=models.Q(kind="municipality"),
                name="one_organisation_per_municipality",
            ),
        ]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return slug_url("organisations:organisation-detail", self.slug)


__all__ = ["County", "Municipality", "Organisation", "OrganisationKind", "TimeStampedModel"]
