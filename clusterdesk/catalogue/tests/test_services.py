"""Writes to the catalogue go through the services: validated, versioned, audited and
indexed, all or nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from clusterdesk.catalogue import services
from clusterdesk.catalogue.models import (
    Accreditation,
    AgencyTeam,
    Call,
    ServiceProviderProfile,
    SupportInstrument,
    TrainingProgramme,
)
from clusterdesk.catalogue.tests.conftest import call_data, instrument_data, training_data
from clusterdesk.core.audit import timeline
from clusterdesk.core.concurrency import StaleVersionError
from clusterdesk.core.search.models import SearchDocument

pytestmark = pytest.mark.django_db


def indexed(record: Any) -> bool:
    return SearchDocument.objects.filter(object_id=record.pk, kind=kind_of(record)).exists()


def kind_of(record: Any) -> str:
    return {SupportInstrument: "instruments", TrainingProgramme: "trainings", Call: "calls"}[
        type(record)
    ]


# --- instruments ------------------------------------------------------------------------------


def test_an_instrument_is_created_audited_and_indexed(expert: Any) -> None:
    instrument = services.instrument_create(actor=expert, data=instrument_data())
    assert instrument.version == 1
    assert instrument.flat_amount_eur == Decimal(5000)
    event = timeline(instrument).get()
    assert event.actor == expert
    assert event.changes["name"] == [None, "Fit 4 Digital"]
    assert event.changes["themes"] == [None, "digitalisation"]
    assert '"predicate": "is_sme"' in event.changes["eligibility_rules"][1]
    assert indexed(instrument)


def test_an_instruments_short_name_is_made_from_its_name() -> None:
    instrument = services.instrument_create(
        actor=None, data=instrument_data(slug="", name="SME Packages: Sustainability")
    )
    assert instrument.slug == "sme-packages-sustainability"


def test_an_instrument_with_wrong_rules_is_refused_on_that_field_and_not_stored() -> None:
    rules = [{"predicate": "is_sme"}, {"predicate": "cooldown", "years": "two"}]
    with pytest.raises(ValidationError) as refused:
        services.instrument_create(actor=None, data=instrument_data(eligibility_rules=rules))
    assert list(refused.value.message_dict) == ["eligibility_rules"]
    assert refused.value.message_dict["eligibility_rules"] == [
        "Rule 2: cooldown: “instrument” is missing (the short name of an instrument).",
        "Rule 2: cooldown: “years” must be a whole number of years.",
    ]
    assert not SupportInstrument.objects.exists()


def test_a_taken_short_name_is_refused_on_that_field(instrument: SupportInstrument) -> None:
    with pytest.raises(ValidationError) as refused:
        services.instrument_create(actor=None, data=instrument_data(name="Another"))
    assert list(refused.value.message_dict) == ["slug"]


def test_an_instrument_update_bumps_the_version_and_records_the_change(
    instrument: SupportInstrument, admin: Any
) -> None:
    updated = services.instrument_update(
        actor=admin,
        instrument=instrument,
        data={"rates_by_size": {"micro": 70, "small": 70, "medium": 60, "large": 50}},
        expected_version=1,
    )
    assert updated.version == 2
    event = timeline(updated).first()
    assert event.changes["rates_by_size"][1] == (
        '{"large": 50, "medium": 60, "micro": 70, "small": 70}'
    )


def test_saving_an_instrument_unchanged_writes_nothing(instrument: SupportInstrument) -> None:
    same = services.instrument_update(
        actor=None,
        instrument=instrument,
        data={"flat_amount_eur": Decimal("5000.00"), "name": "Fit 4 Digital "},
        expected_version=1,
    )
    assert same.version == 1
    assert timeline(instrument).count() == 1


def test_a_stale_instrument_update_is_refused(instrument: SupportInstrument) -> None:
    services.instrument_update(
        actor=None, instrument=instrument, data={"summary": "New"}, expected_version=1
    )
    with pytest.raises(StaleVersionError):
        services.instrument_update(
            actor=None, instrument=instrument, data={"summary": "Mine"}, expected_version=1
        )
    with pytest.raises(StaleVersionError):
        services.instrument_update(
            actor=None, instrument=instrument, data={"summary": "New"}, expected_version=1
        )
    assert SupportInstrument.objects.get().summary == "New"


def test_an_instrument_is_deleted_with_its_search_entry_and_an_audit_event(
    instrument: SupportInstrument,
) -> None:
    pk = instrument.pk
    services.instrument_delete(actor=None, instrument=instrument, expected_version=1)
    assert not SupportInstrument.objects.exists()
    assert not SearchDocument.objects.filter(kind="instruments", object_id=pk).exists()
    instrument.pk = pk
    assert timeline(instrument).first().action == "delete"


def test_an_instrument_providers_are_accredited_for_cannot_be_deleted(
    profile: ServiceProviderProfile, instrument: SupportInstrument
) -> None:
    with pytest.raises(ValidationError, match="accreditations"):
        services.instrument_delete(actor=None, instrument=instrument, expected_version=1)
    assert SupportInstrument.objects.filter(pk=instrument.pk).exists()
    assert indexed(instrument)
    assert timeline(instrument).count() == 1


def test_a_stale_deletion_is_refused(instrument: SupportInstrument) -> None:
    with pytest.raises(StaleVersionError):
        services.instrument_delete(actor=None, instrument=instrument, expected_version=7)
    assert SupportInstrument.objects.exists()


# --- trainings --------------------------------------------------------------------------------


def test_a_trainings_dates_are_kept_once_and_in_order() -> None:
    training = services.training_create(
        actor=None, data=training_data(dates=["2026-11-16", "2026-10-05", "2026-11-16"])
    )
    assert training.dates == ["2026-10-05", "2026-11-16"]
    assert training.duration_hours == Decimal(7)
    assert indexed(training)


def test_a_training_with_a_wrong_date_is_refused_on_that_field() -> None:
    with pytest.raises(ValidationError) as refused:
        services.training_create(actor=None, data=training_data(dates=["next monday"]))
    assert list(refused.value.message_dict) == ["dates"]


def test_a_training_is_changed_and_deleted(training: TrainingProgramme) -> None:
    changed = services.training_update(
        actor=None, training=training, data={"language": "de"}, expected_version=1
    )
    assert (changed.language, changed.version) == ("de", 2)
    services.training_delete(actor=None, training=changed, expected_version=2)
    assert not TrainingProgramme.objects.exists()


# --- calls ------------------------------------------------------------------------------------


def test_a_call_entered_by_hand_has_no_topic_id(manual_call: Call) -> None:
    assert manual_call.external_id == ""
    assert manual_call.source == "manual"
    assert manual_call.deadline == datetime.date(2027, 6, 14)


def test_a_call_with_a_taken_topic_id_is_refused_on_that_field(call: Call) -> None:
    with pytest.raises(ValidationError) as refused:
        services.call_create(actor=None, data=call_data(title="Copy"))
    assert list(refused.value.message_dict) == ["external_id"]


def test_a_call_is_changed_and_deleted(call: Call) -> None:
    changed = services.call_update(
        actor=None, call=call, data={"status": "closed"}, expected_version=1
    )
    assert changed.status == "closed"
    with pytest.raises(StaleVersionError):
        services.call_delete(actor=None, call=changed, expected_version=1)
    services.call_delete(actor=None, call=changed, expected_version=2)
    assert not Call.objects.exists()


# --- provider profiles ------------------------------------------------------------------------


def test_a_provider_profile_shows_on_the_company_file(
    profile: ServiceProviderProfile, provider: Any
) -> None:
    event = timeline(provider).first()
    assert event.object_id == profile.pk
    assert event.changes["accreditations"] == [None, ["Fit 4 Digital"]]
    assert event.changes["languages"] == [None, "fr, en"]


def test_a_second_profile_for_one_organisation_is_refused(
    profile: ServiceProviderProfile, provider: Any
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.provider_profile_create(actor=None, organisation=provider, data={})
    assert list(refused.value.message_dict) == ["organisation"]


def test_accreditations_are_replaced_with_their_end_of_validity(
    profile: ServiceProviderProfile, instrument: SupportInstrument
) -> None:
    other = services.instrument_create(
        actor=None, data=instrument_data(slug="fit-4-innovation", name="Fit 4 Innovation")
    )
    updated = services.provider_profile_update(
        actor=None,
        profile=profile,
        data={
            "accreditations": [
                {"instrument": other, "valid_until": datetime.date(2027, 12, 31)},
            ]
        },
        expected_version=1,
    )
    assert updated.version == 2
    assert list(Accreditation.objects.values_list("instrument__slug", "valid_until")) == [
        ("fit-4-innovation", datetime.date(2027, 12, 31))
    ]
    assert timeline(updated).first().changes["accreditations"] == [
        ["Fit 4 Digital"],
        ["Fit 4 Innovation (≤ 2027-12-31)"],
    ]


def test_an_instrument_given_twice_among_the_accreditations_is_refused(
    profile: ServiceProviderProfile, instrument: SupportInstrument
) -> None:
    twice = [{"instrument": instrument}, {"instrument": instrument}]
    with pytest.raises(ValidationError) as refused:
        services.provider_profile_update(
            actor=None, profile=profile, data={"accreditations": twice}, expected_version=1
        )
    assert list(refused.value.message_dict) == ["accreditations"]


def test_a_stale_profile_update_is_refused_and_changes_nothing(
    profile: ServiceProviderProfile,
) -> None:
    services.provider_profile_update(
        actor=None, profile=profile, data={"notes": "Reliable."}, expected_version=1
    )
    with pytest.raises(StaleVersionError):
        services.provider_profile_update(
            actor=None, profile=profile, data={"accreditations": []}, expected_version=1
        )
    assert Accreditation.objects.count() == 1


def test_deleting_a_profile_keeps_the_organisation(
    profile: ServiceProviderProfile, provider: Any
) -> None:
    services.provider_profile_delete(actor=None, profile=profile, expected_version=1)
    assert not ServiceProviderProfile.objects.exists()
    assert not Accreditation.objects.exists()
    provider.refresh_from_db()


# --- team services ----------------------------------------------------------------------------


def test_a_teams_services_are_saved_and_audited(admin: Any) -> None:
    team = AgencyTeam.objects.get(slug="european-rd")
    updated = services.team_update(
        actor=admin,
        team=team,
        data={"services": ["eu_programmes", "funding"]},
        expected_version=team.version,
    )
    assert updated.services == ["eu_programmes", "funding"]
    assert timeline(updated).first().changes["services"] == ["", "eu_programmes, funding"]


def test_a_teams_unknown_service_is_refused_on_that_field() -> None:
    team = AgencyTeam.objects.get(slug="european-rd")
    with pytest.raises(ValidationError) as refused:
        services.team_update(
            actor=None, team=team, data={"services": ["catering"]}, expected_version=None
        )
    assert list(refused.value.message_dict) == ["services"]
