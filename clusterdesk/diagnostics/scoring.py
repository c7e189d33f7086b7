"""Scoring a diagnosis: pure functions over plain dataclasses (no database).

The model (DOMAIN.md §5.3, the EDIH digital maturity assessment of §5.1):

- a question's answer has a score between 0 and the question's best score;
- a dimension's score is sum(weight * score) / sum(weight * best score) * 100 over the
  questions *answered*: an unanswered question neither helps nor hurts;
- a dimension without any answer (or whose answered questions all weigh 0) has no score
  (`None`) and does not count in the overall score;
- the overall score is the mean of the dimension scores weighted by the dimensions'
  weights (the DMA weighs its six dimensions equally: a plain average);
- every score is rounded to one decimal, and the band is looked up from the rounded
  overall score, so the band always agrees with the number shown;
- a band table lists bands in ascending order, each `up_to` a score (inclusive): the DMA's
  "Basic 0-25%, Average 26-50%, Moderately advanced 51-70%, Advanced 71-100%" is
  `up_to` 25, 50, 70, 100, so 25.0 is basic and 25.1 is average.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

Number = float | int
QuestionId = Any  # whatever identifies a question in the answers mapping (id, uuid…)


@dataclass(frozen=True)
class QuestionSpec:
    id: QuestionId
    max_score: float  # the score of the question's best answer
    weight: float = 1.0


@dataclass(frozen=True)
class DimensionSpec:
    key: str
    name: str
    questions: tuple[QuestionSpec, ...]
    weight: float = 1.0
    # What a low score proposes (see `proposals.proposed_needs`).
    threshold: float = 50.0
    need_theme: str = ""
    need_category: str = ""
    need_text: str = ""


@dataclass(frozen=True)
class Band:
    key: str
    label: str
    up_to: float


@dataclass(frozen=True)
class TemplateSpec:
    key: str
    name: str
    version: int
    dimensions: tuple[DimensionSpec, ...]
    bands: tuple[Band, ...] = ()


@dataclass(frozen=True)
class DimensionResult:
    key: str
    name: str
    score: float | None  # 0-100, None when nothing was answered
    answered: int
    questions: int
    weight: float = 1.0

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "score": self.score,
            "answered": self.answered,
            "questions": self.questions,
            "weight": self.weight,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DimensionResult:
        score = data.get("score")
        return cls(
            key=str(data["key"]),
            name=str(data.get("name", data["key"])),
            score=None if score is None else float(score),
            answered=int(data.get("answered", 0)),
            questions=int(data.get("questions", 0)),
            weight=float(data.get("weight", 1.0)),
        )


@dataclass(frozen=True)
class Results:
    dimensions: tuple[DimensionResult, ...]
    overall: float | None
    band: Band | None = None
    by_key: dict[str, DimensionResult] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_key", {d.key: d for d in self.dimensions})

    @property
    def answered(self) -> int:
        return sum(dimension.answered for dimension in self.dimensions)

    @property
    def questions(self) -> int:
        return sum(dimension.questions for dimension in self.dimensions)

    @property
    def is_complete(self) -> bool:
        """Every question answered."""
        return self.answered == self.questions


class ScoringError(ValueError):
    """An answer's score outside what its question allows."""


def _decimal(value: Number | Decimal) -> Decimal:
    """Exact decimal arithmetic: 33.3 and 33.4 average to 33.35, not 33.349999…"""
    return value if isinstance(value, Decimal) else Decimal(repr(value))


def _round(value: Number | Decimal) -> float:
    """One decimal, halves away from zero (62.25 → 62.3), as people round."""
    return float(_decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)) + 0.0


def dimension_score(
    dimension: DimensionSpec, answers: Mapping[QuestionId, Number]
) -> DimensionResult:
    """`answers` maps a question to the score of the option chosen; others are ignored."""
    earned = possible = Decimal(0)
    answered = 0
    for question in dimension.questions:
        if question.id not in answers:
            continue
        score = _decimal(answers[question.id])
        if score < 0 or score > _decimal(question.max_score):
            raise ScoringError(
                f"score {score} of question {question.id!r} is outside 0-{question.max_score}"
            )
        answered += 1
        earned += _decimal(question.weight) * score
        possible += _decimal(question.weight) * _decimal(question.max_score)
    score_value = _round(earned / possible * 100) if possible > 0 else None
    return DimensionResult(
        key=dimension.key,
        name=dimension.name,
        score=score_value,
        answered=answered,
        questions=len(dimension.questions),
        weight=dimension.weight,
    )


def overall_score(dimensions: Sequence[DimensionResult]) -> float | None:
    """The weighted mean of the dimensions that have a score; None when none has one."""
    scored = [d for d in dimensions if d.score is not None and d.weight > 0]
    total_weight = sum((_decimal(d.weight) for d in scored), Decimal(0))
    if not scored or total_weight <= 0:
        return None
    total = sum((_decimal(d.weight) * _decimal(d.score or 0) for d in scored), Decimal(0))
    return _round(total / total_weight)


def band_for(score: float | None, bands: Sequence[Band]) -> Band | None:
    """The first band (ascending) whose `up_to` the score does not exceed."""
    if score is None:
        return None
    for band in sorted(bands, key=lambda band: band.up_to):
        if score <= band.up_to:
            return band
    return None


def score(template: TemplateSpec, answers: Mapping[QuestionId, Number]) -> Results:
    """The results of a diagnosis of `template` with `answers` (question → option score)."""
    dimensions = tuple(dimension_score(dimension, answers) for dimension in template.dimensions)
    overall = overall_score(dimensions)
    return Results(dimensions=dimensions, overall=overall, band=band_for(overall, template.bands))


def results_from_json(
    dimension_scores: Sequence[Mapping[str, Any]],
    overall: float | None,
    band: Band | None = None,
) -> Results:
    """Stored results (`Diagnosis.dimension_scores`) back as `Results`."""
    return Results(
        dimensions=tuple(DimensionResult.from_json(data) for data in dimension_scores),
        overall=overall,
        band=band,
    )


@dataclass(frozen=True)
class DimensionDelta:
    key: str
    name: str
    score: float | None
    previous: float | None

    @property
    def delta(self) -> float | None:
        if self.score is None or self.previous is None:
            return None
        return _round(_decimal(self.score) - _decimal(self.previous))


def compare(current: Results, previous: Results) -> list[DimensionDelta]:
    """Per dimension of `current`, its score, the earlier one (same dimension key) and the
    change; a dimension missing from either side has no delta."""
    deltas = []
    for dimension in current.dimensions:
        before = previous.by_key.get(dimension.key)
        deltas.append(
            DimensionDelta(
                key=dimension.key,
                name=dimension.name,
                score=dimension.score,
                previous=before.score if before else None,
            )
        )
    return deltas
