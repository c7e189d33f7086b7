"""The API's description (`/api/v1/openapi.json`) and its interactive docs
(`/api/v1/docs`): for signed-in agency staff only, served from our own static files under
the strict Content-Security-Policy."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from pytest_django.asserts import assertRedirects

from clusterdesk.accounts.services import api_token_create

DOCS = "/api/v1/docs"
SCHEMA = "/api/v1/openapi.json"
OURS = tuple(f"/api/v1/{kind}" for kind in ("organisations", "contacts", "clusters", "memberships"))


@pytest.mark.parametrize("role", ["admin", "manager_a", "expert"])
def test_agency_staff_open_the_interactive_docs(client_for: Any, role: str) -> None:
    response = client_for(role).get(DOCS)

    assert response.status_code == 200
    assert b'id="swagger-ui"' in response.content


def test_the_docs_load_every_script_and_style_from_our_own_static_files(
    client_for: Any,
) -> None:
    html = client_for("expert").get(DOCS).content.decode()

    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources, "the docs page loads nothing"
    for source in sources:
        assert source.startswith(settings.STATIC_URL), source
        assert finders.find(source.removeprefix(settings.STATIC_URL)), source
    assert "<script>" not in html  # no inline script: the settings are a JSON data block
    assert 'style="' not in html
    assert '"validatorUrl": null' in html  # no badge fetched from an online validator


def test_the_docs_keep_the_strict_content_security_policy(client_for: Any) -> None:
    response = client_for("manager_a").get(DOCS)

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe" not in policy


def test_the_docs_send_the_csrf_token_with_the_requests_they_make(client_for: Any) -> None:
    html = client_for("admin").get(DOCS).content.decode()

    assert 'data-api-csrf="true"' in html
    assert re.search(r'data-csrf-token="[A-Za-z0-9]{32,}"', html)


def test_an_analyst_may_not_open_the_docs(client_for: Any) -> None:
    assert client_for("analyst").get(DOCS).status_code == 403
    assert client_for("analyst").get(SCHEMA).status_code == 403


def test_an_anonymous_visitor_of_the_docs_is_sent_to_sign_in(client: Client, db: Any) -> None:
    response = client.get(DOCS)

    assertRedirects(response, f"/accounts/login/?next={DOCS}", fetch_redirect_response=False)


def test_the_schema_needs_credentials(client: Client, db: Any) -> None:
    response = client.get(SCHEMA)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_the_schema_is_readable_with_a_token(client: Client, expert: Any) -> None:
    _token, text = api_token_create(actor=None, user=expert, name="client generator")

    response = client.get(SCHEMA, headers={"Authorization": f"Bearer {text}"})

    assert response.status_code == 200
    schema = response.json()
    assert "/api/v1/organisations" in schema["paths"]
    assert {"BearerToken", "BrowserSession"} <= set(schema["components"]["securitySchemes"])


def test_every_operation_documents_its_errors_with_their_bodies(client_for: Any) -> None:
    schema = client_for("admin").get(SCHEMA).json()

    for path, operations in schema["paths"].items():
        if not path.startswith(
            ("/api/v1/organisations", "/api/v1/contacts", "/api/v1/clusters", "/api/v1/memberships")
        ):
            continue
        for method, operation in operations.items():
            documented = set(operation["responses"])
            assert {"401", "403", "404", "422"} <= documented, (method, path)
            if method in {"post", "patch", "delete"}:
                assert "409" in documented, (method, path)
            for code in documented - {"204"}:
                assert "application/json" in operation["responses"][code]["content"]
