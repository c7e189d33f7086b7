"""The permission rules of interactions and follow-ups, role by role."""

from __future__ import annotations

from typing import Any

import pytest

from clusterdesk.core.permissions import Action, can
from clusterdesk.engagement import permissions
from clusterdesk.engagement.models import FollowUp, Interaction

pytestmark = pytest.mark.django_db

ROLES = ("admin", "manager_a", "manager_b", "expert", "analyst")


def answers(cast: dict, action: Action, record: Any) -> dict[str, bool]:
    return {role: can(cast[role], action, record) for role in ROLES}


def test_who_sees_and_changes_an_interaction(
    cast: dict, interaction_a: Any, cluster_b: Any
) -> None:
    assert answers(cast, Action.VIEW, interaction_a) == {
        "admin": True, "manager_a": True, "manager_b": True, "expert": True, "analyst": False,
    }  # fmt: skip
    assert answers(cast, Action.CHANGE, interaction_a) == {
        "admin": True, "manager_a": True, "manager_b": False, "expert": False, "analyst": False,
    }  # fmt: skip


def test_who_sees_a_confidential_interaction(cast: dict, secret_a: Any, cluster_b: Any) -> None:
    assert answers(cast, Action.VIEW, secret_a) == {
        "admin": True, "manager_a": True, "manager_b": False, "expert": False, "analyst": False,
    }  # fmt: skip
    visible = {
        role: list(permissions.visible_interactions(cast[role], Interaction.objects.all()))
        for role in ROLES
    }
    assert visible == {
        "admin": [secret_a], "manager_a": [secret_a], "manager_b": [], "expert": [], "analyst": [],
    }  # fmt: skip


def test_the_manager_who_logged_it_may_change_it_whatever_its_cluster(
    cast: dict, make_interaction: Any, organisation_b: Any, cluster_b: Any
) -> None:
    interaction = make_interaction(organisation_b, cluster=cluster_b, actor=cast["manager_a"])
    assert can(cast["manager_a"], Action.CHANGE, interaction)
    assert can(cast["manager_b"], Action.CHANGE, interaction)


def test_who_logs_interactions(cast: dict, cluster_a: Any) -> None:
    assert {role: permissions.can_log_interaction(cast[role]) for role in ROLES} == {
        "admin": True, "manager_a": True, "manager_b": False, "expert": False, "analyst": False,
    }  # fmt: skip


def test_who_changes_a_follow_up(cast: dict, make_follow_up: Any, organisation_a: Any) -> None:
    follow_up = make_follow_up(organisation_a)
    assert answers(cast, Action.CHANGE, follow_up) == {
        "admin": True, "manager_a": True, "manager_b": False, "expert": False, "analyst": False,
    }  # fmt: skip


def test_follow_ups_of_confidential_interactions_are_hidden_like_them(
    cast: dict, make_follow_up: Any, secret_a: Any, organisation_a: Any, cluster_b: Any
) -> None:
    follow_up = make_follow_up(organisation_a, interaction=secret_a)
    assert answers(cast, Action.VIEW, follow_up) == {
        "admin": True, "manager_a": True, "manager_b": False, "expert": False, "analyst": False,
    }  # fmt: skip
    assert list(permissions.visible_follow_ups(cast["expert"], FollowUp.objects.all())) == []


def test_only_admins_manage_cadence_rules_and_analysts_have_no_agenda(cast: dict) -> None:
    assert [permissions.can_manage_cadence_rules(cast[role]) for role in ROLES] == [
        True, False, False, False, False,
    ]  # fmt: skip
    assert [permissions.can_see_agenda(cast[role]) for role in ROLES] == [
        True, True, True, True, False,
    ]  # fmt: skip
