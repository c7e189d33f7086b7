"""Reading files: encodings, formats, headers and the files we refuse."""

from __future__ import annotations

import gzip
import io
from collections.abc import Sequence

import openpyxl
import pytest

from clusterdesk.imports.parsing import ImportFileError, read_table
from clusterdesk.imports.tests.conftest import csv_bytes

LIMIT = 20 * 1024 * 1024
HEADER = ["name", "city", "country"]


def rows_of(content: bytes, name: str = "file.csv") -> tuple[list[str], list[list[str]]]:
    table = read_table(content, name, max_bytes=LIMIT)
    return table.header, [cells for _number, cells in table.data_rows()]


def test_utf8_with_and_without_byte_order_mark_reads_the_same() -> None:
    content = csv_bytes([HEADER, ["Société Générale", "Luxembourg", "LU"]])
    assert rows_of(content) == rows_of(b"\xef\xbb\xbf" + content)
    assert rows_of(content)[1][0][0] == "Société Générale"


def test_windows_1252_is_read_with_a_warning() -> None:
    content = csv_bytes([HEADER, ["Société Générale", "Esch", "LU"]], encoding="cp1252")
    table = read_table(content, "file.csv", max_bytes=LIMIT)
    assert next(table.data_rows())[1][0] == "Société Générale"
    assert table.encoding == "cp1252"
    assert "Windows-1252" in table.warnings[0]


def test_binary_garbage_is_refused() -> None:
    with pytest.raises(ImportFileError, match="neither text"):
        read_table(bytes(range(256)) * 50, "file.csv", max_bytes=LIMIT)


def test_semicolons_and_tabs_are_recognised_as_separators() -> None:
    expected = (HEADER, [["Acme", "Bertrange", "LU"]])
    assert rows_of(csv_bytes([HEADER, ["Acme", "Bertrange", "LU"]], delimiter=";")) == expected
    assert rows_of(csv_bytes([HEADER, ["Acme", "Bertrange", "LU"]], delimiter="\t")) == expected


def test_empty_rows_are_skipped_and_row_numbers_are_the_spreadsheet_s() -> None:
    content = csv_bytes([HEADER, ["A", "x", "LU"], ["", "", ""], ["B", "y", "LU"]])
    table = read_table(content, "file.csv", max_bytes=LIMIT)
    assert [number for number, _cells in table.data_rows()] == [2, 4]


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", b"\xef\xbb\xbf"])
def test_an_empty_file_is_refused(content: bytes) -> None:
    with pytest.raises(ImportFileError, match="empty"):
        read_table(content, "file.csv", max_bytes=LIMIT)


def test_a_file_above_the_limit_is_refused_with_the_limit() -> None:
    with pytest.raises(ImportFileError, match=r"limit of 1\.0\sKB"):
        read_table(b"x" * 2000, "file.csv", max_bytes=1024)


def test_gzip_compressed_csv_is_read_directly() -> None:
    content = gzip.compress(csv_bytes([HEADER, ["Acme", "Bertrange", "LU"]]))
    assert rows_of(content, "file.csv.gz") == (HEADER, [["Acme", "Bertrange", "LU"]])


def workbook(*sheets: Sequence[Sequence[object]]) -> bytes:
    book = openpyxl.Workbook()
    for index, rows in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet(f"Sheet {index + 1}")
        assert sheet is not None
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_cells_are_read_as_a_person_sees_them() -> None:
    content = workbook([["name", "headcount", "turnover"], ["Acme", 42.0, 1234.5]])
    assert rows_of(content, "file.xlsx") == (
        ["name", "headcount", "turnover"],
        [["Acme", "42", "1234.5"]],
    )


def test_only_the_first_sheet_of_a_workbook_is_imported_and_the_user_is_told() -> None:
    content = workbook([HEADER, ["Acme", "Bertrange", "LU"]], [["other"], ["ignored"]])
    table = read_table(content, "file.xlsx", max_bytes=LIMIT)
    assert [cells for _n, cells in table.data_rows()] == [["Acme", "Bertrange", "LU"]]
    assert "2 sheets" in table.warnings[0]


def test_an_xlsx_that_is_not_a_zip_is_refused() -> None:
    with pytest.raises(ImportFileError, match="not a zip"):
        read_table(b"name,city\nAcme,Bertrange\n", "file.xlsx", max_bytes=LIMIT)


def test_a_damaged_workbook_is_refused() -> None:
    with pytest.raises(ImportFileError, match="cannot be read"):
        read_table(b"PK\x03\x04" + b"\x00" * 100, "file.xlsx", max_bytes=LIMIT)


def test_old_excel_files_are_refused_with_what_to_do() -> None:
    with pytest.raises(ImportFileError, match=r"\.xlsx or CSV"):
        read_table(b"\xd0\xcf\x11\xe0", "file.xls", max_bytes=LIMIT)
