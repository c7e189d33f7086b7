"""How well the engine proposes what a competent adviser would: a labelled set of needs and
the usual ranking metrics at a cut-off k (5 by default).

`needs.jsonl` holds one need a line: id, language (en/fr/de), split ("tune": the half looked
at while tuning the method; "heldout": the half that was not), text as a cluster manager
writes it after a call, optional theme and organisation facts, and the offers an adviser
would propose ("kind:id": instrument and training slugs, EU call topic ids, team slugs).

Metrics of one need, with R the relevant offers and the top k of the ranking:
- precision@k = |top k ∩ R| / k;
- recall@k = |top k ∩ R| / |R|;
- hit@k = 1 when at least one of the top k is relevant;
- nDCG@k = DCG / ideal DCG, binary gains, DCG = Σ 1/log2(rank + 1) over relevant ranks.
A report averages them over the needs (macro average), overall and per language.
"""

from __future__ import annotations

import datetime
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clusterdesk.matching.eligibility import OrganisationFacts
from clusterdesk.matching.ranking import Index, rank

NEEDS_PATH = Path(__file__).resolve().parent / "needs.jsonl"
# The day eligibility is evaluated on, so that cooldowns and company ages do not drift.
EVALUATION_DAY = datetime.date(2026, 6, 15)
METRICS = ("precision", "recall", "hit", "ndcg")


@dataclass(frozen=True)
class Need:
    id: str
    language: str
    split: str
    text: str
    relevant: tuple[str, ...]  # "kind:id"
    theme: str | None = None
    organisation: OrganisationFacts | None = None


def _dates(pairs: Any) -> list[tuple[str, datetime.date]] | None:
    if pairs is None:
        return None
    return [(str(name), datetime.date.fromisoformat(day)) for name, day in pairs]


def facts_from(data: dict[str, Any] | None) -> OrganisationFacts | None:
    """Organisation facts from their JSON form (dates as ISO strings)."""
    if data is None:
        return None
    values = dict(data)
    for key in ("participations", "diagnoses"):
        if key in values:
            values[key] = _dates(values[key])
    return OrganisationFacts(**values)


def load_needs(path: Path = NEEDS_PATH) -> list[Need]:
    needs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        needs.append(
            Need(
                id=record["id"],
                language=record["language"],
                split=record["split"],
                text=record["text"],
                relevant=tuple(record["relevant"]),
                theme=record.get("theme"),
                organisation=facts_from(record.get("organisation")),
            )
        )
    return needs


# --- metrics -----------------------------------------------------------------------------


def precision_at(ranked: Sequence[str], relevant: Iterable[str], k: int) -> float:
    wanted = set(relevant)
    return sum(1 for item in ranked[:k] if item in wanted) / k


def recall_at(ranked: Sequence[str], relevant: Iterable[str], k: int) -> float:
    wanted = set(relevant)
    if not wanted:
        return 0.0
    return sum(1 for item in ranked[:k] if item in wanted) / len(wanted)


def hit_at(ranked: Sequence[str], relevant: Iterable[str], k: int) -> float:
    wanted = set(relevant)
    return 1.0 if any(item in wanted for item in ranked[:k]) else 0.0


def ndcg_at(ranked: Sequence[str], relevant: Iterable[str], k: int) -> float:
    wanted = set(relevant)
    dcg = sum(
        1.0 / math.log2(position + 2) for position, item in enumerate(ranked[:k]) if item in wanted
    )
    ideal = sum(1.0 / math.log2(position + 2) for position in range(min(len(wanted), k)))
    return dcg / ideal if ideal else 0.0


def scores(ranked: Sequence[str], relevant: Iterable[str], k: int) -> dict[str, float]:
    relevant = tuple(relevant)
    return {
        "precision": precision_at(ranked, relevant, k),
        "recall": recall_at(ranked, relevant, k),
        "hit": hit_at(ranked, relevant, k),
        "ndcg": ndcg_at(ranked, relevant, k),
    }


# --- running the set -----------------------------------------------------------------------


@dataclass
class NeedResult:
    need: Need
    ranked: list[str]
    scores: dict[str, float]


@dataclass
class Summary:
    method: str
    group: str
    count: int
    means: dict[str, float] = field(default_factory=dict)


def run(index: Index, needs: Sequence[Need], k: int = 5) -> list[NeedResult]:
    results = []
    for need in needs:
        matches = rank(
            index,
            need.text,
            theme=need.theme,
            facts=need.organisation,
            limit=k,
            today=EVALUATION_DAY,
        )
        ranked = [f"{match.kind}:{match.id}" for match in matches]
        results.append(NeedResult(need, ranked, scores(ranked, need.relevant, k)))
    return results


def summarise(method: str, results: Sequence[NeedResult]) -> list[Summary]:
    """Mean metrics overall ("all") and per language, in a fixed order."""
    groups: dict[str, list[NeedResult]] = {"all": list(results)}
    for language in ("en", "fr", "de"):
        groups[language] = [result for result in results if result.need.language == language]
    summaries = []
    for group, members in groups.items():
        if not members:
            continue
        means = {
            metric: sum(result.scores[metric] for result in members) / len(members)
            for metric in METRICS
        }
        summaries.append(Summary(method, group, len(members), means))
    return summaries


def markdown_table(summaries: Sequence[Summary], k: int = 5) -> str:
    header = f"| method | needs | n | precision@{k} | recall@{k} | hit@{k} | nDCG@{k} |"
    lines = [header, "|---|---|---:|---:|---:|---:|---:|"]
    for summary in summaries:
        means = summary.means
        lines.append(
            f"| {summary.method} | {summary.group} | {summary.count} | "
            f"{means['precision']:.3f} | {means['recall']:.3f} | {means['hit']:.3f} | "
            f"{means['ndcg']:.3f} |"
        )
    return "\n".join(lines)
