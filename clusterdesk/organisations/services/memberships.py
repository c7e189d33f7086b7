"""Writes to memberships: an organisation joining, changing its terms in, or leaving a
cluster. The organisation's relationship status follows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clusterdesk.core.audit import diff, record, snapshot
from clusterdesk.core.concurrency import claim_version
from clusterdesk.core.models import AuditAction
from clusterdesk.organisations.models import Membership, Organisation
from clusterdesk.organisations.services.common import MEMBERSHIP_FIELDS, validate
from clusterdesk.organisations.services.organisations import sync_status_with_memberships


@transaction.atomic
def membership_create(
    *, actor: Any, organisation: Organisation, data: Mapping[str, Any]
) -> Membership:
    membership = Membership(organisation=organisation)
    for field in MEMBERSHIP_FIELDS:
        if field in data and data[field] is not None:
            setattr(membership, field, data[field])
    if data.get("until") is None:
        membership.until = None
    open_memberships = Membership.objects.filter(
        organisation=organisation, cluster=membership.cluster_id, until__isnull=True
    )
    if membership.until is None and open_memberships.exists():
        raise ValidationError(
            {
                "cluster": [
                    _("%(organisation)s is already a member of %(cluster)s.")
                    % {"organisation": organisation, "cluster": membership.cluster}
                ]
            }
        )
    validate(membership)
    membership.save()
    changes = diff({}, snapshot(membership, MEMBERSHIP_FIELDS))
    record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=membership,
        changes=changes,
        timelines=[organisation, membership.cluster],
    )
    sync_status_with_memberships(actor, organisation)
    return membership


@transaction.atomic
def membership_update(
    *, actor: Any, membership: Membership, data: Mapping[str, Any], expected_version: int | None
) -> Membership:
    current = Membership.objects.select_related("cluster", "organisation").get(pk=membership.pk)
    before = snapshot(current, MEMBERSHIP_FIELDS)
    for field in ("type", "since", "until"):
        if field in data:
            setattr(current, field, data[field])
    validate(current)
    claim_version(current, expected_version)
    current.save()
    changes = diff(before, snapshot(current, MEMBERSHIP_FIELDS))
    if changes:
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=current,
            changes=changes,
            timelines=[current.organisation, current.cluster],
        )
    sync_status_with_memberships(actor, current.organisation)
    return current


@transaction.atomic
def membership_delete(*, actor: Any, membership: Membership, expected_version: int | None) -> None:
    """Remove a membership entered by mistake (ending one is an update with `until`)."""
    claim_version(membership, expected_version)
    record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=membership,
        changes=diff(snapshot(membership, MEMBERSHIP_FIELDS), {}),
        timelines=[membership.organisation, membership.cluster],
    )
    organisation = membership.organisation
    membership.delete()
    sync_status_with_memberships(actor, organisation)
