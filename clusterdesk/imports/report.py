"""The readable report of an import, as `clusterdesk import` prints it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from clusterdesk.imports.analysis import Analysis
from clusterdesk.imports.models import Outcome
from clusterdesk.imports.planning import PlannedRecord

MAX_ERROR_LINES = 100
REASONS = {
    "external_id": "external id",
    "register_number": "register number",
    "vat_number": "VAT number",
    "name_city": "name and city",
    "similar_name": "similar name in the same city",
    "email": "email",
    "name_organisation": "name at the same organisation",
}


@dataclass
class ReportInput:
    label: str  # "import #12", or "dry run"
    file_name: str
    kind: str
    result: Analysis
    warnings: Sequence[str] = ()
    commit_seconds: float | None = None
    search_seconds: float | None = None


def _count(records: Sequence[PlannedRecord], outcome: str) -> int:
    return sum(1 for record in records if record.outcome == outcome)


def summary_lines(data: ReportInput) -> list[str]:
    result = data.result
    valid = result.valid_records
    repeats = sum(len(record.rows) - 1 for record in valid)
    lines = [
        f"{data.file_name}: {result.row_count:,} rows read in {result.seconds:.1f} s: "
        f"{len(valid):,} {data.kind}, {repeats:,} rows repeating one of them, "
        f"{result.invalid_rows:,} rows with errors.",
    ]
    lines += [f"  ! {warning}" for warning in data.warnings]
    matches = Counter(record.match.reason for record in valid if record.match)
    if matches:
        detail = ", ".join(f"{REASONS.get(k, k)}: {v:,}" for k, v in matches.most_common())
        lines.append(f"Already in the directory: {sum(matches.values()):,} ({detail}).")
    notes = Counter(note for record in result.records for note in record.notes)
    lines += [f"  {count:,} records: {note}" for note, count in notes.most_common()]
    return lines


def outcome_lines(data: ReportInput) -> list[str]:
    records = data.result.records
    return [
        f"{data.label}: {_count(records, Outcome.CREATED):,} created, "
        f"{_count(records, Outcome.LINKED):,} matched and linked, "
        f"{_count(records, Outcome.UPDATED):,} matched and updated, "
        f"{_count(records, Outcome.SKIPPED):,} skipped, "
        f"{data.result.invalid_rows:,} rows not imported (errors)."
    ]


def error_lines(result: Analysis) -> list[str]:
    errors = result.errors
    lines = [
        _("row %(row)s, column “%(column)s”: %(message)s") % error
        for error in errors[:MAX_ERROR_LINES]
    ]
    if len(errors) > MAX_ERROR_LINES:
        lines.append(f"… and {len(errors) - MAX_ERROR_LINES:,} more errors.")
    return [f"  {line}" for line in lines]


def timing_line(data: ReportInput) -> str:
    seconds = data.result.seconds + (data.commit_seconds or 0)
    rate = data.result.row_count / seconds if seconds else 0
    writing = f", writing {data.commit_seconds:.1f} s" if data.commit_seconds is not None else ""
    return (
        f"Duration: {seconds:.1f} s (reading and matching {data.result.seconds:.1f} s{writing}) "
        f"— {rate:,.0f} rows/s."
    )


def text_report(data: ReportInput, *, committed: bool) -> str:
    lines = summary_lines(data)
    if data.result.errors:
        lines.append("Rows with errors:")
        lines += error_lines(data.result)
    if committed:
        lines += outcome_lines(data)
    lines.append(timing_line(data))
    if data.search_seconds is not None:
        lines.append(f"Search index updated after the commit in {data.search_seconds:.1f} s.")
    return "\n".join(lines)
