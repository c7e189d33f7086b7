"""An instrument's eligibility rules in words, for its page."""

from __future__ import annotations

from clusterdesk.catalogue.rules_text import rule_lines


def test_each_rule_reads_as_its_predicate_and_parameters() -> None:
    rules = [
        {"predicate": "is_sme"},
        {"predicate": "size_class_in", "classes": ["small", "medium"]},
        {"predicate": "registered_office_in", "country": "LU"},
        {"predicate": "company_age", "min_years": 1, "max_years": 8},
        {"predicate": "cooldown", "instrument": "fit-4-digital", "years": 2},
        {"predicate": "turnover_drop", "min_percent": 15},
    ]
    lines = rule_lines(rules, {"fit-4-digital": "Fit 4 Digital"})
    assert [(line.label, line.detail) for line in lines] == [
        ("SME by the EU definition (Recommendation 2003/361)", ""),
        ("Company size class", "small, medium"),
        ("Registered office in the country", "LU"),
        ("Company age", "at least 1 year, at most 8 years"),
        ("No participation in the programme in the last years", "Fit 4 Digital, 2 years"),
        ("Turnover drop of at least the percentage", "15 %"),
    ]


def test_an_unknown_instrument_is_named_by_its_short_name() -> None:
    [line] = rule_lines([{"predicate": "cooldown", "instrument": "fit-4-ai", "years": 3}])
    assert line.detail == "fit-4-ai, 3 years"


def test_a_rule_that_is_not_well_formed_is_shown_as_stored() -> None:
    [line] = rule_lines([{"predicate": "is_tall"}])
    assert (line.label, line.detail) == ("Unknown rule", "{'predicate': 'is_tall'}")
    assert rule_lines("not a list") == []
