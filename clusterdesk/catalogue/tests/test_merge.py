"""Merging two organisations keeps one service provider profile, with what both held."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from clusterdesk.catalogue import services
from clusterdesk.catalogue.models import Accreditation, ServiceProviderProfile, SupportInstrument
from clusterdesk.catalogue.tests.conftest import instrument_data
from clusterdesk.organisations.merge import organisation_merge
from clusterdesk.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def merge(survivor: Any, loser: Any) -> None:
    organisation_merge(
        actor=None,
        survivor=survivor,
        loser=loser,
        choices={},
        survivor_version=None,
        loser_version=None,
    )


def test_a_profile_of_the_merged_organisation_moves_to_the_survivor(
    profile: ServiceProviderProfile, provider: Any
) -> None:
    survivor = OrganisationFactory(legal_name="Kirchberg Digital S.A.", kind="service_provider")
    merge(survivor, provider)
    profile.refresh_from_db()
    assert profile.organisation == survivor


def test_two_profiles_become_one_with_every_competence_and_accreditation(
    profile: ServiceProviderProfile, provider: Any, instrument: SupportInstrument
) -> None:
    innovation = services.instrument_create(
        actor=None, data=instrument_data(slug="fit-4-innovation", name="Fit 4 Innovation")
    )
    survivor = OrganisationFactory(legal_name="Kirchberg Digital S.A.", kind="service_provider")
    kept = services.provider_profile_create(
        actor=None,
        organisation=survivor,
        data={
            "competences": ["ERP selection", "lean"],
            "languages": ["de"],
            "notes": "Second office.",
            "accreditations": [
                {"instrument": instrument, "valid_until": datetime.date(2026, 1, 1)},
                {"instrument": innovation, "valid_until": None},
            ],
        },
    )
    merge(survivor, provider)
    kept.refresh_from_db()
    assert ServiceProviderProfile.objects.get() == kept
    assert kept.competences == ["ERP selection", "lean", "digital maturity diagnosis"]
    assert kept.languages == ["de", "fr", "en"]
    assert kept.notes == "Second office.\n\nApproved Fit 4 Digital consultant since 2021."
    # Fit 4 Digital: the loser's accreditation had no end, which beats the survivor's date.
    assert set(Accreditation.objects.values_list("instrument__slug", "valid_until")) == {
        ("fit-4-digital", None),
        ("fit-4-innovation", None),
    }
