"""Writes of the import flow: upload → column mapping → preview → commit.

Small files are analysed and committed inside the request; larger ones (more rows than
`CLUSTERDESK_IMPORT_INLINE_ROWS`) by the worker, through tasks enqueued on commit. The job
records who, when, which file, the counts and each record's outcome, and is audited.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusterdesk.core.audit import diff, record
from clusterdesk.core.concurrency import StaleVersionError
from clusterdesk.core.models import AuditAction
from clusterdesk.imports import analysis, tasks
from clusterdesk.imports.models import (
    Decision,
    ImportFile,
    ImportJob,
    ImportMapping,
    ImportStatus,
    Outcome,
)
from clusterdesk.imports.parsing import ImportFileError, Table, read_table
from clusterdesk.imports.targets import (
    ORGANISATIONS,
    header_key,
    is_cordis_layout,
    suggest_mapping,
    targets_for,
)
from clusterdesk.imports.writing import OUTCOMES, ImportConflict, index_for_search, write_plan

logger = logging.getLogger(__name__)
AUDITED_COUNTS = ("created_count", "linked_count", "updated_count", "skipped_count")


def _read(job: ImportJob, content: bytes) -> Table:
    return read_table(content, job.file_name, max_bytes=settings.CLUSTERDESK_IMPORT_MAX_BYTES)


def remembered_mapping(kind: str, header: Sequence[str]) -> tuple[list[str], str]:
    """The mapping chosen last time for this header row, else the suggested one."""
    saved = ImportMapping.objects.filter(header_key=header_key(kind, header)).first()
    if saved and len(saved.mapping) == len(header):
        return list(saved.mapping), saved.external_source
    source = "cordis" if is_cordis_layout(header) else ""
    return suggest_mapping(kind, header), source


@transaction.atomic
def job_create(*, actor: Any, kind: str, file_name: str, content: bytes) -> ImportJob:
    """Store an uploaded file with its header and suggested mapping. ImportFileError when
    the file cannot be read at all (nothing is stored then)."""
    job = ImportJob(kind=kind, file_name=file_name[:255], file_size=len(content))
    table = _read(job, content)
    job.row_count = table.count_rows()
    if not job.row_count:
        raise ImportFileError(_("The file has a header row but no data rows."))
    job.header, job.file_format, job.encoding = table.header, table.file_format, table.encoding
    job.warnings = table.warnings
    job.mapping, job.external_source = remembered_mapping(kind, table.header)
    job.created_by = actor if getattr(actor, "pk", None) else None
    job.save()
    ImportFile.objects.create(job=job, content=content)
    changes = diff({}, {"file_name": job.file_name, "kind": kind, "row_count": job.row_count})
    record(actor=actor, action=AuditAction.CREATE, instance=job, changes=changes)
    return job


def command_job_create(
    *,
    actor: Any,
    kind: str,
    file_name: str,
    size: int,
    table: Table,
    mapping: list[str],
    source: str,
    result: analysis.Analysis,
) -> ImportJob:
    """The job of a `clusterdesk import` run: analysed already and committing at once (the
    file stays on the disk it was read from, so no copy is stored, unlike `job_create`)."""
    job = ImportJob.objects.create(
        kind=kind,
        status=ImportStatus.COMMITTING,
        created_by=actor if getattr(actor, "pk", None) else None,
        file_name=file_name[:255],
        file_size=size,
        file_format=table.file_format,
        encoding=table.encoding,
        header=table.header,
        mapping=mapping,
        external_source=source,
        warnings=table.warnings,
        row_count=result.row_count,
        analysis_seconds=result.seconds,
    )
    changes = diff({}, {"file_name": file_name, "kind": kind, "row_count": result.row_count})
    record(actor=actor, action=AuditAction.CREATE, instance=job, changes=changes)
    return job


def check_mapping(kind: str, mapping: Sequence[str], external_source: str) -> None:
    """A mapping must fill the fields every record needs, and name the source of ids."""
    fields = {name for target in mapping if target for name in targets_for(kind)[target].fields}
    required = {"legal_name"} if kind == ORGANISATIONS else {"first_name", "last_name"}
    missing = [str(targets_for(kind)[name].label) for name in sorted(required - fields)]
    errors: dict[str, list[str]] = {}
    if missing:
        errors["mapping"] = [
            _("Choose the column that holds: %(fields)s.") % {"fields": ", ".join(missing)}
        ]
    if "external_id" in mapping and not external_source.strip():
        errors["external_source"] = [_("Name the system the identifiers come from.")]
    if errors:
        raise ValidationError(errors)


def job_set_mapping(
    *, actor: Any, job: ImportJob, mapping: Sequence[str], external_source: str
) -> ImportJob:
    """Keep the mapping (and remember it for this header row), then check the rows."""
    check_mapping(job.kind, mapping, external_source)
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.is_busy or job.status == ImportStatus.COMMITTED:
            raise ValidationError(_("This import can no longer be changed."))
        job.mapping, job.external_source = list(mapping), external_source.strip()
        remember_mapping(job)
        job.status, job.progress_done, job.error = ImportStatus.ANALYSING, 0, ""
        job.save()
        job.records.all().delete()
        _schedule(job, tasks.analyse_import)
    return job


def remember_mapping(job: ImportJob) -> None:
    ImportMapping.objects.update_or_create(
        header_key=header_key(job.kind, job.header),
        defaults={
            "kind": job.kind,
            "header": job.header,
            "mapping": job.mapping,
            "external_source": job.external_source,
        },
    )


def _schedule(job: ImportJob, task: Any) -> None:
    """Small files now, in this request; larger ones by the worker once this commits."""
    if job.row_count <= settings.CLUSTERDESK_IMPORT_INLINE_ROWS:
        transaction.on_commit(lambda: task.call(job.pk))
    else:
        transaction.on_commit(lambda: task.enqueue(job.pk))


def _progress(job_id: int) -> Any:
    def report(done: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(progress_done=done)

    return report


def job_analyse(job_id: int) -> None:
    """Read and check every row, then keep the planned records for the preview. Runs only
    for a job waiting for it, so running it twice changes nothing."""
    job = ImportJob.objects.filter(pk=job_id, status=ImportStatus.ANALYSING).first()
    if job is None:
        return
    try:
        table = _read(job, bytes(ImportFile.objects.get(job=job).content))
        result = analysis.analyse(
            kind=job.kind,
            table=table,
            mapping=job.mapping,
            external_source=job.external_source,
            user=job.created_by,
            progress=_progress(job.pk),
        )
    except ImportFileError as error:
        fail(job, str(error))
        return
    except Exception:  # a bug must not leave the job "checking" for ever
        logger.exception("Import #%s: the check failed", job.pk)
        fail(job, _("An unexpected error stopped the check. Nothing was imported."))
        return
    with transaction.atomic():
        analysis.save_records(job, result.records)
        job.analysis_seconds = result.seconds
        _set_counts(job, result.records)
        job.status, job.progress_done = ImportStatus.PREVIEW, job.row_count
        job.save()


def _set_counts(job: ImportJob, records: Sequence[Any]) -> None:
    valid = [item for item in records if item.is_valid]
    job.record_count = len(valid)
    job.invalid_count = sum(len(item.rows) for item in records if not item.is_valid)
    outcomes = [item.outcome for item in valid]
    job.created_count = outcomes.count(Outcome.CREATED)
    job.linked_count = outcomes.count(Outcome.LINKED)
    job.updated_count = outcomes.count(Outcome.UPDATED)
    job.skipped_count = outcomes.count(Outcome.SKIPPED)


def fail(job: ImportJob, message: str) -> None:
    """Mark the job failed (nothing of it was imported) and say why."""
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.FAILED, error=message, updated_at=timezone.now()
    )
    changes: dict[str, list[Any]] = {
        "status": [job.status, ImportStatus.FAILED.value],
        "error": [None, message],
    }
    job.status, job.error = ImportStatus.FAILED, message
    record(actor=job.created_by, action=AuditAction.UPDATE, instance=job, changes=changes)


@transaction.atomic
def job_set_decisions(
    *,
    actor: Any,
    job: ImportJob,
    decisions: Mapping[int, str],
    update_fields: Sequence[str] | None = None,
    overwrite: bool | None = None,
) -> None:
    """Record the user's choices on likely duplicates (`{record id: decision}`)."""
    if job.status != ImportStatus.PREVIEW:
        raise ValidationError(_("This import can no longer be changed."))
    items = job.records.filter(pk__in=list(decisions), is_valid=True)
    for item in items:
        decision = decisions[item.pk]
        if decision not in item.allowed:
            raise ValidationError(
                _("Row %(row)d: “%(decision)s” is not possible for this record.")
                % {"row": item.row_number, "decision": decision}
            )
    for decision in Decision.values:
        chosen = [pk for pk, value in decisions.items() if value == decision]
        items.filter(pk__in=chosen).update(decision=decision)
    if update_fields is not None:
        job.update_fields = list(update_fields)
    if overwrite is not None:
        job.overwrite = overwrite
    job.save(update_fields=["update_fields", "overwrite", "updated_at"])


def job_commit(*, actor: Any, job: ImportJob, skip_invalid: bool = False) -> ImportJob:
    """Start writing the previewed records. Refused while rows have errors, unless the user
    chose to import the valid rows only."""
    if job.invalid_count and not skip_invalid:
        raise ValidationError(
            ngettext(
                "%(count)d row has errors. Correct the file and upload it again, or choose "
                "to import the valid rows only.",
                "%(count)d rows have errors. Correct the file and upload it again, or choose "
                "to import the valid rows only.",
                job.invalid_count,
            )
            % {"count": job.invalid_count}
        )
    with transaction.atomic():
        claimed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.PREVIEW).update(
            status=ImportStatus.COMMITTING, skip_invalid=skip_invalid, updated_at=timezone.now()
        )
        if not claimed:
            raise ValidationError(_("This import is already running or finished."))
        job.refresh_from_db()
        _schedule(job, tasks.commit_import)
    return job


def job_run_commit(job_id: int) -> None:
    """Write the records in one transaction: all of them, or none when anything fails."""
    job = ImportJob.objects.filter(pk=job_id, status=ImportStatus.COMMITTING).first()
    if job is None:
        return
    started = time.perf_counter()
    records = analysis.load_records(job)
    try:
        with transaction.atomic():
            created = write_plan(
                kind=job.kind,
                records=records,
                actor=job.created_by,
                source=str(job),
                update_fields=job.update_fields,
                overwrite=job.overwrite,
            )
            job.records.filter(is_valid=False).update(outcome=Outcome.INVALID)
            for decision, outcome in OUTCOMES.items():
                job.records.filter(is_valid=True, decision=decision).update(outcome=outcome)
            finish_commit(job, records, time.perf_counter() - started)
    except (ImportConflict, ValidationError, StaleVersionError, DatabaseError) as error:
        fail(job, commit_failure_message(error))
        return
    except Exception:  # rolled back already; say so rather than leave the job "importing"
        logger.exception("Import #%s: the commit failed", job.pk)
        fail(job, _("An unexpected error stopped the import. Nothing was imported."))
        return
    index_for_search(created)


def commit_failure_message(error: Exception) -> str:
    if isinstance(error, StaleVersionError):
        reason = _("a record changed since the preview")
    elif isinstance(error, ValidationError):
        reason = "; ".join(error.messages)
    else:
        reason = _("the database refused a record (%(detail)s)") % {"detail": error}
    return _("Nothing was imported: %(reason)s. Check the rows again, then import.") % {
        "reason": reason
    }


def finish_commit(job: ImportJob, records: Sequence[Any], seconds: float) -> None:
    """Counts, status and the audit event of a committed import."""
    _set_counts(job, records)
    job.status, job.committed_at, job.commit_seconds = (
        ImportStatus.COMMITTED,
        timezone.now(),
        seconds,
    )
    job.progress_done = job.row_count
    job.save()
    ImportFile.objects.filter(job=job).delete()  # the report keeps what the file said
    changes: dict[str, list[Any]] = {name: [None, getattr(job, name)] for name in AUDITED_COUNTS}
    changes["status"] = [ImportStatus.COMMITTING.value, job.status]
    record(actor=job.created_by, action=AuditAction.UPDATE, instance=job, changes=changes)
