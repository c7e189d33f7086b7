"""The listing pages, as each member of the cast uses them.

Rules under test: admins and the managers of a listing's cluster (or its author) change it;
other managers and experts read it (403 on changes); analysts see none (404 on a listing's
pages, 403 on the list and the forms); anonymous visitors are sent to sign in. Refused
input re-renders the form with the error on its field (422) and saves nothing.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from clusterdesk.partnering.models import PartnerListing
from clusterdesk.partnering.tests.conftest import make_listing

pytestmark = pytest.mark.django_db

# The list page runs at most this many queries, whatever the number of listings it shows.
LIST_QUERY_BOUND = 10


def detail(listing: PartnerListing) -> str:
    return reverse("partnering:listing-detail", args=[listing.uuid])


def form_data(cluster: Any, organisation: Any = None, **values: Any) -> dict[str, Any]:
    data = {
        "direction": "request",
        "category": "service",
        "title": "Energy audit of our sawmill",
        "description": "An ISO 50001 energy audit and heat recovery ideas.",
        "themes": ["sustainable_development"],
        "keywords": "energy audit, ISO 50001",
        "cluster": cluster.pk,
        "valid_until": "",
        **values,
    }
    if organisation is not None:
        data["organisation"] = str(organisation.uuid)
    return data


# --- the list -------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("manager_a", 200), ("manager_b", 200), ("expert", 200), ("analyst", 403),
])  # fmt: skip
def test_the_listing_list_opens_for_every_role_but_the_analyst(
    client_for: Any, request_a: Any, offer_b: Any, role: str, status: int
) -> None:
    response = client_for(role).get(reverse("partnering:listing-list"))
    assert response.status_code == status
    if status == 200:
        assertContains(response, "Titanium brake prototypes made by 3D printing")
        assertContains(response, "Alzette Diagnostics S.à r.l.")


def test_anonymous_visitors_are_sent_to_sign_in(client_for: Any) -> None:
    response = client_for(None).get(reverse("partnering:listing-list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_listing_list_filters_and_sorts_by_its_url(
    client_for: Any, request_a: Any, offer_b: Any, organisation_a: Any, manager_b: Any
) -> None:
    PartnerListing.objects.filter(pk=offer_b.pk).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    client = client_for("expert")

    def listed(**params: str) -> list[str]:
        response = client.get(reverse("partnering:listing-list"), params)
        return [listing.organisation.legal_name for listing in response.context["page"]]

    a, b = "Moselle Brake Technologies S.A.", "Alzette Diagnostics S.à r.l."
    assert listed(direction="request") == [a]
    assert listed(direction="offer") == [b]
    assert listed(cluster="healthtech") == [b]
    assert listed(organisation=str(organisation_a.uuid)) == [a]
    assert listed(theme="regional_value_chains", sort="organisation") == [b, a]
    assert listed(theme="digitalisation") == []
    assert listed(status="active") == [a]
    assert listed(status="expired") == [b]
    assert listed(q="calipers") == [a]
    assert listed(q="Alzette titanium") == [b]
    assert len(listed(direction="sideways", sort="nonsense", status="x")) == 2


def test_the_listing_list_answers_htmx_with_its_results_only(
    client_for: Any, request_a: Any
) -> None:
    response = client_for("expert").get(
        reverse("partnering:listing-list"), headers={"HX-Request": "true", "HX-Target": "results"}
    )
    assertContains(response, "Titanium brake prototypes")
    assertNotContains(response, '<nav class="navbar')


def test_the_listing_list_runs_a_fixed_number_of_queries(
    client_for: Any,
    organisation_a: Any,
    cluster_a: Any,
    manager_a: Any,
    contact_a: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for("manager_a")
    make_listing(organisation_a, cluster_a, manager_a, contact=contact_a)
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        client.get(reverse("partnering:listing-list"))
    for index in range(15):
        make_listing(organisation_a, cluster_a, manager_a, title=f"Offer {index}")
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        response = client.get(reverse("partnering:listing-list"))
    assert len(response.context["page"]) == 16


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("manager_b", 200), ("expert", 200), ("analyst", 403),
])  # fmt: skip
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_listing_list_exports_what_it_shows(
    client_for: Any, request_a: Any, offer_b: Any, role: str, status: int, fmt: str
) -> None:
    url = reverse("partnering:listing-export", args=[fmt])
    response = client_for(role).get(url, {"direction": "request"})
    assert response.status_code == status
    if status == 200 and fmt == "csv":
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        assert "Titanium brake prototypes" in text
        assert "Alzette" not in text
        assert text.splitlines()[0].startswith("Organisation,Offer or request,Category,Title")
    elif status == 200:
        assert response["Content-Disposition"].startswith('attachment; filename="partner-listings')


# --- a listing ------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status", "can_change"), [
    ("admin", 200, True), ("manager_a", 200, True), ("manager_b", 200, False),
    ("expert", 200, False), ("analyst", 404, False),
])  # fmt: skip
def test_a_listing_shows_its_proposed_counterparts_and_why(
    client_for: Any,
    request_a: Any,
    offer_b: Any,
    role: str,
    status: int,
    can_change: bool,
) -> None:
    response = client_for(role).get(detail(request_a))
    assert response.status_code == status
    if status != 200:
        return
    [row] = response.context["pairs"]
    assert row.other == offer_b
    assertContains(response, "3D printing of titanium parts")
    assertContains(response, "Shared keywords: titanium, 3D printing")
    assertContains(response, "Shared themes: Regional value chains")
    assert response.context["can_change"] is can_change
    edit = reverse("partnering:listing-edit", args=[request_a.uuid])
    assert (edit in response.content.decode()) is can_change


def test_an_offer_shows_the_requests_it_fits(client_for: Any, request_a: Any, offer_b: Any):
    response = client_for("manager_b").get(detail(offer_b))
    assertContains(response, "Requests this offer fits")
    assert [row.other for row in response.context["pairs"]] == [request_a]


def test_a_closed_listing_says_it_is_not_proposed(
    client_for: Any, request_a: Any, offer_b: Any
) -> None:
    PartnerListing.objects.filter(pk=request_a.pk).update(status="closed")
    response = client_for("expert").get(detail(request_a))
    assert response.context["pairs"] == []
    assertContains(response, "not proposed while it is paused, closed or expired")


def test_an_unknown_listing_is_not_found(client_for: Any) -> None:
    url = reverse("partnering:listing-detail", args=[uuid.uuid4()])
    assert client_for("admin").get(url).status_code == 404


# --- recording ------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("manager_a", 200), ("expert", 403), ("analyst", 403),
])  # fmt: skip
def test_the_new_listing_form_opens_for_admins_and_managers(
    client_for: Any, cluster_a: Any, role: str, status: int
) -> None:
    response = client_for(role).get(reverse("partnering:listing-create"))
    assert response.status_code == status


def test_the_form_opened_from_a_company_file_starts_with_its_organisation_and_cluster(
    client_for: Any, organisation_a: Any, cluster_a: Any, cluster_b: Any, contact_a: Any
) -> None:
    url = reverse("partnering:listing-create")
    response = client_for("manager_a").get(url, {"organisation": organisation_a.uuid})
    form = response.context["form"]
    assert form.chosen_organisation == organisation_a
    assert form.initial["cluster"] == cluster_a.pk
    assert list(form.fields["contact"].queryset) == [contact_a]
    assert list(form.fields["cluster"].queryset) == [cluster_a]  # the ones manager_a manages
    assertContains(response, "Schmit")


def test_a_manager_records_a_listing_of_an_organisation_of_another_cluster(
    client_for: Any, organisation_b: Any, contact_b: Any, cluster_a: Any, manager_a: Any
) -> None:
    data = form_data(cluster_a, organisation_b, contact=contact_b.pk)
    response = client_for("manager_a").post(reverse("partnering:listing-create"), data)
    listing = PartnerListing.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail(listing)
    assert (listing.organisation, listing.cluster, listing.contact) == (
        organisation_b,
        cluster_a,
        contact_b,
    )
    assert listing.keywords == ["energy audit", "ISO 50001"]
    assert listing.created_by == manager_a


@pytest.mark.parametrize(("change", "field"), [
    ({"title": ""}, "title"),
    ({"direction": "sideways"}, "direction"),
    ({"themes": ["space"]}, "themes"),
    ({"valid_until": "2001-01-01"}, "valid_until"),
    ({"keywords": ", ".join(f"k{index}" for index in range(21))}, "keywords"),
])  # fmt: skip
def test_bad_input_re_renders_the_form_with_the_error_on_its_field(
    client_for: Any, organisation_a: Any, cluster_a: Any, change: dict, field: str
) -> None:
    data = form_data(cluster_a, organisation_a, **change)
    response = client_for("manager_a").post(reverse("partnering:listing-create"), data)
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert not PartnerListing.objects.exists()


def test_a_manager_cannot_record_under_a_cluster_they_do_not_manage(
    client_for: Any, organisation_a: Any, cluster_a: Any, cluster_b: Any
) -> None:
    data = form_data(cluster_a, organisation_a)
    response = client_for("manager_b").post(reverse("partnering:listing-create"), data)
    assert response.status_code == 422
    assert "cluster" in response.context["form"].errors


def test_a_contact_of_another_organisation_is_refused(
    client_for: Any, organisation_a: Any, cluster_a: Any, contact_b: Any
) -> None:
    data = form_data(cluster_a, organisation_a, contact=contact_b.pk)
    response = client_for("manager_a").post(reverse("partnering:listing-create"), data)
    assert response.status_code == 422
    assert "contact" in response.context["form"].errors


def test_the_contact_choices_follow_the_chosen_organisation(
    client_for: Any, organisation_b: Any, contact_b: Any, cluster_a: Any
) -> None:
    url = reverse("partnering:contact-options")
    response = client_for("manager_a").get(url, {"organisation": organisation_b.uuid})
    assertContains(response, "Weber")
    assert client_for("expert").get(url).status_code == 403


# --- editing and closing --------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("manager_a", 200), ("manager_b", 403), ("expert", 403), ("analyst", 404),
])  # fmt: skip
def test_the_edit_form_opens_for_those_who_may_change_the_listing(
    client_for: Any, request_a: Any, role: str, status: int
) -> None:
    url = reverse("partnering:listing-edit", args=[request_a.uuid])
    assert client_for(role).get(url).status_code == status
    assert client_for(role).post(url, {}).status_code in {status, 422}


def test_editing_saves_the_changes(client_for: Any, request_a: Any, cluster_a: Any) -> None:
    url = reverse("partnering:listing-edit", args=[request_a.uuid])
    data = form_data(cluster_a, status="paused", version=request_a.version)
    response = client_for("manager_a").post(url, data)
    assert response.status_code == 302
    request_a.refresh_from_db()
    assert (request_a.title, request_a.status, request_a.version) == (
        "Energy audit of our sawmill",
        "paused",
        2,
    )


def test_editing_an_outdated_version_is_refused_and_says_why(
    client_for: Any, request_a: Any, cluster_a: Any
) -> None:
    url = reverse("partnering:listing-edit", args=[request_a.uuid])
    data = form_data(cluster_a, status="open", version=request_a.version)
    assert client_for("admin").post(url, data).status_code == 302
    response = client_for("manager_a").post(url, {**data, "title": "Mine"})
    assert response.status_code == 422
    assertContains(response, "Someone else changed this record", status_code=422)
    request_a.refresh_from_db()
    assert request_a.title == "Energy audit of our sawmill"


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("manager_a", 200), ("manager_b", 403), ("expert", 403), ("analyst", 404),
])  # fmt: skip
def test_closing_asks_first_then_closes(
    client_for: Any, request_a: Any, role: str, status: int
) -> None:
    url = reverse("partnering:listing-close", args=[request_a.uuid])
    client = client_for(role)
    assert client.get(url).status_code == status
    response = client.post(url, {"version": request_a.version})
    request_a.refresh_from_db()
    if status == 200:
        assert response.status_code == 302
        assert request_a.status == "closed"
    else:
        assert response.status_code == status
        assert request_a.status == "open"


def test_closing_an_outdated_version_is_a_conflict(client_for: Any, request_a: Any) -> None:
    url = reverse("partnering:listing-close", args=[request_a.uuid])
    response = client_for("manager_a").post(url, {"version": request_a.version + 1})
    assert response.status_code == 409
    request_a.refresh_from_db()
    assert request_a.status == "open"


# --- the company file -----------------------------------------------------------------------


@pytest.mark.parametrize(("role", "button"), [
    ("admin", True), ("manager_b", True), ("expert", False),
])  # fmt: skip
def test_the_company_file_lists_its_offers_and_requests(
    client_for: Any, request_a: Any, organisation_a: Any, cluster_b: Any, role: str, button: bool
) -> None:
    response = client_for(role).get(organisation_a.get_absolute_url())
    assertContains(response, "Offers and requests")
    assertContains(response, "Titanium brake prototypes made by 3D printing")
    add = f"{reverse('partnering:listing-create')}?organisation={organisation_a.uuid}"
    assert (add in response.content.decode()) is button


def test_the_company_file_panel_reads_the_listings_in_one_query(
    rf: Any, request_a: Any, organisation_a: Any, cluster_a: Any, manager_a: Any,
    django_assert_num_queries: Any,
) -> None:  # fmt: skip
    from clusterdesk.partnering.panels import listings_panel

    for index in range(10):
        make_listing(organisation_a, cluster_a, manager_a, title=f"Offer {index}")
    request = rf.get("/")
    request.user = manager_a
    manager_a._managed_cluster_ids = frozenset({cluster_a.pk})
    with django_assert_num_queries(1):
        data = listings_panel(request, organisation_a)
    assert data is not None
    assert data["count"] == 8
    assert data["more"]
