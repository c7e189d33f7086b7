"""The bulk services: the same normalisation and field rules as the single-record ones,
one transaction, audit events and timelines."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from clusterdesk.core.audit import timeline
from clusterdesk.core.models import AuditEvent
from clusterdesk.organisations import bulk, services
from clusterdesk.organisations.models import (
    Affiliation,
    Contact,
    ExternalReference,
    Membership,
    NaceActivity,
    Organisation,
)

pytestmark = pytest.mark.django_db


def test_bulk_created_organisations_are_normalised_like_single_ones(admin: Any) -> None:
    data = {
        "legal_name": " Acme ",
        "postcode": "4362",
        "country": "LU",
        "vat_number": "lu 1234.5678",
        "headcount": 12,
    }
    single = services.organisation_create(actor=admin, data=data)
    [many] = services.organisation_bulk_create(
        actor=admin, rows=[{**data, "legal_name": "Beta"}], source="import #1"
    )
    assert (many.postcode, many.vat_number, many.size_class, many.owner) == (
        single.postcode,
        single.vat_number,
        single.size_class,
        admin,
    )
    assert Organisation.objects.get(pk=many.pk).postcode == "L-4362"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"legal_name": "A" * 201}, "legal_name"),
        ({"legal_name": "Acme", "website": "not a url"}, "website"),
        ({"legal_name": "Acme", "country": "ZZ"}, "country"),
        ({"legal_name": "Acme", "kind": "castle"}, "kind"),
        ({"legal_name": "Acme", "founding_year": 1200}, "founding_year"),
        ({"legal_name": ""}, "legal_name"),
    ],
)
def test_a_row_the_single_service_refuses_stops_the_bulk_service(
    admin: Any, data: dict, field: str
) -> None:
    with pytest.raises(ValidationError) as single:
        services.organisation_create(actor=admin, data=data)
    with pytest.raises(bulk.BulkRowError) as many:
        services.organisation_bulk_create(
            actor=admin, rows=[{"legal_name": "Fine"}, data], source="import #1"
        )
    assert field in single.value.message_dict
    assert many.value.message_dict[field] == single.value.message_dict[field]
    assert many.value.index == 1
    assert not Organisation.objects.filter(legal_name="Fine").exists()


def test_bulk_created_organisations_are_audited_with_their_source(admin: Any) -> None:
    organisations = services.organisation_bulk_create(
        actor=admin,
        rows=[
            {"legal_name": "Acme", "external_references": [("cordis", "1")]},
            {"legal_name": "Beta"},
        ],
        source="import #7",
    )
    event = timeline(organisations[0]).get()
    assert (event.actor, event.action, event.object_repr) == (admin, "create", "Acme")
    assert event.changes["source"] == [None, "import #7"]
    assert event.changes["legal_name"] == [None, "Acme"]
    assert ExternalReference.objects.get().organisation == organisations[0]


def test_external_references_attach_to_existing_organisations_with_an_audit_event(
    admin: Any, organisation_a: Any
) -> None:
    services.external_reference_bulk_create(
        actor=admin, references=[(organisation_a, "cordis", "42")], source="import #3"
    )
    event = timeline(organisation_a).first()
    assert event is not None
    assert event.changes == {
        "external_references": [None, "cordis:42"],
        "source": [None, "import #3"],
    }


def test_bulk_created_contacts_are_affiliated_and_on_both_timelines(
    admin: Any, organisation_a: Any
) -> None:
    [contact] = services.contact_bulk_create(
        actor=admin,
        rows=[
            {
                "first_name": "Marie",
                "last_name": "Weber",
                "email": "MARIE@example.lu",
                "organisation": organisation_a,
                "role": "CFO",
            }
        ],
        source="import #2",
    )
    assert Contact.objects.get(pk=contact.pk).email == "marie@example.lu"
    affiliation = Affiliation.objects.get(contact=contact)
    assert (affiliation.organisation, affiliation.role, affiliation.is_primary) == (
        organisation_a,
        "CFO",
        True,
    )
    affiliation_events = AuditEvent.objects.filter(
        object_type__model="affiliation", object_id=affiliation.pk
    )
    assert affiliation_events.count() == 1
    assert timeline(organisation_a).filter(pk=affiliation_events.get().pk).exists()
    assert timeline(contact).count() == 2


def test_bulk_created_organisations_get_their_activities_and_tags_audited_like_single_ones(
    admin: Any,
) -> None:
    activities = list(NaceActivity.objects.filter(code__in=["62.01", "28.11"]))
    data = {"nace_activities": activities, "tags": ["Hydrogen", "hydrogen ", "Robotics"]}
    single = services.organisation_create(actor=admin, data={"legal_name": "Acme", **data})
    [many] = services.organisation_bulk_create(
        actor=admin, rows=[{"legal_name": "Beta", **data}], source="import #1"
    )
    assert set(many.nace_activities.all()) == set(activities) == set(single.nace_activities.all())
    assert sorted(many.tags.values_list("name", flat=True)) == sorted(
        single.tags.values_list("name", flat=True)
    )
    single_event, many_event = timeline(single).get(), timeline(many).get()
    for field in ("nace_activities", "tags"):
        assert many_event.changes[field] == single_event.changes[field]


def test_bulk_memberships_are_audited_on_the_organisation_and_the_cluster(
    admin: Any, organisation_a: Any, cluster_b: Any
) -> None:
    created = services.membership_bulk_create(
        actor=admin,
        memberships=[
            Membership(
                organisation=organisation_a, cluster=cluster_b, since=datetime.date(2020, 1, 1)
            )
        ],
    )
    assert created == 1
    assert organisation_a.memberships.filter(cluster=cluster_b).exists()
    assert timeline(organisation_a).first().object_type.model == "membership"
    assert timeline(cluster_b).first().object_type.model == "membership"


def test_a_bulk_membership_ending_before_it_starts_writes_nothing(
    admin: Any, organisation_a: Any, cluster_b: Any
) -> None:
    fine = Membership(
        organisation=organisation_a, cluster=cluster_b, since=datetime.date(2020, 1, 1)
    )
    wrong = Membership(
        organisation=organisation_a,
        cluster=cluster_b,
        since=datetime.date(2020, 1, 1),
        until=datetime.date(2019, 1, 1),
    )
    count = Membership.objects.count()
    with pytest.raises(bulk.BulkRowError) as error:
        services.membership_bulk_create(actor=admin, memberships=[fine, wrong])
    assert error.value.index == 1
    assert "until" in error.value.message_dict
    assert Membership.objects.count() == count
