"""Scoring is a pure function of the questionnaire and the answers: tables of cases."""

from __future__ import annotations

import pytest

from clusterdesk.diagnostics import scoring
from clusterdesk.diagnostics.scoring import (
    Band,
    DimensionResult,
    DimensionSpec,
    QuestionSpec,
    TemplateSpec,
)

# The DMA's bands (DOMAIN.md §5.1): Basic 0-25 %, Average 26-50 %, Moderately advanced
# 51-70 %, Advanced 71-100 %, as upper bounds.
DMA_BANDS = (
    Band("basic", "Basic", 25),
    Band("average", "Average", 50),
    Band("moderately_advanced", "Moderately advanced", 70),
    Band("advanced", "Advanced", 100),
)


def dimension(key: str, *questions: tuple[int, float, float], weight: float = 1.0) -> DimensionSpec:
    """`questions` as (id, best score, weight)."""
    return DimensionSpec(
        key=key,
        name=key.replace("_", " ").capitalize(),
        questions=tuple(QuestionSpec(id=q, max_score=m, weight=w) for q, m, w in questions),
        weight=weight,
    )


def result(key: str, score: float | None, weight: float = 1.0) -> DimensionResult:
    return DimensionResult(key=key, name=key, score=score, answered=1, questions=1, weight=weight)


# --- one dimension ------------------------------------------------------------------------------

THREE_QUESTIONS = dimension("strategy", (1, 3, 1), (2, 3, 1), (3, 3, 2))


@pytest.mark.parametrize(
    ("answers", "expected_score", "expected_answered"),
    [
        pytest.param({1: 3, 2: 3, 3: 3}, 100.0, 3, id="every best answer is 100"),
        pytest.param({1: 0, 2: 0, 3: 0}, 0.0, 3, id="every weakest answer is 0"),
        # (1*1 + 1*2 + 2*3) / (1*3 + 1*3 + 2*3) = 9/12
        pytest.param(
            {1: 1, 2: 2, 3: 3}, 75.0, 3, id="weighted: the double-weight question counts twice"
        ),
        # (1*3 + 1*0) / (1*3 + 1*3): question 3 is unanswered and left out
        pytest.param({1: 3, 2: 0}, 50.0, 2, id="an unanswered question neither helps nor hurts"),
        pytest.param({1: 1}, 33.3, 1, id="rounded to one decimal"),
        pytest.param({1: 2}, 66.7, 1, id="halves round up"),
        pytest.param({}, None, 0, id="no answer: no score"),
        pytest.param({99: 3}, None, 0, id="answers to other questions are ignored"),
    ],
)
def test_a_dimension_scores_the_weighted_share_of_the_best_answers(
    answers: dict[int, float], expected_score: float | None, expected_answered: int
) -> None:
    outcome = scoring.dimension_score(THREE_QUESTIONS, answers)
    assert outcome.score == expected_score
    assert outcome.answered == expected_answered
    assert outcome.questions == 3


def test_a_dimension_whose_answered_questions_all_weigh_nothing_has_no_score() -> None:
    weightless = dimension("x", (1, 4, 0), (2, 4, 1))
    assert scoring.dimension_score(weightless, {1: 4}).score is None
    assert scoring.dimension_score(weightless, {1: 4, 2: 1}).score == 25.0


@pytest.mark.parametrize("bad_score", [-1, 4])
def test_a_score_outside_what_the_question_allows_is_refused(bad_score: float) -> None:
    with pytest.raises(scoring.ScoringError):
        scoring.dimension_score(THREE_QUESTIONS, {1: bad_score})


# --- overall score ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dimensions", "expected"),
    [
        pytest.param([result("a", 40), result("b", 60)], 50.0, id="plain average"),
        pytest.param(
            [result("a", 40, weight=3), result("b", 80, weight=1)], 50.0, id="weighted average"
        ),
        pytest.param(
            [result("a", 40), result("b", None), result("c", 60)],
            50.0,
            id="a dimension without a score does not count",
        ),
        pytest.param([result("a", None)], None, id="no scored dimension: no overall score"),
        pytest.param([], None, id="nothing at all"),
        pytest.param(
            [result("a", 90, weight=0), result("b", 30)],
            30.0,
            id="a weightless dimension does not count",
        ),
        pytest.param([result("a", 33.3), result("b", 33.4)], 33.4, id="rounded half up"),
    ],
)
def test_the_overall_score_is_the_weighted_mean_of_the_scored_dimensions(
    dimensions: list[DimensionResult], expected: float | None
) -> None:
    assert scoring.overall_score(dimensions) == expected


# --- bands ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0.0, "basic"),
        (12.5, "basic"),
        (25.0, "basic"),  # "Basic 0-25 %" includes 25
        (25.1, "average"),
        (26.0, "average"),
        (50.0, "average"),
        (50.1, "moderately_advanced"),
        (51.0, "moderately_advanced"),
        (70.0, "moderately_advanced"),
        (70.1, "advanced"),
        (71.0, "advanced"),
        (100.0, "advanced"),
    ],
)
def test_dma_bands_follow_the_published_ranges(score: float, band: str) -> None:
    found = scoring.band_for(score, DMA_BANDS)
    assert found is not None
    assert found.key == band


def test_no_score_has_no_band_and_bands_need_not_be_given_in_order() -> None:
    assert scoring.band_for(None, DMA_BANDS) is None
    assert scoring.band_for(60, tuple(reversed(DMA_BANDS))).key == "moderately_advanced"
    assert scoring.band_for(60, ()) is None


# --- a whole DMA ------------------------------------------------------------------------------

DMA_KEYS = (
    "digital_business_strategy",
    "digital_readiness",
    "human_centric_digitalisation",
    "data_management",
    "automation_ai",
    "green_digitalisation",
)


def dma_template() -> TemplateSpec:
    """Six dimensions of two questions scored 0-4, equal weights (a plain average)."""
    dimensions = tuple(
        dimension(key, (index * 10 + 1, 4, 1), (index * 10 + 2, 4, 1))
        for index, key in enumerate(DMA_KEYS)
    )
    return TemplateSpec("dma", "DMA", 1, dimensions, DMA_BANDS)


def dma_answers(*pairs: tuple[float, float] | None) -> dict[int, float]:
    answers: dict[int, float] = {}
    for index, pair in enumerate(pairs):
        if pair is not None:
            answers[index * 10 + 1], answers[index * 10 + 2] = pair
    return answers


@pytest.mark.parametrize(
    ("answers", "dimension_scores", "overall", "band"),
    [
        pytest.param(
            dma_answers((4, 4), (4, 4), (4, 4), (4, 4), (4, 4), (4, 4)),
            [100.0] * 6,
            100.0,
            "advanced",
            id="a fully mature company",
        ),
        pytest.param(
            dma_answers((0, 0), (0, 0), (0, 0), (0, 0), (0, 0), (0, 0)),
            [0.0] * 6,
            0.0,
            "basic",
            id="a company at the very start",
        ),
        # dimension scores 50, 75, 25, 62.5, 12.5, 37.5: average 262.5/6 = 43.75
        pytest.param(
            dma_answers((2, 2), (3, 3), (1, 1), (2, 3), (0, 1), (1, 2)),
            [50.0, 75.0, 25.0, 62.5, 12.5, 37.5],
            43.8,
            "average",
            id="a mixed profile: the plain average of six",
        ),
        # only four dimensions answered: 50, 100, 25, 75 → 62.5
        pytest.param(
            dma_answers((2, 2), (4, 4), None, (1, 1), None, (3, 3)),
            [50.0, 100.0, None, 25.0, None, 75.0],
            62.5,
            "moderately_advanced",
            id="unanswered dimensions are left out of the average",
        ),
        # exactly on a band's upper bound
        pytest.param(
            dma_answers((1, 1), (1, 1), (1, 1), (1, 1), (1, 1), (1, 1)),
            [25.0] * 6,
            25.0,
            "basic",
            id="25 % is still basic",
        ),
        pytest.param(
            dma_answers(None, None, None, None, None, None),
            [None] * 6,
            None,
            None,
            id="nothing answered: no score and no band",
        ),
    ],
)
def test_a_dma_scores_each_dimension_averages_them_and_finds_the_band(
    answers: dict[int, float],
    dimension_scores: list[float | None],
    overall: float | None,
    band: str | None,
) -> None:
    results = scoring.score(dma_template(), answers)
    assert [d.score for d in results.dimensions] == dimension_scores
    assert results.overall == overall
    assert (results.band.key if results.band else None) == band


def test_results_count_answers_and_round_trip_through_json() -> None:
    results = scoring.score(dma_template(), dma_answers((4, 0), None, None, None, None, None))
    assert (results.answered, results.questions, results.is_complete) == (2, 12, False)
    stored = [d.to_json() for d in results.dimensions]
    again = scoring.results_from_json(stored, results.overall, results.band)
    assert again.dimensions == results.dimensions
    assert again.by_key["digital_business_strategy"].score == 50.0


def test_comparing_two_diagnoses_gives_the_change_per_dimension() -> None:
    before = scoring.Results((result("a", 40), result("b", 70), result("gone", 10)), 55)
    after = scoring.Results((result("a", 55.5), result("b", 60), result("new", 30)), 48)
    deltas = {d.key: d for d in scoring.compare(after, before)}
    assert deltas["a"].delta == 15.5
    assert deltas["b"].delta == -10.0
    assert deltas["new"].previous is None
    assert deltas["new"].delta is None
    assert "gone" not in deltas
