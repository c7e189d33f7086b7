"""Between the records and the pure pairing: listings as `pairing.Listing`, pairs as rows
the pages, exports and API show, and the similarity the pairing uses.

`similarity()` is the one place to plug in another ranking (the matching engine): see
the seam documented in `pairing`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from clusterdesk.catalogue.themes import Theme
from clusterdesk.partnering import pairing
from clusterdesk.partnering.models import PartnerListing

if TYPE_CHECKING:
    from clusterdesk.partnering.selectors import PairFilters


def similarity() -> pairing.Similarity:
    """The text similarity that pages, exports and the API pair listings with: today the
    pairing's own `token_overlap`. An adapter of the matching engine's ranking goes here,
    with the signature documented in `pairing` ("The similarity seam"), for instance:

        def engine_similarity(request_text, offer_texts):
            offers = [ranking.Offer(kind="organisation", id=n, title="", text=text)
                      for n, text in enumerate(offer_texts)]
            index = ranking.build_index(offers)          # or one cached index of listings
            found = {m.id: m for m in ranking.rank(index, request_text,
                                                   kinds=["organisation"], limit=len(offers))}
            top = <the request's score against itself>   # so that 1.0 means "the same text"
            return [(found[n].score / top, [*found[n].terms, *found[n].concepts])
                    if n in found else (0.0, []) for n in range(len(offers))]

    `pairing.MIN_TEXT_SCORE` and the weights assume scores on that 0-1 scale; check them
    against the demo listings (`partnering/tests/test_demo.py`) after the switch."""
    return pairing.token_overlap


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
