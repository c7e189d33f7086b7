"""The merge pages, as each member of the cast uses them, and the old address of a merged
record.

A manager merges two organisations only if they may change both (403 otherwise); a record
the role may not see is a 404; refused input re-renders the page with the error on the
field and merges nothing; afterwards the loser's pages send the user to the survivor's.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from clusterdesk.core import merging
from clusterdesk.core.models import AuditAction, AuditEvent
from clusterdesk.organisations import services
from clusterdesk.organisations.models import Contact, Organisation
from clusterdesk.organisations.tests.factories import (
    ContactFactory,
    MembershipFactory,
    OrganisationFactory,
)
from clusterdesk.organisations.tests.test_views_organisations import form_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def duplicate_a(cluster_a: Any) -> Any:
    """A second record of organisation_a's company, also in manager_a's cluster."""
    organisation = OrganisationFactory(
        legal_name="Moselle Brake Technologies SA", vat_number="LU10000100", commune="Wormeldange"
    )
    MembershipFactory(organisation=organisation, cluster=cluster_a)
    organisation.refresh_from_db()
    return organisation


def merge_url(survivor: Any, other: Any = None) -> str:
    url = reverse("organisations:merge", args=[survivor.uuid])
    return f"{url}?other={other.uuid}" if other is not None else url


def merge_post(survivor: Any, loser: Any, **choices: str) -> dict[str, Any]:
    survivor.refresh_from_db()
    loser.refresh_from_db()
    return {
        "loser": str(loser.uuid),
        "survivor_version": survivor.version,
        "loser_version": loser.version,
        **{f"choose_{name}": side for name, side in choices.items()},
    }


# --- the page --------------------------------------------------------------------------------


def test_the_merge_page_shows_both_records_side_by_side(client_for, organisation_a, duplicate_a):
    response = client_for("manager_a").get(merge_url(organisation_a, duplicate_a))

    assert response.status_code == 200
    assertContains(response, "Moselle Brake Technologies S.A.")
    assertContains(response, "Moselle Brake Technologies SA")
    # Fields that differ offer a choice; the survivor's empty VAT number defaults to the other's.
    assertContains(response, 'name="choose_legal_name" value="survivor" checked')
    assertContains(response, 'name="choose_vat_number" value="loser" checked')
    assertContains(response, 'name="choose_commune"')
    assertContains(response, "memberships")


def test_without_another_record_the_page_offers_the_picker_and_possible_duplicates(
    client_for, organisation_a, duplicate_a
):
    response = client_for("manager_a").get(merge_url(organisation_a))

    assert response.status_code == 200
    assertContains(response, 'name="organisation_search"')
    assertContains(response, f"?other={duplicate_a.uuid}")
    assertNotContains(response, 'name="choose_legal_name"')


def test_the_merge_page_of_a_missing_record_is_not_found(client_for, organisation_a):
    client = client_for("admin")

    missing = reverse("organisations:merge", args=[uuid.uuid4()])
    assert client.get(missing).status_code == 404
    assert client.get(f"{merge_url(organisation_a)}?other={uuid.uuid4()}").status_code == 404


def test_a_garbled_other_record_is_reported_on_the_picker(client_for, organisation_a):
    response = client_for("admin").get(f"{merge_url(organisation_a)}?other=not-an-id")

    assert response.status_code == 200
    assertContains(response, "Choose a record from the list.")


def test_choosing_the_same_record_twice_is_reported(client_for, organisation_a):
    response = client_for("admin").get(merge_url(organisation_a, organisation_a))

    assertContains(response, "cannot be merged with itself")
    assertNotContains(response, 'name="choose_legal_name"')


@pytest.mark.parametrize(("role", "status"), [("analyst", 404), ("expert", 403)])
def test_roles_that_change_nothing_may_not_merge(
    client_for, organisation_a, duplicate_a, role, status
):
    client = client_for(role)

    assert client.get(merge_url(organisation_a, duplicate_a)).status_code == status
    response = client.post(merge_url(organisation_a), merge_post(organisation_a, duplicate_a))
    assert response.status_code == status
    assert Organisation.objects.filter(pk=duplicate_a.pk).exists()


def test_a_manager_may_not_merge_organisations_of_another_cluster(
    client_for, organisation_a, organisation_b, duplicate_a
):
    client = client_for("manager_b")

    assert client.get(merge_url(organisation_a, duplicate_a)).status_code == 403
    # Even from their own organisation, the other must be theirs to change too.
    assert client.get(merge_url(organisation_b, organisation_a)).status_code == 403
    response = client.post(merge_url(organisation_b), merge_post(organisation_b, organisation_a))
    assert response.status_code == 403
    assert Organisation.objects.filter(pk=organisation_a.pk).exists()


def test_the_duplicate_warning_of_the_edit_form_links_to_the_merge_page(
    client_for, organisation_a, duplicate_a
):
    client = client_for("manager_a")
    edit_page = reverse("organisations:edit", args=[organisation_a.uuid])
    data = {**form_values(client.get(edit_page)), "vat_number": "LU10000100"}

    response = client.post(edit_page, data)

    assertContains(response, "likely the same organisation")
    assertContains(response, merge_url(organisation_a, duplicate_a))


def test_the_merge_button_shows_only_to_those_who_may_merge(client_for, organisation_a):
    page = reverse("organisations:detail", args=[organisation_a.uuid])

    assertContains(client_for("manager_a").get(page), merge_url(organisation_a))
    assertNotContains(client_for("expert").get(page), merge_url(organisation_a))


# --- merging ---------------------------------------------------------------------------------


def test_merging_moves_everything_and_leads_to_the_survivor(
    client_for, organisation_a, duplicate_a, manager_a
):
    ContactFactory(first_name="Paul", last_name="Kieffer", organisation=duplicate_a)

    response = client_for("manager_a").post(
        merge_url(organisation_a),
        merge_post(organisation_a, duplicate_a, vat_number="loser", commune="loser"),
        follow=True,
    )

    assertRedirects(response, reverse("organisations:detail", args=[organisation_a.uuid]))
    assertContains(response, "was merged into")
    assertContains(response, "Paul Kieffer")
    survivor = Organisation.objects.get(pk=organisation_a.pk)
    assert (survivor.vat_number, survivor.commune) == ("LU10000100", "Wormeldange")
    assert not Organisation.objects.filter(pk=duplicate_a.pk).exists()
    event = AuditEvent.objects.get(action=AuditAction.MERGE, object_id=organisation_a.pk)
    assert event.actor == manager_a


def test_a_tampered_choice_is_refused_on_its_field_and_merges_nothing(
    client_for, organisation_a, duplicate_a
):
    data = merge_post(organisation_a, duplicate_a, legal_name="both")

    response = client_for("manager_a").post(merge_url(organisation_a), data)

    assert response.status_code == 422
    assert "choose_legal_name" in response.context["form"].errors
    assertContains(response, "Select a valid choice", status_code=422)
    assert Organisation.objects.filter(pk=duplicate_a.pk).exists()


def test_a_merge_after_someone_else_changed_a_record_is_refused(
    client_for, organisation_a, duplicate_a
):
    data = merge_post(organisation_a, duplicate_a, commune="loser")
    services.organisation_update(
        actor=None,
        organisation=duplicate_a,
        data={"commune": "Grevenmacher"},
        expected_version=data["loser_version"],
        confirm_distinct=True,
    )

    response = client_for("manager_a").post(merge_url(organisation_a), data)

    assert response.status_code == 422
    assertContains(response, "Someone else changed this record", status_code=422)
    assert Organisation.objects.filter(pk=duplicate_a.pk).exists()
    assert Organisation.objects.get(pk=organisation_a.pk).commune == "Luxembourg"


def test_a_post_without_a_record_to_merge_shows_the_picker_again(client_for, organisation_a):
    response = client_for("admin").post(merge_url(organisation_a), {"loser": "nonsense"})

    assert response.status_code == 422
    assertContains(response, "Choose a record from the list.", status_code=422)


def test_a_merge_that_would_lose_linked_records_is_refused_up_front(
    client_for, organisation_a, duplicate_a, monkeypatch
):
    monkeypatch.delitem(merging.HANDLERS, "organisations.Membership.organisation")
    client = client_for("admin")

    page = client.get(merge_url(organisation_a, duplicate_a))
    response = client.post(merge_url(organisation_a), merge_post(organisation_a, duplicate_a))

    assertContains(page, "organisations.Membership.organisation")
    assertContains(page, 'type="submit" disabled')
    assertContains(response, "cannot be merged yet", status_code=422)
    assert Organisation.objects.filter(pk=duplicate_a.pk).exists()


# --- the merged record's old address ---------------------------------------------------------


@pytest.fixture
def merged(client_for, organisation_a, duplicate_a) -> dict[str, Any]:
    response = client_for("admin").post(
        merge_url(organisation_a), merge_post(organisation_a, duplicate_a)
    )
    assert response.status_code == 302
    return {"survivor": organisation_a, "old_id": duplicate_a.uuid}


def test_the_losers_old_page_redirects_to_the_survivor(client_for, merged):
    survivor, old_id = merged["survivor"], merged["old_id"]
    client = client_for("expert")

    response = client.get(reverse("organisations:detail", args=[old_id]))
    assert response.status_code == 301
    assert response["Location"] == reverse("organisations:detail", args=[survivor.uuid])
    edit = client_for("manager_a").get(f"/organisations/{old_id}/edit/?from=mail")
    assert edit.status_code == 301
    assert edit["Location"] == f"/organisations/{survivor.uuid}/edit/?from=mail"


def test_the_old_address_stays_a_404_for_those_who_may_not_see_the_survivor(client_for, merged):
    old_page = reverse("organisations:detail", args=[merged["old_id"]])

    assert client_for("analyst").get(old_page).status_code == 404


def test_a_change_sent_to_the_old_address_is_not_redirected(client_for, merged):
    old_edit = reverse("organisations:edit", args=[merged["old_id"]])

    response = client_for("admin").post(old_edit, {"legal_name": "Changed"})

    assert response.status_code == 404


# --- contacts --------------------------------------------------------------------------------


def test_contacts_merge_through_their_own_page(client_for, contact_a, organisation_b):
    duplicate = ContactFactory(
        first_name="Anne",
        last_name="Schmit",
        email="anne.s@example.lu",
        organisation=organisation_b,
    )
    client = client_for("admin")
    page = reverse("organisations:contact-merge", args=[contact_a.uuid])

    shown = client.get(f"{page}?other={duplicate.uuid}")
    contact_a.refresh_from_db()
    response = client.post(
        page,
        {
            "loser": str(duplicate.uuid),
            "survivor_version": contact_a.version,
            "loser_version": duplicate.version,
            "choose_email": "loser",
        },
    )

    assertContains(shown, 'name="choose_email"')
    assertRedirects(
        response,
        reverse("organisations:contact-detail", args=[contact_a.uuid]),
        fetch_redirect_response=False,
    )
    assert Contact.objects.get(pk=contact_a.pk).email == "anne.s@example.lu"
    assert contact_a.affiliations.count() == 2
    old = client.get(reverse("organisations:contact-detail", args=[duplicate.uuid]))
    assert old.status_code == 301


def test_the_contact_merge_page_lists_namesakes_as_possible_duplicates(client_for, contact_a):
    namesake = ContactFactory(first_name="anne", last_name="SCHMIT")

    response = client_for("manager_a").get(
        reverse("organisations:contact-merge", args=[contact_a.uuid])
    )

    assertContains(response, f"?other={namesake.uuid}")


def test_a_manager_may_not_merge_a_contact_of_another_cluster(client_for, contact_a, contact_b):
    page = reverse("organisations:contact-merge", args=[contact_a.uuid])

    response = client_for("manager_a").get(f"{page}?other={contact_b.uuid}")

    assert response.status_code == 403


def test_the_contact_picker_offers_matching_contacts(client_for, contact_a, contact_b):
    response = client_for("manager_a").get(
        reverse("organisations:contact-pick"), {"contact_search": "schmit"}
    )

    options = re.findall(r'<option value="([^"]+)"', response.content.decode())
    assert options == [str(contact_a.uuid)]
    assert client_for("analyst").get(reverse("organisations:contact-pick")).status_code == 403
