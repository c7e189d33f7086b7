"""Writing partner listings through the services: validation naming the field, audit on the
company file, search index, optimistic concurrency."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from clusterdesk.core import search
from clusterdesk.core.audit import timeline
from clusterdesk.core.concurrency import StaleVersionError
from clusterdesk.core.models import AuditAction
from clusterdesk.organisations.tests.factories import ContactFactory
from clusterdesk.partnering import services
from clusterdesk.partnering.models import PartnerListing
from clusterdesk.partnering.tests.conftest import make_listing

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def refused_field(error: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(error.value.message_dict)


def test_recording_a_listing_audits_it_on_the_company_file_and_indexes_it(
    organisation_a: Any, cluster_a: Any, manager_a: Any, contact_a: Any
) -> None:
    listing = make_listing(
        organisation_a,
        cluster_a,
        manager_a,
        contact=contact_a,
        keywords=" titanium , Titanium; 3D printing,, ",
        themes=["digitalisation", "regional_value_chains", "digitalisation"],
        valid_until=days(30),
    )
    assert listing.status == "open"
    assert listing.created_by == manager_a
    assert listing.keywords == ["titanium", "3D printing"]
    assert listing.themes == ["regional_value_chains", "digitalisation"]  # the fixed order
    [event] = timeline(organisation_a, kinds=["partnering.partnerlisting"])
    assert event.action == AuditAction.CREATE
    assert event.changes["title"] == [None, "3D printing of titanium parts"]
    found = search.Search(user=manager_a, query="titanium").groups()
    assert [group.provider.kind for group in found] == ["partner-listings"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"direction": "swap"}, "direction"),
        ({"category": "money"}, "category"),
        ({"status": "archived"}, "status"),
        ({"themes": ["space"]}, "themes"),
        ({"keywords": [f"word {index}" for index in range(21)]}, "keywords"),
        ({"keywords": ["x" * 61]}, "keywords"),
        ({"description": "x" * 10_001}, "description"),
        ({"valid_until": days(-1)}, "valid_until"),
        ({"valid_until": days(366 * 11)}, "valid_until"),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    organisation_a: Any, cluster_a: Any, manager_a: Any, data: dict, field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        make_listing(organisation_a, cluster_a, manager_a, **data)
    assert refused_field(error) == {field}
    assert not PartnerListing.objects.exists()


def test_a_listing_needs_an_organisation(cluster_a: Any, manager_a: Any) -> None:
    with pytest.raises(ValidationError) as error:
        make_listing(None, cluster_a, manager_a)
    assert refused_field(error) == {"organisation"}


def test_a_manager_records_listings_of_any_organisation_under_their_own_clusters_only(
    organisation_b: Any, cluster_a: Any, cluster_b: Any, manager_a: Any
) -> None:
    listing = make_listing(organisation_b, cluster_a, manager_a)
    assert (listing.organisation, listing.cluster) == (organisation_b, cluster_a)
    with pytest.raises(ValidationError) as error:
        make_listing(organisation_b, cluster_b, manager_a)
    assert refused_field(error) == {"cluster"}


def test_the_contact_must_be_one_of_the_organisation(
    organisation_a: Any, cluster_a: Any, manager_a: Any, contact_b: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        make_listing(organisation_a, cluster_a, manager_a, contact=contact_b)
    assert refused_field(error) == {"contact"}


def test_changing_a_listing_is_audited_and_a_stale_version_is_refused(
    request_a: PartnerListing, manager_a: Any, organisation_a: Any
) -> None:
    changed = services.listing_update(
        actor=manager_a,
        listing=request_a,
        data={"status": "paused", "keywords": ["titanium"]},
        expected_version=request_a.version,
    )
    assert (changed.status, changed.version) == ("paused", 2)
    event = timeline(changed).first()
    assert event is not None
    assert event.changes["status"] == ["open", "paused"]
    assert event.changes["keywords"] == [["titanium", "3D printing"], ["titanium"]]
    created = timeline(changed).last()
    assert created is not None
    assert created.changes["themes"] == [None, ["Regional value chains"]]
    with pytest.raises(StaleVersionError):
        services.listing_update(
            actor=manager_a, listing=request_a, data={"title": "Old"}, expected_version=1
        )
    assert PartnerListing.objects.get(pk=request_a.pk).title == changed.title


def test_an_expired_listing_can_be_edited_without_changing_its_end_date(
    request_a: PartnerListing, manager_a: Any
) -> None:
    PartnerListing.objects.filter(pk=request_a.pk).update(valid_until=days(-10))
    changed = services.listing_update(
        actor=manager_a, listing=request_a, data={"title": "New title"}, expected_version=None
    )
    assert changed.valid_until == days(-10)
    with pytest.raises(ValidationError) as error:
        services.listing_update(
            actor=manager_a, listing=changed, data={"valid_until": days(-2)}, expected_version=None
        )
    assert refused_field(error) == {"valid_until"}


def test_a_listing_keeps_its_cluster_when_its_author_no_longer_manages_it(
    request_a: PartnerListing, manager_a: Any, cluster_a: Any, cluster_b: Any
) -> None:
    cluster_a.managers.remove(manager_a)
    manager_a._managed_cluster_ids = None
    changed = services.listing_update(
        actor=manager_a, listing=request_a, data={"title": "Kept"}, expected_version=None
    )
    assert changed.cluster == cluster_a
    with pytest.raises(ValidationError) as error:
        services.listing_update(
            actor=manager_a, listing=changed, data={"cluster": cluster_b}, expected_version=None
        )
    assert refused_field(error) == {"cluster"}


def test_closing_keeps_the_listing_and_stops_proposing_it(
    request_a: PartnerListing, offer_b: PartnerListing, manager_b: Any
) -> None:
    assert request_a.is_active()
    closed = services.listing_close(
        actor=manager_b, listing=offer_b, expected_version=offer_b.version
    )
    assert closed.status == "closed"
    assert not closed.is_active()
    with pytest.raises(StaleVersionError):
        services.listing_close(actor=manager_b, listing=offer_b, expected_version=1)


def test_deleting_a_listing_removes_it_from_the_search_and_audits_it(
    offer_b: PartnerListing, manager_b: Any, organisation_b: Any
) -> None:
    services.listing_delete(actor=manager_b, listing=offer_b, expected_version=offer_b.version)
    assert not PartnerListing.objects.exists()
    assert search.Search(user=manager_b, query="titanium").groups() == []
    event = timeline(organisation_b).first()
    assert event is not None
    assert event.action == AuditAction.DELETE


def test_a_renamed_organisation_renames_its_listings_in_the_search(
    offer_b: PartnerListing, organisation_b: Any, expert: Any
) -> None:
    from clusterdesk.organisations import services as directory

    directory.organisation_update(
        actor=None,
        organisation=organisation_b,
        data={"legal_name": "Clervaux Implants S.A."},
        expected_version=None,
    )
    [group] = search.Search(user=expert, query="titanium").groups()
    assert group.hits[0].title.startswith("Clervaux Implants S.A. — ")


def test_a_contact_of_the_organisation_may_be_named_and_cleared(
    request_a: PartnerListing, organisation_a: Any, manager_a: Any
) -> None:
    contact = ContactFactory(first_name="Nora", last_name="Wagner", organisation=organisation_a)
    changed = services.listing_update(
        actor=manager_a, listing=request_a, data={"contact": contact}, expected_version=None
    )
    assert changed.contact == contact
    cleared = services.listing_update(
        actor=manager_a, listing=changed, data={"contact": None}, expected_version=None
    )
    assert cleared.contact is None
