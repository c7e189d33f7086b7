"""Needs that a diagnosis proposes: pure functions over the scoring dataclasses.

A dimension proposes its need (theme, category, text set on the dimension of the template)
when it has a score below its threshold. The priority grows with the gap between the
score and the threshold: 25 points or more is "high", 10 or more "medium", less "low".
Dimensions without a score (nothing answered) propose nothing: there is no evidence.
The support journey turns proposals into Needs; this module only says what to propose.
"""

from __future__ import annotations

from dataclasses import dataclass

from clusterdesk.diagnostics.scoring import Results, TemplateSpec

HIGH, MEDIUM, LOW = "high", "medium", "low"
HIGH_GAP = 25.0
MEDIUM_GAP = 10.0


@dataclass(frozen=True)
class ProposedNeed:
    theme: str  # a market-intelligence theme key, e.g. "digitalisation" (models.NeedTheme)
    category: str  # e.g. "Cybersecurity"
    text: str  # what the company needs, in a sentence
    priority: str  # "high" | "medium" | "low"
    dimension: str  # the dimension's name, e.g. "Data management"
    score: float  # the dimension's score (0-100) that proposed it


def priority_for(score: float, threshold: float) -> str:
    gap = threshold - score
    if gap >= HIGH_GAP:
        return HIGH
    if gap >= MEDIUM_GAP:
        return MEDIUM
    return LOW


def proposed_needs(results: Results, template: TemplateSpec) -> list[ProposedNeed]:
    """One need per dimension scoring below its threshold, lowest score first."""
    proposals = []
    for dimension in template.dimensions:
        result = results.by_key.get(dimension.key)
        if result is None or result.score is None or result.score >= dimension.threshold:
            continue
        text = dimension.need_text or f"Improve {dimension.name.lower()}"
        proposals.append(
            ProposedNeed(
                theme=dimension.need_theme,
                category=dimension.need_category,
                text=text,
                priority=priority_for(result.score, dimension.threshold),
                dimension=dimension.name,
                score=result.score,
            )
        )
    return sorted(proposals, key=lambda need: (need.score, need.dimension))
