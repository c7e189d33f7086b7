"""Reads of imports, scoped by the permission policy."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from clusterdesk.core import permissions
from clusterdesk.imports.models import ImportJob, ImportRecord
from clusterdesk.imports.permissions import can_import

RECORD_FILTERS = {
    "problems": Q(is_valid=False),
    "duplicates": Q(is_valid=True, match_id__isnull=False),
    "new": Q(is_valid=True, match_id__isnull=True),
    "all": Q(),
}


def job_list(*, user: Any) -> QuerySet[ImportJob]:
    """The imports the user may see: all of them for admins, their own for managers."""
    permissions.ensure_allowed(can_import(user))
    jobs = ImportJob.objects.select_related("created_by").order_by("-created_at", "-id")
    return jobs if permissions.is_admin(user) else jobs.filter(created_by=user)


def job_get(*, user: Any, uuid: Any) -> ImportJob:
    job = ImportJob.objects.select_related("created_by").filter(uuid=uuid).first()
    if job is None:
        raise Http404
    permissions.ensure(user, permissions.Action.VIEW, job)
    return job


def job_records(job: ImportJob, *, show: str = "all", outcome: str = "") -> QuerySet[ImportRecord]:
    records = job.records.filter(RECORD_FILTERS.get(show, Q()))
    if outcome:
        records = records.filter(outcome=outcome)
    return records.order_by("row_number")
