"""Eligibility predicates, table-driven at their edges; missing data is "unknown", never a crash.

Pure: no database.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from clusterdesk.matching.eligibility import (
    Eligibility,
    OrganisationFacts,
    RuleResult,
    evaluate,
    evaluate_rule,
    nace_section,
    years_before,
)

TODAY = datetime.date(2026, 6, 15)
M = 1_000_000
SME = {"predicate": "is_sme"}


def status(rule, facts, today=TODAY):
    return evaluate_rule(rule, facts, today).status


# --- SME status by the EU definition ---------------------------------------------------

SME_CASES = [
    # headcount, turnover, balance sheet, expected status
    (9, 1 * M, 1 * M, "passed"),
    (10, 1 * M, 1 * M, "passed"),
    (49, 5 * M, 5 * M, "passed"),
    (50, 5 * M, 5 * M, "passed"),
    (249, 50 * M, 43 * M, "passed"),  # both at their ceiling
    (250, 1 * M, 1 * M, "failed"),  # 250 staff is large whatever the money
    (249, 50 * M + 1, 43 * M, "passed"),  # turnover above, balance sheet within: either-or
    (249, 50 * M, 43 * M + 1, "passed"),  # balance sheet above, turnover within
    (249, 50 * M + 1, 43 * M + 1, "failed"),  # both above
    (249, 60 * M, None, "failed"),  # the only known figure is above
    (249, None, 40 * M, "passed"),
    (120, None, None, "passed"),  # headcount alone: an estimate, still an answer
    (None, 1 * M, 1 * M, "unknown"),  # no headcount: unknown
    (None, None, None, "unknown"),
]


@pytest.mark.parametrize(("headcount", "turnover", "balance", "expected"), SME_CASES)
def test_is_sme_at_every_boundary(headcount, turnover, balance, expected):
    facts = OrganisationFacts(headcount=headcount, turnover=turnover, balance_sheet_total=balance)
    assert status(SME, facts) == expected


SIZE_CASES = [
    # headcount, turnover, balance, classes, expected
    (9, 2 * M, 2 * M, ["micro"], "passed"),
    (10, 2 * M, 2 * M, ["micro"], "failed"),
    (9, 2 * M + 1, 2 * M + 1, ["micro"], "failed"),  # both ceilings exceeded: small
    (9, 2 * M + 1, 2 * M, ["micro"], "passed"),  # balance sheet within: still micro
    (49, 10 * M, 10 * M, ["micro", "small"], "passed"),
    (50, 10 * M, 10 * M, ["micro", "small"], "failed"),
    (249, 50 * M, 43 * M, ["medium"], "passed"),
    (250, 50 * M, 43 * M, ["large"], "passed"),
    (None, None, None, ["small"], "unknown"),
]


@pytest.mark.parametrize(("headcount", "turnover", "balance", "classes", "expected"), SIZE_CASES)
def test_size_class_in_at_every_boundary(headcount, turnover, balance, classes, expected):
    facts = OrganisationFacts(headcount=headcount, turnover=turnover, balance_sheet_total=balance)
    assert status({"predicate": "size_class_in", "classes": classes}, facts) == expected


def test_a_recorded_size_class_wins_over_the_figures():
    # The stored class may include linked enterprises the raw figures do not show.
    facts = OrganisationFacts(headcount=20, size_class="large")
    assert status(SME, facts) == "failed"


def test_figures_as_decimals_floats_or_ints_give_the_same_answer():
    for value in (Decimal("43000000"), 43_000_000, 43e6):
        facts = OrganisationFacts(headcount=249, turnover=60 * M, balance_sheet_total=value)
        assert status(SME, facts) == "passed"


def test_reasons_say_what_was_found():
    result = evaluate_rule(SME, OrganisationFacts(headcount=12, turnover=3 * M), TODAY)
    assert result.reason == "Small enterprise (12 staff, turnover €3M): an SME."
    estimate = evaluate_rule(SME, OrganisationFacts(headcount=300), TODAY)
    assert "estimated from headcount alone" in estimate.reason
    assert estimate.status == "failed"


# --- cooldown ---------------------------------------------------------------------------

COOLDOWN = {"predicate": "cooldown", "instrument": "fit-4-digital", "years": 2}
ONE_DAY = datetime.timedelta(days=1)
TWO_YEARS_AGO = datetime.date(2024, 6, 15)

COOLDOWN_CASES = [
    ([("fit-4-digital", TWO_YEARS_AGO)], "passed"),  # exactly N years ago: free again
    ([("fit-4-digital", TWO_YEARS_AGO + ONE_DAY)], "failed"),  # one day less than N years
    ([("fit-4-digital", TWO_YEARS_AGO - ONE_DAY)], "passed"),  # one day more than N years
    ([("fit-4-digital", TODAY)], "failed"),
    ([("fit-4-digital", TODAY + ONE_DAY)], "failed"),  # a running application blocks
    ([("fit-4-innovation", TODAY)], "passed"),  # another programme does not count
    (
        [("fit-4-digital", datetime.date(2019, 1, 1)), ("fit-4-digital", TODAY)],
        "failed",
    ),
    ([], "passed"),  # history known to be empty
    (None, "unknown"),  # history unknown
]


@pytest.mark.parametrize(("participations", "expected"), COOLDOWN_CASES)
def test_cooldown_edges(participations, expected):
    facts = OrganisationFacts(participations=participations)
    assert status(COOLDOWN, facts) == expected


def test_cooldown_across_a_leap_day():
    rule = {"predicate": "cooldown", "instrument": "x", "years": 1}
    today = datetime.date(2025, 2, 28)  # one year before is 2024-02-28
    took_part = OrganisationFacts(participations=[("x", datetime.date(2024, 2, 29))])
    assert status(rule, took_part, today) == "failed"
    assert status(rule, took_part, datetime.date(2025, 3, 1)) == "passed"
    assert years_before(datetime.date(2028, 2, 29), 1) == datetime.date(2027, 2, 28)


def test_cooldown_reason_says_when_it_is_possible_again():
    facts = OrganisationFacts(participations=[("fit-4-digital", datetime.date(2025, 3, 1))])
    reason = evaluate_rule(COOLDOWN, facts, TODAY).reason
    assert "2025-03-01" in reason
    assert "2027-03-01" in reason


# --- company age ------------------------------------------------------------------------

AT_LEAST_3 = {"predicate": "company_age", "min_years": 3}
AT_MOST_5 = {"predicate": "company_age", "max_years": 5}
BETWEEN = {"predicate": "company_age", "min_years": 1, "max_years": 5}
THREE_YEARS_AGO = datetime.date(2023, 6, 15)
FIVE_YEARS_AGO = datetime.date(2021, 6, 15)

AGE_CASES = [
    (AT_LEAST_3, {"founded_on": THREE_YEARS_AGO}, "passed"),  # exactly N years: old enough
    (AT_LEAST_3, {"founded_on": THREE_YEARS_AGO + ONE_DAY}, "failed"),  # one day short
    (AT_LEAST_3, {"founded_on": THREE_YEARS_AGO - ONE_DAY}, "passed"),
    (AT_MOST_5, {"founded_on": FIVE_YEARS_AGO}, "passed"),  # exactly N years: still young
    (AT_MOST_5, {"founded_on": FIVE_YEARS_AGO - ONE_DAY}, "failed"),  # one day too old
    (AT_MOST_5, {"founded_on": FIVE_YEARS_AGO + ONE_DAY}, "passed"),
    (AT_LEAST_3, {"founding_year": 2022}, "passed"),  # even 31 Dec 2022 is 3 years ago
    (AT_LEAST_3, {"founding_year": 2024}, "failed"),  # even 1 Jan 2024 is too recent
    (AT_LEAST_3, {"founding_year": 2023}, "unknown"),  # the day in 2023 decides
    (AT_MOST_5, {"founding_year": 2022}, "passed"),
    (AT_MOST_5, {"founding_year": 2021}, "unknown"),
    (AT_MOST_5, {"founding_year": 2020}, "failed"),
    (BETWEEN, {"founding_year": 2023}, "passed"),
    (BETWEEN, {"founded_on": TODAY}, "failed"),  # founded today: not 1 year old yet
    (BETWEEN, {"founding_year": 2020}, "failed"),
    (BETWEEN, {"founding_year": 2025}, "unknown"),
    (AT_LEAST_3, {"founded_on": THREE_YEARS_AGO + ONE_DAY, "founding_year": 2000}, "failed"),
    (AT_LEAST_3, {}, "unknown"),
]


@pytest.mark.parametrize(("rule", "facts", "expected"), AGE_CASES)
def test_company_age_edges(rule, facts, expected):
    assert status(rule, OrganisationFacts(**facts)) == expected


# --- NACE sections ------------------------------------------------------------------------

INCLUDED_C = {"predicate": "nace_sections_included", "sections": ["C", "J"]}
EXCLUDED_A = {"predicate": "nace_sections_excluded", "sections": ["A"]}

NACE_CASES = [
    (INCLUDED_C, ["C25.6"], "passed"),
    (INCLUDED_C, ["25.61"], "passed"),  # section derived from division 25
    (INCLUDED_C, ["62.01"], "passed"),  # division 62 is section J
    (INCLUDED_C, ["G46.1"], "failed"),
    (INCLUDED_C, ["G46.1", "C25.6"], "failed"),  # only the main (first) activity counts
    (INCLUDED_C, [], "unknown"),
    (INCLUDED_C, ["??"], "unknown"),
    (EXCLUDED_A, ["A01.1"], "failed"),
    (EXCLUDED_A, ["03.11"], "failed"),  # fishing: division 03, section A
    (EXCLUDED_A, ["05.10"], "passed"),  # mining: section B
    (EXCLUDED_A, ["C10.1"], "passed"),
    (EXCLUDED_A, [], "unknown"),
    (EXCLUDED_A, ["04"], "unknown"),  # division 04 does not exist
]


@pytest.mark.parametrize(("rule", "codes", "expected"), NACE_CASES)
def test_nace_sections_included_and_excluded(rule, codes, expected):
    assert status(rule, OrganisationFacts(nace_codes=codes)) == expected


@pytest.mark.parametrize(
    ("code", "section"),
    [
        ("01.1", "A"),
        ("09", "B"),
        ("10.11", "C"),
        ("33", "C"),
        ("35", "D"),
        ("39", "E"),
        ("43.2", "F"),
        ("47", "G"),
        ("53", "H"),
        ("56", "I"),
        ("63", "J"),
        ("66", "K"),
        ("68", "L"),
        ("72.1", "M"),
        ("82", "N"),
        ("84", "O"),
        ("85", "P"),
        ("88", "Q"),
        ("93", "R"),
        ("96", "S"),
        ("98", "T"),
        ("99", "U"),
        ("c25", "C"),
        ("", None),
        ("Z12", None),
        ("00", None),
    ],
)
def test_nace_section_of_a_code(code, section):
    assert nace_section(code) == section


# --- the other predicates -------------------------------------------------------------------

OTHER_CASES = [
    ({"predicate": "has_business_permit"}, {"has_business_permit": True}, "passed"),
    ({"predicate": "has_business_permit"}, {"has_business_permit": False}, "failed"),
    ({"predicate": "has_business_permit"}, {}, "unknown"),
    ({"predicate": "registered_office_in", "country": "LU"}, {"country": "LU"}, "passed"),
    ({"predicate": "registered_office_in", "country": "LU"}, {"country": "lu"}, "passed"),
    ({"predicate": "registered_office_in", "country": "LU"}, {"country": "BE"}, "failed"),
    ({"predicate": "registered_office_in", "country": "LU"}, {}, "unknown"),
    ({"predicate": "turnover_drop", "min_percent": 15}, {"turnover_drop_percent": 15}, "passed"),
    (
        {"predicate": "turnover_drop", "min_percent": 15},
        {"turnover_drop_percent": 14.9},
        "failed",
    ),
    ({"predicate": "turnover_drop", "min_percent": 15}, {}, "unknown"),
    (
        {"predicate": "prerequisite_diagnosis", "questionnaire": "dma"},
        {"diagnoses": [("dma", datetime.date(2026, 1, 5))]},
        "passed",
    ),
    (
        {"predicate": "prerequisite_diagnosis", "questionnaire": "dma"},
        {"diagnoses": [("sustainability", datetime.date(2026, 1, 5))]},
        "failed",
    ),
    (
        {"predicate": "prerequisite_diagnosis", "questionnaire": "dma"},
        {"diagnoses": [("dma", TODAY + ONE_DAY)]},  # not completed yet
        "failed",
    ),
    ({"predicate": "prerequisite_diagnosis", "questionnaire": "dma"}, {}, "unknown"),
]


@pytest.mark.parametrize(("rule", "facts", "expected"), OTHER_CASES)
def test_other_predicates(rule, facts, expected):
    assert status(rule, OrganisationFacts(**facts)) == expected


# --- malformed rules and odd facts: unknown, never an exception ---------------------------------

MALFORMED = [
    ("not a rule", "?"),
    ({"predicate": "is_large"}, "is_large"),
    ({"predicate": "cooldown", "years": 2}, "cooldown"),
    ({"predicate": "company_age"}, "company_age"),
    ({"predicate": "turnover_drop", "min_percent": "15%"}, "turnover_drop"),
    ({"predicate": None}, "?"),
]


@pytest.mark.parametrize(("rule", "name"), MALFORMED)
def test_a_malformed_rule_is_unknown_with_the_validation_message(rule, name):
    result = evaluate_rule(rule, OrganisationFacts(headcount=5), TODAY)
    assert result.status == "unknown"
    assert result.predicate == name
    assert result.reason.startswith("Rule not checked:")


@pytest.mark.parametrize(
    "facts",
    [
        OrganisationFacts(headcount=-3),
        OrganisationFacts(headcount=5, turnover="lots"),
        OrganisationFacts(size_class="huge"),
        OrganisationFacts(founded_on="2020-01-01"),
        OrganisationFacts(participations=[("fit-4-digital", "2025-01-01")]),  # type: ignore[list-item]
    ],
)
def test_facts_of_the_wrong_shape_give_unknown(facts):
    rules = [
        SME,
        {"predicate": "company_age", "min_years": 1},
        COOLDOWN,
    ]
    verdict = evaluate(rules, facts, TODAY)
    assert verdict.eligible in (None, False, True)
    assert any(result.status == "unknown" for result in verdict.results)


def test_rules_that_are_not_a_list():
    verdict = evaluate({"predicate": "is_sme"}, OrganisationFacts(), TODAY)
    assert verdict.eligible is None
    assert verdict.results == (
        RuleResult("rules", "unknown", "The eligibility rules must be a list."),
    )


# --- the overall verdict ---------------------------------------------------------------------

FIT_4_DIGITAL = [
    SME,
    {"predicate": "has_business_permit"},
    EXCLUDED_A,
    COOLDOWN,
]
GOOD = OrganisationFacts(
    headcount=25,
    turnover=4 * M,
    has_business_permit=True,
    country="LU",
    nace_codes=["C25.6"],
    participations=[],
)


def test_all_passed_is_eligible():
    verdict = evaluate(FIT_4_DIGITAL, GOOD, TODAY)
    assert verdict == Eligibility(True, verdict.results)
    assert [result.status for result in verdict.results] == ["passed"] * 4
    assert [result.predicate for result in verdict.results] == [
        "is_sme",
        "has_business_permit",
        "nace_sections_excluded",
        "cooldown",
    ]


def test_one_failed_is_not_eligible_even_with_unknowns():
    facts = OrganisationFacts(headcount=400)
    verdict = evaluate(FIT_4_DIGITAL, facts, TODAY)
    assert verdict.eligible is False
    assert [result.predicate for result in verdict.failed] == ["is_sme"]
    assert len(verdict.unknown) == 3


def test_nothing_failed_but_something_unknown_is_undecided():
    facts = OrganisationFacts(headcount=25, has_business_permit=True, nace_codes=["C25"])
    verdict = evaluate(FIT_4_DIGITAL, facts, TODAY)
    assert verdict.eligible is None
    assert [result.predicate for result in verdict.unknown] == ["cooldown"]


def test_no_facts_at_all_is_undecided_and_no_rules_is_eligible():
    assert evaluate(FIT_4_DIGITAL, None, TODAY).eligible is None
    assert evaluate([], None, TODAY).eligible is True


def test_labels_come_from_the_rule_vocabulary():
    result = evaluate_rule(SME, GOOD, TODAY)
    assert result.label == "SME by the EU definition (Recommendation 2003/361)"
