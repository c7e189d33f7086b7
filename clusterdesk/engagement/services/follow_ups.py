"""Writes to follow-ups: plan, change, mark done, delete; audited on the organisation's
timeline."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterdesk.core.audit import diff, record, snapshot
from clusterdesk.core.concurrency import claim_version
from clusterdesk.core.models import AuditAction
from clusterdesk.engagement.models import FollowUp
from clusterdesk.engagement.services.common import check_date, check_users, owner_queryset
from clusterdesk.organisations.models import Organisation

FOLLOW_UP_FIELDS = ("cluster", "owner", "due_on", "note", "done_on", "interaction")
AUDIT_FIELDS = ("cluster", "owner", "due_on", "note", "done_on")
MAX_NOTE = 5_000


def _apply(follow_up: FollowUp, data: Mapping[str, Any]) -> None:
    for field in FOLLOW_UP_FIELDS:
        if field in data:
            value = data[field]
            if field == "note":
                value = (value or "").strip()
            setattr(follow_up, field, value)


def _validate(follow_up: FollowUp) -> None:
    if len(follow_up.note) > MAX_NOTE:
        raise ValidationError(
            {"note": [_("Keep the note under %(count)s characters.") % {"count": MAX_NOTE}]}
        )
    check_date(follow_up.due_on, "due_on", required=False)
    if follow_up.done_on is not None and follow_up.done_on > timezone.localdate():
        raise ValidationError({"done_on": [_("A follow-up cannot be done in the future.")]})
    follow_up.full_clean(exclude=["created_by"])
    check_users([follow_up.owner], "owner", owner_queryset())
    interaction = follow_up.interaction
    if interaction is not None and interaction.organisation_id != follow_up.organisation_id:
        raise ValidationError({"interaction": [_("The interaction is with another organisation.")]})


@transaction.atomic
def follow_up_create(*, actor: Any, data: Mapping[str, Any]) -> FollowUp:
    """Plan a follow-up: `data` holds the organisation, cluster, owner, due date, note and,
    when it came from one, the interaction."""
    organisation = data.get("organisation")
    if not isinstance(organisation, Organisation):
        raise ValidationError({"organisation": [_("Choose an organisation.")]})
    follow_up = FollowUp(
        organisation=organisation, created_by=actor if getattr(actor, "pk", None) else None
    )
    _apply(follow_up, data)
    if follow_up.owner_id is None and getattr(actor, "pk", None):
        follow_up.owner = actor
    _validate(follow_up)
    follow_up.save()
    record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=follow_up,
        changes=diff({}, snapshot(follow_up, AUDIT_FIELDS)),
        timelines=[organisation],
    )
    return follow_up


@transaction.atomic
def follow_up_update(
    *, actor: Any, follow_up: FollowUp, data: Mapping[str, Any], expected_version: int | None
) -> FollowUp:
    current = FollowUp.objects.select_related("organisation", "interaction").get(pk=follow_up.pk)
    before = snapshot(current, AUDIT_FIELDS)
    _apply(current, {key: value for key, value in data.items() if key != "interaction"})
    _validate(current)
    claim_version(current, expected_version)
    current.save()
    changes = diff(before, snapshot(current, AUDIT_FIELDS))
    if changes:
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=current,
            changes=changes,
            timelines=[current.organisation],
        )
    return current


def follow_up_mark_done(
    *,
    actor: Any,
    follow_up: FollowUp,
    expected_version: int | None,
    done_on: datetime.date | None = None,
) -> FollowUp:
    """Done today (or on `done_on`); marking a done follow-up again changes nothing."""
    if follow_up.done_on is not None:
        return follow_up
    return follow_up_update(
        actor=actor,
        follow_up=follow_up,
        data={"done_on": done_on or timezone.localdate()},
        expected_version=expected_version,
    )


@transaction.atomic
def follow_up_delete(*, actor: Any, follow_up: FollowUp, expected_version: int | None) -> None:
    claim_version(follow_up, expected_version)
    record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=follow_up,
        changes=diff(snapshot(follow_up, AUDIT_FIELDS), {}),
        timelines=[follow_up.organisation],
    )
    follow_up.delete()
