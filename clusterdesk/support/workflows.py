"""Cross-step operations of the support journey, for views, the API and other apps.

- `open_case`: open a case for an organisation, with its first needs if any;
- `add_proposed_needs`: turn the needs a diagnosis (or an interaction) proposes into needs
  of a case, skipping those the case already holds;
- `refer_need`, `send_referral`: refer a need to a team, provider, instrument or partner and
  send it, moving the case to "referred" when the journey allows it.

Other apps hand needs over as plain `ProposedNeed` dataclasses (the diagnostics app builds
them from scores), so they never write support records themselves.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clusterdesk.catalogue.themes import Theme
from clusterdesk.diagnostics import selectors as diagnostics_selectors
from clusterdesk.diagnostics import services as diagnostics_services
from clusterdesk.support import services, states
from clusterdesk.support.models import (
    Need,
    NeedCategory,
    NeedSource,
    NeedStatus,
    Origin,
    Priority,
    Referral,
    SupportCase,
    TargetKind,
)


@dataclass(frozen=True)
class ProposedNeed:
    """A need suggested by another step of the journey.

    - `theme`: a `catalogue.themes.Theme` value, or "";
    - `category`: a `support.models.NeedCategory` value, or "";
    - `text`: the need, in a sentence;
    - `priority`: "high", "medium" or "low".
    """

    theme: str
    category: str
    text: str
    priority: str = Priority.MEDIUM


def _normalised(text: str) -> str:
    return " ".join(text.split()).casefold()


def _check(proposed: list[ProposedNeed]) -> None:
    """Every proposed need is valid, or nothing is written: one error per bad need."""
    problems = []
    for number, need in enumerate(proposed, start=1):
        if need.theme and need.theme not in Theme.values:
            problems.append(
                _("Need %(n)d: unknown theme “%(v)s”.") % {"n": number, "v": need.theme}
            )
        if need.category and need.category not in NeedCategory.values:
            problems.append(
                _("Need %(n)d: unknown category “%(v)s”.") % {"n": number, "v": need.category}
            )
        if need.priority not in Priority.values:
            problems.append(
                _("Need %(n)d: unknown priority “%(v)s”.") % {"n": number, "v": need.priority}
            )
        if not need.text.strip():
            problems.append(_("Need %(n)d has no text.") % {"n": number})
    if problems:
        raise ValidationError({"needs": problems})


@transaction.atomic
def add_proposed_needs(
    *,
    actor: Any,
    case: SupportCase,
    proposed: Iterable[ProposedNeed],
    source: str = NeedSource.DIAGNOSIS,
    diagnosis: Any = None,
) -> list[Need]:
    """Add the proposed needs to `case` (from `diagnosis` when given); a need whose text the
    case already holds (open or not) is skipped. Returns the needs created, in order."""
    proposed = list(proposed)
    _check(proposed)
    known = {_normalised(text) for text in case.needs.values_list("text", flat=True)}
    created = []
    for item in proposed:
        key = _normalised(item.text)
        if key in known:
            continue
        known.add(key)
        data = {
            "text": item.text,
            "theme": item.theme,
            "category": item.category,
            "priority": item.priority,
            "status": NeedStatus.OPEN,
            "source": source,
            "diagnosis": diagnosis,
        }
        created.append(services.need_create(actor=actor, case=case, data=data))
    return created


@transaction.atomic
def open_case(
    *,
    actor: Any,
    organisation: Any,
    cluster: Any,
    problem_statement: str,
    origin: str = Origin.INBOUND,
    owner: Any = None,
    opened_on: datetime.date | None = None,
    needs: Iterable[ProposedNeed] = (),
    need_source: str = NeedSource.MANUAL,
) -> SupportCase:
    """Open a case for `organisation` in `cluster` (owned by `owner`, else the actor), with
    its first needs."""
    data = {
        "organisation": organisation,
        "cluster": cluster,
        "owner": owner,
        "origin": origin,
        "problem_statement": problem_statement,
        "opened_on": opened_on,
    }
    case = services.case_create(actor=actor, data=data)
    add_proposed_needs(actor=actor, case=case, proposed=needs, source=need_source)
    return case


def _advance_to_referred(actor: Any, case: SupportCase) -> bool:
    """Move `case` to "referred" when its state allows that step; say whether it moved."""
    case.refresh_from_db(fields=["state", "version"])
    if states.State.REFERRED not in states.next_states(case.state):
        return False
    services.case_transition(
        actor=actor, case=case, to_state=states.State.REFERRED, reason="", expected_version=None
    )
    return True


@transaction.atomic
def refer_need(
    *,
    actor: Any,
    need: Need,
    data: Mapping[str, Any],
    send: bool = False,
    sent_on: datetime.date | None = None,
    advance_case: bool = True,
) -> Referral:
    """Refer `need` to the target `data` names (the fields of `services.referral_create`).

    With `send`, it goes out at once, and with `advance_case` (the default) the case moves to
    "referred" if its state allows that step; otherwise the case stays where it is (a case
    still at its first contact is not referred behind the manager's back).
    """
    referral = services.referral_create(
        actor=actor, need=need, data=data, send=send, sent_on=sent_on
    )
    if send and advance_case:
        _advance_to_referred(actor, referral.case)
    return referral


@transaction.atomic
def send_referral(
    *,
    actor: Any,
    referral: Referral,
    expected_version: int | None,
    sent_on: datetime.date | None = None,
    advance_case: bool = True,
) -> Referral:
    """Send a proposed referral; the case moves to "referred" as in `refer_need`."""
    sent = services.referral_send(
        actor=actor, referral=referral, expected_version=expected_version, sent_on=sent_on
    )
    if advance_case:
        _advance_to_referred(actor, sent.case)
    return sent


# What each diagnostic need category (questionnaire data) files under.
DIAGNOSIS_CATEGORIES = {
    "Automation and AI": NeedCategory.DIGITAL,
    "Business model": NeedCategory.INNOVATION_PROJECT,
    "Circular economy": NeedCategory.SUSTAINABILITY,
    "Data and cybersecurity": NeedCategory.DIGITAL,
    "Decarbonisation and energy": NeedCategory.SUSTAINABILITY,
    "Digital skills and training": NeedCategory.SKILLS,
    "Digital strategy": NeedCategory.DIGITAL,
    "Digital technologies": NeedCategory.DIGITAL,
    "Digital transformation": NeedCategory.DIGITAL,
    "Green digitalisation": NeedCategory.SUSTAINABILITY,
    "Markets and supply chain": NeedCategory.MARKET_INTELLIGENCE,
    "Partners and supply chain": NeedCategory.NETWORKING,
    "Processes and organisation": NeedCategory.OTHER,
    "R&D and innovation": NeedCategory.INNOVATION_PROJECT,
    "Strategic repositioning": NeedCategory.MARKET_INTELLIGENCE,
    "Sustainability": NeedCategory.SUSTAINABILITY,
    "Water": NeedCategory.SUSTAINABILITY,
}


@transaction.atomic
def needs_from_diagnosis(*, actor: Any, case: SupportCase, diagnosis: Any) -> list[Need]:
    """Turn what a completed diagnosis proposes into needs of `case` (each linked to the
    diagnosis), and record the diagnosis as the case's diagnosis step."""
    diagnostics_services.diagnosis_attach_case(actor=actor, diagnosis=diagnosis, case=case)
    proposed = [
        ProposedNeed(
            theme=item.theme,
            category=DIAGNOSIS_CATEGORIES.get(item.category, NeedCategory.OTHER),
            text=item.text,
            priority=item.priority,
        )
        for item in diagnostics_selectors.diagnosis_proposed_needs(diagnosis)
    ]
    return add_proposed_needs(
        actor=actor, case=case, proposed=proposed, source=NeedSource.DIAGNOSIS, diagnosis=diagnosis
    )


# What a match of each kind becomes as a referral's target.
MATCH_TARGETS = {
    "team": (TargetKind.AGENCY_TEAM, "target_team"),
    "instrument": (TargetKind.INSTRUMENT, "target_instrument"),
    "call": (TargetKind.CALL, "target_call"),
    "training": (TargetKind.TRAINING, "target_training"),
    "provider": (TargetKind.SERVICE_PROVIDER, "target_organisation"),
    "organisation": (TargetKind.PARTNER, "target_organisation"),
}


@transaction.atomic
def refer_match(*, actor: Any, need: Need, kind: str, target: Any, note: str = "") -> Referral:
    """One click on a match: a proposed referral of `need` to `target`, a record of the
    match's `kind` (an agency team, instrument, call, training, provider or partner
    organisation). The manager checks it and sends it from the referral's page."""
    if kind not in MATCH_TARGETS:
        raise ValidationError({"kind": [_("Unknown kind of match “%(kind)s”.") % {"kind": kind}]})
    target_kind, field = MATCH_TARGETS[kind]
    data = {"target_kind": target_kind, field: target, "note": note}
    return services.referral_create(actor=actor, need=need, data=data)
