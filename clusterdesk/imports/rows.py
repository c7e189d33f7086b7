"""One row of a file → the values of one record, with the errors of its cells.

Cells go through the cleaning of their target (numbers, countries, kinds…), then the whole
row through the same normalisation and field rules as the services that create the record
(`organisation_prepare`, `contact_prepare`). Every error names the row and the column.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterdesk.imports import cleaning
from clusterdesk.imports.cleaning import CellError
from clusterdesk.imports.targets import CONTACTS, ORGANISATIONS, targets_for
from clusterdesk.organisations import bulk, services
from clusterdesk.organisations.models import Contact, Organisation

FORMULA_MESSAGE = gettext_lazy("Formulas are not imported: type the value itself.")
MAX_EXTERNAL_ID = 100


@dataclass
class ParsedRow:
    number: int
    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # field → column it came from
    external_ids: list[tuple[str, str]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    organisation: str = ""  # contacts: their organisation as the file names it
    role: str = ""

    def add_error(self, column: str, message: Any) -> None:
        self.errors.append({"row": self.number, "column": column, "message": str(message)})

    def copy_for(self, number: int) -> ParsedRow:
        """This row's reading for another row with the same cells (values are shared and
        must not be changed)."""
        return ParsedRow(
            number,
            self.values,
            self.sources,
            self.external_ids,
            [{**error, "row": number} for error in self.errors],
            self.notes,
            self.organisation,
            self.role,
        )


def _text(value: str) -> dict[str, Any]:
    return {"": cleaning.clean_text(value)}


def _whole(value: str) -> dict[str, Any]:
    return {"": cleaning.parse_number(value, whole=True)}


def _amount(value: str) -> dict[str, Any]:
    number = cleaning.parse_number(value)
    return {"": None if number is None else str(number)}


def _name_with_country(value: str) -> dict[str, Any]:
    name, country, ended = cleaning.split_name_with_country(value)
    result: dict[str, Any] = {"legal_name": name, "country": country}
    if ended:
        result["@note"] = _("CORDIS marks this participation as ended.")
    return result


def _address(value: str) -> dict[str, Any]:
    street, postcode, city = cleaning.split_address(value)
    result: dict[str, Any] = {"street": street, "postcode": postcode, "commune": city}
    if street and not city:
        result["@note"] = _("The address could not be split; it is kept whole as the street.")
    return result


def _full_name(value: str) -> dict[str, Any]:
    first, last = cleaning.split_full_name(value)
    return {"first_name": first, "last_name": last}


CLEANERS: dict[str, Callable[[str], dict[str, Any]]] = {
    "kind": lambda value: {"": cleaning.parse_kind(value)},
    "headcount": _whole,
    "founding_year": _whole,
    "turnover": _amount,
    "balance_sheet_total": _amount,
    "country": lambda value: {"": cleaning.parse_country(value)},
    "website": lambda value: {"": cleaning.parse_website(value)},
    "email": lambda value: {"": cleaning.clean_text(value).lower()},
    "preferred_language": lambda value: {"": cleaning.parse_language(value)},
    "name_with_country": _name_with_country,
    "address": _address,
    "full_name": _full_name,
}
REQUIRED: dict[str, dict[str, Any]] = {
    ORGANISATIONS: {"legal_name": gettext_lazy("The name is empty: every organisation needs one.")},
    CONTACTS: {
        "first_name": gettext_lazy("The first name is empty."),
        "last_name": gettext_lazy("The last name is empty."),
    },
}


POSTCODE_LENGTH = Organisation._meta.get_field("postcode").max_length or 12


def _fit_postcode(row: ParsedRow) -> None:
    """A "postcode" longer than the field (`MD 20783-1690`, `P.Bag 13112 Windhoek`) is kept
    at the end of the street line instead of being refused."""
    postcode = str(row.values.get("postcode", ""))
    if len(postcode) <= POSTCODE_LENGTH:
        return
    street = str(row.values.get("street", ""))
    row.values["street"] = f"{street}, {postcode}" if street else postcode
    row.sources.setdefault("street", row.sources["postcode"])
    del row.values["postcode"]
    row.notes.append(str(gettext_lazy("A postcode too long to be one was kept with the street.")))


def column_label(header: Sequence[str], index: int) -> str:
    name = header[index] if index < len(header) else ""
    return name or _("column %(number)d") % {"number": index + 1}


class RowReader:
    """Reads the rows of one file with one mapping (`mapping[i]` is column i's target)."""

    def __init__(
        self, kind: str, header: Sequence[str], mapping: Sequence[str], external_source: str
    ) -> None:
        self.kind = kind
        self.external_source = external_source
        targets = targets_for(kind)
        compound = [i for i, name in enumerate(mapping) if name and targets[name].fills]
        simple = [i for i, name in enumerate(mapping) if name and not targets[name].fills]
        # Compound columns first, so a column of its own (e.g. country) has the last word.
        self.columns = [(i, column_label(header, i), mapping[i]) for i in compound + simple]
        self.column_of = {target: column for _index, column, target in self.columns}
        mapped_fields = {name for target in mapping if target for name in targets[target].fields}
        self.checks_country = kind == ORGANISATIONS and "country" in mapped_fields
        self._prepared: dict[tuple[Any, ...], dict[str, list[str]]] = {}
        self._seen: dict[tuple[str, ...], ParsedRow] = {}
        required = dict(REQUIRED[kind])
        if self.checks_country:
            required["country"] = gettext_lazy("The country is missing.")
        self.required = [
            (name, self.column_for(name), str(text)) for name, text in required.items()
        ]
        if kind == ORGANISATIONS:
            self._rules = bulk.FieldRules.of(Organisation, services.ORGANISATION_RULE_FIELDS)
        else:
            self._rules = bulk.FieldRules.of(Contact, services.CONTACT_FIELDS)

    def read(self, number: int, cells: Sequence[str]) -> ParsedRow:
        """The row's values and errors; rows with the same mapped cells (one organisation
        in many projects) are read once."""
        key = tuple(cells[index] if index < len(cells) else "" for index, _c, _t in self.columns)
        template = self._seen.get(key)
        if template is None:
            template = self._seen[key] = self._read_new(key)
        return template.copy_for(number)

    def _read_new(self, texts: Sequence[str]) -> ParsedRow:
        row = ParsedRow(0)
        for text, (_index, column, target) in zip(texts, self.columns, strict=True):
            if text.strip():
                self._read_cell(row, column, target, text.strip())
        if self.kind == ORGANISATIONS:
            _fit_postcode(row)
        self._check_required(row)
        if not row.errors:
            self._check_rules(row)
        return row

    def _read_cell(self, row: ParsedRow, column: str, target: str, text: str) -> None:
        if cleaning.is_formula(text):
            row.add_error(column, FORMULA_MESSAGE)
            return
        try:
            cleaned = CLEANERS.get(target, _text)(text)
        except CellError as error:
            row.add_error(column, str(error))
            return
        for name, value in cleaned.items():
            if name == "@note":
                row.notes.append(value)
            elif value not in (None, ""):
                self._store(row, column, name or target, value)

    def _store(self, row: ParsedRow, column: str, name: str, value: Any) -> None:
        if name == "external_id":
            if len(value) > MAX_EXTERNAL_ID:
                row.add_error(column, _("The identifier is too long."))
            else:
                row.external_ids.append((self.external_source, value))
        elif name == "organisation":
            row.organisation = value
        elif name == "role":
            row.role = value
        else:
            row.values[name] = value
            row.sources[name] = column

    def _check_required(self, row: ParsedRow) -> None:
        columns_in_error = {error["column"] for error in row.errors}
        for name, column, message in self.required:
            if name not in row.values and column not in columns_in_error:
                row.add_error(column, message)

    def column_for(self, field_name: str) -> str:
        """The column that fills `field_name`, or the field's label when none does."""
        targets = targets_for(self.kind)
        for target, column in self.column_of.items():
            if field_name in targets[target].fields:
                return column
        return str(targets[field_name].label) if field_name in targets else field_name

    def _check_rules(self, row: ParsedRow) -> None:
        """The services' normalisation and field rules, once per distinct set of values."""
        key = tuple(sorted(row.values.items()))
        errors = self._prepared.get(key)
        if errors is None:
            errors = self._prepared[key] = self._rule_errors(row.values)
        for name, messages in errors.items():
            column = row.sources.get(name) or self.column_for(name)
            for message in messages:
                row.add_error(column, message)

    def _rule_errors(self, values: dict[str, Any]) -> dict[str, list[str]]:
        if self.kind == ORGANISATIONS:
            return services.organisation_check(values, rules=self._rules)
        return services.contact_check(values, rules=self._rules)
