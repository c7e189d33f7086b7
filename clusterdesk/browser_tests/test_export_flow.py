"""Exporting the filtered organisation list as CSV and XLSX, in a real browser: the files
hold exactly what the list shows under its filters, with a header row."""

from __future__ import annotations

import csv
import datetime
import io
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from clusterdesk.organisations import services

HEADERS_START = [
    "Legal name",
    "Trade name",
    "Kind",
    "Relationship status",
    "Clusters",
    "National register number",
]


def add_organisation(actor: Any, legal_name: str, *memberships: dict[str, Any]) -> Any:
    organisation = services.organisation_create(
        actor=actor, data={"legal_name": legal_name, "country": "LU", "commune": "Esch"}
    )
    for membership in memberships:
        services.membership_create(actor=actor, organisation=organisation, data=membership)
    return organisation


@pytest.fixture
def directory(
    admin: Any, cluster_a: Any, cluster_b: Any, organisation_a: Any, organisation_b: Any
) -> dict[str, Any]:
    """Cluster A's current members (the cast's Moselle Brake and one more), a former member
    of A, members of cluster B, and an organisation in no cluster."""
    return {
        "a": [
            organisation_a,
            add_organisation(admin, "Kirchberg Photonics S.A.", {"cluster": cluster_a}),
        ],
        "former_a": add_organisation(
            admin,
            "Wiltz Former Member S.A.",
            {
                "cluster": cluster_a,
                "since": datetime.date(2020, 1, 1),
                "until": datetime.date(2023, 12, 31),
            },
        ),
        "b": [
            organisation_b,
            add_organisation(admin, "Belval Genomics S.A.", {"cluster": cluster_b}),
        ],
        "none": add_organisation(admin, "Unaffiliated Consulting SARL"),
    }


def download(page: Any, button: str) -> tuple[str, Path]:
    with page.expect_download() as info:
        page.get_by_role("link", name=button).click()
    file = info.value
    assert file.failure() is None
    return file.suggested_filename, Path(file.path())


def csv_rows(path: Path) -> list[list[str]]:
    content = path.read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs for accents
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def xlsx_rows(path: Path) -> list[list[Any]]:
    # Playwright keeps a download under a name without extension, which openpyxl refuses.
    workbook = load_workbook(io.BytesIO(path.read_bytes()), read_only=True)
    rows = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    workbook.close()
    return rows


def filter_list(page: Any, expected_query: str, action: Any) -> None:
    """Change a filter of the organisation list and wait for htmx to show its results."""
    with page.expect_response(re.compile(rf"/organisations/\?.*{expected_query}")):
        action()


def test_a_manager_exports_the_filtered_organisation_list_as_csv_and_xlsx(
    page: Any, sign_in: Any, screenshot: Any, directory: dict
) -> None:
    members_a = sorted(organisation.legal_name for organisation in directory["a"])
    others = [
        directory["former_a"].legal_name,
        directory["none"].legal_name,
        *(organisation.legal_name for organisation in directory["b"]),
    ]
    today = datetime.date.today().isoformat()
    sign_in(page, "manager_a")
    page.get_by_role("link", name="Organisations").first.click()
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(6)

    filter_list(
        page,
        "cluster=automobility",
        lambda: page.get_by_label("Cluster").select_option("automobility"),
    )
    expect(rows.locator("td:first-child a")).to_have_text(members_a)
    export_csv = page.get_by_role("link", name="Export CSV")
    expect(export_csv).to_have_attribute("href", re.compile(r"cluster=automobility"))
    screenshot(page, "organisation-list-export")

    name, path = download(page, "Export CSV")
    assert name == f"organisations-{today}.csv"
    header, *lines = csv_rows(path)
    assert header[: len(HEADERS_START)] == HEADERS_START
    assert header[-1] == "Public id"
    assert [line[0] for line in lines] == members_a
    assert all(line[header.index("Clusters")] == "AutoMobility" for line in lines)
    expected_ids = {str(organisation.uuid) for organisation in directory["a"]}
    assert {line[-1] for line in lines} == expected_ids
    assert not set(others) & {line[0] for line in lines}

    name, path = download(page, "Export XLSX")
    assert name == f"organisations-{today}.xlsx"
    header_cells, *records = xlsx_rows(path)
    assert header_cells == header  # the same columns in both formats
    assert [record[0] for record in records] == members_a
    assert {record[-1] for record in records} == expected_ids
    text_columns = [*range(len(HEADERS_START)), len(header) - 1]
    for record, line in zip(records, lines, strict=True):
        assert [record[i] or "" for i in text_columns] == [line[i] for i in text_columns]

    # A second filter narrows both the list and the files.
    filter_list(page, "q=moselle", lambda: page.locator("#id_q").fill("moselle"))
    expect(rows.locator("td:first-child a")).to_have_text(["Moselle Brake Technologies S.A."])
    expect(export_csv).to_have_attribute("href", re.compile(r"q=moselle.*cluster=automobility"))
    _name, path = download(page, "Export CSV")
    header_again, *lines = csv_rows(path)
    assert header_again == header
    assert [line[0] for line in lines] == ["Moselle Brake Technologies S.A."]
    _name, path = download(page, "Export XLSX")
    assert [record[0] for record in xlsx_rows(path)[1:]] == ["Moselle Brake Technologies S.A."]
    assert page.console_errors == []


def test_an_export_of_a_filter_matching_nothing_holds_only_the_header(
    page: Any, sign_in: Any, directory: dict
) -> None:
    sign_in(page, "manager_b")
    page.goto("/organisations/?cluster=healthtech&q=kirchberg")
    expect(page.get_by_text("No organisation matches these filters.")).to_be_visible()
    _name, path = download(page, "Export CSV")
    assert [row[: len(HEADERS_START)] for row in csv_rows(path)] == [HEADERS_START]
    _name, path = download(page, "Export XLSX")
    assert [row[: len(HEADERS_START)] for row in xlsx_rows(path)] == [HEADERS_START]
