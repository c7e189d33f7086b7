"""The company file's interactions panel and its quick entry (htmx, no page reload)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from clusterdesk.engagement.models import FollowUp, Interaction

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "interactions-panel"}


def panel_url(organisation: Any) -> str:
    return f"/interactions/panel/{organisation.uuid}/"


def quick(**fields: Any) -> dict[str, Any]:
    data = {
        "quick-kind": "video_call",
        "quick-occurred_on": timezone.localdate().isoformat(),
        "quick-summary": "Short call about the pilot.",
    }
    data.update({f"quick-{name}": value for name, value in fields.items()})
    return data


def test_the_company_file_shows_the_panel_with_the_quick_form(
    client_for: Any, interaction_a: Any, organisation_a: Any
) -> None:
    html = client_for("manager_a").get(organisation_a.get_absolute_url()).content.decode()
    assert 'id="interactions-panel"' in html
    assert 'name="quick-summary"' in html
    assert "Full form" in html
    assert "Discussed the pilot line." in html


def test_experts_see_the_panel_without_the_form(
    client_for: Any, interaction_a: Any, organisation_a: Any
) -> None:
    html = client_for("expert").get(organisation_a.get_absolute_url()).content.decode()
    assert 'id="interactions-panel"' in html
    assert "Discussed the pilot line." in html
    assert 'name="quick-summary"' not in html


@pytest.mark.parametrize(("role", "sees"), [("manager_a", True), ("manager_b", False)])
def test_the_panel_shows_confidential_interactions_only_to_who_may_see_them(
    client_for: Any, role: str, sees: bool, secret_a: Any, organisation_a: Any
) -> None:
    html = client_for(role).get(organisation_a.get_absolute_url()).content.decode()
    assert ("Takeover talks" in html) is sees


def test_the_quick_form_logs_an_interaction_and_answers_with_the_panel(
    client_for: Any, organisation_a: Any, cluster_a: Any, contact_a: Any, manager_a: Any
) -> None:
    due = timezone.localdate() + datetime.timedelta(days=5)
    page = client_for("manager_a").post(
        panel_url(organisation_a),
        quick(
            cluster=cluster_a.pk,
            contacts=[contact_a.pk],
            follow_up_on=due.isoformat(),
            follow_up_note="Send the pilot's costing",
        ),
        headers=HTMX,
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert html.startswith('<section class="card mb-3" id="interactions-panel"')
    assert "is logged" in html
    interaction = Interaction.objects.get()
    assert interaction.organisation == organisation_a
    assert list(interaction.contacts.all()) == [contact_a]
    assert list(interaction.participants.all()) == [manager_a]
    follow_up = FollowUp.objects.get()
    assert (follow_up.due_on, follow_up.note) == (due, "Send the pilot's costing")
    assert follow_up.interaction == interaction
    assert "Short call about the pilot." in html


def test_a_follow_up_note_without_a_date_is_refused_and_nothing_is_logged(
    client_for: Any, organisation_a: Any, cluster_a: Any
) -> None:
    page = client_for("manager_a").post(
        panel_url(organisation_a),
        quick(cluster=cluster_a.pk, follow_up_note="Call back about the costing"),
        headers=HTMX,
    )
    html = page.content.decode()
    assert "Give the follow-up a date, or clear its note." in html
    assert "Call back about the costing" in html  # the input is kept
    assert not Interaction.objects.exists()
    assert not FollowUp.objects.exists()


def test_the_quick_form_keeps_the_input_and_names_the_field_on_error(
    client_for: Any, organisation_a: Any, cluster_a: Any
) -> None:
    page = client_for("manager_a").post(
        panel_url(organisation_a),
        quick(cluster=cluster_a.pk, occurred_on="soon", summary="Keep me"),
        headers=HTMX,
    )
    assert page.status_code == 200  # htmx swaps only successful answers in
    html = page.content.decode()
    assert 'id="id_quick-occurred_on_errors"' in html
    assert "Keep me" in html
    assert not Interaction.objects.exists()


def test_without_javascript_the_quick_form_goes_back_to_the_company_file(
    client_for: Any, organisation_a: Any, cluster_a: Any
) -> None:
    client = client_for("manager_a")
    response = client.post(panel_url(organisation_a), quick(cluster=cluster_a.pk))
    assert response.status_code == 302
    assert response["Location"] == organisation_a.get_absolute_url()
    page = client.post(panel_url(organisation_a), quick(cluster=cluster_a.pk, kind="x"))
    assert page.status_code == 422
    assert 'id="interactions-panel"' in page.content.decode()


def test_a_contact_of_another_organisation_is_refused_in_the_quick_form(
    client_for: Any, organisation_a: Any, cluster_a: Any, contact_b: Any
) -> None:
    page = client_for("manager_a").post(
        panel_url(organisation_a),
        quick(cluster=cluster_a.pk, contacts=[contact_b.pk]),
        headers=HTMX,
    )
    assert "id_quick-contacts_errors" in page.content.decode()
    assert not Interaction.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("expert", 403), ("analyst", 404)])
def test_roles_that_log_nothing_cannot_post_the_quick_form(
    client_for: Any, role: str, status: int, organisation_a: Any, cluster_a: Any
) -> None:
    response = client_for(role).post(panel_url(organisation_a), quick(cluster=cluster_a.pk))
    assert response.status_code == status
    assert not Interaction.objects.exists()


def test_the_panel_can_be_refreshed_alone(client_for: Any, interaction_a: Any) -> None:
    page = client_for("expert").get(panel_url(interaction_a.organisation), headers=HTMX)
    assert page.status_code == 200
    assert "<html" not in page.content.decode()


def test_an_unknown_organisation_has_no_panel(client_for: Any, cluster_a: Any) -> None:
    url = "/interactions/panel/00000000-0000-0000-0000-000000000000/"
    assert client_for("manager_a").get(url).status_code == 404


def test_a_follow_up_is_planned_and_marked_done_from_the_panel(
    client_for: Any, organisation_a: Any, cluster_a: Any, manager_a: Any
) -> None:
    client = client_for("manager_a")
    due = timezone.localdate() + datetime.timedelta(days=2)
    page = client.post(
        f"{panel_url(organisation_a)}follow-up/",
        {"follow-due_on": due.isoformat(), "follow-note": "Ask about the grant"},
        headers=HTMX,
    )
    assert "Follow-up planned." in page.content.decode()
    follow_up = FollowUp.objects.get()
    assert (follow_up.owner, follow_up.cluster, follow_up.due_on) == (manager_a, cluster_a, due)
    page = client.post(
        f"/follow-ups/{follow_up.uuid}/done/",
        {"version": follow_up.version, "panel": "1"},
        headers=HTMX,
    )
    assert page.status_code == 200
    assert 'id="interactions-panel"' in page.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.done_on == timezone.localdate()


def test_a_follow_up_without_a_date_is_refused_in_the_panel(
    client_for: Any, organisation_a: Any, cluster_a: Any
) -> None:
    page = client_for("manager_a").post(
        f"{panel_url(organisation_a)}follow-up/", {"follow-note": "x"}, headers=HTMX
    )
    assert "id_follow-due_on_errors" in page.content.decode()
    assert not FollowUp.objects.exists()


def test_the_panel_runs_a_bounded_number_of_queries(
    client_for: Any,
    make_interaction: Any,
    make_follow_up: Any,
    organisation_a: Any,
    contact_a: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for("manager_a")
    for _index in range(8):
        make_interaction(organisation_a, contacts=[contact_a])
        make_follow_up(organisation_a)
    with django_assert_max_num_queries(16):
        client.get(panel_url(organisation_a), headers=HTMX)
