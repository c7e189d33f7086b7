"""The pairing of partner listings, as pure functions over plain data (no database)."""

from __future__ import annotations

import dataclasses
import datetime
import random
from collections.abc import Sequence
from typing import Any

import pytest

from clusterdesk.partnering import pairing
from clusterdesk.partnering.pairing import Listing, propose_for, propose_pairs, token_overlap

TODAY = datetime.date(2026, 6, 15)


def listing(id: int, organisation: str, direction: str, **fields: Any) -> Listing:
    values: dict[str, Any] = {
        "category": "technology",
        "title": "3D printing of titanium parts",
        "text": "Metal additive manufacturing of titanium prototypes",
        **fields,
    }
    return Listing(id=id, organisation_id=organisation, direction=direction, **values)


def pairs_of(listings: Sequence[Listing], **options: Any) -> list[tuple[Any, Any]]:
    found = propose_pairs(listings, today=TODAY, **options)
    return [(pair.request.id, pair.counterpart.id) for pair in found]


REQUEST = listing(1, "health", "request", title="Titanium implant prototypes by 3D printing")
OFFER = listing(2, "materials", "offer")


# --- who pairs with whom ----------------------------------------------------------------------


def test_an_open_request_is_paired_with_a_fitting_offer_of_another_organisation() -> None:
    assert pairs_of([REQUEST, OFFER]) == [(1, 2)]


@pytest.mark.parametrize(
    ("other", "why"),
    [
        (dataclasses.replace(OFFER, organisation_id="health"), "same organisation"),
        (dataclasses.replace(OFFER, status="closed"), "closed offer"),
        (dataclasses.replace(OFFER, status="paused"), "paused offer"),
        (dataclasses.replace(OFFER, valid_until=TODAY - datetime.timedelta(days=1)), "expired"),
        (dataclasses.replace(OFFER, category="service"), "other category"),
        (dataclasses.replace(OFFER, direction="request"), "a technology request"),
        (dataclasses.replace(OFFER, title="Payroll software", text="Monthly payslips"), "no fit"),
    ],
)
def test_a_request_is_not_paired_with(other: Listing, why: str) -> None:
    assert pairs_of([REQUEST, other]) == [], why


@pytest.mark.parametrize(
    ("inactive", "why"),
    [
        (dataclasses.replace(REQUEST, status="closed"), "closed request"),
        (dataclasses.replace(REQUEST, status="paused"), "paused request"),
        (dataclasses.replace(REQUEST, valid_until=TODAY - datetime.timedelta(days=1)), "expired"),
    ],
)
def test_an_inactive_request_gets_no_pair(inactive: Listing, why: str) -> None:
    assert pairs_of([inactive, OFFER]) == [], why


def test_a_listing_valid_until_today_is_still_proposed() -> None:
    assert pairs_of([REQUEST, dataclasses.replace(OFFER, valid_until=TODAY)]) == [(1, 2)]


def test_a_listing_is_never_paired_with_itself_even_when_listed_twice() -> None:
    assert pairs_of([REQUEST, REQUEST]) == []
    partnership = dataclasses.replace(REQUEST, category="partnership")
    assert pairs_of([partnership, partnership]) == []


def test_offers_are_not_paired_with_each_other() -> None:
    assert pairs_of([OFFER, dataclasses.replace(OFFER, id=3, organisation_id="other")]) == []


def test_partnership_requests_pair_with_each_other_once() -> None:
    english = listing(
        1,
        "cleantech",
        "request",
        category="partnership",
        title="Partner for a Horizon Europe hydrogen project",
        text="Consortium on green hydrogen storage",
    )
    french = listing(
        2,
        "automobility",
        "request",
        category="partnership",
        title="Partenaire pour un projet Horizon Europe sur l'hydrogène",
        text="Consortium sur le stockage d'hydrogène",
    )
    assert pairs_of([english, french]) == [(1, 2)]
    assert pairs_of([french, english]) == [(1, 2)]


def test_shared_themes_alone_make_no_pair_but_a_shared_keyword_does() -> None:
    request = listing(
        1, "a", "request", title="Payroll", text="", themes=("digitalisation",), keywords=()
    )
    offer = listing(2, "b", "offer", title="Sensors", text="", themes=("digitalisation",))
    assert pairs_of([request, offer]) == []

    with_keyword = dataclasses.replace(request, keywords=("LIDAR",))
    offer_keyword = dataclasses.replace(offer, keywords=("lidar", "radar"))
    [pair] = propose_pairs([with_keyword, offer_keyword], today=TODAY)
    assert pair.shared_keywords == ("LIDAR",)
    assert pair.shared_themes == ("digitalisation",)


def test_each_request_keeps_its_best_counterparts_up_to_the_limit() -> None:
    offers = [
        listing(10 + index, f"org-{index}", "offer", title=f"Titanium 3D printing {'x' * index}")
        for index in range(8)
    ]
    assert len(pairs_of([REQUEST, *offers])) == pairing.DEFAULT_LIMIT
    assert len(pairs_of([REQUEST, *offers], limit_per_request=2)) == 2


# --- scores and reasons ---------------------------------------------------------------------


def test_a_pair_says_why_with_shared_themes_keywords_and_matched_terms() -> None:
    request = dataclasses.replace(
        REQUEST,
        text="We need additive manufacturing",
        themes=("regional_value_chains", "digitalisation"),
        keywords=("Titanium", "implants"),
    )
    offer = dataclasses.replace(
        OFFER, themes=("regional_value_chains",), keywords=("titane", "3D printing")
    )
    [pair] = propose_pairs([request, offer], today=TODAY)
    assert pair.shared_themes == ("regional_value_chains",)
    assert pair.shared_keywords == ("Titanium",)  # "titane" ~ "Titanium": a cognate
    assert "titanium" not in pair.matched_terms  # said once, as a keyword
    assert {"3d", "printing", "additive"} <= set(pair.matched_terms)
    assert [str(reason) for reason in pair.reasons] == [
        "Shared keywords: Titanium",
        "Shared themes: regional_value_chains",
        f"Matching terms: {', '.join(pair.matched_terms)}",
    ]
    assert 0 < pair.score <= 1


def test_more_in_common_scores_higher() -> None:
    close = listing(3, "c", "offer", title="Titanium implant prototypes by 3D printing")
    pairs = propose_pairs([REQUEST, OFFER, close], today=TODAY)
    assert [pair.counterpart.id for pair in pairs] == [3, 2]
    assert pairs[0].score > pairs[1].score


def test_the_order_is_the_same_whatever_the_order_of_the_listings() -> None:
    listings = [
        REQUEST,
        listing(5, "x", "request", title="Titanium brackets 3D printed"),
        *(listing(10 + index, f"org-{index}", "offer") for index in range(6)),  # equal offers
    ]
    expected = propose_pairs(listings, today=TODAY)
    for seed in range(5):
        shuffled = list(listings)
        random.Random(seed).shuffle(shuffled)
        assert propose_pairs(shuffled, today=TODAY) == expected
    # ties are broken by the ids: the lower first
    first = [int(str(pair.counterpart.id)) for pair in expected if pair.request.id == 1]
    assert first == sorted(first)


# --- the similarity seam --------------------------------------------------------------------


def test_an_injected_similarity_ranks_and_explains_the_pairs() -> None:
    calls: list[tuple[str, list[str]]] = []

    def similarity(request_text: str, offer_texts: Sequence[str]) -> list[tuple[float, list]]:
        calls.append((request_text, list(offer_texts)))
        return [(2.0 if "Wasserstoff" in text else 0.0, ["hydrogen"]) for text in offer_texts]

    request = listing(1, "a", "request", title="Hydrogen storage", text="")
    german = listing(2, "b", "offer", title="Wasserstoffspeicher", text="")
    other = listing(3, "c", "offer", title="Payroll", text="")
    [pair] = propose_pairs([request, german, other], today=TODAY, similarity=similarity)
    assert calls == [("Hydrogen storage", ["Wasserstoffspeicher", "Payroll"])]
    assert (pair.counterpart.id, pair.text_score, pair.matched_terms) == (2, 1.0, ("hydrogen",))
    assert pair.score == pairing.TEXT_WEIGHT  # clamped to 1, then weighted


def test_a_similarity_that_does_not_answer_for_every_offer_is_refused() -> None:
    with pytest.raises(ValueError, match="one"):
        propose_pairs([REQUEST, OFFER], today=TODAY, similarity=lambda request, offers: [])


@pytest.mark.parametrize(
    ("request_text", "offer_text", "expected"),
    [
        ("Hydrogène vert", "green hydrogen", ["hydrogène"]),
        ("Titan-Bauteile", "titanium parts", ["titan"]),
        ("Wasserstoff", "Wasserstoffprojekt", ["wasserstoff"]),
        ("PRINTING services", "3D printer", ["printing"]),
        ("Vidéo", "video", ["vidéo"]),
        ("We are looking for a partner", "Partner offers for the company", []),
        ("international trade", "internal audit", []),
    ],
)
def test_the_default_similarity_folds_accents_stems_and_drops_stop_words(
    request_text: str, offer_text: str, expected: list[str]
) -> None:
    [(score, terms)] = token_overlap(request_text, [offer_text])
    assert terms == expected
    assert (score > 0) == bool(expected)
    assert 0 <= score <= 1


# --- the pairs of one listing ----------------------------------------------------------------


def test_the_pairs_of_a_request_are_its_best_counterparts() -> None:
    pairs = propose_for(REQUEST, [REQUEST, OFFER], today=TODAY)
    assert [(pair.request.id, pair.counterpart.id) for pair in pairs] == [(1, 2)]
    assert pairs[0].other(1) == OFFER


def test_the_pairs_of_an_offer_are_the_requests_it_fits() -> None:
    other_request = listing(3, "x", "request", title="Titanium 3D printing for drones")
    pairs = propose_for(OFFER, [REQUEST, OFFER, other_request], today=TODAY)
    assert {pair.request.id for pair in pairs} == {1, 3}
    assert all(pair.other(2).direction == "request" for pair in pairs)


def test_an_inactive_listing_has_no_pairs() -> None:
    closed = dataclasses.replace(OFFER, status="closed")
    assert propose_for(closed, [REQUEST, closed], today=TODAY) == []
    assert propose_for(REQUEST, [REQUEST, closed], today=TODAY) == []


def test_a_french_request_meets_a_german_offer_through_shared_concepts() -> None:
    """No word in common, so the word overlap alone finds nothing; the matching engine's
    concepts (hydrogen, electrolysis) pair them, and say why."""
    from clusterdesk.partnering.matchmaking import concept_overlap

    request = listing(
        1,
        "a",
        "request",
        title="Électrolyseur pour l'hydrogène vert",
        text="Nous cherchons un électrolyseur pour produire de l'hydrogène",
    )
    offer = listing(
        2,
        "b",
        "offer",
        title="Wasserstoff-Elektrolyseur",
        text="Prüfstand für Elektrolyseure und grünen Wasserstoff",
    )
    assert pairs_of([request, offer]) == []  # the default similarity: words only
    found = propose_pairs([request, offer], today=TODAY, similarity=concept_overlap)
    assert [(pair.request.id, pair.counterpart.id) for pair in found] == [(1, 2)]
    assert any("hydrogen" in reason.values for reason in found[0].reasons)
