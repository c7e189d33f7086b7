"""The catalogue part of the JSON API, as each member of the cast uses it with a token.

Every member of the staff reads instruments, trainings and calls; admins and agency experts
write them (403 for managers and analysts); no credentials is a 401 (the public has the
pages). Provider profiles follow the directory: analysts get a 403 on the list and a 404 on
a profile. Bad input is a 422 naming the field; a stale `version` is a 409.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from clusterdesk.catalogue import services
from clusterdesk.catalogue.models import (
    Call,
    ServiceProviderProfile,
    SupportInstrument,
    TrainingProgramme,
)
from clusterdesk.catalogue.tests.conftest import (
    API,
    FIT4_RULES,
    error_fields,
    instrument_data,
    patch,
    post,
    training_data,
)

pytestmark = pytest.mark.django_db

ROLES = ["admin", "manager_a", "manager_b", "expert", "analyst", None]
LIST_QUERY_BOUND = 10


def read_status(role: str | None) -> int:
    return 401 if role is None else 200


def write_status(role: str | None, done: int) -> int:
    if role is None:
        return 401
    return done if role in {"admin", "expert"} else 403


# --- instruments ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_instrument_list_answers_the_staff_with_inactive_ones(
    api_for: Any, instrument: Any, inactive_instrument: Any, role: str | None
) -> None:
    response = api_for(role).get(f"{API}/instruments")
    assert response.status_code == read_status(role)
    if role is not None:
        body = response.json()
        assert [i["slug"] for i in body["results"]] == ["covid-invest", "fit-4-digital"]
        fit4 = body["results"][1]
        assert fit4["rates_by_size"] == {"micro": 50, "small": 50, "medium": 50, "large": None}
        assert fit4["flat_amount_eur"] == 5000.0
        assert fit4["eligibility_rules"] == FIT4_RULES


def test_the_instrument_list_filters_like_its_page(
    api_for: Any, instrument: Any, inactive_instrument: Any
) -> None:
    client = api_for("analyst")

    def slugs(query: str) -> list[str]:
        response = client.get(f"{API}/instruments?{query}")
        assert response.status_code == 200, response.content
        return [i["slug"] for i in response.json()["results"]]

    assert slugs("kind=grant") == ["covid-invest"]
    assert slugs("theme=digitalisation") == ["fit-4-digital"]
    assert slugs("active=false") == ["covid-invest"]
    assert slugs("ordering=-name") == ["fit-4-digital", "covid-invest"]
    assert slugs("q=covid") == ["covid-invest"]
    assert error_fields(client.get(f"{API}/instruments?kind=lottery")) == {"kind"}


@pytest.mark.parametrize("role", ROLES)
def test_an_instrument_is_created_by_admins_and_experts_only(
    api_for: Any, role: str | None
) -> None:
    response = post(api_for(role), f"{API}/instruments", instrument_data())
    assert response.status_code == write_status(role, 201), response.content
    assert SupportInstrument.objects.exists() is (response.status_code == 201)
    if response.status_code == 201:
        body = response.json()
        assert (body["slug"], body["version"], body["kind"]) == (
            "fit-4-digital",
            1,
            "diagnosis_programme",
        )


def test_an_instrument_names_its_provider_organisation(api_for: Any, organisation_a: Any) -> None:
    data = instrument_data(provider_organisation=str(organisation_a.uuid))
    response = post(api_for("expert"), f"{API}/instruments", data)
    assert response.json()["provider_organisation"]["legal_name"] == organisation_a.legal_name
    missing = instrument_data(slug="x", provider_organisation=str(uuid.uuid4()))
    assert error_fields(post(api_for("expert"), f"{API}/instruments", missing)) == {
        "provider_organisation"
    }


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"eligibility_rules": [{"predicate": "cooldown", "years": 2}]}, "eligibility_rules"),
        ({"eligibility_rules": [{"predicate": "is_tall"}]}, "eligibility_rules"),
        ({"rates_by_size": {"small": 150}}, "rates_by_size"),
        ({"rates_by_size": {"giant": 10}}, "rates_by_size"),
        ({"bonuses": [{"label": "x", "points": "many"}]}, "bonuses"),
        ({"themes": ["space"]}, "themes"),
        ({"kind": "lottery"}, "kind"),
        ({"name": ""}, "name"),
        ({"slug": "Not A Slug"}, "slug"),
        ({"cap_eur": -5}, "cap_eur"),
        ({"url": "not a url"}, "url"),
        ({"valid_from": "2026-02-01", "valid_until": "2026-01-01"}, "valid_until"),
    ],
)
def test_creating_an_instrument_with_bad_input_names_the_field(
    api_for: Any, extra: dict, field: str
) -> None:
    response = post(api_for("admin"), f"{API}/instruments", instrument_data(**extra))
    assert error_fields(response) == {field}
    assert not SupportInstrument.objects.exists()


def test_the_rules_errors_say_what_is_wrong_in_words(api_for: Any) -> None:
    rules = [{"predicate": "is_sme"}, {"predicate": "company_age", "min_years": 9, "max_years": 3}]
    response = post(
        api_for("admin"), f"{API}/instruments", instrument_data(eligibility_rules=rules)
    )
    assert response.json()["detail"] == [
        {
            "loc": ["body", "eligibility_rules"],
            "msg": "Rule 2: company_age: “min_years” is above “max_years”.",
            "type": "value_error",
        }
    ]


@pytest.mark.parametrize("role", ROLES)
def test_an_instrument_is_read_by_the_staff(
    api_for: Any, instrument: Any, role: str | None
) -> None:
    response = api_for(role).get(f"{API}/instruments/{instrument.uuid}")
    assert response.status_code == read_status(role)


def test_a_missing_instrument_is_a_404(api_for: Any) -> None:
    assert api_for("admin").get(f"{API}/instruments/{uuid.uuid4()}").status_code == 404
    response = patch(api_for("admin"), f"{API}/instruments/{uuid.uuid4()}", {"version": 1})
    assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_an_instrument_is_changed_by_admins_and_experts_only(
    api_for: Any, instrument: Any, role: str | None
) -> None:
    response = patch(
        api_for(role),
        f"{API}/instruments/{instrument.uuid}",
        {"version": 1, "rates_by_size": {"micro": 70, "small": 70, "medium": 60, "large": 50}},
    )
    assert response.status_code == write_status(role, 200)
    if response.status_code == 200:
        assert response.json()["version"] == 2
        assert response.json()["rates_by_size"]["large"] == 50


def test_a_stale_instrument_change_is_a_409_with_the_current_version(
    api_for: Any, instrument: Any
) -> None:
    services.instrument_update(
        actor=None, instrument=instrument, data={"summary": "New"}, expected_version=1
    )
    response = patch(
        api_for("expert"), f"{API}/instruments/{instrument.uuid}", {"version": 1, "summary": "X"}
    )
    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    assert SupportInstrument.objects.get().summary == "New"


def test_patch_clears_the_provider_organisation_with_null(
    api_for: Any, instrument: Any, organisation_a: Any
) -> None:
    url = f"{API}/instruments/{instrument.uuid}"
    client = api_for("admin")
    body = patch(client, url, {"version": 1, "provider_organisation": str(organisation_a.uuid)})
    assert body.json()["provider_organisation"]["id"] == str(organisation_a.uuid)
    cleared = patch(client, url, {"version": 2, "provider_organisation": None})
    assert cleared.json()["provider_organisation"] is None
    assert error_fields(patch(client, url, {"version": 3, "name": None})) == {"name"}


@pytest.mark.parametrize("role", ROLES)
def test_an_instrument_is_deleted_by_admins_and_experts_only(
    api_for: Any, instrument: Any, role: str | None
) -> None:
    response = api_for(role).delete(f"{API}/instruments/{instrument.uuid}?version=1")
    assert response.status_code == write_status(role, 204)
    assert SupportInstrument.objects.exists() is (response.status_code != 204)


def test_deleting_an_instrument_needs_the_current_version(api_for: Any, instrument: Any) -> None:
    client = api_for("admin")
    assert client.delete(f"{API}/instruments/{instrument.uuid}?version=3").status_code == 409
    assert error_fields(client.delete(f"{API}/instruments/{instrument.uuid}")) == {"version"}
    assert SupportInstrument.objects.exists()


def test_an_instrument_with_accredited_providers_is_not_deleted(
    api_for: Any, profile: Any, instrument: Any
) -> None:
    response = api_for("admin").delete(f"{API}/instruments/{instrument.uuid}?version=1")
    assert response.status_code == 422
    assert "cannot be deleted" in response.json()["detail"][0]["msg"]


# --- trainings --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_training_list_answers_the_staff(
    api_for: Any, training: Any, inactive_training: Any, role: str | None
) -> None:
    response = api_for(role).get(f"{API}/trainings?active=true")
    assert response.status_code == read_status(role)
    if role is not None:
        [listed] = response.json()["results"]
        assert (listed["slug"], listed["duration_hours"], listed["dates"]) == (
            "lean-basics",
            7.0,
            ["2026-10-05", "2026-11-16"],
        )


@pytest.mark.parametrize("role", ROLES)
def test_trainings_are_written_by_admins_and_experts_only(api_for: Any, role: str | None) -> None:
    client = api_for(role)
    created = post(client, f"{API}/trainings", training_data())
    assert created.status_code == write_status(role, 201)
    if created.status_code != 201:
        return
    url = f"{API}/trainings/{created.json()['id']}"
    changed = patch(client, url, {"version": 1, "language": "de", "dates": ["2027-01-11"]})
    assert changed.json()["dates"] == ["2027-01-11"]
    assert patch(client, url, {"version": 1, "language": "en"}).status_code == 409
    assert client.delete(f"{url}?version=2").status_code == 204
    assert not TrainingProgramme.objects.exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"dates": ["next monday"]}, "dates"),
        ({"language": "it"}, "language"),
        ({"format": "podcast"}, "format"),
        ({"duration_hours": -1}, "duration_hours"),
        ({"title": ""}, "title"),
        ({"slug": "new"}, "slug"),
    ],
)
def test_creating_a_training_with_bad_input_names_the_field(
    api_for: Any, extra: dict, field: str
) -> None:
    response = post(api_for("expert"), f"{API}/trainings", training_data(**extra))
    assert error_fields(response) == {field}
    assert not TrainingProgramme.objects.exists()


@pytest.mark.parametrize("role", ["manager_a", "analyst"])
def test_others_cannot_change_or_delete_a_training(api_for: Any, training: Any, role: str) -> None:
    client = api_for(role)
    url = f"{API}/trainings/{training.uuid}"
    assert patch(client, url, {"version": 1, "title": "Mine"}).status_code == 403
    assert client.delete(f"{url}?version=1").status_code == 403
    assert TrainingProgramme.objects.get().title == training.title


# --- calls ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_call_list_answers_the_staff_by_deadline(
    api_for: Any, call: Any, manual_call: Any, role: str | None
) -> None:
    response = api_for(role).get(f"{API}/calls")
    assert response.status_code == read_status(role)
    if role is not None:
        results = response.json()["results"]
        assert [c["external_id"] for c in results] == [call.external_id, ""]
        assert results[0]["budget_max"] == 5_000_000.0


def test_the_call_list_filters_by_status_programme_and_deadline_window(
    api_for: Any, call: Any, manual_call: Any
) -> None:
    client = api_for("manager_b")

    def titles(query: str) -> list[str]:
        response = client.get(f"{API}/calls?{query}")
        assert response.status_code == 200, response.content
        return [c["title"] for c in response.json()["results"]]

    assert titles("status=forthcoming") == [manual_call.title]
    assert titles("programme=Horizon%20Europe") == [call.title]
    assert titles("source=manual") == [manual_call.title]
    assert titles("deadline_from=2027-01-01&deadline_to=2027-12-31") == [manual_call.title]
    assert titles("ordering=-deadline") == [manual_call.title, call.title]
    assert error_fields(client.get(f"{API}/calls?deadline_from=soon")) == {"deadline_from"}


@pytest.mark.parametrize("role", ROLES)
def test_calls_are_written_by_admins_and_experts_only(api_for: Any, role: str | None) -> None:
    client = api_for(role)
    created = post(client, f"{API}/calls", {"title": "Joint Call Defence", "status": "forthcoming"})
    assert created.status_code == write_status(role, 201)
    if created.status_code != 201:
        return
    body = created.json()
    assert (body["source"], body["external_id"]) == ("manual", "")
    url = f"{API}/calls/{body['id']}"
    assert patch(client, url, {"version": 1, "status": "open"}).json()["status"] == "open"
    assert client.delete(f"{url}?version=2").status_code == 204
    assert not Call.objects.exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"external_id": "HORIZON-CL4-2026-TWIN-TRANSITION-01-07"}, "external_id"),
        ({"budget_min": 10, "budget_max": 5}, "budget_max"),
        ({"status": "postponed"}, "status"),
        ({"title": ""}, "title"),
        ({"deadline": "31.12.2026"}, "deadline"),
    ],
)
def test_creating_a_call_with_bad_input_names_the_field(
    api_for: Any, call: Any, extra: dict, field: str
) -> None:
    response = post(api_for("expert"), f"{API}/calls", {"title": "A call", **extra})
    assert error_fields(response) == {field}
    assert Call.objects.count() == 1


@pytest.mark.parametrize("role", ["manager_a", "analyst"])
def test_others_cannot_change_or_delete_a_call(api_for: Any, call: Any, role: str) -> None:
    client = api_for(role)
    assert patch(client, f"{API}/calls/{call.uuid}", {"version": 1}).status_code == 403
    assert client.delete(f"{API}/calls/{call.uuid}?version=1").status_code == 403


def test_a_stale_call_change_is_a_409(api_for: Any, call: Any) -> None:
    services.call_update(actor=None, call=call, data={"status": "closed"}, expected_version=1)
    response = patch(api_for("admin"), f"{API}/calls/{call.uuid}", {"version": 1, "title": "X"})
    assert response.status_code == 409
    assert response.json()["current_version"] == 2


# --- lists stay cheap -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["instruments", "trainings", "calls", "providers"])
def test_a_list_runs_a_fixed_number_of_queries(
    api_for: Any, instrument: Any, django_assert_max_num_queries: Any, kind: str
) -> None:
    from clusterdesk.organisations.tests.factories import OrganisationFactory

    def add(number: int) -> None:
        if kind == "instruments":
            data = instrument_data(slug=f"i-{number}", name=f"I {number}")
            services.instrument_create(actor=None, data=data)
        elif kind == "trainings":
            services.training_create(actor=None, data=training_data(slug=f"t-{number}"))
        elif kind == "calls":
            services.call_create(actor=None, data={"title": f"Call {number}"})
        else:
            organisation = OrganisationFactory(legal_name=f"Consulting {number}")
            services.provider_profile_create(
                actor=None,
                organisation=organisation,
                data={"accreditations": [{"instrument": instrument}]},
            )

    client = api_for("manager_a")
    add(0)
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        client.get(f"{API}/{kind}")
    for number in range(1, 15):
        add(number)
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        response = client.get(f"{API}/{kind}?page_size=50")
    assert response.json()["count"] >= 15


# --- providers --------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("manager_a", 200), ("manager_b", 200), ("expert", 200), ("analyst", 403),
    (None, 401),
])  # fmt: skip
def test_the_provider_list_answers_those_who_read_the_directory(
    api_for: Any, profile: Any, role: str | None, status: int
) -> None:
    response = api_for(role).get(f"{API}/providers")
    assert response.status_code == status
    if status == 200:
        [listed] = response.json()["results"]
        assert listed["organisation"]["legal_name"] == "Kirchberg Digital Consulting S.A."
        assert listed["accreditations"] == [
            {"instrument": "fit-4-digital", "instrument_name": "Fit 4 Digital", "valid_until": None}
        ]
        assert (listed["referral_count"], listed["success_count"]) == (0, 0)


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("manager_b", 200), ("expert", 200), ("analyst", 404), (None, 401),
])  # fmt: skip
def test_a_provider_is_read_with_its_referral_outcomes(
    api_for: Any, profile: Any, role: str | None, status: int
) -> None:
    response = api_for(role).get(f"{API}/providers/{profile.uuid}")
    assert response.status_code == status
    if status == 200:
        assert response.json()["referrals"] == {
            "total": 0,
            "successes": 0,
            "by_status": [],
            "by_outcome": [],
        }


@pytest.mark.parametrize("role", ROLES)
def test_a_provider_profile_is_created_by_admins_and_experts_only(
    api_for: Any, provider: Any, instrument: Any, role: str | None
) -> None:
    body = {
        "organisation": str(provider.uuid),
        "competences": ["ERP selection"],
        "languages": ["fr", "lb"],
        "accreditations": [{"instrument": "fit-4-digital", "valid_until": "2027-12-31"}],
    }
    response = post(api_for(role), f"{API}/providers", body)
    assert response.status_code == write_status(role, 201)
    if response.status_code == 201:
        assert response.json()["accreditations"][0]["valid_until"] == "2027-12-31"
        assert ServiceProviderProfile.objects.get().languages == ["fr", "lb"]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"organisation": "taken"}, "organisation"),
        ({"organisation": str(uuid.UUID(int=1))}, "organisation"),
        ({"accreditations": [{"instrument": "fit-4-nothing"}]}, "accreditations"),
        (
            {"accreditations": [{"instrument": "fit-4-digital"}, {"instrument": "fit-4-digital"}]},
            "accreditations",
        ),
        ({"languages": ["klingon"]}, "languages"),
        ({"competences": [""]}, "competences"),
    ],
)
def test_creating_a_provider_profile_with_bad_input_names_the_field(
    api_for: Any, profile: Any, instrument: Any, extra: dict, field: str
) -> None:
    other = ServiceProviderProfile.objects.get().organisation
    from clusterdesk.organisations.tests.factories import OrganisationFactory

    fresh = OrganisationFactory(legal_name="Fresh Consulting S.A.")
    body = {"organisation": str(fresh.uuid), **extra}
    if body["organisation"] == "taken":
        body["organisation"] = str(other.uuid)
    response = post(api_for("expert"), f"{API}/providers", body)
    assert error_fields(response) == {field}
    assert ServiceProviderProfile.objects.count() == 1


def test_a_provider_profile_is_changed_and_a_stale_change_is_a_409(
    api_for: Any, profile: Any
) -> None:
    client = api_for("expert")
    url = f"{API}/providers/{profile.uuid}"
    changed = patch(client, url, {"version": 1, "accreditations": [], "notes": "Left Fit 4."})
    assert changed.status_code == 200
    assert (changed.json()["accreditations"], changed.json()["version"]) == ([], 2)
    assert patch(client, url, {"version": 1, "notes": "Mine"}).status_code == 409


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 204), ("expert", 204), ("manager_a", 403), ("analyst", 404), (None, 401),
])  # fmt: skip
def test_a_provider_profile_is_deleted_by_admins_and_experts_only(
    api_for: Any, profile: Any, role: str | None, status: int
) -> None:
    response = api_for(role).delete(f"{API}/providers/{profile.uuid}?version=1")
    assert response.status_code == status
    assert ServiceProviderProfile.objects.exists() is (status != 204)


def test_the_teams_show_their_services(api_for: Any) -> None:
    from clusterdesk.catalogue.models import AgencyTeam

    team = AgencyTeam.objects.get(slug="start-ups")
    services.team_update(
        actor=None, team=team, data={"services": ["start_ups"]}, expected_version=None
    )
    response = api_for("expert").get(f"{API}/teams/{team.uuid}")
    assert response.json()["services"] == ["start_ups"]
