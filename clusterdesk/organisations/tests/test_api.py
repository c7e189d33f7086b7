"""The organisations part of the JSON API, as each member of the cast uses it with a token.

Rules under test, the same as the pages': a record the role may not see, or that does not
exist, is a 404; one it sees but may not change is a 403; a list the role may not open is
a 403; no credentials is a 401. Bad input is a 422 naming the field and saves nothing; a
stale `version` is a 409 with the current version and changes nothing.
"""

from __future__ import annotations

import datetime
import typing
import uuid
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone

from clusterdesk.accounts.services import api_token_create
from clusterdesk.core.models import AuditAction, AuditEvent
from clusterdesk.organisations import schemas, selectors, services
from clusterdesk.organisations.models import (
    Affiliation,
    Cluster,
    Contact,
    Membership,
    NaceActivity,
    Organisation,
)
from clusterdesk.organisations.tests.factories import (
    ClusterFactory,
    ContactFactory,
    MembershipFactory,
    OrganisationFactory,
)

API = "/api/v1"
# A list answers with at most this many queries, whatever its page size (authentication
# by token included).
LIST_QUERY_BOUND = 10


@pytest.fixture
def api_for(cast: dict) -> Any:
    """`api_for("manager_a")`: a client that sends a personal token of that cast member."""

    def make(role: str | None) -> Client:
        if role is None:
            return Client()
        _token, text = api_token_create(actor=None, user=cast[role], name="tests")
        return Client(headers={"Authorization": f"Bearer {text}"})

    return make


def post(client: Client, url: str, data: Any) -> Any:
    return client.post(url, data, content_type="application/json")


def patch(client: Client, url: str, data: Any) -> Any:
    return client.patch(url, data, content_type="application/json")


def error_fields(response: Any) -> set[str]:
    """The body fields a 422 names (the last item of each error's location)."""
    assert response.status_code == 422, response.content
    return {str(error["loc"][-1]) for error in response.json()["detail"]}


def names(response: Any, key: str = "legal_name") -> list[str]:
    assert response.status_code == 200, response.content
    return [item[key] for item in response.json()["results"]]


def events_of(record: Any) -> Any:
    return AuditEvent.objects.filter(
        object_type=ContentType.objects.get_for_model(record), object_id=record.pk
    )


def nace(*codes: str) -> list[NaceActivity]:
    return list(NaceActivity.objects.filter(code__in=codes).order_by("code"))


# --- organisations: the list ----------------------------------------------------------------


@pytest.fixture
def directory(organisation_a: Any, organisation_b: Any, manager_a: Any) -> dict[str, Any]:
    """Organisations that differ by one filter each (as on the list page's tests)."""
    services.organisation_update(
        actor=None,
        organisation=organisation_a,
        data={"nace_activities": nace("29.32")},
        expected_version=None,
    )
    services.organisation_update(
        actor=None,
        organisation=organisation_b,
        data={"nace_activities": nace("62.01"), "tags": ["Key member"]},
        expected_version=None,
    )
    return {
        "a": organisation_a,
        "b": organisation_b,
        "micro": OrganisationFactory(
            legal_name="Esch Microfab S.à r.l.", headcount=4, owner=manager_a, commune="Esch"
        ),
        "unknown": OrganisationFactory(
            legal_name="Nordstad Partners", headcount=None, status="partner", commune="Ettelbruck"
        ),
    }


def test_organisation_list_shows_clusters_nace_codes_and_tags(api_for: Any, directory: Any) -> None:
    response = api_for("expert").get(f"{API}/organisations")

    body = response.json()
    assert body["count"] == 4
    assert body["page"] == 1
    assert body["page_size"] == 25
    alzette = next(item for item in body["results"] if item["legal_name"].startswith("Alzette"))
    assert alzette["id"] == str(directory["b"].uuid)
    assert alzette["clusters"][0]["cluster"]["name"] == "HealthTech"
    assert alzette["nace_activities"] == [
        {"code": "62.01", "section": "J", "label": "Computer programming activities"}
    ]
    assert alzette["tags"] == [{"name": "Key member", "slug": "key-member"}]
    assert alzette["size_class"] == "small"
    assert alzette["version"] == directory["b"].version + 1


def test_nace_labels_follow_the_language_of_the_request(api_for: Any, directory: Any) -> None:
    response = api_for("expert").get(
        f"{API}/organisations", {"section": "J"}, headers={"Accept-Language": "fr"}
    )

    label = response.json()["results"][0]["nace_activities"][0]["label"]
    assert label == NaceActivity.objects.get(code="62.01").label_fr


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"cluster": "automobility"}, ["Moselle Brake Technologies S.A."]),
        ({"size": "micro"}, ["Esch Microfab S.à r.l."]),
        ({"size": "unknown"}, ["Nordstad Partners"]),
        ({"section": "J"}, ["Alzette Diagnostics S.à r.l."]),
        ({"status": "partner"}, ["Nordstad Partners"]),
        ({"tag": "key-member"}, ["Alzette Diagnostics S.à r.l."]),
        ({"owner": "me"}, ["Esch Microfab S.à r.l."]),
        ({"q": "B100001"}, ["Moselle Brake Technologies S.A."]),
        ({"q": "ettelbruck"}, ["Nordstad Partners"]),
        ({"cluster": "nonexistent"}, []),
        ({"cluster": "automobility", "size": "micro"}, []),
    ],
)
def test_organisation_list_takes_the_filters_of_the_list_page(
    api_for: Any, directory: Any, query: dict[str, str], expected: list[str]
) -> None:
    response = api_for("manager_a").get(f"{API}/organisations", query)

    assert names(response) == expected
    assert response.json()["count"] == len(expected)


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("-name", ["Nordstad Partners", "Moselle Brake", "Esch Microfab", "Alzette Diagnostics"]),
        ("size", ["Esch Microfab", "Alzette Diagnostics", "Moselle Brake", "Nordstad Partners"]),
        ("commune", ["Esch Microfab", "Nordstad Partners", "Alzette Diagnostics", "Moselle Brake"]),
    ],
)
def test_organisation_list_sorts_by_the_sort_keys_of_the_list_page(
    api_for: Any, directory: Any, ordering: str, expected: list[str]
) -> None:
    response = api_for("manager_a").get(f"{API}/organisations", {"ordering": ordering})

    assert [" ".join(name.split()[:2]) for name in names(response)] == expected


def test_the_api_offers_exactly_the_sort_keys_of_the_list_pages() -> None:
    assert set(typing.get_args(schemas.OrganisationOrdering)) == set(selectors.ORGANISATION_SORTS)
    assert set(typing.get_args(schemas.ContactOrdering)) == set(selectors.CONTACT_SORTS)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"size": "gigantic"}, "size"),
        ({"status": "friend"}, "status"),
        ({"section": "Z"}, "section"),
        ({"owner": "you"}, "owner"),
        ({"ordering": "turnover"}, "ordering"),
        ({"page": "0"}, "page"),
        ({"page_size": "201"}, "page_size"),
        ({"q": "nul\x00byte"}, "q"),
    ],
)
def test_an_invalid_list_parameter_is_a_422_naming_it(
    api_for: Any, directory: Any, query: dict[str, str], field: str
) -> None:
    response = api_for("manager_a").get(f"{API}/organisations", query)

    assert error_fields(response) == {field}
    assert response.json()["detail"][0]["loc"] == ["query", field]


def test_organisation_list_is_paginated(api_for: Any, admin: Any) -> None:
    for number in range(7):
        OrganisationFactory(legal_name=f"Paged {number:02d} S.A.")
    client = api_for("admin")

    first = client.get(f"{API}/organisations", {"page_size": 3})
    third = client.get(f"{API}/organisations", {"page_size": 3, "page": 3})
    beyond = client.get(f"{API}/organisations", {"page_size": 3, "page": 9})

    assert names(first) == ["Paged 00 S.A.", "Paged 01 S.A.", "Paged 02 S.A."]
    assert names(third) == ["Paged 06 S.A."]
    assert third.json() | {"results": []} == {
        "count": 7,
        "page": 3,
        "page_size": 3,
        "results": [],
    }
    assert names(beyond) == []
    assert beyond.json()["count"] == 7


def _add_listed_organisations(count: int, clusters: list[Any], owner: Any) -> None:
    activities = nace("29.32", "62.01")
    for number in range(count):
        organisation = OrganisationFactory(
            nace_activities=activities, tags=["Key member", f"Tag {number}"], owner=owner
        )
        for cluster in clusters:
            MembershipFactory(organisation=organisation, cluster=cluster)


def test_organisation_list_runs_a_fixed_number_of_queries_whatever_its_size(
    api_for: Any, manager_a: Any, cluster_a: Any, cluster_b: Any, django_assert_max_num_queries: Any
) -> None:
    client = api_for("manager_a")
    _add_listed_organisations(5, [cluster_a], manager_a)
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        small = client.get(f"{API}/organisations", {"page_size": 200})
    _add_listed_organisations(25, [cluster_a, cluster_b], manager_a)
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        large = client.get(f"{API}/organisations", {"page_size": 200})

    assert len(names(small)) == 5
    assert len(names(large)) == 30
    assert sum(len(item["clusters"]) == 2 for item in large.json()["results"]) == 25


def test_analyst_may_not_list_organisations(api_for: Any, directory: Any) -> None:
    response = api_for("analyst").get(f"{API}/organisations")

    assert response.status_code == 403
    assert "Moselle" not in response.content.decode()


def test_listing_without_credentials_is_a_401(api_for: Any, directory: Any) -> None:
    assert api_for(None).get(f"{API}/organisations").status_code == 401


# --- organisations: one record ----------------------------------------------------------------


def test_an_organisation_reads_with_its_current_memberships_only(
    api_for: Any, organisation_a: Any, cluster_b: Any
) -> None:
    MembershipFactory(
        organisation=organisation_a,
        cluster=cluster_b,
        since=datetime.date(2018, 1, 1),
        until=datetime.date(2019, 12, 31),
    )

    response = api_for("expert").get(f"{API}/organisations/{organisation_a.uuid}")

    body = response.json()
    assert response.status_code == 200
    assert body["legal_name"] == "Moselle Brake Technologies S.A."
    assert body["register_number"] == "B100001"
    assert [m["cluster"]["slug"] for m in body["clusters"]] == ["automobility"]
    assert body["clusters"][0]["membership_id"] == str(
        organisation_a.memberships.get(cluster__slug="automobility").uuid
    )


def test_a_missing_organisation_is_a_404(api_for: Any, organisation_a: Any) -> None:
    response = api_for("admin").get(f"{API}/organisations/{uuid.uuid4()}")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_an_analyst_gets_a_404_for_an_organisation(api_for: Any, organisation_a: Any) -> None:
    response = api_for("analyst").get(f"{API}/organisations/{organisation_a.uuid}")

    assert response.status_code == 404
    assert "Moselle" not in response.content.decode()


def test_a_malformed_id_is_a_422_naming_the_path_parameter(api_for: Any, db: Any) -> None:
    response = api_for("admin").get(f"{API}/organisations/not-a-uuid")

    assert response.json()["detail"][0]["loc"] == ["path", "organisation_id"]


# --- organisations: create ------------------------------------------------------------------


NEW_ORGANISATION = {
    "legal_name": "Kirchberg Robotics S.A.",
    "trade_name": "KiRo",
    "register_number": "b 300 003",
    "vat_number": "LU 3000 0300",
    "headcount": 12,
    "turnover": 1_500_000,
    "founding_year": 2015,
    "postcode": "2721",
    "commune": "Luxembourg",
    "website": "https://kiro.example.lu",
    "nace_codes": ["29.32", "62.01"],
    "tags": ["industry 4.0", "Industry 4.0 "],
}


def test_manager_creates_an_organisation_and_owns_it(api_for: Any, manager_a: Any) -> None:
    response = post(api_for("manager_a"), f"{API}/organisations", NEW_ORGANISATION)

    assert response.status_code == 201, response.content
    body = response.json()
    organisation = Organisation.objects.get(uuid=body["id"])
    assert organisation.owner == manager_a
    assert body["owner"] == {"username": "manager_a", "name": manager_a.get_full_name()}
    assert body["register_number"] == "B300003"
    assert body["vat_number"] == "LU30000300"
    assert body["postcode"] == "L-2721"
    assert body["size_class"] == "small"
    assert [a["code"] for a in body["nace_activities"]] == ["29.32", "62.01"]
    assert body["tags"] == [{"name": "industry 4.0", "slug": "industry-40"}]
    assert body["version"] == 1
    assert events_of(organisation).get(action=AuditAction.CREATE).actor == manager_a


def test_a_new_organisation_may_name_another_owner_or_none(api_for: Any, manager_b: Any) -> None:
    client = api_for("admin")

    given = post(client, f"{API}/organisations", {"legal_name": "A S.A.", "owner": "manager_b"})
    nobody = post(client, f"{API}/organisations", {"legal_name": "B S.A.", "owner": None})

    assert given.json()["owner"]["username"] == "manager_b"
    assert nobody.json()["owner"] is None


@pytest.mark.parametrize("owner", ["nobody", "expert"])
def test_an_owner_must_be_an_active_manager_or_admin(api_for: Any, expert: Any, owner: str) -> None:
    response = post(api_for("admin"), f"{API}/organisations", {"legal_name": "A", "owner": owner})

    assert error_fields(response) == {"owner"}
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"legal_name": ""}, "legal_name"),
        ({"legal_name": "   "}, "legal_name"),
        ({"legal_name": None}, "legal_name"),
        ({"kind": "pirate"}, "kind"),
        ({"country": "XX"}, "country"),
        ({"country": "lu"}, "country"),
        ({"headcount": -1}, "headcount"),
        ({"turnover": "a lot"}, "turnover"),
        ({"founding_year": 1700}, "founding_year"),
        ({"website": "not a url"}, "website"),
        ({"nace_codes": ["99.99"]}, "nace_codes"),
        ({"nace_codes": ["C"]}, "nace_codes"),
        ({"description": "nul\x00byte"}, "description"),
        ({"register_number": "B" * 41}, "register_number"),
    ],
)
def test_invalid_organisation_input_is_a_422_naming_the_field_and_saves_nothing(
    api_for: Any, admin: Any, change: dict[str, Any], field: str
) -> None:
    response = post(api_for("admin"), f"{API}/organisations", NEW_ORGANISATION | change)

    assert error_fields(response) == {field}
    assert response.json()["detail"][0]["loc"] == ["body", field]
    assert not Organisation.objects.exists()


def test_a_tag_whose_name_grows_when_normalised_is_saved(api_for: Any, admin: Any) -> None:
    """A ligature ("ﬀ") becomes "ff" in the slug, past the column's length: PostgreSQL
    refused it with a server error."""
    data = {"legal_name": "Ligature S.A.", "tags": ["\ufb00" * 60]}

    response = post(api_for("admin"), f"{API}/organisations", data)

    assert response.status_code == 201
    assert response.json()["tags"][0]["name"] == "\ufb00" * 60
    assert len(response.json()["tags"][0]["slug"]) == 70


def test_the_founding_year_may_not_be_in_the_future(api_for: Any, admin: Any) -> None:
    next_year = timezone.localdate().year + 1

    response = post(
        api_for("admin"), f"{API}/organisations", {"legal_name": "A", "founding_year": next_year}
    )

    assert error_fields(response) == {"founding_year"}


def test_a_body_that_is_not_json_is_a_400(api_for: Any, admin: Any) -> None:
    response = api_for("admin").post(
        f"{API}/organisations", "{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert not Organisation.objects.exists()


def test_a_likely_duplicate_is_a_422_listing_the_organisations_that_hold_the_number(
    api_for: Any, organisation_a: Any
) -> None:
    data = {"legal_name": "Moselle Brakes", "register_number": "b100001"}

    response = post(api_for("manager_a"), f"{API}/organisations", data)

    assert error_fields(response) == {"register_number"}
    assert "Moselle Brake Technologies S.A." in response.json()["detail"][0]["msg"]
    assert response.json()["duplicates"] == [
        {
            "id": str(organisation_a.uuid),
            "legal_name": "Moselle Brake Technologies S.A.",
            "register_number": "B100001",
            "vat_number": "",
        }
    ]
    assert Organisation.objects.count() == 1


def test_a_confirmed_distinct_organisation_is_created_despite_the_number(
    api_for: Any, organisation_a: Any
) -> None:
    data = {"legal_name": "Moselle Brakes", "register_number": "B100001", "confirm_distinct": True}

    response = post(api_for("manager_a"), f"{API}/organisations", data)

    assert response.status_code == 201
    assert Organisation.objects.filter(register_number="B100001").count() == 2


@pytest.mark.parametrize(("role", "status"), [("expert", 403), ("analyst", 403), (None, 401)])
def test_a_role_that_may_not_create_organisations_is_refused(
    api_for: Any, cast: Any, role: str | None, status: int
) -> None:
    response = post(api_for(role), f"{API}/organisations", NEW_ORGANISATION)

    assert response.status_code == status
    assert not Organisation.objects.exists()


# --- organisations: update and delete ---------------------------------------------------------


def test_manager_changes_only_the_fields_sent(api_for: Any, organisation_a: Any) -> None:
    url = f"{API}/organisations/{organisation_a.uuid}"
    version = organisation_a.version

    response = patch(api_for("manager_a"), url, {"version": version, "headcount": 60})

    body = response.json()
    assert response.status_code == 200
    assert body["headcount"] == 60
    assert body["size_class"] == "medium"
    assert body["legal_name"] == "Moselle Brake Technologies S.A."
    assert body["register_number"] == "B100001"
    assert body["version"] == version + 1
    event = events_of(organisation_a).latest("id")
    assert event.action == AuditAction.UPDATE
    assert event.changes["headcount"] == [25, 60]


def test_a_nullable_field_is_cleared_with_null(api_for: Any, organisation_a: Any) -> None:
    url = f"{API}/organisations/{organisation_a.uuid}"

    response = patch(
        api_for("manager_a"), url, {"version": organisation_a.version, "headcount": None}
    )

    assert response.json()["headcount"] is None
    assert response.json()["size_class"] is None


def test_a_stale_version_is_a_409_and_keeps_the_other_persons_change(
    api_for: Any, organisation_a: Any
) -> None:
    url = f"{API}/organisations/{organisation_a.uuid}"
    opened = organisation_a.version
    patch(api_for("admin"), url, {"version": opened, "commune": "Esch-sur-Alzette"})

    response = patch(api_for("manager_a"), url, {"version": opened, "commune": "Wiltz"})

    assert response.status_code == 409
    assert response.json()["current_version"] == opened + 1
    assert "Someone else changed this record" in response.json()["detail"]
    organisation_a.refresh_from_db()
    assert organisation_a.commune == "Esch-sur-Alzette"


@pytest.mark.parametrize("version", [None, 0, "one"])
def test_an_update_without_a_valid_version_is_a_422(
    api_for: Any, organisation_a: Any, version: Any
) -> None:
    data = {"commune": "Wiltz"} | ({} if version is None else {"version": version})

    response = patch(api_for("admin"), f"{API}/organisations/{organisation_a.uuid}", data)

    assert error_fields(response) == {"version"}
    organisation_a.refresh_from_db()
    assert organisation_a.commune == "Luxembourg"


def test_an_update_to_a_duplicate_number_is_refused_unless_confirmed(
    api_for: Any, organisation_a: Any, organisation_b: Any
) -> None:
    url = f"{API}/organisations/{organisation_b.uuid}"
    client = api_for("admin")

    refused = patch(client, url, {"version": organisation_b.version, "register_number": "B100001"})
    confirmed = patch(
        client,
        url,
        {"version": organisation_b.version, "register_number": "B100001", "confirm_distinct": True},
    )

    assert error_fields(refused) == {"register_number"}
    assert refused.json()["duplicates"][0]["id"] == str(organisation_a.uuid)
    assert confirmed.status_code == 200


@pytest.mark.parametrize(
    ("role", "status"), [("manager_b", 403), ("expert", 403), ("analyst", 404), (None, 401)]
)
def test_a_role_that_may_not_change_the_organisation_is_refused(
    api_for: Any, organisation_a: Any, role: str | None, status: int
) -> None:
    url = f"{API}/organisations/{organisation_a.uuid}"

    response = patch(api_for(role), url, {"version": organisation_a.version, "commune": "Wiltz"})

    assert response.status_code == status
    organisation_a.refresh_from_db()
    assert organisation_a.commune == "Luxembourg"


def test_updating_a_missing_organisation_is_a_404(api_for: Any, admin: Any) -> None:
    response = patch(api_for("admin"), f"{API}/organisations/{uuid.uuid4()}", {"version": 1})

    assert response.status_code == 404


def test_manager_deletes_an_organisation_of_their_cluster(
    api_for: Any, organisation_a: Any, contact_a: Any
) -> None:
    url = f"{API}/organisations/{organisation_a.uuid}"

    response = api_for("manager_a").delete(f"{url}?version={organisation_a.version}")

    assert response.status_code == 204
    assert response.content == b""
    assert not Organisation.objects.filter(pk=organisation_a.pk).exists()
    assert Contact.objects.filter(pk=contact_a.pk).exists()


def test_a_stale_delete_is_a_409_and_deletes_nothing(api_for: Any, organisation_a: Any) -> None:
    url = f"{API}/organisations/{organisation_a.uuid}"

    response = api_for("admin").delete(f"{url}?version={organisation_a.version - 1 or 99}")

    assert response.status_code == 409
    assert Organisation.objects.filter(pk=organisation_a.pk).exists()


def test_a_delete_without_a_version_is_a_422(api_for: Any, organisation_a: Any) -> None:
    response = api_for("admin").delete(f"{API}/organisations/{organisation_a.uuid}")

    assert response.json()["detail"][0]["loc"] == ["query", "version"]
    assert Organisation.objects.filter(pk=organisation_a.pk).exists()


def test_a_manager_may_not_delete_what_another_cluster_holds(
    api_for: Any, organisation_a: Any, cluster_b: Any
) -> None:
    MembershipFactory(organisation=organisation_a, cluster=cluster_b)
    organisation_a.refresh_from_db()
    url = f"{API}/organisations/{organisation_a.uuid}?version={organisation_a.version}"

    response = api_for("manager_a").delete(url)

    assert response.status_code == 403
    assert Organisation.objects.filter(pk=organisation_a.pk).exists()


# --- contacts -------------------------------------------------------------------------------


@pytest.fixture
def people(contact_a: Any, contact_b: Any, organisation_b: Any) -> dict[str, Any]:
    """Anne Schmit (AutoMobility, English), Luc Weber (HealthTech), Marie Muller (French,
    at Alzette Diagnostics)."""
    services.contact_update(
        actor=None, contact=contact_b, data={"job_title": "Chief engineer"}, expected_version=None
    )
    marie = ContactFactory(
        first_name="Marie", last_name="Muller", preferred_language="fr", organisation=organisation_b
    )
    return {"anne": contact_a, "luc": contact_b, "marie": marie}


def test_contact_list_shows_each_contacts_organisations(api_for: Any, people: Any) -> None:
    response = api_for("expert").get(f"{API}/contacts")

    anne = response.json()["results"][1]
    assert names(response, "last_name") == ["Muller", "Schmit", "Weber"]
    assert anne["affiliations"] == [
        {
            "organisation": {
                "id": str(people["anne"].organisations.get().uuid),
                "legal_name": "Moselle Brake Technologies S.A.",
            },
            "role": "CEO",
            "is_primary": True,
        }
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "engineer"}, ["Weber"]),
        ({"language": "fr"}, ["Muller"]),
        ({"cluster": "automobility"}, ["Schmit"]),
        ({"cluster": "healthtech"}, ["Muller", "Weber"]),
        ({"ordering": "-name"}, ["Weber", "Schmit", "Muller"]),
    ],
)
def test_contact_list_takes_the_filters_of_the_list_page(
    api_for: Any, people: Any, query: dict[str, str], expected: list[str]
) -> None:
    response = api_for("manager_a").get(f"{API}/contacts", query)

    assert names(response, "last_name") == expected


def test_contact_list_filters_by_organisation_id(
    api_for: Any, people: Any, organisation_b: Any
) -> None:
    response = api_for("manager_a").get(
        f"{API}/contacts", {"organisation": str(organisation_b.uuid)}
    )

    assert names(response, "last_name") == ["Muller", "Weber"]


@pytest.mark.parametrize(
    ("query", "field"),
    [({"language": "xx"}, "language"), ({"organisation": "nope"}, "organisation")],
)
def test_an_invalid_contact_filter_is_a_422(
    api_for: Any, people: Any, query: dict[str, str], field: str
) -> None:
    assert error_fields(api_for("manager_a").get(f"{API}/contacts", query)) == {field}


def test_contact_list_runs_a_fixed_number_of_queries_whatever_its_size(
    api_for: Any, organisation_a: Any, organisation_b: Any, django_assert_max_num_queries: Any
) -> None:
    client = api_for("expert")
    for _ in range(4):
        contact = ContactFactory(organisation=organisation_a)
        services.affiliation_create(actor=None, contact=contact, organisation=organisation_b)
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        small = client.get(f"{API}/contacts", {"page_size": 200})
    for _ in range(20):
        contact = ContactFactory(organisation=organisation_a)
        services.affiliation_create(actor=None, contact=contact, organisation=organisation_b)
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        large = client.get(f"{API}/contacts", {"page_size": 200})

    assert len(names(small, "id")) == 4
    assert len(names(large, "id")) == 24


def test_analyst_may_not_list_contacts(api_for: Any, people: Any) -> None:
    response = api_for("analyst").get(f"{API}/contacts")

    assert response.status_code == 403
    assert "Schmit" not in response.content.decode()


def test_manager_creates_a_contact_at_an_organisation(
    api_for: Any, manager_b: Any, organisation_a: Any
) -> None:
    data = {
        "first_name": "Paul",
        "last_name": "Hoffmann",
        "email": "Paul.Hoffmann@Example.LU",
        "preferred_language": "de",
        "organisation": str(organisation_a.uuid),
        "role": "CTO",
    }

    response = post(api_for("manager_b"), f"{API}/contacts", data)

    body = response.json()
    assert response.status_code == 201
    assert body["email"] == "paul.hoffmann@example.lu"
    assert body["affiliations"][0]["organisation"]["id"] == str(organisation_a.uuid)
    assert body["affiliations"][0]["role"] == "CTO"
    contact = Contact.objects.get(uuid=body["id"])
    assert events_of(contact).filter(actor=manager_b).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"organisation": None}, "organisation"),
        ({"organisation": str(uuid.UUID(int=1))}, "organisation"),
        ({"last_name": ""}, "last_name"),
        ({"email": "not an email"}, "email"),
        ({"preferred_language": "es"}, "preferred_language"),
    ],
)
def test_invalid_contact_input_is_a_422_naming_the_field_and_saves_nothing(
    api_for: Any, organisation_a: Any, change: dict[str, Any], field: str
) -> None:
    data = {"first_name": "Paul", "last_name": "Hoffmann", "organisation": str(organisation_a.uuid)}

    response = post(api_for("manager_a"), f"{API}/contacts", data | change)

    assert error_fields(response) == {field}
    assert not Contact.objects.exists()


def test_an_expert_may_not_create_contacts(api_for: Any, organisation_a: Any) -> None:
    data = {"first_name": "Paul", "last_name": "Hoffmann", "organisation": str(organisation_a.uuid)}

    assert post(api_for("expert"), f"{API}/contacts", data).status_code == 403
    assert not Contact.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("expert", 200), ("analyst", 404), (None, 401)])
def test_a_contact_reads_for_those_who_see_the_directory(
    api_for: Any, contact_a: Any, role: str | None, status: int
) -> None:
    response = api_for(role).get(f"{API}/contacts/{contact_a.uuid}")

    assert response.status_code == status


def test_a_missing_contact_is_a_404(api_for: Any, contact_a: Any) -> None:
    assert api_for("admin").get(f"{API}/contacts/{uuid.uuid4()}").status_code == 404


def test_manager_changes_a_contact_of_their_cluster(api_for: Any, contact_a: Any) -> None:
    url = f"{API}/contacts/{contact_a.uuid}"

    response = patch(api_for("manager_a"), url, {"version": contact_a.version, "phone": "+352 1"})

    assert response.json()["phone"] == "+352 1"
    assert response.json()["first_name"] == "Anne"


def test_a_stale_contact_change_is_a_409(api_for: Any, contact_a: Any) -> None:
    url = f"{API}/contacts/{contact_a.uuid}"
    patch(api_for("admin"), url, {"version": contact_a.version, "phone": "+352 1"})

    response = patch(api_for("manager_a"), url, {"version": contact_a.version, "phone": "+352 2"})

    assert response.status_code == 409
    contact_a.refresh_from_db()
    assert contact_a.phone == "+352 1"


@pytest.mark.parametrize(
    ("role", "status"), [("manager_b", 403), ("expert", 403), ("analyst", 404)]
)
def test_a_role_that_may_not_change_the_contact_is_refused(
    api_for: Any, contact_a: Any, role: str, status: int
) -> None:
    url = f"{API}/contacts/{contact_a.uuid}"

    response = patch(api_for(role), url, {"version": contact_a.version, "phone": "+352 1"})

    assert response.status_code == status
    contact_a.refresh_from_db()
    assert contact_a.phone == ""


def test_a_contact_change_with_a_blank_last_name_is_a_422(api_for: Any, contact_a: Any) -> None:
    url = f"{API}/contacts/{contact_a.uuid}"

    response = patch(api_for("admin"), url, {"version": contact_a.version, "last_name": " "})

    assert error_fields(response) == {"last_name"}


def test_manager_deletes_a_contact(api_for: Any, contact_a: Any) -> None:
    url = f"{API}/contacts/{contact_a.uuid}?version={contact_a.version}"

    assert api_for("manager_a").delete(url).status_code == 204
    assert not Contact.objects.filter(pk=contact_a.pk).exists()


def test_a_stale_contact_delete_is_a_409(api_for: Any, contact_a: Any) -> None:
    url = f"{API}/contacts/{contact_a.uuid}?version={contact_a.version + 1}"

    assert api_for("admin").delete(url).status_code == 409
    assert Contact.objects.filter(pk=contact_a.pk).exists()


def test_manager_links_a_contact_with_another_organisation(
    api_for: Any, contact_a: Any, organisation_b: Any
) -> None:
    data = {"organisation": str(organisation_b.uuid), "role": "Board member", "is_primary": True}

    response = post(api_for("manager_a"), f"{API}/contacts/{contact_a.uuid}/affiliations", data)

    assert response.status_code == 201
    affiliations = response.json()["affiliations"]
    assert [a["organisation"]["legal_name"] for a in affiliations if a["is_primary"]] == [
        "Alzette Diagnostics S.à r.l."
    ]
    assert len(affiliations) == 2


def test_a_second_link_to_the_same_organisation_is_a_422(
    api_for: Any, contact_a: Any, organisation_a: Any
) -> None:
    url = f"{API}/contacts/{contact_a.uuid}/affiliations"

    response = post(api_for("manager_a"), url, {"organisation": str(organisation_a.uuid)})

    assert error_fields(response) == {"organisation"}
    assert Affiliation.objects.filter(contact=contact_a).count() == 1


def test_manager_removes_a_link_and_both_records_stay(
    api_for: Any, contact_a: Any, organisation_a: Any
) -> None:
    url = f"{API}/contacts/{contact_a.uuid}/affiliations/{organisation_a.uuid}"

    response = api_for("manager_a").delete(url)

    assert response.status_code == 204
    assert not Affiliation.objects.filter(contact=contact_a).exists()
    assert Organisation.objects.filter(pk=organisation_a.pk).exists()


def test_removing_a_link_that_does_not_exist_is_a_404(
    api_for: Any, contact_a: Any, organisation_b: Any
) -> None:
    url = f"{API}/contacts/{contact_a.uuid}/affiliations/{organisation_b.uuid}"

    assert api_for("admin").delete(url).status_code == 404


def test_a_manager_of_another_cluster_may_not_link_or_unlink(
    api_for: Any, contact_a: Any, organisation_a: Any, organisation_b: Any
) -> None:
    client = api_for("manager_b")
    base = f"{API}/contacts/{contact_a.uuid}/affiliations"

    linked = post(client, base, {"organisation": str(organisation_b.uuid)})
    unlinked = client.delete(f"{base}/{organisation_a.uuid}")

    assert linked.status_code == 403
    assert unlinked.status_code == 403
    assert Affiliation.objects.filter(contact=contact_a).count() == 1


# --- clusters -------------------------------------------------------------------------------


def test_everyone_lists_clusters_with_their_member_counts(
    api_for: Any, organisation_a: Any, organisation_b: Any
) -> None:
    response = api_for("expert").get(f"{API}/clusters")

    assert [(c["name"], c["member_count"]) for c in response.json()["results"]] == [
        ("AutoMobility", 1),
        ("HealthTech", 1),
    ]
    assert response.json()["results"][0]["managers"][0]["username"] == "manager_a"


def test_an_analyst_lists_clusters_without_their_managers(
    api_for: Any, organisation_a: Any
) -> None:
    response = api_for("analyst").get(f"{API}/clusters")

    cluster = response.json()["results"][0]
    assert cluster["member_count"] == 1
    assert cluster["managers"] is None
    assert "manager_a" not in response.content.decode()


def test_a_manager_lists_only_their_clusters_on_request(
    api_for: Any, cluster_a: Any, cluster_b: Any
) -> None:
    response = api_for("manager_a").get(f"{API}/clusters", {"managed": "true"})

    assert names(response, "slug") == ["automobility"]


def test_cluster_list_runs_a_fixed_number_of_queries(
    api_for: Any, cluster_a: Any, manager_b: Any, django_assert_max_num_queries: Any
) -> None:
    client = api_for("admin")
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        client.get(f"{API}/clusters")
    for number in range(10):
        ClusterFactory(name=f"Cluster {number}").managers.add(manager_b)
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        response = client.get(f"{API}/clusters", {"page_size": 200})

    assert response.json()["count"] == 11


@pytest.mark.parametrize(("role", "status"), [("expert", 200), ("analyst", 404), (None, 401)])
def test_a_cluster_reads_for_those_who_see_the_directory(
    api_for: Any, organisation_a: Any, cluster_a: Any, role: str | None, status: int
) -> None:
    response = api_for(role).get(f"{API}/clusters/{cluster_a.uuid}")

    assert response.status_code == status
    if status == 200:
        assert response.json()["member_count"] == 1


def test_admin_creates_a_cluster_with_its_managers(api_for: Any, manager_a: Any) -> None:
    data = {"name": "Space Industries", "colour": "indigo", "managers": ["manager_a"]}

    response = post(api_for("admin"), f"{API}/clusters", data)

    body = response.json()
    assert response.status_code == 201
    assert body["slug"] == "space-industries"
    assert body["managers"] == [{"username": "manager_a", "name": manager_a.get_full_name()}]
    assert list(Cluster.objects.get(uuid=body["id"]).managers.all()) == [manager_a]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": "AutoMobility", "slug": "auto"}, "name"),
        ({"slug": "auto mobility"}, "slug"),
        ({"colour": "fuchsia"}, "colour"),
        ({"managers": ["nobody"]}, "managers"),
        ({"managers": ["expert"]}, "managers"),
    ],
)
def test_invalid_cluster_input_is_a_422_naming_the_field(
    api_for: Any, cluster_a: Any, expert: Any, change: dict[str, Any], field: str
) -> None:
    response = post(api_for("admin"), f"{API}/clusters", {"name": "Space"} | change)

    assert error_fields(response) == {field}
    assert Cluster.objects.count() == 1


def test_a_manager_may_not_create_a_cluster(api_for: Any, cluster_a: Any) -> None:
    assert post(api_for("manager_a"), f"{API}/clusters", {"name": "Space"}).status_code == 403
    assert Cluster.objects.count() == 1


def test_admin_renames_a_cluster_and_a_stale_rename_is_a_409(api_for: Any, cluster_a: Any) -> None:
    url = f"{API}/clusters/{cluster_a.uuid}"
    client = api_for("admin")

    renamed = patch(client, url, {"version": cluster_a.version, "name": "AutoMobility+"})
    stale = patch(client, url, {"version": cluster_a.version, "name": "Mobility"})

    assert renamed.json()["name"] == "AutoMobility+"
    assert renamed.json()["managers"][0]["username"] == "manager_a"
    assert stale.status_code == 409
    cluster_a.refresh_from_db()
    assert cluster_a.name == "AutoMobility+"


def test_a_manager_may_not_change_their_cluster(api_for: Any, cluster_a: Any) -> None:
    url = f"{API}/clusters/{cluster_a.uuid}"

    response = patch(api_for("manager_a"), url, {"version": cluster_a.version, "name": "Mine"})

    assert response.status_code == 403


def test_admin_deletes_a_cluster_that_never_had_members(api_for: Any, admin: Any) -> None:
    cluster = ClusterFactory(name="Mistake", slug="mistake")

    response = api_for("admin").delete(f"{API}/clusters/{cluster.uuid}?version={cluster.version}")

    assert response.status_code == 204
    assert not Cluster.objects.filter(pk=cluster.pk).exists()
    assert AuditEvent.objects.filter(object_repr="Mistake", action=AuditAction.DELETE).exists()


def test_a_cluster_with_a_membership_history_is_kept(
    api_for: Any, organisation_a: Any, cluster_a: Any
) -> None:
    url = f"{API}/clusters/{cluster_a.uuid}?version={cluster_a.version}"

    response = api_for("admin").delete(url)

    assert response.status_code == 422
    assert "cannot be deleted" in response.json()["detail"][0]["msg"]
    cluster_a.refresh_from_db()
    assert cluster_a.version == 1


def test_a_manager_may_not_delete_a_cluster(api_for: Any, cluster_a: Any) -> None:
    url = f"{API}/clusters/{cluster_a.uuid}?version={cluster_a.version}"

    assert api_for("manager_a").delete(url).status_code == 403


# --- memberships ----------------------------------------------------------------------------


def test_membership_list_filters_by_organisation_cluster_and_currency(
    api_for: Any, organisation_a: Any, organisation_b: Any, cluster_b: Any
) -> None:
    MembershipFactory(
        organisation=organisation_a,
        cluster=cluster_b,
        since=datetime.date(2018, 1, 1),
        until=datetime.date(2019, 12, 31),
    )
    client = api_for("expert")

    def listed(**query: str) -> list[tuple[str, str]]:
        results = client.get(f"{API}/memberships", query).json()["results"]
        return [(m["organisation"]["legal_name"][:7], m["cluster"]["slug"]) for m in results]

    assert listed() == [
        ("Moselle", "automobility"),
        ("Alzette", "healthtech"),
        ("Moselle", "healthtech"),
    ]
    assert listed(organisation=str(organisation_a.uuid)) == [
        ("Moselle", "automobility"),
        ("Moselle", "healthtech"),
    ]
    assert listed(cluster="healthtech", current="true") == [("Alzette", "healthtech")]
    assert listed(current="false") == [("Moselle", "healthtech")]


def test_membership_list_runs_a_fixed_number_of_queries(
    api_for: Any, cluster_a: Any, cluster_b: Any, manager_a: Any, django_assert_max_num_queries: Any
) -> None:
    client = api_for("expert")
    _add_listed_organisations(3, [cluster_a], manager_a)
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        client.get(f"{API}/memberships", {"page_size": 200})
    _add_listed_organisations(15, [cluster_a, cluster_b], manager_a)
    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        response = client.get(f"{API}/memberships", {"page_size": 200})

    assert response.json()["count"] == 33


def test_analyst_may_not_list_memberships(api_for: Any, organisation_a: Any) -> None:
    assert api_for("analyst").get(f"{API}/memberships").status_code == 403


def test_manager_adds_an_organisation_to_their_cluster(
    api_for: Any, organisation_b: Any, cluster_a: Any, manager_a: Any
) -> None:
    data = {"organisation": str(organisation_b.uuid), "cluster": str(cluster_a.uuid)}

    response = post(api_for("manager_a"), f"{API}/memberships", data)

    body = response.json()
    assert response.status_code == 201
    assert body["cluster"]["slug"] == "automobility"
    assert body["since"] == timezone.localdate().isoformat()
    assert body["is_current"] is True
    membership = Membership.objects.get(uuid=body["id"])
    assert events_of(membership).filter(actor=manager_a).exists()


@pytest.mark.parametrize(
    ("role", "status"), [("manager_b", 403), ("expert", 403), ("analyst", 403)]
)
def test_only_the_clusters_managers_add_its_members(
    api_for: Any, organisation_b: Any, cluster_a: Any, role: str, status: int
) -> None:
    data = {"organisation": str(organisation_b.uuid), "cluster": str(cluster_a.uuid)}

    response = post(api_for(role), f"{API}/memberships", data)

    assert response.status_code == status
    assert not Membership.objects.filter(organisation=organisation_b, cluster=cluster_a).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"cluster": str(uuid.UUID(int=1))}, "cluster"),
        ({"organisation": str(uuid.UUID(int=1))}, "organisation"),
        ({"since": "2024-05-01", "until": "2024-04-30"}, "until"),
        ({"type": "honorary"}, "type"),
        ({"since": "yesterday"}, "since"),
    ],
)
def test_invalid_membership_input_is_a_422_naming_the_field(
    api_for: Any, organisation_b: Any, cluster_a: Any, change: dict[str, Any], field: str
) -> None:
    data = {"organisation": str(organisation_b.uuid), "cluster": str(cluster_a.uuid)}

    response = post(api_for("manager_a"), f"{API}/memberships", data | change)

    assert error_fields(response) == {field}
    assert (
        not Membership.objects.filter(organisation=organisation_b)
        .exclude(cluster__slug="healthtech")
        .exists()
    )


def test_a_second_open_membership_of_the_same_cluster_is_a_422(
    api_for: Any, organisation_a: Any, cluster_a: Any
) -> None:
    data = {"organisation": str(organisation_a.uuid), "cluster": str(cluster_a.uuid)}

    response = post(api_for("manager_a"), f"{API}/memberships", data)

    assert error_fields(response) == {"cluster"}
    assert "already a member" in response.json()["detail"][0]["msg"]


def test_manager_ends_a_membership_and_the_organisation_becomes_a_former_member(
    api_for: Any, organisation_a: Any
) -> None:
    membership = services.membership_update(
        actor=None,
        membership=organisation_a.memberships.get(),
        data={"since": datetime.date(2020, 1, 1)},
        expected_version=None,
    )
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    response = patch(
        api_for("manager_a"),
        f"{API}/memberships/{membership.uuid}",
        {"version": membership.version, "until": yesterday.isoformat()},
    )

    assert response.status_code == 200
    assert response.json()["is_current"] is False
    organisation_a.refresh_from_db()
    assert organisation_a.status == "former_member"


def test_an_end_before_the_start_is_a_422(api_for: Any, organisation_a: Any) -> None:
    membership = organisation_a.memberships.get()
    before = (membership.since - datetime.timedelta(days=1)).isoformat()

    response = patch(
        api_for("manager_a"),
        f"{API}/memberships/{membership.uuid}",
        {"version": membership.version, "until": before},
    )

    assert error_fields(response) == {"until"}
    membership.refresh_from_db()
    assert membership.until is None


def test_a_stale_membership_change_is_a_409(api_for: Any, organisation_a: Any) -> None:
    membership = organisation_a.memberships.get()
    url = f"{API}/memberships/{membership.uuid}"
    patch(api_for("admin"), url, {"version": membership.version, "type": "board"})

    response = patch(
        api_for("manager_a"), url, {"version": membership.version, "type": "associate"}
    )

    assert response.status_code == 409
    membership.refresh_from_db()
    assert membership.type == "board"


@pytest.mark.parametrize(
    ("role", "status"), [("manager_b", 403), ("expert", 403), ("analyst", 404), (None, 401)]
)
def test_a_role_that_may_not_change_the_membership_is_refused(
    api_for: Any, organisation_a: Any, role: str | None, status: int
) -> None:
    membership = organisation_a.memberships.get()
    client = api_for(role)
    url = f"{API}/memberships/{membership.uuid}"

    changed = patch(client, url, {"version": membership.version, "type": "board"})
    deleted = client.delete(f"{url}?version={membership.version}")

    assert changed.status_code == status
    assert deleted.status_code == status
    membership.refresh_from_db()
    assert membership.type == "member"


def test_a_membership_reads_with_its_organisation_and_cluster(
    api_for: Any, organisation_a: Any
) -> None:
    membership = organisation_a.memberships.get()

    body = api_for("expert").get(f"{API}/memberships/{membership.uuid}").json()

    assert body["organisation"]["id"] == str(organisation_a.uuid)
    assert body["cluster"]["slug"] == "automobility"
    assert body["version"] == membership.version


def test_a_missing_membership_is_a_404(api_for: Any, organisation_a: Any) -> None:
    assert api_for("admin").get(f"{API}/memberships/{uuid.uuid4()}").status_code == 404


def test_manager_removes_a_membership_entered_by_mistake(api_for: Any, organisation_a: Any) -> None:
    membership = organisation_a.memberships.get()
    url = f"{API}/memberships/{membership.uuid}?version={membership.version}"

    response = api_for("manager_a").delete(url)

    assert response.status_code == 204
    assert not Membership.objects.filter(pk=membership.pk).exists()
