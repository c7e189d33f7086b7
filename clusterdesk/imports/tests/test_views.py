"""The import pages through the test client: upload → mapping → preview → choices → commit,
with the permissions of each role."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from clusterdesk.core.models import AuditEvent
from clusterdesk.imports.models import Decision, ImportJob, ImportMapping, ImportStatus, Outcome
from clusterdesk.imports.tests.conftest import CORDIS_SAMPLE, csv_bytes, sample_rows
from clusterdesk.organisations import services
from clusterdesk.organisations.models import Contact, ExternalReference, Organisation

pytestmark = pytest.mark.django_db
HEADER = ["organisationID", "name", "registerNumber", "city", "country", "website"]


def upload(
    client: Client, content: bytes, name: str = "file.csv", kind: str = "organisations"
) -> Any:
    file = SimpleUploadedFile(name, content, content_type="text/csv")
    return client.post(reverse("imports:upload"), {"kind": kind, "file": file})


def map_columns(client: Client, job: ImportJob, capture: Any, **changes: str) -> Any:
    data = {f"column_{i}": target for i, target in enumerate(job.mapping)}
    data["external_source"] = job.external_source or "cordis"
    data.update(changes)
    with capture(execute=True):
        return client.post(reverse("imports:mapping", args=[job.uuid]), data)


def commit(client: Client, job: ImportJob, capture: Any, **data: Any) -> Any:
    with capture(execute=True):
        return client.post(reverse("imports:commit", args=[job.uuid]), data)


def start(client: Client, rows: list[list[str]], capture: Any) -> ImportJob:
    """Upload `rows` and check them with the suggested mapping: the job is at its preview."""
    response = upload(client, csv_bytes(rows))
    assert response.status_code == 302, response.content
    job = ImportJob.objects.latest("pk")
    assert map_columns(client, job, capture).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEW, job.error
    return job


def test_a_manager_imports_the_cordis_sample_step_by_step(
    client_for: Any, manager_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for("manager_a")
    response = upload(client, CORDIS_SAMPLE.read_bytes(), "cordis_sample.csv")
    job = ImportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    page = client.get(job.get_absolute_url())
    assert page.status_code == 200
    assert b"What does each column hold?" in page.content
    assert job.mapping[job.header.index("organisationID")] == "external_id"
    assert job.external_source == "cordis"

    assert map_columns(client, job, django_capture_on_commit_callbacks).status_code == 302
    preview = client.get(job.get_absolute_url() + "?show=new")
    distinct = {row["organisationID"] for row in sample_rows()}
    job.refresh_from_db()
    assert (job.status, job.record_count, job.invalid_count) == (
        ImportStatus.PREVIEW,
        len(distinct),
        0,
    )
    assert f"Import {len(distinct)} records".encode() in preview.content
    assert not Organisation.objects.exists()

    assert commit(client, job, django_capture_on_commit_callbacks).status_code == 302
    job.refresh_from_db()
    assert (job.status, job.created_count) == (ImportStatus.COMMITTED, len(distinct))
    assert Organisation.objects.filter(owner=manager_a).count() == len(distinct)
    report = client.get(job.get_absolute_url())
    assert b"rows per second" in report.content


def test_created_records_show_the_import_on_their_timeline(
    client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for("admin")
    job = start(
        client,
        [HEADER, ["77", "Nordstad Timber S.A.", "B777", "Ettelbruck", "LU", ""]],
        django_capture_on_commit_callbacks,
    )
    commit(client, job, django_capture_on_commit_callbacks)
    organisation = Organisation.objects.get()
    page = client.get(organisation.get_absolute_url())
    assert b"<dt>source</dt>" in page.content
    assert f"import #{job.pk}".encode() in page.content
    assert AuditEvent.objects.filter(object_type__model="importjob", object_id=job.pk).count() == 2


def test_the_mapping_chosen_for_a_header_row_is_offered_next_time(
    client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for("admin")
    rows = [["Bezeechnung", "Uertschaft"], ["Acme", "Bertrange"]]
    upload(client, csv_bytes(rows))
    job = ImportJob.objects.get()
    assert job.mapping == ["", ""]
    assert b"None of the columns is one we recognise" in client.get(job.get_absolute_url()).content
    map_columns(
        client, job, django_capture_on_commit_callbacks, column_0="legal_name", column_1="commune"
    )
    assert ImportMapping.objects.get().mapping == ["legal_name", "commune"]
    upload(client, csv_bytes(rows))
    assert ImportJob.objects.latest("pk").mapping == ["legal_name", "commune"]


def test_a_mapping_without_the_name_is_refused_and_names_the_field(
    client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for("admin")
    upload(client, csv_bytes([HEADER, ["77", "Acme", "", "Bertrange", "LU", ""]]))
    job = ImportJob.objects.get()
    response = map_columns(client, job, django_capture_on_commit_callbacks, column_1="")
    assert response.status_code == 422
    assert b"Choose the column that holds: legal name" in response.content
    job.refresh_from_db()
    assert job.status == ImportStatus.MAPPING


def test_the_same_field_from_two_columns_is_refused(
    client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for("admin")
    upload(client, csv_bytes([HEADER, ["77", "Acme", "", "Bertrange", "LU", ""]]))
    job = ImportJob.objects.get()
    response = map_columns(client, job, django_capture_on_commit_callbacks, column_3="legal_name")
    assert response.status_code == 422
    assert b"one column only" in response.content


@pytest.mark.parametrize("role", ["expert", "analyst"])
def test_experts_and_analysts_may_not_import(client_for: Any, role: str) -> None:
    client = client_for(role)
    assert client.get(reverse("imports:list")).status_code == 403
    assert upload(client, csv_bytes([["name"], ["Acme"]])).status_code == 403
    assert not ImportJob.objects.exists()


def test_an_import_is_seen_by_its_author_and_admins_only(
    client_for: Any, manager_b: Any, django_capture_on_commit_callbacks: Any
) -> None:
    start(
        client_for("manager_a"),
        [HEADER, ["1", "Acme", "", "Bertrange", "LU", ""]],
        django_capture_on_commit_callbacks,
    )
    job = ImportJob.objects.get()
    assert client_for("admin").get(job.get_absolute_url()).status_code == 200
    for role in ("manager_b", "expert", "analyst"):
        assert client_for(role).get(job.get_absolute_url()).status_code == 404
    other = client_for("manager_b")
    assert other.post(reverse("imports:commit", args=[job.uuid])).status_code == 404
    assert b"#%d" % job.pk not in other.get(reverse("imports:list")).content


def test_a_manager_may_link_only_records_they_may_change(
    client_for: Any,
    organisation_a: Any,
    organisation_b: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    rows = [
        HEADER,
        ["10", "Moselle Brake Technologies", "B100001", "Luxembourg", "LU", ""],
        ["20", "Alzette Diagnostics", "B200002", "Luxembourg", "LU", ""],
    ]
    job = start(client_for("manager_a"), rows, django_capture_on_commit_callbacks)
    own = job.records.get(match_id=organisation_a.pk)
    other = job.records.get(match_id=organisation_b.pk)
    assert (own.decision, set(own.allowed)) == (Decision.LINK, set(Decision.values))
    assert (other.decision, set(other.allowed)) == (Decision.SKIP, {Decision.SKIP, Decision.CREATE})
    response = client_for("manager_a").post(
        reverse("imports:decisions", args=[job.uuid]), {f"decision-{other.pk}": Decision.LINK}
    )
    assert response.status_code == 422
    assert b"not possible for this record" in response.content
    other.refresh_from_db()
    assert other.decision == Decision.SKIP


def test_choices_on_duplicates_link_update_skip_or_create(
    client_for: Any,
    organisation_a: Any,
    organisation_b: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for("admin")
    rows = [
        HEADER,
        [
            "10",
            "Moselle Brake Technologies",
            "B100001",
            "Luxembourg",
            "LU",
            "https://moselle.example",
        ],
        ["20", "ALZETTE DIAGNOSTICS SARL", "", "Luxembourg", "LU", ""],
        ["30", "Nordstad Timber", "B300003", "Ettelbruck", "LU", ""],
    ]
    job = start(client, rows, django_capture_on_commit_callbacks)
    first, second, third = job.records.order_by("row_number")
    assert (first.match_id, first.plan["reason"]) == (organisation_a.pk, "register_number")
    assert (second.match_id, second.plan["reason"]) == (organisation_b.pk, "name_city")
    assert third.match_id is None
    response = client.post(
        reverse("imports:decisions", args=[job.uuid]),
        {
            f"decision-{first.pk}": Decision.UPDATE,
            f"decision-{second.pk}": Decision.SKIP,
            f"decision-{third.pk}": Decision.CREATE,
            "update_fields": ["website"],
        },
    )
    assert response.status_code == 302
    commit(client, job, django_capture_on_commit_callbacks)
    organisation_a.refresh_from_db()
    assert organisation_a.website == "https://moselle.example"
    assert list(organisation_a.external_references.values_list("value", flat=True)) == ["10"]
    assert not organisation_b.external_references.exists()
    assert Organisation.objects.filter(legal_name="Nordstad Timber").exists()
    job.refresh_from_db()
    assert (job.created_count, job.updated_count, job.skipped_count) == (1, 1, 1)


def test_a_record_changed_since_the_preview_stops_the_commit_and_nothing_is_imported(
    client_for: Any, organisation_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for("admin")
    rows = [
        HEADER,
        ["10", "Moselle", "B100001", "Luxembourg", "LU", "https://x.example"],
        ["30", "Nordstad Timber", "", "Ettelbruck", "LU", ""],
    ]
    job = start(client, rows, django_capture_on_commit_callbacks)
    record = job.records.get(match_id=organisation_a.pk)
    client.post(
        reverse("imports:decisions", args=[job.uuid]),
        {f"decision-{record.pk}": Decision.UPDATE, "update_fields": ["website"], "overwrite": "on"},
    )
    services.organisation_update(
        actor=None,
        organisation=organisation_a,
        data={"commune": "Bertrange"},
        expected_version=None,
    )
    commit(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "changed since the preview" in job.error
    assert not Organisation.objects.filter(legal_name="Nordstad Timber").exists()
    organisation_a.refresh_from_db()
    assert organisation_a.website == ""
    assert b"Nothing was imported" in client.get(job.get_absolute_url()).content


def test_a_failure_of_a_database_constraint_leaves_the_database_unchanged(
    client_for: Any, organisation_b: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for("admin")
    rows = [HEADER] + [[str(n), f"Company {n}", "", "Luxembourg", "LU", ""] for n in range(1, 30)]
    job = start(client, rows, django_capture_on_commit_callbacks)
    # Someone gives CORDIS id 29 to another organisation before the commit: the database's
    # unique constraint on external references refuses the import's row for it.
    ExternalReference.objects.create(organisation=organisation_b, source="cordis", value="29")
    organisations, events = Organisation.objects.count(), AuditEvent.objects.count()
    commit(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "Nothing was imported" in job.error
    assert Organisation.objects.count() == organisations
    assert AuditEvent.objects.count() == events + 1  # the job's own failure, nothing else
    assert not job.records.exclude(outcome="").exists()


def test_rows_with_errors_are_shown_and_skipped_only_when_the_user_says_so(
    client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for("admin")
    rows = [
        HEADER,
        ["1", "Acme", "", "Bertrange", "LU", ""],
        ["2", '=HYPERLINK("x")', "", "Bertrange", "LU", ""],
    ]
    job = start(client, rows, django_capture_on_commit_callbacks)
    preview = client.get(job.get_absolute_url() + "?show=problems")
    assert "Row 3, column “name”: Formulas are not imported".encode() in preview.content
    refused = commit(client, job, django_capture_on_commit_callbacks)
    assert refused.status_code == 302
    assert refused.url == job.get_absolute_url()  # the preview's own address: its tabs work
    back = client.get(refused.url)
    assert b"1 row has errors." in back.content
    assert b'href="%s?show=problems"' % job.get_absolute_url().encode() in back.content
    assert not Organisation.objects.exists()
    commit(client, job, django_capture_on_commit_callbacks, skip_invalid="on")
    assert list(Organisation.objects.values_list("legal_name", flat=True)) == ["Acme"]
    job.refresh_from_db()
    assert job.records.get(row_number=3).outcome == Outcome.INVALID


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "empty.csv", b"file is empty."),
        (bytes(range(256)) * 40, "garbage.csv", b"neither text"),
        (b"name,city\nAcme,Bertrange\n", "fake.xlsx", b"not a zip archive"),
        (b"name,city\n", "header.csv", b"no data rows"),
    ],
)
def test_unreadable_files_are_refused_with_a_clear_message(
    client_for: Any, content: bytes, name: str, message: bytes
) -> None:
    response = upload(client_for("admin"), content, name)
    assert response.status_code == 422
    assert message in response.content
    assert not ImportJob.objects.exists()


def test_a_50_mb_file_is_refused_before_it_is_read(client_for: Any) -> None:
    response = upload(client_for("admin"), b"x" * (50 * 1024 * 1024), "huge.csv")
    assert response.status_code == 413
    assert "limit of 20.0\xa0MB".encode() in response.content
    assert not ImportJob.objects.exists()


def test_the_limit_is_configurable(client_for: Any, settings: Any) -> None:
    settings.CLUSTERDESK_IMPORT_MAX_BYTES = 1024
    response = upload(client_for("admin"), csv_bytes([["name"], ["A" * 2000]]))
    assert response.status_code == 413
    assert "1.0\xa0KB".encode() in response.content


def test_large_files_are_checked_in_the_background_with_a_progress_bar(
    client_for: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.CLUSTERDESK_IMPORT_INLINE_ROWS = 10
    client = client_for("admin")
    upload(client, CORDIS_SAMPLE.read_bytes(), "cordis_sample.csv")
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.ANALYSING, progress_done=100)
    page = client.get(job.get_absolute_url())
    assert b'hx-get="%s"' % reverse("imports:progress", args=[job.uuid]).encode() in page.content
    bar = client.get(reverse("imports:progress", args=[job.uuid]), HTTP_HX_REQUEST="true")
    percent = round(100 * 100 / job.row_count)
    assert f'value="{percent}"'.encode() in bar.content
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.MAPPING)
    map_columns(client, job, django_capture_on_commit_callbacks)  # the task runs on commit
    done = client.get(reverse("imports:progress", args=[job.uuid]), HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"
    job.refresh_from_db()
    assert (job.status, job.progress_done) == (ImportStatus.PREVIEW, job.row_count)


def test_the_preview_runs_a_fixed_number_of_queries(
    client_for: Any, django_capture_on_commit_callbacks: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for("admin")
    rows = [HEADER] + [[str(n), f"Company {n}", "", "Luxembourg", "LU", ""] for n in range(1, 60)]
    job = start(client, rows, django_capture_on_commit_callbacks)
    with django_assert_max_num_queries(12):
        assert client.get(job.get_absolute_url() + "?show=all").status_code == 200


def test_contacts_are_imported_at_their_organisation(
    client_for: Any, organisation_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for("admin")
    rows = [
        ["Prénom", "Nom", "E-mail", "Société", "Fonction"],
        ["Marie", "Weber", "Marie.Weber@example.lu", "Moselle Brake Technologies SA", "CFO"],
        ["Paul", "Hoffmann", "paul@example.lu", "Unknown Company", "CEO"],
    ]
    upload(client, csv_bytes(rows), kind="contacts")
    job = ImportJob.objects.get()
    assert job.mapping == ["first_name", "last_name", "email", "organisation", "job_title"]
    map_columns(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.invalid_count == 1
    commit(client, job, django_capture_on_commit_callbacks, skip_invalid="on")
    contact = Contact.objects.get()
    assert (contact.email, contact.job_title) == ("marie.weber@example.lu", "CFO")
    assert list(contact.organisations.all()) == [organisation_a]
    assert "No organisation “Unknown Company”" in job.records.get(row_number=3).errors[0]["message"]
