"""`clusterdesk import`: the samples of real CORDIS data, the report, all-or-nothing."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from clusterdesk.core.models import AuditEvent
from clusterdesk.imports.models import ImportJob, ImportStatus, Outcome
from clusterdesk.imports.tests.conftest import CITIZEN_SAMPLE, CORDIS_SAMPLE, csv_bytes, sample_rows
from clusterdesk.organisations.models import ExternalReference, Organisation

pytestmark = pytest.mark.django_db


def run(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("import", str(path), "--kind", "organisations", *args, stdout=out)
    return out.getvalue()


def write(tmp_path: Path, rows: list[list[str]], name: str = "file.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(csv_bytes(rows))
    return path


def test_the_cordis_sample_becomes_one_organisation_per_organisation_id() -> None:
    rows = sample_rows()
    distinct_ids = {row["organisationID"] for row in rows}
    report = run(CORDIS_SAMPLE)
    assert Organisation.objects.count() == len(distinct_ids)
    assert set(ExternalReference.objects.values_list("value", flat=True)) == distinct_ids
    assert f"{len(rows):,} rows read" in report
    assert f"{len(distinct_ids):,} created" in report
    assert "rows/s" in report
    job = ImportJob.objects.get()
    assert (job.status, job.created_count, job.row_count) == (
        ImportStatus.COMMITTED,
        len(distinct_ids),
        len(rows),
    )
    assert sum(len(rows) for rows in job.records.values_list("rows", flat=True)) == len(rows)


def test_cordis_quirks_are_read_as_their_meaning() -> None:
    rows = sample_rows()
    run(CORDIS_SAMPLE)
    by_id = {
        ref.value: ref.organisation
        for ref in ExternalReference.objects.select_related("organisation")
    }
    greek = next(row for row in rows if row["country"] == "EL")
    british = next(row for row in rows if row["country"] == "UK")
    assert str(by_id[greek["organisationID"]].country) == "GR"
    assert str(by_id[british["organisationID"]].country) == "GB"
    esch = next(row for row in rows if row["country"] == "LU" and row["postCode"] == "4362")
    assert by_id[esch["organisationID"]].postcode == "L-4362"
    without_postcode = next(row for row in rows if not row["postCode"])
    assert by_id[without_postcode["organisationID"]].postcode == ""
    upper = next(row for row in rows if row["name"].isupper() and row["shortName"])
    organisation = by_id[upper["organisationID"]]
    assert (organisation.legal_name, organisation.trade_name) == (
        upper["name"].strip(),
        upper["shortName"],
    )
    plus = next(row for row in rows if row["name"].startswith("+"))
    assert by_id[plus["organisationID"]].legal_name == plus["name"]


def test_activity_types_become_kinds_of_organisation() -> None:
    rows = sample_rows()
    run(CORDIS_SAMPLE)
    kinds = {
        "PRC": "company",
        "HES": "research_centre",
        "REC": "research_centre",
        "PUB": "public_body",
        "OTH": "association",
    }
    for row in rows:
        if row["activityType"]:
            organisation = Organisation.objects.get(
                external_references__value=row["organisationID"]
            )
            assert organisation.kind == kinds[row["activityType"]]


def test_importing_the_same_file_again_creates_nothing_and_links_every_record() -> None:
    run(CORDIS_SAMPLE)
    count = Organisation.objects.count()
    report = run(CORDIS_SAMPLE)
    assert Organisation.objects.count() == count
    assert f"0 created, {count:,} matched and linked" in report


def test_created_records_say_which_import_created_them() -> None:
    run(CORDIS_SAMPLE)
    job = ImportJob.objects.get()
    event = AuditEvent.objects.filter(object_type__model="organisation").first()
    assert event is not None
    assert event.changes["source"] == [None, f"import #{job.pk}"]


def test_rows_repeating_one_organisation_by_vat_or_name_and_city_become_one_record(
    tmp_path: Path,
) -> None:
    header = ["organisationID", "name", "vatNumber", "city", "country", "activityType"]
    path = write(
        tmp_path,
        [
            header,
            [
                "1",
                "CENTRE NATIONAL DE LA RECHERCHE SCIENTIFIQUE CNRS",
                "FR40180089013",
                "Paris",
                "FR",
                "REC",
            ],
            ["2", "CNRS DELEGATION PROVENCE", "FR40180089013", "Marseille", "FR", "REC"],
            ["3", "Nordstad Timber S.A.", "", "Ettelbruck", "LU", "PRC"],
            ["4", "NORDSTAD TIMBER SA", "", "ETTELBRUCK", "LU", "PRC"],
            ["3", "Nordstad Timber S.A.", "", "Ettelbruck", "LU", "PRC"],
        ],
    )
    report = run(path)
    assert Organisation.objects.count() == 2
    cnrs = Organisation.objects.get(vat_number="FR40180089013")
    assert sorted(cnrs.external_references.values_list("value", flat=True)) == ["1", "2"]
    assert "3 rows repeating one of them" in report


def test_rows_with_errors_stop_the_whole_import_and_are_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        [
            ["name", "country", "employees", "website"],
            ["Acme", "LU", "12", "acme.lu"],
            ["Formula Inc", "LU", "=SUM(A1:A3)", ""],
            ["Nowhere Ltd", "Atlantis", "3", ""],
            ["Ambiguous SA", "LU", "1.234", ""],
        ],
    )
    with pytest.raises(CommandError, match="3 rows have errors"):
        run(path)
    assert not Organisation.objects.exists()
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    assert job.records.filter(outcome=Outcome.INVALID).count() == 0  # nothing was imported


def test_the_report_names_the_row_the_column_and_the_reason(tmp_path: Path, capsys: Any) -> None:
    path = write(
        tmp_path,
        [["name", "country", "employees"], ["Acme", "LU", "12"], ["Formula Inc", "LU", "=SUM(A1)"]],
    )
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", str(path), "--kind", "organisations", stdout=out)
    assert "row 3, column “employees”: Formulas are not imported" in out.getvalue()


def test_skip_invalid_imports_the_valid_rows_and_reports_the_others(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        [
            ["name", "country"],
            ["Acme", "LU"],
            ["Nowhere Ltd", "Atlantis"],
            ["", "LU"],
            ["Beta", "DE"],
        ],
    )
    report = run(path, "--skip-invalid")
    assert sorted(Organisation.objects.values_list("legal_name", flat=True)) == ["Acme", "Beta"]
    assert "2 rows not imported (errors)" in report
    assert "row 3, column “country”: “Atlantis” is not a country we know." in report
    assert "row 4, column “name”: The name is empty" in report
    job = ImportJob.objects.get()
    assert job.records.filter(outcome=Outcome.INVALID).count() == 2


def test_a_dry_run_saves_nothing(tmp_path: Path) -> None:
    report = run(CORDIS_SAMPLE, "--dry-run")
    assert "Dry run" in report
    assert not Organisation.objects.exists()
    assert not ImportJob.objects.exists()


def test_a_mapping_file_names_the_columns_we_do_not_recognise(tmp_path: Path) -> None:
    path = write(tmp_path, [["Bezeechnung", "Uertschaft", "Kennung"], ["Acme", "Bertrange", "A-1"]])
    with pytest.raises(CommandError, match="None of the columns"):
        run(path)
    mapping = tmp_path / "mapping.json"
    mapping.write_text(
        json.dumps(
            {
                "Bezeechnung": "legal_name",
                "Uertschaft": "commune",
                "Kennung": "external_id",
                "external_source": "crm",
            }
        )
    )
    run(path, "--mapping", str(mapping))
    organisation = Organisation.objects.get()
    assert (organisation.legal_name, organisation.commune) == ("Acme", "Bertrange")
    assert list(organisation.external_references.values_list("source", "value")) == [("crm", "A-1")]


def test_a_mapping_to_an_unknown_field_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, [["Bezeechnung"], ["Acme"]])
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"Bezeechnung": "company_name"}))
    with pytest.raises(CommandError, match="company_name is not a field"):
        run(path, "--mapping", str(mapping))


def test_a_file_without_a_header_row_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, [["Acme", "info@acme.lu", "2020"], ["Beta", "hello@beta.lu", "2021"]])
    with pytest.raises(CommandError, match="no header row"):
        run(path)


def test_a_50_mb_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(CommandError, match=r"limit of 20\.0\sMB"):
        run(path)


def test_the_messy_citizen_science_pages_import_with_a_readable_report() -> None:
    rows = sample_rows(CITIZEN_SAMPLE)
    names = {" ".join(row["participant_name"].split("   ")[0].split()) for row in rows}
    report = run(CITIZEN_SAMPLE)
    assert Organisation.objects.count() == len(names)
    tudor = Organisation.objects.get(legal_name="CENTRE DE RECHERCHE PUBLIC HENRI TUDOR")
    assert (str(tudor.country), tudor.postcode, tudor.commune) == ("LU", "L-1855", "LUXEMBOURG")
    assert tudor.street == "AVENUE J F KENNEDY 29"
    ended = sum(1 for row in rows if "Participation ended" in row["participant_name"])
    assert f"{ended:,} records: CORDIS marks this participation as ended." in report
    assert "0 rows with errors" in report
