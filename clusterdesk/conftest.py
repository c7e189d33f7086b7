"""The shared cast of every test: one user per role, two clusters with their managers,
and an organisation and a contact in each cluster. Names are fixed, so no two people of
the cast share one by chance.

- `admin`: agency admin;
- `manager_a` manages `cluster_a`, `manager_b` manages `cluster_b`;
- `expert`: agency expert; `analyst`: ministry analyst.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from clusterdesk.accounts.models import Role
from clusterdesk.accounts.tests.factories import UserFactory
from clusterdesk.organisations.tests.factories import (
    ClusterFactory,
    ContactFactory,
    MembershipFactory,
    OrganisationFactory,
)

ROLES = ("admin", "manager_a", "manager_b", "expert", "analyst")


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    """Every test starts in the default language: a request in French leaves French active
    in the thread (as each real request sets its own), which must not reach the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def test_settings(settings: Any) -> None:
    """Tests create many users, and the production hasher is deliberately slow; production
    serves hashed static files from a manifest that `collectstatic` builds, and tests render
    pages without running it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def admin(db: Any) -> Any:
    return UserFactory(
        username="admin", first_name="Alex", last_name="Meyer", role=Role.ADMIN, is_staff=True
    )


@pytest.fixture
def manager_a(db: Any) -> Any:
    return UserFactory(
        username="manager_a", first_name="Marie", last_name="Kremer", role=Role.MANAGER
    )


@pytest.fixture
def manager_b(db: Any) -> Any:
    return UserFactory(
        username="manager_b", first_name="Luc", last_name="Hansen", role=Role.MANAGER
    )


@pytest.fixture
def expert(db: Any) -> Any:
    return UserFactory(username="expert", first_name="Eva", last_name="Schiltz", role=Role.EXPERT)


@pytest.fixture
def analyst(db: Any) -> Any:
    return UserFactory(
        username="analyst", first_name="Paul", last_name="Majerus", role=Role.ANALYST
    )


@pytest.fixture
def cluster_a(manager_a: Any) -> Any:
    cluster: Any = ClusterFactory(name="AutoMobility", slug="automobility", colour="blue")
    cluster.managers.add(manager_a)
    return cluster


@pytest.fixture
def cluster_b(manager_b: Any) -> Any:
    cluster: Any = ClusterFactory(name="HealthTech", slug="healthtech", colour="red")
    cluster.managers.add(manager_b)
    return cluster


@pytest.fixture
def organisation_a(cluster_a: Any) -> Any:
    organisation: Any = OrganisationFactory(
        legal_name="Moselle Brake Technologies S.A.", register_number="B100001"
    )
    MembershipFactory(organisation=organisation, cluster=cluster_a)
    organisation.refresh_from_db()
    return organisation


@pytest.fixture
def organisation_b(cluster_b: Any) -> Any:
    organisation: Any = OrganisationFactory(
        legal_name="Alzette Diagnostics S.à r.l.", register_number="B200002"
    )
    MembershipFactory(organisation=organisation, cluster=cluster_b)
    organisation.refresh_from_db()
    return organisation


@pytest.fixture
def contact_a(organisation_a: Any) -> Any:
    return ContactFactory(
        first_name="Anne", last_name="Schmit", organisation=organisation_a, role="CEO"
    )


@pytest.fixture
def contact_b(organisation_b: Any) -> Any:
    return ContactFactory(
        first_name="Luc", last_name="Weber", organisation=organisation_b, role="CTO"
    )


@pytest.fixture
def cast(admin: Any, manager_a: Any, manager_b: Any, expert: Any, analyst: Any) -> dict:
    return {
        "admin": admin,
        "manager_a": manager_a,
        "manager_b": manager_b,
        "expert": expert,
        "analyst": analyst,
    }


@pytest.fixture
def client_for(cast: dict) -> Any:
    """`client_for("manager_a")`: a test client signed in as that member of the cast."""

    def make(role: str | None) -> Client:
        client = Client()
        if role is not None:
            client.force_login(cast[role])
        return client

    return make
