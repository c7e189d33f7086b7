"""The header search box and the results page, in a real browser.

Records are written through `clusterdesk.organisations.services`, which index them for search
in the same transaction, exactly as the pages do.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest
from django.db.models import Exists, OuterRef, QuerySet
from playwright.sync_api import expect

from clusterdesk.core import permissions
from clusterdesk.core.search import registry
from clusterdesk.organisations import services
from clusterdesk.organisations.models import Membership


def add_organisation(actor: Any, cluster: Any, legal_name: str, **data: Any) -> Any:
    organisation = services.organisation_create(
        actor=actor,
        data={"legal_name": legal_name, "country": "LU", "commune": "Luxembourg", **data},
    )
    services.membership_create(actor=actor, organisation=organisation, data={"cluster": cluster})
    return organisation


def add_contact(actor: Any, organisation: Any, first_name: str, last_name: str) -> Any:
    email = f"{first_name}.{last_name}@example.lu".lower()
    return services.contact_create(
        actor=actor,
        data={"first_name": first_name, "last_name": last_name, "email": email},
        organisation=organisation,
        role="CEO",
    )


def suggestion(page: Any, record: Any) -> Any:
    """The suggestion in the header box's dropdown that links to `record`."""
    path = record.get_absolute_url()
    return page.locator(f'#cd-search-suggestions .cd-suggestion[href="{path}"]')


@pytest.fixture
def kirch_records(manager_a: Any, manager_b: Any, cluster_a: Any, cluster_b: Any) -> Any:
    """What "kirch" finds: an organisation and a contact in each cluster, plus one record
    (the cast's organisation A) that it must not find."""
    photonics = add_organisation(
        manager_a, cluster_a, "Kirchberg Photonics S.A.", description="Laser optics for lidar."
    )
    nora = add_contact(manager_a, photonics, "Nora", "Kirchner")
    biotech = add_organisation(manager_b, cluster_b, "Kirchfeld Biotech S.à r.l.")
    tom = add_contact(manager_b, biotech, "Tom", "Kirchen")
    return {"photonics": photonics, "nora": nora, "biotech": biotech, "tom": tom}


def test_a_manager_finds_records_as_they_type_then_on_the_results_page(
    page: Any, sign_in: Any, screenshot: Any, organisation_a: Any, kirch_records: dict
) -> None:
    sign_in(page, "manager_a")
    box = page.locator("#cd-search-q")
    menu = page.locator("#cd-search-suggestions")
    expect(menu).not_to_have_class(re.compile(r"\bshow\b"))

    box.press_sequentially("kirch", delay=40)
    expect(menu).to_have_class(re.compile(r"\bshow\b"))
    expect(box).to_have_attribute("aria-expanded", "true")
    photonics = suggestion(page, kirch_records["photonics"])
    nora = suggestion(page, kirch_records["nora"])
    expect(photonics).to_be_visible()
    expect(nora).to_be_visible()
    expect(photonics.locator("span").first).to_have_text("Kirchberg Photonics S.A.")
    expect(photonics.locator("mark").first).to_have_text("Kirchberg")
    expect(nora.locator("span").first).to_have_text("Nora Kirchner")
    expect(menu.get_by_role("group", name=re.compile("Organisations"))).to_be_visible()
    expect(menu.get_by_role("group", name=re.compile("Contacts"))).to_be_visible()
    expect(menu).not_to_contain_text("Moselle Brake")  # does not match "kirch"

    # One more letter: the organisation no longer matches, the contact still does.
    box.press_sequentially("n")
    expect(photonics).to_have_count(0)
    expect(nora).to_be_visible()
    expect(nora.locator("span").first.locator("mark")).to_have_text("Kirchner")
    box.press("Backspace")
    expect(photonics).to_be_visible()
    screenshot(page, "search-suggestions")

    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=kirch$"))
    expect(page.get_by_role("heading", name="Search", exact=True)).to_be_visible()
    expect(page.locator("#id_q")).to_have_value("kirch")
    expect(box).to_have_value("kirch")  # the header box keeps the query on its results page
    organisations = page.locator("section", has=page.locator("#results-organisations"))
    contacts = page.locator("section", has=page.locator("#results-contacts"))
    organisation_hit = organisations.locator(".cd-search-hit", has_text="Kirchberg Photonics")
    expect(organisation_hit.locator("a mark")).to_have_text("Kirchberg")
    expect(organisation_hit.locator(".cd-snippet")).to_contain_text("Laser optics")
    contact_hit = contacts.locator(".cd-search-hit", has_text="Nora Kirchner")
    expect(contact_hit.locator("a mark")).to_have_text("Kirchner")
    expect(contact_hit.locator(".cd-snippet")).to_contain_text("Kirchberg Photonics S.A. (CEO)")
    expect(contact_hit.locator(".cd-snippet mark", has_text="Kirchberg")).to_be_visible()
    expect(page.locator("#main")).not_to_contain_text("Moselle Brake")
    screenshot(page, "search-results")

    organisation_hit.get_by_role("link").click()
    page.wait_for_url(f"**/organisations/{kirch_records['photonics'].uuid}/")
    expect(page.get_by_role("heading", name="Kirchberg Photonics S.A.")).to_be_visible()

    page.go_back()
    contacts.get_by_role("link", name="Nora Kirchner").click()
    page.wait_for_url(f"**/contacts/{kirch_records['nora'].uuid}/")
    expect(page.get_by_role("heading", name="Nora Kirchner")).to_be_visible()

    # A suggestion is a link to its record too.
    box.press_sequentially("photon", delay=40)
    suggestion(page, kirch_records["photonics"]).click()
    page.wait_for_url(f"**/organisations/{kirch_records['photonics'].uuid}/")
    assert page.console_errors == []


def _only_own_clusters(user: Any, organisations: QuerySet[Any]) -> QuerySet[Any]:
    managed = permissions.managed_cluster_ids(user)
    memberships = Membership.objects.filter(organisation=OuterRef("pk"), cluster__in=managed)
    return organisations.filter(Exists(memberships))


def _contacts_of_own_clusters(user: Any, contacts: QuerySet[Any]) -> QuerySet[Any]:
    managed = permissions.managed_cluster_ids(user)
    memberships = Membership.objects.filter(
        organisation__affiliations__contact=OuterRef("pk"), cluster__in=managed
    )
    return contacts.filter(Exists(memberships))


@pytest.fixture
def search_scoped_to_own_clusters(monkeypatch: pytest.MonkeyPatch) -> None:
    """Managers read every cluster's records (ADR 0002), so nothing in the directory is
    hidden from them yet; records confidential to a cluster are to come. This narrows the
    search scope of organisations and contacts to the user's clusters, in this process (the
    live server's too), to check that what a scope leaves out never reaches the dropdown,
    the counts or the results page."""
    for kind, visible in (
        ("organisations", _only_own_clusters),
        ("contacts", _contacts_of_own_clusters),
    ):
        provider = registry.provider_for_kind(kind)
        scoped = dataclasses.replace(provider, visible=visible)
        monkeypatch.setitem(registry._PROVIDERS, kind, scoped)


def test_what_the_search_scope_leaves_out_is_never_suggested_nor_listed(
    page: Any, sign_in: Any, kirch_records: dict, search_scoped_to_own_clusters: None
) -> None:
    sign_in(page, "manager_a")
    box = page.locator("#cd-search-q")
    menu = page.locator("#cd-search-suggestions")
    box.press_sequentially("kirch", delay=40)
    expect(suggestion(page, kirch_records["photonics"])).to_be_visible()
    expect(suggestion(page, kirch_records["nora"])).to_be_visible()
    expect(menu.locator(".cd-suggestion")).to_have_count(2)
    expect(menu).not_to_contain_text("Kirchfeld")
    expect(menu).not_to_contain_text("Tom Kirchen")
    for badge in menu.locator(".dropdown-header .badge").all():
        expect(badge).to_have_text("1")

    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=kirch$"))
    tabs = page.get_by_role("list", name="Kind of record")
    expect(tabs.get_by_role("link", name=re.compile(r"^All"))).to_contain_text("2")
    expect(page.locator(".cd-search-hit")).to_have_count(2)
    expect(page.locator("#main")).not_to_contain_text("Kirchfeld")
    expect(page.locator("#main")).not_to_contain_text("Tom Kirchen")

    page.goto("/search/?q=kirchfeld")
    expect(page.get_by_text("Nothing matches “kirchfeld”.")).to_be_visible()

    # Their own manager finds them.
    page.context.clear_cookies()
    sign_in(page, "manager_b")
    page.locator("#cd-search-q").press_sequentially("kirch", delay=40)
    expect(suggestion(page, kirch_records["biotech"])).to_be_visible()
    expect(suggestion(page, kirch_records["tom"])).to_be_visible()
    expect(menu).not_to_contain_text("Kirchberg Photonics")


def test_an_analyst_has_no_search(page: Any, sign_in: Any, kirch_records: dict) -> None:
    sign_in(page, "analyst")
    expect(page.get_by_role("link", name="Home")).to_be_visible()
    expect(page.locator("#cd-search-q")).to_have_count(0)
    assert page.request.get("/search/suggestions/?q=kirch").status == 403
    assert page.request.get("/search/?q=kirch").status == 403
