"""Partner listings in the JSON API, as each member of the cast uses it with a token.

The same rules as the pages: a listing the role may not see, or that does not exist, is a
404; one it sees but may not change is a 403; a list or creation the role may not do is a
403; no credentials is a 401. Bad input is a 422 naming the field; a stale `version` is a
409.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from clusterdesk.partnering.models import PartnerListing
from clusterdesk.partnering.tests.conftest import API, error_fields, make_listing, patch, post

pytestmark = pytest.mark.django_db

LIST_QUERY_BOUND = 10
LISTINGS = f"{API}/partner-listings"


def url(listing: PartnerListing, tail: str = "") -> str:
    return f"{LISTINGS}/{listing.uuid}{tail}"


def body(organisation: Any, cluster: Any, **values: Any) -> dict[str, Any]:
    return {
        "organisation": str(organisation.uuid),
        "cluster": str(cluster.uuid),
        "direction": "offer",
        "category": "service",
        "title": "Energy audits and ISO 50001 support",
        "themes": ["sustainable_development"],
        "keywords": ["energy audit", "ISO 50001"],
        **values,
    }


# --- list and read ----------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("manager_b", 200), ("expert", 200), ("analyst", 403), (None, 401),
])  # fmt: skip
def test_the_listing_list_answers_every_role_but_the_analyst(
    api_for: Any, request_a: Any, role: str | None, status: int
) -> None:
    response = api_for(role).get(LISTINGS)
    assert response.status_code == status
    if status == 200:
        [listing] = response.json()["results"]
        assert listing["title"] == "Titanium brake prototypes made by 3D printing"
        assert listing["organisation"]["legal_name"] == "Moselle Brake Technologies S.A."
        assert listing["cluster"]["slug"] == "automobility"
        assert listing["direction"] == "request"
        assert listing["keywords"] == ["titanium", "3D printing"]
        assert listing["active"] is True
        assert listing["created_by"]["username"] == "manager_a"


def test_the_listing_list_filters_like_its_page(
    api_for: Any, request_a: Any, offer_b: Any, organisation_a: Any
) -> None:
    client = api_for("expert")

    def titles(**params: str) -> list[str]:
        response = client.get(LISTINGS, params)
        assert response.status_code == 200, response.content
        return [listing["title"] for listing in response.json()["results"]]

    assert titles(direction="offer") == ["3D printing of titanium parts"]
    assert titles(cluster="automobility") == ["Titanium brake prototypes made by 3D printing"]
    assert titles(organisation=str(organisation_a.uuid)) == [request_a.title]
    assert titles(status="active", ordering="title") == [offer_b.title, request_a.title]
    assert titles(q="calipers") == [request_a.title]
    assert error_fields(client.get(LISTINGS, {"status": "archived"})) == {"status"}


def test_the_listing_list_runs_a_fixed_number_of_queries(
    api_for: Any,
    organisation_a: Any,
    cluster_a: Any,
    manager_a: Any,
    contact_a: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = api_for("manager_a")
    make_listing(organisation_a, cluster_a, manager_a, contact=contact_a)
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        client.get(LISTINGS)
    for index in range(12):
        make_listing(organisation_a, cluster_a, manager_a, contact=contact_a, title=f"T{index}")
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        assert client.get(LISTINGS).json()["count"] == 13


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("manager_b", 200), ("expert", 200), ("analyst", 404),
])  # fmt: skip
def test_a_listing_is_read_by_every_role_but_the_analyst(
    api_for: Any, request_a: Any, role: str, status: int
) -> None:
    response = api_for(role).get(url(request_a))
    assert response.status_code == status
    if status == 200:
        assert response.json()["id"] == str(request_a.uuid)


def test_an_unknown_listing_is_not_found(api_for: Any) -> None:
    assert api_for("admin").get(f"{LISTINGS}/{uuid.uuid4()}").status_code == 404


# --- create -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 201), ("manager_a", 201), ("expert", 403), ("analyst", 403),
])  # fmt: skip
def test_admins_and_managers_record_listings(
    api_for: Any, organisation_b: Any, cluster_a: Any, contact_b: Any, role: str, status: int
) -> None:
    payload = body(organisation_b, cluster_a, contact=str(contact_b.uuid), valid_until=None)
    response = post(api_for(role), LISTINGS, payload)
    assert response.status_code == status, response.content
    if status == 201:
        created = response.json()
        assert created["organisation"]["legal_name"] == "Alzette Diagnostics S.à r.l."
        assert created["cluster"]["slug"] == "automobility"
        assert created["contact"]["name"] == "Luc Weber"
        assert created["status"] == "open"
        assert created["version"] == 1


@pytest.mark.parametrize(("change", "field"), [
    ({"title": ""}, "title"),
    ({"direction": "sideways"}, "direction"),
    ({"category": "money"}, "category"),
    ({"themes": ["space"]}, "themes"),
    ({"keywords": ["x" * 61]}, "keywords"),
    ({"keywords": [f"k{index}" for index in range(21)]}, "keywords"),
    ({"valid_until": "2001-01-01"}, "valid_until"),
    ({"organisation": str(uuid.uuid4())}, "organisation"),
    ({"contact": str(uuid.uuid4())}, "contact"),
    ({"title": "nul\x00"}, "title"),
])  # fmt: skip
def test_bad_input_is_a_422_naming_the_field(
    api_for: Any, organisation_a: Any, cluster_a: Any, change: dict, field: str
) -> None:
    payload = {**body(organisation_a, cluster_a), **change}
    assert error_fields(post(api_for("manager_a"), LISTINGS, payload)) == {field}
    assert not PartnerListing.objects.exists()


def test_a_manager_records_only_under_their_own_clusters(
    api_for: Any, organisation_a: Any, cluster_a: Any, cluster_b: Any, contact_b: Any
) -> None:
    client = api_for("manager_a")
    assert error_fields(post(client, LISTINGS, body(organisation_a, cluster_b))) == {"cluster"}
    wrong_contact = body(organisation_a, cluster_a, contact=str(contact_b.uuid))
    assert error_fields(post(client, LISTINGS, wrong_contact)) == {"contact"}


# --- change, close, delete --------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("manager_a", 200), ("manager_b", 403), ("expert", 403), ("analyst", 404),
])  # fmt: skip
def test_a_listing_is_changed_by_those_who_may(
    api_for: Any, request_a: Any, role: str, status: int
) -> None:
    payload = {"version": 1, "status": "paused", "keywords": ["titanium"], "valid_until": None}
    response = patch(api_for(role), url(request_a), payload)
    assert response.status_code == status, response.content
    if status == 200:
        changed = response.json()
        assert (changed["status"], changed["keywords"], changed["version"]) == (
            "paused",
            ["titanium"],
            2,
        )
        assert changed["active"] is False


def test_a_change_sends_only_what_changes_and_null_clears_the_contact(
    api_for: Any, organisation_a: Any, cluster_a: Any, manager_a: Any, contact_a: Any
) -> None:
    listing = make_listing(organisation_a, cluster_a, manager_a, contact=contact_a)
    response = patch(api_for("manager_a"), url(listing), {"version": 1, "contact": None})
    assert response.json()["contact"] is None
    assert response.json()["title"] == listing.title


def test_a_stale_version_is_a_409_with_the_current_version(api_for: Any, request_a: Any) -> None:
    client = api_for("manager_a")
    assert patch(client, url(request_a), {"version": 1, "title": "First"}).status_code == 200
    response = patch(client, url(request_a), {"version": 1, "title": "Second"})
    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    request_a.refresh_from_db()
    assert request_a.title == "First"


def test_a_change_of_cluster_must_be_to_one_the_manager_manages(
    api_for: Any, request_a: Any, cluster_b: Any
) -> None:
    response = patch(
        api_for("manager_a"), url(request_a), {"version": 1, "cluster": str(cluster_b.uuid)}
    )
    assert error_fields(response) == {"cluster"}
    assert error_fields(patch(api_for("manager_a"), url(request_a), {"title": "x"})) == {"version"}


@pytest.mark.parametrize(("role", "status"), [
    ("manager_a", 200), ("manager_b", 403), ("expert", 403), ("analyst", 404),
])  # fmt: skip
def test_closing_a_listing(api_for: Any, request_a: Any, role: str, status: int) -> None:
    response = post(api_for(role), url(request_a, "/close"), {"version": 1})
    assert response.status_code == status
    if status == 200:
        assert response.json()["status"] == "closed"
    conflict = post(api_for("manager_a"), url(request_a, "/close"), {"version": 1})
    assert conflict.status_code == (409 if status == 200 else 200)


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 204), ("manager_a", 204), ("manager_b", 403), ("expert", 403), ("analyst", 404),
])  # fmt: skip
def test_deleting_a_listing(api_for: Any, request_a: Any, role: str, status: int) -> None:
    response = api_for(role).delete(f"{url(request_a)}?version=1")
    assert response.status_code == status
    assert PartnerListing.objects.exists() is (status != 204)


def test_deleting_a_stale_version_is_a_409(api_for: Any, request_a: Any) -> None:
    assert api_for("manager_a").delete(f"{url(request_a)}?version=7").status_code == 409
    assert api_for("manager_a").delete(url(request_a)).status_code == 422


# --- pairs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("manager_a", 200), ("manager_b", 200), ("expert", 200), ("analyst", 404),
    (None, 401),
])  # fmt: skip
def test_the_pairs_of_a_listing_say_why(
    api_for: Any, request_a: Any, offer_b: Any, role: str | None, status: int
) -> None:
    response = api_for(role).get(url(request_a, "/pairs"))
    assert response.status_code == status
    if status != 200:
        return
    [pair] = response.json()
    assert pair["listing"]["id"] == str(offer_b.uuid)
    assert pair["listing"]["organisation"]["legal_name"] == "Alzette Diagnostics S.à r.l."
    assert pair["listing"]["direction"] == "offer"
    assert pair["shared_keywords"] == ["titanium", "3D printing"]
    assert pair["shared_themes"] == ["regional_value_chains"]
    assert "Shared themes: Regional value chains" in pair["reasons"]
    assert 0 < pair["score"] <= 1


def test_the_pairs_of_an_offer_are_the_requests_it_fits_in_the_callers_language(
    api_for: Any, request_a: Any, offer_b: Any
) -> None:
    response = api_for("expert").get(url(offer_b, "/pairs"), headers={"Accept-Language": "fr"})
    [pair] = response.json()
    assert pair["listing"]["id"] == str(request_a.uuid)
    assert any("titanium" in reason for reason in pair["reasons"])


def test_the_pairs_limit_is_checked(api_for: Any, request_a: Any) -> None:
    response = api_for("admin").get(url(request_a, "/pairs"), {"limit": 0})
    assert response.status_code == 422
    assert api_for("admin").get(url(request_a, "/pairs"), {"limit": 2}).json() == []
