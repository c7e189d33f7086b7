"""Writes to clusters: their names, colours and managers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from clusterdesk.core.audit import diff, record, snapshot
from clusterdesk.core.concurrency import claim_version
from clusterdesk.core.models import AuditAction
from clusterdesk.organisations.models import Cluster
from clusterdesk.organisations.services.common import (
    CLUSTER_AUDIT_FIELDS,
    CLUSTER_FIELDS,
    validate,
)


def _apply_cluster_data(cluster: Cluster, data: Mapping[str, Any]) -> None:
    for field in CLUSTER_FIELDS:
        if field in data:
            setattr(cluster, field, data[field])
    if not cluster.slug:
        cluster.slug = slugify(cluster.name)


@transaction.atomic
def cluster_create(*, actor: Any, data: Mapping[str, Any]) -> Cluster:
    cluster = Cluster()
    _apply_cluster_data(cluster, data)
    validate(cluster)
    cluster.save()
    if "managers" in data:
        cluster.managers.set(data["managers"])
    changes = diff({}, snapshot(cluster, CLUSTER_AUDIT_FIELDS))
    record(actor=actor, action=AuditAction.CREATE, instance=cluster, changes=changes)
    return cluster


@transaction.atomic
def cluster_update(
    *, actor: Any, cluster: Cluster, data: Mapping[str, Any], expected_version: int | None
) -> Cluster:
    current = Cluster.objects.get(pk=cluster.pk)
    before = snapshot(current, CLUSTER_AUDIT_FIELDS)
    _apply_cluster_data(current, data)
    validate(current)
    claim_version(current, expected_version)
    current.save()
    if "managers" in data:
        current.managers.set(data["managers"])
    changes = diff(before, snapshot(current, CLUSTER_AUDIT_FIELDS))
    if changes:
        record(actor=actor, action=AuditAction.UPDATE, instance=current, changes=changes)
    return current


@transaction.atomic
def cluster_delete(*, actor: Any, cluster: Cluster, expected_version: int | None) -> None:
    """Delete a cluster created by mistake; one that has (or had) members keeps its history
    and cannot be deleted."""
    claim_version(cluster, expected_version)
    if cluster.memberships.exists():
        raise ValidationError(
            _("%(cluster)s has memberships, current or past: it cannot be deleted.")
            % {"cluster": cluster}
        )
    changes = diff(snapshot(cluster, CLUSTER_AUDIT_FIELDS), {})
    record(actor=actor, action=AuditAction.DELETE, instance=cluster, changes=changes)
    try:
        cluster.delete()
    except ProtectedError as error:  # e.g. diagnoses or support cases of this cluster
        kinds = sorted({str(obj._meta.verbose_name_plural) for obj in error.protected_objects})
        raise ValidationError(
            _("%(cluster)s still has %(records)s: it cannot be deleted.")
            % {"cluster": cluster, "records": ", ".join(kinds)}
        ) from error
