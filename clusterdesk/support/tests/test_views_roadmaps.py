"""Roadmap and action pages, the printable roadmap, as each member of the cast uses them."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from clusterdesk.support import services
from clusterdesk.support.models import Action, Roadmap
from clusterdesk.support.tests.conftest import days

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("manager_a", 200), ("manager_b", 403), ("expert", 403), ("analyst", 404),
])  # fmt: skip
def test_the_roadmap_form_opens_for_those_who_may_change_the_case(
    client_for: Any, case_a: Any, role: str, status: int
) -> None:
    url = reverse("support:roadmap-edit", args=[case_a.uuid])
    assert client_for(role).get(url).status_code == status


def test_a_manager_sets_up_the_roadmap_then_changes_it(client_for: Any, case_a: Any) -> None:
    client = client_for("manager_a")
    url = reverse("support:roadmap-edit", args=[case_a.uuid])
    data = {
        "horizon": "medium",
        "agreed_on": days(0).isoformat(),
        "review_dates": f"{days(90)}, {days(30)}",
        "summary": "Agreed with the CEO.",
    }
    assert client.post(url, data).status_code == 302
    roadmap = Roadmap.objects.get(case=case_a)
    assert roadmap.review_dates == [days(30).isoformat(), days(90).isoformat()]

    response = client.post(url, {**data, "horizon": "short", "version": roadmap.version})
    assert response.status_code == 302
    roadmap.refresh_from_db()
    assert roadmap.horizon == "short"


def test_a_review_date_that_is_not_a_date_is_named(client_for: Any, case_a: Any) -> None:
    url = reverse("support:roadmap-edit", args=[case_a.uuid])
    response = client_for("manager_a").post(url, {"horizon": "short", "review_dates": "soon"})
    assert response.status_code == 422
    assertContains(response, "Not a date (YYYY-MM-DD): soon", status_code=422)
    assert not Roadmap.objects.exists()


def test_adding_an_action_before_the_roadmap_leads_to_setting_it_up(
    client_for: Any, case_a: Any
) -> None:
    response = client_for("manager_a").get(reverse("support:action-create", args=[case_a.uuid]))
    assert response.status_code == 302
    assert response["Location"] == reverse("support:roadmap-edit", args=[case_a.uuid])


def test_a_manager_adds_an_action_linked_to_a_need(
    client_for: Any, case_a: Any, roadmap_a: Any, need_a: Any, manager_a: Any
) -> None:
    response = client_for("manager_a").post(
        reverse("support:action-create", args=[case_a.uuid]),
        {
            "description": "Pilot the planning tool on line 1",
            "owner": manager_a.pk,
            "due_on": days(10).isoformat(),
            "status": "planned",
            "priority": "high",
            "ease_class": "short_term",
            "estimated_cost": "25000",
            "needs": [need_a.pk],
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.owner, list(action.needs.all())) == (manager_a, [need_a])


def test_an_action_with_bad_input_names_the_fields(
    client_for: Any, case_a: Any, roadmap_a: Any
) -> None:
    response = client_for("manager_a").post(
        reverse("support:action-create", args=[case_a.uuid]),
        {"description": "", "status": "someday", "estimated_cost": "-10", "due_on": "tomorrow"},
    )
    assert response.status_code == 422
    assert {"description", "status", "estimated_cost", "due_on"} <= set(
        response.context["form"].errors
    )
    assert not Action.objects.exists()


@pytest.mark.parametrize(("role", "status"), [
    ("manager_b", 403), ("expert", 403), ("analyst", 404),
])  # fmt: skip
def test_an_action_is_not_changed_by_those_who_may_not_change_the_case(
    client_for: Any, roadmap_a: Any, role: str, status: int
) -> None:
    action = services.action_create(actor=None, roadmap=roadmap_a, data={"description": "A"})
    client = client_for(role)
    assert client.get(reverse("support:action-edit", args=[action.uuid])).status_code == status
    url = reverse("support:action-status", args=[action.uuid])
    assert client.post(url, {"status": "done", "version": action.version}).status_code == status
    action.refresh_from_db()
    assert action.status == "planned"


def test_an_action_is_started_then_marked_done_from_the_case_page(
    client_for: Any, roadmap_a: Any
) -> None:
    action = services.action_create(actor=None, roadmap=roadmap_a, data={"description": "A"})
    client = client_for("manager_a")
    url = reverse("support:action-status", args=[action.uuid])

    client.post(url, {"status": "in_progress", "version": action.version})
    action.refresh_from_db()
    assert action.status == "in_progress"
    client.post(url, {"status": "done", "version": action.version})
    action.refresh_from_db()
    assert action.status == "done"
    client.post(url, {"status": "nonsense", "version": action.version})
    action.refresh_from_db()
    assert action.status == "done"


def test_the_case_page_shows_progress_and_highlights_overdue_actions(
    client_for: Any, case_a: Any, roadmap_a: Any
) -> None:
    services.action_create(
        actor=None, roadmap=roadmap_a, data={"description": "Late one", "due_on": days(-3)}
    )
    services.action_create(
        actor=None, roadmap=roadmap_a, data={"description": "Finished", "status": "done"}
    )
    services.action_create(
        actor=None, roadmap=roadmap_a, data={"description": "Dropped", "status": "dropped"}
    )
    response = client_for("expert").get(case_a.get_absolute_url())

    assertContains(response, "1/2 done")
    assertContains(response, "1 overdue")
    assertContains(response, 'class="cd-overdue')
    assertContains(response, "cd-w-50")
    assertNotContains(response, "Add action")  # experts change nothing


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("manager_b", 200), ("expert", 200), ("analyst", 404),
])  # fmt: skip
def test_the_printable_roadmap_opens_for_those_who_see_the_case(
    client_for: Any, case_a: Any, roadmap_a: Any, role: str, status: int
) -> None:
    response = client_for(role).get(reverse("support:roadmap-print", args=[case_a.uuid]))
    assert response.status_code == status
    if status == 200:
        assertContains(response, "support/print.css")
        assertContains(response, "data-print")
        assertNotContains(response, 'style="')


def test_a_case_without_a_roadmap_has_no_printable_roadmap(client_for: Any, case_a: Any) -> None:
    response = client_for("admin").get(reverse("support:roadmap-print", args=[case_a.uuid]))
    assert response.status_code == 404


def test_no_support_page_carries_an_inline_style_or_script(
    client_for: Any, case_a: Any, roadmap_a: Any, referral_to_team: Any
) -> None:
    """The Content-Security-Policy forbids them: progress bars use width classes."""
    services.action_create(actor=None, roadmap=roadmap_a, data={"description": "A"})
    client = client_for("admin")
    for url in (
        case_a.get_absolute_url(),
        referral_to_team.get_absolute_url(),
        reverse("support:case-list"),
        reverse("support:referral-list"),
        reverse("support:need-list"),
        reverse("support:referral-create", args=[referral_to_team.need.uuid]),
        case_a.organisation.get_absolute_url(),
    ):
        html = client.get(url).content.decode()
        assert 'style="' not in html, url
        assert "<script>" not in html, url


def test_an_action_link_leads_to_its_case(client_for: Any, roadmap_a: Any) -> None:
    action = services.action_create(actor=None, roadmap=roadmap_a, data={"description": "A"})
    response = client_for("expert").get(action.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == f"{roadmap_a.case.get_absolute_url()}#action-{action.uuid}"
    assert client_for("analyst").get(action.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 302), ("manager_a", 302), ("manager_b", 302), ("expert", 302), ("analyst", 404),
])  # fmt: skip
def test_a_roadmap_link_leads_to_its_case_for_those_who_see_the_case(
    client_for: Any, roadmap_a: Any, role: str, status: int
) -> None:
    response = client_for(role).get(reverse("support:roadmap-detail", args=[roadmap_a.uuid]))
    assert response.status_code == status
    if status == 302:
        assert response["Location"] == f"{roadmap_a.case.get_absolute_url()}#roadmap"
