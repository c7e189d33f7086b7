"""The catalogue's demo data: teams with their members and services, every EU call, the
shipped instruments and trainings, and accredited consultancies; loaded once."""

from __future__ import annotations

import random
from typing import Any

import pytest

from clusterdesk.catalogue import demo
from clusterdesk.catalogue.models import (
    AgencyTeam,
    Call,
    ServiceProviderProfile,
    SupportInstrument,
    TrainingProgramme,
)
from clusterdesk.catalogue.offers_file import DEFAULT_FILES
from clusterdesk.core import demo as demo_registry
from clusterdesk.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_demo_puts_the_expert_in_the_rd_team_once(expert: Any, manager_a: Any) -> None:
    users = {"expert": expert, "manager": manager_a}
    assert demo.load_demo(users=users) == 2
    assert demo.load_demo(users=users) == 0
    assert list(AgencyTeam.objects.filter(members=expert).values_list("slug", flat=True)) == [
        "rd-innovation"
    ]


def test_the_catalogue_demo_loads_everything_once(expert: Any, admin: Any) -> None:
    consultancies = [
        OrganisationFactory(legal_name=f"Consulting {n} S.A.", kind="service_provider")
        for n in range(8)
    ]
    companies = [OrganisationFactory(legal_name="Moselle Steel S.A.", kind="company")]
    organisations = companies + consultancies
    users = {"expert": expert, "admin": admin}

    created = demo.load_catalogue_demo(
        organisations=organisations, users=users, rng=random.Random(1)
    )

    assert Call.objects.count() == 629
    assert ServiceProviderProfile.objects.count() == demo.PROVIDER_PROFILES
    assert not ServiceProviderProfile.objects.filter(organisation__kind="company").exists()
    assert AgencyTeam.objects.get(slug="european-rd").services == ["eu_programmes", "funding"]
    if DEFAULT_FILES["instruments"].exists():
        fit4 = SupportInstrument.objects.get(slug="fit-4-digital")
        assert fit4.accredited_providers.exists()
    if DEFAULT_FILES["trainings"].exists():
        assert TrainingProgramme.objects.count() >= 80
    assert created >= 629 + demo.PROVIDER_PROFILES

    again = demo.load_catalogue_demo(organisations=organisations, users=users, rng=random.Random(2))
    assert again == 0
    assert Call.objects.filter(version__gt=1).count() == 0
    assert ServiceProviderProfile.objects.filter(version__gt=1).count() == 0


def test_the_catalogue_demo_runs_before_the_journeys() -> None:
    order = {name: position for name, (position, _loader) in demo_registry._LOADERS.items()}
    assert order["catalogue"] < order["support"]
