"""Ranking: properties (eligibility order, determinism, index updates), cross-language matching
by concept, reasons, outcome feedback and bad input. Pure: no database."""

from __future__ import annotations

import datetime
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clusterdesk.matching.eligibility import OrganisationFacts
from clusterdesk.matching.ranking import (
    KEYWORD_BASELINE,
    Offer,
    PastNeed,
    build_index,
    rank,
    remove,
    update,
)

TODAY = datetime.date(2026, 6, 15)
SME_RULES = [{"predicate": "is_sme"}, {"predicate": "has_business_permit"}]
LARGE_ONLY = [{"predicate": "size_class_in", "classes": ["large"]}]

OFFERS = [
    Offer(
        "instrument",
        "fit-4-digital",
        "Fit 4 Digital",
        "Digital maturity diagnosis by an approved consultant, then funding of the "
        "digitalisation plan: software, ERP, cloud.",
        themes=("digitalisation",),
        eligibility_rules=SME_RULES,
        language="en",
    ),
    Offer(
        "instrument",
        "fit-4-sustainability",
        "Fit 4 Sustainability",
        "Environmental diagnosis: carbon footprint, energy audit, circular economy.",
        themes=("sustainable_development",),
        eligibility_rules=[],
        language="en",
    ),
    Offer(
        "call",
        "HORIZON-CL4-2026-TWIN-01",
        "Circular economy in manufacturing",
        "Horizon Europe call for consortia developing recycling and remanufacturing "
        "technologies with industrial partners.",
        external_id="HORIZON-CL4-2026-TWIN-01",
        language="en",
    ),
    Offer(
        "training",
        "cybersecurity-essentials",
        "Cybersecurity essentials for small businesses",
        "Passwords, backups, phishing and ransomware: the basic protections.",
        themes=("digitalisation",),
        language="en",
    ),
    Offer(
        "team",
        "international-business",
        "International business development",
        "Export, market entry abroad, trade missions and foreign distributors.",
        language="en",
    ),
    Offer(
        "training",
        "hydrogen-industry",
        "Hydrogen in industry",
        "Green hydrogen production, fuel cells and electrolysers in industrial processes.",
        language="en",
    ),
]
INDEX = build_index(OFFERS)
SME = OrganisationFacts(headcount=20, has_business_permit=True)
LARGE = OrganisationFacts(headcount=900, has_business_permit=True)


def ids(matches):
    return [match.id for match in matches]


# --- cross-language -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("need", "expected"),
    [
        ("Besoin d'une subvention pour la transformation numérique de la PME", "fit-4-digital"),
        ("Wir brauchen Förderung für die Digitalisierung unserer Produktion", "fit-4-digital"),
        ("bilan carbone et économie d'énergie dans l'usine", "fit-4-sustainability"),
        ("Cyberangriff: Mitarbeiter zu Phishing schulen", "cybersecurity-essentials"),
        ("cyberattaque par rançongiciel, sensibiliser le personnel", "cybersecurity-essentials"),
        ("exporter vers de nouveaux marchés étrangers", "international-business"),
        ("Wasserstoff und Brennstoffzellen in der Produktion", "hydrogen-industry"),
        (
            "partenaires pour un projet européen sur l'économie circulaire",
            "HORIZON-CL4-2026-TWIN-01",
        ),
    ],
)
def test_a_french_or_german_need_finds_the_english_offer_by_concept(need, expected):
    matches = rank(INDEX, need, limit=3, today=TODAY)
    assert matches
    assert matches[0].id == expected
    assert any(reason.startswith("Concepts:") for reason in matches[0].reasons)


def test_the_keyword_baseline_misses_across_languages():
    baseline = build_index(OFFERS, KEYWORD_BASELINE)
    matches = rank(baseline, "Wasserstoff und Brennstoffzellen", limit=3, today=TODAY)
    assert "hydrogen-industry" not in ids(matches)


def test_a_misspelt_word_is_corrected_to_the_lexicon():
    matches = rank(INDEX, "cybersecuirty training for staff", limit=1, today=TODAY)
    assert ids(matches) == ["cybersecurity-essentials"]


# --- eligibility -------------------------------------------------------------------------------


def test_eligibility_is_evaluated_per_rule_and_shown_in_the_reasons():
    eligible = rank(INDEX, "digitalisation funding", facts=SME, kinds=["instrument"], today=TODAY)
    assert eligible[0].id == "fit-4-digital"
    assert eligible[0].eligible is True
    assert "Eligible:" in eligible[0].reasons
    assert any("SME by the EU definition" in reason for reason in eligible[0].reasons)

    ineligible = rank(INDEX, "digitalisation funding", facts=LARGE, kinds=["instrument"])
    fit_4_digital = next(match for match in ineligible if match.id == "fit-4-digital")
    assert fit_4_digital.eligible is False  # shown, as such, not hidden
    assert "Not eligible:" in fit_4_digital.reasons
    assert fit_4_digital.eligibility is not None
    assert [result.status for result in fit_4_digital.eligibility.results] == ["failed", "passed"]


def test_without_an_organisation_eligibility_is_not_checked():
    matches = rank(INDEX, "digitalisation funding", kinds=["instrument"], today=TODAY)
    assert matches[0].eligible is None
    assert "Eligibility not checked: no organisation given." in matches[0].reasons


def test_missing_data_is_unknown_and_non_instruments_have_no_verdict():
    matches = rank(INDEX, "digitalisation and phishing", facts=OrganisationFacts(), today=TODAY)
    by_id = {match.id: match for match in matches}
    assert by_id["fit-4-digital"].eligible is None
    assert "Eligibility unsure:" in by_id["fit-4-digital"].reasons
    assert by_id["cybersecurity-essentials"].eligible is None


def twin_instruments(text: str, rules_a: list, rules_b: list, id_a: str, id_b: str) -> list:
    return [
        Offer("instrument", id_a, "Energy audit aid", text, eligibility_rules=rules_a),
        Offer("instrument", id_b, "Energy audit aid", text, eligibility_rules=rules_b),
    ]


@settings(max_examples=60, deadline=None)
@given(
    text=st.sampled_from(
        [
            "energy audit and carbon footprint of the plant",
            "digitalisation of orders, ERP and cloud",
            "patents and intellectual property for a new process",
        ]
    ),
    headcount=st.integers(min_value=0, max_value=2000),
    eligible_first=st.booleans(),
    extra=st.lists(st.sampled_from(OFFERS), max_size=4),
)
def test_an_ineligible_instrument_never_outranks_an_equally_relevant_eligible_one(
    text, headcount, eligible_first, extra
):
    facts = OrganisationFacts(headcount=headcount, has_business_permit=True)
    sme = headcount < 250
    # The same text: equally relevant. Rules that this organisation passes and fails.
    passing, failing = (SME_RULES, LARGE_ONLY) if sme else (LARGE_ONLY, SME_RULES)
    a_rules, b_rules = (passing, failing) if eligible_first else (failing, passing)
    # Ids chosen so that the tie-break alone would put the ineligible one first.
    a_id, b_id = ("z-eligible", "a-ineligible") if eligible_first else ("a-ineligible", "z-ok")
    offers = [*extra, *twin_instruments(text, a_rules, b_rules, a_id, b_id)]
    matches = rank(build_index(offers), text, facts=facts, limit=20, today=TODAY)
    order = [match.id for match in matches if match.id in (a_id, b_id)]
    verdicts = {match.id: match.eligible for match in matches}
    assert len(order) == 2
    assert verdicts[order[0]] is True
    assert verdicts[order[1]] is False


# --- determinism and index updates ----------------------------------------------------------


def test_results_are_deterministic_and_ties_broken_by_kind_then_id():
    same = "Energy audit for companies"
    offers = [
        Offer("training", "b", same, same),
        Offer("training", "a", same, same),
        Offer("instrument", "c", same, same, eligibility_rules=[]),
    ]
    shuffled = offers[:]
    random.Random(4).shuffle(shuffled)
    first = rank(build_index(offers), "energy audit", today=TODAY)
    second = rank(build_index(shuffled), "energy audit", today=TODAY)
    assert first == second
    assert [(match.kind, match.id) for match in first] == [
        ("instrument", "c"),
        ("training", "a"),
        ("training", "b"),
    ]


def test_update_and_remove_keep_the_index_equal_to_a_fresh_build():
    index = build_index(OFFERS[:3])
    update(index, OFFERS[3:])
    changed = Offer("team", "international-business", "Export desk", "Trade missions abroad.")
    update(index, [changed])
    remove(index, [("call", "HORIZON-CL4-2026-TWIN-01"), ("call", "unknown")])
    expected = [o for o in OFFERS if o.kind != "call" and o.id != "international-business"]
    fresh = build_index([*expected, changed])
    for need in ("export trade missions", "recycling consortium", "phishing backups"):
        assert ids(rank(index, need, today=TODAY)) == ids(rank(fresh, need, today=TODAY))
    assert index.offer("team", "international-business") == changed
    assert index.offer("call", "HORIZON-CL4-2026-TWIN-01") is None
    assert len(index) == len(fresh)


def test_kinds_and_limit():
    matches = rank(INDEX, "digital cybersecurity", kinds=["training"], limit=1, today=TODAY)
    assert [match.kind for match in matches] == ["training"]
    assert len(matches) == 1
    assert rank(INDEX, "digital", limit=0) == []


def test_matches_carry_the_external_id_of_calls():
    matches = rank(INDEX, "Horizon Europe consortium on recycling", kinds=["call"])
    assert matches[0].external_id == "HORIZON-CL4-2026-TWIN-01"


# --- outcomes of past referrals ---------------------------------------------------------------


def test_an_offer_that_solved_similar_needs_ranks_higher_and_says_why():
    need = "company wants to export and find distributors"
    before = rank(INDEX, need, limit=6, today=TODAY)
    past = [
        PastNeed(
            "export to new markets, looking for distributors", "training", "hydrogen-industry", True
        ),
    ]
    after = rank(INDEX, need, limit=6, past=past, today=TODAY)
    assert "hydrogen-industry" not in ids(before)  # no shared words or concepts
    assert "hydrogen-industry" in ids(after)  # proposed because it solved a similar need
    match = next(match for match in after if match.id == "hydrogen-industry")
    assert any(reason.startswith("Solved a similar need") for reason in match.reasons)


def test_failed_referrals_of_similar_needs_lower_an_offer():
    need = "export to new markets and distributors"
    team = ("team", "international-business")
    plain = next(m for m in rank(INDEX, need, today=TODAY) if (m.kind, m.id) == team)
    past = [PastNeed("export to new markets, distributors abroad", *team, succeeded=False)]
    lowered = next(m for m in rank(INDEX, need, past=past, today=TODAY) if (m.kind, m.id) == team)
    assert lowered.score < plain.score
    assert "Referrals of similar needs to it did not succeed." in lowered.reasons


def test_unrelated_past_needs_change_nothing():
    need = "energy audit"
    past = [PastNeed("patent for a new bicycle lock", "training", "hydrogen-industry", True)]
    assert rank(INDEX, need, past=past, today=TODAY) == rank(INDEX, need, today=TODAY)


# --- bad input ------------------------------------------------------------------------------------


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="Unknown kind “partner”"):
        rank(INDEX, "export", kinds=["partner"])
    with pytest.raises(ValueError, match="Unknown kind"):
        build_index([Offer("course", "x", "X")])


@pytest.mark.parametrize("need", ["", "   ", "the and of", "!!!"])
def test_an_empty_need_has_no_match(need):
    assert rank(INDEX, need, today=TODAY) == []


def test_a_100_kb_need_is_ranked_without_error():
    need = ("We need funding for digitalisation and cybersecurity training. " * 1700)[:100_000]
    matches = rank(INDEX, need, today=TODAY)
    assert matches
    assert {"fit-4-digital", "cybersecurity-essentials"} <= set(ids(matches))


def test_malformed_rules_make_an_instrument_unknown_not_a_crash():
    offers = [Offer("instrument", "x", "Energy aid", "energy", eligibility_rules=[{"bad": 1}])]
    match = rank(build_index(offers), "energy", facts=SME, today=TODAY)[0]
    assert match.eligible is None
    assert any("Rule not checked" in reason for reason in match.reasons)
