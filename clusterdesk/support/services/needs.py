"""Writes to a case's needs: add, edit, mark addressed or close."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from clusterdesk.core import search
from clusterdesk.core.audit import diff
from clusterdesk.core.concurrency import claim_version
from clusterdesk.core.models import AuditAction
from clusterdesk.support.models import Need, NeedStatus, SupportCase
from clusterdesk.support.services.common import apply, audit, plain, refuse_if_closed, validate

NEED_FIELDS = (
    "text",
    "theme",
    "category",
    "priority",
    "status",
    "source",
    "diagnosis",
    "source_interaction",
)


@transaction.atomic
def need_create(*, actor: Any, case: SupportCase, data: Mapping[str, Any]) -> Need:
    refuse_if_closed(case)
    need = Need(case=case)
    apply(need, data, NEED_FIELDS)
    validate(need)
    need.save()
    audit(
        actor=actor,
        action=AuditAction.CREATE,
        instance=need,
        case=case,
        changes=diff({}, plain(need, NEED_FIELDS)),
    )
    search.index(need)
    return need


@transaction.atomic
def need_update(
    *, actor: Any, need: Need, data: Mapping[str, Any], expected_version: int | None
) -> Need:
    """Change a need; its source stays what it was."""
    current = Need.objects.select_related("case__organisation").get(pk=need.pk)
    before = plain(current, NEED_FIELDS)
    apply(current, data, ("text", "theme", "category", "priority", "status"))
    validate(current)
    claim_version(current, expected_version)
    current.save()
    changes = diff(before, plain(current, NEED_FIELDS))
    if changes:
        audit(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=current,
            case=current.case,
            changes=changes,
        )
        search.index(current)
        if "text" in changes:  # the entries of its referrals hold its text
            search.index_many(current.referrals.all())
    return current


def need_close(*, actor: Any, need: Need, expected_version: int | None) -> Need:
    return need_update(
        actor=actor,
        need=need,
        data={"status": NeedStatus.CLOSED},
        expected_version=expected_version,
    )
