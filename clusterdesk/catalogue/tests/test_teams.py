"""Agency teams: seeded by a migration, seen by the staff, managed by admins through the
services (the Django admin is read-only)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from clusterdesk.catalogue import services
from clusterdesk.catalogue.models import AgencyTeam
from clusterdesk.catalogue.themes import Theme
from clusterdesk.core.audit import timeline
from clusterdesk.core.concurrency import StaleVersionError

pytestmark = pytest.mark.django_db

SEEDED = {
    "R&D and innovation support",
    "European R&D support",
    "International business development",
    "Market intelligence",
    "Start-up acceleration",
    "Clusters and company relationship management",
    "SME performance (Fit 4)",
}


def test_the_agencys_internal_teams_are_seeded() -> None:
    assert set(AgencyTeam.objects.values_list("name", flat=True)) == SEEDED


def test_the_five_market_intelligence_themes_are_one_list() -> None:
    assert Theme.values == [
        "business_model_innovation",
        "regional_value_chains",
        "digitalisation",
        "new_innovation_models",
        "sustainable_development",
    ]


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("manager_a", 200), ("expert", 200), ("analyst", 403),
])  # fmt: skip
def test_the_team_list_opens_for_the_staff(client_for: Any, role: str, status: int) -> None:
    response = client_for(role).get(reverse("catalogue:team-list"))
    assert response.status_code == status
    if status == 200:
        assertContains(response, "European R&amp;D support")
        assert ("New team" in response.content.decode()) is (role == "admin")


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("expert", 200), ("analyst", 404),
])  # fmt: skip
def test_a_teams_page_shows_its_members(
    client_for: Any, expert: Any, role: str, status: int
) -> None:
    team = AgencyTeam.objects.get(slug="rd-innovation")
    services.team_add_members(actor=None, team=team, users=[expert])
    response = client_for(role).get(reverse("catalogue:team-detail", args=["rd-innovation"]))
    assert response.status_code == status
    if status == 200:
        assertContains(response, "Eva Schiltz")


def test_a_missing_team_is_a_404(client_for: Any) -> None:
    assert client_for("admin").get(reverse("catalogue:team-detail", args=["nope"])).status_code == (
        404
    )


@pytest.mark.parametrize("role", ["manager_a", "expert", "analyst"])
def test_only_admins_create_teams(client_for: Any, role: str) -> None:
    client = client_for(role)
    assert client.get(reverse("catalogue:team-create")).status_code == 403
    response = client.post(reverse("catalogue:team-create"), {"name": "Space"})
    assert response.status_code == 403
    assert not AgencyTeam.objects.filter(name="Space").exists()


def test_an_admin_creates_a_team_with_members(client_for: Any, expert: Any) -> None:
    response = client_for("admin").post(
        reverse("catalogue:team-create"),
        {
            "name": "Digital Innovation Hub",
            "email": "dih@agency.example.lu",
            "members": [expert.pk],
        },
    )
    team = AgencyTeam.objects.get(name="Digital Innovation Hub")
    assert response.status_code == 302
    assert team.slug == "digital-innovation-hub"
    assert list(team.members.all()) == [expert]
    assert timeline(team).first().changes["members"] == [None, ["Eva Schiltz"]]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "Market intelligence"}, "name"),
        ({"name": "New", "slug": "start-ups"}, "slug"),
        ({"name": "New", "email": "nope"}, "email"),
        ({"name": ""}, "name"),
    ],
)
def test_a_team_with_a_taken_name_or_a_bad_email_is_refused_on_that_field(
    client_for: Any, data: dict, field: str
) -> None:
    response = client_for("admin").post(reverse("catalogue:team-create"), data)
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert AgencyTeam.objects.count() == 7


def test_analysts_cannot_be_team_members(client_for: Any, analyst: Any) -> None:
    response = client_for("admin").post(
        reverse("catalogue:team-create"), {"name": "Ministry liaison", "members": [analyst.pk]}
    )
    assert response.status_code == 422
    assert "members" in response.context["form"].errors


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("manager_a", 403), ("expert", 403), ("analyst", 404),
])  # fmt: skip
def test_only_admins_edit_teams(client_for: Any, role: str, status: int) -> None:
    url = reverse("catalogue:team-edit", args=["market-intelligence"])
    assert client_for(role).get(url).status_code == status


def test_an_admin_changes_the_members_and_a_stale_edit_is_refused(
    client_for: Any, expert: Any, manager_a: Any
) -> None:
    team = AgencyTeam.objects.get(slug="market-intelligence")
    client = client_for("admin")
    url = reverse("catalogue:team-edit", args=[team.slug])
    data = {
        "name": team.name,
        "slug": team.slug,
        "email": team.email,
        "description": team.description,
        "members": [expert.pk, manager_a.pk],
        "version": team.version,
    }
    assert client.post(url, data).status_code == 302
    assert set(team.members.all()) == {expert, manager_a}

    stale = client.post(url, {**data, "members": []})
    assert stale.status_code == 422
    assertContains(stale, "Someone else changed this record", status_code=422)
    assert team.members.count() == 2


def test_the_team_service_refuses_a_stale_version() -> None:
    team = AgencyTeam.objects.get(slug="start-ups")
    with pytest.raises(StaleVersionError):
        services.team_update(actor=None, team=team, data={"email": ""}, expected_version=9)


def test_the_django_admin_does_not_write_teams(rf: Any, admin: Any) -> None:
    from django.contrib import admin as django_admin

    model_admin = django_admin.site._registry[AgencyTeam]
    request = rf.get("/")
    request.user = admin
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
