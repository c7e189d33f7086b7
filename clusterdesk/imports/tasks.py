"""Background tasks of imports, run by `clusterdesk worker`. They take the job's id, are
idempotent (a job that is not waiting for that step is left alone) and are enqueued with
`transaction.on_commit` by the services."""

from __future__ import annotations

from django_tasks import task


@task()
def analyse_import(job_id: int) -> None:
    from clusterdesk.imports import services

    services.job_analyse(job_id)


@task()
def commit_import(job_id: int) -> None:
    from clusterdesk.imports import services

    services.job_run_commit(job_id)
