"""Partner matchmaking: which listings to propose to each other. Pure functions over plain
data (no Django, no database), so the rules are tested and timed alone.

## What pairs with what

Each *active* request (status "open", `valid_until` empty or not past `today`) is paired
with active listings of *other* organisations in the *same category*:

- technology and service requests with offers;
- partnership requests with partnership offers *and* with other partnership requests: both
  sides seek partners. Such a request-request pair is returned once, not once per side.

A listing is never paired with itself nor with a listing of its own organisation.

## How a pair is scored (0 to 1, higher is better)

    score = 0.60 * text + 0.15 * themes + 0.25 * keywords

- `text`: the similarity of the two listings' texts (title, description and keywords), from
  the `similarity` callable (below), clamped to [0, 1];
- `themes`: shared themes over the themes of either side (Jaccard);
- `keywords`: shared keywords (case and accents ignored) over the keywords of the side that
  has fewer.

A pair is proposed when its score reaches `min_score` *and* something concrete matched: a
shared keyword, or texts similar enough (`MIN_TEXT_SCORE`: one word in common between two
long descriptions is not enough). Shared themes alone (there are five) never make a pair.
Each request keeps its `limit_per_request` best counterparts. The order is deterministic:
best score first, then the listings' ids.

Each `Pair` says why, as data (`shared_themes`, `shared_keywords`, `matched_terms`) and as
`reasons`, which the pages and the API put into words in the reader's language.

## The similarity seam

`similarity(request_text, offer_texts)` returns, for each offer text *in order*, a
`(score, matched_terms)` tuple: a score in [0, 1] (values outside are clamped) and the terms
or concepts that matched, as people should read them. The default, `token_overlap`, is a
small multilingual-friendly overlap of words: lower case, accents folded, English, French
and German stop words and listing boilerplate ("looking for", "partenaire", "suchen")
dropped, light suffix stripping, and a prefix rule for cognates and compounds ("hydrogen" ~
"hydrogène", "Titan" ~ "titanium", "Wasserstoff" ~ "Wasserstoffprojekt"); the score is the
cosine of the two sets of words.

To rank with the matching engine instead, pass an adapter with the same signature that
ranks `offer_texts` for `request_text` with the engine (index the texts, or the listings
they come from), maps its scores to [0, 1] (e.g. divided by the score of the request
against itself, or by the best score of the call when that is not available) and returns
its matched terms or concepts as the reasons. Nothing else here changes. The callable is
called once per request, with the texts of that request's candidates (same category,
other organisations, active), never with an empty list.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from clusterdesk.partnering.stopwords import STOP_WORDS

OFFER = "offer"
REQUEST = "request"
PARTNERSHIP = "partnership"
OPEN = "open"

TEXT_WEIGHT = 0.60
THEME_WEIGHT = 0.15
KEYWORD_WEIGHT = 0.25
MIN_SCORE = 0.10
# The texts alone make a pair from this similarity on (one word in common between two
# long descriptions does not); a shared keyword always does.
MIN_TEXT_SCORE = 0.15
DEFAULT_LIMIT = 5

Similarity = Callable[[str, Sequence[str]], list[tuple[float, list[str]]]]


@dataclass(frozen=True)
class Listing:
    """A partner listing as the pairing sees it. `text` is the description; `status` and
    `valid_until` decide whether it is proposed at all."""

    id: Hashable
    organisation_id: Hashable
    direction: str  # "offer" | "request"
    category: str  # "technology" | "service" | "partnership"
    title: str
    text: str = ""
    themes: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    status: str = OPEN
    valid_until: datetime.date | None = None

    def is_active(self, today: datetime.date) -> bool:
        return self.status == OPEN and (self.valid_until is None or self.valid_until >= today)

    @property
    def document(self) -> str:
        """What the similarity reads: title, description and keywords."""
        return "\n".join(part for part in (self.title, self.text, " ".join(self.keywords)) if part)


@dataclass(frozen=True)
class Reason:
    """One reason a pair is proposed: `kind` is "themes", "keywords" or "terms"; `values`
    are theme codes, keywords or matched terms."""

    kind: str
    values: tuple[str, ...]

    def __str__(self) -> str:
        label = {"themes": "Shared themes", "keywords": "Shared keywords"}.get(
            self.kind, "Matching terms"
        )
        return f"{label}: {', '.join(self.values)}"


@dataclass(frozen=True)
class Pair:
    """A request and a listing proposed to it (an offer, or for partnerships possibly
    another request), with the score and what matched."""

    request: Listing
    counterpart: Listing
    score: float
    text_score: float = 0.0
    shared_themes: tuple[str, ...] = ()
    shared_keywords: tuple[str, ...] = ()
    matched_terms: tuple[str, ...] = field(default=())

    @property
    def reasons(self) -> tuple[Reason, ...]:
        found = [
            Reason("keywords", self.shared_keywords),
            Reason("themes", self.shared_themes),
            Reason("terms", self.matched_terms),
        ]
        return tuple(reason for reason in found if reason.values)

    def other(self, listing_id: Hashable) -> Listing:
        """The side of the pair that is not `listing_id`."""
        return self.counterpart if self.request.id == listing_id else self.request

    def involves(self, listing_id: Hashable) -> bool:
        return listing_id in (self.request.id, self.counterpart.id)


# --- text -------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")
_SUFFIXES = (
    "ungen",
    "ations",
    "ation",
    "ements",
    "ement",
    "ments",
    "ment",
    "ings",
    "ing",
    "ung",
    "ies",
    "es",
    "en",
    "er",
    "s",
    "e",
)
MIN_STEM = 4
# Two stems match when the shorter (at least FUZZY_MIN letters, and FUZZY_RATIO of the
# longer) starts the longer: cognates across languages and German compounds.
FUZZY_MIN = 5
FUZZY_RATIO = 0.6


def fold(text: str) -> str:
    """Lower case without accents: "Hydrogène" → "hydrogene", "Straße" → "strasse"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def stem(word: str) -> str:
    """A light, language-blind suffix strip of a folded word ("printing" → "print")."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


def terms(text: str) -> dict[str, str]:
    """The stems of `text`'s content words, each with the first word that gave it (lower
    case, as written), in order of appearance."""
    found: dict[str, str] = {}
    for match in _WORD.finditer(text.lower()):
        word = match.group()
        folded = fold(word)
        if len(folded) < 2 or folded.isdigit() or folded in STOP_WORDS:
            continue
        found.setdefault(stem(folded), word)
    return found


def _fuzzy(one: str, other: str) -> bool:
    short, long = sorted((one, other), key=len)
    return (
        len(short) >= FUZZY_MIN and len(short) >= FUZZY_RATIO * len(long) and long.startswith(short)
    )


def _matched(request: dict[str, str], offer: dict[str, str]) -> list[str]:
    """The request's words whose stem is in the offer, exactly or by the prefix rule."""
    by_prefix: dict[str, list[str]] = {}
    for key in offer:
        by_prefix.setdefault(key[:FUZZY_MIN], []).append(key)
    matched = []
    for key, word in request.items():
        if key in offer or any(_fuzzy(key, other) for other in by_prefix.get(key[:FUZZY_MIN], ())):
            matched.append(word)
    return matched


def token_overlap(request_text: str, offer_texts: Sequence[str]) -> list[tuple[float, list[str]]]:
    """The default similarity: the cosine of the two sets of content words, and the
    request's words that matched."""
    wanted = terms(request_text)
    results: list[tuple[float, list[str]]] = []
    for text in offer_texts:
        offered = terms(text)
        matched = _matched(wanted, offered) if wanted and offered else []
        score = len(matched) / math.sqrt(len(wanted) * len(offered)) if matched else 0.0
        results.append((min(score, 1.0), matched))
    return results


# --- pairing ----------------------------------------------------------------------------------


def _id_key(value: Hashable) -> tuple[int, str, int]:
    if isinstance(value, int) and not isinstance(value, bool):
        return (0, "", value)
    return (1, str(value), 0)


def _keyword_key(keyword: str) -> str:
    """A keyword as compared: folded, each word stemmed ("3D-Printing" → "3d print")."""
    return " ".join(stem(word) for word in _WORD.findall(fold(keyword)))


def _normalised_keywords(keywords: Iterable[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for keyword in keywords:
        key = _keyword_key(keyword)
        if key:
            found.setdefault(key, keyword.strip())
    return found


def _shared_keywords(own: dict[str, str], theirs: dict[str, str]) -> list[str]:
    """`own` keywords that `theirs` has too, exactly or by the prefix rule ("titanium" ~
    "Titan")."""
    return [
        word
        for key, word in own.items()
        if key in theirs or any(_fuzzy(key, other) for other in theirs)
    ]


def is_candidate(request: Listing, other: Listing) -> bool:
    """Whether `other` may be proposed to `request` (both assumed active)."""
    if other.id == request.id or other.organisation_id == request.organisation_id:
        return False
    if other.category != request.category:
        return False
    if other.direction == OFFER:
        return True
    return request.category == PARTNERSHIP and other.direction == REQUEST


def _pair(request: Listing, other: Listing, text: tuple[float, list[str]]) -> Pair:
    text_score = max(0.0, min(1.0, float(text[0])))
    themes = [theme for theme in request.themes if theme in set(other.themes)]
    union = set(request.themes) | set(other.themes)
    own, theirs = _normalised_keywords(request.keywords), _normalised_keywords(other.keywords)
    keywords = _shared_keywords(own, theirs)
    shortest = min(len(own), len(theirs))
    shared_keys = {_keyword_key(word) for word in keywords}
    terms_only = [term for term in text[1] if _keyword_key(term) not in shared_keys]
    score = (
        TEXT_WEIGHT * text_score
        + THEME_WEIGHT * (len(themes) / len(union) if union else 0.0)
        + KEYWORD_WEIGHT * (len(keywords) / shortest if shortest else 0.0)
    )
    return Pair(
        request=request,
        counterpart=other,
        score=round(score, 4),
        text_score=round(text_score, 4),
        shared_themes=tuple(themes),
        shared_keywords=tuple(keywords),
        matched_terms=tuple(dict.fromkeys(terms_only)),
    )


def _rank(
    request: Listing, candidates: Sequence[Listing], similarity: Similarity, min_score: float
) -> list[Pair]:
    """Every candidate that pairs with `request`, best first."""
    if not candidates:
        return []
    texts = similarity(request.document, [candidate.document for candidate in candidates])
    if len(texts) != len(candidates):
        raise ValueError("similarity must return one (score, terms) per offer text")
    pairs = [
        _pair(request, candidate, text) for candidate, text in zip(candidates, texts, strict=True)
    ]
    # Something concrete must match (a keyword or the texts): shared themes alone do not.
    kept = [
        pair
        for pair in pairs
        if pair.score >= min_score and (pair.shared_keywords or pair.text_score >= MIN_TEXT_SCORE)
    ]
    return sorted(kept, key=lambda pair: (-pair.score, _id_key(pair.counterpart.id)))


def _order(pairs: Iterable[Pair]) -> list[Pair]:
    return sorted(
        pairs,
        key=lambda pair: (-pair.score, _id_key(pair.request.id), _id_key(pair.counterpart.id)),
    )


def propose_pairs(
    listings: Iterable[Listing],
    *,
    limit_per_request: int = DEFAULT_LIMIT,
    similarity: Similarity | None = None,
    today: datetime.date | None = None,
    min_score: float = MIN_SCORE,
) -> list[Pair]:
    """The pairs to propose among `listings`: for each active request its best
    `limit_per_request` counterparts, best pairs first (see the module's documentation)."""
    similarity = similarity or token_overlap
    today = today or datetime.date.today()
    active = [listing for listing in listings if listing.is_active(today)]
    active.sort(key=lambda listing: _id_key(listing.id))
    found: dict[tuple[Hashable, Hashable], Pair] = {}
    for request in (listing for listing in active if listing.direction == REQUEST):
        candidates = [other for other in active if is_candidate(request, other)]
        for pair in _rank(request, candidates, similarity, min_score)[:limit_per_request]:
            mirrored = (pair.counterpart.id, pair.request.id)
            if mirrored not in found:  # a request-request pair is kept once
                found[(pair.request.id, pair.counterpart.id)] = pair
    return _order(found.values())


def propose_for(
    listing: Listing,
    listings: Iterable[Listing],
    *,
    limit: int = DEFAULT_LIMIT,
    similarity: Similarity | None = None,
    today: datetime.date | None = None,
    min_score: float = MIN_SCORE,
) -> list[Pair]:
    """The pairs of one listing, best first: for a request, its best counterparts; for an
    offer, the requests it would be proposed to. None for an inactive listing."""
    similarity = similarity or token_overlap
    today = today or datetime.date.today()
    if not listing.is_active(today):
        return []
    others = sorted(
        (other for other in listings if other.id != listing.id and other.is_active(today)),
        key=lambda other: _id_key(other.id),
    )
    if listing.direction == REQUEST:
        candidates = [other for other in others if is_candidate(listing, other)]
        return _rank(listing, candidates, similarity, min_score)[:limit]
    pairs = []
    for request in (other for other in others if other.direction == REQUEST):
        if is_candidate(request, listing):
            pairs.extend(_rank(request, [listing], similarity, min_score))
    return _order(pairs)[:limit]
