"""Reading a whole file into planned records, and keeping those records on the job.

`analyse` is the one path every import takes (web page, worker, command line): rows are read
and checked, repeats grouped, records matched against the directory and given their default
decision. Nothing is written here.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from clusterdesk.imports import directory
from clusterdesk.imports.models import ImportJob, ImportRecord
from clusterdesk.imports.parsing import ImportFileError, Table
from clusterdesk.imports.planning import Existing, PlannedRecord, plan_records
from clusterdesk.imports.rows import RowReader
from clusterdesk.imports.targets import ORGANISATIONS
from clusterdesk.organisations import bulk

PROGRESS_EVERY = 2000


@dataclass
class Analysis:
    records: list[PlannedRecord]
    row_count: int
    seconds: float

    @property
    def invalid_rows(self) -> int:
        return sum(len(record.rows) for record in self.records if not record.is_valid)

    @property
    def errors(self) -> list[dict[str, Any]]:
        return [error for record in self.records for error in record.errors]

    @property
    def valid_records(self) -> list[PlannedRecord]:
        return [record for record in self.records if record.is_valid]


def analyse(
    *,
    kind: str,
    table: Table,
    mapping: Sequence[str],
    external_source: str,
    user: Any,
    progress: Callable[[int], None] | None = None,
) -> Analysis:
    """The planned records of `table` read with `mapping`; ImportFileError if it has no rows."""
    started = time.perf_counter()
    reader = RowReader(kind, table.header, mapping, external_source)
    parsed = []
    for count, (number, cells) in enumerate(table.data_rows(), start=1):
        parsed.append(reader.read(number, cells))
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
    if not parsed:
        raise ImportFileError(_("The file has a header row but no data rows."))
    records = plan_records(kind, parsed)
    if kind == ORGANISATIONS:
        directory.match_organisations(records, user=user)
    else:
        column = reader.column_of.get("organisation", "")
        directory.match_contacts(records, user=user, organisation_column=column)
    return Analysis(records, len(parsed), time.perf_counter() - started)


# --- records kept on the job ----------------------------------------------------------------


def to_row(job: ImportJob, record: PlannedRecord, *, for_commit: bool = True) -> dict[str, Any]:
    """An ImportRecord's values (attnames) for `bulk.insert_rows`; a record already written
    keeps only what its report shows."""
    match = record.match
    plan: dict[str, Any] = {"allowed": list(record.allowed)}
    if for_commit:
        plan["values"] = record.values
    if record.external_ids:
        plan["external_ids"] = [list(item) for item in record.external_ids]
    if record.notes:
        plan["notes"] = record.notes
    if match:
        plan.update(reason=match.reason, score=match.score, version=match.version)
    if record.organisation or record.role:
        plan.update(
            organisation=record.organisation,
            organisation_id=record.organisation_id,
            role=record.role,
        )
    return {
        "job_id": job.pk,
        "row_number": record.row_number,
        "rows": record.rows,
        "is_valid": record.is_valid,
        "errors": record.errors,
        "name": record.name[:300],
        "place": record.place[:300],
        "uuid": record.uuid,
        "match_id": match.id if match else None,
        "match_uuid": match.uuid if match else None,
        "match_name": match.name[:300] if match else "",
        "decision": record.decision,
        "outcome": record.outcome,
        "plan": plan,
    }


def from_model(item: ImportRecord) -> PlannedRecord:
    plan = item.plan
    match = None
    if item.match_id is not None and item.match_uuid is not None:
        match = Existing(
            item.match_id,
            item.match_uuid,
            item.match_name,
            plan.get("version", 0),
            plan.get("reason", ""),
            plan.get("score", 0),
        )
    return PlannedRecord(
        item.row_number,
        list(item.rows),
        values=dict(plan.get("values", {})),
        external_ids=[(source, value) for source, value in plan.get("external_ids", [])],
        errors=list(item.errors),
        notes=list(plan.get("notes", [])),
        organisation=plan.get("organisation", ""),
        organisation_id=plan.get("organisation_id"),
        role=plan.get("role", ""),
        uuid=item.uuid,
        match=match,
        allowed=tuple(plan.get("allowed", [])),
        decision=item.decision,
        outcome=item.outcome,
    )


def save_records(
    job: ImportJob, records: Sequence[PlannedRecord], *, for_commit: bool = True
) -> None:
    rows = [to_row(job, record, for_commit=for_commit) for record in records]
    bulk.insert_rows(ImportRecord, rows)


def load_records(job: ImportJob) -> list[PlannedRecord]:
    items = job.records.order_by("row_number").iterator(chunk_size=directory.BATCH)
    return [from_model(item) for item in items]
