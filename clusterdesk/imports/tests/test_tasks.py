"""Large imports through the database task backend and `clusterdesk worker`, for real."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from clusterdesk.imports import tasks
from clusterdesk.imports.models import ImportJob, ImportStatus
from clusterdesk.imports.tests.conftest import CORDIS_SAMPLE, sample_rows
from clusterdesk.organisations.models import Organisation


@pytest.mark.django_db(transaction=True)
def test_a_large_import_is_queued_and_the_worker_runs_it(client_for: Any, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.CLUSTERDESK_IMPORT_INLINE_ROWS = 10
    client = client_for("admin")
    file = SimpleUploadedFile("cordis_sample.csv", CORDIS_SAMPLE.read_bytes())
    client.post(reverse("imports:upload"), {"kind": "organisations", "file": file})
    job = ImportJob.objects.get()
    data = {f"column_{i}": target for i, target in enumerate(job.mapping)}
    client.post(reverse("imports:mapping", args=[job.uuid]), {**data, "external_source": "cordis"})
    job.refresh_from_db()
    assert job.status == ImportStatus.ANALYSING
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert b"<progress" in client.get(job.get_absolute_url()).content

    call_command("worker", "--batch")
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEW

    client.post(reverse("imports:commit", args=[job.uuid]))
    assert not Organisation.objects.exists()
    call_command("worker", "--batch")
    job.refresh_from_db()
    distinct = {row["organisationID"] for row in sample_rows()}
    assert (job.status, job.created_count) == (ImportStatus.COMMITTED, len(distinct))
    assert Organisation.objects.count() == len(distinct)
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


@pytest.mark.django_db
def test_tasks_are_idempotent(client_for: Any, django_capture_on_commit_callbacks: Any) -> None:
    client = client_for("admin")
    file = SimpleUploadedFile("cordis_sample.csv", CORDIS_SAMPLE.read_bytes())
    client.post(reverse("imports:upload"), {"kind": "organisations", "file": file})
    job = ImportJob.objects.get()
    data = {f"column_{i}": target for i, target in enumerate(job.mapping)}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("imports:mapping", args=[job.uuid]), {**data, "external_source": "cordis"}
        )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:commit", args=[job.uuid]))
    count = Organisation.objects.count()
    tasks.analyse_import.call(job.pk)
    tasks.commit_import.call(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.COMMITTED
    assert Organisation.objects.count() == count
    assert job.records.count() == len({row["organisationID"] for row in sample_rows()})
