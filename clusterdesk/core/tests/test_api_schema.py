"""The whole JSON API against its own OpenAPI description, fuzzed by schemathesis.

The schema is loaded from the running WSGI application (as a client would), and every
operation is called with generated valid and invalid input, once with an admin's token and
once with a cluster manager's (so the 403 and 404 of the permission policy come out too).
Every answer must be below 500, carry a documented status code, and match the schema
declared for that code.

Path ids and the ids inside bodies are drawn, most of the time, from real records, so
reads, changes and deletions reach existing data rather than only 404s. Generation is
deterministic: a failure here fails the same way again. To hunt for new bugs, run it with
fresh random input and more of it:

    API_FUZZ_RANDOM=1 API_FUZZ_EXAMPLES=60 pytest clusterdesk/core/tests/test_api_schema.py
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from clusterdesk.accounts.services import api_token_create
from clusterdesk.organisations.tests.factories import (
    ClusterFactory,
    ContactFactory,
    MembershipFactory,
    OrganisationFactory,
)
from clusterdesk.wsgi import application

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Examples per operation and generation mode; with the boundary cases of the coverage
# phase this keeps both runs (admin and manager) under two minutes on two cores.
MAX_EXAMPLES = 12
REAL_ID_PROBABILITY = 0.8


@pytest.fixture(autouse=True)
def node_id_for_schemathesis(request: pytest.FixtureRequest) -> None:
    """schemathesis 4 (up to 4.32) reads `node._nodeid`, which pytest 9.2 no longer sets."""
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


@pytest.fixture(autouse=True)
def keep_the_test_connection() -> Iterator[None]:
    """Requests through the WSGI application would close the database connection at their
    end, and with it the test's transaction; Django's test client disconnects this too."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def records(organisation_a: Any, organisation_b: Any, contact_a: Any, contact_b: Any) -> dict:
    """The cast's records, plus a cluster without members (deletable) and an organisation
    with NACE codes, tags and two memberships."""
    empty_cluster = ClusterFactory(name="Space", slug="space")
    both = OrganisationFactory(legal_name="Two Clusters S.A.", tags=["Key member"])
    memberships = [
        MembershipFactory(organisation=both, cluster=organisation_a.memberships.get().cluster),
        MembershipFactory(organisation=both, cluster=organisation_b.memberships.get().cluster),
    ]
    contact = ContactFactory(organisation=both, role="CFO")
    return {
        "organisations": [organisation_a, organisation_b, both],
        "contacts": [contact_a, contact_b, contact],
        "clusters": [
            organisation_a.memberships.get().cluster,
            organisation_b.memberships.get().cluster,
            empty_cluster,
        ],
        "memberships": [
            *memberships,
            organisation_a.memberships.get(),
            organisation_b.memberships.get(),
        ],
    }


def _ids(items: list[Any]) -> dict[str, list[str]]:
    return {"values": [str(item.uuid) for item in items]}


def _real(dictionary: str) -> dict[str, Any]:
    return {"dictionary": dictionary, "probability": REAL_ID_PROBABILITY}


def schemathesis_config(token: str, records: dict, *, coverage: bool) -> schemathesis.Config:
    clusters = records["clusters"]
    return schemathesis.Config.from_dict(
        {
            "headers": {"Authorization": f"Bearer {token}"},
            "suppress-health-check": ["too_slow", "filter_too_much", "data_too_large"],
            "generation": {
                "max-examples": int(os.environ.get("API_FUZZ_EXAMPLES", MAX_EXAMPLES)),
                "deterministic": not os.environ.get("API_FUZZ_RANDOM"),
                "with-security-parameters": False,
            },
            "phases": {"stateful": {"enabled": False}, "coverage": {"enabled": coverage}},
            "dictionaries": {
                "organisations": _ids(records["organisations"]),
                "contacts": _ids(records["contacts"]),
                "clusters": _ids(clusters),
                "memberships": _ids(records["memberships"]),
                "cluster_slugs": {"values": [cluster.slug for cluster in clusters]},
                "nace_codes": {"values": ["29.32", "62.01", "25.62", "72.1"]},
                "managers": {"values": ["manager_a", "manager_b"]},
                "versions": {"values": [1, 2, 3, 4]},
            },
            "parameters": {
                "path.organisation_id": _real("organisations"),
                "path.contact_id": _real("contacts"),
                "path.cluster_id": _real("clusters"),
                "path.membership_id": _real("memberships"),
                "body.organisation": _real("organisations"),
                "body.cluster": _real("clusters"),
                "query.organisation": _real("organisations"),
                "query.cluster": _real("cluster_slugs"),
                "body.nace_codes[*]": _real("nace_codes"),
                "body.managers[*]": _real("managers"),
                "body.owner": _real("managers"),
                "body.version": _real("versions"),
                "query.version": _real("versions"),
            },
        }
    )


def _schema_for(user: Any, records: dict, *, coverage: bool) -> Any:
    _token, text = api_token_create(actor=None, user=user, name="schemathesis")
    return schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json",
        application,
        config=schemathesis_config(text, records, coverage=coverage),
        headers={"Authorization": f"Bearer {text}"},
    )


@pytest.fixture
def api_as_admin(admin: Any, records: dict) -> Any:
    return _schema_for(admin, records, coverage=True)


@pytest.fixture
def api_as_manager(manager_a: Any, records: dict) -> Any:
    """Without the coverage phase's boundary cases (the admin's run has them): this run is
    for the permission policy's answers."""
    return _schema_for(manager_a, records, coverage=False)


as_admin = schemathesis.pytest.from_fixture("api_as_admin")
as_manager = schemathesis.pytest.from_fixture("api_as_manager")


@as_admin.parametrize()
def test_every_operation_answers_an_admin_as_its_schema_says(case: Any) -> None:
    case.call_and_validate(checks=CHECKS)


@as_manager.parametrize()
def test_every_operation_answers_a_cluster_manager_as_its_schema_says(case: Any) -> None:
    case.call_and_validate(checks=CHECKS)
