"""Shared model bases and the append-only audit log."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TimeStampedModel(models.Model):
    """Every record knows when it was created and last changed."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class DomainModel(TimeStampedModel):
    """An editable domain record: public UUID and a version for optimistic concurrency.

    The integer primary key stays internal (joins, indexes); URLs and the API use `uuid`.
    `version` grows by one on every saved change; a form sends back the version it was
    opened with and the service refuses the save if the record moved on meanwhile.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class AuditAction(models.TextChoices):
    CREATE = "create", pgettext_lazy("audit action", "created")
    UPDATE = "update", pgettext_lazy("audit action", "changed")
    DELETE = "delete", pgettext_lazy("audit action", "deleted")
    MERGE = "merge", pgettext_lazy("audit action", "merged")


class AuditEvent(models.Model):
    """One change to one record: who, when, what, old → new. Never updated or deleted."""

    # Set by `core.audit.record` (not auto_now_add) so that its links carry the same instant.
    created_at = models.DateTimeField(
        _("when"), default=timezone.now, editable=False, db_index=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=10, choices=AuditAction.choices)
    object_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(max_length=300)
    changes = models.JSONField(default=dict, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    # Set when the record was confidential: the id of its cluster, whose managers (and
    # admins) alone see the event. Filled by `core.audit.record` from the record itself.
    confidential_cluster_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.actor_name or 'system'} {self.action} {self.object_repr}"


class AuditEventLink(models.Model):
    """Puts an event on the timeline of a record: the changed record and its parents.

    A membership change shows on the membership's organisation; a contact's affiliation
    change shows on both the contact and the organisation. Later apps link their events
    to whatever timelines they belong on.
    """

    event = models.ForeignKey(AuditEvent, on_delete=models.CASCADE, related_name="links")
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    # Copies of the event's (which never changes), so that a timeline is read from this
    # table's index alone: newest first, filtered by kind and confidentiality, then only
    # one page of events is fetched (see `core.audit.timeline`; docs/performance.md).
    created_at = models.DateTimeField()
    object_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    confidential_cluster_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "event"], name="audit_link_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["subject_type", "subject_id", "-created_at", "-event"],
                name="audit_link_timeline_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_id} → {self.subject_type_id}:{self.subject_id}"


class MergedRecord(models.Model):
    """The public id of a record merged into another, so old links and API ids still lead
    to the surviving record."""

    kind = models.CharField(max_length=100)  # model label, e.g. "organisations.Organisation"
    old_uuid = models.UUIDField(unique=True)
    new_uuid = models.UUIDField(db_index=True)
    merged_at = models.DateTimeField(auto_now_add=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.old_uuid} → {self.new_uuid}"
