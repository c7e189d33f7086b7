"""What the support journey puts on a person's agenda ("My week", digest, feed)."""

from __future__ import annotations

from typing import Any

import pytest

from clusterdesk.engagement import agenda
from clusterdesk.engagement.agenda import Section
from clusterdesk.support import services
from clusterdesk.support.agenda import actions_due, referrals_waiting_on
from clusterdesk.support.tests.conftest import days

pytestmark = pytest.mark.django_db


def test_the_support_providers_are_registered() -> None:
    assert {"support.referrals", "support.actions"} <= set(agenda.providers())


def test_a_referral_sent_to_my_team_and_not_answered_waits_on_me(
    referral_to_team: Any, expert: Any
) -> None:
    [item] = referrals_waiting_on(expert, days(0), days(6))

    assert item.section == Section.REFERRALS
    assert item.url == referral_to_team.get_absolute_url()
    assert item.uid == f"referral-{referral_to_team.uuid}@clusterdesk"
    assert item.organisation == "Moselle Brake Technologies S.A."
    assert "R&D and innovation support" in item.detail

    services.referral_answer(
        actor=expert,
        referral=referral_to_team,
        data={"status": "accepted"},
        expected_version=None,
        as_target=True,
    )
    assert list(referrals_waiting_on(expert, days(0), days(6))) == []


def test_a_proposed_referral_of_my_case_waits_on_me_to_send_it(
    need_a: Any, team: Any, manager_a: Any, manager_b: Any, expert: Any
) -> None:
    services.referral_create(
        actor=None, need=need_a, data={"target_kind": "agency_team", "target_team": team}
    )
    [item] = referrals_waiting_on(manager_a, days(0), days(6))
    assert item.title.startswith("Send the referral")
    assert list(referrals_waiting_on(manager_b, days(0), days(6))) == []
    assert list(referrals_waiting_on(expert, days(0), days(6))) == []  # not sent yet


def test_my_actions_due_in_the_range_and_overdue_ones_are_on_my_agenda(
    roadmap_a: Any, manager_a: Any, manager_b: Any
) -> None:
    def action(description: str, due: int, **data: Any) -> Any:
        return services.action_create(
            actor=None,
            roadmap=roadmap_a,
            data={"description": description, "owner": manager_a, "due_on": days(due), **data},
        )

    action("Late", -4)
    action("This week", 3)
    action("Next month", 30)
    action("Done already", 2, status="done")
    action("Dropped", -1, status="dropped")

    items = list(actions_due(manager_a, days(0), days(6)))

    assert [(item.title, item.section) for item in items] == [
        ("Late", Section.OVERDUE),
        ("This week", Section.ACTIONS),
    ]
    assert items[1].due == days(3)
    assert items[1].url.endswith(
        "#action-" + items[1].uid.split("roadmap-action-")[1].split("@")[0]
    )
    assert list(actions_due(manager_b, days(0), days(6))) == []


def test_the_analyst_has_no_support_agenda(referral_to_team: Any, analyst: Any) -> None:
    assert list(referrals_waiting_on(analyst, days(0), days(6))) == []
    assert list(actions_due(analyst, days(0), days(6))) == []


def test_the_agenda_gathers_the_support_items_overdue_first(roadmap_a: Any, manager_a: Any) -> None:
    for description, due in (("Soon", 2), ("Late", -2)):
        services.action_create(
            actor=None,
            roadmap=roadmap_a,
            data={"description": description, "owner": manager_a, "due_on": days(due)},
        )
    titles = [item.title for item in agenda.items_for(manager_a, days(0), days(6))]
    assert titles.index("Late") < titles.index("Soon")
