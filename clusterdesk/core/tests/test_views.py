"""The home page, the health endpoint, signing in and out, and the language switcher."""

from __future__ import annotations

import socket
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from clusterdesk.accounts.models import Role
from clusterdesk.accounts.tests.factories import UserFactory
from clusterdesk.organisations import services
from clusterdesk.organisations.tests.factories import OrganisationFactory

PASSWORD = "correct horse battery staple"  # the password of every user of the factories


def cluster_names(response: Any) -> list[str]:
    return [cluster.name for cluster in response.context["clusters"]]


# --- home -----------------------------------------------------------------------------------


def test_manager_sees_only_their_clusters_with_member_counts(
    client_for: Any, organisation_a: Any, organisation_b: Any
) -> None:
    OrganisationFactory()  # in no cluster: counts for nobody

    response = client_for("manager_a").get(reverse("core:home"))

    assert cluster_names(response) == ["AutoMobility"]
    assertContains(response, "My clusters")
    assertContains(response, "cd-cluster-card", count=1)
    assertContains(response, '<p class="display-6 mb-0">1</p>')
    assertContains(response, "1 current membership")
    assertContains(response, reverse("organisations:cluster-detail", args=["automobility"]))


def test_manager_without_clusters_is_told_how_to_get_one(client_for: Any, cast: Any) -> None:
    response = client_for("manager_a").get(reverse("core:home"))

    assert cluster_names(response) == []
    assertContains(response, "You do not manage any cluster yet.")


@pytest.mark.parametrize("role", ["admin", "expert"])
def test_admins_and_experts_see_every_cluster(
    client_for: Any, organisation_a: Any, organisation_b: Any, role: str
) -> None:
    response = client_for(role).get(reverse("core:home"))

    assert cluster_names(response) == ["AutoMobility", "HealthTech"]
    assertContains(response, "2 current memberships")
    assertNotContains(response, "My clusters")


def test_analyst_sees_aggregates_only_and_no_recent_changes(
    client_for: Any, organisation_a: Any, organisation_b: Any, contact_a: Any
) -> None:
    response = client_for("analyst").get(reverse("core:home"))

    assert cluster_names(response) == ["AutoMobility", "HealthTech"]
    assertContains(
        response,
        "Your role gives access to aggregated figures only; no personal data is shown.",
    )
    assertNotContains(response, "Recently changed")
    assertNotContains(response, "Moselle")
    assertNotContains(response, "Schmit")
    assertNotContains(response, reverse("organisations:cluster-detail", args=["automobility"]))
    assertNotContains(response, "My organisations")
    assert response.context["recent_changes"] == []


def test_recent_changes_link_to_the_changed_record(client_for: Any, organisation_a: Any) -> None:
    client = client_for("manager_a")
    edit_url = reverse("organisations:edit", args=[organisation_a.uuid])
    form = client.get(edit_url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {name: "" if v is None else str(v) for name, v in data.items() if v is not False}
    data["trade_name"] = "MoBraTec"
    assert client.post(edit_url, data).status_code == 302

    response = client_for("expert").get(reverse("core:home"))

    latest = response.context["recent_changes"][0]
    assert (latest.actor_name, latest.action) == ("manager_a", "update")
    assertContains(
        response,
        f'<a href="{reverse("organisations:detail", args=[organisation_a.uuid])}">'
        "Moselle Brake Technologies S.A.</a>",
    )
    assertContains(response, "<strong>manager_a</strong> changed")


def test_a_deleted_record_shows_in_recent_changes_without_a_link(
    client_for: Any, admin: Any
) -> None:
    organisation = OrganisationFactory(legal_name="Short-lived S.A.")
    services.organisation_delete(
        actor=admin, organisation=organisation, expected_version=organisation.version
    )

    response = client_for("manager_a").get(reverse("core:home"))

    assertContains(response, "<strong>admin</strong> deleted")
    assertContains(response, "Short-lived S.A.")
    assertNotContains(response, f'href="/organisations/{organisation.uuid}/"')


def test_anonymous_visitor_of_the_home_page_is_sent_to_sign_in(client_for: Any) -> None:
    response = client_for(None).get(reverse("core:home"))

    assertRedirects(response, f"{reverse('accounts:login')}?next={quote('/')}")


@pytest.mark.parametrize(
    ("role", "directory"),
    [("admin", True), ("manager_a", True), ("expert", True), ("analyst", False)],
)
def test_navigation_offers_the_directory_only_to_its_readers(
    client_for: Any, role: str, directory: bool
) -> None:
    response = client_for(role).get(reverse("core:home"))

    assert (reverse("organisations:list") in response.content.decode()) is directory
    assert (reverse("organisations:contact-list") in response.content.decode()) is directory
    assertContains(response, reverse("organisations:cluster-list"))


# --- health ---------------------------------------------------------------------------------


def test_healthz_reports_the_database_ok_without_signing_in(db: Any) -> None:
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert body["database"]["vendor"] == connection.vendor


def _closed_port() -> int:
    """A local TCP port nothing listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.usefixtures("django_db_setup")
def test_healthz_answers_503_when_the_database_is_unreachable(
    django_db_blocker: Any, tmp_path: Any
) -> None:
    # No test transaction here: the connection must really close and really fail to reopen.
    with django_db_blocker.unblock():
        settings_dict = connection.settings_dict
        if connection.vendor == "sqlite":
            key, broken = "NAME", str(tmp_path / "no-such-directory" / "clusterdesk.sqlite3")
        else:
            key, broken = "PORT", str(_closed_port())
        saved = settings_dict[key]
        settings_dict[key] = broken
        connection.close()
        try:
            response = Client().get("/healthz")
        finally:
            settings_dict[key] = saved
            connection.close()

        assert response.status_code == 503
        assert response.json() == {
            "status": "error",
            "database": {"status": "unavailable", "error": "OperationalError"},
        }
        # The next request finds the database again.
        assert Client().get("/healthz").status_code == 200


# --- signing in and out ----------------------------------------------------------------------


@pytest.fixture
def csrf_client() -> Client:
    """A browser-like client: CSRF is checked, as it is for real users."""
    return Client(enforce_csrf_checks=True)


def _sign_in(client: Client, username: str, password: str, next_url: str = "") -> Any:
    client.get(reverse("accounts:login"))
    data = {
        "username": username,
        "password": password,
        "csrfmiddlewaretoken": client.cookies[django_settings.CSRF_COOKIE_NAME].value,
    }
    if next_url:
        data["next"] = next_url
    return client.post(reverse("accounts:login"), data)


def test_login_page_shows_the_sign_in_form(db: Any) -> None:
    response = Client().get(reverse("accounts:login"))

    assertContains(response, "Sign in to clusterdesk")
    assertContains(response, 'name="username"')
    assertContains(response, 'name="password"')
    assertContains(response, 'autocomplete="current-password"')


def test_a_user_signs_in_with_the_login_form(csrf_client: Client, manager_a: Any) -> None:
    response = _sign_in(csrf_client, "manager_a", PASSWORD)

    assertRedirects(response, reverse("core:home"))
    home = csrf_client.get(reverse("core:home"))
    assert home.context["user"] == manager_a
    assertContains(home, "Sign out")


def test_signing_in_returns_to_the_page_asked_for(csrf_client: Client, expert: Any) -> None:
    response = _sign_in(csrf_client, "expert", PASSWORD, next_url="/organisations/")

    assertRedirects(response, "/organisations/")


def test_signing_in_never_redirects_to_another_site(csrf_client: Client, expert: Any) -> None:
    response = _sign_in(csrf_client, "expert", PASSWORD, next_url="https://evil.example/")

    assertRedirects(response, reverse("core:home"))


def test_a_wrong_password_is_refused(csrf_client: Client, manager_a: Any) -> None:
    response = _sign_in(csrf_client, "manager_a", "wrong password")

    assertContains(response, "Please enter a correct username and password.")
    assertContains(response, 'value="manager_a"')
    assert not response.context["user"].is_authenticated
    assertRedirects(csrf_client.get(reverse("core:home")), f"{reverse('accounts:login')}?next=/")


def test_a_deactivated_account_may_not_sign_in(csrf_client: Client, db: Any) -> None:
    UserFactory(username="leaver", role=Role.MANAGER, is_active=False)

    response = _sign_in(csrf_client, "leaver", PASSWORD)

    assert response.status_code == 200
    assert not response.context["user"].is_authenticated


def test_a_user_signs_out(csrf_client: Client, manager_a: Any) -> None:
    _sign_in(csrf_client, "manager_a", PASSWORD)
    token = csrf_client.cookies[django_settings.CSRF_COOKIE_NAME].value

    response = csrf_client.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token})

    assertRedirects(response, reverse("accounts:login"))
    assertRedirects(csrf_client.get(reverse("core:home")), f"{reverse('accounts:login')}?next=/")


def test_signing_out_needs_a_post(client_for: Any) -> None:
    client = client_for("manager_a")

    response = client.get(reverse("accounts:logout"))

    assert response.status_code == 405
    assert client.get(reverse("core:home")).status_code == 200


def test_five_failed_attempts_lock_the_account(csrf_client: Client, manager_a: Any) -> None:
    failures = [_sign_in(csrf_client, "manager_a", f"guess {n}") for n in range(1, 6)]

    assert [response.status_code for response in failures[:4]] == [200] * 4
    locked = failures[4]
    assert locked.status_code == 429
    assertContains(locked, "Too many failed sign-in attempts", status_code=429)
    assertContains(locked, "This account is locked for 15 minutes.", status_code=429)

    # Even the right password is refused now.
    retry = _sign_in(csrf_client, "manager_a", PASSWORD)
    assertContains(retry, "Too many failed sign-in attempts", status_code=429)
    assertRedirects(csrf_client.get(reverse("core:home")), f"{reverse('accounts:login')}?next=/")


def test_a_locked_account_does_not_lock_other_users(manager_a: Any, expert: Any) -> None:
    attacker = Client(enforce_csrf_checks=True)
    for n in range(5):
        _sign_in(attacker, "manager_a", f"guess {n}")

    response = _sign_in(Client(enforce_csrf_checks=True), "expert", PASSWORD)

    assertRedirects(response, reverse("core:home"))


def test_a_successful_sign_in_resets_the_failure_count(csrf_client: Client, manager_a: Any) -> None:
    for n in range(4):
        _sign_in(csrf_client, "manager_a", f"guess {n}")
    assertRedirects(_sign_in(csrf_client, "manager_a", PASSWORD), reverse("core:home"))
    csrf_client.post(
        reverse("accounts:logout"),
        {"csrfmiddlewaretoken": csrf_client.cookies[django_settings.CSRF_COOKIE_NAME].value},
    )

    for n in range(4):
        response = _sign_in(csrf_client, "manager_a", f"again {n}")

    assert response.status_code == 200
    assertRedirects(_sign_in(csrf_client, "manager_a", PASSWORD), reverse("core:home"))


def test_a_signed_in_user_opening_the_login_page_goes_home(client_for: Any) -> None:
    response = client_for("expert").get(reverse("accounts:login"))

    assertRedirects(response, reverse("core:home"))


# --- language -------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _language_restored() -> Any:
    """A request activates its language on the test thread; later tests expect the default."""
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


def test_language_switcher_sets_the_language_cookie(db: Any) -> None:
    client = Client()

    response = client.post(
        reverse("set_language"), {"language": "de", "next": reverse("accounts:login")}
    )

    assertRedirects(response, reverse("accounts:login"))
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "de"
    assertContains(client.get(reverse("accounts:login")), '<html lang="de">')


def test_language_switcher_works_for_a_signed_in_user(client_for: Any) -> None:
    client = client_for("analyst")

    client.post(reverse("set_language"), {"language": "fr", "next": "/"})

    home = client.get(reverse("core:home"))
    assertContains(home, '<html lang="fr">')
    assertContains(home, '<option value="fr" title="Français" lang="fr" selected>FR</option>')


def test_language_switcher_ignores_an_unknown_language(db: Any) -> None:
    client = Client()

    response = client.post(reverse("set_language"), {"language": "xx", "next": "/"})

    assert django_settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assertContains(client.get(reverse("accounts:login")), '<html lang="en">')


def test_every_page_offers_the_language_switcher(client_for: Any) -> None:
    response = client_for("expert").get(reverse("core:home"))

    assertContains(response, f'action="{reverse("set_language")}"')
    assertContains(response, '<option value="de" title="Deutsch" lang="de">DE</option>')
