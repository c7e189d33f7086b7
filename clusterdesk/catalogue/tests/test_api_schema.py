"""The catalogue operations of the JSON API, fuzzed by schemathesis with real ids.

`core/tests/test_api_schema.py` fuzzes every operation with ids of the directory; here the
path ids and the ids inside bodies are, most of the time, those of real instruments,
trainings, calls and provider profiles, so changes and deletions reach existing records.
Every answer must be below 500, carry a documented status code and match its schema. Run
with more and fresh input:

    API_FUZZ_RANDOM=1 API_FUZZ_EXAMPLES=60 pytest clusterdesk/catalogue/tests/test_api_schema.py
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
from clusterdesk.wsgi import application

MAX_EXAMPLES = 12
REAL_ID_PROBABILITY = 0.8
OPERATIONS = r"^/api/v1/(instruments|trainings|calls|providers)"


@pytest.fixture
def records(
    instrument: Any,
    inactive_instrument: Any,
    training: Any,
    call: Any,
    manual_call: Any,
    profile: Any,
    organisation_a: Any,
) -> dict[str, list[Any]]:
    return {
        "instruments": [instrument, inactive_instrument],
        "trainings": [training],
        "calls": [call, manual_call],
        "providers": [profile],
        "organisations": [organisation_a, profile.organisation],
    }


def _real(dictionary: str) -> dict[str, Any]:
    return {"dictionary": dictionary, "probability": REAL_ID_PROBABILITY}


def _config(token: str, records: dict[str, list[Any]]) -> schemathesis.Config:
    ids = {name: {"values": [str(item.uuid) for item in items]} for name, items in records.items()}
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
                **ids,
                "versions": {"values": [1, 2, 3]},
                "slugs": {"values": ["fit-4-digital", "covid-invest"]},
            },
            "parameters": {
                "path.instrument_id": _real("instruments"),
                "path.training_id": _real("trainings"),
                "path.call_id": _real("calls"),
                "path.provider_id": _real("providers"),
                "body.organisation": _real("organisations"),
                "body.provider_organisation": _real("organisations"),
                "body.version": _real("versions"),
                "query.version": _real("versions"),
                "body.accreditations[*].instrument": _real("slugs"),
                "query.instrument": _real("slugs"),
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
def catalogue_api_as_expert(expert: Any, records: dict) -> Any:
    """An agency expert: reads and writes the catalogue."""
    return _schema(expert, records)


@pytest.fixture
def catalogue_api_as_manager(manager_a: Any, records: dict) -> Any:
    """A cluster manager: reads the catalogue, writes nothing in it."""
    return _schema(manager_a, records)


as_expert = schemathesis.pytest.from_fixture("catalogue_api_as_expert").include(
    path_regex=OPERATIONS
)
as_manager = schemathesis.pytest.from_fixture("catalogue_api_as_manager").include(
    path_regex=OPERATIONS
)


@as_expert.parametrize()
def test_every_catalogue_operation_answers_an_expert_as_its_schema_says(case: Any) -> None:
    case.call_and_validate(checks=CHECKS)


@as_manager.parametrize()
def test_every_catalogue_operation_answers_a_cluster_manager_as_its_schema_says(
    case: Any,
) -> None:
    case.call_and_validate(checks=CHECKS)
