"""Personal API tokens: how they are made, stored, used, revoked and managed from the
command line, and how the API authenticates a caller by token or by browser session."""

from __future__ import annotations

import datetime
import hashlib
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from clusterdesk.accounts import tokens
from clusterdesk.accounts.models import ApiToken
from clusterdesk.accounts.services import api_token_create, api_token_revoke
from clusterdesk.core.audit import timeline
from clusterdesk.core.models import AuditAction, AuditEvent

LIST_URL = "/api/v1/organisations"


def bearer(text: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {text}"}


def stored_values(token: ApiToken) -> list[str]:
    return [str(value) for value in ApiToken.objects.filter(pk=token.pk).values().get().values()]


# --- the token as text ----------------------------------------------------------------------


def test_a_token_reads_cd_then_its_public_prefix_then_its_secret() -> None:
    text = tokens.compose("1a2b3c4d", "f" * 48)

    assert text == f"cd_1a2b3c4d_{'f' * 48}"
    assert tokens.split(text) == ("1a2b3c4d", "f" * 48)


@pytest.mark.parametrize(
    "text",
    ["", "cd_1a2b3c4d", "cd_1a2b3c4d_short", "xx_1a2b3c4d_" + "f" * 48, "cd_1A2B3C4D_" + "f" * 48],
)
def test_anything_but_a_well_formed_token_is_not_split(text: str) -> None:
    assert tokens.split(text) is None


@pytest.mark.parametrize("text", ["1a2b3c4d", "cd_1a2b3c4d", "cd_1a2b3c4d_" + "f" * 48])
def test_the_prefix_is_found_in_the_prefix_alone_or_in_the_whole_token(text: str) -> None:
    assert tokens.prefix_of(text) == "1a2b3c4d"


# --- creating and revoking ------------------------------------------------------------------


def test_a_new_token_is_returned_once_and_only_its_digest_is_stored(manager_a: Any) -> None:
    token, text = api_token_create(actor=manager_a, user=manager_a, name="  reporting   script ")

    prefix, secret = tokens.split(text) or ("", "")
    assert token.prefix == prefix
    assert token.name == "reporting script"
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert not any(secret in value for value in stored_values(token))


def test_creating_a_token_is_audited_without_its_secret(manager_a: Any) -> None:
    token, text = api_token_create(actor=manager_a, user=manager_a, name="reporting")

    event = AuditEvent.objects.get(object_id=token.pk, action=AuditAction.CREATE)
    assert event.actor == manager_a
    assert event.changes["name"] == [None, "reporting"]
    assert event.changes["prefix"] == [None, token.prefix]
    assert text.split("_")[2] not in str(event.changes)
    assert event in timeline(manager_a)


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_a_token_needs_a_name_of_at_most_100_characters(manager_a: Any, name: str) -> None:
    with pytest.raises(ValidationError) as refused:
        api_token_create(actor=manager_a, user=manager_a, name=name)

    assert "name" in refused.value.message_dict
    assert not ApiToken.objects.exists()


def test_a_deactivated_account_gets_no_token(manager_a: Any) -> None:
    manager_a.is_active = False
    manager_a.save()

    with pytest.raises(ValidationError):
        api_token_create(actor=None, user=manager_a, name="reporting")

    assert not ApiToken.objects.exists()


def test_revoking_a_token_is_audited_once(manager_a: Any) -> None:
    token, _text = api_token_create(actor=manager_a, user=manager_a, name="reporting")

    api_token_revoke(actor=manager_a, token=token)
    first_revocation = token.revoked_at
    api_token_revoke(actor=manager_a, token=token)

    token.refresh_from_db()
    assert token.revoked_at == first_revocation is not None
    assert AuditEvent.objects.filter(object_id=token.pk, action=AuditAction.UPDATE).count() == 1


# --- authenticating with a token ------------------------------------------------------------


def test_the_api_answers_a_valid_token_as_its_user(client: Client, manager_a: Any) -> None:
    _token, text = api_token_create(actor=None, user=manager_a, name="reporting")

    response = client.get(LIST_URL, headers=bearer(text))

    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_a_request_without_credentials_is_a_401_in_json(client: Client, db: Any) -> None:
    response = client.get(LIST_URL)

    assert response.status_code == 401
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["WWW-Authenticate"] == "Bearer"
    assert "token" in response.json()["detail"]


def test_every_api_operation_refuses_a_caller_without_credentials(client: Client, db: Any) -> None:
    from clusterdesk.api import api

    paths = api.get_openapi_schema()["paths"]
    for path, operations in paths.items():
        url = path.replace("{", "").replace("}", "")  # any value: auth comes first
        for method in operations:
            response = client.generic(method.upper(), url)
            assert response.status_code == 401, (method, path, response.status_code)


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[:-1] + ("0" if text[-1] != "0" else "1"),  # wrong secret
        lambda text: "cd_00000000_" + text.split("_")[2],  # unknown prefix
        lambda text: text.replace("cd_", "xy_"),  # not a token at all
        lambda text: "",
    ],
)
def test_a_wrong_or_malformed_token_is_a_401(client: Client, manager_a: Any, damage: Any) -> None:
    _token, text = api_token_create(actor=None, user=manager_a, name="reporting")

    response = client.get(LIST_URL, headers=bearer(damage(text)))

    assert response.status_code == 401


def test_a_revoked_token_stops_working_at_once(client: Client, manager_a: Any) -> None:
    token, text = api_token_create(actor=None, user=manager_a, name="reporting")
    assert client.get(LIST_URL, headers=bearer(text)).status_code == 200

    api_token_revoke(actor=manager_a, token=token)

    assert client.get(LIST_URL, headers=bearer(text)).status_code == 401


def test_the_token_of_a_deactivated_account_stops_working(client: Client, manager_a: Any) -> None:
    _token, text = api_token_create(actor=None, user=manager_a, name="reporting")
    manager_a.is_active = False
    manager_a.save()

    assert client.get(LIST_URL, headers=bearer(text)).status_code == 401


def test_last_use_is_recorded_at_most_once_a_minute(client: Client, manager_a: Any) -> None:
    token, text = api_token_create(actor=None, user=manager_a, name="reporting")
    assert token.last_used_at is None

    client.get(LIST_URL, headers=bearer(text))
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None

    client.get(LIST_URL, headers=bearer(text))
    token.refresh_from_db()
    assert token.last_used_at == first_use

    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=an_hour_ago)
    client.get(LIST_URL, headers=bearer(text))
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert token.last_used_at > an_hour_ago


def test_a_token_acts_with_its_users_permissions(client: Client, analyst: Any) -> None:
    _token, text = api_token_create(actor=None, user=analyst, name="figures")

    response = client.get(LIST_URL, headers=bearer(text))

    assert response.status_code == 403


# --- authenticating with the browser session --------------------------------------------------


def test_a_signed_in_browser_reads_the_api_with_its_session(client_for: Any) -> None:
    response = client_for("expert").get(LIST_URL)

    assert response.status_code == 200


def test_a_session_write_without_the_csrf_token_is_refused(admin: Any) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(admin)

    response = browser.post(
        LIST_URL, {"legal_name": "Forged S.A."}, content_type="application/json"
    )

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not AuditEvent.objects.filter(object_repr="Forged S.A.").exists()


def test_a_session_write_with_the_csrf_token_goes_through(admin: Any) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(admin)
    browser.get("/accounts/profile/")  # sets the csrftoken cookie, as any page does

    response = browser.post(
        LIST_URL,
        {"legal_name": "Kirchberg Robotics S.A."},
        content_type="application/json",
        headers={"X-CSRFToken": browser.cookies["csrftoken"].value},
    )

    assert response.status_code == 201


def test_a_token_write_needs_no_csrf_token(admin: Any) -> None:
    _token, text = api_token_create(actor=None, user=admin, name="script")
    script = Client(enforce_csrf_checks=True)

    response = script.post(
        LIST_URL,
        {"legal_name": "Kirchberg Robotics S.A."},
        content_type="application/json",
        headers=bearer(text),
    )

    assert response.status_code == 201


# --- the command line -----------------------------------------------------------------------


def run_token_command(*args: str) -> str:
    out = io.StringIO()
    call_command("token", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_command_creates_a_token_that_works(client: Client, manager_a: Any) -> None:
    text = run_token_command("create", "manager_a", "--name", "nightly sync").strip()

    token = ApiToken.objects.get()
    assert token.user == manager_a
    assert token.name == "nightly sync"
    assert client.get(LIST_URL, headers=bearer(text)).status_code == 200


def test_the_command_lists_tokens_with_their_prefix_and_state(manager_a: Any, expert: Any) -> None:
    kept, _text = api_token_create(actor=None, user=manager_a, name="kept")
    revoked, _text = api_token_create(actor=None, user=manager_a, name="old")
    api_token_revoke(actor=None, token=revoked)
    other, _text = api_token_create(actor=None, user=expert, name="expert's")

    everyone = run_token_command("list")
    one_user = run_token_command("list", "manager_a")

    assert f"cd_{kept.prefix}" in everyone
    assert f"cd_{other.prefix}" in everyone
    assert f"cd_{other.prefix}" not in one_user
    kept_line, revoked_line = (
        next(line for line in one_user.splitlines() if token.prefix in line)
        for token in (kept, revoked)
    )
    assert "active" in kept_line
    assert "never used" in kept_line
    assert "revoked" in revoked_line


@pytest.mark.parametrize("given", ["{prefix}", "cd_{prefix}", "{text}"])
def test_the_command_revokes_a_token_by_prefix_or_whole(manager_a: Any, given: str) -> None:
    token, text = api_token_create(actor=None, user=manager_a, name="leaked")

    output = run_token_command("revoke", given.format(prefix=token.prefix, text=text))

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "Revoked" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("create", "nobody"), "No user is called 'nobody'."),
        (("list", "nobody"), "No user is called 'nobody'."),
        (("revoke", "00000000"), "No token has the prefix '00000000'."),
        (("revoke", "not-a-prefix"), "No token has the prefix 'not-a-prefix'."),
    ],
)
def test_the_command_explains_what_it_cannot_find(
    db: Any, args: tuple[str, ...], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        run_token_command(*args)
