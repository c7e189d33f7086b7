"""The support journey's state machine (DOMAIN.md §3) and a referral's statuses.

Pure: plain data and functions, no database. The services ask `check_transition` before
they move a case, and the pages and the API show `next_states` as the next steps.

The journey:

    FIRST_CONTACT → DIAGNOSIS → SOLUTIONS_PROPOSED → REFERRED ⇄ ROADMAP_AGREED → FOLLOW_UP
                                                                                  ↓
                                                                   CLOSED_DONE / CLOSED_DORMANT

- DIAGNOSIS may be skipped (FIRST_CONTACT → SOLUTIONS_PROPOSED), with a reason;
- REFERRED and ROADMAP_AGREED come in either order, and either leads to FOLLOW_UP;
- FOLLOW_UP → DIAGNOSIS is a re-diagnosis (T1);
- FIRST_CONTACT or DIAGNOSIS → CLOSED_NO_NEED when the company needs nothing;
- every open state may go dormant (the company disengages); a dormant case reopens;
- closing and reopening need a reason (closing: the closure reason).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class State(models.TextChoices):
    FIRST_CONTACT = "first_contact", _("First contact")
    DIAGNOSIS = "diagnosis", _("Diagnosis")
    SOLUTIONS_PROPOSED = "solutions_proposed", _("Solutions proposed")
    REFERRED = "referred", _("Referred")
    ROADMAP_AGREED = "roadmap_agreed", _("Roadmap agreed")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSED_DONE = "closed_done", _("Closed: done")
    CLOSED_NO_NEED = "closed_no_need", _("Closed: no need")
    CLOSED_DORMANT = "closed_dormant", _("Closed: dormant")


CLOSED_STATES = frozenset({State.CLOSED_DONE, State.CLOSED_NO_NEED, State.CLOSED_DORMANT})
OPEN_STATES = frozenset(State) - CLOSED_STATES

# The journey's main line, in order (the stepper on the case page).
JOURNEY = (
    State.FIRST_CONTACT,
    State.DIAGNOSIS,
    State.SOLUTIONS_PROPOSED,
    State.REFERRED,
    State.ROADMAP_AGREED,
    State.FOLLOW_UP,
)

# Allowed next states of each state, in the order the case page offers them.
TRANSITIONS: Mapping[State, tuple[State, ...]] = {
    State.FIRST_CONTACT: (
        State.DIAGNOSIS,
        State.SOLUTIONS_PROPOSED,
        State.CLOSED_NO_NEED,
        State.CLOSED_DORMANT,
    ),
    State.DIAGNOSIS: (State.SOLUTIONS_PROPOSED, State.CLOSED_NO_NEED, State.CLOSED_DORMANT),
    State.SOLUTIONS_PROPOSED: (State.REFERRED, State.ROADMAP_AGREED, State.CLOSED_DORMANT),
    State.REFERRED: (State.ROADMAP_AGREED, State.FOLLOW_UP, State.CLOSED_DORMANT),
    State.ROADMAP_AGREED: (State.REFERRED, State.FOLLOW_UP, State.CLOSED_DORMANT),
    State.FOLLOW_UP: (State.DIAGNOSIS, State.CLOSED_DONE, State.CLOSED_DORMANT),
    State.CLOSED_DONE: (),
    State.CLOSED_NO_NEED: (),
    State.CLOSED_DORMANT: (State.FIRST_CONTACT, State.FOLLOW_UP),
}

# What the button of each step says, when it differs from "go to <state>".
STEP_LABELS: Mapping[tuple[State, State], Promise] = {
    (State.FIRST_CONTACT, State.DIAGNOSIS): _("Start the diagnosis"),
    (State.FIRST_CONTACT, State.SOLUTIONS_PROPOSED): _("Skip the diagnosis: propose solutions"),
    (State.DIAGNOSIS, State.SOLUTIONS_PROPOSED): _("Propose solutions"),
    (State.SOLUTIONS_PROPOSED, State.REFERRED): _("Referred to a team or partner"),
    (State.SOLUTIONS_PROPOSED, State.ROADMAP_AGREED): _("Roadmap agreed"),
    (State.REFERRED, State.ROADMAP_AGREED): _("Roadmap agreed"),
    (State.ROADMAP_AGREED, State.REFERRED): _("Referred to a team or partner"),
    (State.REFERRED, State.FOLLOW_UP): _("Start the follow-up"),
    (State.ROADMAP_AGREED, State.FOLLOW_UP): _("Start the follow-up"),
    (State.FOLLOW_UP, State.DIAGNOSIS): _("Re-diagnose (T1)"),
    (State.CLOSED_DORMANT, State.FIRST_CONTACT): _("Reopen from the first contact"),
    (State.CLOSED_DORMANT, State.FOLLOW_UP): _("Reopen in follow-up"),
}
CLOSING_LABELS: Mapping[State, Promise] = {
    State.CLOSED_DONE: pgettext_lazy("case step", "Close: done"),
    State.CLOSED_NO_NEED: pgettext_lazy("case step", "Close: no need"),
    State.CLOSED_DORMANT: pgettext_lazy("case step", "Close: dormant"),
}


def next_states(state: str) -> tuple[State, ...]:
    """The states a case in `state` may move to (none for an unknown state)."""
    try:
        return TRANSITIONS[State(state)]
    except ValueError:
        return ()


def is_closed(state: str) -> bool:
    return state in CLOSED_STATES


def skips_diagnosis(from_state: str, to_state: str) -> bool:
    return from_state == State.FIRST_CONTACT and to_state == State.SOLUTIONS_PROPOSED


def is_reopening(from_state: str, to_state: str) -> bool:
    return from_state == State.CLOSED_DORMANT and to_state in OPEN_STATES


def needs_reason(from_state: str, to_state: str) -> bool:
    """Skipping the diagnosis, closing and reopening must say why."""
    return (
        skips_diagnosis(from_state, to_state)
        or to_state in CLOSED_STATES
        or is_reopening(from_state, to_state)
    )


def step_label(from_state: str, to_state: str) -> str:
    """The text of the button that moves a case from `from_state` to `to_state`."""
    key = (State(from_state), State(to_state))
    if key in STEP_LABELS:
        return str(STEP_LABELS[key])
    if to_state in CLOSING_LABELS:
        return str(CLOSING_LABELS[State(to_state)])
    return str(State(to_state).label)


def labels(states: Iterable[str]) -> str:
    return ", ".join(str(State(state).label) for state in states)


@dataclass(frozen=True)
class TransitionProblem:
    """Why a transition is refused: the field it concerns and a message."""

    field: str  # "to_state" or "reason"
    message: str


def check_transition(from_state: str, to_state: str, reason: str) -> list[TransitionProblem]:
    """The problems of moving a case from `from_state` to `to_state` (none: allowed).

    An illegal move names the allowed next states; a move that needs a reason says so.
    """
    allowed = next_states(from_state)
    if to_state not in allowed:
        if allowed:
            message = _(
                "A case in “%(state)s” cannot go to “%(target)s”. Allowed next states: %(allowed)s."
            )
        else:
            message = _("A case in “%(state)s” cannot go to “%(target)s”: it is closed for good.")
        target = State(to_state).label if to_state in State.values else to_state
        current = State(from_state).label if from_state in State.values else from_state
        text = str(message) % {"state": current, "target": target, "allowed": labels(allowed)}
        return [TransitionProblem("to_state", text)]
    if needs_reason(from_state, to_state) and not reason.strip():
        return [TransitionProblem("reason", str(_reason_message(from_state, to_state)))]
    return []


def _reason_message(from_state: str, to_state: str) -> str:
    if skips_diagnosis(from_state, to_state):
        return str(_("Say why the diagnosis is skipped."))
    if to_state in CLOSED_STATES:
        return str(_("A closure reason is required to close a case."))
    return str(_("Say why the case is reopened."))


# --- referrals --------------------------------------------------------------------------------


class ReferralStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DECLINED = "declined", pgettext_lazy("referral status", "Declined")


# Moves made by whoever holds the case: sending a proposed referral, or dropping it.
SENDER_MOVES: Mapping[ReferralStatus, tuple[ReferralStatus, ...]] = {
    ReferralStatus.PROPOSED: (ReferralStatus.SENT, ReferralStatus.DECLINED),
}
# Moves of the answer: made by the target (the members of an agency team), or recorded by
# whoever holds the case (an external provider does not sign in).
ANSWER_MOVES: Mapping[ReferralStatus, tuple[ReferralStatus, ...]] = {
    ReferralStatus.SENT: (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED),
    ReferralStatus.ACCEPTED: (
        ReferralStatus.IN_PROGRESS,
        ReferralStatus.DONE,
        ReferralStatus.DECLINED,
    ),
    ReferralStatus.IN_PROGRESS: (ReferralStatus.DONE, ReferralStatus.DECLINED),
}
FINAL_STATUSES = frozenset({ReferralStatus.DONE, ReferralStatus.DECLINED})
# Statuses of a referral the target has not answered yet.
WAITING_STATUSES = frozenset({ReferralStatus.PROPOSED, ReferralStatus.SENT})
# Statuses in which an outcome may be recorded.
OUTCOME_STATUSES = frozenset(
    {ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS, ReferralStatus.DONE}
)


def referral_next_statuses(status: str, *, answering_only: bool = False) -> tuple[str, ...]:
    """The statuses a referral may move to; `answering_only`: the target's moves alone."""
    try:
        current = ReferralStatus(status)
    except ValueError:
        return ()
    answers = ANSWER_MOVES.get(current, ())
    return answers if answering_only else SENDER_MOVES.get(current, ()) + answers


def check_referral_move(status: str, to_status: str, *, answering_only: bool = False) -> str:
    """An error message when a referral may not move from `status` to `to_status`."""
    allowed = referral_next_statuses(status, answering_only=answering_only)
    if to_status in allowed:
        return ""
    current = ReferralStatus(status).label if status in ReferralStatus.values else status
    target = ReferralStatus(to_status).label if to_status in ReferralStatus.values else to_status
    if not allowed:
        return str(
            _("A referral that is “%(status)s” cannot become “%(target)s”.")
            % {"status": current, "target": target}
        )
    return str(
        _("A referral that is “%(status)s” cannot become “%(target)s”. Allowed: %(allowed)s.")
        % {
            "status": current,
            "target": target,
            "allowed": ", ".join(str(ReferralStatus(item).label) for item in allowed),
        }
    )
