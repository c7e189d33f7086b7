"""Writes to referrals: propose or send one, change its target or details, and record the
answer (accepted, declined, in progress, done) with its outcome."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterdesk.core import permissions, search
from clusterdesk.core.audit import diff
from clusterdesk.core.concurrency import claim_version
from clusterdesk.core.models import AuditAction
from clusterdesk.support import states
from clusterdesk.support.models import Need, OutcomeKind, Referral, TargetKind
from clusterdesk.support.services.common import apply, audit, plain, refuse_if_closed, validate
from clusterdesk.support.states import ReferralStatus

TARGET_FIELDS = (
    "target_kind",
    "target_team",
    "target_organisation",
    "target_instrument",
    "instrument_name",
    "target_call",
    "target_training",
)
DETAIL_FIELDS = ("receiving_person", "receiving_contact", "note")
OUTCOME_FIELDS = ("outcome_kind", "outcome_amount", "outcome_note")
REFERRAL_AUDIT_FIELDS = (
    "need",
    *TARGET_FIELDS,
    "status",
    "sent_on",
    "answered_on",
    *DETAIL_FIELDS,
    *OUTCOME_FIELDS,
)
ORGANISATION_KINDS = {TargetKind.SERVICE_PROVIDER, TargetKind.PARTNER}


def _check_target(referral: Referral, actor: Any) -> None:
    """The target matches its kind, and the others are cleared. An organisation must be
    one the actor may see, and not the company itself."""
    kind = referral.target_kind
    if kind != TargetKind.AGENCY_TEAM:
        referral.target_team = None
    if kind not in ORGANISATION_KINDS:
        referral.target_organisation = None
    if kind != TargetKind.INSTRUMENT:
        referral.target_instrument = None
        referral.instrument_name = ""
    if kind != TargetKind.CALL:
        referral.target_call = None
    if kind != TargetKind.TRAINING:
        referral.target_training = None
    errors: dict[str, list[str]] = {}
    if kind == TargetKind.AGENCY_TEAM and referral.target_team is None:
        errors["target_team"] = [_("Choose the agency team.")]
    if kind == TargetKind.INSTRUMENT:
        if referral.target_instrument is not None:
            referral.instrument_name = referral.target_instrument.name
        elif not referral.instrument_name:
            errors["target_instrument"] = [
                _("Choose the support instrument, or name one that is not in the catalogue.")
            ]
    if kind == TargetKind.CALL and referral.target_call is None:
        errors["target_call"] = [_("Choose the call for projects.")]
    if kind == TargetKind.TRAINING and referral.target_training is None:
        errors["target_training"] = [_("Choose the training programme.")]
    if kind in ORGANISATION_KINDS:
        organisation = referral.target_organisation
        if organisation is None or not _may_see(actor, organisation):
            errors["target_organisation"] = [_("Choose an organisation you may see.")]
        elif organisation.pk == referral.case.organisation_id:
            errors["target_organisation"] = [_("A company cannot be referred to itself.")]
    if errors:
        raise ValidationError(errors)


def _may_see(actor: Any, organisation: Any) -> bool:
    if not getattr(actor, "pk", None):  # the system (demo, imports) sees everything
        return True
    return permissions.can(actor, permissions.Action.VIEW, organisation)


def _check_contact(referral: Referral) -> None:
    """A receiving contact works at the target organisation."""
    contact = referral.receiving_contact
    if contact is None:
        return
    organisation_id = referral.target_organisation_id
    if (
        organisation_id is None
        or not contact.affiliations.filter(organisation_id=organisation_id).exists()
    ):
        raise ValidationError(
            {"receiving_contact": [_("Choose a contact of the target organisation.")]}
        )


def _check_outcome(referral: Referral) -> None:
    recorded = referral.outcome_kind or referral.outcome_amount is not None
    if not recorded or referral.status in states.OUTCOME_STATUSES:
        return
    if referral.status == ReferralStatus.DECLINED and referral.outcome_kind in {
        "",
        OutcomeKind.NONE,
    }:
        return
    raise ValidationError({"outcome_kind": [_("Record an outcome once the referral is accepted.")]})


def _audit(actor: Any, action: AuditAction, referral: Referral, changes: Any) -> None:
    audit(
        actor=actor,
        action=action,
        instance=referral,
        case=referral.case,
        changes=changes,
        also=[referral.target_organisation],
    )


@transaction.atomic
def referral_create(
    *,
    actor: Any,
    need: Need,
    data: Mapping[str, Any],
    send: bool = False,
    sent_on: datetime.date | None = None,
) -> Referral:
    """Refer `need` to a target: proposed, or sent at once with `send`."""
    case = need.case
    refuse_if_closed(case)
    referral = Referral(case=case, need=need, status=ReferralStatus.PROPOSED)
    apply(referral, data, (*TARGET_FIELDS, *DETAIL_FIELDS))
    _check_target(referral, actor)
    _check_contact(referral)
    if send:
        referral.status = ReferralStatus.SENT
        referral.sent_on = sent_on or timezone.localdate()
    validate(referral)
    referral.save()
    _audit(actor, AuditAction.CREATE, referral, diff({}, plain(referral, REFERRAL_AUDIT_FIELDS)))
    search.index(referral)
    return referral


def _current(referral: Referral) -> Referral:
    return Referral.objects.select_related(
        "case__organisation", "need", "target_team", "target_organisation"
    ).get(pk=referral.pk)


def _save(actor: Any, current: Referral, before: Any, expected_version: int | None) -> Referral:
    validate(current)
    claim_version(current, expected_version)
    current.save()
    changes = diff(before, plain(current, REFERRAL_AUDIT_FIELDS))
    if changes:
        _audit(actor, AuditAction.UPDATE, current, changes)
        search.index(current)
    return current


@transaction.atomic
def referral_update(
    *, actor: Any, referral: Referral, data: Mapping[str, Any], expected_version: int | None
) -> Referral:
    """Change the target (while the referral is only proposed) or the details."""
    current = _current(referral)
    before = plain(current, REFERRAL_AUDIT_FIELDS)
    if any(field in data for field in TARGET_FIELDS):
        old_target = [getattr(current, field) for field in TARGET_FIELDS]
        apply(current, data, TARGET_FIELDS)
        _check_target(current, actor)
        new_target = [getattr(current, field) for field in TARGET_FIELDS]
        if new_target != old_target and current.status != ReferralStatus.PROPOSED:
            raise ValidationError(
                {"target_kind": [_("This referral was sent: its target can no longer change.")]}
            )
    apply(current, data, DETAIL_FIELDS)
    _check_contact(current)
    return _save(actor, current, before, expected_version)


def _move(current: Referral, to_status: str, on: datetime.date | None, as_target: bool) -> None:
    """Move the status; sending dates `sent_on`, the first answer dates `answered_on`."""
    message = states.check_referral_move(current.status, to_status, answering_only=as_target)
    if message:
        raise ValidationError({"status": [message]})
    today = timezone.localdate()
    if on is not None and on > today:
        raise ValidationError({"status": [_("The date cannot be in the future.")]})
    if to_status == ReferralStatus.SENT:
        current.sent_on = on or today
    elif current.status != ReferralStatus.PROPOSED and current.answered_on is None:
        current.answered_on = on or today
    current.status = to_status


@transaction.atomic
def referral_send(
    *,
    actor: Any,
    referral: Referral,
    expected_version: int | None,
    sent_on: datetime.date | None = None,
) -> Referral:
    """A proposed referral goes out to its target."""
    current = _current(referral)
    before = plain(current, REFERRAL_AUDIT_FIELDS)
    _move(current, ReferralStatus.SENT, sent_on, as_target=False)
    return _save(actor, current, before, expected_version)


@transaction.atomic
def referral_answer(
    *,
    actor: Any,
    referral: Referral,
    data: Mapping[str, Any],
    expected_version: int | None,
    as_target: bool,
) -> Referral:
    """Record the target's answer: a new `status` (accepted, declined, in progress, done),
    the `answered_on` date (today by default), who handles it and the outcome.

    `as_target`: the actor answers as a member of the target team, who may only make the
    answer's moves (not send nor withdraw a proposal).
    """
    current = _current(referral)
    before = plain(current, REFERRAL_AUDIT_FIELDS)
    to_status = data.get("status") or current.status
    if to_status != current.status:
        _move(current, to_status, data.get("answered_on"), as_target)
    apply(current, data, ("receiving_person", "receiving_contact", *OUTCOME_FIELDS))
    _check_contact(current)
    _check_outcome(current)
    return _save(actor, current, before, expected_version)
