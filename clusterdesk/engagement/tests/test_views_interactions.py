"""Interaction pages for each role: works, 404 (invisible), 403 (read-only), bad input."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from clusterdesk.engagement.models import FollowUp, Interaction
from clusterdesk.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

LIST = "/interactions/"
NEW = "/interactions/new/"


def _form_data(organisation: Any, cluster: Any, **extra: Any) -> dict[str, Any]:
    return {
        "organisation": str(organisation.uuid),
        "cluster": str(cluster.pk),
        "kind": "video_call",
        "occurred_on": timezone.localdate().isoformat(),
        "summary": "Discussed **Fit 4 Digital**.",
        **extra,
    }


# --- the list --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "manager_a", "manager_b", "expert"])
def test_staff_see_the_interaction_list(client_for: Any, role: str, interaction_a: Any) -> None:
    page = client_for(role).get(LIST)
    assert page.status_code == 200
    assert interaction_a.organisation.legal_name in page.content.decode()


def test_analysts_may_not_open_the_interaction_list(client_for: Any, cluster_a: Any) -> None:
    assert client_for("analyst").get(LIST).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client: Any) -> None:
    page = client.get(LIST)
    assert page.status_code == 302
    assert "/accounts/login/" in page["Location"]


@pytest.mark.parametrize(
    ("role", "sees"),
    [("admin", True), ("manager_a", True), ("manager_b", False), ("expert", False)],
)
def test_confidential_interactions_are_listed_only_for_their_cluster_managers_and_admins(
    client_for: Any, role: str, sees: bool, secret_a: Any
) -> None:
    page = client_for(role).get(LIST)
    assert (secret_a in page.context["page"].object_list) is sees


def test_the_list_filters_by_kind_theme_dates_cluster_organisation_and_mine(
    client_for: Any,
    make_interaction: Any,
    organisation_a: Any,
    organisation_b: Any,
    cluster_b: Any,
    manager_b: Any,
) -> None:
    today = timezone.localdate()
    call = make_interaction(organisation_a, themes=["digitalisation"])
    visit = make_interaction(
        organisation_a, kind="visit", occurred_on=today - datetime.timedelta(days=40)
    )
    other = make_interaction(organisation_b, cluster=cluster_b, actor=manager_b)
    client = client_for("manager_a")

    def found(query: str) -> set[Any]:
        return set(client.get(f"{LIST}?{query}").context["page"].object_list)

    assert found("kind=visit") == {visit}
    assert found("theme=digitalisation") == {call}
    assert found(f"date_to={(today - datetime.timedelta(days=1)).isoformat()}") == {visit}
    assert found(f"date_from={today.isoformat()}") == {call, other}
    assert found("cluster=healthtech") == {other}
    assert found(f"organisation={organisation_b.uuid}") == {other}
    assert found("mine=me") == {call, visit}
    assert found("kind=bogus&date_from=yesterday&theme=x") == {call, visit, other}


def test_the_htmx_results_come_alone(client_for: Any, interaction_a: Any) -> None:
    page = client_for("manager_a").get(LIST, headers={"HX-Request": "true", "HX-Target": "results"})
    html = page.content.decode()
    assert "<table" in html
    assert "<html" not in html


def test_the_list_runs_a_fixed_number_of_queries(
    client_for: Any,
    make_interaction: Any,
    organisation_a: Any,
    contact_a: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for("manager_a")
    make_interaction(organisation_a, contacts=[contact_a])
    with django_assert_max_num_queries(20) as few:
        client.get(LIST)
    for _index in range(12):
        make_interaction(organisation_a, contacts=[contact_a])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(LIST)


def test_the_list_exports_csv_without_the_confidential_ones_others_may_not_see(
    client_for: Any, interaction_a: Any, secret_a: Any
) -> None:
    response = client_for("expert").get("/interactions/export.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["Date", "Organisation", "Kind"]
    assert len(rows) == 2
    assert rows[1][1] == interaction_a.organisation.legal_name
    assert rows[1][4] == "Anne Schmit"
    assert "Takeover" not in str(rows)


def test_the_list_exports_xlsx_with_the_filters(
    client_for: Any, interaction_a: Any, secret_a: Any
) -> None:
    response = client_for("manager_a").get("/interactions/export.xlsx?theme=digitalisation")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][6] == "Digitalisation"


def test_analysts_may_not_export_interactions(client_for: Any, cluster_a: Any) -> None:
    assert client_for("analyst").get("/interactions/export.csv").status_code == 403


# --- one interaction -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 200), ("manager_a", 200), ("manager_b", 200), ("expert", 200), ("analyst", 404)],
)
def test_an_interaction_page_per_role(
    client_for: Any, role: str, status: int, interaction_a: Any
) -> None:
    page = client_for(role).get(interaction_a.get_absolute_url())
    assert page.status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 200), ("manager_a", 200), ("manager_b", 404), ("expert", 404), ("analyst", 404)],
)
def test_a_confidential_interaction_is_a_404_for_those_who_may_not_see_it(
    client_for: Any, role: str, status: int, secret_a: Any
) -> None:
    assert client_for(role).get(secret_a.get_absolute_url()).status_code == status
    assert client_for(role).get(f"{secret_a.get_absolute_url()}edit/").status_code == status


def test_the_summary_is_rendered_as_safe_markdown(
    client_for: Any, make_interaction: Any, organisation_a: Any
) -> None:
    interaction = make_interaction(
        organisation_a, summary="**Key** point <script>alert(1)</script> [site](https://x.lu)"
    )
    html = client_for("expert").get(interaction.get_absolute_url()).content.decode()
    assert "<strong>Key</strong>" in html
    assert "<script>alert(1)" not in html
    assert 'rel="noopener noreferrer"' in html


def test_an_unknown_interaction_is_a_404(client_for: Any, cluster_a: Any) -> None:
    page = client_for("admin").get("/interactions/00000000-0000-0000-0000-000000000000/")
    assert page.status_code == 404


# --- logging ---------------------------------------------------------------------------------


def test_a_manager_logs_an_interaction_with_contacts_themes_and_a_follow_up(
    client_for: Any, organisation_a: Any, cluster_a: Any, contact_a: Any, manager_a: Any
) -> None:
    due = timezone.localdate() + datetime.timedelta(days=10)
    response = client_for("manager_a").post(
        NEW,
        _form_data(
            organisation_a,
            cluster_a,
            contacts=[contact_a.pk],
            themes=["digitalisation", "regional_value_chains"],
            participants=[manager_a.pk],
            follow_up_on=due.isoformat(),
            follow_up_note="Send the brochure",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == organisation_a.get_absolute_url()
    interaction = Interaction.objects.get()
    assert list(interaction.contacts.all()) == [contact_a]
    assert interaction.themes == ["regional_value_chains", "digitalisation"]
    assert FollowUp.objects.get().due_on == due


def test_a_follow_up_note_without_its_date_is_refused_on_the_full_form(
    client_for: Any, organisation_a: Any, cluster_a: Any
) -> None:
    page = client_for("manager_a").post(
        NEW, _form_data(organisation_a, cluster_a, follow_up_note="Send the brochure")
    )
    assert page.status_code == 422
    assert page.context["form"].errors["follow_up_on"] == [
        "Give the follow-up a date, or clear its note."
    ]
    assert not Interaction.objects.exists()


def test_the_new_interaction_form_offers_only_the_managers_clusters(
    client_for: Any, organisation_a: Any, cluster_a: Any, cluster_b: Any
) -> None:
    page = client_for("manager_a").get(f"{NEW}?organisation={organisation_a.uuid}")
    assert page.status_code == 200
    assert list(page.context["form"].fields["cluster"].queryset) == [cluster_a]
    assert page.context["form"].initial["cluster"] == cluster_a.pk
    admin_form = client_for("admin").get(NEW).context["form"]
    assert set(admin_form.fields["cluster"].queryset) == {cluster_a, cluster_b}


def test_a_manager_may_log_for_an_organisation_of_another_cluster_under_their_own(
    client_for: Any, organisation_b: Any, cluster_a: Any
) -> None:
    response = client_for("manager_a").post(NEW, _form_data(organisation_b, cluster_a))
    assert response.status_code == 302
    assert Interaction.objects.get().cluster == cluster_a


def test_a_cluster_the_manager_does_not_manage_is_refused(
    client_for: Any, organisation_a: Any, cluster_b: Any, cluster_a: Any
) -> None:
    page = client_for("manager_a").post(NEW, _form_data(organisation_a, cluster_b))
    assert page.status_code == 422
    assert "cluster" in page.context["form"].errors
    assert not Interaction.objects.exists()


def test_a_contact_of_another_organisation_is_refused(
    client_for: Any, organisation_a: Any, cluster_a: Any, contact_b: Any
) -> None:
    page = client_for("manager_a").post(
        NEW, _form_data(organisation_a, cluster_a, contacts=[contact_b.pk])
    )
    assert page.status_code == 422
    assert "contacts" in page.context["form"].errors
    assert not Interaction.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("organisation", "not-a-uuid"),
        ("kind", "pigeon"),
        ("occurred_on", "31/02/2026"),
        ("themes", "space"),
        ("cluster", "999999"),
    ],
)
def test_bad_input_gets_an_error_on_its_field(
    client_for: Any, organisation_a: Any, cluster_a: Any, field: str, value: str
) -> None:
    page = client_for("manager_a").post(
        NEW, {**_form_data(organisation_a, cluster_a), field: value}
    )
    assert page.status_code == 422
    assert field in page.context["form"].errors
    assert not Interaction.objects.exists()


@pytest.mark.parametrize("role", ["expert", "analyst"])
def test_experts_and_analysts_may_not_log_interactions(
    client_for: Any, role: str, organisation_a: Any, cluster_a: Any
) -> None:
    client = client_for(role)
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, _form_data(organisation_a, cluster_a)).status_code == 403


def test_a_manager_without_clusters_may_not_log_interactions(
    client_for: Any, organisation_a: Any, manager_b: Any
) -> None:
    assert client_for("manager_b").get(NEW).status_code == 403


def test_the_contact_checkboxes_follow_the_chosen_organisation(
    client_for: Any, organisation_a: Any, contact_a: Any, contact_b: Any
) -> None:
    page = client_for("manager_a").get(
        f"/interactions/contacts/?organisation={organisation_a.uuid}"
    )
    html = page.content.decode()
    assert "Anne Schmit" in html
    assert "Luc Weber" not in html
    assert client_for("manager_a").get("/interactions/contacts/?organisation=x").status_code == 200


# --- editing and deleting --------------------------------------------------------------------


def test_a_manager_of_the_cluster_edits_an_interaction(
    client_for: Any, interaction_a: Any, cluster_a: Any, contact_a: Any
) -> None:
    url = f"{interaction_a.get_absolute_url()}edit/"
    client = client_for("manager_a")
    form = client.get(url).context["form"]
    assert "organisation" not in form.fields
    response = client.post(
        url,
        {
            "version": 1,
            "cluster": cluster_a.pk,
            "kind": "visit",
            "occurred_on": interaction_a.occurred_on.isoformat(),
            "contacts": [contact_a.pk],
            "summary": "Changed",
        },
    )
    assert response.status_code == 302
    interaction_a.refresh_from_db()
    assert (interaction_a.kind, interaction_a.summary, interaction_a.version) == (
        "visit",
        "Changed",
        2,
    )


def test_a_stale_edit_is_refused_with_a_message(
    client_for: Any, interaction_a: Any, cluster_a: Any
) -> None:
    url = f"{interaction_a.get_absolute_url()}edit/"
    data = {
        "version": 1,
        "cluster": cluster_a.pk,
        "kind": "visit",
        "occurred_on": interaction_a.occurred_on.isoformat(),
    }
    client = client_for("admin")
    assert client.post(url, data).status_code == 302
    page = client.post(url, {**data, "kind": "email"})
    assert page.status_code == 422
    assert "Someone else changed this record" in page.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 200), ("manager_a", 200), ("manager_b", 403), ("expert", 403), ("analyst", 404)],
)
def test_who_may_edit_and_delete_an_interaction(
    client_for: Any, role: str, status: int, interaction_a: Any
) -> None:
    client = client_for(role)
    assert client.get(f"{interaction_a.get_absolute_url()}edit/").status_code == status
    assert client.get(f"{interaction_a.get_absolute_url()}delete/").status_code == status


def test_the_manager_who_logged_an_interaction_may_change_it_in_another_cluster(
    client_for: Any, make_interaction: Any, organisation_b: Any, cluster_b: Any, manager_a: Any
) -> None:
    interaction = make_interaction(organisation_b, cluster=cluster_b, actor=manager_a)
    page = client_for("manager_a").get(f"{interaction.get_absolute_url()}edit/")
    assert page.status_code == 200
    assert cluster_b in page.context["form"].fields["cluster"].queryset


def test_deleting_asks_then_deletes_with_the_version(
    client_for: Any, interaction_a: Any, organisation_a: Any
) -> None:
    url = f"{interaction_a.get_absolute_url()}delete/"
    client = client_for("manager_a")
    assert client.post(url, {"version": 7}).status_code == 409
    assert Interaction.objects.exists()
    response = client.post(url, {"version": 1})
    assert response.status_code == 302
    assert response["Location"] == organisation_a.get_absolute_url()
    assert not Interaction.objects.exists()


def test_the_list_of_one_organisations_interactions_names_it(
    client_for: Any, interaction_a: Any
) -> None:
    OrganisationFactory(legal_name="Unrelated S.A.")
    page = client_for("manager_a").get(f"{LIST}?organisation={interaction_a.organisation.uuid}")
    assert page.context["organisation"] == interaction_a.organisation


def test_the_list_shows_the_summary_as_plain_text(
    client_for: Any, make_interaction: Any, organisation_a: Any
) -> None:
    make_interaction(organisation_a, summary="Order book is **stable**; see [site](https://x.lu)")
    html = client_for("manager_a").get(LIST).content.decode()
    assert "Order book is stable; see site" in html
    assert "**stable**" not in html
