"""Imports of organisations and contacts: the job, its file, its planned records and the
column mappings remembered per header row."""

from __future__ import annotations

import uuid as uuid_module

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clusterdesk.core.models import TimeStampedModel


class ImportKind(models.TextChoices):
    ORGANISATIONS = "organisations", _("Organisations")
    CONTACTS = "contacts", _("Contacts")


class ImportStatus(models.TextChoices):
    MAPPING = "mapping", _("Waiting for the column mapping")
    ANALYSING = "analysing", _("Checking the rows")
    PREVIEW = "preview", _("Ready to review")
    COMMITTING = "committing", _("Importing")
    COMMITTED = "committed", _("Imported")
    FAILED = "failed", _("Failed, nothing imported")


class Decision(models.TextChoices):
    CREATE = "create", _("Create a new record")
    LINK = "link", _("Link to the existing record")
    UPDATE = "update", _("Update the existing record")
    SKIP = "skip", _("Skip")


class Outcome(models.TextChoices):
    CREATED = "created", pgettext_lazy("import outcome", "created")
    LINKED = "linked", pgettext_lazy("import outcome", "linked")
    UPDATED = "updated", pgettext_lazy("import outcome", "updated")
    SKIPPED = "skipped", pgettext_lazy("import outcome", "skipped")
    INVALID = "invalid", _("not imported: errors")


MATCH_REASONS = {
    "external_id": _("same identifier in the source"),
    "register_number": _("same register number"),
    "vat_number": _("same VAT number"),
    "name_city": _("same name in the same city"),
    "similar_name": _("similar name in the same city"),
    "email": _("same email"),
    "name_organisation": _("same name at the same organisation"),
}


class ImportJob(TimeStampedModel):
    """One file imported by one person: its mapping, its progress and its report."""

    uuid = models.UUIDField(default=uuid_module.uuid4, unique=True, editable=False)
    kind = models.CharField(_("records"), max_length=20, choices=ImportKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.MAPPING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_name = models.CharField(_("file"), max_length=255)
    file_size = models.PositiveBigIntegerField(_("file size"), default=0)
    file_format = models.CharField(_("format"), max_length=10, blank=True)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    header = models.JSONField(_("header row"), default=list, blank=True)
    mapping = models.JSONField(_("column mapping"), default=list, blank=True)
    external_source = models.CharField(_("source of the identifiers"), max_length=30, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    update_fields = models.JSONField(_("fields to update"), default=list, blank=True)
    overwrite = models.BooleanField(_("overwrite values already filled in"), default=False)
    skip_invalid = models.BooleanField(_("import the valid rows, skip the others"), default=False)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    progress_done = models.PositiveIntegerField(default=0)
    record_count = models.PositiveIntegerField(_("records"), default=0)
    created_count = models.PositiveIntegerField(
        pgettext_lazy("import outcome", "created"), default=0
    )
    linked_count = models.PositiveIntegerField(pgettext_lazy("import outcome", "linked"), default=0)
    updated_count = models.PositiveIntegerField(
        pgettext_lazy("import outcome", "updated"), default=0
    )
    skipped_count = models.PositiveIntegerField(
        pgettext_lazy("import outcome", "skipped"), default=0
    )
    invalid_count = models.PositiveIntegerField(_("rows with errors"), default=0)
    analysis_seconds = models.FloatField(null=True, blank=True)
    commit_seconds = models.FloatField(null=True, blank=True)
    committed_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"import #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("imports:detail", args=[self.uuid])

    @property
    def is_busy(self) -> bool:
        return self.status in {ImportStatus.ANALYSING, ImportStatus.COMMITTING}

    @property
    def progress_percent(self) -> int:
        if not self.row_count:
            return 0
        return min(100, round(100 * self.progress_done / self.row_count))

    @property
    def rows_per_second(self) -> int | None:
        seconds = (self.analysis_seconds or 0) + (self.commit_seconds or 0)
        return round(self.row_count / seconds) if seconds and self.commit_seconds else None


class ImportFile(models.Model):
    """The uploaded bytes, kept until the import is committed (in the database, so the
    worker reads them wherever it runs); a failed import keeps them to be checked again."""

    job = models.OneToOneField(
        ImportJob, on_delete=models.CASCADE, primary_key=True, related_name="file"
    )
    content = models.BinaryField()

    def __str__(self) -> str:
        return self.job.file_name


class ImportRecord(models.Model):
    """One record the file describes: its rows (repeats of one organisation become one
    record), its values, the existing record it likely is, the decision and the outcome.
    Ids of records are plain values: the report outlives records deleted or merged later."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="records")
    row_number = models.PositiveIntegerField(_("row"))
    rows = models.JSONField(default=list)
    is_valid = models.BooleanField(default=True)
    errors = models.JSONField(default=list, blank=True)  # [{"row", "column", "message"}]
    name = models.CharField(max_length=300, blank=True)
    place = models.CharField(max_length=300, blank=True)
    uuid = models.UUIDField(default=uuid_module.uuid4)  # of the record this row would create
    match_id = models.PositiveBigIntegerField(null=True, blank=True)
    match_uuid = models.UUIDField(null=True, blank=True)
    match_name = models.CharField(max_length=300, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.CREATE)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    # What the commit needs and the preview shows: values, external_ids, notes, allowed
    # decisions, the match's reason, score and version, a contact's organisation and role.
    plan = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["row_number"]
        indexes = [
            models.Index(fields=["job", "row_number"], name="import_record_row_idx"),
            models.Index(fields=["job", "match_id"], name="import_record_match_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.job} row {self.row_number}"

    @property
    def allowed(self) -> list[str]:
        return list(self.plan.get("allowed", []))

    @property
    def notes(self) -> list[str]:
        return list(self.plan.get("notes", []))

    @property
    def match_reason(self) -> str:
        return str(self.plan.get("reason", ""))

    @property
    def match_score(self) -> int | None:
        return self.plan.get("score")

    @property
    def match_reason_label(self) -> str:
        return str(MATCH_REASONS.get(self.match_reason, self.match_reason))

    @property
    def decision_choices(self) -> list[tuple[str, str]]:
        return [(value, str(Decision(value).label)) for value in self.allowed]

    @property
    def repeats(self) -> int:
        return len(self.rows) - 1

    @property
    def record_uuid(self) -> uuid_module.UUID | None:
        """The public id of the record this row created, linked or updated."""
        if self.outcome == Outcome.CREATED:
            return self.uuid
        if self.outcome in {Outcome.LINKED, Outcome.UPDATED}:
            return self.match_uuid
        return None


class ImportMapping(TimeStampedModel):
    """The mapping last chosen for a header row, offered again for the next file like it."""

    kind = models.CharField(max_length=20, choices=ImportKind.choices)
    header_key = models.CharField(max_length=64, unique=True)
    header = models.JSONField(default=list)
    mapping = models.JSONField(default=list)
    external_source = models.CharField(max_length=30, blank=True)

    def __str__(self) -> str:
        return f"{self.kind}: {', '.join(self.header)[:80]}"
