"""Cells → values: numbers, formulas, countries, kinds, compound CORDIS cells."""

from __future__ import annotations

from decimal import Decimal

import pytest

from clusterdesk.imports import cleaning
from clusterdesk.imports.cleaning import CellError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234", Decimal("1234")),
        ("1.234,50", Decimal("1234.50")),
        ("1 234,50", Decimal("1234.50")),
        ("1,234.50", Decimal("1234.50")),
        ("€ 180 397,50", Decimal("180397.50")),
        ("180397,50", Decimal("180397.50")),
        ("1.234.567", Decimal("1234567")),
        ("1234,5", Decimal("1234.5")),
        ("0,125", Decimal("0.125")),
        ("2 500 000 EUR", Decimal("2500000")),
        ("", None),
    ],
)
def test_european_and_english_number_formats_are_read(text: str, expected: Decimal | None) -> None:
    assert cleaning.parse_number(text) == expected


@pytest.mark.parametrize("text", ["1.234", "1,234", "12a", "1.23,4", "--5", "1,2,3"])
def test_ambiguous_or_malformed_numbers_are_refused_with_the_value(text: str) -> None:
    with pytest.raises(CellError, match=r"number|ambiguous"):
        cleaning.parse_number(text)


def test_a_whole_number_field_refuses_decimals() -> None:
    assert cleaning.parse_number("1.500,00", whole=True) == 1500
    with pytest.raises(CellError, match="whole number"):
        cleaning.parse_number("12,5", whole=True)


@pytest.mark.parametrize(
    "text",
    [
        "=SUM(A1:A3)",
        "=1+1",
        "+SUM(A1)",
        "-2+A1",
        "+A1",
        "@SUM(A1)",
        '=HYPERLINK("http://example.com")',
        "+cmd|' /C calc'!A0",
        "-=1",
    ],
)
def test_spreadsheet_formulas_are_recognised(text: str) -> None:
    assert cleaning.is_formula(text)


@pytest.mark.parametrize(
    "text",
    [
        "+352 26 12 34 56",
        "+352 (0) 26 12 34",
        "-15",
        "+IMPAKT LUXEMBOURG SARL",
        "@FIRE - INTERNATIONALER KATASTROPHENSCHUTZ DEUTSCHLAND EV",
        "- Dept (R&D)",
        "Luxembourg",
        "=",
    ],
)
def test_phone_numbers_names_and_numbers_are_not_formulas(text: str) -> None:
    assert not cleaning.is_formula(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("LU", "LU"),
        ("lu", "LU"),
        ("EL", "GR"),
        ("UK", "GB"),
        ("Luxembourg", "LU"),
        ("Allemagne", "DE"),
        ("Deutschland", "DE"),
        ("United Kingdom", "GB"),
        ("United States", "US"),
        ("Czechia", "CZ"),
        ("Kosovo", "XK"),
        ("XK", "XK"),
    ],
)
def test_countries_are_read_from_codes_and_names_in_three_languages(text: str, code: str) -> None:
    assert cleaning.parse_country(text) == code


def test_an_unknown_country_is_refused_with_its_value() -> None:
    with pytest.raises(CellError, match="Atlantis"):
        cleaning.parse_country("Atlantis")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("PRC", "company"),
        ("HES", "research_centre"),
        ("REC", "research_centre"),
        ("PUB", "public_body"),
        ("OTH", "association"),
        ("Company", "company"),
        ("Research centre", "research_centre"),
        ("Entreprise", "company"),
        ("Öffentliche Einrichtung", "public_body"),
        ("service_provider", "service_provider"),
    ],
)
def test_kinds_are_read_from_cordis_codes_and_labels(text: str, kind: str) -> None:
    assert cleaning.parse_kind(text) == kind


def test_a_name_fused_with_its_country_is_split_and_the_end_of_participation_noted() -> None:
    text = "CENTRE DE RECHERCHE PUBLIC HENRI TUDOR   Participation ended   Luxembourg"
    assert cleaning.split_name_with_country(text) == (
        "CENTRE DE RECHERCHE PUBLIC HENRI TUDOR",
        "LU",
        True,
    )
    assert cleaning.split_name_with_country("ECOLOGISTAS EN ACCION   Spain") == (
        "ECOLOGISTAS EN ACCION",
        "ES",
        False,
    )


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("CALLE SERRANO 117 28006 Madrid    ", ("CALLE SERRANO 117", "28006", "Madrid")),
        ("AVENUE J F KENNEDY 29 1855 LUXEMBOURG", ("AVENUE J F KENNEDY 29", "1855", "LUXEMBOURG")),
        ("RAPENBURG 70 2311 EZ Leiden", ("RAPENBURG 70", "2311 EZ", "Leiden")),
        ("COLLEGE LANE AL10 9AB Hatfield", ("COLLEGE LANE", "AL10 9AB", "Hatfield")),
        ("24 FITZWILLIAM PLACE A96 PR60 Dublin", ("24 FITZWILLIAM PLACE", "A96 PR60", "Dublin")),
        ("BELFIELD 4 Dublin", ("BELFIELD 4 Dublin", "", "")),
    ],
)
def test_free_text_addresses_are_split_or_kept_whole(
    text: str, parts: tuple[str, str, str]
) -> None:
    assert cleaning.split_address(text) == parts
