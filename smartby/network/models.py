from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from smartby.core.links import slug_url
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
        return slug_url("network:network-detail", self.slug)


class NetworkMembership(TimeStampedModel):
    """An organisation's membership of a network, with dates; the current members are
    those without an end date."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="network_memberships"
    )
    joined_on = models.DateField(_("joined"), null=True, blank=True)
    left_on = models.DateField(_("left"), null=True, blank=True)
    # Who speaks and votes for the member organisation in the network's bodies.
    representative = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("representative"),
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deputy"),
    )
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

    def get_absolute_url(self) -> str:
        return reverse(
            "network:workgroup-detail",
            kwargs={"slug": self.network.slug, "workgroup": self.slug},
        )

    @property
    def is_active(self) -> bool:
        return self.dissolved_on is None


class Body(models.Model):
    """A decision-making body of a network (seed 003): the owner meeting (once a year, equal
    shares and votes), the steering group (one representative per member, equal votes), the
    secretariat and the network leadership. Quorum and majority rules are per body."""

    class Kind(models.TextChoices):
        OWNER_MEETING = "owner_meeting", _("Owner meeting")
        STEERING_GROUP = "steering_group", _("Steering group")
        SECRETARIAT = "secretariat", _("Secretariat")
        LEADERSHIP = "leadership", _("Network leadership")

    class Majority(models.TextChoices):
        SIMPLE = "simple", _("Simple majority of the votes cast for or against")
        TWO_THIRDS = "two_thirds", _("Two thirds of the votes cast for or against")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="bodies")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (per cent of the electorate voting)"), default=50
    )
    majority = models.CharField(
        _("majority"), max_length=12, choices=Majority.choices, default=Majority.SIMPLE
    )

    class Meta:
        ordering = ["network", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["network", "kind"], name="one_body_per_kind"),
            models.CheckConstraint(
                condition=models.Q(quorum_percent__lte=100), name="quorum_at_most_100"
            ),
        ]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.network}"


class Decision(TimeStampedModel):
    """A proposal a body votes on: one vote per member organisation of the electorate fixed
    when voting opens; the result is computed at close and never changes afterwards."""

    class Kind(models.TextChoices):
        YES_NO = "yes_no", _("Yes, no or abstain")
        OPTIONS = "options", _("Several options")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for voting")
        CLOSED = "closed", _("Closed")

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("Adopted")
        REJECTED = "rejected", _("Rejected")
        CHOSEN = "chosen", _("Option chosen")
        NO_DECISION = "no_decision", _("No decision")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="decisions")
    title_nb = models.CharField(_("title (bokmål)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    proposal_nb = models.TextField(_("proposal (bokmål)"), blank=True)
    proposal_en = models.TextField(_("proposal (English)"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.YES_NO)
    secret = models.BooleanField(_("secret ballot"), default=False)
    opens_at = models.DateTimeField(_("voting opens"))
    closes_at = models.DateTimeField(_("voting closes"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # Fixed at close: the body's rules then, the electorate size, the tally and the outcome.
    quorum_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    majority = models.CharField(max_length=12, blank=True)
    electorate_size = models.PositiveIntegerField(null=True, blank=True)
    tally: models.JSONField[Any, Any] = models.JSONField(default=dict, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    winning_option = models.ForeignKey(
        "DecisionOption", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(_("demo content"), default=False)

    title = Localized("title")
    proposal = Localized("proposal")

    class Meta:
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="window_forwards"
            )
        ]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse(
            "network:decision-detail", kwargs={"slug": self.body.network.slug, "pk": self.pk}
        )

    RESULT_FIELDS = ("tally", "outcome", "winning_option_id", "electorate_size", "closed_at")

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A closed decision's result is final: a save that would change it is refused."""
        if self.pk:
            stored = (
                Decision.objects.filter(pk=self.pk, status=Decision.Status.CLOSED)
                .values(*self.RESULT_FIELDS, "status")
                .first()
            )
            if stored is not None and (
                self.status != stored["status"]
                or any(getattr(self, f) != stored[f] for f in self.RESULT_FIELDS)
            ):
                raise ValueError("The result of a closed decision cannot change.")
        super().save(*args, **kwargs)


class DecisionOption(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(default=0)
    label_nb = models.CharField(_("option (bokmål)"), max_length=200)
    label_en = models.CharField(_("option (English)"), max_length=200, blank=True)
    # yes / no / abstain for yes-no decisions; "" for the options of a several-options one
    # (abstain is an option there too).
    role = models.CharField(max_length=10, blank=True)

    label = Localized("label")

    class Meta:
        ordering = ["decision", "position", "id"]
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self) -> str:
        return str(self.label)


class Elector(models.Model):
    """A member organisation entitled to vote on a decision, fixed when voting opens."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="electors")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["decision", "organisation"], name="one_elector_seat")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} in {self.decision_id}"


class Ballot(models.Model):
    """The current vote of one member organisation: one row per organisation and decision,
    held by the database. For a secret ballot the choice is only ever read in the tally."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="ballots")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(DecisionOption, on_delete=models.PROTECT, related_name="+")
    cast_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "organisation"], name="one_ballot_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"Ballot of {self.organisation_id} on {self.decision_id}"  # never the choice


class VoteRecord(models.Model):
    """The audit trail: who cast (or changed) a vote for which organisation and when. The
    choice is kept only for open ballots."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="records")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    cast_at = models.DateTimeField()
    option = models.ForeignKey(
        DecisionOption, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["cast_at", "id"]

    def __str__(self) -> str:
        return f"{self.organisation_id} on {self.decision_id} at {self.cast_at:%Y-%m-%d %H:%M}"


class LeadershipTerm(models.Model):
    """A lead city's term in the network leadership (seed 003: 2–3 lead cities in
    rotation). Past, current and coming terms together show the rotation."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="leadership")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("lead city")
    )
    starts_on = models.DateField(_("term starts"))
    ends_on = models.DateField(_("term ends"))
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        ordering = ["network", "starts_on", "organisation__name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="term_forwards"
            )
        ]
        verbose_name = _("leadership term")
        verbose_name_plural = _("leadership terms")

    def __str__(self) -> str:
        return f"{self.organisation} {self.starts_on:%Y}–{self.ends_on:%Y}"


class Meeting(TimeStampedModel):
    """A meeting of a body or of a workgroup. `sequence` counts the changes people were
    told about, as calendar programs expect (RFC 5545 SEQUENCE)."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="meetings")
    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("body"),
    )
    workgroup = models.ForeignKey(
        Workgroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("workgroup"),
    )
    title_nb = models.CharField(_("title (bokmål)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Public meetings are listed for everyone and in the public calendar."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    minutes = models.TextField(_("minutes"), blank=True, help_text=_("Markdown."))
    sequence = models.PositiveIntegerField(default=0)
    is_demo = models.BooleanField(_("demo content"), default=False)

    title = Localized("title")

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_forwards"
            ),
            models.CheckConstraint(
                condition=models.Q(body__isnull=True, workgroup__isnull=False)
                | models.Q(body__isnull=False, workgroup__isnull=True),
                name="meeting_of_body_or_workgroup",
            ),
        ]
        indexes = [models.Index(fields=["network", "starts_at"])]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("network:meeting-detail", kwargs={"slug": self.network.slug, "pk": self.pk})

    @property
    def organiser_name(self) -> str:
        return str(self.workgroup.name if self.workgroup else self.body.get_kind_display())  # type: ignore[union-attr]

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("agenda item"), max_length=300)
    decision = models.ForeignKey(
        Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "position", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title


class Document(TimeStampedModel):
    """A document of a meeting or of a workgroup, kept where the network keeps its files
    and linked from here."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    workgroup = models.ForeignKey(
        Workgroup, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address"))

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(meeting__isnull=False) | models.Q(workgroup__isnull=False),
                name="document_belongs_somewhere",
            )
        ]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """Who attended a meeting and for which member organisation."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="attended_once")]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.user_id} at {self.meeting_id}"


class MeetingPreferences(models.Model):
    """A person's private calendar address and whether they want meeting e-mails."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_preferences"
    )
    calendar_token = models.CharField(max_length=64, unique=True)
    emails = models.BooleanField(_("e-mail me invitations and changes"), default=True)

    def __str__(self) -> str:
        return f"Meeting preferences of {self.user_id}"


class PriorityRound(TimeStampedModel):
    """Members rank proposed collaboration themes (seed 003: 'the themes members consider
    most important to collaborate on'). One ranking per member organisation, cast by its
    representative or deputy; counted with the Borda count."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open for ranking")
        CLOSED = "closed", _("Closed")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="priority_rounds")
    title_nb = models.CharField(_("title (bokmål)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    closes_at = models.DateTimeField(_("ranking closes"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    is_demo = models.BooleanField(_("demo content"), default=False)

    title = Localized("title")

    class Meta:
        ordering = ["-closes_at", "-id"]
        verbose_name = _("theme priority round")
        verbose_name_plural = _("theme priority rounds")

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("network:priorities", kwargs={"slug": self.network.slug, "pk": self.pk})


class PriorityCandidate(models.Model):
    round = models.ForeignKey(PriorityRound, on_delete=models.CASCADE, related_name="candidates")
    position = models.PositiveSmallIntegerField(default=0)
    name_nb = models.CharField(_("theme (bokmål)"), max_length=200)
    name_en = models.CharField(_("theme (English)"), max_length=200, blank=True)
    theme = models.ForeignKey(
        WorkTheme, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    name = Localized("name")

    class Meta:
        ordering = ["round", "position", "id"]

    def __str__(self) -> str:
        return str(self.name)


class PriorityBallot(models.Model):
    """A member organisation's ranking: candidate ids, most important first. One per
    organisation and round (a new ranking replaces the old)."""

    round = models.ForeignKey(PriorityRound, on_delete=models.CASCADE, related_name="ballots")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    ranking: models.JSONField[Any, Any] = models.JSONField(default=list)
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    cast_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "organisation"], name="one_ranking_per_member")
        ]

    def __str__(self) -> str:
        return f"Ranking of {self.organisation_id} in {self.round_id}"
