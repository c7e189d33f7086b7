"""Partner listings on top of the shared cast (clusterdesk/conftest.py).

- `request_a`: organisation_a's request (cluster_a, recorded by manager_a) for titanium
  3D-printed prototypes;
- `offer_b`: organisation_b's offer (cluster_b, recorded by manager_b) of titanium 3D
  printing; the two pair with each other, across clusters;
- `api_for("manager_a")`: a client that sends a personal token of that cast member.

Every listing is written through the services, like real data.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from clusterdesk.accounts.services import api_token_create
from clusterdesk.partnering import services
from clusterdesk.partnering.models import PartnerListing

API = "/api/v1"


def make_listing(organisation: Any, cluster: Any, actor: Any = None, **data: Any) -> PartnerListing:
    values = {
        "organisation": organisation,
        "cluster": cluster,
        "direction": "offer",
        "category": "technology",
        "title": "3D printing of titanium parts",
        "description": "Metal additive manufacturing of titanium prototypes and small series.",
        "themes": ["regional_value_chains"],
        "keywords": ["titanium", "3D printing"],
        **data,
    }
    return services.listing_create(actor=actor, data=values)


@pytest.fixture
def request_a(organisation_a: Any, cluster_a: Any, manager_a: Any) -> PartnerListing:
    return make_listing(
        organisation_a,
        cluster_a,
        manager_a,
        direction="request",
        title="Titanium brake prototypes made by 3D printing",
        description="We need additive manufacturing of titanium brake calipers.",
    )


@pytest.fixture
def offer_b(organisation_b: Any, cluster_b: Any, manager_b: Any) -> PartnerListing:
    return make_listing(organisation_b, cluster_b, manager_b)


@pytest.fixture
def api_for(cast: dict) -> Any:
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
    """The fields a 422 names (`["body", "themes", 0]` names `themes`)."""
    assert response.status_code == 422, response.content
    return {str(error["loc"][1]) for error in response.json()["detail"]}
