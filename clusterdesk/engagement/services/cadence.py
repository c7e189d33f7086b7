"""Writes to cadence rules (admins)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clusterdesk.core.audit import diff, record, snapshot
from clusterdesk.core.concurrency import claim_version
from clusterdesk.core.models import AuditAction
from clusterdesk.engagement.models import CadenceRule

RULE_FIELDS = ("name", "status", "tag", "max_days", "active")


def _apply(rule: CadenceRule, data: Mapping[str, Any]) -> None:
    for field in RULE_FIELDS:
        if field in data:
            value = data[field]
            if field == "name":
                value = " ".join(str(value or "").split())
            if field == "status":
                value = value or ""
            setattr(rule, field, value)


def _validate(rule: CadenceRule) -> None:
    rule.full_clean()
    if not rule.status and rule.tag_id is None:
        raise ValidationError({"status": [_("Choose a relationship status, a tag, or both.")]})


@transaction.atomic
def cadence_rule_create(*, actor: Any, data: Mapping[str, Any]) -> CadenceRule:
    rule = CadenceRule()
    _apply(rule, data)
    _validate(rule)
    rule.save()
    record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=rule,
        changes=diff({}, snapshot(rule, RULE_FIELDS)),
    )
    return rule


@transaction.atomic
def cadence_rule_update(
    *, actor: Any, rule: CadenceRule, data: Mapping[str, Any], expected_version: int | None
) -> CadenceRule:
    current = CadenceRule.objects.select_related("tag").get(pk=rule.pk)
    before = snapshot(current, RULE_FIELDS)
    _apply(current, data)
    _validate(current)
    claim_version(current, expected_version)
    current.save()
    changes = diff(before, snapshot(current, RULE_FIELDS))
    if changes:
        record(actor=actor, action=AuditAction.UPDATE, instance=current, changes=changes)
    return current


@transaction.atomic
def cadence_rule_delete(*, actor: Any, rule: CadenceRule, expected_version: int | None) -> None:
    claim_version(rule, expected_version)
    record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=rule,
        changes=diff(snapshot(rule, RULE_FIELDS), {}),
    )
    rule.delete()
