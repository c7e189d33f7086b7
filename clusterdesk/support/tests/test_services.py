"""The support services and workflows: what they write, what they refuse, what they record."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from clusterdesk.core.audit import timeline
from clusterdesk.core.concurrency import StaleVersionError
from clusterdesk.core.models import AuditAction
from clusterdesk.organisations.tests.factories import ContactFactory, OrganisationFactory
from clusterdesk.support import services, workflows
from clusterdesk.support.models import NeedStatus, SupportCase
from clusterdesk.support.states import ReferralStatus, State
from clusterdesk.support.tests.conftest import add_need, days, move, open_case
from clusterdesk.support.workflows import ProposedNeed

pytestmark = pytest.mark.django_db


def errors_of(raised: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return raised.value.message_dict


# --- cases ------------------------------------------------------------------------------------


def test_opening_a_case_starts_at_the_first_contact_with_a_history_and_a_timeline_event(
    case_a: SupportCase, organisation_a: Any, manager_a: Any
) -> None:
    assert case_a.state == State.FIRST_CONTACT
    [opened] = case_a.state_changes.all()
    assert (opened.from_state, opened.to_state, opened.by) == ("", State.FIRST_CONTACT, manager_a)
    event = timeline(organisation_a).filter(action=AuditAction.CREATE).first()
    assert event is not None
    assert event.object_id == case_a.pk


def test_the_case_owner_defaults_to_whoever_opens_it(
    organisation_a: Any, cluster_a: Any, manager_a: Any
) -> None:
    case = services.case_create(
        actor=manager_a,
        data={"organisation": organisation_a, "cluster": cluster_a, "problem_statement": "X"},
    )
    assert case.owner == manager_a
    assert case.opened_on == days(0)


def test_a_case_cannot_be_opened_in_the_future(
    organisation_a: Any, cluster_a: Any, manager_a: Any
) -> None:
    with pytest.raises(ValidationError) as raised:
        open_case(organisation_a, cluster_a, manager_a, opened_on=days(3))
    assert "opened_on" in errors_of(raised)
    assert not SupportCase.objects.exists()


def test_a_case_without_a_problem_statement_is_refused_on_that_field(
    organisation_a: Any, cluster_a: Any, manager_a: Any
) -> None:
    with pytest.raises(ValidationError) as raised:
        open_case(organisation_a, cluster_a, manager_a, problem_statement="  ")
    assert "problem_statement" in errors_of(raised)


def test_a_transition_moves_the_state_and_records_from_to_reason_who_and_when(
    case_a: SupportCase, manager_a: Any, organisation_a: Any
) -> None:
    case = services.case_transition(
        actor=manager_a,
        case=case_a,
        to_state=State.DIAGNOSIS,
        reason="",
        expected_version=case_a.version,
    )

    assert case.state == State.DIAGNOSIS
    change = case.state_changes.last()
    assert (change.from_state, change.to_state, change.by) == (
        State.FIRST_CONTACT,
        State.DIAGNOSIS,
        manager_a,
    )
    latest = timeline(organisation_a).first()
    assert latest.changes["state"] == [State.FIRST_CONTACT, State.DIAGNOSIS]


def test_an_illegal_transition_is_refused_with_the_allowed_next_states(
    case_a: SupportCase,
) -> None:
    with pytest.raises(ValidationError) as raised:
        services.case_transition(
            actor=None, case=case_a, to_state=State.FOLLOW_UP, reason="", expected_version=None
        )

    [message] = errors_of(raised)["to_state"]
    assert "Allowed next states: Diagnosis, Solutions proposed" in message
    case_a.refresh_from_db()
    assert case_a.state == State.FIRST_CONTACT
    assert case_a.state_changes.count() == 1


def test_skipping_the_diagnosis_needs_a_reason_which_the_history_keeps(
    case_a: SupportCase,
) -> None:
    with pytest.raises(ValidationError) as raised:
        services.case_transition(
            actor=None,
            case=case_a,
            to_state=State.SOLUTIONS_PROPOSED,
            reason="",
            expected_version=None,
        )
    assert "reason" in errors_of(raised)

    case = services.case_transition(
        actor=None,
        case=case_a,
        to_state=State.SOLUTIONS_PROPOSED,
        reason="Diagnosed last year by a consultant.",
        expected_version=None,
    )
    assert case.state_changes.last().reason == "Diagnosed last year by a consultant."


def test_closing_records_the_closure_reason_date_and_outcome(case_a: SupportCase) -> None:
    case = move(case_a, State.DIAGNOSIS, State.SOLUTIONS_PROPOSED, State.REFERRED)
    case = move(case, State.FOLLOW_UP)
    case = services.case_transition(
        actor=None,
        case=case,
        to_state=State.CLOSED_DONE,
        reason="Roadmap completed.",
        expected_version=case.version,
        outcome_summary="Funding obtained.",
    )

    assert case.state == State.CLOSED_DONE
    assert case.closed_on == days(0)
    assert case.closure_reason == "Roadmap completed."
    assert case.outcome_summary == "Funding obtained."


def test_closing_without_a_reason_is_refused(case_a: SupportCase) -> None:
    with pytest.raises(ValidationError) as raised:
        services.case_transition(
            actor=None,
            case=case_a,
            to_state=State.CLOSED_NO_NEED,
            reason="",
            expected_version=None,
        )
    assert errors_of(raised)["reason"] == ["A closure reason is required to close a case."]


def test_a_dormant_case_reopens_and_its_closure_is_cleared(case_a: SupportCase) -> None:
    case = move(case_a, State.CLOSED_DORMANT, reason="No answer for months.")
    assert case.is_closed
    assert case.closed_on is not None

    case = move(case, State.FOLLOW_UP, reason="The company called back.")

    assert case.state == State.FOLLOW_UP
    assert (case.closed_on, case.closure_reason) == (None, "")
    reasons = list(case.state_changes.values_list("reason", flat=True))
    assert "No answer for months." in reasons


def test_a_follow_up_may_go_back_to_a_re_diagnosis(case_a: SupportCase) -> None:
    case = move(case_a, State.DIAGNOSIS, State.SOLUTIONS_PROPOSED, State.ROADMAP_AGREED)
    case = move(case, State.REFERRED, State.FOLLOW_UP, State.DIAGNOSIS)
    assert case.state == State.DIAGNOSIS


def test_a_stale_transition_is_refused_and_records_nothing(case_a: SupportCase) -> None:
    stale = case_a.version
    move(case_a, State.DIAGNOSIS)

    with pytest.raises(StaleVersionError):
        services.case_transition(
            actor=None,
            case=case_a,
            to_state=State.CLOSED_DORMANT,
            reason="Gone quiet.",
            expected_version=stale,
        )
    assert case_a.state_changes.count() == 2


def test_editing_a_case_audits_the_changes_and_keeps_the_state(
    case_a: SupportCase, manager_b: Any, cluster_b: Any
) -> None:
    case = services.case_update(
        actor=None,
        case=case_a,
        data={"owner": manager_b, "cluster": cluster_b, "state": State.CLOSED_DONE},
        expected_version=case_a.version,
    )
    assert (case.owner, case.cluster, case.state) == (manager_b, cluster_b, State.FIRST_CONTACT)
    assert set(timeline(case).first().changes) == {"owner", "cluster"}


def test_a_closed_case_keeps_a_closure_reason(case_a: SupportCase) -> None:
    case = move(case_a, State.CLOSED_NO_NEED, reason="Nothing to do.")
    with pytest.raises(ValidationError) as raised:
        services.case_update(
            actor=None, case=case, data={"closure_reason": ""}, expected_version=None
        )
    assert "closure_reason" in errors_of(raised)


# --- needs ------------------------------------------------------------------------------------


def test_a_need_is_added_edited_and_closed_with_its_events_on_the_company_file(
    case_a: SupportCase, organisation_a: Any
) -> None:
    need = add_need(case_a, priority="high")
    need = services.need_update(
        actor=None, need=need, data={"text": "Choose an MES"}, expected_version=need.version
    )
    need = services.need_close(actor=None, need=need, expected_version=need.version)

    assert (need.text, need.priority, need.status) == ("Choose an MES", "high", NeedStatus.CLOSED)
    kinds = {event.object_type.model for event in timeline(organisation_a)}
    assert "need" in kinds


def test_a_need_with_an_unknown_theme_is_refused_on_that_field(case_a: SupportCase) -> None:
    with pytest.raises(ValidationError) as raised:
        add_need(case_a, theme="astrology")
    assert "theme" in errors_of(raised)


def test_a_closed_case_takes_no_new_needs(case_a: SupportCase) -> None:
    case = move(case_a, State.CLOSED_NO_NEED, reason="Nothing to do.")
    with pytest.raises(ValidationError, match="closed"):
        add_need(case)


# --- referrals --------------------------------------------------------------------------------


def test_a_referral_to_a_team_is_proposed_then_sent(need_a: Any, team: Any) -> None:
    referral = services.referral_create(
        actor=None, need=need_a, data={"target_kind": "agency_team", "target_team": team}
    )
    assert (referral.status, referral.sent_on, referral.case) == (
        ReferralStatus.PROPOSED,
        None,
        need_a.case,
    )

    referral = services.referral_send(actor=None, referral=referral, expected_version=None)
    assert (referral.status, referral.sent_on) == (ReferralStatus.SENT, days(0))


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"target_kind": "agency_team"}, "target_team"),
        ({"target_kind": "service_provider"}, "target_organisation"),
        ({"target_kind": "partner"}, "target_organisation"),
        ({"target_kind": "instrument", "instrument_name": " "}, "target_instrument"),
        ({"target_kind": "call"}, "target_call"),
        ({"target_kind": "training"}, "target_training"),
        ({"target_kind": "somewhere"}, "target_kind"),
    ],
)
def test_a_referral_without_the_target_of_its_kind_is_refused_on_that_field(
    need_a: Any, data: dict, field: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        services.referral_create(actor=None, need=need_a, data=data)
    assert field in errors_of(raised)


def test_a_referral_keeps_only_the_target_of_its_kind(need_a: Any, team: Any) -> None:
    referral = services.referral_create(
        actor=None,
        need=need_a,
        data={"target_kind": "instrument", "instrument_name": "Fit 4 Digital", "target_team": team},
    )
    assert (referral.target_team, referral.target_label) == (None, "Fit 4 Digital")


def test_an_organisation_the_actor_may_not_see_is_refused_as_a_target(
    need_a: Any, provider: Any, analyst: Any
) -> None:
    with pytest.raises(ValidationError) as raised:
        services.referral_create(
            actor=analyst,
            need=need_a,
            data={"target_kind": "service_provider", "target_organisation": provider},
        )
    assert errors_of(raised)["target_organisation"] == ["Choose an organisation you may see."]


def test_a_company_cannot_be_referred_to_itself(need_a: Any, organisation_a: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        services.referral_create(
            actor=None,
            need=need_a,
            data={"target_kind": "partner", "target_organisation": organisation_a},
        )
    assert "target_organisation" in errors_of(raised)


def test_the_receiving_contact_works_at_the_target_organisation(
    need_a: Any, provider: Any, provider_contact: Any
) -> None:
    stranger = ContactFactory(organisation=OrganisationFactory(legal_name="Elsewhere S.A."))
    target = {"target_kind": "service_provider", "target_organisation": provider}
    with pytest.raises(ValidationError) as raised:
        services.referral_create(
            actor=None, need=need_a, data={**target, "receiving_contact": stranger}
        )
    assert "receiving_contact" in errors_of(raised)

    referral = services.referral_create(
        actor=None, need=need_a, data={**target, "receiving_contact": provider_contact}
    )
    assert referral.receiving_contact == provider_contact


def test_a_referral_event_also_shows_on_the_providers_company_file(
    need_a: Any, provider: Any
) -> None:
    referral = services.referral_create(
        actor=None,
        need=need_a,
        data={"target_kind": "service_provider", "target_organisation": provider},
    )
    assert timeline(provider).filter(object_id=referral.pk).exists()


def test_the_target_of_a_sent_referral_cannot_change(
    referral_to_team: Any, other_team: Any
) -> None:
    with pytest.raises(ValidationError) as raised:
        services.referral_update(
            actor=None,
            referral=referral_to_team,
            data={"target_kind": "agency_team", "target_team": other_team},
            expected_version=None,
        )
    assert "target_kind" in errors_of(raised)


def test_the_target_team_answers_accepted_then_done_with_an_outcome(
    referral_to_team: Any, expert: Any
) -> None:
    referral = services.referral_answer(
        actor=expert,
        referral=referral_to_team,
        data={"status": "accepted", "receiving_person": "Eva Schiltz"},
        expected_version=referral_to_team.version,
        as_target=True,
    )
    assert (referral.status, referral.answered_on) == (ReferralStatus.ACCEPTED, days(0))

    referral = services.referral_answer(
        actor=expert,
        referral=referral,
        data={"status": "done", "outcome_kind": "funding_obtained", "outcome_amount": 40000},
        expected_version=referral.version,
        as_target=True,
    )
    assert (referral.status, referral.outcome_amount) == (ReferralStatus.DONE, Decimal(40000))
    assert referral.answered_on == days(0)


def test_a_target_may_not_send_or_skip_its_answer(need_a: Any, team: Any, expert: Any) -> None:
    proposed = services.referral_create(
        actor=None, need=need_a, data={"target_kind": "agency_team", "target_team": team}
    )
    with pytest.raises(ValidationError) as raised:
        services.referral_answer(
            actor=expert,
            referral=proposed,
            data={"status": "sent"},
            expected_version=None,
            as_target=True,
        )
    assert "status" in errors_of(raised)


def test_an_illegal_referral_move_is_refused_with_what_is_allowed(referral_to_team: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        services.referral_answer(
            actor=None,
            referral=referral_to_team,
            data={"status": "done"},
            expected_version=None,
            as_target=False,
        )
    [message] = errors_of(raised)["status"]
    assert "Allowed: Accepted, Declined" in message


def test_an_outcome_waits_for_the_acceptance_and_an_amount_for_an_outcome(
    referral_to_team: Any,
) -> None:
    with pytest.raises(ValidationError) as raised:
        services.referral_answer(
            actor=None,
            referral=referral_to_team,
            data={"outcome_kind": "partnership"},
            expected_version=None,
            as_target=False,
        )
    assert "outcome_kind" in errors_of(raised)

    with pytest.raises(ValidationError) as raised:
        services.referral_answer(
            actor=None,
            referral=referral_to_team,
            data={"status": "accepted", "outcome_amount": 1000},
            expected_version=None,
            as_target=False,
        )
    assert "outcome_amount" in errors_of(raised)


def test_an_answer_dated_in_the_future_is_refused(referral_to_team: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        services.referral_answer(
            actor=None,
            referral=referral_to_team,
            data={"status": "accepted", "answered_on": days(2)},
            expected_version=None,
            as_target=False,
        )
    assert "status" in errors_of(raised)


# --- roadmaps and actions ---------------------------------------------------------------------


def test_a_case_has_one_roadmap_whose_review_dates_are_sorted_and_distinct(
    case_a: SupportCase, roadmap_a: Any
) -> None:
    roadmap = services.roadmap_update(
        actor=None,
        roadmap=roadmap_a,
        data={"review_dates": [days(60), days(30), "2030-01-01", days(30)]},
        expected_version=roadmap_a.version,
    )
    assert roadmap.review_dates == [days(30).isoformat(), days(60).isoformat(), "2030-01-01"]

    with pytest.raises(ValidationError) as raised:
        services.roadmap_create(actor=None, case=case_a, data={})
    assert "case" in errors_of(raised)


def test_a_review_date_that_is_not_a_date_is_refused_on_its_field(roadmap_a: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        services.roadmap_update(
            actor=None, roadmap=roadmap_a, data={"review_dates": ["soon"]}, expected_version=None
        )
    assert "review_dates" in errors_of(raised)


def test_an_action_links_needs_and_referrals_of_its_own_case_only(
    roadmap_a: Any, need_a: Any, referral_to_team: Any, case_b: SupportCase, manager_a: Any
) -> None:
    action = services.action_create(
        actor=None,
        roadmap=roadmap_a,
        data={
            "description": "Pilot the tool",
            "owner": manager_a,
            "due_on": days(5),
            "estimated_cost": 25000,
            "ease_class": "short_term",
            "needs": [need_a],
            "referrals": [referral_to_team],
        },
    )
    assert list(action.needs.all()) == [need_a]
    assert list(action.referrals.all()) == [referral_to_team]

    elsewhere = add_need(case_b, "A need of another company")
    with pytest.raises(ValidationError) as raised:
        services.action_update(
            actor=None, action=action, data={"needs": [elsewhere]}, expected_version=None
        )
    assert "needs" in errors_of(raised)


def test_an_open_action_past_its_due_date_is_overdue(roadmap_a: Any) -> None:
    late = services.action_create(
        actor=None, roadmap=roadmap_a, data={"description": "Late", "due_on": days(-2)}
    )
    done = services.action_create(
        actor=None,
        roadmap=roadmap_a,
        data={"description": "Done", "due_on": days(-2), "status": "done"},
    )
    assert late.is_overdue()
    assert not done.is_overdue()


def test_a_negative_cost_is_refused_on_its_field(roadmap_a: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        services.action_create(
            actor=None, roadmap=roadmap_a, data={"description": "X", "estimated_cost": -5}
        )
    assert "estimated_cost" in errors_of(raised)


# --- workflows --------------------------------------------------------------------------------


def test_opening_a_case_with_proposed_needs_adds_them_in_order(
    organisation_a: Any, cluster_a: Any, manager_a: Any
) -> None:
    case = workflows.open_case(
        actor=manager_a,
        organisation=organisation_a,
        cluster=cluster_a,
        problem_statement="Energy costs doubled.",
        origin="event",
        needs=[
            ProposedNeed("sustainable_development", "sustainability", "Energy audit", "high"),
            ProposedNeed("", "", "Talk to the bank"),
        ],
    )
    assert [(n.text, n.priority, n.source) for n in case.needs.order_by("id")] == [
        ("Energy audit", "high", "manual"),
        ("Talk to the bank", "medium", "manual"),
    ]


def test_proposed_needs_skip_those_the_case_holds_and_refuse_unknown_keys(
    case_a: SupportCase,
) -> None:
    add_need(case_a, "Energy  audit")
    created = workflows.add_proposed_needs(
        actor=None,
        case=case_a,
        proposed=[
            ProposedNeed("sustainable_development", "sustainability", "energy audit"),
            ProposedNeed("digitalisation", "digital", "Cybersecurity assessment"),
        ],
    )
    assert [need.text for need in created] == ["Cybersecurity assessment"]
    assert created[0].source == "diagnosis"

    with pytest.raises(ValidationError) as raised:
        workflows.add_proposed_needs(
            actor=None,
            case=case_a,
            proposed=[ProposedNeed("weather", "digital", "A"), ProposedNeed("", "", " ")],
        )
    assert errors_of(raised)["needs"] == ["Need 1: unknown theme “weather”.", "Need 2 has no text."]
    assert case_a.needs.count() == 2


def test_referring_and_sending_a_need_can_move_the_case_to_referred(
    case_a: SupportCase, team: Any
) -> None:
    case = move(case_a, State.DIAGNOSIS, State.SOLUTIONS_PROPOSED)
    need = add_need(case)

    referral = workflows.refer_need(
        actor=None,
        need=need,
        data={"target_kind": "agency_team", "target_team": team},
        send=True,
    )

    assert referral.status == ReferralStatus.SENT
    case.refresh_from_db()
    assert case.state == State.REFERRED


def test_referring_leaves_a_case_whose_state_does_not_allow_referred(
    case_a: SupportCase, team: Any, need_a: Any
) -> None:
    workflows.refer_need(
        actor=None,
        need=need_a,
        data={"target_kind": "agency_team", "target_team": team},
        send=True,
    )
    case_a.refresh_from_db()
    assert case_a.state == State.FIRST_CONTACT
