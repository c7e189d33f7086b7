"""The support journey: a case per company journey, its needs, referrals and roadmap."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clusterdesk.catalogue.models import AgencyTeam, Call, SupportInstrument, TrainingProgramme
from clusterdesk.catalogue.themes import Theme
from clusterdesk.core.models import DomainModel
from clusterdesk.organisations.models import Cluster, Contact, Organisation
from clusterdesk.support.states import ReferralStatus, State, is_closed

MAX_AMOUNT = Decimal("999999999999")


class Origin(models.TextChoices):
    INBOUND = "inbound", _("Inbound request")
    PROACTIVE = "proactive", _("Proactive outreach")
    EVENT = "event", _("Event")
    REFERRAL_IN = "referral_in", _("Referred in")


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class SupportCase(DomainModel):
    """One company-support journey, from the first contact to its closure (DOMAIN.md §3).

    `cluster` is the permission scope: its managers (and the case's owner) change the case.
    The state changes only through `services.case_transition`, which records each move in
    `state_changes`.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        # A company's journey is history: deleting the organisation is refused while it has
        # cases (merging a duplicate moves them instead).
        on_delete=models.PROTECT,
        related_name="support_cases",
    )
    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.PROTECT, related_name="support_cases"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="owned_support_cases",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.FIRST_CONTACT
    )
    origin = models.CharField(
        _("origin"), max_length=20, choices=Origin.choices, default=Origin.INBOUND
    )
    problem_statement = models.TextField(
        _("problem statement"), help_text=_("What the company wants to solve, in its words.")
    )
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure_reason = models.TextField(_("closure reason"), blank=True)
    outcome_summary = models.TextField(_("outcome summary"), blank=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("support case")
        verbose_name_plural = _("support cases")
        indexes = [
            models.Index(fields=["state", "-opened_on"], name="support_case_state_idx"),
            models.Index(fields=["-opened_on", "-id"], name="support_case_opened_idx"),
        ]

    def __str__(self) -> str:
        statement = " ".join(self.problem_statement.split())
        if len(statement) > 60:
            statement = statement[:59].rstrip() + "…"
        return f"{self.organisation.legal_name}: {statement}"

    def get_absolute_url(self) -> str:
        return reverse("support:case-detail", args=[self.uuid])

    @property
    def is_closed(self) -> bool:
        return is_closed(self.state)


class StateChange(models.Model):
    """One move of a case's state: from, to, why, who, when. Never changed or deleted."""

    case = models.ForeignKey(
        SupportCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="state_changes"
    )
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices)
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")

    def __str__(self) -> str:
        start = self.get_from_state_display() or "—"
        return f"{start} → {self.get_to_state_display()}"


class NeedCategory(models.TextChoices):
    """Kinds of help, after the European Cluster Alliance's service typology (DOMAIN.md §6)."""

    FUNDING = "funding", _("Funding and state aid")
    INNOVATION_PROJECT = "innovation_project", _("Innovation and R&D project")
    DIGITAL = "digital", _("Digital tools and skills")
    SUSTAINABILITY = "sustainability", _("Sustainability and circularity")
    NETWORKING = "networking", _("Networking and matchmaking")
    MARKET_INTELLIGENCE = "market_intelligence", _("Business and market intelligence")
    INTERNATIONALISATION = "internationalisation", _("Internationalisation")
    SKILLS = "skills", _("Skills and recruitment")
    REGULATION = "regulation", _("Regulation and business environment")
    OTHER = "other", _("Other")


class NeedStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ADDRESSED = "addressed", _("Addressed")
    CLOSED = "closed", pgettext_lazy("need status", "Closed")


class NeedSource(models.TextChoices):
    DIAGNOSIS = "diagnosis", _("Diagnosis")
    INTERACTION = "interaction", _("Interaction")
    MANUAL = "manual", _("Entered by hand")


class Need(DomainModel):
    """What a company needs, found in a diagnosis, an interaction or entered by hand."""

    case = models.ForeignKey(
        SupportCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="needs"
    )
    text = models.TextField(_("need"))
    theme = models.CharField(_("theme"), max_length=30, choices=Theme.choices, blank=True)
    category = models.CharField(
        _("category"), max_length=30, choices=NeedCategory.choices, blank=True
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    status = models.CharField(
        _("status"), max_length=10, choices=NeedStatus.choices, default=NeedStatus.OPEN
    )
    source = models.CharField(
        _("source"), max_length=15, choices=NeedSource.choices, default=NeedSource.MANUAL
    )
    source_interaction = models.ForeignKey(
        "engagement.Interaction",
        verbose_name=_("interaction"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="needs",
        help_text=_("The interaction where this need came up, when it came from one."),
    )
    diagnosis = models.ForeignKey(
        "diagnostics.Diagnosis",
        verbose_name=_("diagnosis"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="needs",
        help_text=_("The diagnosis that found this need, when it came from one."),
    )

    class Meta:
        ordering = ["case", "id"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        indexes = [models.Index(fields=["status", "theme"], name="support_need_status_idx")]

    def __str__(self) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= 80 else text[:79].rstrip() + "…"

    def get_absolute_url(self) -> str:
        return reverse("support:need-detail", args=[self.uuid])


class TargetKind(models.TextChoices):
    AGENCY_TEAM = "agency_team", _("Agency team")
    SERVICE_PROVIDER = "service_provider", _("Service provider")
    INSTRUMENT = "instrument", _("Support instrument")
    CALL = "call", _("Call for projects")
    TRAINING = "training", _("Training programme")
    PARTNER = "partner", _("Partner organisation")


class OutcomeKind(models.TextChoices):
    FUNDING_OBTAINED = "funding_obtained", _("Funding obtained")
    PROJECT_STARTED = "project_started", _("Project started")
    PARTNERSHIP = "partnership", _("Partnership")
    NONE = "none", _("No outcome")


class Referral(DomainModel):
    """A need passed on to an agency team, a service provider, a support instrument or a
    partner organisation, with the answer and what came of it."""

    case = models.ForeignKey(
        SupportCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="referrals"
    )
    need = models.ForeignKey(
        Need, verbose_name=_("need"), on_delete=models.CASCADE, related_name="referrals"
    )
    target_kind = models.CharField(_("referred to"), max_length=20, choices=TargetKind.choices)
    target_team = models.ForeignKey(
        AgencyTeam,
        verbose_name=_("agency team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    target_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals_received",
    )
    target_instrument = models.ForeignKey(
        SupportInstrument,
        verbose_name=_("support instrument"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    # The instrument's name; for an instrument not in the catalogue, the name alone.
    instrument_name = models.CharField(_("support instrument"), max_length=200, blank=True)
    target_call = models.ForeignKey(
        Call,
        verbose_name=_("call for projects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    target_training = models.ForeignKey(
        TrainingProgramme,
        verbose_name=_("training programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    status = models.CharField(
        _("status"), max_length=15, choices=ReferralStatus.choices, default=ReferralStatus.PROPOSED
    )
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    receiving_person = models.CharField(
        _("receiving person"),
        max_length=200,
        blank=True,
        help_text=_("Who handles it at the target."),
    )
    receiving_contact = models.ForeignKey(
        Contact,
        verbose_name=_("receiving contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals_received",
    )
    note = models.TextField(_("note"), blank=True)
    outcome_kind = models.CharField(
        _("outcome"), max_length=20, choices=OutcomeKind.choices, blank=True
    )
    outcome_amount = models.DecimalField(
        _("amount (EUR)"),
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_AMOUNT)],
    )
    outcome_note = models.TextField(_("outcome note"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["target_team", "status"], name="support_referral_team_idx"),
            models.Index(fields=["status"], name="support_referral_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.need} → {self.target_label}"

    def get_absolute_url(self) -> str:
        return reverse("support:referral-detail", args=[self.uuid])

    @property
    def target_label(self) -> str:
        if self.target_kind == TargetKind.AGENCY_TEAM and self.target_team_id:
            return str(self.target_team)
        if self.target_kind == TargetKind.INSTRUMENT:
            return self.instrument_name
        if self.target_kind == TargetKind.CALL and self.target_call_id:
            return str(self.target_call)
        if self.target_kind == TargetKind.TRAINING and self.target_training_id:
            return str(self.target_training)
        if self.target_organisation_id:
            return str(self.target_organisation)
        return str(_("(removed)"))

    def clean(self) -> None:
        """An amount goes with an outcome (the services check the target on its kind)."""
        if self.outcome_amount is not None and self.outcome_kind in {"", OutcomeKind.NONE}:
            raise ValidationError({"outcome_amount": [str(_("An amount goes with an outcome."))]})


class Horizon(models.TextChoices):
    SHORT = "short", _("Short term")
    MEDIUM = "medium", _("Medium term")


class Roadmap(DomainModel):
    """The company's action plan agreed in a case: one per case."""

    case = models.OneToOneField(
        SupportCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="roadmap"
    )
    horizon = models.CharField(
        _("horizon"), max_length=10, choices=Horizon.choices, default=Horizon.SHORT
    )
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    review_dates = models.JSONField(
        _("review dates"), default=list, blank=True, help_text=_("Dates of the planned reviews.")
    )
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")

    def __str__(self) -> str:
        return str(_("Roadmap of %(organisation)s") % {"organisation": self.case.organisation})

    def get_absolute_url(self) -> str:
        return f"{self.case.get_absolute_url()}#roadmap"

    @property
    def review_days(self) -> list[datetime.date]:
        return [datetime.date.fromisoformat(value) for value in self.review_dates]

    def next_review(self, today: datetime.date | None = None) -> datetime.date | None:
        today = today or timezone.localdate()
        return next((day for day in self.review_days if day >= today), None)


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_ACTION_STATUSES = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


class EaseClass(models.TextChoices):
    """Fit 4 Sustainability's classes (DOMAIN.md §2.2)."""

    IMMEDIATE = "immediate", _("Immediate (no investment)")
    SHORT_TERM = "short_term", _("Short term (fast return)")
    MEDIUM_TERM = "medium_term", _("Medium term (investment, may be state-aided)")


class Action(DomainModel):
    """One step of a roadmap, with who does it, by when, at what cost."""

    roadmap = models.ForeignKey(
        Roadmap, verbose_name=_("roadmap"), on_delete=models.CASCADE, related_name="actions"
    )
    description = models.TextField(_("action"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="roadmap_actions",
        help_text=_("Leave empty when the company itself carries it out."),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    estimated_cost = models.DecimalField(
        _("estimated cost (EUR)"),
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_AMOUNT)],
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    ease_class = models.CharField(
        _("ease class"), max_length=15, choices=EaseClass.choices, blank=True
    )
    needs = models.ManyToManyField(
        Need, verbose_name=_("needs"), related_name="actions", blank=True
    )
    referrals = models.ManyToManyField(
        Referral, verbose_name=_("referrals"), related_name="actions", blank=True
    )

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("roadmap action")
        verbose_name_plural = _("roadmap actions")
        indexes = [
            models.Index(fields=["owner", "status", "due_on"], name="support_action_owner_idx")
        ]

    def __str__(self) -> str:
        text = " ".join(self.description.split())
        return text if len(text) <= 80 else text[:79].rstrip() + "…"

    def get_absolute_url(self) -> str:
        """A link that leads to the action on its case's page (without reading the case)."""
        return reverse("support:action-detail", args=[self.uuid])

    def anchor_url(self, case: SupportCase) -> str:
        return f"{case.get_absolute_url()}#action-{self.uuid}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and self.due_on is not None and self.due_on < today
