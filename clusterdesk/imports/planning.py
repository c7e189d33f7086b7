"""From parsed rows to the records an import would write.

Rows that describe one organisation (same external id, VAT or register number, or the same
normalised name in the same city) become one record, filled from the first row that has
each value. Each record is then matched against the directory, and gets the decisions the
importing user may take on it (link, update, skip, create) with a safe default.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from clusterdesk.imports import matching
from clusterdesk.imports.models import Decision
from clusterdesk.imports.rows import ParsedRow
from clusterdesk.imports.targets import ORGANISATIONS

Key = tuple[str, ...]
ALL_DECISIONS = (Decision.LINK, Decision.UPDATE, Decision.SKIP, Decision.CREATE)


@dataclass(frozen=True)
class Existing:
    """The directory record a planned record matched."""

    id: int
    uuid: uuid.UUID
    name: str
    version: int
    reason: str
    score: int


@dataclass
class PlannedRecord:
    row_number: int
    rows: list[int]
    values: dict[str, Any] = field(default_factory=dict)
    external_ids: list[tuple[str, str]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    organisation: str = ""  # contacts: their organisation as written, and the one found
    organisation_id: int | None = None
    role: str = ""
    uuid: uuid.UUID = field(default_factory=uuid.uuid4)
    match: Existing | None = None
    allowed: tuple[str, ...] = (Decision.CREATE, Decision.SKIP)
    decision: str = Decision.CREATE
    outcome: str = ""

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def name(self) -> str:
        values = self.values
        if "legal_name" in values:
            return str(values["legal_name"])
        return " ".join(str(values.get(part, "")) for part in ("first_name", "last_name")).strip()

    @property
    def place(self) -> str:
        values = self.values
        if "legal_name" in values:
            parts = [values.get("postcode", ""), values.get("commune", ""), values.get("country")]
            return " ".join(str(part) for part in parts if part)
        return " · ".join(part for part in (self.organisation, values.get("email", "")) if part)


# --- grouping -----------------------------------------------------------------------------


def organisation_keys(row: ParsedRow) -> list[Key]:
    values = row.values
    keys: list[Key] = [("id", source, value) for source, value in row.external_ids]
    for name in ("vat_number", "register_number"):
        identifier = matching.normalise_identifier(values.get(name, ""))
        if identifier:
            keys.append((name, identifier))
    name_key = matching.normalise_name(values.get("legal_name", ""))
    if name_key:
        keys.append(("name", name_key, matching.normalise_city(values.get("commune", ""))))
    return keys


def contact_keys(row: ParsedRow) -> list[Key]:
    values = row.values
    keys: list[Key] = []
    if values.get("email"):
        keys.append(("email", values["email"].lower()))
    person = matching.normalise_person(values.get("first_name", ""), values.get("last_name", ""))
    keys.append(("person", person, matching.normalise_name(row.organisation)))
    return keys


def group_rows(
    rows: Sequence[ParsedRow], keys_of: Callable[[ParsedRow], list[Key]]
) -> list[list[ParsedRow]]:
    """Rows sharing any key, directly or through other rows, in the order of their first row."""
    parent = list(range(len(rows)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    first_with: dict[Key, int] = {}
    keys_by_reading: dict[int, list[Key]] = {}  # rows read from the same cells share `values`
    for index, row in enumerate(rows):
        keys = keys_by_reading.get(id(row.values))
        if keys is None:
            keys = keys_by_reading[id(row.values)] = keys_of(row)
        for key in keys:
            other = first_with.setdefault(key, index)
            if other != index:
                low, high = sorted((root(index), root(other)))
                parent[high] = low
    groups: dict[int, list[ParsedRow]] = {}
    for index, row in enumerate(rows):
        groups.setdefault(root(index), []).append(row)
    return list(groups.values())


def merge(group: Sequence[ParsedRow]) -> PlannedRecord:
    """One record from the rows of one group: each value from the first row that has it."""
    record = PlannedRecord(group[0].number, [row.number for row in group])
    readings = list({id(row.values): row for row in group}.values())  # distinct cells only
    for row in readings:
        for name, value in row.values.items():
            record.values.setdefault(name, value)
        record.organisation = record.organisation or row.organisation
        record.role = record.role or row.role
    record.external_ids = list(dict.fromkeys(i for row in readings for i in row.external_ids))
    record.notes = list(dict.fromkeys(note for row in readings for note in row.notes))
    return record


def invalid_record(row: ParsedRow) -> PlannedRecord:
    return PlannedRecord(
        row.number,
        [row.number],
        values=row.values,
        errors=row.errors,
        notes=row.notes,
        organisation=row.organisation,
        allowed=(),
        decision=Decision.SKIP,
    )


def plan_records(kind: str, rows: Iterable[ParsedRow]) -> list[PlannedRecord]:
    """Valid rows grouped and merged, each invalid row a record of its own, by first row."""
    valid, records = [], []
    for row in rows:
        if row.errors:
            records.append(invalid_record(row))
        else:
            valid.append(row)
    keys_of = organisation_keys if kind == ORGANISATIONS else contact_keys
    records.extend(merge(group) for group in group_rows(valid, keys_of))
    records.sort(key=lambda record: record.row_number)
    return records


# --- decisions ----------------------------------------------------------------------------


def decide(record: PlannedRecord, match: Existing | None, may_change: bool) -> None:
    """Without a match: create (or skip). With one the user may change: link by default,
    or update, skip, create. With one they may not change: skip by default, or create."""
    record.match = match
    if match is None:
        record.allowed, record.decision = (Decision.CREATE, Decision.SKIP), Decision.CREATE
    elif may_change:
        record.allowed, record.decision = ALL_DECISIONS, Decision.LINK
    else:
        record.allowed, record.decision = (Decision.SKIP, Decision.CREATE), Decision.SKIP
