"""Instruments, trainings and calls in the global search (for the staff), kept current by
the services."""

from __future__ import annotations

from typing import Any

import pytest

from clusterdesk.catalogue import services
from clusterdesk.core import search

pytestmark = pytest.mark.django_db


def found(user: Any, query: str) -> dict[str, list[str]]:
    result = search.Search(user=user, query=query)
    return {group.provider.kind: [hit.title for hit in group.hits] for group in result.groups()}


def test_an_instrument_is_found_by_its_name_provider_and_theme_in_any_language(
    instrument: Any, expert: Any
) -> None:
    assert found(expert, "fit 4 digital")["instruments"] == ["Fit 4 Digital"]
    assert found(expert, "luxinnovation")["instruments"] == ["Fit 4 Digital"]
    assert found(expert, "digitalisierung")["instruments"] == ["Fit 4 Digital"]


def test_a_changed_instrument_is_found_by_its_new_name_and_a_deleted_one_no_more(
    instrument: Any, manager_b: Any
) -> None:
    changed = services.instrument_update(
        actor=None, instrument=instrument, data={"name": "Fit 4 Automation"}, expected_version=1
    )
    assert found(manager_b, "automation")["instruments"] == ["Fit 4 Automation"]
    services.instrument_delete(actor=None, instrument=changed, expected_version=2)
    assert "instruments" not in found(manager_b, "automation")


def test_a_training_is_found_by_its_topics(training: Any, manager_a: Any) -> None:
    assert found(manager_a, "5S")["trainings"] == ["Lean manufacturing basics"]


def test_a_call_is_found_by_its_topic_id_and_keywords(call: Any, admin: Any) -> None:
    title = (
        "HORIZON-CL4-2026-TWIN-TRANSITION-01-07 — "
        "Zero-defect manufacturing with artificial intelligence"
    )
    assert found(admin, "zero-defect")["calls"] == [title]
    assert found(admin, "quality")["calls"] == [title]


def test_neither_the_public_nor_analysts_search(instrument: Any, call: Any, analyst: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    for user in (AnonymousUser(), analyst):
        assert found(user, "digital") == {}
        assert not search.can_search(user)
