"""A cluster manager's everyday work with an organisation, in a real browser."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from clusterdesk.organisations.models import Organisation


def test_a_manager_signs_in_creates_and_edits_an_organisation(
    page: Any, sign_in: Any, screenshot: Any, cluster_a: Any
) -> None:
    sign_in(page, "manager_a")
    expect(page.get_by_role("heading", name=re.compile("Welcome"))).to_be_visible()
    expect(page.locator(".cd-cluster-card h3", has_text="AutoMobility")).to_be_visible()
    screenshot(page, "home-manager")

    page.get_by_role("link", name="Organisations").first.click()
    page.get_by_role("link", name="New organisation").click()
    page.fill("#id_legal_name", "Kirchberg Smart Charging S.A.")
    page.fill("#id_register_number", "b 654 321")
    page.fill("#nace-search", "charging")  # no match: the lookup says so
    expect(page.get_by_text("No NACE code matches.")).to_be_visible()
    page.fill("#nace-search", "motor vehicles")
    page.get_by_role("button", name=re.compile(r"^29\.10")).click()
    expect(page.locator("#id_nace_codes")).to_have_value("29.10")
    page.fill("#id_headcount", "35")
    page.fill("#id_turnover", "12000000")
    page.fill("#id_balance_sheet_total", "8000000")
    page.fill("#id_postcode", "1855")
    page.fill("#id_commune", "Luxembourg")
    page.get_by_role("button", name="Create organisation").click()

    expect(page.get_by_role("heading", name="Kirchberg Smart Charging S.A.")).to_be_visible()
    overview = page.locator("section", has=page.get_by_role("heading", name="Overview"))
    expect(overview.get_by_text("B654321")).to_be_visible()
    expect(overview.get_by_text("L-1855 Luxembourg")).to_be_visible()
    expect(overview.locator("dd", has_text="Small")).to_be_visible()  # 35 staff, balance ≤ €10M
    screenshot(page, "organisation-page")

    page.get_by_role("link", name="Edit").click()
    page.fill("#id_commune", "Esch-sur-Alzette")
    page.fill("#id_postcode", "4362")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Changes saved.")).to_be_visible()
    timeline = page.locator(".cd-timeline")
    expect(timeline.get_by_text("Esch-sur-Alzette")).to_be_visible()
    expect(timeline.locator(".cd-old", has_text="Luxembourg")).to_be_visible()
    assert Organisation.objects.get(register_number="B654321").commune == "Esch-sur-Alzette"
    assert page.console_errors == []


def test_two_people_editing_at_once_the_second_is_told_and_nothing_is_lost(
    browser: Any, live_server: Any, page: Any, sign_in: Any, screenshot: Any, organisation_a: Any
) -> None:
    admin_context = browser.new_context(base_url=live_server.url)
    manager_tab = sign_in(page, "manager_a")
    admin_tab = sign_in(admin_context.new_page(), "admin")
    manager_tab.goto(f"/organisations/{organisation_a.uuid}/edit/")
    admin_tab.goto(f"/organisations/{organisation_a.uuid}/edit/")

    admin_tab.fill("#id_description", "Reviewed by the admin")
    admin_tab.get_by_role("button", name="Save changes").click()
    expect(admin_tab.get_by_text("Changes saved.")).to_be_visible()

    manager_tab.fill("#id_description", "Written by the manager")
    manager_tab.get_by_role("button", name="Save changes").click()
    expect(manager_tab.get_by_text(re.compile("Someone else changed this record"))).to_be_visible()
    expect(manager_tab.locator("#id_description")).to_have_value("Written by the manager")
    screenshot(manager_tab, "edit-conflict")

    organisation_a.refresh_from_db()
    assert organisation_a.description == "Reviewed by the admin"
    admin_context.close()


def test_the_interface_switches_to_french_and_german(
    page: Any, sign_in: Any, organisation_a: Any
) -> None:
    sign_in(page, "manager_a")
    with page.expect_navigation():
        page.select_option("select[name=language]", "fr")
    expect(page.get_by_role("link", name="Accueil")).to_be_visible()
    with page.expect_navigation():
        page.select_option("select[name=language]", "de")
    expect(page.get_by_role("link", name="Startseite")).to_be_visible()
    page.goto(f"/organisations/{organisation_a.uuid}/")
    expect(page.get_by_role("heading", name="Überblick")).to_be_visible()
