"""Matches in the journey: a need's page shows the offers that fit it with why, one click
refers the need to one of them, a diagnosis proposes matches for its weak dimensions,
outcomes feed back into the ranking, and POST /api/v1/match answers the same."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from clusterdesk.catalogue import services as catalogue
from clusterdesk.catalogue.models import AgencyTeam
from clusterdesk.diagnostics.tests.conftest import complete
from clusterdesk.organisations import services as directory
from clusterdesk.support import matching, services, workflows
from clusterdesk.support.models import Referral, TargetKind
from clusterdesk.support.states import ReferralStatus
from clusterdesk.support.tests.conftest import API, add_need, post

pytestmark = pytest.mark.django_db

SME_RULES = [{"predicate": "is_sme"}, {"predicate": "registered_office_in", "country": "LU"}]
LARGE_ONLY = [{"predicate": "size_class_in", "classes": ["large"]}]


@pytest.fixture
def offers(db: Any) -> dict[str, Any]:
    """A small catalogue about digitalisation, and one unrelated training."""
    return {
        "fit4": catalogue.instrument_create(
            actor=None,
            data={
                "slug": "fit-4-digital",
                "name": "Fit 4 Digital",
                "provider": "Luxinnovation",
                "kind": "diagnosis_programme",
                "summary": "Digital maturity diagnosis and digitalisation plan for SMEs.",
                "description": "An approved consultant assesses IT, ERP and data, then plans.",
                "themes": ["digitalisation"],
                "eligibility_rules": SME_RULES,
            },
        ),
        "large": catalogue.instrument_create(
            actor=None,
            data={
                "slug": "digital-large",
                "name": "Digital transformation aid for large companies",
                "provider": "Ministry of the Economy",
                "kind": "grant",
                "summary": "Digitalisation of production: ERP and data platforms.",
                "themes": ["digitalisation"],
                "eligibility_rules": LARGE_ONLY,
            },
        ),
        "erp": catalogue.training_create(
            actor=None,
            data={
                "slug": "erp-selection",
                "title": "Choosing an ERP for a manufacturing SME",
                "provider": "Digital innovation hub",
                "topics": ["ERP", "digitalisation"],
                "themes": ["digitalisation"],
                "format": "workshop",
                "duration_hours": 4,
                "language": "en",
            },
        ),
        "bakery": catalogue.training_create(
            actor=None,
            data={
                "slug": "sourdough",
                "title": "Sourdough baking",
                "provider": "Craft school",
                "topics": ["bread"],
                "format": "classroom",
                "duration_hours": 6,
                "language": "en",
            },
        ),
    }


def _fragment(client: Any, need: Any) -> str:
    response = client.get(reverse("support:need-matches", args=[need.uuid]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_need_page_loads_its_matches_with_why_and_eligibility(
    client_for: Any, case_a: Any, offers: dict[str, Any]
) -> None:
    need = add_need(case_a, "Digitalise production planning: choose an ERP", theme="digitalisation")
    client = client_for("manager_a")
    page = client.get(need.get_absolute_url())
    assert page.status_code == 200
    assert reverse("support:need-matches", args=[need.uuid]) in page.content.decode()

    html = _fragment(client, need)
    assert "Fit 4 Digital" in html
    assert "Choosing an ERP for a manufacturing SME" in html
    assert "Sourdough" not in html
    # The company (25 people, Luxembourg) is an SME: eligible for Fit 4 Digital, not for the
    # aid of large companies, which is shown as such rather than hidden.
    assert "Digital transformation aid for large companies" in html
    assert "Not eligible" in html
    assert "Eligible" in html
    assert "erp" in html.lower()  # the matched term is among the reasons


def test_an_ineligible_instrument_ranks_below_an_equally_relevant_eligible_one(
    case_a: Any, manager_a: Any
) -> None:
    for slug, rules in (("digital-aid-a", LARGE_ONLY), ("digital-aid-b", SME_RULES)):
        catalogue.instrument_create(
            actor=None,
            data={
                "slug": slug,
                "name": "Digital aid",
                "provider": "Ministry of the Economy",
                "kind": "grant",
                "summary": "Digitalisation of production: ERP and data platforms.",
                "eligibility_rules": rules,
            },
        )
    found = matching.match(
        user=manager_a,
        text="digitalisation of production, ERP",
        organisation=case_a.organisation,
        kinds=["instrument"],
    )
    assert [(item.match.external_id, item.match.eligible) for item in found] == [
        ("digital-aid-b", True),
        ("digital-aid-a", False),  # shown, marked ineligible
    ]


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("manager_a", 200), ("manager_b", 200), ("expert", 200), ("analyst", 404),
])  # fmt: skip
def test_who_sees_a_need_and_its_matches(
    client_for: Any, need_a: Any, offers: dict[str, Any], role: str, status: int
) -> None:
    client = client_for(role)
    assert client.get(need_a.get_absolute_url()).status_code == status
    matches = client.get(reverse("support:need-matches", args=[need_a.uuid]))
    assert matches.status_code == status


def test_only_those_who_may_change_the_case_see_the_refer_buttons(
    client_for: Any, case_a: Any, offers: dict[str, Any]
) -> None:
    need = add_need(case_a, "ERP selection for production planning")
    url = reverse("support:need-refer-match", args=[need.uuid])
    assert url in _fragment(client_for("manager_a"), need)
    assert url not in _fragment(client_for("expert"), need)


def test_one_click_refers_the_need_to_a_match(
    client_for: Any, case_a: Any, offers: dict[str, Any]
) -> None:
    need = add_need(case_a, "Digital maturity diagnosis and an ERP plan")
    response = client_for("manager_a").post(
        reverse("support:need-refer-match", args=[need.uuid]),
        {"kind": "instrument", "id": str(offers["fit4"].uuid)},
    )
    referral = Referral.objects.get(need=need)
    assert response.status_code == 302
    assert response["Location"] == referral.get_absolute_url()
    assert (referral.target_kind, referral.target_instrument) == (
        TargetKind.INSTRUMENT,
        offers["fit4"],
    )
    assert referral.instrument_name == "Fit 4 Digital"
    assert referral.status == ReferralStatus.PROPOSED
    # The match now says it is referred, with no second button.
    html = _fragment(client_for("manager_a"), need)
    assert html.count(f'value="{offers["fit4"].uuid}"') == 0


@pytest.mark.parametrize(("role", "status"), [
    ("manager_b", 403), ("expert", 403), ("analyst", 404),
])  # fmt: skip
def test_one_click_referral_is_refused_to_those_who_may_not_change_the_case(
    client_for: Any, need_a: Any, offers: dict[str, Any], role: str, status: int
) -> None:
    response = client_for(role).post(
        reverse("support:need-refer-match", args=[need_a.uuid]),
        {"kind": "training", "id": str(offers["erp"].uuid)},
    )
    assert response.status_code == status
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("kind", "target"), [("instrument", "not-a-uuid"), ("weather", None), ("call", None)]
)
def test_a_match_that_names_nothing_is_a_404(
    client_for: Any, need_a: Any, offers: dict[str, Any], kind: str, target: str | None
) -> None:
    response = client_for("manager_a").post(
        reverse("support:need-refer-match", args=[need_a.uuid]),
        {"kind": kind, "id": target or str(offers["erp"].uuid)},
    )
    assert response.status_code == 404
    assert not Referral.objects.exists()


def test_each_kind_of_match_becomes_its_kind_of_referral(
    need_a: Any, offers: dict[str, Any], team: AgencyTeam, provider: Any
) -> None:
    call = catalogue.call_create(
        actor=None,
        data={
            "external_id": "HORIZON-CL4-2027-DIGITAL-01",
            "title": "Digital twins",
            "status": "open",
        },
    )
    targets = {
        "team": team,
        "instrument": offers["fit4"],
        "call": call,
        "training": offers["erp"],
        "provider": provider,
        "organisation": provider,
    }
    for kind, target in targets.items():
        referral = workflows.refer_match(actor=None, need=need_a, kind=kind, target=target)
        assert referral.target_label, kind
    kinds = sorted(Referral.objects.values_list("target_kind", flat=True))
    assert kinds == sorted(
        ["agency_team", "instrument", "call", "training", "service_provider", "partner"]
    )


def test_a_referral_to_a_call_without_its_call_names_the_field(need_a: Any) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as raised:
        services.referral_create(actor=None, need=need_a, data={"target_kind": "call"})
    assert set(raised.value.message_dict) == {"target_call"}


def test_outcomes_feed_back_into_the_ranking(
    case_a: Any, manager_a: Any, offers: dict[str, Any]
) -> None:
    """Two equally relevant trainings; once one solved a similar need, it comes first."""
    other = catalogue.training_create(
        actor=None,
        data={
            "slug": "erp-rollout",
            "title": "Rolling out an ERP in a manufacturing SME",
            "topics": ["ERP", "digitalisation"],
            "format": "workshop",
            "duration_hours": 4,
            "language": "en",
        },
    )

    def order() -> list[str]:
        found = matching.match(user=manager_a, text="ERP for our SME", kinds=["training"])
        return [item.match.title for item in found][:2]

    before = order()
    winner = other if before[0] == offers["erp"].title else offers["erp"]
    solved = add_need(case_a, "We need an ERP for the SME")
    referral = workflows.refer_match(actor=None, need=solved, kind="training", target=winner)
    services.referral_send(actor=None, referral=referral, expected_version=None)
    referral.refresh_from_db()
    for status in (ReferralStatus.ACCEPTED, ReferralStatus.DONE):
        referral = services.referral_answer(
            actor=None,
            referral=referral,
            data={"status": status, "outcome_kind": "project_started"},
            expected_version=None,
            as_target=False,
        )
    assert order()[0] == winner.title
    assert any("similar" in reason.lower() for reason in _reasons(manager_a, winner.title))


def _reasons(user: Any, title: str) -> list[str]:
    found = matching.match(user=user, text="ERP for our SME", kinds=["training"])
    return next(list(item.match.reasons) for item in found if item.match.title == title)


def test_the_index_follows_the_catalogue(manager_a: Any, offers: dict[str, Any]) -> None:
    assert not matching.match(user=manager_a, text="hydrogen electrolyser", kinds=["training"])
    catalogue.training_create(
        actor=None,
        data={
            "slug": "hydrogen",
            "title": "Hydrogen electrolysers for industry",
            "format": "online",
            "duration_hours": 3,
            "language": "en",
        },
    )
    found = matching.match(user=manager_a, text="hydrogen electrolyser", kinds=["training"])
    assert [item.match.title for item in found] == ["Hydrogen electrolysers for industry"]


def test_a_company_is_never_proposed_as_its_own_partner(
    case_a: Any, manager_a: Any, provider: Any
) -> None:
    directory.organisation_update(
        actor=None,
        organisation=case_a.organisation,
        data={"description": "Brake discs machining and coating"},
        expected_version=None,
    )
    catalogue.provider_profile_create(
        actor=None,
        organisation=case_a.organisation,
        data={"competences": ["brake discs machining"]},
    )
    found = matching.match(
        user=manager_a, text="brake discs machining", organisation=case_a.organisation
    )
    assert str(case_a.organisation.uuid) not in {str(item.match.id) for item in found}


# --- diagnosis results --------------------------------------------------------------------------


@pytest.fixture
def low_dma(organisation_a: Any, cluster_a: Any, manager_a: Any) -> Any:
    from clusterdesk.diagnostics import services as diagnostics
    from clusterdesk.diagnostics.models import QuestionnaireTemplate

    template = QuestionnaireTemplate.objects.get(key="dma", version=1)
    diagnosis = diagnostics.diagnosis_start(
        actor=manager_a, organisation=organisation_a, template=template, cluster=cluster_a
    )
    return complete(diagnosis, 0.0, manager_a)


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("manager_a", 200), ("expert", 200), ("analyst", 404),
])  # fmt: skip
def test_a_diagnosis_proposes_matches_for_its_weak_dimensions(
    client_for: Any, low_dma: Any, offers: dict[str, Any], role: str, status: int
) -> None:
    response = client_for(role).get(reverse("support:diagnosis-matches", args=[low_dma.uuid]))
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert "What fits the weak dimensions" in html
        assert "Fit 4 Digital" in html
    results = client_for("manager_a").get(low_dma.get_absolute_url()).content.decode()
    assert reverse("support:diagnosis-matches", args=[low_dma.uuid]) in results


# --- POST /api/v1/match -------------------------------------------------------------------------


def test_the_api_ranks_offers_and_says_why(
    api_for: Any, organisation_a: Any, offers: dict[str, Any]
) -> None:
    response = post(
        api_for("manager_a"),
        f"{API}/match",
        {
            "text": "Digitalisation de la production : choisir un ERP",
            "organisation": str(organisation_a.uuid),
            "kinds": ["instrument", "training"],
            "limit": 3,
        },
    )
    assert response.status_code == 200, response.content
    results = response.json()["results"]
    assert 1 <= len(results) <= 3
    assert {result["kind"] for result in results} <= {"instrument", "training"}
    assert [result["score"] for result in results] == sorted(
        (result["score"] for result in results), reverse=True
    )
    fit4 = next(result for result in results if result["external_id"] == "fit-4-digital")
    assert fit4["id"] == str(offers["fit4"].uuid)
    assert fit4["eligible"] is True
    assert {rule["predicate"] for rule in fit4["eligibility"]} == {
        "is_sme",
        "registered_office_in",
    }
    assert fit4["reasons"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "   "}, "text"),
        ({"text": "x" * 100_000}, "text"),
        ({"text": "ERP", "kinds": ["instrument", "spaceship"]}, "kinds"),
        ({"text": "ERP", "limit": 0}, "limit"),
        ({"text": "ERP", "theme": "weather"}, "theme"),
        ({"text": "ERP", "organisation": "0b6c3a4e-0000-4000-8000-000000000000"}, "organisation"),
    ],
)
def test_bad_match_requests_name_the_field(api_for: Any, body: dict, field: str) -> None:
    response = post(api_for("manager_a"), f"{API}/match", body)
    assert response.status_code == 422
    # The body field first (an item of a list adds its position after it).
    assert {str(error["loc"][1]) for error in response.json()["detail"]} == {field}


def test_the_match_api_is_for_those_who_read_journeys(api_for: Any, client: Any) -> None:
    assert post(api_for("analyst"), f"{API}/match", {"text": "ERP"}).status_code == 403
    anonymous = client.post(
        f"{API}/match", data=json.dumps({"text": "ERP"}), content_type="application/json"
    )
    assert anonymous.status_code == 401


# --- bad input and bounded work -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["support:need-detail", "support:need-matches"])
def test_an_unknown_need_is_a_404(client_for: Any, offers: dict[str, Any], name: str) -> None:
    url = reverse(name, args=["0b6c3a4e-0000-4000-8000-000000000000"])
    assert client_for("manager_a").get(url).status_code == 404


def test_referring_an_unknown_need_is_a_404(client_for: Any, offers: dict[str, Any]) -> None:
    url = reverse("support:need-refer-match", args=["0b6c3a4e-0000-4000-8000-000000000000"])
    response = client_for("manager_a").post(url, {"kind": "training", "id": offers["erp"].uuid})
    assert response.status_code == 404


def test_only_what_a_match_could_name_can_be_referred_in_one_click(
    client_for: Any, need_a: Any, offers: dict[str, Any], provider: Any
) -> None:
    """An inactive instrument is no match, nor an organisation without a provider profile
    a provider: a hand-made request for them is a 404 and creates nothing."""
    catalogue.instrument_update(
        actor=None, instrument=offers["fit4"], data={"active": False}, expected_version=None
    )
    url = reverse("support:need-refer-match", args=[need_a.uuid])
    client = client_for("manager_a")
    for kind, target in (("instrument", offers["fit4"]), ("provider", provider)):
        assert client.post(url, {"kind": kind, "id": target.uuid}).status_code == 404
    assert not Referral.objects.exists()


def test_a_diagnosis_reads_the_index_facts_and_past_needs_once_for_all_its_dimensions(
    client_for: Any, low_dma: Any, offers: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    from clusterdesk.diagnostics import selectors as diagnostics_selectors

    dimensions = len(diagnostics_selectors.diagnosis_proposed_needs(low_dma))
    assert dimensions >= 5
    client = client_for("manager_a")
    url = reverse("support:diagnosis-matches", args=[low_dma.uuid])
    client.get(url)  # builds the index once
    # Session, user, the diagnosis and its questionnaire; the catalogue's and the past
    # needs' stamps; the company's facts; one lookup per kind of record shown, for all the
    # dimensions at once (it was 35 queries for 6 dimensions when each was matched alone).
    with django_assert_max_num_queries(24):
        assert client.get(url).status_code == 200
