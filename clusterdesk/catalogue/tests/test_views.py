"""The catalogue's pages, as each member of the cast and the public see them.

Lists and records' pages of instruments, trainings and calls are public (active ones; every
call); the staff see everything with its history; admins and experts create, edit and
delete (403 for managers and analysts, the sign-in page for the public). The provider
directory follows the directory: analysts get a 403 on the list and a 404 on a profile.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from clusterdesk.catalogue import services
from clusterdesk.catalogue.models import (
    Call,
    ServiceProviderProfile,
    SupportInstrument,
    TrainingProgramme,
)
from clusterdesk.catalogue.tests.conftest import instrument_data, training_data
from clusterdesk.core.audit import timeline

pytestmark = pytest.mark.django_db

ROLES = ["admin", "manager_a", "manager_b", "expert", "analyst", None]
EDITORS = {"admin", "expert"}
LIST_QUERY_BOUND = 12


def edit_status(role: str | None) -> int:
    if role is None:
        return 302  # to the sign-in page
    return 200 if role in EDITORS else 403


# --- public pages -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_instrument_list_shows_the_active_ones_to_the_public_and_all_to_the_staff(
    client_for: Any, instrument: Any, inactive_instrument: Any, role: str | None
) -> None:
    response = client_for(role).get(reverse("catalogue:instrument-list"))
    assert response.status_code == 200
    assertContains(response, "Fit 4 Digital")
    assert ("COVID Invest" in response.content.decode()) is (role is not None)
    assert ("Export CSV" in response.content.decode()) is (role is not None)
    assert ("New instrument" in response.content.decode()) is (role in EDITORS)


def test_the_public_sees_the_normal_layout_without_the_staff_navigation(
    client: Any, instrument: Any, call: Any
) -> None:
    for url in (
        reverse("catalogue:index"),
        reverse("catalogue:instrument-list"),
        instrument.get_absolute_url(),
        reverse("catalogue:call-list"),
        call.get_absolute_url(),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assertContains(response, "cd-navbar")
        assertNotContains(response, 'id="main-nav"')
        assertNotContains(response, "Timeline")
        assertNotContains(response, "Sign out")


@pytest.mark.parametrize(("role", "status"), [(None, 404), ("analyst", 200), ("manager_b", 200)])
def test_an_inactive_instrument_is_hidden_from_the_public(
    client_for: Any, inactive_instrument: Any, role: str | None, status: int
) -> None:
    response = client_for(role).get(inactive_instrument.get_absolute_url())
    assert response.status_code == status


def test_an_instruments_page_shows_its_rules_in_words_and_its_rates(
    client: Any, instrument: Any
) -> None:
    response = client.get(instrument.get_absolute_url())
    assertContains(response, "SME by the EU definition (Recommendation 2003/361)")
    assertContains(response, "Main activity not in the excluded NACE sections</span>: A")
    assertContains(
        response,
        "No participation in the programme in the last years</span>: Fit 4 Digital, 2 years",
    )
    assertContains(response, "€5,000")
    assert [size for size, _rate in response.context["instrument"].rates_table] == [
        "micro",
        "small",
        "medium",
        "large",
    ]
    assertContains(response, "50 %", count=3)


def test_a_missing_record_is_a_404(client_for: Any) -> None:
    client = client_for("admin")
    assert client.get(reverse("catalogue:instrument-detail", args=["nope"])).status_code == 404
    assert client.get(reverse("catalogue:training-detail", args=["nope"])).status_code == 404
    missing = "00000000-0000-0000-0000-000000000000"
    assert client.get(reverse("catalogue:call-detail", args=[missing])).status_code == 404
    assert client.get(reverse("catalogue:provider-detail", args=[missing])).status_code == 404


def test_the_staff_see_an_instruments_history_and_accredited_providers(
    client_for: Any, profile: Any, instrument: Any
) -> None:
    response = client_for("manager_a").get(instrument.get_absolute_url())
    assertContains(response, "Timeline")
    assertContains(response, "Kirchberg Digital Consulting S.A.")
    public = client_for(None).get(instrument.get_absolute_url())
    assertNotContains(public, "Kirchberg Digital Consulting S.A.")


def test_a_search_result_link_leads_to_the_instruments_page(
    client_for: Any, instrument: Any, training: Any
) -> None:
    client = client_for("analyst")
    response = client.get(reverse("catalogue:instrument-by-id", args=[instrument.uuid]))
    assert response["Location"] == instrument.get_absolute_url()
    response = client.get(reverse("catalogue:training-by-id", args=[training.uuid]))
    assert response["Location"] == training.get_absolute_url()


@pytest.mark.parametrize("role", ROLES)
def test_the_training_list_and_page_open_for_everyone(
    client_for: Any, training: Any, inactive_training: Any, role: str | None
) -> None:
    client = client_for(role)
    response = client.get(reverse("catalogue:training-list"))
    assertContains(response, "Lean manufacturing basics")
    assert ("withdrawn" in response.content.decode()) is (role is not None)
    page = client.get(training.get_absolute_url())
    assertContains(page, "2026-10-05, 2026-11-16")
    hidden = client.get(inactive_training.get_absolute_url())
    assert hidden.status_code == (404 if role is None else 200)


@pytest.mark.parametrize("role", ROLES)
def test_every_call_is_public(
    client_for: Any, call: Any, manual_call: Any, role: str | None
) -> None:
    client = client_for(role)
    response = client.get(reverse("catalogue:call-list"))
    assertContains(response, "Zero-defect manufacturing")
    assertContains(response, "Dual-use research")
    assertContains(client.get(call.get_absolute_url()), "© European Union")


def test_the_call_list_filters_by_status_programme_and_deadline_window(
    client: Any, call: Any, manual_call: Any
) -> None:
    url = reverse("catalogue:call-list")

    def titles(**query: str) -> list[str]:
        return [c.title for c in client.get(url, query).context["page"]]

    assert titles(status="forthcoming") == ["Dual-use research: resilient infrastructures"]
    assert titles(programme="Horizon Europe") == [call.title]
    assert titles(deadline_from="2027-01-01") == [manual_call.title]
    assert titles(deadline_to="2026-12-31") == [call.title]
    assert titles(q="zero-defect") == [call.title]
    assert titles(sort="-deadline") == [manual_call.title, call.title]
    assert titles(status="lost", deadline_from="soon") == [call.title, manual_call.title]


def test_the_instrument_list_filters_by_kind_theme_and_status(
    client_for: Any, instrument: Any, inactive_instrument: Any
) -> None:
    client = client_for("expert")
    url = reverse("catalogue:instrument-list")

    def names(**query: str) -> list[str]:
        return [i.name for i in client.get(url, query).context["page"]]

    assert names(kind="grant") == ["COVID Invest"]
    assert names(theme="digitalisation") == ["Fit 4 Digital"]
    assert names(active="no") == ["COVID Invest"]
    assert names(q="fit digital") == ["Fit 4 Digital"]
    assert names(sort="-name") == ["Fit 4 Digital", "COVID Invest"]
    # The public's filter on status is ignored: they see active instruments only.
    public = client_for(None).get(url, {"active": "no"}).context["page"]
    assert [i.name for i in public] == ["Fit 4 Digital"]


def test_the_training_list_filters_by_format_and_language(client: Any, training: Any) -> None:
    services.training_create(
        actor=None,
        data=training_data(slug="cyber", title="Cyber hygiene", format="online", language="en"),
    )
    url = reverse("catalogue:training-list")
    assert [t.slug for t in client.get(url, {"format": "online"}).context["page"]] == ["cyber"]
    assert [t.slug for t in client.get(url, {"language": "fr"}).context["page"]] == ["lean-basics"]


def test_a_list_answers_htmx_with_its_results_only(client: Any, instrument: Any) -> None:
    response = client.get(
        reverse("catalogue:instrument-list"),
        {"q": "fit"},
        headers={"HX-Request": "true", "HX-Target": "results"},
    )
    assertContains(response, "Fit 4 Digital")
    assertNotContains(response, "<html")


@pytest.mark.parametrize(
    ("name", "create"),
    [
        (
            "catalogue:instrument-list",
            lambda n: services.instrument_create(
                actor=None, data=instrument_data(slug=f"i-{n}", name=f"Instrument {n}")
            ),
        ),
        (
            "catalogue:training-list",
            lambda n: services.training_create(
                actor=None, data=training_data(slug=f"t-{n}", title=f"Training {n}")
            ),
        ),
        (
            "catalogue:call-list",
            lambda n: services.call_create(
                actor=None, data={"title": f"Call {n}", "programme": f"Programme {n % 3}"}
            ),
        ),
    ],
)
@pytest.mark.parametrize("role", ["manager_a", None])
def test_a_list_runs_a_fixed_number_of_queries(
    client_for: Any,
    django_assert_max_num_queries: Any,
    name: str,
    create: Any,
    role: str | None,
) -> None:
    client = client_for(role)
    create(0)
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        client.get(reverse(name))
    for number in range(1, 30):
        create(number)
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        response = client.get(reverse(name))
    assert response.context["page"].paginator.count == 30


# --- exports ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("catalogue:instrument-export", "Fit 4 Digital"),
        ("catalogue:training-export", "Lean manufacturing basics"),
        ("catalogue:call-export", "HORIZON-CL4-2026-TWIN-TRANSITION-01-07"),
        ("catalogue:provider-export", "Kirchberg Digital Consulting S.A."),
    ],
)
def test_a_list_exports_what_it_shows_to_the_staff(
    client_for: Any, profile: Any, training: Any, call: Any, name: str, words: str
) -> None:
    response = client_for("expert").get(reverse(name, args=["csv"]))
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert words in text
    xlsx = client_for("admin").get(reverse(name, args=["xlsx"]))
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize("name", ["catalogue:instrument-export", "catalogue:call-export"])
def test_the_public_does_not_export(client: Any, name: str) -> None:
    response = client.get(reverse(name, args=["csv"]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_analyst_exports_offers_but_not_providers(client_for: Any, instrument: Any) -> None:
    client = client_for("analyst")
    assert client.get(reverse("catalogue:instrument-export", args=["csv"])).status_code == 200
    assert client.get(reverse("catalogue:provider-export", args=["csv"])).status_code == 403


def test_the_export_follows_the_lists_filters(
    client_for: Any, instrument: Any, inactive_instrument: Any
) -> None:
    response = client_for("admin").get(
        reverse("catalogue:instrument-export", args=["csv"]), {"kind": "grant"}
    )
    rows = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(rows) == 2
    assert rows[1].startswith("COVID Invest,covid-invest,Grant")


# --- instruments: create, edit, delete --------------------------------------------------------


def instrument_post(**extra: Any) -> dict[str, Any]:
    return {
        "name": "Fit 4 AI",
        "slug": "",
        "kind": "diagnosis_programme",
        "provider": "Luxinnovation",
        "themes": ["digitalisation"],
        "rate_micro": "50",
        "rate_small": "50",
        "rate_medium": "",
        "rate_large": "",
        "flat_amount_eur": "",
        "cap_eur": "",
        "bonuses": "",
        "eligibility_rules": '[{"predicate": "is_sme"}]',
        "active": "on",
        **extra,
    }


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_and_experts_open_the_instrument_forms(
    client_for: Any, instrument: Any, role: str | None
) -> None:
    client = client_for(role)
    assert client.get(reverse("catalogue:instrument-create")).status_code == edit_status(role)
    assert client.get(reverse("catalogue:instrument-edit", args=[instrument.slug])).status_code == (
        edit_status(role)
    )
    delete_url = reverse("catalogue:instrument-delete", args=[instrument.slug])
    assert client.get(delete_url).status_code == edit_status(role)


@pytest.mark.parametrize("role", ["manager_a", "analyst"])
def test_a_manager_or_analyst_cannot_create_an_instrument(client_for: Any, role: str) -> None:
    response = client_for(role).post(reverse("catalogue:instrument-create"), instrument_post())
    assert response.status_code == 403
    assert not SupportInstrument.objects.exists()


def test_an_expert_creates_an_instrument_with_its_rates_and_rules(
    client_for: Any, expert: Any
) -> None:
    response = client_for("expert").post(reverse("catalogue:instrument-create"), instrument_post())
    instrument = SupportInstrument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == instrument.get_absolute_url()
    assert instrument.slug == "fit-4-ai"
    assert instrument.rates_by_size == {"micro": 50, "small": 50, "medium": None, "large": None}
    assert instrument.eligibility_rules == [{"predicate": "is_sme"}]
    assert timeline(instrument).get().actor == expert


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        (
            {"eligibility_rules": '[{"predicate": "cooldown", "years": 0}]'},
            "eligibility_rules",
            "Rule 1: cooldown: “instrument” is missing",
        ),
        ({"eligibility_rules": "[{not json"}, "eligibility_rules", "Enter a valid JSON"),
        ({"bonuses": '[{"label": "x"}]'}, "bonuses", "Bonus 1: give exactly"),
        ({"rate_small": "120"}, "rate_small", "less than or equal to 100"),
        ({"name": ""}, "name", "required"),
        ({"slug": "new"}, "slug", "reserved"),
        ({"valid_from": "2026-02-01", "valid_until": "2026-01-01"}, "valid_until", "before"),
    ],
)
def test_wrong_instrument_input_is_shown_on_its_field(
    client_for: Any, extra: dict, field: str, words: str
) -> None:
    response = client_for("admin").post(
        reverse("catalogue:instrument-create"), instrument_post(**extra)
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert field in errors, errors
    assert words in " ".join(errors[field])
    assert not SupportInstrument.objects.exists()


def test_a_taken_short_name_is_refused_on_its_field(client_for: Any, instrument: Any) -> None:
    response = client_for("admin").post(
        reverse("catalogue:instrument-create"), instrument_post(slug="fit-4-digital")
    )
    assert response.status_code == 422
    assert "slug" in response.context["form"].errors


def test_the_instrument_form_shows_the_rules_as_json_and_the_rates(
    client_for: Any, instrument: Any
) -> None:
    response = client_for("expert").get(
        reverse("catalogue:instrument-edit", args=[instrument.slug])
    )
    form = response.context["form"]
    assert form["rate_micro"].value() == 50
    assertContains(response, "&quot;predicate&quot;: &quot;cooldown&quot;")
    assertContains(response, "prerequisite_diagnosis(questionnaire)")


def test_an_instrument_is_edited_and_a_stale_edit_is_refused(
    client_for: Any, instrument: Any
) -> None:
    client = client_for("expert")
    url = reverse("catalogue:instrument-edit", args=[instrument.slug])
    data = instrument_post(name="Fit 4 Digital", slug="fit-4-digital", version=1)
    assert client.post(url, {**data, "summary": "New summary"}).status_code == 302
    assert SupportInstrument.objects.get().summary == "New summary"
    stale = client.post(url, {**data, "summary": "Mine"})
    assert stale.status_code == 422
    assertContains(stale, "Someone else changed this record", status_code=422)
    assert SupportInstrument.objects.get().summary == "New summary"


def test_an_instrument_is_deleted_after_confirmation(client_for: Any, instrument: Any) -> None:
    url = reverse("catalogue:instrument-delete", args=[instrument.slug])
    client = client_for("admin")
    stale = client.post(url, {"version": 9})
    assertContains(stale, "Someone else changed this record")
    response = client.post(url, {"version": 1})
    assert response.status_code == 302
    assert not SupportInstrument.objects.exists()


def test_an_instrument_with_accredited_providers_is_kept(
    client_for: Any, profile: Any, instrument: Any
) -> None:
    url = reverse("catalogue:instrument-delete", args=[instrument.slug])
    response = client_for("expert").post(url, {"version": 1})
    assert response.status_code == 200
    assertContains(response, "cannot be deleted")
    assert SupportInstrument.objects.exists()


@pytest.mark.parametrize("role", ["manager_a", "analyst"])
def test_others_cannot_delete_an_instrument(client_for: Any, instrument: Any, role: str) -> None:
    url = reverse("catalogue:instrument-delete", args=[instrument.slug])
    assert client_for(role).post(url, {"version": 1}).status_code == 403
    assert SupportInstrument.objects.exists()


# --- trainings and calls: create, edit, delete ------------------------------------------------


def test_an_expert_creates_edits_and_deletes_a_training(client_for: Any) -> None:
    client = client_for("expert")
    data = {
        "title": "Cyber hygiene for SMEs",
        "format": "online",
        "language": "en",
        "duration_hours": "3.5",
        "dates": "2026-11-16, 2026-10-05",
        "topics": "IT security, phishing\npasswords",
        "themes": ["digitalisation"],
        "active": "on",
    }
    assert client.post(reverse("catalogue:training-create"), data).status_code == 302
    training = TrainingProgramme.objects.get()
    assert training.slug == "cyber-hygiene-for-smes"
    assert training.dates == ["2026-10-05", "2026-11-16"]
    assert training.topics == ["IT security", "phishing", "passwords"]
    edit = reverse("catalogue:training-edit", args=[training.slug])
    assert client.get(edit).context["form"]["dates"].value() == "2026-10-05, 2026-11-16"
    response = client.post(edit, {**data, "language": "fr", "version": 1})
    assert response.status_code == 302
    delete = reverse("catalogue:training-delete", args=[training.slug])
    assert client.post(delete, {"version": 2}).status_code == 302
    assert not TrainingProgramme.objects.exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"dates": "next monday"}, "dates"),
        ({"language": "it"}, "language"),
        ({"title": ""}, "title"),
    ],
)
def test_wrong_training_input_is_shown_on_its_field(
    client_for: Any, extra: dict, field: str
) -> None:
    data = {"title": "Lean", "format": "online", "language": "en", **extra}
    response = client_for("admin").post(reverse("catalogue:training-create"), data)
    assert response.status_code == 422
    assert field in response.context["form"].errors


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_and_experts_open_the_training_and_call_forms(
    client_for: Any, training: Any, call: Any, role: str | None
) -> None:
    client = client_for(role)
    for url in (
        reverse("catalogue:training-create"),
        reverse("catalogue:training-edit", args=[training.slug]),
        reverse("catalogue:call-create"),
        reverse("catalogue:call-edit", args=[call.uuid]),
        reverse("catalogue:call-delete", args=[call.uuid]),
    ):
        assert client.get(url).status_code == edit_status(role), url


def test_an_admin_enters_a_call_by_hand(client_for: Any) -> None:
    data = {
        "title": "Joint Call Defence 2024",
        "programme": "Joint Call Defence",
        "status": "forthcoming",
        "deadline": "2027-06-14",
        "budget_min": "",
        "budget_max": "13800000",
    }
    response = client_for("admin").post(reverse("catalogue:call-create"), data)
    call = Call.objects.get()
    assert response["Location"] == call.get_absolute_url()
    assert (call.source, call.external_id) == ("manual", "")


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"external_id": "HORIZON-CL4-2026-TWIN-TRANSITION-01-07"}, "external_id"),
        ({"budget_min": "5", "budget_max": "1"}, "budget_max"),
        ({"status": "maybe"}, "status"),
        ({"deadline": "31/31/2026"}, "deadline"),
    ],
)
def test_wrong_call_input_is_shown_on_its_field(
    client_for: Any, call: Any, extra: dict, field: str
) -> None:
    data = {"title": "Another call", "status": "open", **extra}
    response = client_for("expert").post(reverse("catalogue:call-create"), data)
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert Call.objects.count() == 1


def test_a_stale_call_edit_is_refused(client_for: Any, call: Any) -> None:
    services.call_update(actor=None, call=call, data={"status": "closed"}, expected_version=1)
    url = reverse("catalogue:call-edit", args=[call.uuid])
    data = {"title": call.title, "status": "open", "version": 1}
    response = client_for("expert").post(url, data)
    assert response.status_code == 422
    assert Call.objects.get().status == "closed"


# --- service providers ------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("manager_a", 200), ("manager_b", 200), ("expert", 200), ("analyst", 403),
    (None, 302),
])  # fmt: skip
def test_the_provider_directory_is_for_those_who_read_the_directory(
    client_for: Any, profile: Any, role: str | None, status: int
) -> None:
    response = client_for(role).get(reverse("catalogue:provider-list"))
    assert response.status_code == status
    if status == 200:
        assertContains(response, "Kirchberg Digital Consulting S.A.")
        assertContains(response, "Fit 4 Digital")


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("manager_b", 200), ("expert", 200), ("analyst", 404), (None, 302),
])  # fmt: skip
def test_a_providers_page_opens_for_the_same_people(
    client_for: Any, profile: Any, role: str | None, status: int
) -> None:
    assert client_for(role).get(profile.get_absolute_url()).status_code == status


def test_a_providers_page_shows_the_outcomes_of_past_referrals(
    client_for: Any,
    profile: Any,
    provider: Any,
    organisation_a: Any,
    cluster_a: Any,
    manager_a: Any,
) -> None:
    from clusterdesk.support import services as support_services
    from clusterdesk.support.tests.conftest import add_need, open_case

    case = open_case(organisation_a, cluster_a, manager_a)
    for outcome in ("funding_obtained", "none"):
        referral = support_services.referral_create(
            actor=manager_a,
            need=add_need(case),
            data={"target_kind": "service_provider", "target_organisation": provider},
            send=True,
        )
        for status in ("accepted", "done"):
            data = {"status": status}
            if status == "done":
                data["outcome_kind"] = outcome
            referral = support_services.referral_answer(
                actor=manager_a,
                referral=referral,
                data=data,
                expected_version=referral.version,
                as_target=False,
            )
    response = client_for("expert").get(profile.get_absolute_url())
    outcomes = response.context["outcomes"]
    assert (outcomes.total, outcomes.successes, outcomes.success_percent) == (2, 1, 50)
    assert [(t.code, t.count) for t in outcomes.by_outcome] == [
        ("funding_obtained", 1),
        ("none", 1),
    ]
    assertContains(response, "2 referrals sent to this provider; 1 successful (50 %).")
    listed = client_for("expert").get(reverse("catalogue:provider-list")).context["page"][0]
    assert (listed.referral_count, listed.success_count) == (2, 1)


def test_an_expert_creates_a_provider_profile_with_accreditations(
    client_for: Any, provider: Any, instrument: Any
) -> None:
    data = {
        "organisation": str(provider.uuid),
        "competences": "ERP selection, IT security",
        "languages": ["fr", "de"],
        "notes": "",
        "accreditations-TOTAL_FORMS": "2",
        "accreditations-INITIAL_FORMS": "0",
        "accreditations-0-instrument": "fit-4-digital",
        "accreditations-0-valid_until": "2027-12-31",
        "accreditations-1-instrument": "",
        "accreditations-1-valid_until": "",
    }
    response = client_for("expert").post(reverse("catalogue:provider-create"), data)
    profile = ServiceProviderProfile.objects.get()
    assert response["Location"] == profile.get_absolute_url()
    assert profile.competences == ["ERP selection", "IT security"]
    assert [str(a) for a in profile.accreditation_set.all()] == ["Fit 4 Digital (≤ 2027-12-31)"]


def test_a_second_profile_for_an_organisation_is_refused_on_its_field(
    client_for: Any, profile: Any, provider: Any
) -> None:
    data = {
        "organisation": str(provider.uuid),
        "accreditations-TOTAL_FORMS": "0",
        "accreditations-INITIAL_FORMS": "0",
    }
    response = client_for("admin").post(reverse("catalogue:provider-create"), data)
    assert response.status_code == 422
    assert "organisation" in response.context["form"].errors


@pytest.mark.parametrize("role", ["manager_a", "analyst"])
def test_others_cannot_change_provider_profiles(client_for: Any, profile: Any, role: str) -> None:
    client = client_for(role)
    expected = 403 if role == "manager_a" else 404
    assert client.get(reverse("catalogue:provider-edit", args=[profile.uuid])).status_code == (
        expected
    )
    assert client.post(
        reverse("catalogue:provider-delete", args=[profile.uuid]), {"version": 1}
    ).status_code == (expected)
    assert client.get(reverse("catalogue:provider-create")).status_code == 403
    assert ServiceProviderProfile.objects.exists()


def test_a_profiles_accreditations_are_edited_and_removed(
    client_for: Any, profile: Any, instrument: Any
) -> None:
    client = client_for("admin")
    url = reverse("catalogue:provider-edit", args=[profile.uuid])
    formset = client.get(url).context["formset"]
    assert (
        formset.forms[0]["instrument"].value() == instrument.pk
        or formset.initial[0]["instrument"] == instrument
    )
    data = {
        "competences": "ERP selection",
        "languages": ["en"],
        "notes": "",
        "version": "1",
        "accreditations-TOTAL_FORMS": "1",
        "accreditations-INITIAL_FORMS": "1",
        "accreditations-0-instrument": "",
        "accreditations-0-valid_until": "",
    }
    assert client.post(url, data).status_code == 302
    profile.refresh_from_db()
    assert not profile.accreditation_set.exists()
    assert profile.version == 2
    delete = reverse("catalogue:provider-delete", args=[profile.uuid])
    assert client.post(delete, {"version": 2}).status_code == 302
    assert not ServiceProviderProfile.objects.exists()


def test_the_provider_list_runs_a_fixed_number_of_queries(
    client_for: Any, instrument: Any, django_assert_max_num_queries: Any
) -> None:
    from clusterdesk.organisations.tests.factories import OrganisationFactory

    client = client_for("manager_a")

    def add(number: int) -> None:
        organisation = OrganisationFactory(legal_name=f"Consulting {number}")
        services.provider_profile_create(
            actor=None,
            organisation=organisation,
            data={"accreditations": [{"instrument": instrument}], "competences": ["lean"]},
        )

    add(0)
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        client.get(reverse("catalogue:provider-list"))
    for number in range(1, 20):
        add(number)
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        response = client.get(reverse("catalogue:provider-list"), {"instrument": "fit-4-digital"})
    assert response.context["page"].paginator.count == 20


# --- the catalogue's front page and the teams' services ---------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_catalogue_front_page_opens_for_everyone(
    client_for: Any, instrument: Any, inactive_instrument: Any, role: str | None
) -> None:
    response = client_for(role).get(reverse("catalogue:index"))
    assert response.status_code == 200
    assert response.context["counts"]["instruments"] == (1 if role is None else 2)
    assert ("Service providers" in response.content.decode()) is (
        role in {"admin", "manager_a", "manager_b", "expert"}
    )


def test_the_navigation_has_a_catalogue_entry_for_the_staff(client_for: Any) -> None:
    response = client_for("analyst").get(reverse("catalogue:index"))
    assertContains(response, 'id="main-nav"')
    assertContains(response, f'href="{reverse("catalogue:index")}"')


def test_an_admin_sets_a_teams_services_and_its_page_shows_them(client_for: Any) -> None:
    from clusterdesk.catalogue.models import AgencyTeam

    team = AgencyTeam.objects.get(slug="european-rd")
    client = client_for("admin")
    data = {
        "name": team.name,
        "slug": team.slug,
        "email": team.email,
        "description": team.description,
        "services": ["eu_programmes", "funding"],
        "version": team.version,
    }
    assert client.post(reverse("catalogue:team-edit", args=[team.slug]), data).status_code == 302
    response = client.get(reverse("catalogue:team-detail", args=[team.slug]))
    assertContains(response, "EU programmes")
    assertContains(client.get(reverse("catalogue:team-list")), "EU programmes")
    wrong = client.post(
        reverse("catalogue:team-edit", args=[team.slug]),
        {**data, "services": ["catering"], "version": team.version + 1},
    )
    assert wrong.status_code == 422
    assert "services" in wrong.context["form"].errors


# --- the company file -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "manager_b", "expert"])
def test_the_company_file_shows_the_provider_profile(
    client_for: Any, profile: Any, provider: Any, role: str
) -> None:
    response = client_for(role).get(provider.get_absolute_url())
    assertContains(response, "As a service provider")
    assertContains(response, profile.get_absolute_url())


def test_an_editor_creates_a_profile_from_the_company_file(client_for: Any, provider: Any) -> None:
    page = client_for("expert").get(provider.get_absolute_url())
    create = f"{reverse('catalogue:provider-create')}?organisation={provider.uuid}"
    assertContains(page, create)
    form = client_for("expert").get(create)
    assertContains(form, f'<option value="{provider.uuid}" selected>')
    assertNotContains(client_for("manager_a").get(provider.get_absolute_url()), create)


def test_editing_an_instrument_keeps_its_provider_organisation(
    client_for: Any, organisation_a: Any
) -> None:
    instrument = services.instrument_create(
        actor=None, data=instrument_data(provider_organisation=organisation_a)
    )
    client = client_for("admin")
    url = reverse("catalogue:instrument-edit", args=[instrument.slug])
    form = client.get(url).context["form"]
    assert form["provider_organisation"].value() == str(organisation_a.uuid)
    assertContains(client.get(url), f'<option value="{organisation_a.uuid}" selected>')
