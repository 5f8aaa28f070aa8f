"""Self-assessments against the roadmap's eight principles.

An assessment is one municipality's answer for one round (a year). It has a section per
principle, and each section an answer per key question on a five-level maturity scale,
plus the principle's challenges the municipality ticks as applying to it. Scores are kept
on the sections and the assessment, recomputed by the services on every save, so network
figures are read from a few columns.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from smartby.cases.models import Case
from smartby.core.models import TimeStampedModel, VersionedModel
from smartby.organisations.models import Organisation
from smartby.roadmap.models import Challenge, KeyQuestion, Principle


class Level(models.IntegerChoices):
    """The maturity scale for a key question."""

    NOT_STARTED = 1, _("Not started")
    EXPLORING = 2, _("Exploring")
    PLANNED = 3, _("Planned")
    IN_PRACTICE = 4, _("In practice")
    EMBEDDED = 5, _("Embedded")


LEVEL_DESCRIPTORS = {
    Level.NOT_STARTED: _("We have not begun to work on this."),
    Level.EXPLORING: _(
        "We are finding out what it means for us: talks, studies or a first small trial."
    ),
    Level.PLANNED: _("It is decided and planned, with an owner, resources and a time frame."),
    Level.IN_PRACTICE: _("We do it in some services or projects, and can show results."),
    Level.EMBEDDED: _(
        "It is how we work across the organisation: in plans, budgets and routines, "
        "followed up and improved."
    ),
}


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Private to the municipality")
    NETWORK = "network", _("Shared with the network")
    PUBLIC = "public", _("Public")


SHARED = (Visibility.NETWORK, Visibility.PUBLIC)


class Assessment(VersionedModel):
    """One municipality's self-assessment for one round (a year)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("municipality"),
    )
    year = models.PositiveSmallIntegerField(_("round"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started from"),
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Mean of the principle scores (0–100) over the principles with at least one answer.
    score = models.FloatField(_("overall score"), null=True, blank=True)
    answered = models.PositiveSmallIntegerField(_("answered key questions"), default=0)
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        ordering = ["-year", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="one_assessment_per_round"
            )
        ]
        indexes = [models.Index(fields=["year", "status", "visibility"])]
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("assessments:detail", kwargs={"pk": self.pk})

    @property
    def is_submitted(self) -> bool:
        return self.status == Status.SUBMITTED

    @property
    def is_shared(self) -> bool:
        return self.visibility in SHARED


class Section(VersionedModel):
    """One principle of an assessment: its answers, the challenges that apply, its score.
    The version guards against two people saving the same principle over each other."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="sections")
    principle = models.ForeignKey(Principle, on_delete=models.PROTECT, related_name="+")
    barriers = models.ManyToManyField(
        Challenge, blank=True, related_name="+", verbose_name=_("challenges that apply")
    )
    score = models.FloatField(_("score"), null=True, blank=True)
    answered = models.PositiveSmallIntegerField(_("answered key questions"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["assessment", "principle__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "principle"], name="one_section_per_principle"
            )
        ]
        verbose_name = _("principle section")
        verbose_name_plural = _("principle sections")

    def __str__(self) -> str:
        return f"{self.assessment} – {self.principle.number}"


class Answer(TimeStampedModel):
    """The answer to one key question; `level` is empty until answered."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="answers")
    key_question = models.ForeignKey(KeyQuestion, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(
        _("maturity level"), choices=Level.choices, null=True, blank=True
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    evidence = models.ManyToManyField(
        Case, blank=True, related_name="assessment_answers", verbose_name=_("evidence")
    )

    class Meta:
        ordering = ["section", "key_question__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "key_question"], name="one_answer_per_question"
            ),
            models.CheckConstraint(
                condition=models.Q(level__isnull=True) | models.Q(level__gte=1, level__lte=5),
                name="answer_level_on_scale",
            ),
        ]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.section.assessment} – {self.key_question.code}"
