"""Records of the support journey on top of the shared cast (clusterdesk/conftest.py).

- `case_a`: a case of organisation_a in cluster_a, owned by manager_a;
- `case_b`: a case of organisation_b in cluster_b, owned by manager_b;
- `team`: the seeded "R&D and innovation support" team, with the expert as a member;
  `other_team`: "European R&D support", without members;
- `need_a`: an open need of case_a; `referral_to_team`: it, sent to `team`;
- `provider`: a service provider organisation; `roadmap_a`: case_a's roadmap.

Every record is written through the services, like real data.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from clusterdesk.accounts.services import api_token_create
from clusterdesk.catalogue import services as team_services
from clusterdesk.catalogue.models import AgencyTeam
from clusterdesk.organisations.tests.factories import ContactFactory, OrganisationFactory
from clusterdesk.support import services
from clusterdesk.support.models import Need, Referral, Roadmap, SupportCase

API = "/api/v1"


def open_case(organisation: Any, cluster: Any, owner: Any, **data: Any) -> SupportCase:
    values = {
        "organisation": organisation,
        "cluster": cluster,
        "owner": owner,
        "origin": "inbound",
        "problem_statement": "Wants to digitise its production planning.",
        **data,
    }
    return services.case_create(actor=owner, data=values)


def add_need(case: SupportCase, text: str = "Choose a planning tool", **data: Any) -> Need:
    values = {"text": text, "theme": "digitalisation", "category": "digital", **data}
    return services.need_create(actor=None, case=case, data=values)


def move(case: SupportCase, *targets: str, reason: str = "Because.") -> SupportCase:
    for target in targets:
        case = services.case_transition(
            actor=None, case=case, to_state=target, reason=reason, expected_version=None
        )
    return case


@pytest.fixture
def case_a(organisation_a: Any, cluster_a: Any, manager_a: Any) -> SupportCase:
    return open_case(organisation_a, cluster_a, manager_a)


@pytest.fixture
def case_b(organisation_b: Any, cluster_b: Any, manager_b: Any) -> SupportCase:
    return open_case(
        organisation_b, cluster_b, manager_b, problem_statement="Needs a clinical trial partner."
    )


@pytest.fixture
def team(expert: Any) -> AgencyTeam:
    team = AgencyTeam.objects.get(slug="rd-innovation")
    return team_services.team_add_members(actor=None, team=team, users=[expert])


@pytest.fixture
def other_team(db: Any) -> AgencyTeam:
    return AgencyTeam.objects.get(slug="european-rd")


@pytest.fixture
def need_a(case_a: SupportCase) -> Need:
    return add_need(case_a)


@pytest.fixture
def referral_to_team(need_a: Need, team: AgencyTeam) -> Referral:
    return services.referral_create(
        actor=None,
        need=need_a,
        data={"target_kind": "agency_team", "target_team": team},
        send=True,
    )


@pytest.fixture
def provider(db: Any) -> Any:
    return OrganisationFactory(
        legal_name="Kirchberg Digital Consulting S.A.", kind="service_provider"
    )


@pytest.fixture
def provider_contact(provider: Any) -> Any:
    return ContactFactory(first_name="Claire", last_name="Hoffmann", organisation=provider)


@pytest.fixture
def roadmap_a(case_a: SupportCase) -> Roadmap:
    today = timezone.localdate()
    return services.roadmap_create(
        actor=None,
        case=case_a,
        data={"horizon": "short", "agreed_on": today, "review_dates": [today]},
    )


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def api_for(cast: dict) -> Any:
    """`api_for("manager_a")`: a client that sends a personal token of that cast member."""

    def make(role: str | None) -> Client:
        if role is None:
            return Client()
        _token, text = api_token_create(actor=None, user=cast[role], name="tests")
        return Client(headers={"Authorization": f"Bearer {text}"})

    return make


def post(client: Client, url: str, data: Any) -> Any:
    return client.post(url, data, content_type="application/json")


def patch(client: Client, url: str, data: Any) -> Any:
    return client.patch(url, data, content_type="application/json")


def error_fields(response: Any) -> set[str]:
    """The body fields a 422 names."""
    assert response.status_code == 422, response.content
    return {str(error["loc"][-1]) for error in response.json()["detail"]}
