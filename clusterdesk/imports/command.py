"""The command-line import: read, check, match, then commit in one go (no preview step).

Records that match the directory take the default decision (link: their external ids are
attached, nothing else changes). The job and its report are stored like a web import's.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from clusterdesk.core.concurrency import StaleVersionError
from clusterdesk.imports import analysis, services
from clusterdesk.imports.models import ImportJob
from clusterdesk.imports.parsing import ImportFileError, read_table
from clusterdesk.imports.report import ReportInput, text_report
from clusterdesk.imports.targets import header_problem, plain_header, targets_for
from clusterdesk.imports.writing import index_for_search, write_plan


@dataclass
class CommandOutcome:
    report: str
    refusal: str = ""
    conclusion: str = ""
    job: ImportJob | None = None


def resolve_mapping(
    kind: str, header: Sequence[str], given: Mapping[str, str] | None
) -> tuple[list[str], str]:
    """The target of each column, from `given` (column name → field) or recognised by
    ourselves; ImportFileError when it cannot be used."""
    if given is None:
        mapping, source = services.remembered_mapping(kind, header)
    else:
        mapping, source = _given_mapping(kind, header, given)
    problem = header_problem(kind, header, mapping)
    if problem:
        raise ImportFileError(f"{problem} Or give --mapping FILE.json.")
    try:
        services.check_mapping(kind, mapping, source)
    except ValidationError as error:
        raise ImportFileError(" ".join(error.messages)) from error
    return mapping, source


def _given_mapping(
    kind: str, header: Sequence[str], given: Mapping[str, str]
) -> tuple[list[str], str]:
    columns = dict(given)
    source = columns.pop("external_source", "")
    known = targets_for(kind)
    unknown = sorted(target for target in columns.values() if target and target not in known)
    if unknown:
        raise ImportFileError(
            f"--mapping: {', '.join(unknown)} is not a field; use one of {', '.join(known)}."
        )
    by_plain = {plain_header(name): target for name, target in columns.items()}
    missing = sorted(set(by_plain) - {plain_header(name) for name in header})
    if missing:
        raise ImportFileError(f"--mapping: the file has no column {', '.join(missing)}.")
    return [by_plain.get(plain_header(name), "") for name in header], source


def run(
    *,
    content: bytes,
    file_name: str,
    kind: str,
    mapping: Mapping[str, str] | None,
    user: Any,
    skip_invalid: bool,
    dry_run: bool,
) -> CommandOutcome:
    table = read_table(content, file_name, max_bytes=settings.CLUSTERDESK_IMPORT_MAX_BYTES)
    columns, source = resolve_mapping(kind, table.header, mapping)
    result = analysis.analyse(
        kind=kind, table=table, mapping=columns, external_source=source, user=user
    )
    data = ReportInput("Dry run", file_name, kind, result, table.warnings)
    if dry_run:
        report = text_report(data, committed=False)
        return CommandOutcome(report, conclusion="Dry run: nothing was saved.")
    job = services.command_job_create(
        actor=user,
        kind=kind,
        file_name=file_name,
        size=len(content),
        table=table,
        mapping=columns,
        source=source,
        result=result,
    )
    data.label = str(job).capitalize()
    if result.errors and not skip_invalid:
        return _refuse(job, data)
    return _commit(job, data, user)


def _refuse(job: ImportJob, data: ReportInput) -> CommandOutcome:
    count = data.result.invalid_rows
    message = (
        f"Nothing was imported: {count:,} rows have errors. Correct them, or run again with "
        "--skip-invalid to import the valid rows and skip these."
    )
    with transaction.atomic():
        analysis.save_records(job, data.result.records)
        services.fail(job, message)
    return CommandOutcome(text_report(data, committed=False), refusal=message, job=job)


def _commit(job: ImportJob, data: ReportInput, user: Any) -> CommandOutcome:
    started = time.perf_counter()
    records = data.result.records
    try:
        with transaction.atomic():
            created = write_plan(
                kind=job.kind, records=records, actor=user, source=str(job), update_fields=()
            )
            analysis.save_records(job, records, for_commit=False)
            data.commit_seconds = time.perf_counter() - started
            services.finish_commit(job, records, data.commit_seconds)
    except (ValidationError, StaleVersionError, DatabaseError) as error:
        message = services.commit_failure_message(error)
        services.fail(job, message)
        return CommandOutcome(text_report(data, committed=False), refusal=message, job=job)
    started = time.perf_counter()
    index_for_search(created)
    data.search_seconds = time.perf_counter() - started
    report = text_report(data, committed=True)
    return CommandOutcome(report, conclusion=f"{data.label} committed.", job=job)
