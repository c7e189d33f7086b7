"""Needs and referrals on the pages, as each member of the cast uses them.

An agency expert changes nothing, except the referrals sent to a team they are a member
of: those they accept or decline, and report progress and outcome on. An expert of another
team gets a 403; an analyst a 404.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from clusterdesk.catalogue import services as team_services
from clusterdesk.support import services
from clusterdesk.support.models import Need, Referral
from clusterdesk.support.states import ReferralStatus, State
from clusterdesk.support.tests.conftest import add_need, move

pytestmark = pytest.mark.django_db

LIST_QUERY_BOUND = 12


# --- needs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 302), ("manager_a", 302), ("manager_b", 403), ("expert", 403), ("analyst", 404),
])  # fmt: skip
def test_a_need_is_added_by_those_who_may_change_the_case(
    client_for: Any, case_a: Any, role: str, status: int
) -> None:
    url = reverse("support:need-create", args=[case_a.uuid])
    data = {"text": "Find a testing lab", "theme": "new_innovation_models", "priority": "high"}
    response = client_for(role).post(url, data)
    assert response.status_code == status
    assert Need.objects.filter(text="Find a testing lab").exists() is (status == 302)


def test_a_need_without_text_or_with_an_unknown_priority_is_refused(
    client_for: Any, case_a: Any
) -> None:
    url = reverse("support:need-create", args=[case_a.uuid])
    response = client_for("manager_a").post(url, {"text": "", "priority": "urgent"})
    assert response.status_code == 422
    assert {"text", "priority"} <= set(response.context["form"].errors)
    assert not Need.objects.exists()


def test_a_need_is_edited_and_closed(client_for: Any, need_a: Any) -> None:
    client = client_for("manager_a")
    response = client.post(
        reverse("support:need-edit", args=[need_a.uuid]),
        {
            "text": "Choose an MES",
            "theme": "digitalisation",
            "category": "digital",
            "priority": "low",
            "status": "addressed",
            "version": need_a.version,
        },
    )
    assert response.status_code == 302
    need_a.refresh_from_db()
    assert (need_a.text, need_a.status) == ("Choose an MES", "addressed")

    client.post(reverse("support:need-close", args=[need_a.uuid]), {"version": need_a.version})
    need_a.refresh_from_db()
    assert need_a.status == "closed"


@pytest.mark.parametrize(("role", "status"), [
    ("manager_b", 403), ("expert", 403), ("analyst", 404),
])  # fmt: skip
def test_a_need_is_not_closed_by_those_who_may_not_change_the_case(
    client_for: Any, need_a: Any, role: str, status: int
) -> None:
    url = reverse("support:need-close", args=[need_a.uuid])
    assert client_for(role).post(url, {"version": need_a.version}).status_code == status
    need_a.refresh_from_db()
    assert need_a.status == "open"


def test_a_need_has_its_page_for_those_who_see_its_case(client_for: Any, need_a: Any) -> None:
    page = client_for("expert").get(reverse("support:need-detail", args=[need_a.uuid]))
    assert page.status_code == 200
    assertContains(page, need_a.text)
    assertContains(page, f"{need_a.case.get_absolute_url()}#need-{need_a.uuid}")
    assert (
        client_for("analyst").get(reverse("support:need-detail", args=[need_a.uuid])).status_code
        == 404
    )


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("manager_b", 200), ("expert", 200), ("analyst", 403),
])  # fmt: skip
def test_the_need_list_filters_and_exports(
    client_for: Any, need_a: Any, case_b: Any, role: str, status: int
) -> None:
    add_need(case_b, "Clinical trial partner", theme="new_innovation_models")
    client = client_for(role)
    response = client.get(reverse("support:need-list"), {"theme": "new_innovation_models"})
    assert response.status_code == status
    if status == 200:
        assert [need.text for need in response.context["page"]] == ["Clinical trial partner"]
        export = client.get(
            reverse("support:need-export", args=["csv"]), {"theme": "digitalisation"}
        )
        rows = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
        assert len(rows) == 2
        assert "Choose a planning tool" in rows[1]


def test_the_need_list_runs_a_fixed_number_of_queries(
    client_for: Any, case_a: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for("expert")
    add_need(case_a)
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        client.get(reverse("support:need-list"))
    for number in range(15):
        add_need(case_a, f"Need {number}")
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        response = client.get(reverse("support:need-list"))
    assert len(response.context["page"]) == 16


# --- referring --------------------------------------------------------------------------------


def test_a_manager_refers_a_need_to_a_team_and_sends_it(
    client_for: Any, need_a: Any, team: Any
) -> None:
    response = client_for("manager_a").post(
        reverse("support:referral-create", args=[need_a.uuid]),
        {"target_kind": "agency_team", "target_team": team.pk, "send": "on"},
    )
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert (referral.status, referral.target_team) == (ReferralStatus.SENT, team)


def test_sending_a_referral_at_once_moves_the_case_to_referred_and_says_so(
    client_for: Any, case_a: Any, team: Any
) -> None:
    case = move(case_a, State.DIAGNOSIS, State.SOLUTIONS_PROPOSED)
    need = add_need(case)
    response = client_for("manager_a").post(
        reverse("support:referral-create", args=[need.uuid]),
        {"target_kind": "agency_team", "target_team": team.pk, "send": "on"},
        follow=True,
    )
    case.refresh_from_db()
    assert case.state == State.REFERRED
    assert case.state_changes.filter(to_state=State.REFERRED).count() == 1
    assertContains(response, "the case is now “Referred”")


def test_a_referral_kept_as_a_proposal_leaves_the_case_where_it_is(
    client_for: Any, case_a: Any, team: Any
) -> None:
    case = move(case_a, State.DIAGNOSIS, State.SOLUTIONS_PROPOSED)
    need = add_need(case)
    client_for("manager_a").post(
        reverse("support:referral-create", args=[need.uuid]),
        {"target_kind": "agency_team", "target_team": team.pk},
    )
    case.refresh_from_db()
    assert case.state == State.SOLUTIONS_PROPOSED


def test_sending_from_a_case_still_at_its_first_contact_does_not_skip_the_journey(
    client_for: Any, need_a: Any, team: Any
) -> None:
    response = client_for("manager_a").post(
        reverse("support:referral-create", args=[need_a.uuid]),
        {"target_kind": "agency_team", "target_team": team.pk, "send": "on"},
        follow=True,
    )
    need_a.case.refresh_from_db()
    assert need_a.case.state == State.FIRST_CONTACT
    assert Referral.objects.get().status == ReferralStatus.SENT
    assertContains(response, "Referral sent.")


def test_a_manager_refers_a_need_to_a_provider_they_may_see(
    client_for: Any, need_a: Any, provider: Any
) -> None:
    response = client_for("manager_a").post(
        reverse("support:referral-create", args=[need_a.uuid]),
        {"target_kind": "service_provider", "target_organisation": provider.uuid},
    )
    assert response.status_code == 302
    assert Referral.objects.get().status == ReferralStatus.PROPOSED


def test_the_edit_form_of_a_referral_to_a_provider_keeps_its_provider(
    client_for: Any, need_a: Any, provider: Any
) -> None:
    referral = services.referral_create(
        actor=None,
        need=need_a,
        data={"target_kind": "service_provider", "target_organisation": provider},
    )
    client = client_for("manager_a")
    form = client.get(reverse("support:referral-edit", args=[referral.uuid])).context["form"]
    assert str(form["target_organisation"].value()) == str(provider.uuid)
    data = {
        "target_kind": "service_provider",
        "target_organisation": str(provider.uuid),
        "receiving_person": "Jo",
        "note": "",
        "version": referral.version,
    }
    client.post(reverse("support:referral-edit", args=[referral.uuid]), data)
    referral.refresh_from_db()
    assert (referral.target_organisation, referral.receiving_person) == (provider, "Jo")


def test_a_referral_without_its_target_names_the_missing_field(
    client_for: Any, need_a: Any
) -> None:
    response = client_for("manager_a").post(
        reverse("support:referral-create", args=[need_a.uuid]),
        {"target_kind": "service_provider", "target_organisation": ""},
    )
    assert response.status_code == 422
    assert "target_organisation" in response.context["form"].errors
    assert not Referral.objects.exists()


@pytest.mark.parametrize(("role", "status"), [
    ("manager_b", 403), ("expert", 403), ("analyst", 404),
])  # fmt: skip
def test_the_referral_form_is_refused_to_those_who_may_not_change_the_case(
    client_for: Any, need_a: Any, role: str, status: int
) -> None:
    url = reverse("support:referral-create", args=[need_a.uuid])
    assert client_for(role).get(url).status_code == status


def test_a_proposed_referral_is_sent_from_its_page(client_for: Any, need_a: Any, team: Any) -> None:
    referral = services.referral_create(
        actor=None, need=need_a, data={"target_kind": "agency_team", "target_team": team}
    )
    client = client_for("manager_a")
    assertContains(client.get(referral.get_absolute_url()), "bi-send")
    client.post(
        reverse("support:referral-send", args=[referral.uuid]), {"version": referral.version}
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_sending_a_proposed_referral_from_its_page_moves_the_case_to_referred(
    client_for: Any, case_a: Any, team: Any
) -> None:
    case = move(case_a, State.DIAGNOSIS, State.SOLUTIONS_PROPOSED, State.ROADMAP_AGREED)
    referral = services.referral_create(
        actor=None,
        need=add_need(case),
        data={"target_kind": "agency_team", "target_team": team},
    )
    client_for("manager_a").post(
        reverse("support:referral-send", args=[referral.uuid]), {"version": referral.version}
    )
    case.refresh_from_db()
    assert case.state == State.REFERRED


def test_an_expert_cannot_send_or_edit_a_referral_even_of_their_team(
    client_for: Any, referral_to_team: Any
) -> None:
    client = client_for("expert")
    assert (
        client.get(reverse("support:referral-edit", args=[referral_to_team.uuid])).status_code
        == 403
    )
    send = client.post(
        reverse("support:referral-send", args=[referral_to_team.uuid]),
        {"version": referral_to_team.version},
    )
    assert send.status_code == 403


# --- answering ---------------------------------------------------------------------------------


def answer(client: Any, referral: Referral, **data: Any) -> Any:
    url = reverse("support:referral-answer", args=[referral.uuid])
    return client.post(url, {"version": referral.version, **data})


def test_the_expert_of_the_target_team_sees_the_answer_form(
    client_for: Any, referral_to_team: Any
) -> None:
    response = client_for("expert").get(referral_to_team.get_absolute_url())
    assertContains(response, "Your team's answer")
    assertContains(response, "Referrals to my team")


def test_the_expert_of_the_target_team_accepts_then_reports_the_outcome(
    client_for: Any, referral_to_team: Any, expert: Any
) -> None:
    client = client_for("expert")
    response = answer(client, referral_to_team, status="accepted", receiving_person="Eva Schiltz")
    assert response.status_code == 302
    referral_to_team.refresh_from_db()
    assert referral_to_team.status == ReferralStatus.ACCEPTED

    response = answer(
        client,
        referral_to_team,
        status="done",
        outcome_kind="funding_obtained",
        outcome_amount="85000",
        outcome_note="Grant signed.",
    )
    assert response.status_code == 302
    referral_to_team.refresh_from_db()
    assert (referral_to_team.status, referral_to_team.outcome_amount) == ("done", 85000)
    event = referral_to_team.case.organisation
    from clusterdesk.core.audit import timeline

    assert timeline(event).first().actor == expert


def test_the_expert_of_the_target_team_declines(client_for: Any, referral_to_team: Any) -> None:
    assert answer(client_for("expert"), referral_to_team, status="declined").status_code == 302
    referral_to_team.refresh_from_db()
    assert referral_to_team.status == ReferralStatus.DECLINED


def test_an_expert_of_another_team_is_refused_the_answer(
    client_for: Any, referral_to_team: Any, other_team: Any, expert: Any, team: Any
) -> None:
    team_services.team_update(actor=None, team=team, data={"members": []}, expected_version=None)
    team_services.team_add_members(actor=None, team=other_team, users=[expert])
    client = client_for("expert")

    assert answer(client, referral_to_team, status="accepted").status_code == 403
    response = client.get(referral_to_team.get_absolute_url())
    assert response.status_code == 200
    assertNotContains(response, "Save the answer")
    referral_to_team.refresh_from_db()
    assert referral_to_team.status == ReferralStatus.SENT


@pytest.mark.parametrize(("role", "status"), [
    ("manager_b", 403), ("analyst", 404),
])  # fmt: skip
def test_the_answer_is_refused_to_others(
    client_for: Any, referral_to_team: Any, role: str, status: int
) -> None:
    assert answer(client_for(role), referral_to_team, status="accepted").status_code == status


def test_an_answer_the_status_does_not_allow_is_refused_on_its_field(
    client_for: Any, referral_to_team: Any
) -> None:
    response = answer(client_for("expert"), referral_to_team, status="done")
    assert response.status_code == 422
    assert "status" in response.context["answer_form"].errors


def test_an_amount_without_an_outcome_is_refused(client_for: Any, referral_to_team: Any) -> None:
    response = answer(
        client_for("expert"), referral_to_team, status="accepted", outcome_amount="-3"
    )
    assert response.status_code == 422
    assert "outcome_amount" in response.context["answer_form"].errors


def test_the_case_holder_records_the_answer_of_an_external_provider(
    client_for: Any, need_a: Any, provider: Any
) -> None:
    referral = services.referral_create(
        actor=None,
        need=need_a,
        data={"target_kind": "service_provider", "target_organisation": provider},
        send=True,
    )
    assert answer(client_for("manager_a"), referral, status="accepted").status_code == 302


# --- lists ------------------------------------------------------------------------------------


def test_referrals_to_my_team_lists_what_was_sent_to_the_experts_teams(
    client_for: Any, referral_to_team: Any, need_a: Any, other_team: Any, team: Any
) -> None:
    services.referral_create(
        actor=None,
        need=need_a,
        data={"target_kind": "agency_team", "target_team": other_team},
        send=True,
    )
    services.referral_create(  # proposed only: not sent to the team yet
        actor=None, need=need_a, data={"target_kind": "agency_team", "target_team": team}
    )
    response = client_for("expert").get(reverse("support:team-referral-list"))
    assert [referral.pk for referral in response.context["page"]] == [referral_to_team.pk]
    assertContains(response, "R&amp;D and innovation support")


def test_referrals_to_my_team_is_empty_for_someone_in_no_team(
    client_for: Any, referral_to_team: Any
) -> None:
    response = client_for("manager_a").get(reverse("support:team-referral-list"))
    assert list(response.context["page"]) == []
    assertContains(response, "You are not a member of any agency team")


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("manager_b", 200), ("expert", 200), ("analyst", 403),
])  # fmt: skip
def test_the_referral_lists_open_for_every_role_but_the_analyst(
    client_for: Any, referral_to_team: Any, role: str, status: int
) -> None:
    client = client_for(role)
    assert client.get(reverse("support:referral-list")).status_code == status
    assert client.get(reverse("support:team-referral-list")).status_code == status
    assert client.get(reverse("support:team-referral-export", args=["csv"])).status_code == status


def test_the_team_referral_export_holds_only_the_teams_referrals(
    client_for: Any, referral_to_team: Any, need_a: Any, other_team: Any
) -> None:
    services.referral_create(
        actor=None,
        need=need_a,
        data={"target_kind": "agency_team", "target_team": other_team},
        send=True,
    )
    response = client_for("expert").get(reverse("support:team-referral-export", args=["csv"]))
    rows = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(rows) == 2
    assert "R&D and innovation support" in rows[1]
    everything = client_for("expert").get(reverse("support:referral-export", args=["csv"]))
    assert len(b"".join(everything.streaming_content).decode("utf-8-sig").splitlines()) == 3


def test_the_referral_list_filters_by_status_and_scope(
    client_for: Any, referral_to_team: Any, need_a: Any, provider: Any
) -> None:
    services.referral_create(
        actor=None,
        need=need_a,
        data={"target_kind": "service_provider", "target_organisation": provider},
    )
    client = client_for("manager_a")

    def listed(**params: str) -> list[str]:
        page = client.get(reverse("support:referral-list"), params).context["page"]
        return sorted(referral.status for referral in page)

    assert listed(status="waiting") == ["proposed", "sent"]
    assert listed(status="sent") == ["sent"]
    assert listed(kind="service_provider") == ["proposed"]
    assert listed(scope="my-cases") == ["proposed", "sent"]
    assert listed(team="rd-innovation") == ["sent"]


def test_the_referral_list_runs_a_fixed_number_of_queries(
    client_for: Any, case_a: Any, team: Any, provider: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for("expert")
    need = add_need(case_a)
    services.referral_create(
        actor=None, need=need, data={"target_kind": "agency_team", "target_team": team}, send=True
    )
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        client.get(reverse("support:team-referral-list"))
    for _ in range(10):
        services.referral_create(
            actor=None,
            need=add_need(case_a, "Another"),
            data={"target_kind": "agency_team", "target_team": team},
            send=True,
        )
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        response = client.get(reverse("support:team-referral-list"))
    assert len(response.context["page"]) == 11


def test_a_closed_case_offers_no_referral_but_keeps_its_answers(
    client_for: Any, referral_to_team: Any, case_a: Any
) -> None:
    move(case_a, State.CLOSED_DORMANT, reason="Quiet")
    assert answer(client_for("expert"), referral_to_team, status="accepted").status_code == 302
