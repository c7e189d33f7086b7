"""The rule vocabulary's validation, table-driven: what a person editing an instrument reads."""

from __future__ import annotations

import pytest

from clusterdesk.matching.rules import PREDICATES, validate_rule, validate_rules

VALID: list[dict[str, object]] = [
    {"predicate": "is_sme"},
    {"predicate": "size_class_in", "classes": ["micro", "small"]},
    {"predicate": "has_business_permit"},
    {"predicate": "registered_office_in", "country": "LU"},
    {"predicate": "nace_sections_included", "sections": ["C", "J"]},
    {"predicate": "nace_sections_excluded", "sections": ["A"]},
    {"predicate": "company_age", "min_years": 3},
    {"predicate": "company_age", "max_years": 5},
    {"predicate": "company_age", "min_years": 5, "max_years": 5},
    {"predicate": "cooldown", "instrument": "fit-4-digital", "years": 2},
    {"predicate": "prerequisite_diagnosis", "questionnaire": "dma"},
    {"predicate": "turnover_drop", "min_percent": 15},
    {"predicate": "turnover_drop", "min_percent": 100},
    {"predicate": "turnover_drop", "min_percent": 12.5},
]


@pytest.mark.parametrize("rule", VALID)
def test_valid_rules_have_no_problem(rule):
    assert validate_rule(rule) == []


def test_every_predicate_has_a_valid_example():
    assert {rule["predicate"] for rule in VALID} == set(PREDICATES)


INVALID = [
    ("is_sme", ["A rule must be an object with a “predicate”."]),
    ({}, ["Unknown predicate “None”: use one of " + ", ".join(PREDICATES) + "."]),
    ({"predicate": "is_large"}, ["Unknown predicate “is_large”: use one of"]),
    ({"predicate": "is_sme", "strict": True}, ["is_sme: unknown parameter “strict”."]),
    (
        {"predicate": "size_class_in", "classes": []},
        ["size_class_in: “classes” must be a list of micro, small, medium, large."],
    ),
    (
        {"predicate": "size_class_in", "classes": ["tiny"]},
        ["size_class_in: “classes” must be a list of micro, small, medium, large."],
    ),
    (
        {"predicate": "registered_office_in", "country": "lu"},
        ["registered_office_in: “country” must be a two-letter country code such as LU."],
    ),
    (
        {"predicate": "registered_office_in"},
        ["registered_office_in: “country” is missing (a two-letter country code such as LU)."],
    ),
    (
        {"predicate": "nace_sections_excluded", "sections": ["A", "Z"]},
        ["nace_sections_excluded: “sections” must be a list of NACE section letters A to U."],
    ),
    (
        {"predicate": "nace_sections_included", "sections": "C"},
        ["nace_sections_included: “sections” must be a list of NACE section letters A to U."],
    ),
    ({"predicate": "company_age"}, ["company_age: give “min_years” or “max_years”."]),
    (
        {"predicate": "company_age", "min_years": 0},
        ["company_age: “min_years” must be a whole number of years."],
    ),
    (
        {"predicate": "company_age", "min_years": True},
        ["company_age: “min_years” must be a whole number of years."],
    ),
    (
        {"predicate": "company_age", "min_years": 6, "max_years": 5},
        ["company_age: “min_years” is above “max_years”."],
    ),
    (
        {"predicate": "cooldown", "instrument": "Fit 4 Digital", "years": 2},
        ["cooldown: “instrument” must be the short name of an instrument."],
    ),
    (
        {"predicate": "cooldown", "instrument": "fit-4-digital", "years": 2.5},
        ["cooldown: “years” must be a whole number of years."],
    ),
    (
        {"predicate": "cooldown"},
        [
            "cooldown: “instrument” is missing (the short name of an instrument).",
            "cooldown: “years” is missing (a whole number of years).",
        ],
    ),
    (
        {"predicate": "prerequisite_diagnosis", "questionnaire": ""},
        ["prerequisite_diagnosis: “questionnaire” must be the short name of a questionnaire."],
    ),
    (
        {"predicate": "turnover_drop", "min_percent": 0},
        ["turnover_drop: “min_percent” must be a percentage above 0 and at most 100."],
    ),
    (
        {"predicate": "turnover_drop", "min_percent": 101},
        ["turnover_drop: “min_percent” must be a percentage above 0 and at most 100."],
    ),
]


@pytest.mark.parametrize(("rule", "expected"), INVALID)
def test_invalid_rules_say_what_is_wrong(rule, expected):
    problems = validate_rule(rule)
    assert len(problems) == len(expected)
    for problem, start in zip(problems, expected, strict=True):
        assert problem.startswith(start)


def test_a_list_numbers_its_rules_as_a_person_counts():
    problems = validate_rules([{"predicate": "is_sme"}, {"predicate": "nope"}, "x"])
    assert problems[0].startswith("Rule 2: Unknown predicate “nope”")
    assert problems[1] == "Rule 3: A rule must be an object with a “predicate”."


@pytest.mark.parametrize("rules", [None, {"predicate": "is_sme"}, "is_sme"])
def test_rules_must_be_a_list(rules):
    assert validate_rules(rules) == ["The eligibility rules must be a list."]


def test_an_empty_list_is_valid():
    assert validate_rules([]) == []
