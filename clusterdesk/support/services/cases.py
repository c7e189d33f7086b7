"""Writes to support cases: open, edit, and move through the journey's states."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterdesk.core import search
from clusterdesk.core.audit import diff
from clusterdesk.core.concurrency import claim_version
from clusterdesk.core.models import AuditAction
from clusterdesk.support import states
from clusterdesk.support.models import StateChange, SupportCase
from clusterdesk.support.services.common import apply, audit, plain, validate

CASE_FIELDS = (
    "organisation",
    "cluster",
    "owner",
    "origin",
    "problem_statement",
    "opened_on",
    "outcome_summary",
)
# Fields an edit may change: the organisation stays (a merge moves cases), the state and
# the closure move through `case_transition`.
CASE_EDIT_FIELDS = ("cluster", "owner", "origin", "problem_statement", "opened_on")
CASE_AUDIT_FIELDS = (*CASE_FIELDS, "state", "closed_on", "closure_reason")


def _check_dates(case: SupportCase) -> None:
    today = timezone.localdate()
    if case.opened_on and case.opened_on > today:
        raise ValidationError({"opened_on": [_("A case cannot be opened in the future.")]})


@transaction.atomic
def case_create(*, actor: Any, data: Mapping[str, Any]) -> SupportCase:
    """Open a case in its first state (first contact); `owner` defaults to the actor."""
    case = SupportCase(state=states.State.FIRST_CONTACT)
    apply(case, data, CASE_FIELDS)
    if data.get("owner") is None and getattr(actor, "pk", None):
        case.owner = actor
    if not case.opened_on:
        case.opened_on = timezone.localdate()
    validate(case)
    _check_dates(case)
    case.save()
    StateChange.objects.create(
        case=case, from_state="", to_state=case.state, by=_user(actor), at=_opening_time(case)
    )
    audit(
        actor=actor,
        action=AuditAction.CREATE,
        instance=case,
        case=case,
        changes=diff({}, plain(case, CASE_AUDIT_FIELDS)),
    )
    search.index(case)
    return case


def _opening_time(case: SupportCase) -> datetime.datetime:
    """When the case was opened: now, or the morning of a past opening day."""
    if case.opened_on >= timezone.localdate():
        return timezone.now()
    morning = datetime.datetime.combine(case.opened_on, datetime.time(9, 0))
    return timezone.make_aware(morning)


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


@transaction.atomic
def case_update(
    *,
    actor: Any,
    case: SupportCase,
    data: Mapping[str, Any],
    expected_version: int | None,
) -> SupportCase:
    """Change the case's details. A closed case's closure reason and outcome summary are
    editable too; the state moves only through `case_transition`."""
    current = SupportCase.objects.select_related("organisation").get(pk=case.pk)
    before = plain(current, CASE_AUDIT_FIELDS)
    apply(current, data, (*CASE_EDIT_FIELDS, "outcome_summary"))
    if current.is_closed:
        apply(current, data, ("closure_reason",))
        if not current.closure_reason:
            raise ValidationError(
                {"closure_reason": [_("A closure reason is required to close a case.")]}
            )
    validate(current)
    _check_dates(current)
    claim_version(current, expected_version)
    current.save()
    changes = diff(before, plain(current, CASE_AUDIT_FIELDS))
    if changes:
        audit(
            actor=actor, action=AuditAction.UPDATE, instance=current, case=current, changes=changes
        )
        search.index(current)
    return current


@transaction.atomic
def case_transition(
    *,
    actor: Any,
    case: SupportCase,
    to_state: str,
    reason: str,
    expected_version: int | None,
    outcome_summary: str | None = None,
    at: datetime.datetime | None = None,
) -> SupportCase:
    """Move `case` to `to_state` if the journey allows it (`states.TRANSITIONS`).

    Refused with a ValidationError on `to_state` that lists the allowed next states, or on
    `reason` when the move needs one (skipping the diagnosis, closing, reopening). Closing
    records the reason as the closure reason and the date; reopening clears them (the
    history keeps them). Every move is a `StateChange` and an audit event. `at` dates a
    move recorded afterwards (imports, the demo); closing on such a move dates the closure.
    """
    current = SupportCase.objects.select_related("organisation").get(pk=case.pk)
    reason = (reason or "").strip()
    problems = states.check_transition(current.state, to_state, reason)
    if problems:
        raise ValidationError({problem.field: [problem.message] for problem in problems})
    before = plain(current, CASE_AUDIT_FIELDS)
    from_state = current.state
    current.state = to_state
    if states.is_closed(to_state):
        current.closed_on = timezone.localdate(at) if at else timezone.localdate()
        current.closure_reason = reason
        if outcome_summary is not None:
            current.outcome_summary = outcome_summary.strip()
    elif states.is_reopening(from_state, to_state):
        current.closed_on = None
        current.closure_reason = ""
    validate(current)
    claim_version(current, expected_version)
    current.save()
    StateChange.objects.create(
        case=current,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        by=_user(actor),
        at=at or timezone.now(),
    )
    changes = diff(before, plain(current, CASE_AUDIT_FIELDS))
    if reason and "closure_reason" not in changes:
        changes["reason"] = [None, reason]
    audit(actor=actor, action=AuditAction.UPDATE, instance=current, case=current, changes=changes)
    search.index(current)
    return current
