"""The demo data (through the services) and the benchmark seed (bulk inserts)."""

from __future__ import annotations

import io
import random
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from clusterdesk.core.models import AuditEvent
from clusterdesk.engagement import agenda, seed
from clusterdesk.engagement.demo import load_demo
from clusterdesk.engagement.models import CadenceRule, FollowUp, Interaction
from clusterdesk.organisations.demo import load_demo as load_directory
from clusterdesk.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory() -> dict[str, Any]:
    from clusterdesk.organisations.demo import ensure_users

    load_directory(password="demo", organisations=40, contacts=80, seed=3, journeys=False)
    return {"organisations": list(Organisation.objects.all()), "users": ensure_users("demo")}


def test_the_demo_creates_interactions_follow_ups_and_rules_through_the_services(
    directory: dict,
) -> None:
    created = load_demo(
        organisations=directory["organisations"], users=directory["users"], rng=random.Random(5)
    )
    interactions = Interaction.objects.count()
    assert created == interactions + FollowUp.objects.count() + CadenceRule.objects.count()
    assert interactions > 20
    kinds = list(Interaction.objects.values_list("kind", flat=True))
    assert kinds.count("video_call") > len(kinds) / 3
    assert CadenceRule.objects.count() == 2
    assert AuditEvent.objects.filter(object_type__model="interaction").count() == interactions
    manager = directory["users"]["manager"]
    today = timezone.localdate()
    monday = today - timezone.timedelta(days=today.weekday())
    items = agenda.items_for(manager, monday, monday + timezone.timedelta(days=6))
    sections = {item.section for item in items}
    assert {agenda.Section.OVERDUE, agenda.Section.FOLLOW_UPS} <= sections
    assert (
        load_demo(
            organisations=directory["organisations"], users=directory["users"], rng=random.Random(5)
        )
        == 0
    )


def test_the_seed_inserts_interactions_with_their_contacts_in_batches(
    directory: dict, monkeypatch: Any
) -> None:
    monkeypatch.setattr(seed, "BATCH", 400)
    messages: list[str] = []
    assert (
        seed.seed_interactions(count=1000, rng=random.Random(1), progress=messages.append) == 1000
    )
    assert Interaction.objects.count() == 1000
    assert messages[-1] == "interactions: 1,000/1,000"
    assert len(messages) == 3
    assert Interaction.contacts.through.objects.exists()
    assert Interaction.objects.filter(confidential=True).exists()
    interaction = Interaction.objects.first()
    assert interaction is not None
    assert interaction.version == 1


def test_the_seed_needs_organisations(db: Any) -> None:
    assert seed.seed_interactions(count=10, rng=random.Random(1)) == 0


def test_the_seed_interactions_command_adds_them_over_the_directory(directory: dict) -> None:
    out = io.StringIO()
    call_command("seed_interactions", count=50, stdout=out)
    assert Interaction.objects.count() == 50
    assert "Seeded 50 interactions" in out.getvalue()
