"""The support part of the JSON API, as each member of the cast uses it with a token.

The same rules as the pages: a record the role may not see, or that does not exist, is a
404; one it sees but may not change is a 403; a list the role may not open is a 403; no
credentials is a 401. Bad input is a 422 naming the field; a stale `version` is a 409.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from clusterdesk.catalogue import services as team_services
from clusterdesk.support import services
from clusterdesk.support.models import Action, Need, Referral, SupportCase
from clusterdesk.support.states import State
from clusterdesk.support.tests.conftest import (
    API,
    add_need,
    days,
    error_fields,
    move,
    open_case,
    patch,
    post,
)

pytestmark = pytest.mark.django_db

LIST_QUERY_BOUND = 10


# --- cases ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("manager_b", 200), ("expert", 200), ("analyst", 403), (None, 401),
])  # fmt: skip
def test_the_case_list_answers_every_role_but_the_analyst(
    api_for: Any, case_a: Any, role: str | None, status: int
) -> None:
    response = api_for(role).get(f"{API}/cases")
    assert response.status_code == status
    if status == 200:
        [case] = response.json()["results"]
        assert case["organisation"]["legal_name"] == "Moselle Brake Technologies S.A."
        assert case["state"] == "first_contact"
        assert case["next_states"] == [
            "diagnosis",
            "solutions_proposed",
            "closed_no_need",
            "closed_dormant",
        ]


def test_the_case_list_filters_like_its_page(api_for: Any, case_a: Any, case_b: Any) -> None:
    move(case_b, State.DIAGNOSIS)
    client = api_for("manager_a")

    def ids(query: str) -> list[str]:
        response = client.get(f"{API}/cases?{query}")
        assert response.status_code == 200, response.content
        return [case["id"] for case in response.json()["results"]]

    assert ids("state=diagnosis") == [str(case_b.uuid)]
    assert ids("state=open&owner=me") == [str(case_a.uuid)]
    assert ids("cluster=healthtech") == [str(case_b.uuid)]
    assert ids(f"organisation={case_a.organisation.uuid}") == [str(case_a.uuid)]
    assert error_fields(client.get(f"{API}/cases?state=lost")) == {"state"}


def test_the_case_list_runs_a_fixed_number_of_queries(
    api_for: Any,
    organisation_a: Any,
    cluster_a: Any,
    manager_a: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = api_for("manager_a")
    open_case(organisation_a, cluster_a, manager_a)
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        client.get(f"{API}/cases")
    for _ in range(10):
        open_case(organisation_a, cluster_a, manager_a)
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        response = client.get(f"{API}/cases?page_size=50")
    assert response.json()["count"] == 11


def new_case(organisation: Any, cluster: Any, **extra: Any) -> dict[str, Any]:
    return {
        "organisation": str(organisation.uuid),
        "cluster": str(cluster.uuid),
        "problem_statement": "Looks for funding for a new line.",
        **extra,
    }


def test_a_manager_opens_a_case_owned_by_them(
    api_for: Any, organisation_a: Any, cluster_a: Any
) -> None:
    response = post(api_for("manager_a"), f"{API}/cases", new_case(organisation_a, cluster_a))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["owner"]["username"], body["state"], body["version"]) == (
        "manager_a",
        "first_contact",
        1,
    )
    assert SupportCase.objects.get(uuid=body["id"]).state_changes.count() == 1


@pytest.mark.parametrize(("role", "status"), [("expert", 403), ("analyst", 403), (None, 401)])
def test_opening_a_case_is_refused_to_experts_and_analysts(
    api_for: Any, organisation_a: Any, cluster_a: Any, role: str | None, status: int
) -> None:
    response = post(api_for(role), f"{API}/cases", new_case(organisation_a, cluster_a))
    assert response.status_code == status
    assert not SupportCase.objects.exists()


@pytest.mark.parametrize(
    ("extra", "fields"),
    [
        ({"cluster": "other"}, {"cluster"}),
        ({"organisation": str(uuid.uuid4())}, {"organisation"}),
        ({"owner": "nobody"}, {"owner"}),
        ({"origin": "rumour"}, {"origin"}),
        ({"problem_statement": ""}, {"problem_statement"}),
        ({"opened_on": "2999-01-01"}, {"opened_on"}),
    ],
)
def test_opening_a_case_with_bad_input_names_the_field(
    api_for: Any,
    organisation_a: Any,
    cluster_a: Any,
    cluster_b: Any,
    extra: dict,
    fields: set[str],
) -> None:
    if extra.get("cluster") == "other":
        extra = {"cluster": str(cluster_b.uuid)}  # a cluster manager_a does not manage
    body = {**new_case(organisation_a, cluster_a), **extra}
    response = post(api_for("manager_a"), f"{API}/cases", body)
    assert error_fields(response) == fields
    assert not SupportCase.objects.exists()


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("expert", 200), ("analyst", 404),
])  # fmt: skip
def test_a_case_is_read_by_those_who_see_it(
    api_for: Any, case_a: Any, role: str, status: int
) -> None:
    assert api_for(role).get(f"{API}/cases/{case_a.uuid}").status_code == status


def test_a_missing_case_is_a_404(api_for: Any) -> None:
    assert api_for("admin").get(f"{API}/cases/{uuid.uuid4()}").status_code == 404


@pytest.mark.parametrize(("role", "status"), [
    ("manager_a", 200), ("manager_b", 403), ("expert", 403), ("analyst", 404),
])  # fmt: skip
def test_a_case_is_changed_by_those_who_may(
    api_for: Any, case_a: Any, role: str, status: int
) -> None:
    response = patch(
        api_for(role),
        f"{API}/cases/{case_a.uuid}",
        {"version": case_a.version, "origin": "event"},
    )
    assert response.status_code == status


def test_a_stale_change_is_a_409_with_the_current_version(api_for: Any, case_a: Any) -> None:
    move(case_a, State.DIAGNOSIS)
    response = patch(api_for("manager_a"), f"{API}/cases/{case_a.uuid}", {"version": 1})
    assert response.status_code == 409
    assert response.json()["current_version"] == 2


def test_the_closure_reason_of_an_open_case_is_refused(api_for: Any, case_a: Any) -> None:
    response = patch(
        api_for("manager_a"),
        f"{API}/cases/{case_a.uuid}",
        {"version": 1, "closure_reason": "Why not"},
    )
    assert error_fields(response) == {"closure_reason"}


def transition(client: Any, case: Any, to_state: str, **extra: Any) -> Any:
    body = {"version": case.version, "to_state": to_state, **extra}
    return post(client, f"{API}/cases/{case.uuid}/transitions", body)


def test_a_case_moves_through_the_api_and_its_history_follows(api_for: Any, case_a: Any) -> None:
    client = api_for("manager_a")
    response = transition(client, case_a, "diagnosis")
    assert response.status_code == 200
    assert response.json()["state"] == "diagnosis"

    history = client.get(f"{API}/cases/{case_a.uuid}/history").json()
    assert [(item["from_state"], item["to_state"]) for item in history] == [
        (None, "first_contact"),
        ("first_contact", "diagnosis"),
    ]
    assert history[1]["by"]["username"] == "manager_a"


def test_an_illegal_move_is_a_422_listing_the_allowed_next_states(
    api_for: Any, case_a: Any
) -> None:
    response = transition(api_for("manager_a"), case_a, "follow_up")

    assert error_fields(response) == {"to_state"}
    [error] = response.json()["detail"]
    assert "Allowed next states: Diagnosis, Solutions proposed, Closed: no need" in error["msg"]


def test_closing_without_a_reason_is_a_422_on_the_reason(api_for: Any, case_a: Any) -> None:
    response = transition(api_for("manager_a"), case_a, "closed_no_need")
    assert error_fields(response) == {"reason"}


def test_closing_with_a_reason_sets_the_closure(api_for: Any, case_a: Any) -> None:
    response = transition(
        api_for("admin"),
        case_a,
        "closed_dormant",
        reason="No answer since spring.",
        outcome_summary="None.",
    )
    body = response.json()
    assert (body["closure_reason"], body["closed_on"], body["next_states"]) == (
        "No answer since spring.",
        days(0).isoformat(),
        ["first_contact", "follow_up"],
    )


@pytest.mark.parametrize(("role", "status"), [
    ("manager_b", 403), ("expert", 403), ("analyst", 404),
])  # fmt: skip
def test_a_case_is_not_moved_by_those_who_may_not_change_it(
    api_for: Any, case_a: Any, role: str, status: int
) -> None:
    assert transition(api_for(role), case_a, "diagnosis").status_code == status


# --- needs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [
    ("manager_a", 201), ("manager_b", 403), ("expert", 403), ("analyst", 403),
])  # fmt: skip
def test_a_need_is_added_by_those_who_may_change_the_case(
    api_for: Any, case_a: Any, role: str, status: int
) -> None:
    body = {"case": str(case_a.uuid), "text": "Energy audit", "theme": "sustainable_development"}
    response = post(api_for(role), f"{API}/needs", body)
    assert response.status_code == status
    assert Need.objects.exists() is (status == 201)


def test_a_need_of_a_missing_case_or_with_a_bad_theme_names_the_field(
    api_for: Any, case_a: Any
) -> None:
    client = api_for("manager_a")
    assert error_fields(post(client, f"{API}/needs", {"case": str(uuid.uuid4()), "text": "A"})) == {
        "case"
    }
    body = {"case": str(case_a.uuid), "text": "A", "theme": "weather"}
    assert error_fields(post(client, f"{API}/needs", body)) == {"theme"}


def test_a_need_is_closed_and_its_theme_cleared(api_for: Any, need_a: Any) -> None:
    response = patch(
        api_for("manager_a"),
        f"{API}/needs/{need_a.uuid}",
        {"version": need_a.version, "status": "closed", "theme": None},
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["theme"]) == ("closed", None)


def test_the_need_list_filters_by_case_and_status(api_for: Any, need_a: Any, case_b: Any) -> None:
    add_need(case_b, "Clinical partner")
    response = api_for("expert").get(f"{API}/needs?case={case_b.uuid}&status=open")
    assert [need["text"] for need in response.json()["results"]] == ["Clinical partner"]


# --- referrals --------------------------------------------------------------------------------


def test_a_manager_refers_a_need_to_a_team_and_sends_it(
    api_for: Any, need_a: Any, team: Any
) -> None:
    response = post(
        api_for("manager_a"),
        f"{API}/referrals",
        {"need": str(need_a.uuid), "target_kind": "agency_team", "target_team": str(team.uuid)},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["target_team"]["slug"]) == ("proposed", "rd-innovation")
    assert body["next_statuses"] == ["sent", "declined"]

    sent = post(
        api_for("manager_a"), f"{API}/referrals/{body['id']}/send", {"version": body["version"]}
    )
    assert (sent.status_code, sent.json()["status"]) == (200, "sent")


def test_sending_a_referral_through_the_api_moves_a_case_with_solutions_to_referred(
    api_for: Any, case_a: Any, team: Any
) -> None:
    case = move(case_a, State.DIAGNOSIS, State.SOLUTIONS_PROPOSED)
    body = {
        "need": str(add_need(case).uuid),
        "target_kind": "agency_team",
        "target_team": str(team.uuid),
        "send": True,
    }
    assert post(api_for("manager_a"), f"{API}/referrals", body).status_code == 201
    case.refresh_from_db()
    assert case.state == State.REFERRED


def test_a_referral_to_an_organisation_nobody_knows_names_the_field(
    api_for: Any, need_a: Any
) -> None:
    body = {
        "need": str(need_a.uuid),
        "target_kind": "service_provider",
        "target_organisation": str(uuid.uuid4()),
    }
    assert error_fields(post(api_for("manager_a"), f"{API}/referrals", body)) == {
        "target_organisation"
    }


def test_a_referral_to_a_provider_without_the_provider_names_the_field(
    api_for: Any, need_a: Any
) -> None:
    body = {"need": str(need_a.uuid), "target_kind": "service_provider"}
    assert error_fields(post(api_for("manager_a"), f"{API}/referrals", body)) == {
        "target_organisation"
    }


def test_a_referral_to_a_provider_with_its_contact(
    api_for: Any, need_a: Any, provider: Any, provider_contact: Any
) -> None:
    body = {
        "need": str(need_a.uuid),
        "target_kind": "service_provider",
        "target_organisation": str(provider.uuid),
        "receiving_contact": str(provider_contact.uuid),
        "send": True,
    }
    response = post(api_for("manager_a"), f"{API}/referrals", body)
    assert response.status_code == 201, response.content
    assert response.json()["receiving_contact"]["name"] == "Claire Hoffmann"
    assert response.json()["target_label"] == "Kirchberg Digital Consulting S.A."


@pytest.mark.parametrize(("role", "status"), [("expert", 403), ("manager_b", 403)])
def test_referring_is_refused_to_those_who_may_not_change_the_case(
    api_for: Any, need_a: Any, team: Any, role: str, status: int
) -> None:
    body = {"need": str(need_a.uuid), "target_kind": "agency_team", "target_team": str(team.uuid)}
    assert post(api_for(role), f"{API}/referrals", body).status_code == status
    assert not Referral.objects.exists()


def answer(client: Any, referral: Any, **body: Any) -> Any:
    return post(
        client, f"{API}/referrals/{referral.uuid}/answer", {"version": referral.version, **body}
    )


def test_the_expert_of_the_target_team_answers_through_the_api(
    api_for: Any, referral_to_team: Any
) -> None:
    client = api_for("expert")
    response = answer(client, referral_to_team, status="accepted", receiving_person="Eva")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["answered_on"]) == ("accepted", days(0).isoformat())

    done = post(
        client,
        f"{API}/referrals/{referral_to_team.uuid}/answer",
        {
            "version": body["version"],
            "status": "done",
            "outcome_kind": "funding_obtained",
            "outcome_amount": 40000,
        },
    )
    assert (done.json()["status"], done.json()["outcome_amount"]) == ("done", 40000)


def test_an_expert_of_another_team_gets_a_403_on_the_answer(
    api_for: Any, referral_to_team: Any, team: Any, other_team: Any, expert: Any
) -> None:
    team_services.team_update(actor=None, team=team, data={"members": []}, expected_version=None)
    team_services.team_add_members(actor=None, team=other_team, users=[expert])

    assert answer(api_for("expert"), referral_to_team, status="accepted").status_code == 403
    assert api_for("expert").get(f"{API}/referrals/{referral_to_team.uuid}").status_code == 200


@pytest.mark.parametrize(("role", "status"), [("analyst", 404), ("manager_b", 403)])
def test_the_answer_is_refused_to_others(
    api_for: Any, referral_to_team: Any, role: str, status: int
) -> None:
    assert answer(api_for(role), referral_to_team, status="accepted").status_code == status


def test_an_expert_may_not_send_or_change_their_teams_referral(
    api_for: Any, referral_to_team: Any
) -> None:
    client = api_for("expert")
    url = f"{API}/referrals/{referral_to_team.uuid}"
    assert patch(client, url, {"version": 1, "note": "Mine"}).status_code == 403
    assert post(client, f"{url}/send", {"version": 1}).status_code == 403


def test_an_answer_the_status_does_not_allow_is_a_422(api_for: Any, referral_to_team: Any) -> None:
    response = answer(api_for("expert"), referral_to_team, status="done")
    assert error_fields(response) == {"status"}
    assert "Allowed: Accepted, Declined" in response.json()["detail"][0]["msg"]


def test_referrals_sent_to_my_teams_through_the_api(
    api_for: Any, referral_to_team: Any, need_a: Any, other_team: Any
) -> None:
    services.referral_create(
        actor=None,
        need=need_a,
        data={"target_kind": "agency_team", "target_team": other_team},
        send=True,
    )
    response = api_for("expert").get(f"{API}/referrals?scope=my-teams")
    assert [item["id"] for item in response.json()["results"]] == [str(referral_to_team.uuid)]


# --- roadmaps and actions ---------------------------------------------------------------------


def test_a_roadmap_and_its_actions_through_the_api(
    api_for: Any, case_a: Any, need_a: Any, referral_to_team: Any
) -> None:
    client = api_for("manager_a")
    roadmap = post(
        client,
        f"{API}/roadmaps",
        {"case": str(case_a.uuid), "horizon": "medium", "review_dates": [str(days(90))]},
    )
    assert roadmap.status_code == 201, roadmap.content
    roadmap_id = roadmap.json()["id"]

    action = post(
        client,
        f"{API}/actions",
        {
            "roadmap": roadmap_id,
            "description": "Submit the aid application",
            "owner": "manager_a",
            "due_on": str(days(-1)),
            "estimated_cost": 0,
            "ease_class": "immediate",
            "needs": [str(need_a.uuid)],
            "referrals": [str(referral_to_team.uuid)],
        },
    )
    assert action.status_code == 201, action.content
    body = action.json()
    assert (body["is_overdue"], body["needs"][0]["text"], body["referrals"]) == (
        True,
        "Choose a planning tool",
        [str(referral_to_team.uuid)],
    )

    mine = client.get(f"{API}/actions?owner=me&overdue=true").json()["results"]
    assert [item["id"] for item in mine] == [body["id"]]
    done = patch(client, f"{API}/actions/{body['id']}", {"version": 1, "status": "done"})
    assert (done.status_code, done.json()["is_overdue"]) == (200, False)
    progress = client.get(f"{API}/roadmaps/{roadmap_id}").json()["progress"]
    assert progress == {"done": 1, "total": 1, "overdue": 0}


def test_a_second_roadmap_for_a_case_is_a_422(api_for: Any, case_a: Any, roadmap_a: Any) -> None:
    response = post(api_for("manager_a"), f"{API}/roadmaps", {"case": str(case_a.uuid)})
    assert error_fields(response) == {"case"}


def test_an_action_linking_a_need_of_another_case_names_the_field(
    api_for: Any, roadmap_a: Any, case_b: Any
) -> None:
    elsewhere = add_need(case_b, "Other company's need")
    body = {"roadmap": str(roadmap_a.uuid), "description": "A", "needs": [str(elsewhere.uuid)]}
    assert error_fields(post(api_for("manager_a"), f"{API}/actions", body)) == {"needs"}
    body = {"roadmap": str(roadmap_a.uuid), "description": "A", "needs": [str(uuid.uuid4())]}
    assert error_fields(post(api_for("manager_a"), f"{API}/actions", body)) == {"needs"}
    assert not Action.objects.exists()


@pytest.mark.parametrize(("role", "status"), [
    ("manager_b", 403), ("expert", 403), ("analyst", 403),
])  # fmt: skip
def test_roadmaps_and_actions_are_refused_to_those_who_may_not_change_the_case(
    api_for: Any, case_a: Any, roadmap_a: Any, role: str, status: int
) -> None:
    client = api_for(role)
    assert (
        post(
            client, f"{API}/actions", {"roadmap": str(roadmap_a.uuid), "description": "A"}
        ).status_code
        == status
    )
    expected = 404 if role == "analyst" else 403
    response = patch(
        client, f"{API}/roadmaps/{roadmap_a.uuid}", {"version": 1, "horizon": "medium"}
    )
    assert response.status_code == expected


# --- teams ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("manager_a", 200), ("expert", 200), ("analyst", 403), (None, 401),
])  # fmt: skip
def test_the_teams_are_listed_for_the_staff(
    api_for: Any, team: Any, role: str | None, status: int
) -> None:
    response = api_for(role).get(f"{API}/teams?page_size=50")
    assert response.status_code == status
    if status == 200:
        teams = {item["slug"]: item for item in response.json()["results"]}
        assert len(teams) == 7
        assert [member["username"] for member in teams["rd-innovation"]["members"]] == ["expert"]


def test_a_team_is_read_by_its_id(api_for: Any, team: Any) -> None:
    assert api_for("expert").get(f"{API}/teams/{team.uuid}").json()["name"] == (
        "R&D and innovation support"
    )
    assert api_for("analyst").get(f"{API}/teams/{team.uuid}").status_code == 404
    assert api_for("admin").get(f"{API}/teams/{uuid.uuid4()}").status_code == 404
