"""Writes through the services: validation, audit records, versions, duplicates."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clusterdesk.core.audit import timeline
from clusterdesk.core.concurrency import StaleVersionError
from clusterdesk.core.models import AuditAction, AuditEvent
from clusterdesk.organisations import services
from clusterdesk.organisations.models import (
    Affiliation,
    Contact,
    Membership,
    NaceActivity,
    Organisation,
    RelationshipStatus,
)
from clusterdesk.organisations.tests.factories import (
    ClusterFactory,
    ContactFactory,
    MembershipFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


def test_creating_an_organisation_normalises_identifiers_and_computes_its_size(manager_a):
    organisation = services.organisation_create(
        actor=manager_a,
        data={
            "legal_name": "  Nordstad Timber S.à r.l. ",
            "register_number": "b 123 456",
            "vat_number": "lu 1234.5678",
            "postcode": "9001",
            "commune": "Ettelbruck",
            "country": "LU",
            "headcount": 42,
            "turnover": Decimal("8000000"),
            "nace_activities": [NaceActivity.objects.get(code="16.10")],
            "tags": ["Wood", "key member", "wood "],
        },
    )
    organisation.refresh_from_db()
    assert organisation.legal_name == "Nordstad Timber S.à r.l."
    assert organisation.register_number == "B123456"
    assert organisation.vat_number == "LU12345678"
    assert organisation.postcode == "L-9001"
    assert organisation.size_class == "small"
    assert organisation.owner == manager_a
    assert [a.code for a in organisation.nace_activities.all()] == ["16.10"]
    assert sorted(tag.name for tag in organisation.tags.all()) == ["Wood", "key member"]


def test_creating_an_organisation_records_who_created_it_and_every_value(manager_a):
    organisation = services.organisation_create(
        actor=manager_a, data={"legal_name": "Belval Sensor Works S.A.", "headcount": 8}
    )
    event = AuditEvent.objects.get(object_id=organisation.pk, action=AuditAction.CREATE)
    assert event.actor == manager_a
    assert event.changes["legal_name"] == [None, "Belval Sensor Works S.A."]
    assert event.changes["size_class"] == [None, "micro"]
    assert "trade_name" not in event.changes  # empty values are not noise in the log


def test_invalid_data_is_refused_with_the_field_and_nothing_is_saved(manager_a):
    with pytest.raises(ValidationError) as error:
        services.organisation_create(
            actor=manager_a,
            data={"legal_name": "", "headcount": -3, "website": "not a url"},
        )
    assert {"legal_name", "headcount", "website"} <= set(error.value.message_dict)
    assert not Organisation.objects.exists()
    assert not AuditEvent.objects.exists()


def test_an_update_records_old_and_new_values_and_bumps_the_version(manager_a, organisation_a):
    version = organisation_a.version
    updated = services.organisation_update(
        actor=manager_a,
        organisation=organisation_a,
        data={"headcount": 300, "commune": "Differdange"},
        expected_version=version,
    )
    assert updated.version == version + 1
    event = timeline(organisation_a).first()
    assert event.action == AuditAction.UPDATE
    assert event.actor == manager_a
    assert event.changes["headcount"] == [25, 300]
    assert event.changes["commune"] == ["Luxembourg", "Differdange"]
    assert event.changes["size_class"] == ["small", "large"]


def test_an_update_that_changes_nothing_writes_no_audit_event(manager_a, organisation_a):
    before = AuditEvent.objects.count()
    services.organisation_update(
        actor=manager_a,
        organisation=organisation_a,
        data={"legal_name": organisation_a.legal_name},
        expected_version=organisation_a.version,
    )
    assert AuditEvent.objects.count() == before


def test_a_stale_version_is_refused_and_the_other_persons_change_survives(
    manager_a, admin, organisation_a
):
    opened_version = organisation_a.version
    services.organisation_update(
        actor=admin,
        organisation=organisation_a,
        data={"description": "Written by the admin"},
        expected_version=opened_version,
    )
    with pytest.raises(StaleVersionError):
        services.organisation_update(
            actor=manager_a,
            organisation=organisation_a,
            data={"description": "Written by the manager"},
            expected_version=opened_version,
        )
    organisation_a.refresh_from_db()
    assert organisation_a.description == "Written by the admin"
    assert organisation_a.version == opened_version + 1


def test_a_register_number_already_used_is_flagged_as_a_likely_duplicate(manager_a):
    existing = OrganisationFactory(legal_name="Minett Coatings S.A.", register_number="B777777")
    with pytest.raises(services.DuplicateOrganisationError) as error:
        services.organisation_create(
            actor=manager_a,
            data={"legal_name": "Minett Coatings", "register_number": "b 777 777"},
        )
    assert error.value.duplicates == [existing]
    assert "register_number" in error.value.message_dict
    assert Organisation.objects.count() == 1


def test_a_confirmed_distinct_organisation_is_saved_despite_a_shared_vat_number(manager_a):
    OrganisationFactory(legal_name="Group Holding S.A.", vat_number="LU11111111")
    services.organisation_create(
        actor=manager_a,
        data={"legal_name": "Group Subsidiary S.A.", "vat_number": "LU11111111"},
        confirm_distinct=True,
    )
    assert Organisation.objects.filter(vat_number="LU11111111").count() == 2


def test_editing_an_organisation_does_not_flag_its_own_numbers(manager_a, organisation_a):
    services.organisation_update(
        actor=manager_a,
        organisation=organisation_a,
        data={"register_number": organisation_a.register_number, "trade_name": "Moselle Brakes"},
        expected_version=organisation_a.version,
    )
    organisation_a.refresh_from_db()
    assert organisation_a.trade_name == "Moselle Brakes"


def test_deleting_an_organisation_keeps_its_contacts_and_audits_everything(
    admin, organisation_a, contact_a
):
    membership_ids = list(organisation_a.memberships.values_list("pk", flat=True))
    services.organisation_delete(
        actor=admin, organisation=organisation_a, expected_version=organisation_a.version
    )
    assert not Organisation.objects.filter(pk=organisation_a.pk).exists()
    assert not Membership.objects.filter(pk__in=membership_ids).exists()
    assert Contact.objects.filter(pk=contact_a.pk).exists()
    deleted = AuditEvent.objects.filter(action=AuditAction.DELETE)
    assert {event.object_repr for event in deleted} >= {
        organisation_a.legal_name,
        f"{organisation_a.legal_name} — AutoMobility",
    }
    organisation_event = deleted.get(object_repr=organisation_a.legal_name)
    assert organisation_event.changes["legal_name"] == [organisation_a.legal_name, None]
    # the contact's timeline keeps the removed link
    assert timeline(contact_a).filter(action=AuditAction.DELETE).exists()


def test_deleting_with_a_stale_version_deletes_nothing(admin, organisation_a):
    with pytest.raises(StaleVersionError):
        services.organisation_delete(
            actor=admin, organisation=organisation_a, expected_version=organisation_a.version - 1
        )
    assert Organisation.objects.filter(pk=organisation_a.pk).exists()


def test_a_prospect_becomes_a_member_when_it_joins_a_cluster(manager_a, cluster_a):
    organisation = OrganisationFactory()
    assert organisation.status == RelationshipStatus.PROSPECT
    services.membership_create(
        actor=manager_a, organisation=organisation, data={"cluster": cluster_a}
    )
    organisation.refresh_from_db()
    assert organisation.status == RelationshipStatus.MEMBER
    assert timeline(organisation).filter(changes__has_key="status").exists()


def test_a_member_whose_last_membership_ends_becomes_a_former_member(manager_a, organisation_a):
    membership = organisation_a.memberships.get()
    today = membership.since
    services.membership_update(
        actor=manager_a,
        membership=membership,
        data={"since": today - timedelta(days=400), "until": today - timedelta(days=1)},
        expected_version=membership.version,
    )
    organisation_a.refresh_from_db()
    assert organisation_a.status == RelationshipStatus.FORMER_MEMBER


def test_a_partner_keeps_its_status_whatever_its_memberships(manager_a, cluster_a):
    organisation = OrganisationFactory(status=RelationshipStatus.PARTNER)
    MembershipFactory(organisation=organisation, cluster=cluster_a)
    organisation.refresh_from_db()
    assert organisation.status == RelationshipStatus.PARTNER


def test_an_organisation_has_one_open_membership_per_cluster(manager_a, organisation_a, cluster_a):
    with pytest.raises(ValidationError):
        services.membership_create(
            actor=manager_a, organisation=organisation_a, data={"cluster": cluster_a}
        )
    assert organisation_a.memberships.count() == 1


def test_one_organisation_can_belong_to_several_clusters(organisation_a, cluster_b, manager_b):
    services.membership_create(
        actor=manager_b, organisation=organisation_a, data={"cluster": cluster_b}
    )
    assert Organisation.objects.count() == 1
    assert organisation_a.memberships.count() == 2


def test_a_membership_cannot_end_before_it_starts(manager_a, organisation_a):
    membership = organisation_a.memberships.get()
    with pytest.raises(ValidationError):
        services.membership_update(
            actor=manager_a,
            membership=membership,
            data={"until": membership.since.replace(year=membership.since.year - 1)},
            expected_version=membership.version,
        )


def test_membership_changes_show_on_the_organisation_and_cluster_timelines(
    organisation_a, cluster_a
):
    membership_event = AuditEvent.objects.get(
        action=AuditAction.CREATE, object_repr=f"{organisation_a.legal_name} — AutoMobility"
    )
    assert membership_event in timeline(organisation_a)
    assert membership_event in timeline(cluster_a)


def test_a_contact_is_created_with_their_main_organisation_and_role(manager_a, organisation_a):
    contact = services.contact_create(
        actor=manager_a,
        data={"first_name": "Julie", "last_name": "Faber", "email": " Julie.Faber@Example.LU "},
        organisation=organisation_a,
        role="Head of R&D",
    )
    affiliation = Affiliation.objects.get(contact=contact)
    assert contact.email == "julie.faber@example.lu"
    assert affiliation.organisation == organisation_a
    assert affiliation.role == "Head of R&D"
    assert affiliation.is_primary
    link_event = timeline(organisation_a).filter(object_repr__startswith="Julie Faber").first()
    assert link_event is not None
    assert link_event in timeline(contact)


def test_linking_a_contact_twice_to_one_organisation_is_refused(manager_a, contact_a):
    organisation = contact_a.organisations.get()
    with pytest.raises(ValidationError):
        services.affiliation_create(actor=manager_a, contact=contact_a, organisation=organisation)


def test_a_new_main_organisation_replaces_the_previous_one(manager_a, contact_a, organisation_b):
    services.affiliation_create(
        actor=manager_a, contact=contact_a, organisation=organisation_b, is_primary=True
    )
    primary = contact_a.affiliations.get(is_primary=True)
    assert primary.organisation == organisation_b
    assert contact_a.affiliations.count() == 2


def test_removing_the_main_organisation_promotes_the_other_one(
    manager_a, contact_a, organisation_b
):
    services.affiliation_create(actor=manager_a, contact=contact_a, organisation=organisation_b)
    main = contact_a.affiliations.get(is_primary=True)
    services.affiliation_delete(actor=manager_a, affiliation=main)
    remaining = contact_a.affiliations.get()
    assert remaining.organisation == organisation_b
    assert remaining.is_primary


def test_a_contact_update_shows_on_their_organisations_timeline(manager_a, contact_a):
    services.contact_update(
        actor=manager_a,
        contact=contact_a,
        data={"job_title": "Managing Director"},
        expected_version=contact_a.version,
    )
    organisation = contact_a.organisations.get()
    event = timeline(organisation).filter(action=AuditAction.UPDATE).first()
    assert event is not None
    assert event.changes == {"job_title": ["", "Managing Director"]}


def test_a_stale_contact_edit_is_refused(manager_a, admin, contact_a):
    version = contact_a.version
    services.contact_update(
        actor=admin, contact=contact_a, data={"phone": "+352 621 000 000"}, expected_version=version
    )
    with pytest.raises(StaleVersionError):
        services.contact_update(
            actor=manager_a, contact=contact_a, data={"phone": "+352 1"}, expected_version=version
        )
    contact_a.refresh_from_db()
    assert contact_a.phone == "+352 621 000 000"


def test_deleting_a_contact_removes_their_links_and_audits_it(admin, contact_a):
    organisation = contact_a.organisations.get()
    services.contact_delete(actor=admin, contact=contact_a, expected_version=contact_a.version)
    assert not Contact.objects.filter(pk=contact_a.pk).exists()
    assert organisation.affiliations.count() == 0
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, object_repr="Anne Schmit").exists()


def test_a_cluster_gets_a_slug_from_its_name_and_its_managers_are_audited(admin, manager_a):
    cluster = services.cluster_create(
        actor=admin, data={"name": "Materials & Manufacturing", "managers": [manager_a]}
    )
    assert cluster.slug == "materials-manufacturing"
    event = timeline(cluster).get()
    assert event.changes["managers"] == [None, [str(manager_a)]]


def test_two_clusters_cannot_share_a_name(admin):
    ClusterFactory(name="Wood", slug="wood")
    with pytest.raises(ValidationError) as error:
        services.cluster_create(actor=admin, data={"name": "Wood", "slug": "wood-2"})
    assert "name" in error.value.message_dict


def test_contact_factory_goes_through_the_services(organisation_a):
    contact = ContactFactory(organisation=organisation_a)
    assert AuditEvent.objects.filter(object_id=contact.pk, action=AuditAction.CREATE).exists()
