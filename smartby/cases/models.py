"""Cases (projects a member shares), their lessons, partners, links and attachments; living
labs; progress updates that feed the pilot watch; the vocabularies cases are tagged with.

Why a case looks like this: the network exists so that members "learn from each other, copy
good solutions and avoid making the same mistakes" (seed 000), and so that pilots do not die
as pilots (roadmap appendix, "pilotdøden"). Lessons are therefore rows of their own, an
adoption keeps a link to its origin, and the pilot phase is watched.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from smartby.core.links import slug_url
from smartby.core.models import Localized, TimeStampedModel, VersionedModel
from smartby.organisations.models import Municipality, Organisation
from smartby.reference.models import SdgTarget, SustainableDevelopmentGoal
from smartby.roadmap.models import PentaHelixGroup, Principle, TargetPicture


class ThemeKind(models.TextChoices):
    NETWORK = "network", _("Network work theme")
    SECTOR = "sector", _("Sector")


class Theme(models.Model):
    """What a case is about: the network's work themes (seed 003) and the municipal sectors."""

    slug = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=ThemeKind.choices)
    position = models.PositiveSmallIntegerField(default=0)
    name_nb = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120)

    name = Localized("name")

    class Meta:
        ordering = ["kind", "position"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name_en


class Technology(models.Model):
    """The roadmap's "new technology" list (definitions, appendix): base and system
    technologies."""

    slug = models.SlugField(max_length=60, unique=True)
    category = models.CharField(max_length=40)
    position = models.PositiveSmallIntegerField(default=0)
    name_nb = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120)

    name = Localized("name")

    class Meta:
        ordering = ["position"]
        verbose_name = _("technology")
        verbose_name_plural = _("technologies")

    def __str__(self) -> str:
        return self.name_en


class Phase(models.TextChoices):
    """The steps of the roadmap's process model (Modell 2.0): from analysis, via innovation
    and design, to testing, adaptation and scaling. Testing is the pilot phase."""

    ANALYSIS = "analysis", _("Analysis")
    INNOVATION = "innovation", _("Innovation")
    DESIGN = "design", _("Design")
    PILOT = "testing", _("Testing (pilot)")
    ADAPTATION = "adaptation", _("Adaptation")
    SCALING = "scaling", _("Scaling")


PHASE_ORDER = [choice.value for choice in Phase]


class Status(models.TextChoices):
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    NETWORK = "network", _("Network members only")


class Language(models.TextChoices):
    NB = "nb", _("Norwegian bokmål")
    NN = "nn", _("Norwegian nynorsk")
    EN = "en", _("English")
    SV = "sv", _("Swedish")
    DA = "da", _("Danish")
    FI = "fi", _("Finnish")


class LivingLab(VersionedModel):
    """A place where solutions are tried out in real use, hosted by a municipality; companies
    apply to test there."""

    slug = models.SlugField(max_length=220, unique=True)
    name = models.CharField(_("name"), max_length=200)
    host = models.ForeignKey(
        Organisation,
        verbose_name=_("host organisation"),
        on_delete=models.PROTECT,
        related_name="living_labs",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("host municipality"),
        on_delete=models.PROTECT,
        related_name="living_labs",
    )
    description = models.TextField(_("description"), blank=True)
    facilities = models.TextField(_("facilities"), blank=True)
    how_to_apply = models.TextField(_("how a company applies to test here"), blank=True)
    website = models.URLField(_("website"), blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("focus themes"), blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("living lab")
        verbose_name_plural = _("living labs")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return slug_url("cases:living-lab-detail", self.slug)


class Case(VersionedModel):
    """A project a member shares so that others can learn from it and adopt it."""

    slug = models.SlugField(max_length=220, unique=True)
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    # The owner's municipality (or the one it is about), kept here for the facets and maps.
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    language = models.CharField(
        _("written in"), max_length=2, choices=Language.choices, default=Language.NB
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=1000)
    problem = models.TextField(_("the local problem"), blank=True)
    solution = models.TextField(_("the solution"), blank=True)
    results = models.TextField(_("results and measured effects"), blank=True)
    tags = models.CharField(_("tags"), max_length=300, blank=True)

    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True)
    principles = models.ManyToManyField(Principle, verbose_name=_("roadmap principles"), blank=True)
    target_pictures = models.ManyToManyField(
        TargetPicture, verbose_name=_("target pictures"), blank=True
    )
    sdgs = models.ManyToManyField(SustainableDevelopmentGoal, verbose_name=_("SDGs"), blank=True)
    sdg_targets = models.ManyToManyField(SdgTarget, verbose_name=_("SDG targets"), blank=True)
    technologies = models.ManyToManyField(Technology, verbose_name=_("technologies"), blank=True)

    phase = models.CharField(
        _("phase"), max_length=12, choices=Phase.choices, default=Phase.ANALYSIS, db_index=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ONGOING, db_index=True
    )
    living_lab = models.ForeignKey(
        LivingLab,
        verbose_name=_("living lab"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
    )
    started_on = models.DateField(_("start date"), null=True, blank=True)
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    funding = models.TextField(_("funding sources"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    is_published = models.BooleanField(_("published"), default=False, db_index=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )

    adopted_from = models.ForeignKey(
        "self",
        verbose_name=_("adopted from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adoptions",
    )
    # The first case of an adoption chain (itself for an original), so a whole lineage is
    # one indexed lookup instead of a walk up and down the tree.
    lineage_root = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lineage",
    )

    # Pilot watch: the last progress update, and the date an owner promised the next one.
    progress_at = models.DateTimeField(_("last progress update"), null=True, blank=True)
    review_on = models.DateField(_("next review"), null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["is_published", "visibility"], name="case_listing"),
            models.Index(fields=["phase", "status", "progress_at"], name="case_pilot_watch"),
            # The orders of the case list (walked, read backwards for "newest first").
            models.Index(fields=["published_at", "id"], name="case_order_published"),
            models.Index(fields=["updated_at", "id"], name="case_order_updated"),
            models.Index(fields=["title", "id"], name="case_order_title"),
        ]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return slug_url("cases:case-detail", self.slug)


class CaseTranslation(models.Model):
    """The title and summary in another language than the one the case is written in."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=1000)

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["case", "language"], name="one_translation_per_lang")
        ]
        verbose_name = _("translation")
        verbose_name_plural = _("translations")

    def __str__(self) -> str:
        return f"{self.case_id}/{self.language}"


class LessonKind(models.TextChoices):
    WORKED = "worked", _("What worked")
    DIFFERENTLY = "differently", _("What we would do differently")
    PITFALL = "pitfall", _("Pitfall to avoid")


class Lesson(models.Model):
    """A lesson learned, first-class so that pitfalls can be listed across the network."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="lessons")
    kind = models.CharField(_("kind"), max_length=12, choices=LessonKind.choices)
    text = models.TextField(_("lesson"), max_length=2000)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["case", "position", "id"]
        indexes = [models.Index(fields=["kind", "case"], name="lesson_kind")]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def __str__(self) -> str:
        return self.text[:60]


class CasePartner(models.Model):
    """A partner organisation in a penta-helix role; the owner may let it edit the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="case_partnerships",
    )
    role = models.ForeignKey(
        PentaHelixGroup,
        verbose_name=_("penta-helix role"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    can_edit = models.BooleanField(_("may edit the case"), default=False)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["case", "organisation"], name="one_partner_row")
        ]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self) -> str:
        return f"{self.organisation} on {self.case}"


class CaseLink(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links")
    url = models.URLField(_("address"), max_length=500)
    title = models.CharField(_("title"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self) -> str:
        return self.url


class AttachmentKind(models.TextChoices):
    IMAGE = "image", _("Image")
    PDF = "pdf", _("PDF document")


def attachment_path(instance: CaseAttachment, filename: str) -> str:
    return f"cases/{instance.case_id}/{filename}"


class CaseAttachment(TimeStampedModel):
    """An image (re-encoded on upload) or a PDF; the type comes from the content, never from
    the name, and files are always served as downloads or images, never as HTML or SVG."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=5, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    title = models.CharField(_("title"), max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title


class UpdateKind(models.TextChoices):
    PROGRESS = "progress", _("Progress update")
    SCALED = "scaled", _("Scaled: moved to the next phase")
    CONTINUED = "continued", _("Continues, with a new date")
    STOPPED = "stopped", _("Stopped")


class CaseUpdate(models.Model):
    """A dated progress note; the pilot watch answers (scaled, continue, stopped) are
    updates too, so the history shows what was decided and when."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(_("kind"), max_length=10, choices=UpdateKind.choices)
    text = models.TextField(_("what happened"), blank=True)
    phase_before = models.CharField(max_length=12, choices=Phase.choices, blank=True)
    phase_after = models.CharField(max_length=12, choices=Phase.choices, blank=True)
    review_on = models.DateField(_("next review"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("case update")
        verbose_name_plural = _("case updates")

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"
