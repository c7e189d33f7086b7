"""Reading an uploaded file into a header and rows of text cells: CSV (any delimiter, UTF-8
with or without BOM, Windows-1252 as a fallback), gzip-compressed CSV and XLSX (first sheet,
openpyxl read-only). Anything we cannot read raises `ImportFileError` with a message for the
person who uploaded it; nothing is imported from such a file.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import gzip
import io
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"
GZIP_MAGIC = b"\x1f\x8b"
DELIMITERS = (",", ";", "\t", "|")
GZIP_EXPANSION_LIMIT = 10  # a .csv.gz may expand to this many times the size limit


class ImportFileError(Exception):
    """The whole file cannot be imported; `str(error)` says why, for the user."""


@dataclass
class Table:
    """The header and the non-empty data rows of a file, read lazily."""

    file_format: str  # csv | xlsx
    encoding: str
    header: list[str]
    records: Callable[[], Iterator[list[str]]] = field(repr=False)
    warnings: list[str] = field(default_factory=list)
    header_row: int = 1

    def data_rows(self) -> Iterator[tuple[int, list[str]]]:
        """`(row number as a spreadsheet shows it, cells)` of each non-empty data row."""
        for number, cells in enumerate(self.records(), start=1):
            if number <= self.header_row:
                continue
            if any(cell.strip() for cell in cells):
                yield number, cells

    def count_rows(self) -> int:
        return sum(1 for _row in self.data_rows())


def size_limit_message(max_bytes: int) -> str:
    return _("The file is larger than the limit of %(limit)s. Split it into smaller files.") % {
        "limit": filesizeformat(max_bytes)
    }


def read_table(content: bytes, file_name: str, *, max_bytes: int) -> Table:
    """The table in `content`, or ImportFileError explaining why it cannot be read."""
    if not content:
        raise ImportFileError(_("The file is empty."))
    if len(content) > max_bytes:
        raise ImportFileError(size_limit_message(max_bytes))
    name = file_name.lower()
    if name.endswith((".xlsx", ".xlsm")):
        table = _read_workbook(content)
    elif name.endswith(".xls"):
        raise ImportFileError(
            _("Old Excel .xls files are not supported: save the sheet as .xlsx or CSV.")
        )
    elif content.startswith(ZIP_MAGIC):
        table = _read_workbook(content)
    else:
        if content.startswith(GZIP_MAGIC):
            content = _gunzip(content, max_bytes * GZIP_EXPANSION_LIMIT)
        table = _read_csv(content)
    _find_header(table)
    return table


def _gunzip(content: bytes, limit: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(content)) as archive:
            data = archive.read(limit + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise ImportFileError(_("The .gz file is damaged and cannot be decompressed.")) from error
    if len(data) > limit:
        raise ImportFileError(size_limit_message(limit))
    if not data:
        raise ImportFileError(_("The file is empty."))
    return data


# --- CSV ----------------------------------------------------------------------------------


def _looks_binary(content: bytes) -> bool:
    sample = content[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 13))
    return controls > len(sample) // 100


def decode_text(content: bytes) -> tuple[str, str, list[str]]:
    """`(text, encoding, warnings)`: UTF-8 (BOM or not), UTF-16 with a BOM, else cp1252."""
    try:
        if content.startswith(b"\xef\xbb\xbf"):
            return content[3:].decode("utf-8"), "utf-8-sig", []
        if content.startswith((b"\xff\xfe", b"\xfe\xff")):
            return content.decode("utf-16"), "utf-16", []
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("The file says it is Unicode text but contains invalid characters.")
        ) from error
    if _looks_binary(content):
        raise ImportFileError(
            _("This file is neither text (CSV) nor an Excel workbook (.xlsx); it was refused.")
        )
    try:
        return content.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    try:
        text = content.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("The file's character encoding is not recognised: save it as CSV UTF-8.")
        ) from error
    warning = _(
        "The file is not in UTF-8; it was read as Windows-1252 (Western European). "
        "Check accented letters in the preview."
    )
    return text, "cp1252", [warning]


def _delimiter(text: str) -> str:
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: first_line.count(delimiter) for delimiter in DELIMITERS}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _read_csv(content: bytes) -> Table:
    text, encoding, warnings = decode_text(content)
    if not text.strip():
        raise ImportFileError(_("The file is empty."))
    delimiter = _delimiter(text)

    def records() -> Iterator[list[str]]:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    return Table("csv", encoding, [], records, warnings)


# --- XLSX ---------------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a person sees (42.0 → "42", a date → 2024-05-01)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        number = decimal.Decimal(repr(value))
        return str(int(number)) if number == number.to_integral_value() else format(number, "f")
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _read_workbook(content: bytes) -> Table:
    if not content.startswith(ZIP_MAGIC):
        raise ImportFileError(
            _("This .xlsx file is not a valid Excel workbook (it is not a zip archive).")
        )
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
    except Exception as error:  # openpyxl raises many kinds for a broken or foreign zip
        raise ImportFileError(
            _("This .xlsx file cannot be read as an Excel workbook (%(reason)s).")
            % {"reason": type(error).__name__}
        ) from error
    warnings = []
    if len(workbook.worksheets) > 1:
        warnings.append(
            _("The workbook has %(count)d sheets: only the first one, “%(name)s”, is imported.")
            % {"count": len(workbook.worksheets), "name": sheet.title}
        )

    def records() -> Iterator[list[str]]:
        for values in sheet.iter_rows(values_only=True):
            yield [cell_text(value) for value in values]

    return Table("xlsx", "xlsx", [], records, warnings)


# --- header -------------------------------------------------------------------------------


def _find_header(table: Table) -> None:
    """The first non-empty row is the header; the rows after it are data."""
    for number, cells in enumerate(table.records(), start=1):
        if any(cell.strip() for cell in cells):
            table.header = [" ".join(cell.split()) for cell in cells]
            while table.header and not table.header[-1]:
                table.header.pop()
            table.header_row = number
            return
    raise ImportFileError(_("The file is empty."))
