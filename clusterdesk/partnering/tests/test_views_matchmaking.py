"""The matchmaking page: the pairs proposed across the member base, per role.

Admins and experts see every pair; a manager sees the pairs of which at least one side
concerns their clusters (recorded under one, or of a current member of one); analysts see
none (403).
"""

from __future__ import annotations

from typing import Any

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from clusterdesk.organisations.tests.factories import (
    ClusterFactory,
    MembershipFactory,
    OrganisationFactory,
)
from clusterdesk.partnering.tests.conftest import make_listing

pytestmark = pytest.mark.django_db

QUERY_BOUND = 8
URL = "/partnering/matchmaking/"


@pytest.fixture
def cluster_c(db: Any) -> Any:
    return ClusterFactory(name="Wood", slug="wood", colour="brown")


@pytest.fixture
def wood_pair(cluster_c: Any) -> tuple[Any, Any]:
    """A request and an offer of two Wood members, recorded by an admin: no cast manager's."""
    sawmill = OrganisationFactory(legal_name="Wiltz Sawmill S.A.")
    engineers = OrganisationFactory(legal_name="Vianden Timber Engineering S.à r.l.")
    for organisation in (sawmill, engineers):
        MembershipFactory(organisation=organisation, cluster=cluster_c)
    request = make_listing(
        sawmill,
        cluster_c,
        category="service",
        direction="request",
        title="Structural engineering for a CLT building",
        themes=["sustainable_development"],
        keywords=["CLT"],
    )
    offer = make_listing(
        engineers,
        cluster_c,
        category="service",
        title="Timber structure engineering (CLT, glulam)",
        themes=[],
        keywords=["CLT", "glulam"],
    )
    return request, offer


def pairs_seen(client: Any, **params: str) -> list[tuple[str, str]]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return [(row.request.title, row.counterpart.title) for row in response.context["page"]]


TITANIUM = ("Titanium brake prototypes made by 3D printing", "3D printing of titanium parts")
WOOD = ("Structural engineering for a CLT building", "Timber structure engineering (CLT, glulam)")


@pytest.mark.parametrize(("role", "expected"), [
    ("admin", [TITANIUM, WOOD]),
    ("expert", [TITANIUM, WOOD]),
    ("manager_a", [TITANIUM]),
    ("manager_b", [TITANIUM]),
])  # fmt: skip
def test_each_role_sees_the_pairs_of_its_scope(
    client_for: Any, request_a: Any, offer_b: Any, wood_pair: Any, role: str, expected: list
) -> None:
    assert sorted(pairs_seen(client_for(role))) == sorted(expected)


def test_the_analyst_sees_no_pair(client_for: Any, request_a: Any, offer_b: Any) -> None:
    assert client_for("analyst").get(URL).status_code == 403
    assert client_for("analyst").get(f"{URL}export.csv").status_code == 403


def test_a_manager_sees_a_pair_of_a_member_of_their_cluster_recorded_elsewhere(
    client_for: Any, wood_pair: Any, cluster_a: Any
) -> None:
    request, _offer = wood_pair
    MembershipFactory(organisation=request.organisation, cluster=cluster_a)
    assert pairs_seen(client_for("manager_a")) == [WOOD]


def test_a_pair_shows_both_sides_and_why(client_for: Any, request_a: Any, offer_b: Any) -> None:
    response = client_for("manager_b").get(URL)
    assertContains(response, "Moselle Brake Technologies S.A.")
    assertContains(response, "Alzette Diagnostics S.à r.l.")
    assertContains(response, "Shared keywords: titanium, 3D printing")
    [row] = response.context["page"]
    assert 0 < row.score <= 1


def test_the_pairs_filter_by_their_url(
    client_for: Any, request_a: Any, offer_b: Any, wood_pair: Any
) -> None:
    client = client_for("expert")
    assert pairs_seen(client, category="service") == [WOOD]
    assert pairs_seen(client, cluster="healthtech") == [TITANIUM]
    assert pairs_seen(client, theme="sustainable_development") == [WOOD]
    assert pairs_seen(client, q="wiltz") == [WOOD]
    assert pairs_seen(client, q="moselle titanium") == [TITANIUM]
    assert sorted(pairs_seen(client, category="nonsense", sort="x")) == sorted([TITANIUM, WOOD])
    by_title = pairs_seen(client, sort="request")
    assert by_title == [WOOD, TITANIUM]
    assert pairs_seen(client, sort="-request") == [TITANIUM, WOOD]


def test_closed_and_paused_listings_are_not_paired(
    client_for: Any, request_a: Any, offer_b: Any, manager_b: Any
) -> None:
    from clusterdesk.partnering import services

    services.listing_update(
        actor=manager_b, listing=offer_b, data={"status": "paused"}, expected_version=None
    )
    assert pairs_seen(client_for("admin")) == []


def test_the_page_answers_htmx_with_its_results_only(
    client_for: Any, request_a: Any, offer_b: Any
) -> None:
    response = client_for("expert").get(URL, headers={"HX-Request": "true", "HX-Target": "results"})
    assertContains(response, "3D printing of titanium parts")
    assertNotContains(response, '<nav class="navbar')


def test_the_page_runs_a_fixed_number_of_queries(
    client_for: Any,
    organisation_a: Any,
    organisation_b: Any,
    cluster_a: Any,
    cluster_b: Any,
    manager_a: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for("manager_a")
    make_listing(organisation_a, cluster_a, manager_a, direction="request")
    with django_assert_max_num_queries(QUERY_BOUND):
        client.get(URL)
    for index in range(12):
        make_listing(organisation_b, cluster_b, title=f"Titanium printing line {index}")
        make_listing(organisation_a, cluster_a, direction="request", title=f"Titanium {index}")
    with django_assert_max_num_queries(QUERY_BOUND):
        response = client.get(URL)
    assert len(response.context["page"]) == 25  # 13 requests x 5 offers, a page of them


@pytest.mark.parametrize(("role", "status"), [
    ("admin", 200), ("manager_a", 200), ("expert", 200), ("analyst", 403),
])  # fmt: skip
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_pairs_export_with_the_page_filters(
    client_for: Any, request_a: Any, offer_b: Any, wood_pair: Any, role: str, status: int, fmt: str
) -> None:
    response = client_for(role).get(f"{URL}export.{fmt}", {"category": "technology"})
    assert response.status_code == status
    if status == 200 and fmt == "csv":
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        lines = text.splitlines()
        assert lines[0].startswith("Request,Requesting organisation,Request cluster,Proposed")
        assert len(lines) == 2
        assert "Shared keywords: titanium, 3D printing" in lines[1]
    elif status == 200:
        assert response["Content-Disposition"].startswith('attachment; filename="partner-pairs')


def test_an_unknown_export_format_is_not_found(client_for: Any) -> None:
    assert client_for("admin").get(f"{URL}export.pdf").status_code == 404
