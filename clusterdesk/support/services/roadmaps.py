"""Writes to roadmaps and their actions.

An action has no search entry of its own: its roadmap's entry holds the descriptions of its
actions (`support/search.py`), so creating an action or changing its description indexes
the roadmap again.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clusterdesk.core import search
from clusterdesk.core.audit import diff
from clusterdesk.core.concurrency import claim_version
from clusterdesk.core.models import AuditAction
from clusterdesk.support.models import Action, Roadmap, SupportCase
from clusterdesk.support.services.common import apply, audit, plain, refuse_if_closed, validate

ROADMAP_FIELDS = ("horizon", "agreed_on", "summary")
ROADMAP_AUDIT_FIELDS = (*ROADMAP_FIELDS, "review_dates")
ACTION_FIELDS = (
    "description",
    "owner",
    "due_on",
    "status",
    "estimated_cost",
    "priority",
    "ease_class",
)
ACTION_AUDIT_FIELDS = (*ACTION_FIELDS, "needs", "referrals")


def review_dates(values: Iterable[datetime.date | str]) -> list[str]:
    """Review dates as sorted, distinct ISO dates; a field error names a bad one."""
    days = set()
    for value in values:
        if isinstance(value, datetime.date):
            days.add(value)
            continue
        try:
            days.add(datetime.date.fromisoformat(str(value).strip()))
        except ValueError:
            raise ValidationError(
                {"review_dates": [_("Not a date (YYYY-MM-DD): %(value)s") % {"value": value}]}
            ) from None
    return [day.isoformat() for day in sorted(days)]


def _apply_roadmap(roadmap: Roadmap, data: Mapping[str, Any]) -> None:
    apply(roadmap, data, ROADMAP_FIELDS)
    if "review_dates" in data:
        roadmap.review_dates = review_dates(data["review_dates"] or [])


@transaction.atomic
def roadmap_create(*, actor: Any, case: SupportCase, data: Mapping[str, Any]) -> Roadmap:
    """The case's roadmap (one per case)."""
    refuse_if_closed(case)
    if Roadmap.objects.filter(case=case).exists():
        raise ValidationError({"case": [_("This case already has a roadmap.")]})
    roadmap = Roadmap(case=case)
    _apply_roadmap(roadmap, data)
    validate(roadmap, exclude=["case"])
    roadmap.save()
    audit(
        actor=actor,
        action=AuditAction.CREATE,
        instance=roadmap,
        case=case,
        changes=diff({}, plain(roadmap, ROADMAP_AUDIT_FIELDS)),
    )
    search.index(roadmap)
    return roadmap


@transaction.atomic
def roadmap_update(
    *, actor: Any, roadmap: Roadmap, data: Mapping[str, Any], expected_version: int | None
) -> Roadmap:
    current = Roadmap.objects.select_related("case__organisation").get(pk=roadmap.pk)
    before = plain(current, ROADMAP_AUDIT_FIELDS)
    _apply_roadmap(current, data)
    validate(current, exclude=["case"])
    claim_version(current, expected_version)
    current.save()
    changes = diff(before, plain(current, ROADMAP_AUDIT_FIELDS))
    if changes:
        audit(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=current,
            case=current.case,
            changes=changes,
        )
        search.index(current)
    return current


def _links(action: Action, data: Mapping[str, Any]) -> None:
    """Needs and referrals linked to an action belong to the action's case."""
    case_id = action.roadmap.case_id
    errors: dict[str, list[str]] = {}
    for field in ("needs", "referrals"):
        if field in data and any(item.case_id != case_id for item in data[field]):
            errors[field] = [_("Link only needs and referrals of this case.")]
    if errors:
        raise ValidationError(errors)
    for field in ("needs", "referrals"):
        if field in data:
            getattr(action, field).set(data[field])


@transaction.atomic
def action_create(*, actor: Any, roadmap: Roadmap, data: Mapping[str, Any]) -> Action:
    case = roadmap.case
    refuse_if_closed(case)
    action = Action(roadmap=roadmap)
    apply(action, data, ACTION_FIELDS)
    validate(action)
    action.save()
    _links(action, data)
    audit(
        actor=actor,
        action=AuditAction.CREATE,
        instance=action,
        case=case,
        changes=diff({}, plain(action, ACTION_AUDIT_FIELDS)),
    )
    search.index(roadmap)  # the roadmap's entry holds its actions' descriptions
    return action


@transaction.atomic
def action_update(
    *, actor: Any, action: Action, data: Mapping[str, Any], expected_version: int | None
) -> Action:
    current = Action.objects.select_related("roadmap__case__organisation").get(pk=action.pk)
    before = plain(current, ACTION_AUDIT_FIELDS)
    apply(current, data, ACTION_FIELDS)
    validate(current)
    claim_version(current, expected_version)
    current.save()
    _links(current, data)
    changes = diff(before, plain(current, ACTION_AUDIT_FIELDS))
    if changes:
        audit(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=current,
            case=current.roadmap.case,
            changes=changes,
        )
        if "description" in changes:
            search.index(current.roadmap)
    return current
