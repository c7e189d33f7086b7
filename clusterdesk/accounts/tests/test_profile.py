"""The profile page: who you are, the clusters you manage, your API tokens (create one and
see it once, revoke one after confirming), and the menu link that leads there."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from clusterdesk.accounts.models import ApiToken
from clusterdesk.accounts.services import api_token_create, api_token_revoke

PROFILE = "/accounts/profile/"


def revoke_url(token: ApiToken) -> str:
    return reverse("accounts:token-revoke", args=[token.prefix])


def test_profile_shows_name_role_and_the_clusters_a_manager_runs(
    client_for: Any, cluster_a: Any, cluster_b: Any
) -> None:
    response = client_for("manager_a").get(PROFILE)

    assert response.status_code == 200
    user = response.context["user"]
    assertContains(response, user.get_full_name())
    assertContains(response, "Cluster manager")
    clusters = response.content.decode().split('id="managed-clusters"')[1].split("</dd>")[0]
    assert "AutoMobility" in clusters
    assert "HealthTech" not in clusters


def test_profile_of_an_expert_says_they_manage_no_cluster(client_for: Any, cluster_a: Any) -> None:
    response = client_for("expert").get(PROFILE)

    assertContains(response, "Agency expert")
    assert list(response.context["managed_clusters"]) == []


def test_profile_lists_only_your_own_tokens(client_for: Any, manager_a: Any, expert: Any) -> None:
    mine, _text = api_token_create(actor=None, user=manager_a, name="my reporting script")
    theirs, _text = api_token_create(actor=None, user=expert, name="expert's sync")

    response = client_for("manager_a").get(PROFILE)

    assertContains(response, "my reporting script")
    assertContains(response, f"cd_{mine.prefix}_…")
    assertNotContains(response, "expert's sync")
    assertNotContains(response, theirs.prefix)


def test_profile_shows_revoked_tokens_as_revoked(client_for: Any, manager_a: Any) -> None:
    token, _text = api_token_create(actor=None, user=manager_a, name="old script")
    api_token_revoke(actor=manager_a, token=token)

    response = client_for("manager_a").get(PROFILE)

    assertContains(response, "old script")
    assertContains(response, "revoked")
    assertNotContains(response, revoke_url(token))


def test_a_new_token_is_shown_once_with_a_copy_button(client_for: Any, manager_a: Any) -> None:
    client = client_for("manager_a")

    created = client.post(reverse("accounts:token-create"), {"name": "reporting"})
    text = created.context["new_token"]
    later = client.get(PROFILE)

    assert created.status_code == 200
    assertContains(created, f'value="{text}" readonly')
    assertContains(created, 'data-copy="new-token-value"')
    assertContains(created, "Copy it now: it will not be shown again.")
    assert "no-store" in created["Cache-Control"]
    assertNotContains(later, text)
    assertContains(later, "reporting")
    token = ApiToken.objects.get()
    assert token.user == manager_a
    assert text.startswith(f"cd_{token.prefix}_")


def test_the_token_made_on_the_profile_page_opens_the_api(client_for: Any) -> None:
    created = client_for("expert").post(reverse("accounts:token-create"), {"name": "notebook"})

    response = Client().get(
        "/api/v1/organisations", headers={"Authorization": f"Bearer {created.context['new_token']}"}
    )

    assert response.status_code == 200


@pytest.mark.parametrize("name", ["", "x" * 101])
def test_a_token_without_a_proper_name_is_refused_and_nothing_is_created(
    client_for: Any, name: str
) -> None:
    response = client_for("manager_a").post(reverse("accounts:token-create"), {"name": name})

    assert response.status_code == 422
    assert "name" in response.context["form"].errors
    assertContains(response, 'id="id_name_errors"', status_code=422)
    assert response.context["new_token"] == ""
    assert not ApiToken.objects.exists()


def test_creating_a_token_needs_a_post(client_for: Any) -> None:
    response = client_for("manager_a").get(reverse("accounts:token-create"))

    assert response.status_code == 405
    assert not ApiToken.objects.exists()


def test_revoking_asks_for_confirmation_first(client_for: Any, manager_a: Any) -> None:
    token, _text = api_token_create(actor=None, user=manager_a, name="nightly sync")

    response = client_for("manager_a").get(revoke_url(token))

    assertContains(response, "Revoke the token “nightly sync”?")
    assertContains(response, '<form method="post">')
    token.refresh_from_db()
    assert token.revoked_at is None


def test_confirming_revokes_the_token_and_returns_to_the_profile(
    client_for: Any, manager_a: Any
) -> None:
    token, text = api_token_create(actor=None, user=manager_a, name="nightly sync")

    response = client_for("manager_a").post(revoke_url(token), follow=True)

    assertRedirects(response, PROFILE)
    assertContains(response, "Token “nightly sync” revoked.")
    token.refresh_from_db()
    assert token.revoked_at is not None
    api = Client().get("/api/v1/organisations", headers={"Authorization": f"Bearer {text}"})
    assert api.status_code == 401


@pytest.mark.parametrize("method", ["get", "post"])
def test_someone_elses_token_is_not_found_even_by_an_admin(
    client_for: Any, manager_a: Any, method: str
) -> None:
    token, _text = api_token_create(actor=None, user=manager_a, name="nightly sync")

    response = getattr(client_for("admin"), method)(revoke_url(token))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_unknown_token_prefix_is_not_found(client_for: Any) -> None:
    response = client_for("manager_a").get(reverse("accounts:token-revoke", args=["0123abcd"]))

    assert response.status_code == 404


@pytest.mark.parametrize(
    "url", [PROFILE, "/accounts/profile/tokens/", "/accounts/profile/tokens/0123abcd/revoke/"]
)
def test_anonymous_visitors_are_sent_to_sign_in(client: Client, db: Any, url: str) -> None:
    response = client.get(url)

    assertRedirects(response, f"{reverse('accounts:login')}?next={quote(url)}")


@pytest.mark.parametrize("role", ["admin", "manager_a", "expert", "analyst"])
def test_every_role_finds_the_profile_in_the_user_menu(client_for: Any, role: str) -> None:
    response = client_for(role).get(reverse("core:home"))

    assertContains(response, f'href="{PROFILE}"')


@pytest.mark.parametrize(("role", "shown"), [("expert", True), ("analyst", False)])
def test_the_profile_links_to_the_api_docs_for_agency_staff(
    client_for: Any, role: str, shown: bool
) -> None:
    response = client_for(role).get(PROFILE)

    assert ('href="/api/v1/docs"' in response.content.decode()) is shown
