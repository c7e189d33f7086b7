"""A cluster manager imports organisations from a CSV file, in a real browser: upload, column
mapping, preview with the rows' errors, commit, and the imported records in the directory."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from clusterdesk.imports.models import ImportJob, ImportStatus
from clusterdesk.organisations import services
from clusterdesk.organisations.models import Organisation

HEADER = ["name", "registerNumber", "city", "country", "website"]
VALID_ROWS = [
    ["Nordstad Timber S.A.", "B777001", "Ettelbruck", "LU", "nordstad-timber.lu"],
    ["Bertrange Robotics S.A.", "B777002", "Bertrange", "Luxembourg", ""],
    ["Trier Sensorik GmbH", "", "Trier", "Deutschland", "https://trier-sensorik.de"],
]
INVALID_ROW = ["Atlantis Widgets Ltd", "", "Poseidonia", "Atlantis", ""]
IMPORTED = [row[0] for row in VALID_ROWS]


def csv_file(rows: list[list[str]], name: str = "new-members.csv") -> dict[str, Any]:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return {"name": name, "mimeType": "text/csv", "buffer": buffer.getvalue().encode("utf-8")}


@pytest.fixture(autouse=True)
def immediate_tasks(settings: Any) -> None:
    """As in the imports' own tests: a task enqueued runs at once, in the web process (the
    live server shares these settings). Small files are checked and written inside the
    request anyway; `test_a_large_import_*` switches to the database backend and a worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def upload(page: Any, rows: list[list[str]]) -> None:
    page.get_by_role("link", name="Imports").click()
    expect(page.get_by_role("heading", name="Imports", exact=True)).to_be_visible()
    expect(page.get_by_label("What the file holds")).to_have_value("organisations")
    page.get_by_label("File", exact=True).set_input_files(csv_file(rows))
    page.get_by_role("button", name="Upload and continue").click()
    expect(page.get_by_role("heading", name="What does each column hold?")).to_be_visible()


def test_a_manager_imports_the_valid_rows_of_a_csv_and_finds_them_in_the_list(
    page: Any, sign_in: Any, screenshot: Any, manager_a: Any, organisation_a: Any
) -> None:
    before = Organisation.objects.count()
    sign_in(page, "manager_a")
    upload(page, [HEADER, *VALID_ROWS, INVALID_ROW])
    expect(page.get_by_text("new-members.csv")).to_be_visible()
    expect(page.get_by_text(re.compile(r"\b4 rows\b"))).to_be_visible()
    # The columns are recognised from their names.
    for column, target in [
        ("name", "legal_name"),
        ("registerNumber", "register_number"),
        ("city", "commune"),
        ("country", "country"),
        ("website", "website"),
    ]:
        expect(page.get_by_label(column, exact=True)).to_have_value(target)
    screenshot(page, "import-mapping")
    page.get_by_role("button", name="Check the rows").click()

    # The preview: counts, then the row with an error, saying which row, column and why.
    expect(page.get_by_role("button", name="Import 3 records")).to_be_visible()
    counts = page.locator(".card-body", has=page.get_by_text("Rows with errors", exact=True))
    expect(counts).to_contain_text("1")
    expect(page.get_by_text("1 row has errors.")).to_be_visible()
    screenshot(page, "import-preview-first-opened")
    page.get_by_role("link", name="Errors", exact=True).click()
    error_row = page.locator("tbody tr", has_text="Atlantis Widgets Ltd")
    expect(error_row).to_contain_text(
        "Row 5, column “country”: “Atlantis” is not a country we know."
    )
    expect(error_row.get_by_text("not imported")).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(1)
    screenshot(page, "import-preview-errors")
    page.get_by_role("link", name="New records", exact=True).click()
    for name in IMPORTED:
        expect(page.locator("tbody tr", has_text=name)).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(3)
    screenshot(page, "import-preview")
    assert Organisation.objects.count() == before  # nothing is written before the commit

    # Committing while a row has errors, without choosing to skip it, is refused whole.
    page.get_by_role("button", name="Import 3 records").click()
    expect(page.get_by_role("alert").filter(has_text="1 row has errors")).to_be_visible()
    page.get_by_role("link", name="Errors", exact=True).click()  # the tabs work after it
    expect(page.locator("tbody tr", has_text="Atlantis")).to_be_visible()
    screenshot(page, "import-commit-refused")
    assert Organisation.objects.count() == before
    assert ImportJob.objects.get().status == ImportStatus.PREVIEW

    page.get_by_label("Import the valid rows and skip the rows with errors").check()
    page.get_by_role("button", name="Import 3 records").click()
    report = page.locator("dl")
    expect(report.locator("dt", has_text="Created").locator("+ dd")).to_have_text("3")
    expect(
        report.locator("dt", has_text="Rows with errors, not imported").locator("+ dd")
    ).to_have_text("1")
    expect(
        page.get_by_text(re.compile(r"new-members\.csv · .* · 4 rows · Imported$"))
    ).to_be_visible()
    screenshot(page, "import-report")

    assert Organisation.objects.count() == before + 3
    assert not Organisation.objects.filter(legal_name__startswith="Atlantis").exists()
    trier = Organisation.objects.get(legal_name="Trier Sensorik GmbH")
    assert (trier.country, trier.commune, trier.owner) == ("DE", "Trier", manager_a)
    nordstad = Organisation.objects.get(register_number="B777001")
    assert nordstad.website == "https://nordstad-timber.lu"

    # In the directory: the list filtered to the manager's own organisations.
    page.get_by_role("link", name="Organisations").first.click()
    expect(page.locator("#results tbody tr", has_text="Moselle Brake")).to_be_visible()
    with page.expect_response(re.compile(r"/organisations/\?.*owner=me")):
        page.get_by_label("Owner").select_option("me")
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.locator("td:first-child a")).to_have_text(sorted(IMPORTED))
    expect(page.locator("#results")).not_to_contain_text("Atlantis")
    # … and in the search, which the import indexed once it was written.
    page.locator("#cd-search-q").press_sequentially("nordstad", delay=40)
    found = page.locator("#cd-search-suggestions .cd-suggestion", has_text="Nordstad Timber")
    expect(found).to_be_visible()
    found.click()
    expect(page.get_by_role("heading", name="Nordstad Timber S.A.")).to_be_visible()
    refused_commit = "the server responded with a status of 422"  # the refusal above
    assert [text for text in page.console_errors if refused_commit not in text] == []


def test_an_import_refused_as_a_whole_leaves_the_directory_unchanged(
    page: Any, sign_in: Any, screenshot: Any, admin: Any, organisation_a: Any
) -> None:
    """The file updates an organisation of the manager's cluster and creates two others; the
    organisation changes between the preview and the commit, so nothing at all is written."""
    before = sorted(Organisation.objects.values_list("legal_name", flat=True))
    sign_in(page, "manager_a")
    upload(
        page,
        [
            HEADER,
            ["Moselle Brake Technologies", "B100001", "Grevenmacher", "LU", "moselle-brake.lu"],
            *VALID_ROWS[:2],
        ],
    )
    page.get_by_role("button", name="Check the rows").click()
    expect(page.get_by_role("button", name="Import 3 records")).to_be_visible()

    page.get_by_role("link", name="Likely duplicates", exact=True).click()
    match = page.locator("tbody tr", has_text="Moselle Brake Technologies")
    expect(match.get_by_role("link", name="Moselle Brake Technologies S.A.")).to_be_visible()
    match.get_by_role("combobox").select_option("update")
    page.get_by_label("commune or city").check()
    page.get_by_label("website").check()
    page.get_by_label(re.compile("Overwrite values the record already has")).check()
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_text("Your choices were saved.")).to_be_visible()

    # Meanwhile, an admin edits that organisation.
    services.organisation_update(
        actor=admin,
        organisation=organisation_a,
        data={"description": "Reviewed by the admin"},
        expected_version=organisation_a.version,
    )
    page.get_by_role("button", name="Import 3 records").click()
    expect(page.get_by_role("alert").filter(has_text="Nothing was imported")).to_contain_text(
        "a record changed since the preview"
    )
    screenshot(page, "import-refused")

    assert sorted(Organisation.objects.values_list("legal_name", flat=True)) == before
    organisation_a.refresh_from_db()
    assert (organisation_a.commune, organisation_a.website) == ("Luxembourg", "")
    assert organisation_a.description == "Reviewed by the admin"
    assert ImportJob.objects.get().status == ImportStatus.FAILED
    page.get_by_role("link", name="Organisations").first.click()
    expect(page.locator("#results tbody tr")).to_have_count(len(before))


def test_a_large_import_is_checked_and_written_by_the_worker_while_the_page_waits(
    page: Any, sign_in: Any, settings: Any, manager_a: Any
) -> None:
    """Files above `CLUSTERDESK_IMPORT_INLINE_ROWS` go to the database task queue: the page
    shows a progress bar that htmx polls, and reloads once `clusterdesk worker` is done."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.CLUSTERDESK_IMPORT_INLINE_ROWS = 2
    sign_in(page, "manager_a")
    upload(page, [HEADER, *VALID_ROWS])
    page.get_by_role("button", name="Check the rows").click()
    expect(page.get_by_text("Checking rows: 0 of 3")).to_be_visible()
    expect(
        page.get_by_text(re.compile("Large files are handled in the background"))
    ).to_be_visible()

    call_command("worker", "--batch")
    expect(page.get_by_role("button", name="Import 3 records")).to_be_visible()

    page.get_by_role("button", name="Import 3 records").click()
    expect(page.get_by_text("Writing 3 records in one transaction…")).to_be_visible()
    assert not Organisation.objects.exists()
    call_command("worker", "--batch")
    report = page.locator("dl")
    expect(report.locator("dt", has_text="Created").locator("+ dd")).to_have_text("3")
    assert sorted(Organisation.objects.values_list("legal_name", flat=True)) == sorted(IMPORTED)
    assert set(Organisation.objects.values_list("owner", flat=True)) == {manager_a.pk}
