"""Browser tests: a live clusterdesk server driven through Debian's Chromium by Playwright.

Never downloads a browser: the Chromium binary comes from the system (`apt-get install
chromium`), found at `$CLUSTERDESK_CHROMIUM` or /usr/bin/chromium. Where it is missing,
these tests are skipped with a message saying how to install it. Screenshots of key pages
are saved under `test-artifacts/screenshots/`.
"""

from __future__ import annotations

import importlib
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CLUSTERDESK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "correct horse battery staple"  # the cast's password (accounts/tests/factories.py)


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CLUSTERDESK_REQUIRE_BROWSER"):
        raise pytest.UsageError(f"CI requires the browser tests, but Chromium is not at {CHROMIUM}")
    skip = pytest.mark.skip(
        reason=(
            f"Chromium not found at {CHROMIUM}: browser tests skipped. "
            "Install it with `sudo apt-get install chromium` (or set CLUSTERDESK_CHROMIUM)."
        )
    )
    for item in items:
        if "browser_tests" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="package", autouse=True)
def _orm_beside_playwright() -> Iterator[None]:
    """Playwright's sync API runs an event loop in the test thread; Django's ORM guard would
    otherwise refuse the database calls that these tests make in that same thread. Only for
    this package: other tests (and the processes they start) keep the guard."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser(_orm_beside_playwright: None) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def migrated_data(transactional_db: Any) -> None:
    """The data the migrations load (the NACE codes, the published questionnaires and the
    agency teams), which every browser test starts with: `transactional_db` empties every
    table after a test, so without this only the first browser test of a run would have
    them. (Django's `serialized_rollback` would restore them, but its flush then skips
    `post_migrate`, which leaves the transactional tests that run next without content
    types.) Each loader adds only what is missing, as the data migrations do, here with the
    real app registry instead of the migrations' historical one."""
    from django.apps import apps

    from clusterdesk.diagnostics.seeding import load_questionnaires
    from clusterdesk.organisations.models import NaceActivity
    from clusterdesk.organisations.nace import load_nace

    load_nace(NaceActivity)
    load_questionnaires(
        {
            name: apps.get_model("diagnostics", name)
            for name in ("QuestionnaireTemplate", "Dimension", "Question", "AnswerOption")
        }
    )
    # The agency teams' only loader is their data migration's (a module named with digits).
    teams = importlib.import_module("clusterdesk.catalogue.migrations.0002_seed_agency_teams")
    teams.seed(apps, None)


@pytest.fixture
def page(
    browser: Any, live_server: Any, transactional_db: Any, migrated_data: None
) -> Iterator[Any]:
    context = browser.new_context(
        viewport={"width": 1360, "height": 900}, locale="en-GB", base_url=live_server.url
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: _remember_error(page, message))
    yield page
    context.close()


def _remember_error(page: Any, message: Any) -> None:
    if message.type == "error":
        page.console_errors.append(message.text)


@pytest.fixture
def screenshot() -> Callable[[Any, str], Path]:
    """`screenshot(page, "organisation-page")` saves a full-page PNG as a test artefact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page: Any, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def sign_in(cast: dict) -> Callable[[Any, str], Any]:
    """`sign_in(page, "manager_a")` signs in through the real form."""

    def go(page: Any, role: str) -> Any:
        page.goto("/accounts/login/")
        page.fill("#id_username", cast[role].username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/")
        return page

    return go
