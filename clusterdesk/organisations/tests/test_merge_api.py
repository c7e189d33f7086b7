"""`POST /api/v1/organisations/{id}/merge` and `POST /api/v1/contacts/{id}/merge`.

The same rules as the merge page: both records must be the caller's to change (403), an
unknown or invisible one is a 404, bad choices are a 422 naming the field, a stale version is
a 409 naming the record; afterwards the loser's old id answers 301 with the survivor's URL.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from clusterdesk.accounts import services as account_services
from clusterdesk.organisations.models import Contact, Organisation
from clusterdesk.organisations.tests.factories import (
    ContactFactory,
    MembershipFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def duplicate_a(cluster_a: Any) -> Any:
    organisation = OrganisationFactory(legal_name="Moselle Brake Tech", vat_number="LU10000100")
    MembershipFactory(organisation=organisation, cluster=cluster_a)
    ContactFactory(first_name="Jo", last_name="Muller", organisation=organisation)
    organisation.refresh_from_db()
    return organisation


def body(survivor: Any, loser: Any, **choices: str) -> dict[str, Any]:
    survivor.refresh_from_db()
    loser.refresh_from_db()
    return {
        "loser": str(loser.uuid),
        "version": survivor.version,
        "loser_version": loser.version,
        "choices": choices,
    }


def post(client: Any, path: str, data: dict[str, Any], **headers: str) -> Any:
    return client.post(path, data=data, content_type="application/json", headers=headers)


def merge_path(record: Any) -> str:
    kind = "contacts" if isinstance(record, Contact) else "organisations"
    return f"/api/v1/{kind}/{record.uuid}/merge"


def test_merging_returns_the_survivor_and_what_moved(client_for, organisation_a, duplicate_a):
    response = post(
        client_for("manager_a"),
        merge_path(organisation_a),
        body(organisation_a, duplicate_a, vat_number="loser"),
    )

    assert response.status_code == 200, response.content
    result = response.json()
    assert result["survivor"]["id"] == str(organisation_a.uuid)
    assert result["survivor"]["vat_number"] == "LU10000100"
    assert result["merged"] == str(duplicate_a.uuid)
    assert result["moved"]["affiliations"] == {"moved": 1, "combined": 0}
    assert result["moved"]["memberships"] == {"moved": 0, "combined": 1}
    assert result["timeline_events"] > 0
    assert not Organisation.objects.filter(pk=duplicate_a.pk).exists()


def test_the_losers_old_id_redirects_to_the_survivor(client_for, cast, organisation_a, duplicate_a):
    post(client_for("admin"), merge_path(organisation_a), body(organisation_a, duplicate_a))
    _token, secret = account_services.api_token_create(
        actor=None, user=cast["expert"], name="reader"
    )

    response = client_for(None).get(
        f"/api/v1/organisations/{duplicate_a.uuid}", headers={"Authorization": f"Bearer {secret}"}
    )

    assert response.status_code == 301
    assert response["Location"] == f"/api/v1/organisations/{organisation_a.uuid}"
    assert response.json()["id"] == str(organisation_a.uuid)


def test_an_unknown_record_is_not_found(client_for, organisation_a, duplicate_a):
    client = client_for("admin")

    missing_survivor = f"/api/v1/organisations/{uuid.uuid4()}/merge"
    assert post(client, missing_survivor, body(organisation_a, duplicate_a)).status_code == 404
    data = {**body(organisation_a, duplicate_a), "loser": str(uuid.uuid4())}
    assert post(client, merge_path(organisation_a), data).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"), [("analyst", 404), ("expert", 403), ("manager_b", 403)]
)
def test_only_those_who_may_change_both_records_merge_them(
    client_for, organisation_a, duplicate_a, role, status
):
    response = post(client_for(role), merge_path(organisation_a), body(organisation_a, duplicate_a))

    assert response.status_code == status
    assert Organisation.objects.filter(pk=duplicate_a.pk).exists()


def test_a_manager_may_not_merge_in_an_organisation_of_another_cluster(
    client_for, organisation_a, organisation_b
):
    response = post(
        client_for("manager_a"), merge_path(organisation_a), body(organisation_a, organisation_b)
    )

    assert response.status_code == 403
    assert Organisation.objects.filter(pk=organisation_b.pk).exists()


def test_an_anonymous_caller_must_authenticate(client_for, organisation_a, duplicate_a):
    response = post(client_for(None), merge_path(organisation_a), body(organisation_a, duplicate_a))

    assert response.status_code == 401


def test_a_choice_of_an_unknown_field_is_a_422_naming_it(client_for, organisation_a, duplicate_a):
    response = post(
        client_for("admin"),
        merge_path(organisation_a),
        body(organisation_a, duplicate_a, colour="loser"),
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "choices", "colour"]
    assert Organisation.objects.filter(pk=duplicate_a.pk).exists()


def test_a_choice_other_than_survivor_or_loser_is_a_422(client_for, organisation_a, duplicate_a):
    response = post(
        client_for("admin"),
        merge_path(organisation_a),
        body(organisation_a, duplicate_a, legal_name="both"),
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][:3] == ["body", "choices", "legal_name"]


def test_merging_a_record_into_itself_is_a_422(client_for, organisation_a):
    response = post(
        client_for("admin"), merge_path(organisation_a), body(organisation_a, organisation_a)
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "loser"]


def test_a_stale_version_is_a_409_naming_the_record_that_changed(
    client_for, organisation_a, duplicate_a
):
    data = body(organisation_a, duplicate_a)
    data["loser_version"] -= 1

    response = post(client_for("admin"), merge_path(organisation_a), data)

    assert response.status_code == 409
    assert response.json()["id"] == str(duplicate_a.uuid)
    assert response.json()["current_version"] == duplicate_a.version
    assert Organisation.objects.filter(pk=duplicate_a.pk).exists()


def test_contacts_merge_through_their_endpoint(client_for, contact_a, organisation_b):
    duplicate = ContactFactory(
        first_name="Anne", last_name="Schmit", phone="+352 621 000 000", organisation=organisation_b
    )

    response = post(
        client_for("admin"), merge_path(contact_a), body(contact_a, duplicate, phone="loser")
    )

    assert response.status_code == 200, response.content
    assert response.json()["survivor"]["phone"] == "+352 621 000 000"
    assert not Contact.objects.filter(pk=duplicate.pk).exists()
    assert Contact.objects.get(pk=contact_a.pk).affiliations.count() == 2
