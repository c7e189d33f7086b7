"""What the results page shows: scores, the comparison with the previous diagnosis, the
radar chart and the needs proposed. Reads only; the computing is in `scoring`,
`proposals` and `radar`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clusterdesk.diagnostics import proposals, radar, scoring, selectors, specs
from clusterdesk.diagnostics.models import Diagnosis


@dataclass(frozen=True)
class DimensionRow:
    key: str
    name: str
    score: float | None
    previous: float | None
    delta: float | None
    answered: int
    questions: int
    threshold: float

    @property
    def is_low(self) -> bool:
        return self.score is not None and self.score < self.threshold


def results_context(diagnosis: Diagnosis) -> dict[str, Any]:
    """The results page of a completed diagnosis (empty for one not completed)."""
    results = specs.stored_results(diagnosis)
    if results is None:
        return {}
    spec = specs.template_spec(specs.with_structure(diagnosis.template))
    previous = selectors.previous_diagnosis(diagnosis)
    previous_results = specs.stored_results(previous) if previous else None
    thresholds = {dimension.key: dimension.threshold for dimension in spec.dimensions}
    deltas = {
        delta.key: delta
        for delta in scoring.compare(results, previous_results or scoring.Results((), None))
    }
    rows = [
        DimensionRow(
            key=dimension.key,
            name=dimension.name,
            score=dimension.score,
            previous=deltas[dimension.key].previous if previous_results else None,
            delta=deltas[dimension.key].delta if previous_results else None,
            answered=dimension.answered,
            questions=dimension.questions,
            threshold=thresholds.get(dimension.key, 50.0),
        )
        for dimension in results.dimensions
    ]
    overall_delta = None
    if previous_results and previous_results.overall is not None and results.overall is not None:
        overall_delta = round(results.overall - previous_results.overall, 1)
    return {
        "results": results,
        "rows": rows,
        "previous": previous,
        "previous_results": previous_results,
        "overall_delta": overall_delta,
        "chart": radar_chart(diagnosis, results, previous, previous_results),
        "proposals": proposals.proposed_needs(results, spec),
    }


def radar_chart(
    diagnosis: Diagnosis,
    results: scoring.Results,
    previous: Diagnosis | None,
    previous_results: scoring.Results | None,
) -> radar.Radar | None:
    """This diagnosis's polygon, and the previous one's when there is one (drawn first, so
    the current one is on top). None with fewer than three dimensions."""
    if len(results.dimensions) < 3:
        return None
    labels = [dimension.name for dimension in results.dimensions]
    series: list[tuple[str, str, list[float | None]]] = []
    if previous is not None and previous_results is not None:
        before = [
            previous_results.by_key[d.key].score if d.key in previous_results.by_key else None
            for d in results.dimensions
        ]
        series.append((_series_name(previous), "cd-radar-previous", before))
    series.append(
        (_series_name(diagnosis), "cd-radar-current", [d.score for d in results.dimensions])
    )
    return radar.radar(labels, series)


def _series_name(diagnosis: Diagnosis) -> str:
    day = diagnosis.completed_on.isoformat() if diagnosis.completed_on else ""
    return f"{diagnosis.stage} {day}".strip()
