"""The case pages, as each member of the cast uses them.

Rules under test: admins and managers of the case's cluster (or its owner) change a case;
other managers and experts see it (403 on changes); analysts see no case (404 on its
pages, 403 on lists and forms); anonymous visitors are sent to sign in. Refused input
re-renders the form with the error (422) and saves nothing.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from clusterdesk.support.models import StateChange, SupportCase
from clusterdesk.support.states import State
from clusterdesk.support.tests.conftest import add_need, days, move, open_case

pytestmark = pytest.mark.django_db

# The list page runs at most this many queries, whatever the number of cases it shows.
LIST_QUERY_BOUND = 12


def detail(case: SupportCase) -> str:
    return reverse("support:case-detail", args=[case.uuid])


# --- the list -------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("manager_a", 200), ("manager_b", 200), ("expert", 200), ("analyst", 403),
])  # fmt: skip
def test_the_case_list_opens_for_every_role_but_the_analyst(
    client_for: Any, case_a: Any, case_b: Any, role: str, status: int
) -> None:
    response = client_for(role).get(reverse("support:case-list"))
    assert response.status_code == status
    if status == 200:
        assertContains(response, "Moselle Brake Technologies S.A.")
        assertContains(response, "Alzette Diagnostics S.à r.l.")


def test_anonymous_visitors_are_sent_to_sign_in(client_for: Any) -> None:
    response = client_for(None).get(reverse("support:case-list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_case_list_filters_by_state_cluster_owner_and_organisation(
    client_for: Any, case_a: Any, case_b: Any, organisation_a: Any
) -> None:
    move(case_b, State.CLOSED_NO_NEED)
    client = client_for("manager_a")

    def listed(**params: str) -> list[str]:
        response = client.get(reverse("support:case-list"), params)
        return [case.organisation.legal_name for case in response.context["page"]]

    assert listed(state="closed") == ["Alzette Diagnostics S.à r.l."]
    assert listed(state="open") == ["Moselle Brake Technologies S.A."]
    assert listed(state="first_contact") == ["Moselle Brake Technologies S.A."]
    assert listed(cluster="healthtech") == ["Alzette Diagnostics S.à r.l."]
    assert listed(owner="me") == ["Moselle Brake Technologies S.A."]
    assert listed(organisation=str(organisation_a.uuid)) == ["Moselle Brake Technologies S.A."]
    assert listed(q="clinical") == ["Alzette Diagnostics S.à r.l."]
    assert len(listed(state="nonsense", sort="nonsense")) == 2  # bad filters are dropped


def test_the_case_list_answers_htmx_with_its_results_only(client_for: Any, case_a: Any) -> None:
    response = client_for("expert").get(
        reverse("support:case-list"), headers={"HX-Request": "true", "HX-Target": "results"}
    )
    assertContains(response, "Moselle Brake Technologies S.A.")
    assertNotContains(response, '<nav class="navbar')


def test_the_case_list_runs_a_fixed_number_of_queries(
    client_for: Any,
    organisation_a: Any,
    cluster_a: Any,
    manager_a: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for("manager_a")
    open_case(organisation_a, cluster_a, manager_a)
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        client.get(reverse("support:case-list"))
    for _ in range(12):
        add_need(open_case(organisation_a, cluster_a, manager_a))
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        response = client.get(reverse("support:case-list"))
    assert len(response.context["page"]) == 13


def test_the_case_list_exports_what_it_shows_as_csv(client_for: Any, case_a: Any) -> None:
    add_need(case_a)
    response = client_for("expert").get(reverse("support:case-export", args=["csv"]))
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert header.startswith("Organisation,Problem statement,State,Cluster,Owner")
    assert row.startswith("Moselle Brake Technologies S.A.,Wants to digitise")
    assert "First contact" in row


def test_the_case_export_is_refused_to_the_analyst(client_for: Any, case_a: Any) -> None:
    assert (
        client_for("analyst").get(reverse("support:case-export", args=["xlsx"])).status_code == 403
    )


# --- a case's page ----------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status", "buttons"), [
    ("admin", 200, True), ("manager_a", 200, True), ("manager_b", 200, False),
    ("expert", 200, False), ("analyst", 404, False),
])  # fmt: skip
def test_a_case_page_shows_next_step_buttons_to_those_who_may_move_it(
    client_for: Any, case_a: Any, role: str, status: int, buttons: bool
) -> None:
    response = client_for(role).get(detail(case_a))
    assert response.status_code == status
    if status == 200:
        assertContains(response, "Wants to digitise its production planning.")
        assert ("Start the diagnosis" in response.content.decode()) is buttons


def test_a_missing_case_is_a_404(client_for: Any) -> None:
    url = reverse("support:case-detail", args=[uuid.uuid4()])
    assert client_for("admin").get(url).status_code == 404


def test_the_owner_of_a_case_in_another_cluster_may_change_it(
    client_for: Any, organisation_b: Any, cluster_b: Any, manager_a: Any
) -> None:
    case = open_case(organisation_b, cluster_b, manager_a)
    response = client_for("manager_a").get(reverse("support:case-edit", args=[case.uuid]))
    assert response.status_code == 200


def test_a_case_page_shows_its_needs_history_and_roadmap(
    client_for: Any, case_a: Any, referral_to_team: Any, roadmap_a: Any
) -> None:
    response = client_for("expert").get(detail(case_a))
    assertContains(response, "Choose a planning tool")
    assertContains(response, "R&amp;D and innovation support")
    assertContains(response, "State history")
    assertContains(response, "No actions yet")


# --- opening and editing ----------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("manager_a", 200), ("expert", 403), ("analyst", 403),
])  # fmt: skip
def test_the_new_case_form_opens_for_admins_and_managers(
    client_for: Any, organisation_a: Any, role: str, status: int
) -> None:
    url = f"{reverse('support:case-create')}?organisation={organisation_a.uuid}"
    assert client_for(role).get(url).status_code == status


def test_the_new_case_form_starts_from_the_company_file(
    client_for: Any, organisation_a: Any, cluster_a: Any
) -> None:
    url = f"{reverse('support:case-create')}?organisation={organisation_a.uuid}"
    form = client_for("manager_a").get(url).context["form"]
    assert form.initial["organisation"] == organisation_a.uuid
    assert form.initial["cluster"] == cluster_a


def test_a_manager_opens_a_case_in_a_cluster_they_manage(
    client_for: Any, organisation_a: Any, cluster_a: Any, manager_a: Any
) -> None:
    response = client_for("manager_a").post(
        reverse("support:case-create"),
        {
            "organisation": organisation_a.uuid,
            "cluster": cluster_a.pk,
            "owner": manager_a.pk,
            "origin": "proactive",
            "problem_statement": "Looks for a partner to test a new alloy.",
            "opened_on": days(0).isoformat(),
        },
    )
    case = SupportCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail(case)
    assert (case.state, case.origin, case.owner) == (State.FIRST_CONTACT, "proactive", manager_a)


def test_a_manager_cannot_open_a_case_in_a_cluster_they_do_not_manage(
    client_for: Any, organisation_b: Any, cluster_b: Any, manager_a: Any
) -> None:
    response = client_for("manager_a").post(
        reverse("support:case-create"),
        {
            "organisation": organisation_b.uuid,
            "cluster": cluster_b.pk,
            "owner": manager_a.pk,
            "origin": "inbound",
            "problem_statement": "X",
            "opened_on": days(0).isoformat(),
        },
    )
    assert response.status_code == 422
    assert "cluster" in response.context["form"].errors
    assert not SupportCase.objects.exists()


def test_opening_a_case_with_missing_or_bad_fields_names_them(
    client_for: Any, cluster_a: Any
) -> None:
    response = client_for("manager_a").post(
        reverse("support:case-create"),
        {"organisation": "not-a-uuid", "cluster": cluster_a.pk, "opened_on": days(2).isoformat()},
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert {"organisation", "problem_statement", "opened_on", "owner"} <= set(errors)


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("manager_a", 200), ("manager_b", 403), ("expert", 403), ("analyst", 404),
])  # fmt: skip
def test_the_edit_form_opens_for_those_who_may_change_the_case(
    client_for: Any, case_a: Any, role: str, status: int
) -> None:
    assert client_for(role).get(reverse("support:case-edit", args=[case_a.uuid])).status_code == (
        status
    )


def test_editing_a_case_saves_and_a_stale_edit_is_refused(
    client_for: Any, case_a: Any, cluster_a: Any, manager_a: Any
) -> None:
    client = client_for("manager_a")
    url = reverse("support:case-edit", args=[case_a.uuid])
    data = {
        "cluster": cluster_a.pk,
        "owner": manager_a.pk,
        "origin": "event",
        "problem_statement": "Rewritten after the second meeting.",
        "opened_on": case_a.opened_on.isoformat(),
        "outcome_summary": "",
        "version": case_a.version,
    }
    assert client.post(url, data).status_code == 302
    case_a.refresh_from_db()
    assert (case_a.origin, case_a.problem_statement) == ("event", data["problem_statement"])

    stale = client.post(url, {**data, "origin": "inbound"})
    assert stale.status_code == 422
    assertContains(stale, "Someone else changed this record", status_code=422)


# --- moving a case ----------------------------------------------------------------------------


def transition(client: Any, case: SupportCase, to_state: str, **data: Any) -> Any:
    url = reverse("support:case-transition", args=[case.uuid])
    return client.post(url, {"to_state": to_state, "version": case.version, **data})


def test_a_manager_moves_a_case_to_its_next_state(client_for: Any, case_a: Any) -> None:
    response = transition(client_for("manager_a"), case_a, State.DIAGNOSIS)

    assert response.status_code == 302
    case_a.refresh_from_db()
    assert case_a.state == State.DIAGNOSIS


def test_an_illegal_move_shows_the_allowed_next_states(client_for: Any, case_a: Any) -> None:
    response = transition(client_for("manager_a"), case_a, State.CLOSED_DONE, reason="Done")

    assert response.status_code == 422
    assertContains(response, "Allowed next states: Diagnosis, Solutions proposed", status_code=422)
    assert StateChange.objects.filter(case=case_a).count() == 1


def test_an_unknown_state_shows_the_allowed_next_states(client_for: Any, case_a: Any) -> None:
    response = transition(client_for("manager_a"), case_a, "on_the_moon")
    assert response.status_code == 422
    assertContains(response, "Allowed next states: Diagnosis", status_code=422)


def test_closing_without_a_reason_asks_for_it(client_for: Any, case_a: Any) -> None:
    response = transition(client_for("manager_a"), case_a, State.CLOSED_NO_NEED, reason=" ")
    assert response.status_code == 422
    assert "reason" in response.context["form"].errors


def test_closing_with_a_reason_and_outcome_closes_the_case(client_for: Any, case_a: Any) -> None:
    response = transition(
        client_for("admin"),
        case_a,
        State.CLOSED_NO_NEED,
        reason="The company needs nothing now.",
        outcome_summary="Will call back next year.",
    )
    assert response.status_code == 302
    case_a.refresh_from_db()
    assert case_a.closure_reason == "The company needs nothing now."
    assert case_a.outcome_summary == "Will call back next year."


def test_the_reason_form_of_a_step_opens_on_its_own_page(client_for: Any, case_a: Any) -> None:
    url = reverse("support:case-transition", args=[case_a.uuid])
    response = client_for("manager_a").get(url, {"to": State.SOLUTIONS_PROPOSED})
    assertContains(response, "Skip the diagnosis: propose solutions")


@pytest.mark.parametrize(("role", "status"), [
    ("manager_b", 403), ("expert", 403), ("analyst", 404),
])  # fmt: skip
def test_those_who_may_not_change_a_case_cannot_move_it(
    client_for: Any, case_a: Any, role: str, status: int
) -> None:
    assert transition(client_for(role), case_a, State.DIAGNOSIS).status_code == status
    case_a.refresh_from_db()
    assert case_a.state == State.FIRST_CONTACT


def test_a_stale_move_is_refused(client_for: Any, case_a: Any) -> None:
    client = client_for("manager_a")
    stale = SupportCase.objects.get(pk=case_a.pk)
    transition(client, case_a, State.DIAGNOSIS)
    response = transition(client, stale, State.CLOSED_DORMANT, reason="Quiet")
    assert response.status_code == 422
    assertContains(response, "Someone else changed this record", status_code=422)


# --- the company file -------------------------------------------------------------------------


def test_the_company_file_lists_its_cases_with_state_needs_and_progress(
    client_for: Any, case_a: Any, organisation_a: Any, referral_to_team: Any, roadmap_a: Any
) -> None:
    from clusterdesk.support import services

    services.action_create(
        actor=None, roadmap=roadmap_a, data={"description": "A", "status": "done"}
    )
    services.action_create(actor=None, roadmap=roadmap_a, data={"description": "B"})
    response = client_for("expert").get(organisation_a.get_absolute_url())

    assertContains(response, "support-panel-heading")
    assertContains(response, "1 open need")
    assertContains(response, "1 sent")
    assertContains(response, "1/2 done")
    assertNotContains(response, "Open a support case")


def test_the_company_file_offers_managers_to_open_a_case(
    client_for: Any, organisation_a: Any
) -> None:
    response = client_for("manager_b").get(organisation_a.get_absolute_url())
    assertContains(response, "Open a support case")
    assertContains(response, "No support case yet.")


def test_a_move_without_the_version_it_was_opened_with_is_refused(
    client_for: Any, case_a: Any
) -> None:
    url = reverse("support:case-transition", args=[case_a.uuid])
    response = client_for("manager_a").post(url, {"to_state": State.DIAGNOSIS})
    assert response.status_code == 422
    assertContains(response, "Someone else changed this record", status_code=422)


def test_a_case_page_runs_a_fixed_number_of_queries(
    client_for: Any, case_a: Any, team: Any, roadmap_a: Any, django_assert_max_num_queries: Any
) -> None:
    from clusterdesk.support import services

    def grow() -> None:
        need = add_need(case_a, "Another need")
        referral = services.referral_create(
            actor=None, need=need, data={"target_kind": "agency_team", "target_team": team}
        )
        services.action_create(
            actor=None,
            roadmap=roadmap_a,
            data={"description": "A", "needs": [need], "referrals": [referral]},
        )

    client = client_for("manager_a")
    grow()
    with django_assert_max_num_queries(30) as first:
        client.get(detail(case_a))
    for _ in range(5):
        grow()
    with django_assert_max_num_queries(len(first)):
        client.get(detail(case_a))
