"""Merging duplicate organisations and contacts (the services and the relation registry).

What a user relies on: after a merge the surviving record holds everything both records
held (every linked row is counted before and after), the values they chose, and the whole
history; clashing links are combined rather than duplicated or lost; a stale version or a
relation nobody knows how to move refuses the merge and changes nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from clusterdesk.core import merging, search
from clusterdesk.core.audit import timeline
from clusterdesk.core.concurrency import StaleVersionError
from clusterdesk.core.models import AuditAction, AuditEvent, MergedRecord
from clusterdesk.core.search.models import SearchDocument
from clusterdesk.organisations import merge, services
from clusterdesk.organisations.models import (
    Affiliation,
    Contact,
    ExternalReference,
    Membership,
    NaceActivity,
    Organisation,
)
from clusterdesk.organisations.tests.factories import (
    ContactFactory,
    MembershipFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.date(2015, 3, 1)
RECENTLY = datetime.date(2022, 9, 1)


def nace(*codes: str) -> list[NaceActivity]:
    return list(NaceActivity.objects.filter(code__in=codes))


def organisation_merge(survivor: Any, loser: Any, actor: Any = None, **choices: str) -> Any:
    survivor.refresh_from_db()
    loser.refresh_from_db()
    return merge.organisation_merge(
        actor=actor,
        survivor=survivor,
        loser=loser,
        choices=choices,
        survivor_version=survivor.version,
        loser_version=loser.version,
    )


@pytest.fixture
def duplicates(cluster_a: Any, cluster_b: Any, admin: Any) -> dict[str, Any]:
    """Two records of one company, each with its own contacts, memberships, references,
    tags and NACE codes, and one contact and one cluster they share."""
    survivor: Any = OrganisationFactory(
        legal_name="Nordstad Timber S.A.",
        register_number="B400004",
        tags=["wood", "key member"],
        nace_activities=nace("16.10", "16.23"),
    )
    loser: Any = OrganisationFactory(
        legal_name="Nordstad Timber SA",
        trade_name="NordTimber",
        vat_number="LU40000400",
        website="https://nordtimber.example.lu",
        tags=["wood", "construction"],
        nace_activities=nace("16.23", "43.32"),
    )
    MembershipFactory(organisation=survivor, cluster=cluster_a, since=RECENTLY)
    MembershipFactory(organisation=loser, cluster=cluster_a, since=LONG_AGO)
    MembershipFactory(organisation=loser, cluster=cluster_b, since=RECENTLY)
    shared = ContactFactory(first_name="Claire", last_name="Hoffmann", organisation=survivor)
    services.affiliation_create(actor=admin, contact=shared, organisation=loser, role="CFO")
    ContactFactory(first_name="Marc", last_name="Reuter", organisation=loser, role="CTO")
    ContactFactory(first_name="Sofia", last_name="Lopes", organisation=survivor, role="CEO")
    ExternalReference.objects.create(organisation=survivor, source="cordis", value="999001")
    ExternalReference.objects.create(organisation=loser, source="cordis", value="999002")
    ExternalReference.objects.create(organisation=loser, source="lbr", value="B400004")
    return {"survivor": survivor, "loser": loser, "shared": shared}


def linked_rows(*organisations: Any) -> dict[str, int]:
    ids = [organisation.pk for organisation in organisations]
    return {
        "affiliations": Affiliation.objects.filter(organisation__in=ids).count(),
        "contacts with a link": Contact.objects.filter(affiliations__organisation__in=ids)
        .distinct()
        .count(),
        "memberships": Membership.objects.filter(organisation__in=ids).count(),
        "external references": ExternalReference.objects.filter(organisation__in=ids).count(),
        "tags": Organisation.tags.through.objects.filter(organisation__in=ids)
        .values("tag")
        .distinct()
        .count(),
        "NACE codes": Organisation.nace_activities.through.objects.filter(organisation__in=ids)
        .values("naceactivity")
        .distinct()
        .count(),
    }


# --- organisations ---------------------------------------------------------------------------


def test_merging_moves_every_linked_record_to_the_survivor_and_loses_nothing(duplicates):
    survivor, loser = duplicates["survivor"], duplicates["loser"]
    before = linked_rows(survivor, loser)
    contacts_before = Contact.objects.count()

    organisation_merge(survivor, loser)

    after = linked_rows(survivor)
    assert not Organisation.objects.filter(pk=loser.pk).exists()
    assert Contact.objects.count() == contacts_before
    assert after["contacts with a link"] == before["contacts with a link"] == 3
    # One contact linked to both keeps one link; two open AutoMobility memberships become one.
    assert after["affiliations"] == before["affiliations"] - 1
    assert after["memberships"] == before["memberships"] - 1
    assert after["external references"] == before["external references"] == 3
    assert after["tags"] == before["tags"] == 3
    assert after["NACE codes"] == before["NACE codes"] == 3


def test_the_survivor_keeps_the_values_chosen_field_by_field(duplicates):
    survivor, loser = duplicates["survivor"], duplicates["loser"]

    result = organisation_merge(
        survivor, loser, trade_name="loser", vat_number="loser", legal_name="survivor"
    )

    merged = Organisation.objects.get(pk=survivor.pk)
    assert merged.legal_name == "Nordstad Timber S.A."
    assert merged.trade_name == "NordTimber"
    assert merged.vat_number == "LU40000400"
    assert merged.website == ""  # not chosen: the survivor's (empty) value stays
    assert result.survivor.pk == survivor.pk


def test_two_open_memberships_of_one_cluster_become_the_one_that_started_first(
    duplicates, cluster_a
):
    survivor, loser = duplicates["survivor"], duplicates["loser"]
    earliest = Membership.objects.get(organisation=loser, cluster=cluster_a)

    result = organisation_merge(survivor, loser)

    open_memberships = Membership.objects.filter(
        organisation=survivor, cluster=cluster_a, until__isnull=True
    )
    assert [m.pk for m in open_memberships] == [earliest.pk]
    assert open_memberships[0].since == LONG_AGO
    assert result.report.moved["memberships"].combined == 1


def test_the_survivors_membership_stays_when_it_started_first(cluster_a):
    survivor: Any = OrganisationFactory()
    loser: Any = OrganisationFactory()
    kept = MembershipFactory(organisation=survivor, cluster=cluster_a, since=LONG_AGO)
    MembershipFactory(organisation=loser, cluster=cluster_a, since=RECENTLY)

    organisation_merge(survivor, loser)

    assert list(Membership.objects.filter(organisation=survivor)) == [kept]


def test_ended_memberships_all_move_even_in_the_same_cluster(cluster_a):
    survivor: Any = OrganisationFactory()
    loser: Any = OrganisationFactory()
    MembershipFactory(organisation=survivor, cluster=cluster_a, since=RECENTLY)
    MembershipFactory(
        organisation=loser, cluster=cluster_a, since=LONG_AGO, until=datetime.date(2019, 1, 1)
    )

    organisation_merge(survivor, loser)

    assert Membership.objects.filter(organisation=survivor, cluster=cluster_a).count() == 2


def test_a_contact_linked_to_both_keeps_one_link_and_a_role(duplicates):
    survivor, loser, shared = duplicates["survivor"], duplicates["loser"], duplicates["shared"]

    organisation_merge(survivor, loser)

    links = Affiliation.objects.filter(contact=shared)
    assert links.count() == 1
    assert links[0].organisation_id == survivor.pk
    assert links[0].role == "CFO"  # the survivor's link had no role: the loser's is kept
    assert links[0].is_primary


def test_a_prospect_that_receives_current_memberships_becomes_a_member(cluster_a):
    survivor = OrganisationFactory(status="prospect")
    loser = OrganisationFactory()
    MembershipFactory(organisation=loser, cluster=cluster_a)

    organisation_merge(survivor, loser)

    assert Organisation.objects.get(pk=survivor.pk).status == "member"


def test_the_size_class_follows_the_figures_chosen(duplicates):
    survivor, loser = duplicates["survivor"], duplicates["loser"]
    services.organisation_update(
        actor=None,
        organisation=loser,
        data={"headcount": 400},
        expected_version=None,
        confirm_distinct=True,
    )

    organisation_merge(survivor, loser, headcount="loser")

    assert Organisation.objects.get(pk=survivor.pk).size_class == "large"


def test_a_stale_survivor_version_refuses_the_merge_and_changes_nothing(duplicates):
    survivor, loser = duplicates["survivor"], duplicates["loser"]
    before = linked_rows(survivor, loser)
    events = AuditEvent.objects.count()

    survivor.refresh_from_db()

    with pytest.raises(StaleVersionError):
        merge.organisation_merge(
            actor=None,
            survivor=survivor,
            loser=loser,
            choices={"trade_name": "loser"},
            survivor_version=survivor.version - 1,
            loser_version=loser.version,
        )

    assert Organisation.objects.filter(pk=loser.pk).exists()
    assert Organisation.objects.get(pk=survivor.pk).trade_name == ""
    assert linked_rows(survivor, loser) == before
    assert AuditEvent.objects.count() == events


def test_a_stale_loser_version_refuses_the_merge(duplicates):
    survivor, loser = duplicates["survivor"], duplicates["loser"]
    loser.refresh_from_db()
    opened_at = loser.version
    services.organisation_update(
        actor=None,
        organisation=loser,
        data={"commune": "Ettelbruck"},
        expected_version=opened_at,
        confirm_distinct=True,
    )

    with pytest.raises(StaleVersionError):
        merge.organisation_merge(
            actor=None,
            survivor=survivor,
            loser=loser,
            choices={},
            survivor_version=Organisation.objects.get(pk=survivor.pk).version,
            loser_version=opened_at,
        )

    assert Organisation.objects.filter(pk=loser.pk).exists()
    assert not MergedRecord.objects.exists()


def test_a_record_cannot_be_merged_with_itself(organisation_a):
    with pytest.raises(ValidationError) as refused:
        organisation_merge(organisation_a, organisation_a)

    assert "loser" in refused.value.message_dict
    assert Organisation.objects.filter(pk=organisation_a.pk).exists()


def test_a_choice_of_an_unknown_field_or_side_is_refused_naming_the_field(duplicates):
    survivor, loser = duplicates["survivor"], duplicates["loser"]

    with pytest.raises(ValidationError) as refused:
        organisation_merge(survivor, loser, version="loser", commune="both")

    assert set(refused.value.message_dict) == {"version", "commune"}
    assert Organisation.objects.filter(pk=loser.pk).exists()


def test_the_merge_is_audited_on_the_survivor_and_on_the_loser_before_it_goes(duplicates, admin):
    survivor, loser = duplicates["survivor"], duplicates["loser"]
    loser_pk, loser_name = loser.pk, str(loser)

    organisation_merge(survivor, loser, actor=admin, trade_name="loser")

    on_survivor = AuditEvent.objects.get(action=AuditAction.MERGE, object_id=survivor.pk)
    assert on_survivor.actor == admin
    assert on_survivor.changes["merged_from"] == [None, loser_name]
    assert on_survivor.changes["trade_name"] == ["", "NordTimber"]
    assert on_survivor.changes["moved_memberships"] == [None, 2]
    assert on_survivor.changes["combined_memberships"] == [None, 1]
    assert on_survivor.changes["moved_external_references"] == [None, 2]
    on_loser = AuditEvent.objects.get(action=AuditAction.MERGE, object_id=loser_pk)
    assert on_loser.changes["merged_into"] == [None, str(survivor)]
    assert on_loser.changes["vat_number"] == [None, "LU40000400"]


def test_the_survivors_timeline_holds_the_losers_history(duplicates):
    survivor, loser = duplicates["survivor"], duplicates["loser"]
    loser_history = set(timeline(loser).values_list("pk", flat=True))

    organisation_merge(survivor, loser)

    survivor_history = set(timeline(survivor).values_list("pk", flat=True))
    assert loser_history
    assert loser_history <= survivor_history


def test_the_losers_public_id_leads_to_the_survivor_even_after_a_second_merge():
    first, second, third = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    first_id = first.uuid

    organisation_merge(second, first)
    organisation_merge(third, second)

    assert merging.merged_into(Organisation, first_id) == third
    assert merging.merged_into(Organisation, second.uuid) == third


def test_search_finds_the_survivor_by_what_it_took_and_no_longer_the_loser(duplicates, expert):
    survivor, loser = duplicates["survivor"], duplicates["loser"]

    organisation_merge(survivor, loser, trade_name="loser")

    hits = search.Search(user=expert, query="NordTimber", kinds=["organisations"]).hits()
    assert [hit.object_id for hit in hits] == [survivor.pk]
    moved_contact = Contact.objects.get(last_name="Reuter")
    entry = SearchDocument.objects.get(kind="contacts", object_id=moved_contact.pk)
    assert "NordTimber (Nordstad Timber S.A.) (CTO)" in entry.body  # was "… Timber SA) (CTO)"


# --- contacts --------------------------------------------------------------------------------


def contact_merge(survivor: Any, loser: Any, **choices: str) -> Any:
    survivor.refresh_from_db()
    loser.refresh_from_db()
    return merge.contact_merge(
        actor=None,
        survivor=survivor,
        loser=loser,
        choices=choices,
        survivor_version=survivor.version,
        loser_version=loser.version,
    )


def test_merging_contacts_moves_their_organisations_and_keeps_one_main_one(
    organisation_a, organisation_b
):
    third = OrganisationFactory()
    survivor: Any = ContactFactory(
        first_name="Anne", last_name="Schmit", organisation=organisation_a
    )
    loser = ContactFactory(
        first_name="Anne",
        last_name="Schmit",
        email="a.schmit@example.lu",
        phone="+352 26 00 00",
        organisation=organisation_b,
        role="Director",
    )
    services.affiliation_create(
        actor=None, contact=loser, organisation=organisation_a, role="Board"
    )
    services.affiliation_create(actor=None, contact=loser, organisation=third)

    contact_merge(survivor, loser, email="loser", phone="loser")

    merged = Contact.objects.get(pk=survivor.pk)
    assert merged.email == "a.schmit@example.lu"
    assert merged.phone == "+352 26 00 00"
    assert not Contact.objects.filter(pk=loser.pk).exists()
    links = {a.organisation_id: a for a in Affiliation.objects.filter(contact=survivor)}
    assert set(links) == {organisation_a.pk, organisation_b.pk, third.pk}
    assert links[organisation_a.pk].role == "Board"
    assert [pk for pk, a in links.items() if a.is_primary] == [organisation_a.pk]


def test_a_merged_contacts_old_id_leads_to_the_survivor(contact_a):
    loser = ContactFactory()
    old_id = loser.uuid

    contact_merge(contact_a, loser)

    assert merging.merged_into(Contact, old_id) == contact_a


# --- a relation nobody knows how to move ---------------------------------------------------


def test_the_merge_is_refused_when_a_clashing_relation_has_no_handler(duplicates, monkeypatch):
    survivor, loser = duplicates["survivor"], duplicates["loser"]
    before = linked_rows(survivor, loser)
    monkeypatch.delitem(merging.HANDLERS, "organisations.Membership.organisation")

    with pytest.raises(merging.MergeRefused) as refused:
        organisation_merge(survivor, loser)

    assert "organisations.Membership.organisation" in str(refused.value)
    assert Organisation.objects.filter(pk=loser.pk).exists()
    assert linked_rows(survivor, loser) == before
