from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from smartby.core.models import Localized, TimeStampedModel
from smartby.organisations.models import Organisation
from smartby.roadmap.models import Principle


class Network(models.Model):
    slug = models.SlugField(unique=True)
    name_nb = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    tagline_nb = models.CharField(max_length=300, blank=True)
    tagline_en = models.CharField(max_length=300, blank=True)
    description_nb = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    website = models.URLField(blank=True)
    established = models.PositiveSmallIntegerField(null=True, blank=True)

    name = Localized("name")
    tagline = Localized("tagline")
    description = Localized("description")

    class Meta:
        ordering = ["name_nb"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return str(self.name)

    def get_absolute_url(self) -> str:
        return reverse("network:network-detail", kwargs={"slug": self.slug})


class NetworkMembership(TimeStampedModel):
    """An organisation's membership of a network, with dates; the current members are
    those without an end date."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="network_memberships"
    )
    joined_on = models.DateField(_("joined"), null=True, blank=True)
    left_on = models.DateField(_("left"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "organisation"],
                condition=models.Q(left_on__isnull=True),
                name="one_current_membership",
            )
        ]
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")

    def __str__(self) -> str:
        return f"{self.organisation} in {self.network}"


class NetworkRole(TimeStampedModel):
    """A person's role in running a network; today the secretariat."""

    class Kind(models.TextChoices):
        SECRETARIAT = "secretariat", _("Secretariat")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_roles"
    )
    role = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SECRETARIAT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["network", "user", "role"], name="one_role_per_person")
        ]
        verbose_name = _("network role")
        verbose_name_plural = _("network roles")

    def __str__(self) -> str:
        return f"{self.user} – {self.role} – {self.network}"


class WorkTheme(models.Model):
    """A theme the members collaborate on (seed 003: 'Hva jobber vi med?')."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="themes")
    slug = models.SlugField()
    position = models.PositiveSmallIntegerField(default=0)
    name_nb = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120)
    # The roadmap principles the theme works on (reference/data/principle_links.csv):
    # the way from a weak principle in a self-assessment to the workgroups to join.
    principles = models.ManyToManyField(
        Principle, verbose_name=_("roadmap principles"), blank=True, related_name="work_themes"
    )

    name = Localized("name")

    class Meta:
        ordering = ["network", "position"]
        constraints = [
            models.UniqueConstraint(fields=["network", "slug"], name="theme_slug_per_network")
        ]
        verbose_name = _("work theme")
        verbose_name_plural = _("work themes")

    def __str__(self) -> str:
        return str(self.name)


class Workgroup(TimeStampedModel):
    """A workgroup of a network, created and dissolved as needed and led by a member city
    (seed 003)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="workgroups")
    slug = models.SlugField(max_length=80)
    name_nb = models.CharField(_("name (bokmål)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    theme = models.ForeignKey(
        WorkTheme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workgroups",
        verbose_name=_("theme"),
    )
    mandate_nb = models.TextField(_("mandate (bokmål)"), blank=True)
    mandate_en = models.TextField(_("mandate (English)"), blank=True)
    lead = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_workgroups",
        verbose_name=_("lead municipality"),
    )
    members = models.ManyToManyField(
        Organisation, related_name="workgroups", blank=True, verbose_name=_("members")
    )
    created_on = models.DateField(_("created"))
    dissolved_on = models.DateField(_("dissolved"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo content"), default=False)

    name = Localized("name")
    mandate = Localized("mandate")

    class Meta:
        ordering = ["network", "name_en"]
        constraints = [
            models.UniqueConstraint(fields=["network", "slug"], name="workgroup_slug_per_network")
        ]
        verbose_name = _("workgroup")
        verbose_name_plural = _("workgroups")

    def __str__(self) -> str:
        return str(self.name)

    @property
    def is_active(self) -> bool:
        return self.dissolved_on is None
