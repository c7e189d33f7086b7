"""Between the records and the pure pairing: listings as `pairing.Listing`, pairs as rows
the pages, exports and API show, and the similarity the pairing uses.

`similarity()` is the one place the pairing's text similarity is chosen: the word overlap
joined by the matching engine's concepts (see the seam documented in `pairing`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from clusterdesk.catalogue.themes import Theme
from clusterdesk.matching import ranking
from clusterdesk.partnering import pairing
from clusterdesk.partnering.models import PartnerListing

if TYPE_CHECKING:
    from clusterdesk.partnering.selectors import PairFilters


def similarity() -> pairing.Similarity:
    """The text similarity that pages, exports and the API pair listings with:
    `concept_overlap`, the pairing's own word overlap joined by the matching engine's
    analysis, so that a French request meets a German offer on shared concepts."""
    return concept_overlap


@lru_cache(maxsize=4096)
def _features(text: str) -> ranking.Analysis:
    """The engine's analysis of a listing's text (read only; the same texts come back for
    every request of a page)."""
    return ranking.analyse([(text, 1.0)], ranking.ENGINE)


def concept_overlap(request_text: str, offer_texts: Sequence[str]) -> list[tuple[float, list[str]]]:
    """For each offer, the better of two similarities with the request: the pairing's word
    overlap (`pairing.token_overlap`), and the cosine of the matching engine's features
    (stemmed words and EN/FR/DE concepts) where the concepts they share count. The matched
    words and concepts come with it."""
    words = pairing.token_overlap(request_text, offer_texts)
    wanted = _features(request_text)
    wanted_concepts = {f for f in wanted.features if f.startswith(ranking.CONCEPT)}
    results: list[tuple[float, list[str]]] = []
    for text, (word_score, matched) in zip(offer_texts, words, strict=True):
        offered = _features(text)
        shared = sorted(set(wanted.features) & set(offered.features))
        concepts = [f for f in shared if f in wanted_concepts]
        score = 0.0
        if concepts:
            norm = math.sqrt(len(wanted.features) * len(offered.features))
            score = min(len(shared) / norm, 1.0) if norm else 0.0
        labels = [wanted.surfaces.get(f, f[2:]) for f in concepts]
        if score > word_score:
            results.append((score, [*labels, *(m for m in matched if m not in labels)]))
        else:
            results.append((word_score, matched))
    return results


def as_listing(record: PartnerListing) -> pairing.Listing:
    return pairing.Listing(
        id=record.pk,
        organisation_id=record.organisation_id,
        direction=record.direction,
        category=record.category,
        title=record.title,
        text=record.description,
        themes=tuple(record.themes or ()),
        keywords=tuple(record.keywords or ()),
        status=record.status,
        valid_until=record.valid_until,
    )


def describe(reason: pairing.Reason) -> str:
    """A reason in words, in the active language, themes by their labels."""
    if reason.kind == "themes":
        labels = dict(Theme.choices)
        values = ", ".join(str(labels.get(code, code)) for code in reason.values)
        return _("Shared themes: %(values)s") % {"values": values}
    values = ", ".join(reason.values)
    if reason.kind == "keywords":
        return _("Shared keywords: %(values)s") % {"values": values}
    return _("Matching terms: %(values)s") % {"values": values}


@dataclass(frozen=True)
class PairRow:
    """A proposed pair with its two listings as records. `request` is the side that asks;
    `counterpart` the offer (or, for partnerships, another request) proposed to it; `other`
    the side that is not the listing a page is about (`seen_from`)."""

    pair: pairing.Pair
    request: PartnerListing
    counterpart: PartnerListing
    seen_from: int | None = None

    @classmethod
    def of(
        cls, pair: pairing.Pair, records: dict[Any, PartnerListing], seen_from: int | None = None
    ) -> PairRow:
        return cls(pair, records[pair.request.id], records[pair.counterpart.id], seen_from)

    @property
    def score(self) -> float:
        return self.pair.score

    @property
    def percent(self) -> int:
        return round(100 * self.pair.score)

    @property
    def reasons(self) -> list[str]:
        return [describe(reason) for reason in self.pair.reasons]

    @property
    def other(self) -> PartnerListing:
        return self.request if self.counterpart.pk == self.seen_from else self.counterpart

    @property
    def sides(self) -> tuple[PartnerListing, PartnerListing]:
        return (self.request, self.counterpart)


def filtered(rows: list[PairRow], filters: PairFilters) -> list[PairRow]:
    """The rows matching the matchmaking page's filters."""
    words = [word.casefold() for word in filters.q.split()[:10]]

    def keep(row: PairRow) -> bool:
        if filters.category and row.request.category != filters.category:
            return False
        if filters.theme and not any(filters.theme in side.themes for side in row.sides):
            return False
        if filters.cluster and not any(side.cluster.slug == filters.cluster for side in row.sides):
            return False
        text = " ".join(
            f"{side.title} {side.organisation.legal_name} {side.organisation.trade_name}"
            for side in row.sides
        ).casefold()
        return all(word in text for word in words)

    return [row for row in rows if keep(row)]


def sorted_rows(rows: list[PairRow], sort: str) -> list[PairRow]:
    """Best first (as proposed) by default; or by score ascending, or by the request's
    title; ties keep the proposed order."""
    if sort == "score":
        return sorted(rows, key=lambda row: row.score)
    if sort in {"request", "-request"}:
        return sorted(
            rows, key=lambda row: row.request.title.casefold(), reverse=sort == "-request"
        )
    return rows
