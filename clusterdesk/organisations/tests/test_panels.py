"""Other apps add sections to the company file (the organisation page) through panels."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.template import engines
from django.test import override_settings

from clusterdesk.organisations import panels

pytestmark = pytest.mark.django_db

PANEL_TEMPLATES = {
    "panel_test/notes.html": (
        '<section id="notes-panel">{{ data.greeting }} {{ organisation.legal_name }}</section>'
    ),
}


@pytest.fixture
def notes_panel() -> Iterator[list[Any]]:
    """A panel shown only to managers, remembering who asked for it."""
    seen: list[Any] = []

    def context(request: Any, organisation: Any) -> dict[str, Any] | None:
        seen.append(request.user)
        if request.user.role != "manager":
            return None
        return {"greeting": "Notes on"}

    panels.register(panels.Panel("test.notes", "panel_test/notes.html", context, column="side"))
    engine = engines["django"].engine
    loaders = [("django.template.loaders.locmem.Loader", PANEL_TEMPLATES), *engine.loaders]
    with override_settings(
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": engine.dirs,
                "OPTIONS": {
                    "context_processors": engine.context_processors,
                    "loaders": loaders,
                    "builtins": engine.builtins,
                },
            }
        ]
    ):
        yield seen
    panels._PANELS.pop("test.notes")


def test_a_registered_panel_shows_on_the_organisation_page(
    client_for: Any, organisation_a: Any, notes_panel: list[Any]
) -> None:
    page = client_for("manager_a").get(organisation_a.get_absolute_url())
    assert page.status_code == 200
    assert f'<section id="notes-panel">Notes on {organisation_a.legal_name}</section>' in (
        page.content.decode()
    )


def test_a_panel_whose_context_says_none_is_not_shown(
    client_for: Any, organisation_a: Any, notes_panel: list[Any]
) -> None:
    page = client_for("expert").get(organisation_a.get_absolute_url())
    assert page.status_code == 200
    assert b"notes-panel" not in page.content
    assert [user.username for user in notes_panel] == ["expert"]
