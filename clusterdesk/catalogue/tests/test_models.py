"""The catalogue's records check their JSON values and their dates themselves, so every
way in (forms, API, files) refuses the same values on the same field."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from clusterdesk.catalogue import validation
from clusterdesk.catalogue.models import (
    AgencyTeam,
    Call,
    ServiceProviderProfile,
    SupportInstrument,
    TrainingProgramme,
)
from clusterdesk.catalogue.tests.conftest import instrument_data

pytestmark = pytest.mark.django_db


def errors_of(instance: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        instance.full_clean()
    return refused.value.message_dict


def instrument(**extra: Any) -> SupportInstrument:
    data = instrument_data(**extra)
    return SupportInstrument(**data)


def test_a_well_formed_instrument_is_valid() -> None:
    instrument().full_clean()


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        ({"themes": ["space"]}, "themes", "Unknown values: space"),
        ({"themes": "digitalisation"}, "themes", "Give a list"),
        ({"rates_by_size": {"tiny": 50}}, "rates_by_size", "Unknown size class “tiny”"),
        ({"rates_by_size": {"small": 150}}, "rates_by_size", "from 0 to 100"),
        ({"rates_by_size": {"small": True}}, "rates_by_size", "from 0 to 100"),
        ({"rates_by_size": [50]}, "rates_by_size", "Give an object"),
        ({"bonuses": [{"label": "Circular"}]}, "bonuses", "Bonus 1: give exactly"),
        ({"bonuses": [{"label": "", "points": 10}]}, "bonuses", "Bonus 1: the label"),
        ({"bonuses": [{"label": "Collaboration", "points": 0}]}, "bonuses", "the points"),
        (
            {"eligibility_rules": [{"predicate": "is_big"}]},
            "eligibility_rules",
            "Unknown predicate",
        ),
        ({"eligibility_rules": {"predicate": "is_sme"}}, "eligibility_rules", "must be a list"),
        (
            {"eligibility_rules": [{"predicate": "cooldown", "years": 2}]},
            "eligibility_rules",
            "Rule 1: cooldown: “instrument” is missing",
        ),
        ({"valid_from": "2026-01-01", "valid_until": "2025-12-31"}, "valid_until", "before"),
        ({"cap_eur": -1}, "cap_eur", "greater than or equal to 0"),
        ({"kind": "lottery"}, "kind", "not a valid choice"),
        ({"url": "not a url"}, "url", "valid URL"),
    ],
)
def test_a_wrong_instrument_value_is_refused_on_its_field(
    extra: dict, field: str, words: str
) -> None:
    errors = errors_of(instrument(**extra))
    assert set(errors) == {field}
    assert words in " ".join(errors[field])


def test_the_rates_table_lists_the_four_size_classes_smallest_first() -> None:
    assert instrument(rates_by_size={"small": 70, "large": 50}).rates_table == [
        ("micro", None),
        ("small", 70),
        ("medium", None),
        ("large", 50),
    ]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"topics": ["lean", ""]}, "topics"),
        ({"topics": "lean"}, "topics"),
        ({"dates": ["2026-13-01"]}, "dates"),
        ({"dates": ["5 October"]}, "dates"),
        ({"language": "it"}, "language"),
        ({"format": "podcast"}, "format"),
        ({"duration_hours": -2}, "duration_hours"),
    ],
)
def test_a_wrong_training_value_is_refused_on_its_field(extra: dict, field: str) -> None:
    values = {"slug": "lean", "title": "Lean", "format": "online", "language": "en", **extra}
    assert set(errors_of(TrainingProgramme(**values))) == {field}


def test_a_call_budget_must_not_end_below_its_start() -> None:
    call = Call(title="A call", budget_min=5_000_000, budget_max=1_000_000)
    assert set(errors_of(call)) == {"budget_max"}


def test_two_calls_may_lack_a_topic_id_but_not_share_one() -> None:
    Call.objects.create(title="By hand 1")
    Call.objects.create(title="By hand 2")
    Call(title="By hand 3").full_clean()
    Call.objects.create(title="EU", external_id="EU-1")
    assert errors_of(Call(title="Again", external_id="EU-1")) == {
        "external_id": ["Another call has this topic id."]
    }


def test_a_provider_profile_checks_its_languages_and_competences(provider: Any) -> None:
    profile = ServiceProviderProfile(organisation=provider, languages=["fr", "xx"], competences=[1])
    assert set(errors_of(profile)) == {"languages", "competences"}


def test_a_teams_services_are_codes_of_the_list() -> None:
    team = AgencyTeam.objects.get(slug="start-ups")
    team.services = ["start_ups", "catering"]
    assert set(errors_of(team)) == {"services"}
    team.services = ["start_ups", "funding"]
    team.full_clean()
    assert team.get_services_display() == ["Start-ups", "Funding"]


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ([], True),
        (["2026-10-05"], True),
        (["2026-2-5"], False),
        ([20261005], False),
        ("2026-10-05", False),
    ],
)
def test_dates_are_iso_texts(value: Any, ok: bool) -> None:
    assert (validation.dates_problems(value) == []) is ok


def test_choices_are_given_once() -> None:
    assert validation.choices_problems(["en", "en"], ["en", "fr"]) == ["A value is given twice."]
