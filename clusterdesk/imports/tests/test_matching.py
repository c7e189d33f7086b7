"""Duplicate detection: the name normaliser and the indexes, without a database."""

from __future__ import annotations

import pytest

from clusterdesk.imports.matching import (
    Candidate,
    ContactIndex,
    MatchIndex,
    normalise_city,
    normalise_name,
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Nordstad Timber S.A.", "nordstad timber"),
        ("NORDSTAD TIMBER SA", "nordstad timber"),
        ("Alzette Diagnostics S.à r.l.", "alzette diagnostics"),
        ("ALZETTE DIAGNOSTICS S.A R.L.", "alzette diagnostics"),
        ("Alzette Diagnostics SARL", "alzette diagnostics"),
        ("Alzette Diagnostics SARL-S", "alzette diagnostics"),
        ("Moselle Brake GmbH", "moselle brake"),
        ("Moselle Brake GmbH & Co. KG", "moselle brake"),
        ("Moselle Brake AG", "moselle brake"),
        ("Moselle Brake Ltd", "moselle brake"),
        ("Moselle Brake SE", "moselle brake"),
        ("Amis de la Forêt asbl", "amis de la foret"),
        ("Ardennes Invest SCS", "ardennes invest"),
        ("Lowlands Robotics B.V.", "lowlands robotics"),
        ("Lowlands Robotics NV", "lowlands robotics"),
        ("Officina Meccanica Srl", "officina meccanica"),
        ("Officina Meccanica S.p.A.", "officina meccanica"),
        (
            "Luxembourg Institute of Science and Technology (LIST)",
            "luxembourg institute of science and technology",
        ),
        ("Université du Luxembourg", "universite du luxembourg"),
        ("SA", "sa"),  # a name made only of a legal form is kept
        ("  ", ""),
    ],
)
def test_names_are_compared_without_case_accents_punctuation_or_legal_form(
    name: str, expected: str
) -> None:
    assert normalise_name(name) == expected


@pytest.mark.parametrize(
    ("city", "expected"),
    [
        ("Esch-sur-Alzette", "esch sur alzette"),
        ("ESCH SUR ALZETTE", "esch sur alzette"),
        ("Esch Sur Alzette", "esch sur alzette"),
        ("Bertrange ", "bertrange"),
    ],
)
def test_cities_are_compared_without_case_hyphens_or_spaces(city: str, expected: str) -> None:
    assert normalise_city(city) == expected


def directory() -> MatchIndex:
    return MatchIndex.build(
        [
            Candidate(1, "Moselle Brake Technologies S.A.", "Luxembourg", "B100001", "LU10000001"),
            Candidate(
                2,
                "Alzette Diagnostics S.à r.l.",
                "Esch-sur-Alzette",
                external_ids=(("cordis", "999"),),
            ),
            Candidate(3, "Luxembourg Institute of Health", "Strassen"),
        ]
    )


def test_an_external_id_wins_over_every_other_identifier() -> None:
    row = Candidate(0, "Something else", "Paris", "B100001", external_ids=(("cordis", "999"),))
    match = directory().find(row)
    assert match is not None
    assert (match.id, match.reason) == (2, "external_id")


def test_register_and_vat_numbers_match_whatever_their_spacing() -> None:
    index = directory()
    by_register = index.find(Candidate(0, "Other name", register_number="b 100 001"))
    by_vat = index.find(Candidate(0, "Other name", vat_number="lu 1000.0001"))
    assert by_register is not None
    assert (by_register.id, by_register.reason) == (
        1,
        "register_number",
    )
    assert by_vat is not None
    assert (by_vat.id, by_vat.reason) == (1, "vat_number")


def test_the_same_name_in_the_same_city_is_an_exact_match() -> None:
    match = directory().find(Candidate(0, "ALZETTE DIAGNOSTICS SARL", "ESCH SUR ALZETTE"))
    assert match is not None
    assert (match.id, match.reason, match.score) == (2, "name_city", 100)


def test_a_similar_name_in_the_same_city_is_a_fuzzy_match_with_its_score() -> None:
    match = directory().find(Candidate(0, "Luxemburg Institute of Health", "Strassen"))
    assert match is not None
    assert match.id == 3
    assert match.reason == "similar_name"
    assert 90 <= match.score < 100


def test_the_same_name_in_another_city_or_an_unrelated_name_is_no_match() -> None:
    index = directory()
    assert index.find(Candidate(0, "Luxembourg Institute of Health", "Paris")) is None
    assert index.find(Candidate(0, "Completely Different Company", "Strassen")) is None


def test_fuzzy_matching_can_be_turned_off() -> None:
    row = Candidate(0, "Luxemburg Institute of Health", "Strassen")
    assert directory().find(row, fuzzy=False) is None


def test_a_contact_is_found_by_email_or_by_name_at_the_same_organisation() -> None:
    index = ContactIndex()
    index.add(7, "Anne", "Schmit", "Anne.Schmit@example.lu")
    index.add_affiliation(7, "anne schmit", 1)
    by_email = index.find("A.", "S.", "anne.schmit@EXAMPLE.lu", None)
    by_name = index.find("ANNE", "SCHMIT", "", 1)
    assert by_email is not None
    assert (by_email.id, by_email.reason) == (7, "email")
    assert by_name is not None
    assert (by_name.id, by_name.reason) == (7, "name_organisation")
    assert index.find("Anne", "Schmit", "", 2) is None


def test_an_index_of_many_organisations_answers_from_blocks() -> None:
    """100,000 organisations: identifiers are dictionary lookups and the fuzzy search only
    compares names of the same city (the benchmark in benchmarks/ times it)."""
    candidates = [
        Candidate(i, f"Company {i} S.A.", f"City {i % 500}", vat_number=f"LU{i:08d}")
        for i in range(100_000)
    ]
    index = MatchIndex.build(candidates)
    assert len(index.names_by_city["city 7"]) == 200
    match = index.find(Candidate(0, "Company 99507 SARL", "CITY 7"))
    assert match is not None
    assert (match.id, match.reason) == (99507, "name_city")
    match = index.find(Candidate(0, "x", vat_number="LU00012345"))
    assert match is not None
    assert match.id == 12345
