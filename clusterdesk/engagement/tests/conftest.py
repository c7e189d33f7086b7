"""Helpers of the engagement tests: interactions and follow-ups written through the
services, meeting invites, and tasks run in the test's process."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from clusterdesk.engagement import services
from clusterdesk.engagement.models import FollowUp, Interaction

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def immediate_tasks(settings: Any) -> None:
    """Background tasks run at once in the test."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def make_interaction(manager_a: Any, cluster_a: Any) -> Callable[..., Interaction]:
    """`make_interaction(organisation, **fields)`: an interaction logged by `actor`
    (manager_a by default) in `cluster` (cluster_a by default)."""

    def make(organisation: Any, *, actor: Any = None, **fields: Any) -> Interaction:
        data = {
            "organisation": organisation,
            "cluster": fields.pop("cluster", cluster_a),
            "kind": fields.pop("kind", "video_call"),
            "occurred_on": fields.pop("occurred_on", timezone.localdate()),
            "summary": fields.pop("summary", "Discussed the pilot line."),
            **fields,
        }
        return services.interaction_create(actor=actor or manager_a, data=data)

    return make


@pytest.fixture
def make_follow_up(manager_a: Any, cluster_a: Any) -> Callable[..., FollowUp]:
    def make(organisation: Any, *, actor: Any = None, **fields: Any) -> FollowUp:
        actor = actor or manager_a
        data = {
            "organisation": organisation,
            "cluster": fields.pop("cluster", cluster_a),
            "owner": fields.pop("owner", actor),
            "due_on": fields.pop("due_on", timezone.localdate() + datetime.timedelta(days=3)),
            "note": fields.pop("note", "Call back about Fit 4 Digital"),
            **fields,
        }
        return services.follow_up_create(actor=actor, data=data)

    return make


@pytest.fixture
def interaction_a(make_interaction: Any, organisation_a: Any, contact_a: Any) -> Interaction:
    return make_interaction(organisation_a, contacts=[contact_a], themes=["digitalisation"])


@pytest.fixture
def secret_a(make_interaction: Any, organisation_a: Any) -> Interaction:
    """A confidential interaction of cluster_a."""
    return make_interaction(
        organisation_a, confidential=True, summary="Takeover talks with a competitor."
    )


def ics(name: str) -> bytes:
    return (DATA / name).read_bytes()
