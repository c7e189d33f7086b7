"""The demo journeys: every state, needs, referrals answered by the demo expert, roadmaps
with actions overdue and due this week for the demo manager."""

from __future__ import annotations

import datetime
import random
from typing import Any

import pytest
from django.utils import timezone

from clusterdesk.organisations.demo import load_demo as load_directory
from clusterdesk.organisations.models import Organisation
from clusterdesk.support.demo import load_demo
from clusterdesk.support.models import Action, Referral, SupportCase
from clusterdesk.support.states import State

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """The directory demo and the journeys, loaded once for the module (and removed)."""
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            load_directory(password="demo", organisations=120, contacts=150, seed=7, journeys=False)
            from django.contrib.auth import get_user_model

            users = {user.username: user for user in get_user_model().objects.all()}
            organisations = list(Organisation.objects.prefetch_related("memberships"))
            created = load_demo(organisations=organisations, users=users, rng=random.Random(7))
            yield {"created": created, "users": users}
            transaction.set_rollback(True)


def test_the_demo_has_cases_in_every_state_with_a_real_history(demo: Any) -> None:
    assert demo["created"] >= len(State)
    assert set(SupportCase.objects.values_list("state", flat=True)) == set(State.values)
    for case in SupportCase.objects.prefetch_related("state_changes"):
        changes = list(case.state_changes.all())
        assert changes[0].from_state == ""
        assert changes[-1].to_state == case.state
        assert [change.at for change in changes] == sorted(change.at for change in changes)


def test_the_demo_expert_answered_referrals_and_has_some_waiting(demo: Any) -> None:
    expert = demo["users"]["expert"]
    team_referrals = Referral.objects.filter(target_team__members=expert)
    assert team_referrals.filter(status="sent").exists()
    assert team_referrals.filter(status__in=["accepted", "in_progress", "done"]).exists()
    assert Referral.objects.filter(target_kind="service_provider").exists()


def test_the_demo_manager_has_actions_overdue_and_due_this_week(demo: Any) -> None:
    manager = demo["users"]["manager"]
    today = timezone.localdate()
    week_end = today + datetime.timedelta(days=6 - today.weekday())
    mine = Action.objects.filter(owner=manager, status__in=["planned", "in_progress"])
    assert mine.filter(due_on__lt=today).exists()
    assert mine.filter(due_on__gte=today, due_on__lte=week_end).exists()


def test_the_demo_is_loaded_once(demo: Any) -> None:
    organisations = list(Organisation.objects.all()[:5])
    assert load_demo(organisations=organisations, users=demo["users"], rng=random.Random(1)) == 0
