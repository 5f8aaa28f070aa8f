"""The data catalogue: datasets and their distributions described after DCAT-AP-NO, with
price, quality, availability and where they came from (harvesting).

Controlled values use the EU vocabularies DCAT-AP-NO points to (access rights, frequency,
file types); `vocabularies.py` maps each choice to its URI for export and harvest.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Func
from django.db.models.functions import Coalesce, Lower
from django.utils.translation import gettext_lazy as _

from smartby.cases.models import Case, Theme
from smartby.core.links import slug_url
from smartby.core.models import Localized, TimeStampedModel, VersionedModel
from smartby.organisations.models import Municipality, Organisation
from smartby.reference.models import DataTheme, Licence


class AccessRights(models.TextChoices):
    """dct:accessRights, EU access-right authority table."""

    PUBLIC = "PUBLIC", _("Public")
    RESTRICTED = "RESTRICTED", _("Restricted")
    NON_PUBLIC = "NON_PUBLIC", _("Non-public")


class Frequency(models.TextChoices):
    """dct:accrualPeriodicity, EU frequency authority table (the codes in use)."""

    CONTINUOUS = "CONT", _("Continuously updated")
    HOURLY = "HOURLY", _("Hourly")
    DAILY = "DAILY", _("Daily")
    WEEKLY = "WEEKLY", _("Weekly")
    MONTHLY = "MONTHLY", _("Monthly")
    QUARTERLY = "QUARTERLY", _("Quarterly")
    ANNUAL = "ANNUAL", _("Annual")
    IRREGULAR = "IRREG", _("Irregular")
    NEVER = "NEVER", _("Never")
    UNKNOWN = "UNKNOWN", _("Unknown")


class PriceModel(models.TextChoices):
    FREE = "free", _("Free")
    ONE_OFF = "one_off", _("One-off payment")
    SUBSCRIPTION = "subscription", _("Subscription")
    PER_CALL = "per_call", _("Per call")


class DatasetStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class QualityBand(models.TextChoices):
    """The rating bands of the data.europa.eu Metadata Quality Assessment."""

    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    SUFFICIENT = "sufficient", _("Sufficient")
    BAD = "bad", _("Bad")


class HarvestSource(VersionedModel):
    """A catalogue Smartby harvests from: DCAT-AP(-NO) RDF or a CKAN portal's API."""

    class Kind(models.TextChoices):
        DCAT = "dcat", _("DCAT-AP / DCAT-AP-NO (RDF)")
        CKAN = "ckan", _("CKAN API")

    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("address"), max_length=500)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    publisher = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="harvest_sources",
        verbose_name=_("publisher"),
        help_text=_("Used for records that name no publisher Smartby knows."),
    )
    schedule_hours = models.PositiveIntegerField(
        _("harvest every (hours)"), default=24, help_text=_("0 harvests only on demand.")
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("harvest source")
        verbose_name_plural = _("harvest sources")

    def __str__(self) -> str:
        return self.name


class HarvestRun(models.Model):
    """One harvest of a source, with what it did and what failed."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        PARTIAL = "partial", _("Succeeded with errors")
        FAILED = "failed", _("Failed")

    source = models.ForeignKey(HarvestSource, on_delete=models.CASCADE, related_name="runs")
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    withdrawn = models.PositiveIntegerField(_("withdrawn"), default=0)
    # [{"record": "<identifier or URI>", "message": "..."}]
    errors: models.JSONField[Any, Any] = models.JSONField(_("errors"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("harvest run")
        verbose_name_plural = _("harvest runs")

    def __str__(self) -> str:
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M}"


class EmptyAsNull(Func):
    """NULLIF(x, '') with the '' written into the SQL (not a parameter), so that a query
    and an index on the same expression match on SQLite too."""

    template = "NULLIF(%(expressions)s, '')"
    arity = 1


def title_order(language: str) -> Any:
    """How the dataset list sorts by title in `language` ("nb" or "en"): the title in that
    language, else the other one, case-folded. Indexed (see Dataset.Meta) as written here."""
    first, other = ("title_en", "title_nb") if language == "en" else ("title_nb", "title_en")
    return Lower(Coalesce(EmptyAsNull(F(first)), F(other)))


class Dataset(VersionedModel):
    """A dataset (dcat:Dataset). `uri` is its identity in RDF; local datasets get one under
    SITE_URL, harvested ones keep the source's."""

    uri = models.URLField(_("URI"), max_length=500, unique=True)
    slug = models.SlugField(max_length=220, unique=True)
    identifier = models.CharField(_("identifier"), max_length=300, blank=True)
    title_nb = models.CharField(_("title (bokmål)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description_nb = models.TextField(_("description (bokmål)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    publisher = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="datasets", verbose_name=_("publisher")
    )
    contact_name = models.CharField(_("contact point"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_url = models.URLField(_("contact page"), max_length=500, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    keywords_nb: models.JSONField[Any, Any] = models.JSONField(
        _("keywords (bokmål)"), default=list, blank=True
    )
    keywords_en: models.JSONField[Any, Any] = models.JSONField(
        _("keywords (English)"), default=list, blank=True
    )
    data_themes = models.ManyToManyField(
        DataTheme, blank=True, related_name="datasets", verbose_name=_("EU data themes")
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="datasets", verbose_name=_("network themes and sectors")
    )
    spatial = models.ManyToManyField(
        Municipality, blank=True, related_name="datasets", verbose_name=_("spatial coverage")
    )
    temporal_start = models.DateField(_("covers from"), null=True, blank=True)
    temporal_end = models.DateField(_("covers until"), null=True, blank=True)
    frequency = models.CharField(
        _("update frequency"), max_length=10, choices=Frequency.choices, blank=True
    )
    issued = models.DateField(_("issued"), null=True, blank=True)
    modified = models.DateField(_("modified"), null=True, blank=True)
    landing_page = models.URLField(_("landing page"), max_length=500, blank=True)
    conforms_to: models.JSONField[Any, Any] = models.JSONField(
        _("conforms to (standards, URLs)"), default=list, blank=True
    )
    languages: models.JSONField[Any, Any] = models.JSONField(
        _("languages (ISO 639-1)"), default=list, blank=True
    )
    access_rights = models.CharField(
        _("access rights"), max_length=12, choices=AccessRights.choices, blank=True
    )
    licence = models.ForeignKey(
        Licence,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="datasets",
        verbose_name=_("licence"),
    )
    licence_uri = models.URLField(
        _("other licence (URI)"),
        max_length=500,
        blank=True,
        help_text=_("When the licence is not one of the known ones."),
    )
    price_model = models.CharField(
        _("price model"), max_length=12, choices=PriceModel.choices, default=PriceModel.FREE
    )
    price_nok = models.DecimalField(
        _("price (NOK)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    price_terms = models.TextField(_("price and terms"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DatasetStatus.choices,
        default=DatasetStatus.ACTIVE,
        db_index=True,
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    harvest_source = models.ForeignKey(
        HarvestSource,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="datasets",
        verbose_name=_("harvested from"),
    )
    harvested_at = models.DateTimeField(_("last harvested"), null=True, blank=True)
    # Fingerprint of the harvested record, so a re-harvest knows whether anything changed.
    harvest_hash = models.CharField(max_length=64, blank=True)
    # Metadata quality (data.europa.eu MQA): total points, band and each indicator, kept
    # up to date by the services (quality.py computes them).
    quality_points = models.PositiveSmallIntegerField(_("quality points"), default=0)
    quality_band = models.CharField(
        _("quality"),
        max_length=12,
        choices=QualityBand.choices,
        default=QualityBand.BAD,
        db_index=True,
    )
    quality: models.JSONField[Any, Any] = models.JSONField(
        _("quality breakdown"), default=dict, blank=True
    )
    used_in_cases = models.ManyToManyField(
        Case, blank=True, related_name="datasets", verbose_name=_("used in cases")
    )
    is_demo = models.BooleanField(_("demo content"), default=False)

    title = Localized("title")
    description = Localized("description")

    class Meta:
        ordering = ["title_nb", "title_en"]
        indexes = [
            models.Index(fields=["status", "access_rights"]),
            models.Index(fields=["status", "price_model"]),
            models.Index(fields=["publisher", "status"]),
            # The orders of the dataset list, walked when many datasets match.
            models.Index(title_order("nb"), "id", name="dataset_order_title_nb"),
            models.Index(title_order("en"), "id", name="dataset_order_title_en"),
            models.Index(
                F("quality_points").desc(), title_order("nb"), "id", name="dataset_order_quality_nb"
            ),
            models.Index(
                F("quality_points").desc(), title_order("en"), "id", name="dataset_order_quality_en"
            ),
        ]
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return slug_url("catalog:dataset-detail", self.slug)

    @property
    def keywords(self) -> list[str]:
        from smartby.core.models import active_language

        first = self.keywords_en if active_language() == "en" else self.keywords_nb
        return list(first or self.keywords_nb or self.keywords_en)


class Distribution(TimeStampedModel):
    """A way to get the data (dcat:Distribution): a download, or an API."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="distributions")
    position = models.PositiveSmallIntegerField(default=0)
    uri = models.URLField(_("URI"), max_length=500, blank=True)
    title_nb = models.CharField(_("title (bokmål)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description_nb = models.TextField(_("description (bokmål)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    access_url = models.URLField(_("access URL"), max_length=1000)
    download_url = models.URLField(_("download URL"), max_length=1000, blank=True)
    # EU file-type code (CSV, JSON, GEOJSON, ...) and the IANA media type.
    format = models.CharField(_("format"), max_length=40, blank=True, db_index=True)
    media_type = models.CharField(_("media type"), max_length=120, blank=True)
    byte_size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    api_description_url = models.URLField(
        _("API description"),
        max_length=1000,
        blank=True,
        help_text=_("An OpenAPI or other machine-readable description of the API."),
    )
    licence = models.ForeignKey(
        Licence, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    conforms_to: models.JSONField[Any, Any] = models.JSONField(default=list, blank=True)
    rights = models.TextField(_("rights"), blank=True)
    modified = models.DateField(_("modified"), null=True, blank=True)
    # Availability, kept by the link checker (see LinkCheck for the history).
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    last_ok_at = models.DateTimeField(_("last available"), null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(_("last HTTP status"), null=True, blank=True)
    last_response_ms = models.PositiveIntegerField(_("last response (ms)"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    availability_30d = models.FloatField(
        _("availability over 30 days"), null=True, blank=True, help_text=_("0–1")
    )

    title = Localized("title")
    description = Localized("description")

    class Meta:
        ordering = ["dataset", "position", "id"]
        verbose_name = _("distribution")
        verbose_name_plural = _("distributions")

    def __str__(self) -> str:
        return str(self.title or self.format or self.access_url)


class LinkCheck(models.Model):
    """One check of one address of a distribution."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("Access URL")
        DOWNLOAD = "download", _("Download URL")

    distribution = models.ForeignKey(
        Distribution, on_delete=models.CASCADE, related_name="link_checks"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    url = models.URLField(max_length=1000)
    checked_at = models.DateTimeField()
    ok = models.BooleanField()
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-checked_at", "-id"]
        indexes = [models.Index(fields=["distribution", "checked_at"])]
        verbose_name = _("link check")
        verbose_name_plural = _("link checks")

    def __str__(self) -> str:
        return f"{self.url} {self.checked_at:%Y-%m-%d %H:%M} {self.status}"
