"""Who may see and change partner listings, per role of the cast."""

from __future__ import annotations

from typing import Any

import pytest

from clusterdesk.core import permissions
from clusterdesk.core.permissions import Action
from clusterdesk.partnering import permissions as rules
from clusterdesk.partnering.models import PartnerListing
from clusterdesk.partnering.tests.conftest import make_listing

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("role", "view", "change"), [
    ("admin", True, True),
    ("manager_a", True, True),  # recorded under cluster_a, which manager_a manages
    ("manager_b", True, False),
    ("expert", True, False),
    ("analyst", False, False),
])  # fmt: skip
def test_who_sees_and_changes_a_listing_of_cluster_a(
    cast: dict, request_a: PartnerListing, role: str, view: bool, change: bool
) -> None:
    user = cast[role]
    assert permissions.can(user, Action.VIEW, request_a) is view
    assert permissions.can(user, Action.CHANGE, request_a) is change
    assert permissions.can(user, Action.DELETE, request_a) is change
    visible = rules.visible_listings(user, PartnerListing.objects.all())
    assert list(visible) == ([request_a] if view else [])


@pytest.mark.parametrize(("role", "allowed"), [
    ("admin", True), ("manager_a", True), ("manager_b", True), ("expert", False),
    ("analyst", False),
])  # fmt: skip
def test_who_records_listings(cast: dict, cluster_a: Any, cluster_b: Any, role: str, allowed: bool):
    assert rules.can_create_listing(cast[role]) is allowed


def test_a_manager_without_a_cluster_records_no_listing(manager_a: Any) -> None:
    assert not rules.can_create_listing(manager_a)


def test_the_author_keeps_changing_a_listing_filed_under_another_cluster(
    organisation_a: Any, cluster_a: Any, cluster_b: Any, manager_a: Any, manager_b: Any
) -> None:
    listing = make_listing(organisation_a, cluster_b, manager_b)
    assert rules.can_change_listing(manager_b, listing)
    assert not rules.can_change_listing(manager_a, listing)
    cluster_b.managers.remove(manager_b)
    manager_b._managed_cluster_ids = None
    assert rules.can_change_listing(manager_b, listing)  # they recorded it


@pytest.mark.parametrize(("role", "every_pair"), [
    ("admin", True), ("manager_a", False), ("expert", True), ("analyst", False),
])  # fmt: skip
def test_admins_and_experts_see_every_pair_managers_those_of_their_clusters(
    cast: dict, cluster_a: Any, role: str, every_pair: bool
) -> None:
    assert rules.sees_every_pair(cast[role]) is every_pair
