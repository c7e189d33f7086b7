"""The demo loader writes realistic diagnoses through the services."""

from __future__ import annotations

import random
from typing import Any

import pytest

from clusterdesk.accounts.models import Role
from clusterdesk.accounts.tests.factories import UserFactory
from clusterdesk.diagnostics.demo import load_demo
from clusterdesk.diagnostics.models import Diagnosis, DiagnosisStatus
from clusterdesk.organisations.tests.factories import (
    ClusterFactory,
    ContactFactory,
    MembershipFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_directory() -> dict[str, Any]:
    users = {
        "admin": UserFactory(username="admin", role=Role.ADMIN, is_superuser=True),
        "manager": UserFactory(username="manager", role=Role.MANAGER),
    }
    cluster = ClusterFactory(name="AutoMobility", slug="automobility")
    cluster.managers.add(users["manager"])
    other = ClusterFactory(name="Wood", slug="wood")
    organisations = []
    for index in range(40):
        organisation = OrganisationFactory()
        MembershipFactory(organisation=organisation, cluster=cluster if index % 2 else other)
        ContactFactory(organisation=organisation)
        organisations.append(organisation)
    organisations.append(OrganisationFactory())  # a prospect: no cluster, no diagnosis
    return {"users": users, "organisations": organisations}


def test_the_demo_has_completed_diagnoses_re_assessments_and_a_self_assessment_to_review(
    demo_directory: dict[str, Any],
) -> None:
    created = load_demo(
        organisations=demo_directory["organisations"],
        users=demo_directory["users"],
        rng=random.Random(7),
    )
    diagnoses = Diagnosis.objects.all()
    assert created == diagnoses.count() > 16
    completed = diagnoses.filter(status=DiagnosisStatus.COMPLETED)
    assert completed.filter(stage="T0").count() >= 10
    assert completed.filter(stage="T1").exists()
    assert all(d.overall_score is not None and d.band for d in completed)
    submitted = diagnoses.get(status=DiagnosisStatus.SUBMITTED)
    assert submitted.performed_by == demo_directory["users"]["manager"]
    assert submitted.respondent is not None
    assert diagnoses.filter(status=DiagnosisStatus.DRAFT).count() == 2
    assert not diagnoses.filter(organisation=demo_directory["organisations"][-1]).exists()
    # a re-assessment comes later than its baseline
    for later in completed.filter(stage="T1"):
        baseline = completed.get(
            organisation=later.organisation, template=later.template, stage="T0"
        )
        assert baseline.completed_on < later.completed_on  # type: ignore[operator]


def test_the_demo_loads_once(demo_directory: dict[str, Any]) -> None:
    arguments = {**demo_directory, "rng": random.Random(7)}
    assert load_demo(**arguments) > 0
    assert load_demo(**{**demo_directory, "rng": random.Random(7)}) == 0
