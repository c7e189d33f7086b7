"""The journey's state machine and a referral's statuses: pure tables, no database.

Every pair of states is checked against the table below, written from DOMAIN.md §3, so a
change to `states.TRANSITIONS` that the diagram does not allow fails here.
"""

from __future__ import annotations

import itertools

import pytest

from clusterdesk.support import states
from clusterdesk.support.states import ReferralStatus, State

S = State

# (from, to) → the reason is required. Every pair not listed is refused.
ALLOWED: dict[tuple[State, State], bool] = {
    (S.FIRST_CONTACT, S.DIAGNOSIS): False,
    (S.FIRST_CONTACT, S.SOLUTIONS_PROPOSED): True,  # the diagnosis is skipped
    (S.FIRST_CONTACT, S.CLOSED_NO_NEED): True,
    (S.FIRST_CONTACT, S.CLOSED_DORMANT): True,
    (S.DIAGNOSIS, S.SOLUTIONS_PROPOSED): False,
    (S.DIAGNOSIS, S.CLOSED_NO_NEED): True,
    (S.DIAGNOSIS, S.CLOSED_DORMANT): True,
    (S.SOLUTIONS_PROPOSED, S.REFERRED): False,
    (S.SOLUTIONS_PROPOSED, S.ROADMAP_AGREED): False,
    (S.SOLUTIONS_PROPOSED, S.CLOSED_DORMANT): True,
    (S.REFERRED, S.ROADMAP_AGREED): False,
    (S.REFERRED, S.FOLLOW_UP): False,
    (S.REFERRED, S.CLOSED_DORMANT): True,
    (S.ROADMAP_AGREED, S.REFERRED): False,
    (S.ROADMAP_AGREED, S.FOLLOW_UP): False,
    (S.ROADMAP_AGREED, S.CLOSED_DORMANT): True,
    (S.FOLLOW_UP, S.DIAGNOSIS): False,  # re-diagnosis (T1)
    (S.FOLLOW_UP, S.CLOSED_DONE): True,
    (S.FOLLOW_UP, S.CLOSED_DORMANT): True,
    (S.CLOSED_DORMANT, S.FIRST_CONTACT): True,  # reopened
    (S.CLOSED_DORMANT, S.FOLLOW_UP): True,
}
ALL_PAIRS = list(itertools.product(State, State))


@pytest.mark.parametrize(("from_state", "to_state"), ALL_PAIRS)
def test_a_move_is_allowed_exactly_when_the_journey_table_says_so(
    from_state: State, to_state: State
) -> None:
    allowed = (from_state, to_state) in ALLOWED
    assert (to_state in states.next_states(from_state)) is allowed
    problems = states.check_transition(from_state, to_state, reason="A reason.")
    assert (problems == []) is allowed


@pytest.mark.parametrize(("move", "required"), ALLOWED.items())
def test_a_reason_is_required_to_skip_the_diagnosis_close_or_reopen(
    move: tuple[State, State], required: bool
) -> None:
    from_state, to_state = move
    assert states.needs_reason(from_state, to_state) is required
    problems = states.check_transition(from_state, to_state, reason="   ")
    if required:
        assert [problem.field for problem in problems] == ["reason"]
    else:
        assert problems == []


def test_an_illegal_move_names_the_allowed_next_states() -> None:
    [problem] = states.check_transition(S.FIRST_CONTACT, S.FOLLOW_UP, reason="")

    assert problem.field == "to_state"
    assert "Diagnosis" in problem.message
    assert "Solutions proposed" in problem.message
    assert "Closed: no need" in problem.message
    assert "Follow-up" in problem.message.split("Allowed next states:")[0]


def test_a_case_closed_for_good_says_so() -> None:
    [problem] = states.check_transition(S.CLOSED_DONE, S.FOLLOW_UP, reason="Back again")

    assert problem.field == "to_state"
    assert "closed for good" in problem.message


def test_an_unknown_state_is_refused_not_an_error() -> None:
    assert states.next_states("lost") == ()
    [problem] = states.check_transition(S.DIAGNOSIS, "nowhere", reason="")
    assert problem.field == "to_state"


def test_closing_asks_for_the_closure_reason_and_skipping_for_why() -> None:
    [closing] = states.check_transition(S.FOLLOW_UP, S.CLOSED_DONE, reason="")
    [skipping] = states.check_transition(S.FIRST_CONTACT, S.SOLUTIONS_PROPOSED, reason="")
    [reopening] = states.check_transition(S.CLOSED_DORMANT, S.FOLLOW_UP, reason="")

    assert "closure reason" in closing.message
    assert "diagnosis is skipped" in skipping.message
    assert "reopened" in reopening.message


def test_referred_and_roadmap_agreed_come_in_either_order() -> None:
    assert S.ROADMAP_AGREED in states.next_states(S.REFERRED)
    assert S.REFERRED in states.next_states(S.ROADMAP_AGREED)
    assert S.FOLLOW_UP in states.next_states(S.REFERRED)
    assert S.FOLLOW_UP in states.next_states(S.ROADMAP_AGREED)


def test_every_open_state_may_go_dormant_and_only_dormant_reopens() -> None:
    for state in states.OPEN_STATES:
        assert S.CLOSED_DORMANT in states.next_states(state)
    assert states.next_states(S.CLOSED_DONE) == ()
    assert states.next_states(S.CLOSED_NO_NEED) == ()
    assert states.is_reopening(S.CLOSED_DORMANT, S.FIRST_CONTACT)


def test_every_step_has_a_button_label() -> None:
    for from_state, to_state in ALLOWED:
        assert states.step_label(from_state, to_state)
    assert states.step_label(S.FOLLOW_UP, S.DIAGNOSIS) == "Re-diagnose (T1)"
    assert states.step_label(S.FOLLOW_UP, S.CLOSED_DONE) == "Close: done"


# --- referrals --------------------------------------------------------------------------------

R = ReferralStatus
SENDER = {(R.PROPOSED, R.SENT), (R.PROPOSED, R.DECLINED)}
ANSWERS = {
    (R.SENT, R.ACCEPTED),
    (R.SENT, R.DECLINED),
    (R.ACCEPTED, R.IN_PROGRESS),
    (R.ACCEPTED, R.DONE),
    (R.ACCEPTED, R.DECLINED),
    (R.IN_PROGRESS, R.DONE),
    (R.IN_PROGRESS, R.DECLINED),
}


@pytest.mark.parametrize(("status", "to_status"), list(itertools.product(R, R)))
def test_a_referral_moves_as_the_table_says_and_targets_only_answer(
    status: ReferralStatus, to_status: ReferralStatus
) -> None:
    move = (status, to_status)
    assert (to_status in states.referral_next_statuses(status)) is (move in SENDER | ANSWERS)
    assert (to_status in states.referral_next_statuses(status, answering_only=True)) is (
        move in ANSWERS
    )
    message = states.check_referral_move(status, to_status, answering_only=True)
    assert (message == "") is (move in ANSWERS)


def test_a_refused_referral_move_lists_what_is_allowed() -> None:
    message = states.check_referral_move(R.SENT, R.DONE)
    assert "Accepted" in message
    assert "Declined" in message
    assert "cannot become" in states.check_referral_move(R.DONE, R.SENT)


def test_the_api_filters_list_every_state_and_status() -> None:
    """The query schemas spell the states out (one Literal, so a bad value is one error)."""
    import typing

    from clusterdesk.support import schemas

    assert set(typing.get_args(schemas.CaseStateFilter)) == {*State.values, "open", "closed"}
    assert set(typing.get_args(schemas.ReferralStatusFilter)) == {
        *ReferralStatus.values,
        "waiting",
        "open",
    }
