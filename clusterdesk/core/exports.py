"""Exporting lists to CSV and XLSX: an export definition per list, and streaming writers.

A list becomes exportable with an `ExportDefinition` registered here and one URL:

    ORGANISATIONS = exports.register(exports.ExportDefinition(
        name="organisations",
        rows=lambda request: selectors.organisation_list(
            user=request.user, filters=OrganisationFilterForm(request.GET).filters()),
        columns=(exports.Column(_("Legal name"), attrgetter("legal_name")), ...),
    ))
    path("organisations/export.<str:fmt>", exports.export_view,
         {"name": "organisations"}, name="export")

and the buttons on its page: `{% include "core/export_buttons.html" with url="app:export" %}`
(inside the part of the page that htmx re-renders, so they carry the current filters).

- `rows(request, **url_kwargs)` is the list's own selector fed with the page's URL
  filters: the export shows exactly what the list shows, under the same permission scope
  (a role that may not open the list gets the same 403 or 404);
- rows are read in chunks of `CHUNK_SIZE`; what the columns need from other tables comes
  per chunk, through the selector's prefetching or, several times faster on long lists,
  the definition's `per_chunk` (a few `values_list` queries): the number of queries per
  chunk is fixed and memory stays flat however long the list;
- CSV is UTF-8 with a byte-order mark (Excel then reads accents right), streamed;
  XLSX is written by openpyxl's write-only mode to a temporary file, then streamed;
- a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
  apostrophe, in both formats, so a spreadsheet never runs it as a formula (OWASP, "CSV
  injection"); numbers and dates stay numbers and dates.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import functools
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

CHUNK_SIZE = 1000
CSV_BUFFER = 64 * 1024
XLSX_MAX_TEXT = 32767  # longer text makes Excel "repair" the file
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Value = str | int | float | decimal.Decimal | datetime.date | datetime.datetime | None


@dataclass(frozen=True)
class Column:
    header: Any  # a translatable string (gettext_lazy)
    value: Callable[[Any], Value]
    width: int = 18  # XLSX column width, in characters


Writer = Callable[["ExportDefinition", Iterable[Any], str], HttpResponseBase]


@dataclass(frozen=True)
class ExportDefinition:
    name: str  # registry key and start of the file name: "organisations"
    rows: Callable[..., Any]  # (request, **url_kwargs) -> the list's queryset
    columns: tuple[Column, ...]
    prepare: Callable[[Any], Any] = lambda queryset: queryset  # select_related, only…
    # Attaches what the columns need from other tables to a chunk of records, with a few
    # `values_list` queries: several times faster than `prefetch_related` on long lists.
    per_chunk: Callable[[list[Any]], None] | None = None
    writers: Mapping[str, Writer] = field(default_factory=dict)  # more formats (vCard)

    def headers(self) -> list[str]:
        return [str(column.header) for column in self.columns]

    def row_values(self) -> Callable[[Any], list[Value]]:
        """A function giving a record's cells; call it once per file, in the file's
        language (column values that look up translated labels bind them here)."""
        getters = [_bound(column.value) for column in self.columns]
        return lambda record: [get(record) for get in getters]


def _bound(value: Any) -> Callable[[Any], Value]:
    bind = getattr(value, "bind", None)
    return bind() if bind is not None else value


REGISTRY: dict[str, ExportDefinition] = {}


def register(definition: ExportDefinition) -> ExportDefinition:
    REGISTRY[definition.name] = definition
    return definition


# --- the view --------------------------------------------------------------------------------


@require_GET
def export_view(request: HttpRequest, fmt: str, name: str, **url_kwargs: Any) -> HttpResponseBase:
    """`GET <list>/export.<fmt>?<the list's filters>`: the list, whole, as a file."""
    definition = REGISTRY.get(name)
    if definition is None:
        raise Http404
    writers: dict[str, Writer] = {"csv": csv_response, "xlsx": xlsx_response}
    writers.update(definition.writers)
    writer = writers.get(fmt)
    if writer is None:
        raise Http404
    queryset = definition.prepare(definition.rows(request, **url_kwargs))
    stem = "-".join([definition.name, *(str(value) for value in url_kwargs.values())])
    rows = chunked(queryset, definition.per_chunk)
    return writer(definition, rows, dated_filename(stem, fmt))


def dated_filename(stem: str, extension: str) -> str:
    return f"{stem}-{timezone.localdate().isoformat()}.{extension}"


def chunked(queryset: Any, per_chunk: Callable[[list[Any]], None] | None = None) -> Iterator[Any]:
    """The rows, read `CHUNK_SIZE` at a time (with the queryset's prefetching, if any), each
    chunk completed by `per_chunk`: a fixed number of queries per chunk, whatever its size."""
    chunk: list[Any] = []
    for record in queryset.iterator(chunk_size=CHUNK_SIZE):
        chunk.append(record)
        if len(chunk) >= CHUNK_SIZE:
            yield from _completed(chunk, per_chunk)
            chunk = []
    yield from _completed(chunk, per_chunk)


def _completed(chunk: list[Any], per_chunk: Callable[[list[Any]], None] | None) -> list[Any]:
    if per_chunk is not None and chunk:
        per_chunk(chunk)
    return chunk


def in_language(rows: Iterable[Any]) -> Iterator[Any]:
    """Keep the request's language while a streamed response is written after the view."""
    language = translation.get_language()
    with translation.override(language):
        yield from rows


class ChoiceLabel:
    """A column value: the translated label of a field with choices (kind, status, country…),
    from a table built once per file rather than looked up for every row."""

    def __init__(
        self, model: type[models.Model], name: str, of: Callable[[Any], Any] | None = None
    ) -> None:
        self.field: Any = model._meta.get_field(name)
        self.of = of

    def bind(self) -> Callable[[Any], Value]:
        labels = _choice_labels(self.field, translation.get_language())
        attname, of = self.field.attname, self.of

        def label(record: Any) -> Value:
            owner = of(record) if of is not None else record
            return labels.get(str(getattr(owner, attname))) or None

        return label

    def __call__(self, record: Any) -> Value:
        return self.bind()(record)


@functools.lru_cache(maxsize=128)
def _choice_labels(field: Any, language: str | None) -> dict[str, str]:
    return {str(key): str(text) for key, text in field.flatchoices}


# --- cells -----------------------------------------------------------------------------------


def neutralise(text: str) -> str:
    """A leading apostrophe for text a spreadsheet would read as a formula."""
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


def csv_cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, bool | int | float | decimal.Decimal | datetime.date):
        return str(value)
    return neutralise(str(value))


def xlsx_value(value: Value) -> Value:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if value is None or isinstance(value, int | float | decimal.Decimal | datetime.date):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))[:XLSX_MAX_TEXT]
    return neutralise(text)


# --- writers ---------------------------------------------------------------------------------


def attachment(response: HttpResponseBase, filename: str) -> HttpResponseBase:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_lines(definition: ExportDefinition, rows: Iterable[Any]) -> Iterator[str]:
    """The CSV text in pieces of about `CSV_BUFFER` characters, starting with the BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([neutralise(header) for header in definition.headers()])
    values = definition.row_values()
    for record in rows:
        writer.writerow([csv_cell(value) for value in values(record)])
        if buffer.tell() >= CSV_BUFFER:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def csv_response(
    definition: ExportDefinition, rows: Iterable[Any], filename: str
) -> HttpResponseBase:
    response = StreamingHttpResponse(
        in_language(csv_lines(definition, rows)), content_type="text/csv; charset=utf-8"
    )
    return attachment(response, filename)


def write_xlsx(definition: ExportDefinition, rows: Iterable[Any], target: Any) -> None:
    """One sheet: a bold, frozen header row, then a row per record."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=definition.name[:31])
    for index, column in enumerate(definition.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in definition.headers():
        cell = WriteOnlyCell(sheet, value=xlsx_value(text))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    values = definition.row_values()
    for record in rows:
        sheet.append([xlsx_value(value) for value in values(record)])
    workbook.save(target)


def xlsx_response(
    definition: ExportDefinition, rows: Iterable[Any], filename: str
) -> HttpResponseBase:
    """The workbook is built in a temporary file (rows never all in memory), then sent in
    blocks; the file disappears when the response is closed."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    write_xlsx(definition, rows, spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX_TYPE)
