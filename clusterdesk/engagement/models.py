"""Interactions with companies, follow-ups, cadence rules, digests and calendar feeds."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterdesk.catalogue.themes import Theme as CatalogueTheme
from clusterdesk.core.models import DomainModel, TimeStampedModel
from clusterdesk.organisations.models import (
    Cluster,
    Contact,
    Organisation,
    RelationshipStatus,
    Tag,
)


class InteractionKind(models.TextChoices):
    VIDEO_CALL = "video_call", _("Video call")
    MEETING = "meeting", _("Meeting")
    VISIT = "visit", _("Site visit")
    PHONE_CALL = "phone_call", _("Phone call")
    EMAIL = "email", _("Email")
    EVENT_CONTACT = "event_contact", _("Event contact")


# The five market-intelligence themes (DOMAIN.md, glossary), shared by the journey's apps.
Theme = CatalogueTheme


class Interaction(DomainModel):
    """A contact with a company: a call, a meeting, a visit… logged by agency staff.

    `cluster` is the scope of permissions: its managers (and admins) change the record, and
    alone see it when it is `confidential`. `themes` holds `Theme` values (a JSON list).
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,  # its history: the organisation cannot be deleted
        related_name="interactions",
    )
    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.PROTECT, related_name="interactions"
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=InteractionKind.choices,
        default=InteractionKind.VIDEO_CALL,
    )
    occurred_on = models.DateField(_("date"), default=timezone.localdate)
    contacts = models.ManyToManyField(
        Contact, verbose_name=_("contacts met"), related_name="interactions", blank=True
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agency participants"),
        related_name="interactions",
        blank=True,
    )
    themes = models.JSONField(_("themes"), default=list, blank=True)
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("Markdown: **bold**, _italic_, lists, links.")
    )
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Only the managers of its cluster and admins will see it."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        indexes = [
            models.Index(fields=["organisation", "-occurred_on"], name="interaction_org_date_idx"),
            models.Index(fields=["cluster", "-occurred_on"], name="interaction_cluster_date_idx"),
            models.Index(fields=["-occurred_on", "-id"], name="interaction_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on.isoformat()}"

    def get_absolute_url(self) -> str:
        return reverse("engagement:interaction-detail", args=[self.uuid])

    def theme_labels(self) -> list[str]:
        labels = dict(Theme.choices)
        return [str(labels.get(theme, theme)) for theme in self.themes or []]


class FollowUp(DomainModel):
    """A dated check-in with a company, owned by a person of the agency."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.PROTECT, related_name="follow_ups"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    interaction = models.ForeignKey(
        Interaction,
        verbose_name=_("interaction"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = [models.F("due_on").asc(nulls_last=True), "id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [
            models.Index(fields=["owner", "done_on", "due_on"], name="follow_up_owner_idx"),
            models.Index(fields=["organisation", "done_on"], name="follow_up_org_idx"),
        ]

    def __str__(self) -> str:
        when = self.due_on.isoformat() if self.due_on else str(_("no date"))
        return f"{_('Follow-up')} {when}"

    def get_absolute_url(self) -> str:
        return reverse("engagement:follow-up-detail", args=[self.uuid])

    @property
    def confidential(self) -> bool:
        """As confidential as the interaction it came from (its audit events too)."""
        return bool(self.interaction_id and self.interaction and self.interaction.confidential)

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        day = today or timezone.localdate()
        return self.done_on is None and self.due_on is not None and self.due_on < day

    @property
    def title(self) -> str:
        """The note's first line, or a generic title."""
        first = (self.note or "").strip().splitlines()
        return first[0][:120] if first else str(_("Follow up"))


class CadenceRule(DomainModel):
    """How often organisations of a kind should hear from the agency: those matching the
    status and/or tag with no interaction for `max_days` show on the attention list."""

    name = models.CharField(_("name"), max_length=100)
    status = models.CharField(
        _("relationship status"),
        max_length=20,
        choices=RelationshipStatus.choices,
        blank=True,
        help_text=_("Empty: any status."),
    )
    tag = models.ForeignKey(
        Tag,
        verbose_name=_("tag"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty: any tag."),
    )
    max_days = models.PositiveIntegerField(
        _("days without an interaction"),
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        default=90,
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("cadence rule")
        verbose_name_plural = _("cadence rules")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("engagement:cadence-rule-edit", args=[self.uuid])


class DigestLog(models.Model):
    """The daily digest sent to a user for a day: at most one, whatever runs twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    items = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="digest_log_one_per_user_day")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"


class CalendarFeed(TimeStampedModel):
    """A personal iCalendar feed: its secret URL token is stored only as a SHA-256 digest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="calendar_feed_one_active_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
