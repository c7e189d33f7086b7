"""The support and team operations of the JSON API, fuzzed by schemathesis with real ids.

`core/tests/test_api_schema.py` fuzzes every operation, but draws its ids from the
directory only; here the path ids and the ids inside bodies are, most of the time, those
of real cases, needs, referrals, roadmaps, actions and teams, so transitions, answers and
links reach existing records. Every answer must be below 500, carry a documented status
code and match its schema. Run with more and fresh input:

    API_FUZZ_RANDOM=1 API_FUZZ_EXAMPLES=60 pytest clusterdesk/support/tests/test_api_schema.py
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis

from clusterdesk.accounts.services import api_token_create
from clusterdesk.core.tests.test_api_schema import (  # noqa: F401 (fixtures)
    CHECKS,
    keep_the_test_connection,
    node_id_for_schemathesis,
)
from clusterdesk.support import services
from clusterdesk.support.tests.conftest import add_need, move
from clusterdesk.wsgi import application

MAX_EXAMPLES = 12
REAL_ID_PROBABILITY = 0.8
OPERATIONS = r"^/api/v1/(cases|needs|referrals|roadmaps|actions|teams)"


@pytest.fixture
def journey(
    case_a: Any,
    case_b: Any,
    need_a: Any,
    referral_to_team: Any,
    roadmap_a: Any,
    provider: Any,
    provider_contact: Any,
    team: Any,
    other_team: Any,
    organisation_a: Any,
    cluster_a: Any,
    cluster_b: Any,
    manager_a: Any,
) -> dict[str, list[Any]]:
    """Records in several states: an open and a closed case, needs, referrals proposed
    and sent, a roadmap with an action."""
    need_b = add_need(case_b, "Clinical partner")
    closed = move(case_b, "closed_no_need", reason="Nothing to do.")
    proposed = services.referral_create(
        actor=None,
        need=need_a,
        data={"target_kind": "service_provider", "target_organisation": provider},
    )
    action = services.action_create(
        actor=None, roadmap=roadmap_a, data={"description": "Pilot", "needs": [need_a]}
    )
    return {
        "cases": [case_a, closed],
        "needs": [need_a, need_b],
        "referrals": [referral_to_team, proposed],
        "roadmaps": [roadmap_a],
        "actions": [action],
        "teams": [team, other_team],
        "organisations": [organisation_a, provider],
        "contacts": [provider_contact],
        "clusters": [cluster_a, cluster_b],
    }


def _ids(items: list[Any]) -> dict[str, list[str]]:
    return {"values": [str(item.uuid) for item in items]}


def _real(dictionary: str) -> dict[str, Any]:
    return {"dictionary": dictionary, "probability": REAL_ID_PROBABILITY}


def _config(token: str, records: dict[str, list[Any]]) -> schemathesis.Config:
    return schemathesis.Config.from_dict(
        {
            "headers": {"Authorization": f"Bearer {token}"},
            "suppress-health-check": ["too_slow", "filter_too_much", "data_too_large"],
            "generation": {
                "max-examples": int(os.environ.get("API_FUZZ_EXAMPLES", MAX_EXAMPLES)),
                "deterministic": not os.environ.get("API_FUZZ_RANDOM"),
                "with-security-parameters": False,
            },
            "phases": {"stateful": {"enabled": False}, "coverage": {"enabled": True}},
            "dictionaries": {
                **{name: _ids(items) for name, items in records.items()},
                "usernames": {"values": ["manager_a", "manager_b", "expert", "admin"]},
                "versions": {"values": [1, 2, 3]},
                "states": {"values": ["diagnosis", "closed_dormant", "follow_up"]},
            },
            "parameters": {
                "path.case_id": _real("cases"),
                "path.need_id": _real("needs"),
                "path.referral_id": _real("referrals"),
                "path.roadmap_id": _real("roadmaps"),
                "path.action_id": _real("actions"),
                "path.team_id": _real("teams"),
                "body.case": _real("cases"),
                "body.need": _real("needs"),
                "body.roadmap": _real("roadmaps"),
                "body.organisation": _real("organisations"),
                "body.cluster": _real("clusters"),
                "body.target_team": _real("teams"),
                "body.target_organisation": _real("organisations"),
                "body.receiving_contact": _real("contacts"),
                "body.needs[*]": _real("needs"),
                "body.referrals[*]": _real("referrals"),
                "body.owner": _real("usernames"),
                "body.version": _real("versions"),
                "body.to_state": _real("states"),
                "query.case": _real("cases"),
                "query.need": _real("needs"),
                "query.roadmap": _real("roadmaps"),
            },
        }
    )


def _schema(user: Any, records: dict[str, list[Any]]) -> Any:
    _token, text = api_token_create(actor=None, user=user, name="schemathesis")
    return schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json",
        application,
        config=_config(text, records),
        headers={"Authorization": f"Bearer {text}"},
    )


@pytest.fixture
def support_api_as_manager(manager_a: Any, journey: dict) -> Any:
    return _schema(manager_a, journey)


@pytest.fixture
def support_api_as_expert(expert: Any, journey: dict) -> Any:
    """The expert of the team the referral was sent to: reads, and answers it."""
    return _schema(expert, journey)


# The filter goes on the lazy schema: pytest's plugin replaces the fixture schema's own.
as_manager = schemathesis.pytest.from_fixture("support_api_as_manager").include(
    path_regex=OPERATIONS
)
as_expert = schemathesis.pytest.from_fixture("support_api_as_expert").include(path_regex=OPERATIONS)


@as_manager.parametrize()
def test_every_support_operation_answers_a_cluster_manager_as_its_schema_says(
    case: Any,
) -> None:
    case.call_and_validate(checks=CHECKS)


@as_expert.parametrize()
def test_every_support_operation_answers_an_expert_as_its_schema_says(case: Any) -> None:
    case.call_and_validate(checks=CHECKS)
