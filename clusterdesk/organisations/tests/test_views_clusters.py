"""The cluster pages: everyone signed in sees the clusters and their sizes (analysts only
the figures, no names of people); readers of the directory open a cluster; admins alone
create and edit clusters."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import quote

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from clusterdesk.core.models import AuditAction, AuditEvent
from clusterdesk.organisations import services
from clusterdesk.organisations.models import Cluster
from clusterdesk.organisations.tests.factories import MembershipFactory, OrganisationFactory


def login_url(next_url: str) -> str:
    return f"{reverse('accounts:login')}?next={quote(next_url)}"


def form_values(response: Any) -> dict[str, Any]:
    """What the browser sends back when the user submits the form as the page shows it."""
    form = response.context["form"]
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list):
            data[name] = [str(item) for item in value]
        else:
            data[name] = "" if value is None else str(value)
    return data


@pytest.fixture
def clusters(organisation_a: Any, organisation_b: Any, cluster_b: Any) -> dict[str, Any]:
    """AutoMobility with one member, HealthTech with three (one of which left)."""
    for number in range(2):
        MembershipFactory(
            organisation=OrganisationFactory(legal_name=f"Health {number}"), cluster=cluster_b
        )
    former = MembershipFactory(
        organisation=OrganisationFactory(legal_name="Gone S.A."), cluster=cluster_b
    )
    services.membership_update(
        actor=None,
        membership=former,
        data={"since": datetime.date(2020, 1, 1), "until": datetime.date(2021, 12, 31)},
        expected_version=None,
    )
    return {"a": organisation_a.memberships.get().cluster, "b": cluster_b}


# --- the list -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "manager_a", "manager_b", "expert", "analyst"])
def test_every_signed_in_role_sees_the_clusters_with_their_member_counts(
    client_for: Any, clusters: Any, role: str
) -> None:
    response = client_for(role).get(reverse("organisations:cluster-list"))

    assert response.status_code == 200
    counts = {cluster.name: cluster.member_count for cluster in response.context["clusters"]}
    assert counts == {"AutoMobility": 1, "HealthTech": 3}
    assertContains(response, "AutoMobility")
    assertContains(response, '<span class="fs-4 fw-semibold">3</span>')


def test_readers_of_the_directory_see_the_cluster_managers(
    client_for: Any, clusters: Any, manager_a: Any, manager_b: Any
) -> None:
    response = client_for("expert").get(reverse("organisations:cluster-list"))

    assertContains(response, str(manager_a))
    assertContains(response, str(manager_b))
    assertContains(response, reverse("organisations:cluster-detail", args=["automobility"]))


def test_analyst_sees_counts_but_no_manager_names_and_no_links(
    client_for: Any, clusters: Any, manager_a: Any, manager_b: Any
) -> None:
    response = client_for("analyst").get(reverse("organisations:cluster-list"))

    assertContains(response, "HealthTech")
    assertNotContains(response, str(manager_a))
    assertNotContains(response, str(manager_b))
    assertNotContains(response, manager_a.last_name)
    assertNotContains(response, reverse("organisations:cluster-detail", args=["automobility"]))


def test_new_cluster_button_shows_to_admins_only(client_for: Any, clusters: Any) -> None:
    create_url = reverse("organisations:cluster-create")

    assertContains(client_for("admin").get(reverse("organisations:cluster-list")), create_url)
    assertNotContains(
        client_for("manager_a").get(reverse("organisations:cluster-list")), create_url
    )


def test_anonymous_visitor_of_the_cluster_list_is_sent_to_sign_in(client_for: Any) -> None:
    url = reverse("organisations:cluster-list")

    response = client_for(None).get(url)

    assertRedirects(response, login_url(url))


# --- the detail page ----------------------------------------------------------------------


def test_cluster_page_lists_its_current_members_and_managers(
    client_for: Any, clusters: Any, manager_b: Any, organisation_b: Any
) -> None:
    response = client_for("manager_a").get(
        reverse("organisations:cluster-detail", args=["healthtech"])
    )

    members = [m.organisation.legal_name for m in response.context["members"]]
    assert members == ["Alzette Diagnostics S.à r.l.", "Health 0", "Health 1"]
    assertNotContains(response, "Gone S.A.</a>")
    assertContains(response, reverse("organisations:detail", args=[organisation_b.uuid]))
    assertContains(response, str(manager_b))
    assertContains(response, f"{reverse('organisations:list')}?cluster=healthtech")


def test_cluster_timeline_shows_membership_changes(client_for: Any, clusters: Any) -> None:
    response = client_for("expert").get(
        reverse("organisations:cluster-detail", args=["healthtech"])
    )

    assertContains(response, "cd-timeline-item")
    assertContains(response, "Gone S.A. — HealthTech")


def test_edit_button_shows_on_a_cluster_page_to_admins_only(client_for: Any, clusters: Any) -> None:
    edit_url = reverse("organisations:cluster-edit", args=["automobility"])
    detail_url = reverse("organisations:cluster-detail", args=["automobility"])

    assertContains(client_for("admin").get(detail_url), edit_url)
    assertNotContains(client_for("manager_a").get(detail_url), edit_url)


def test_analyst_may_not_open_a_cluster_page(client_for: Any, clusters: Any) -> None:
    response = client_for("analyst").get(
        reverse("organisations:cluster-detail", args=["automobility"])
    )

    assert response.status_code == 404
    assertNotContains(response, "Moselle", status_code=404)


@pytest.mark.parametrize("page", ["cluster-detail", "cluster-edit"])
def test_an_unknown_cluster_is_not_found(client_for: Any, clusters: Any, page: str) -> None:
    response = client_for("admin").get(reverse(f"organisations:{page}", args=["no-such-cluster"]))

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("page", "method"),
    [("cluster-detail", "get"), ("cluster-edit", "get"), ("cluster-edit", "post")],
)
def test_anonymous_visitor_of_a_cluster_page_is_sent_to_sign_in(
    client_for: Any, clusters: Any, page: str, method: str
) -> None:
    url = reverse(f"organisations:{page}", args=["automobility"])
    client = client_for(None)

    response = client.get(url) if method == "get" else client.post(url, {"name": "Hijacked"})

    assertRedirects(response, login_url(url), fetch_redirect_response=False)
    assert Cluster.objects.get(slug="automobility").name == "AutoMobility"


# --- create -------------------------------------------------------------------------------


def test_admin_creates_a_cluster_with_its_managers(
    client_for: Any, manager_a: Any, manager_b: Any, admin: Any
) -> None:
    response = client_for("admin").post(
        reverse("organisations:cluster-create"),
        {
            "name": "Materials & Manufacturing",
            "slug": "materials",
            "colour": "teal",
            "description": "Plastics, metals, composites.",
            "managers": [manager_a.pk, manager_b.pk],
        },
    )

    assertRedirects(response, reverse("organisations:cluster-detail", args=["materials"]))
    cluster = Cluster.objects.get(slug="materials")
    assert (cluster.name, cluster.colour) == ("Materials & Manufacturing", "teal")
    assert set(cluster.managers.all()) == {manager_a, manager_b}
    assert AuditEvent.objects.filter(
        object_id=cluster.pk, action=AuditAction.CREATE, actor=admin
    ).exists()


def test_the_cluster_form_offers_only_cluster_managers(
    client_for: Any, manager_a: Any, manager_b: Any
) -> None:
    response = client_for("admin").get(reverse("organisations:cluster-create"))

    offered = set(response.context["form"].fields["managers"].queryset)
    assert offered == {manager_a, manager_b}


def test_a_cluster_name_already_taken_is_refused(client_for: Any, clusters: Any) -> None:
    response = client_for("admin").post(
        reverse("organisations:cluster-create"),
        {"name": "AutoMobility", "slug": "automobility-2", "colour": "blue", "description": "x"},
    )

    assert response.status_code in {200, 422}
    assert response.context["form"].errors["name"] == ["Cluster with this Name already exists."]
    assertContains(response, 'value="automobility-2"', status_code=response.status_code)
    assert Cluster.objects.count() == 2


def test_a_cluster_needs_a_valid_short_name(client_for: Any, admin: Any) -> None:
    response = client_for("admin").post(
        reverse("organisations:cluster-create"),
        {"name": "Space", "slug": "space tech!", "colour": "blue"},
    )

    assert response.status_code in {200, 422}
    assert "slug" in response.context["form"].errors
    assertContains(response, "id_slug_errors", status_code=response.status_code)
    assertContains(response, 'value="Space"', status_code=response.status_code)
    assert not Cluster.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"), [("manager_a", 403), ("expert", 403), ("analyst", 403)]
)
def test_only_admins_may_create_clusters(
    client_for: Any, cluster_a: Any, role: str, status: int
) -> None:
    client = client_for(role)

    assert client.get(reverse("organisations:cluster-create")).status_code == status
    response = client.post(
        reverse("organisations:cluster-create"), {"name": "Rogue", "slug": "rogue", "colour": "red"}
    )
    assert response.status_code == status
    assert not Cluster.objects.filter(slug="rogue").exists()


def test_anonymous_visitor_of_the_new_cluster_form_is_sent_to_sign_in(client_for: Any) -> None:
    url = reverse("organisations:cluster-create")

    response = client_for(None).get(url)

    assertRedirects(response, login_url(url), fetch_redirect_response=False)


# --- edit ---------------------------------------------------------------------------------


def test_admin_edits_a_cluster(client_for: Any, cluster_a: Any, admin: Any) -> None:
    client = client_for("admin")
    url = reverse("organisations:cluster-edit", args=["automobility"])
    data = form_values(client.get(url))
    data.update(description="Cars, trucks, rail.", colour="indigo")

    response = client.post(url, data)

    assertRedirects(response, reverse("organisations:cluster-detail", args=["automobility"]))
    cluster = Cluster.objects.get(pk=cluster_a.pk)
    assert (cluster.description, cluster.colour) == ("Cars, trucks, rail.", "indigo")
    assert cluster.version == cluster_a.version + 1
    assert AuditEvent.objects.filter(
        object_id=cluster.pk, action=AuditAction.UPDATE, actor=admin
    ).exists()


def test_the_edit_form_keeps_the_current_managers_unless_unticked(
    client_for: Any, cluster_a: Any, manager_a: Any
) -> None:
    client = client_for("admin")
    url = reverse("organisations:cluster-edit", args=["automobility"])
    data = form_values(client.get(url))
    assert data["managers"] == [str(manager_a.pk)]

    client.post(url, {**data, "description": "x"})

    assert list(Cluster.objects.get(pk=cluster_a.pk).managers.all()) == [manager_a]


def test_renaming_the_short_name_redirects_to_the_new_address(
    client_for: Any, cluster_a: Any
) -> None:
    client = client_for("admin")
    url = reverse("organisations:cluster-edit", args=["automobility"])
    data = form_values(client.get(url))
    data["slug"] = "mobility"

    response = client.post(url, data)

    assertRedirects(response, reverse("organisations:cluster-detail", args=["mobility"]))


def test_a_stale_cluster_edit_is_refused_and_keeps_the_other_persons_change(
    client_for: Any, cluster_a: Any, admin: Any
) -> None:
    client = client_for("admin")
    url = reverse("organisations:cluster-edit", args=["automobility"])
    data = form_values(client.get(url))
    services.cluster_update(
        actor=admin,
        cluster=cluster_a,
        data={"description": "Edited in another tab."},
        expected_version=int(data["version"]),
    )
    data["description"] = "My late edit."

    response = client.post(url, data)

    assertContains(response, "Someone else changed this record", status_code=response.status_code)
    assertContains(response, "My late edit.", status_code=response.status_code)
    assert Cluster.objects.get(pk=cluster_a.pk).description == "Edited in another tab."


def test_an_edit_with_a_blank_name_is_refused(client_for: Any, cluster_a: Any) -> None:
    client = client_for("admin")
    url = reverse("organisations:cluster-edit", args=["automobility"])
    data = form_values(client.get(url))
    data.update(name="", description="Kept on the page.")

    response = client.post(url, data)

    assert response.status_code in {200, 422}
    assert response.context["form"].errors["name"] == ["This field is required."]
    assertContains(response, "Kept on the page.", status_code=response.status_code)
    assert Cluster.objects.get(pk=cluster_a.pk).name == "AutoMobility"


@pytest.mark.parametrize(
    ("role", "status"),
    [("manager_a", 403), ("manager_b", 403), ("expert", 403), ("analyst", 404)],
)
def test_only_admins_may_edit_a_cluster_even_its_own_manager(
    client_for: Any, cluster_a: Any, cluster_b: Any, role: str, status: int
) -> None:
    client = client_for(role)
    url = reverse("organisations:cluster-edit", args=["automobility"])

    assert client.get(url).status_code == status
    response = client.post(
        url,
        {"name": "Hijacked", "slug": "automobility", "colour": "red", "version": cluster_a.version},
    )
    assert response.status_code == status
    assert Cluster.objects.get(pk=cluster_a.pk).name == "AutoMobility"
