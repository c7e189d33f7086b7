"""Catalogue records on top of the shared cast (clusterdesk/conftest.py).

- `instrument`: Fit 4 Digital, active, with rates, a flat amount and its eligibility rules;
  `inactive_instrument`: an expired COVID scheme (hidden from the public);
- `training`: an active training; `inactive_training`: a withdrawn one;
- `call`: an imported EU call; `manual_call`: a call entered by hand;
- `provider`: a consultancy of the directory; `profile`: its provider profile, accredited
  for `instrument`.

Every record is written through the services, like real data.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from clusterdesk.accounts.services import api_token_create
from clusterdesk.catalogue import services
from clusterdesk.catalogue.models import (
    Call,
    ServiceProviderProfile,
    SupportInstrument,
    TrainingProgramme,
)
from clusterdesk.organisations.tests.factories import OrganisationFactory

API = "/api/v1"
FIT4_RULES = [
    {"predicate": "is_sme"},
    {"predicate": "has_business_permit"},
    {"predicate": "nace_sections_excluded", "sections": ["A"]},
    {"predicate": "cooldown", "instrument": "fit-4-digital", "years": 2},
]


def instrument_data(**extra: Any) -> dict[str, Any]:
    return {
        "slug": "fit-4-digital",
        "name": "Fit 4 Digital",
        "provider": "Luxinnovation / Ministry of the Economy",
        "kind": "diagnosis_programme",
        "summary": "Digital maturity diagnosis by an approved consultant.",
        "themes": ["digitalisation"],
        "rates_by_size": {"micro": 50, "small": 50, "medium": 50, "large": None},
        "bonuses": [],
        "flat_amount_eur": 5000,
        "eligibility_rules": FIT4_RULES,
        "active": True,
        **extra,
    }


def training_data(**extra: Any) -> dict[str, Any]:
    return {
        "slug": "lean-basics",
        "title": "Lean manufacturing basics",
        "provider": "House of Training",
        "topics": ["lean", "5S"],
        "themes": ["new_innovation_models"],
        "format": "classroom",
        "duration_hours": 7,
        "language": "fr",
        "dates": ["2026-11-16", "2026-10-05"],
        "active": True,
        **extra,
    }


def call_data(**extra: Any) -> dict[str, Any]:
    return {
        "external_id": "HORIZON-CL4-2026-TWIN-TRANSITION-01-07",
        "source": "eu_sedia",
        "programme": "Horizon Europe",
        "title": "Zero-defect manufacturing with artificial intelligence",
        "call_identifier": "HORIZON-CL4-2026-TWIN-TRANSITION-01",
        "status": "open",
        "deadline": "2026-09-23",
        "budget_min": 3_000_000,
        "budget_max": 5_000_000,
        "keywords": "manufacturing, AI, quality",
        **extra,
    }


@pytest.fixture
def instrument(db: Any) -> SupportInstrument:
    return services.instrument_create(actor=None, data=instrument_data())


@pytest.fixture
def inactive_instrument(db: Any) -> SupportInstrument:
    data = instrument_data(
        slug="covid-invest",
        name="COVID Invest",
        kind="grant",
        themes=["sustainable_development"],
        rates_by_size={"micro": 30, "small": 30, "medium": 30, "large": 30},
        bonuses=[{"label": "Circular-economy project", "points": 20}],
        flat_amount_eur=None,
        cap_eur=800_000,
        valid_from="2020-07-24",
        valid_until="2021-12-31",
        eligibility_rules=[{"predicate": "turnover_drop", "min_percent": 15}],
        active=False,
    )
    return services.instrument_create(actor=None, data=data)


@pytest.fixture
def training(db: Any) -> TrainingProgramme:
    return services.training_create(actor=None, data=training_data())


@pytest.fixture
def inactive_training(db: Any) -> TrainingProgramme:
    data = training_data(slug="old-cad", title="CAD for beginners (withdrawn)", active=False)
    return services.training_create(actor=None, data=data)


@pytest.fixture
def call(db: Any) -> Call:
    return services.call_create(actor=None, data=call_data())


@pytest.fixture
def manual_call(db: Any) -> Call:
    data = {
        "source": "manual",
        "programme": "Joint Call Defence",
        "title": "Dual-use research: resilient infrastructures",
        "status": "forthcoming",
        "deadline": "2027-06-14",
    }
    return services.call_create(actor=None, data=data)


@pytest.fixture
def provider(db: Any) -> Any:
    return OrganisationFactory(
        legal_name="Kirchberg Digital Consulting S.A.", kind="service_provider"
    )


@pytest.fixture
def profile(provider: Any, instrument: SupportInstrument) -> ServiceProviderProfile:
    data = {
        "competences": ["digital maturity diagnosis", "ERP selection"],
        "languages": ["fr", "en"],
        "accreditations": [{"instrument": instrument, "valid_until": None}],
        "notes": "Approved Fit 4 Digital consultant since 2021.",
    }
    return services.provider_profile_create(actor=None, organisation=provider, data=data)


@pytest.fixture
def api_for(cast: dict) -> Any:
    """`api_for("expert")`: a client that sends a personal token of that cast member;
    `api_for(None)`: no credentials."""

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
    """The body (or query) fields a 422 names: `["body", "themes", 0]` names `themes`."""
    assert response.status_code == 422, response.content
    return {str(error["loc"][1]) for error in response.json()["detail"] if len(error["loc"]) > 1}
