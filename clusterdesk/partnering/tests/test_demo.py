"""The demo listings: about thirty offers and requests across the clusters, in three
languages, that pair across clusters; loading them again adds nothing."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.utils import timezone

from clusterdesk.organisations.demo import load_demo as load_directory
from clusterdesk.organisations.models import Organisation
from clusterdesk.partnering import selectors
from clusterdesk.partnering.demo import LISTINGS, load_demo
from clusterdesk.partnering.models import PartnerListing

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """The directory demo and the listings, loaded once for the module (and removed)."""
    with django_db_blocker.unblock():
        from django.contrib.auth import get_user_model
        from django.db import transaction

        with transaction.atomic():
            load_directory(password="demo", organisations=120, contacts=150, seed=7, journeys=False)
            users = {user.username: user for user in get_user_model().objects.all()}
            organisations = list(Organisation.objects.order_by("pk"))
            created = load_demo(organisations=organisations, users=users, rng=random.Random(7))
            yield {"created": created, "users": users, "organisations": organisations}
            transaction.set_rollback(True)


def test_the_demo_records_every_listing_across_the_clusters(demo: Any) -> None:
    assert demo["created"] == len(LISTINGS) >= 30
    listings = PartnerListing.objects.select_related("cluster", "organisation")
    assert {listing.cluster.slug for listing in listings} == {
        "automobility",
        "cleantech",
        "creative-industries",
        "healthtech",
        "materials-manufacturing",
        "wood",
    }
    assert set(listings.values_list("status", flat=True)) == {"open", "paused", "closed"}
    assert set(listings.values_list("direction", flat=True)) == {"offer", "request"}
    assert set(listings.values_list("category", flat=True)) == {
        "technology",
        "service",
        "partnership",
    }
    for listing in listings:
        assert listing.organisation.memberships.filter(cluster=listing.cluster).exists()
        assert listing.valid_until is None or listing.valid_until >= timezone.localdate()


def test_the_demo_listings_pair_across_clusters_and_languages(demo: Any) -> None:
    admin = demo["users"]["admin"]
    rows = selectors.pair_list(user=admin, filters=selectors.PairFilters())
    assert len(rows) >= 12
    assert all(row.request.organisation_id != row.counterpart.organisation_id for row in rows)
    pairs = {(row.request.title, row.counterpart.title) for row in rows}
    assert ("Titanium implant prototypes made by 3D printing", "3D printing of titanium parts") in (
        pairs
    )
    assert (
        "Impression 3D de pièces en titane pour prototypes de freins",
        "3D printing of titanium parts",
    ) in pairs
    assert ("Energieaudit für unser Sägewerk", "Energy audits and ISO 50001 support") in pairs
    hydrogen = {
        "Partner for a Horizon Europe hydrogen project",
        "Partenaire pour un projet Horizon Europe sur l'hydrogène",
    }
    assert any({row.request.title, row.counterpart.title} == hydrogen for row in rows)
    assert any(row.request.cluster_id != row.counterpart.cluster_id for row in rows)


def test_the_demo_manager_sees_the_pairs_of_their_clusters(demo: Any) -> None:
    manager = demo["users"]["manager"]
    every = selectors.pair_list(user=demo["users"]["expert"], filters=selectors.PairFilters())
    theirs = selectors.pair_list(user=manager, filters=selectors.PairFilters())
    assert 0 < len(theirs) < len(every)


def test_the_demo_is_loaded_once(demo: Any) -> None:
    again = load_demo(
        organisations=demo["organisations"], users=demo["users"], rng=random.Random(1)
    )
    assert again == 0
    assert PartnerListing.objects.count() == len(LISTINGS)
