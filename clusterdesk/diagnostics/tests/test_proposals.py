"""A low-scoring dimension proposes its need; the priority grows with the gap."""

from __future__ import annotations

import pytest

from clusterdesk.diagnostics.proposals import ProposedNeed, priority_for, proposed_needs
from clusterdesk.diagnostics.scoring import (
    DimensionResult,
    DimensionSpec,
    QuestionSpec,
    Results,
    TemplateSpec,
)


def spec(key: str, threshold: float = 50, text: str = "") -> DimensionSpec:
    return DimensionSpec(
        key=key,
        name=key.capitalize(),
        questions=(QuestionSpec(id=key, max_score=3),),
        threshold=threshold,
        need_theme="digitalisation",
        need_category=f"{key} category",
        need_text=text,
    )


TEMPLATE = TemplateSpec(
    "t",
    "T",
    1,
    (spec("strategy", text="Write a digital strategy"), spec("data", threshold=60), spec("green")),
)


def results(**scores: float | None) -> Results:
    return Results(
        tuple(DimensionResult(key, key, score, 1, 1) for key, score in scores.items()),
        overall=None,
    )


@pytest.mark.parametrize(
    ("score", "threshold", "priority"),
    [
        (0, 50, "high"),
        (25, 50, "high"),
        (25.1, 50, "medium"),
        (40, 50, "medium"),
        (40.1, 50, "low"),
        (49.9, 50, "low"),
    ],
)
def test_priority_grows_with_the_gap_below_the_threshold(
    score: float, threshold: float, priority: str
) -> None:
    assert priority_for(score, threshold) == priority


def test_dimensions_below_their_threshold_propose_their_need_lowest_first() -> None:
    proposals = proposed_needs(results(strategy=20.0, data=55.0, green=80.0), TEMPLATE)
    assert proposals == [
        ProposedNeed(
            theme="digitalisation",
            category="strategy category",
            text="Write a digital strategy",
            priority="high",
            dimension="Strategy",
            score=20.0,
        ),
        ProposedNeed(
            theme="digitalisation",
            category="data category",
            text="Improve data",
            priority="low",
            dimension="Data",
            score=55.0,
        ),
    ]


def test_a_score_at_the_threshold_or_without_answers_proposes_nothing() -> None:
    assert proposed_needs(results(strategy=50.0, data=None, green=None), TEMPLATE) == []


def test_proposals_are_frozen() -> None:
    need = proposed_needs(results(strategy=0.0), TEMPLATE)[0]
    with pytest.raises(AttributeError):
        need.text = "changed"  # type: ignore[misc]
