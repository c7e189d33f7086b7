"""Organisations and contacts in the global search: what finds them, in which order, and
that the services keep the index in step with the records, in the same transaction."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from clusterdesk.core import search
from clusterdesk.core.search.models import SearchDocument
from clusterdesk.organisations import services
from clusterdesk.organisations.models import NaceActivity, Organisation
from clusterdesk.organisations.tests.factories import ContactFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def titles(user: Any, query: str, kind: str | None = None) -> list[str]:
    """The titles a user gets for `query`, best first."""
    found = search.Search(user=user, query=query, kinds=[kind] if kind else None)
    return [hit.title for hit in found.hits(limit=50)]


@pytest.fixture
def esch_company(db: Any) -> Any:
    return OrganisationFactory(
        legal_name="Société Luxembourgeoise de Freinage S.A.",
        trade_name="Frenolux",
        register_number="B654321",
        vat_number="LU87654321",
        postcode="4001",
        commune="Esch-sur-Alzette",
        description="Brake pads for electric buses.",
        tags=["Key account"],
        nace_activities=[NaceActivity.objects.get(code="29.32")],
    )


# --- what finds an organisation ------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "societe",  # no accent
        "SOCIÉTÉ luxembourgeoise",  # capitals with accents
        "Société",
        "frenolux",  # trade name
        "fren",  # the start of a word is enough
        "soc lux fre",  # the start of every word
        "esch sur alzette",  # commune typed without hyphens
        "Esch-sur-Alzette",  # commune typed as written
        "esch-sur",
        "B654321",  # register number
        "b654",  # the start of it
        "LU87654321",  # VAT number
        "L-4001",  # postcode as normalised by the services
        "4001",
        "brake pads",  # description
        "key account",  # tag
        "29.32",  # NACE code
        "accessories motor vehicles",  # NACE label in English
        "équipements automobiles",  # in French
        "equipements",
        "Zubehör für Automobile",  # in German
        "zubehor",
    ],
)
def test_an_organisation_is_found_by_what_people_type(
    expert: Any, esch_company: Organisation, query: str
) -> None:
    assert titles(expert, query, "organisations") == [
        "Frenolux (Société Luxembourgeoise de Freinage S.A.)"
    ]


@pytest.mark.parametrize(
    "query", ["esch sur alzette brussels", "zubehor bakery", "freinage-lux", "ociete"]
)
def test_every_word_must_match_from_its_start(
    expert: Any, esch_company: Organisation, query: str
) -> None:
    assert titles(expert, query) == []


def test_a_german_umlaut_is_found_in_both_spellings(expert: Any) -> None:
    OrganisationFactory(legal_name="Müller Präzisionsteile GmbH")

    assert titles(expert, "muller") == ["Müller Präzisionsteile GmbH"]
    assert titles(expert, "mueller praezision") == ["Müller Präzisionsteile GmbH"]
    assert titles(expert, "Müller") == ["Müller Präzisionsteile GmbH"]


def test_matching_words_are_highlighted_in_the_title_and_snippet(
    expert: Any, esch_company: Organisation
) -> None:
    hit = search.Search(user=expert, query="zubehor esch").hits(limit=1)[0]

    assert "<mark>Zubehör</mark>" in hit.snippet
    assert "<mark>Esch</mark>-<mark>sur</mark>-Alzette" not in hit.snippet  # "sur" was not typed
    assert "<mark>Esch</mark>-sur-Alzette" in hit.snippet
    assert hit.url == esch_company.get_absolute_url()
    assert hit.uuid == esch_company.uuid


# --- what finds a contact ------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["Anne", "schmit", "anne schmit", "head of purchasing", "anne.schmit@frenolux.lu", "frenolux"],
)
def test_a_contact_is_found_by_name_job_email_and_organisation(
    expert: Any, esch_company: Organisation, query: str
) -> None:
    ContactFactory(
        first_name="Anne",
        last_name="Schmit",
        job_title="Head of purchasing",
        email="anne.schmit@frenolux.lu",
        organisation=esch_company,
    )

    assert titles(expert, query, "contacts") == ["Anne Schmit"]


# --- ranking -------------------------------------------------------------------------------


def test_an_exact_name_ranks_before_records_that_only_mention_it(expert: Any) -> None:
    solar = OrganisationFactory(legal_name="Solar")
    OrganisationFactory(
        legal_name="Kayl Energy S.A.", description="Solar solar solar: solar panels and solar."
    )
    OrganisationFactory(legal_name="Solar Parks Mersch S.A.")
    ContactFactory(first_name="Jeanne", last_name="Feller", organisation=solar)

    assert titles(expert, "solar")[0] == "Solar"
    assert titles(expert, "Solar")[:2] == ["Solar", "Solar Parks Mersch S.A."]


def test_an_organisation_named_as_typed_comes_before_its_contacts(
    expert: Any, organisation_a: Organisation, contact_a: Any
) -> None:
    found = search.Search(user=expert, query="Moselle Brake Technologies S.A.").hits()

    assert [hit.kind for hit in found] == ["organisations", "contacts"]
    assert found[0].score > found[1].score


# --- who sees what -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "manager_a", "manager_b", "expert"])
def test_directory_readers_find_every_cluster_s_records(
    cast: dict, contact_a: Any, contact_b: Any, role: str
) -> None:
    found = search.Search(user=cast[role], query="s")

    assert found.counts == {"organisations": 2, "contacts": 2}


def test_an_analyst_finds_no_organisation_or_contact(
    analyst: Any, contact_a: Any, contact_b: Any
) -> None:
    found = search.Search(user=analyst, query="moselle")

    assert not search.can_search(analyst)
    assert found.counts == {}
    assert found.hits() == []


# --- the services keep the index current ------------------------------------------------


def test_a_renamed_organisation_is_found_by_its_new_name_only(
    expert: Any, organisation_a: Organisation, contact_a: Any
) -> None:
    services.organisation_update(
        actor=None,
        organisation=organisation_a,
        data={"legal_name": "Pétange Powertrain S.A."},
        expected_version=organisation_a.version,
    )

    assert titles(expert, "petange", "organisations") == ["Pétange Powertrain S.A."]
    assert titles(expert, "moselle", "organisations") == []
    # Its contacts are found by the organisation's new name, not the old one.
    assert titles(expert, "powertrain", "contacts") == ["Anne Schmit"]
    assert titles(expert, "moselle", "contacts") == []


def test_changing_tags_and_nace_codes_changes_what_finds_the_organisation(
    expert: Any, organisation_a: Organisation
) -> None:
    services.organisation_update(
        actor=None,
        organisation=organisation_a,
        data={
            "tags": ["Hydrogen"],
            "nace_activities": [NaceActivity.objects.get(code="35.11")],
        },
        expected_version=organisation_a.version,
    )

    assert titles(expert, "hydrogen") == ["Moselle Brake Technologies S.A."]
    assert titles(expert, "elektrizitatserzeugung") == ["Moselle Brake Technologies S.A."]


def test_a_contact_is_found_by_an_organisation_they_join_and_not_one_they_leave(
    expert: Any, contact_a: Any, organisation_b: Organisation
) -> None:
    affiliation = services.affiliation_create(
        actor=None, contact=contact_a, organisation=organisation_b, role="Adviser"
    )
    assert titles(expert, "alzette diagnostics", "contacts") == ["Anne Schmit"]

    services.affiliation_delete(actor=None, affiliation=affiliation)
    assert titles(expert, "alzette diagnostics", "contacts") == []


def test_a_changed_contact_is_found_by_their_new_details(expert: Any, contact_a: Any) -> None:
    services.contact_update(
        actor=None,
        contact=contact_a,
        data={"last_name": "Schmit-Kieffer", "job_title": "Chief Executive"},
        expected_version=contact_a.version,
    )

    assert titles(expert, "kieffer chief") == ["Anne Schmit-Kieffer"]


def test_deleted_records_leave_the_index(
    expert: Any, organisation_a: Organisation, contact_a: Any, contact_b: Any
) -> None:
    services.organisation_delete(
        actor=None, organisation=organisation_a, expected_version=organisation_a.version
    )
    contact_b.refresh_from_db()
    services.contact_delete(actor=None, contact=contact_b, expected_version=contact_b.version)

    assert titles(expert, "moselle") == []  # neither the organisation nor, via it, Anne
    assert titles(expert, "luc weber") == []
    assert titles(expert, "anne schmit") == ["Anne Schmit"]  # she stays, unaffiliated
    assert SearchDocument.objects.count() == 2  # Anne and Alzette Diagnostics


def test_a_search_in_the_same_transaction_sees_the_change(
    expert: Any, organisation_a: Organisation
) -> None:
    with transaction.atomic():
        services.organisation_update(
            actor=None,
            organisation=organisation_a,
            data={"trade_name": "MoBraTech"},
            expected_version=organisation_a.version,
        )
        assert titles(expert, "mobratech") == ["MoBraTech (Moselle Brake Technologies S.A.)"]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_leaves_the_index_as_it_was(expert: Any) -> None:
    organisation = OrganisationFactory(legal_name="Wiltz Wood Works S.à r.l.")
    before = list(SearchDocument.objects.values_list("title", "body_normalised"))

    def rename_then_fail() -> None:
        with transaction.atomic():
            services.organisation_update(
                actor=None,
                organisation=organisation,
                data={"legal_name": "Clervaux Carpentry S.A.", "description": "Oak stairs."},
                expected_version=organisation.version,
            )
            ContactFactory(first_name="Marc", last_name="Hoffmann", organisation=organisation)
            raise RuntimeError("the user's request failed after the save")

    with pytest.raises(RuntimeError):
        rename_then_fail()

    assert list(SearchDocument.objects.values_list("title", "body_normalised")) == before
    assert titles(expert, "wiltz wood") == ["Wiltz Wood Works S.à r.l."]
    assert titles(expert, "clervaux") == []
    assert titles(expert, "oak") == []
    assert titles(expert, "hoffmann") == []
