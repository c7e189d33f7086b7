"""Ranking offers of every kind against a need, with the reasons (docs/decisions/0011-matching.md).

Pure: plain dataclasses in and out, no database, no network, no model download.

Method (`ENGINE`): BM25 over two kinds of features of a text,
- terms: Snowball stems of its words in its own language (stop words of EN/FR/DE removed);
- concepts: ids of the curated multilingual lexicon (`matching.concepts`), so "numérique",
  "Digitalisierung" and "digitalisation" are one feature and a French need meets an English
  call. Concepts weigh more than terms in the query (`Method.concept_weight`).
An offer's title and keywords count more than its text (BM25F-style field weights). Then:
- theme: offers of the need's theme get `theme_boost` more;
- eligibility: with an organisation's facts, each instrument's rules are evaluated; an
  ineligible instrument's score is multiplied by `ineligible_factor` (< 1), so it never
  outranks an equally relevant eligible one, and it is still shown, as such;
- outcomes: offers that solved similar past needs (same analysis, idf-weighted cosine) rank
  higher, those that failed lower; a very similar success is proposed even without overlap;
- typos: a query word found neither in the index nor in the lexicon is corrected to the
  closest lexicon word or indexed stem (RapidFuzz), when close enough.
Ties are broken by kind, then id, so results are deterministic.

`KEYWORD_BASELINE` is the same BM25 on plain lower-case words: the yardstick of the
evaluation (`matching.evaluation`).

The index is plain data built once (`build_index`) and kept current with `update`/`remove`.
BM25 term weights are computed with the average document length at the last full
(re)computation; `update` recomputes them all when the number of offers has drifted by more
than a fifth since, which keeps updates cheap and scores within a few percent.
"""

from __future__ import annotations

import datetime
import heapq
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process

from clusterdesk.matching import concepts as lexicon
from clusterdesk.matching.eligibility import Eligibility, OrganisationFacts, evaluate
from clusterdesk.matching.i18n import _
from clusterdesk.matching.text import ALL_STOP_WORDS, LANGUAGES, guess_language, stem, tokens

KINDS = ("instrument", "call", "provider", "training", "team", "organisation")
_KIND_ORDER = {kind: position for position, kind in enumerate(KINDS)}
TERM = "t:"
CONCEPT = "c:"


@dataclass(frozen=True)
class Offer:
    """Anything a need can be matched to."""

    kind: str  # one of KINDS
    id: str | int
    title: str
    text: str = ""
    external_id: str | None = None  # e.g. an EU call's topic id
    themes: tuple[str, ...] = ()
    eligibility_rules: list[Any] | None = None  # instruments only
    language: str | None = None  # en, fr, de, lb when known (guessed otherwise)
    keywords: str = ""  # topics, keywords, competences: weigh between title and text

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, str(self.id))


@dataclass(frozen=True)
class PastNeed:
    """A need of the past and the offer it was referred to, with the outcome."""

    text: str
    kind: str
    id: str | int
    succeeded: bool


@dataclass(frozen=True)
class Match:
    kind: str
    id: str | int
    external_id: str | None
    title: str
    score: float
    eligible: bool | None  # None: not an instrument, no organisation, or data missing
    reasons: tuple[str, ...]
    eligibility: Eligibility | None = None
    concepts: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Method:
    name: str = "engine"
    stemming: bool = True
    concepts: bool = True
    fuzzy: bool = True
    concept_weight: float = 1.5
    title_weight: float = 3.0
    keyword_weight: float = 2.0
    body_chars: int = 3000  # long call texts: the expected outcome and scope come first
    k1: float = 1.2
    b: float = 0.75
    theme_boost: float = 0.2
    ineligible_factor: float = 0.5
    feedback_weight: float = 0.5
    similar_need: float = 0.3  # idf-weighted cosine above which a past need is "similar"
    # In a query, a word a concept covers counts mostly through the concept: its own stem,
    # rare in a corpus of another language, would otherwise outweigh the shared concept.
    covered_term_weight: float = 0.3
    parent_weight: float = 0.5  # broader concepts of the query's (concepts.PARENTS)
    # EU calls are proposed when a need speaks of EU programmes, calls or partners;
    # without any of these concepts their score is multiplied by `call_without_intent`.
    call_intent: frozenset[str] = frozenset({"eu_funding", "call", "partners"})
    call_without_intent: float = 0.25
    # An offer in another language than the need's (English always acceptable; Luxembourgish
    # counts as German) is multiplied by `other_language`.
    other_language: float = 0.75
    # At most this many offers of one kind among the first `diverse_top` results (the others
    # follow): an adviser proposes a mix of instruments, teams, trainings and calls.
    per_kind: int = 3
    diverse_top: int = 5
    use_themes: bool = True
    use_eligibility: bool = True
    use_feedback: bool = True
    use_priors: bool = True


ENGINE = Method()
KEYWORD_BASELINE = Method(
    name="keyword",
    stemming=False,
    concepts=False,
    fuzzy=False,
    use_themes=False,
    use_eligibility=False,
    use_feedback=False,
    use_priors=False,
)


# --- analysis ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Analysis:
    language: str
    confident: bool  # whether the language guess is reliable
    features: dict[str, float]  # feature → weighted count
    # feature → a word of the text it came from (for reasons); a concept's English label
    # (analyses are cached: translate with `concepts.label` when showing it)
    surfaces: dict[str, str]
    length: float


def _terms(
    words: Sequence[str], language: str, method: Method
) -> list[tuple[int, tuple[str, str]]]:
    """(position, (term feature, word)) of the words that are not stop words."""
    found = []
    for position, word in enumerate(words):
        if len(word) < 2 or word in ALL_STOP_WORDS:
            continue
        term = stem(word, language) if method.stemming else word
        found.append((position, (TERM + term, word)))
    return found


def analyse(
    fields: Sequence[tuple[str, float]],
    method: Method,
    language: str | None = None,
    query: bool = False,
) -> Analysis:
    """The weighted features of a text given as (field text, field weight) pairs."""
    words_by_field = [(tokens(text), weight) for text, weight in fields if text]
    everything = [word for words, _ in words_by_field for word in words]
    guess = guess_language(everything, language)
    tried: tuple[str, ...] | None = None
    if query and not guess.confident:
        tried = (guess.language, *(code for code in LANGUAGES if code != guess.language))
    features: dict[str, float] = {}
    surfaces: dict[str, str] = {}
    length = 0.0
    for words, weight in words_by_field:
        covered = [False] * len(words)
        if method.concepts:
            found, covered = lexicon.detect_with_coverage(words, guess.language, tried)
            for concept_id, count in found.items():
                feature = CONCEPT + concept_id
                features[feature] = features.get(feature, 0.0) + weight * count
                surfaces.setdefault(feature, lexicon.english_label(concept_id))
        for position, (feature, word) in _terms(words, guess.language, method):
            term_weight = weight * (
                method.covered_term_weight if query and covered[position] else 1.0
            )
            features[feature] = features.get(feature, 0.0) + term_weight
            surfaces.setdefault(feature, word)
            length += weight
    if query and method.concepts:
        for feature in [f for f in features if f.startswith(CONCEPT)]:
            parent = lexicon.PARENTS.get(feature[2:])
            if parent and CONCEPT + parent not in features:
                features[CONCEPT + parent] = method.parent_weight * features[feature]
                surfaces.setdefault(CONCEPT + parent, lexicon.english_label(parent))
    return Analysis(guess.language, guess.confident, features, surfaces, length)


def _offer_fields(offer: Offer, method: Method) -> list[tuple[str, float]]:
    return [
        (offer.title, method.title_weight),
        (offer.keywords, method.keyword_weight),
        (offer.text[: method.body_chars], 1.0),
    ]


# --- the index --------------------------------------------------------------------------


@dataclass
class _Doc:
    offer: Offer
    length: float
    features: dict[str, float]  # feature → weighted count (tf)
    themes: frozenset[str]
    language: str


@dataclass
class Index:
    method: Method
    docs: dict[int, _Doc] = field(default_factory=dict)
    numbers: dict[tuple[str, str], int] = field(default_factory=dict)
    postings: dict[str, dict[int, float]] = field(default_factory=dict)  # feature → doc → w
    total_length: float = 0.0
    average_length: float = 1.0  # the one the BM25 weights were computed with
    weighted_for: int = 0  # number of docs at that computation
    next_number: int = 0
    _vocabulary: tuple[str, ...] | None = None
    _idf: dict[str, float] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.docs)

    def idf(self, feature: str) -> float:
        """BM25 inverse document frequency of a feature (cached until the index changes)."""
        cached = self._idf.get(feature)
        if cached is None:
            df = len(self.postings.get(feature, ()))
            n = len(self.docs)
            cached = self._idf[feature] = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
        return cached

    def vocabulary(self) -> tuple[str, ...]:
        if self._vocabulary is None:
            self._vocabulary = tuple(
                sorted(feature[2:] for feature in self.postings if feature.startswith(TERM))
            )
        return self._vocabulary

    def offer(self, kind: str, id: str | int) -> Offer | None:
        number = self.numbers.get((kind, str(id)))
        return self.docs[number].offer if number is not None else None


def _weight(tf: float, length: float, average: float, method: Method) -> float:
    norm = method.k1 * (1.0 - method.b + method.b * length / average)
    return tf * (method.k1 + 1.0) / (tf + norm)


def _unknown_kind(kind: str) -> str:
    return _("Unknown kind “%(kind)s”: use one of %(kinds)s.") % {
        "kind": kind,
        "kinds": ", ".join(KINDS),
    }


def _add(index: Index, offer: Offer) -> None:
    if offer.kind not in KINDS:
        raise ValueError(_unknown_kind(offer.kind))
    method = index.method
    analysis = analyse(_offer_fields(offer, method), method, offer.language)
    themes = set(offer.themes)
    if not themes and method.concepts:
        head = analyse([(offer.title, 1.0), (offer.keywords, 1.0)], method, offer.language)
        themes.update(lexicon.themes_of(f[2:] for f in head.features if f.startswith(CONCEPT)))
    number = index.next_number
    index.next_number += 1
    length = max(analysis.length, 1.0)
    index.docs[number] = _Doc(
        offer, length, analysis.features, frozenset(themes), analysis.language
    )
    index.numbers[offer.key] = number
    index.total_length += length
    for feature, tf in analysis.features.items():
        weight = _weight(tf, length, index.average_length, method)
        index.postings.setdefault(feature, {})[number] = weight


def _reweigh(index: Index) -> None:
    index.average_length = index.total_length / len(index.docs) if index.docs else 1.0
    index.weighted_for = len(index.docs)
    for number, doc in index.docs.items():
        for feature, tf in doc.features.items():
            index.postings[feature][number] = _weight(
                tf, doc.length, index.average_length, index.method
            )


def build_index(offers: Iterable[Offer], method: Method = ENGINE) -> Index:
    """An index of the offers (a later offer with the same kind and id replaces an earlier)."""
    index = Index(method)
    update(index, offers, reweigh=True)
    return index


def update(index: Index, offers: Iterable[Offer], reweigh: bool | None = None) -> Index:
    """Add offers, replacing those with the same kind and id. Returns the index."""
    offers = list(offers)
    remove(index, [offer.key for offer in offers])
    for offer in offers:
        _add(index, offer)
    index._vocabulary = None
    index._idf.clear()
    drift = abs(len(index.docs) - index.weighted_for) > 0.2 * max(index.weighted_for, 1)
    if reweigh or (reweigh is None and drift):
        _reweigh(index)
    return index


def remove(index: Index, keys: Iterable[tuple[str, str | int]]) -> Index:
    """Remove offers by (kind, id); unknown keys are ignored. Returns the index."""
    for kind, id in keys:
        number = index.numbers.pop((kind, str(id)), None)
        if number is None:
            continue
        doc = index.docs.pop(number)
        index.total_length -= doc.length
        for feature in doc.features:
            posting = index.postings.get(feature)
            if posting is not None:
                posting.pop(number, None)
                if not posting:
                    del index.postings[feature]
    index._vocabulary = None
    index._idf.clear()
    return index


# --- ranking ----------------------------------------------------------------------------


def _correct_typos(index: Index, words: Sequence[str], analysis: Analysis) -> Analysis:
    """Add the features of misspelt words: the closest lexicon word or indexed stem."""
    method = index.method
    features = dict(analysis.features)
    surfaces = dict(analysis.surfaces)
    table = lexicon.lexicon()
    for word in dict.fromkeys(words):
        if len(word) < 5 or word in ALL_STOP_WORDS or not word.isalpha():
            continue
        term = TERM + stem(word, analysis.language)
        known_concepts = (
            any(lexicon.word_concepts(word, code) for code in LANGUAGES)
            or lexicon.fold(word) in table.by_form
        )
        if term in index.postings or known_concepts:
            continue
        form = process.extractOne(
            lexicon.fold(word), table.forms, scorer=fuzz.ratio, score_cutoff=85
        )
        if form is not None and method.concepts:
            for concept_id in table.by_form[form[0]]:
                feature = CONCEPT + concept_id
                features.setdefault(feature, 1.0)
                surfaces.setdefault(feature, lexicon.english_label(concept_id))
        close = process.extractOne(term[2:], index.vocabulary(), scorer=fuzz.ratio, score_cutoff=88)
        if close is not None:
            feature = TERM + close[0]
            features.setdefault(feature, 1.0)
            surfaces.setdefault(feature, word)
    return replace(analysis, features=features, surfaces=surfaces)


@lru_cache(maxsize=4096)
def _past_analysis(text: str, method: Method) -> Analysis:
    return analyse([(text, 1.0)], method, query=True)


def _similarity(index: Index, left: dict[str, float], right: dict[str, float]) -> float:
    """Cosine of the two feature sets weighted by idf (binary occurrence)."""
    shared = sorted(set(left) & set(right))
    if not shared:
        return 0.0

    def norm(features: dict[str, float]) -> float:
        return math.sqrt(sum(index.idf(feature) ** 2 for feature in sorted(features)))

    dot = sum(index.idf(feature) ** 2 for feature in shared)
    denominator = norm(left) * norm(right)
    return dot / denominator if denominator else 0.0


def _feedback(
    index: Index, query: Analysis, past: Sequence[PastNeed]
) -> dict[tuple[str, str], tuple[float, list[tuple[float, PastNeed]]]]:
    """(kind, id) → (outcome score in [-1, 1], the similar successful needs, best first)."""
    method = index.method
    totals: dict[tuple[str, str], float] = {}
    examples: dict[tuple[str, str], list[tuple[float, PastNeed]]] = {}
    for need in past:
        if not need.text.strip():
            continue
        similarity = _similarity(index, query.features, _past_analysis(need.text, method).features)
        if similarity < method.similar_need:
            continue
        key = (need.kind, str(need.id))
        totals[key] = totals.get(key, 0.0) + (similarity if need.succeeded else -similarity)
        if need.succeeded:
            examples.setdefault(key, []).append((similarity, need))
    return {
        key: (
            max(-1.0, min(1.0, total)),
            sorted(examples.get(key, []), key=lambda item: (-item[0], item[1].text)),
        )
        for key, total in totals.items()
    }


def _shorten(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def rank(
    index: Index,
    need_text: str,
    theme: str | None = None,
    facts: OrganisationFacts | None = None,
    kinds: Iterable[str] | None = None,
    limit: int = 10,
    past: Sequence[PastNeed] = (),
    today: datetime.date | None = None,
) -> list[Match]:
    """The best offers for a need, best first, each with its score, eligibility and reasons.

    Raises ValueError for an unknown kind. An empty need (or one of stop words only) has no
    match unless similar past needs propose some.
    """
    method = index.method
    wanted = set(KINDS if kinds is None else kinds)
    unknown = sorted(wanted - set(KINDS))
    if unknown:
        raise ValueError(_unknown_kind(unknown[0]))
    if limit <= 0 or not index.docs:
        return []
    today = today or datetime.date.today()
    query = analyse([(need_text, 1.0)], method, query=True)
    if method.fuzzy:
        query = _correct_typos(index, tokens(need_text), query)
    scores: dict[int, float] = {}
    for feature in sorted(query.features):
        posting = index.postings.get(feature)
        if not posting:
            continue
        weight = index.idf(feature) * query.features[feature]
        if feature.startswith(CONCEPT):
            weight *= method.concept_weight
        for number, value in posting.items():
            scores[number] = scores.get(number, 0.0) + weight * value
    feedback = _feedback(index, query, past) if method.use_feedback and past else {}
    if feedback:
        top = max(scores.values(), default=1.0)
        for key, (outcome, _examples) in sorted(feedback.items()):
            known = index.numbers.get(key)
            if known is not None and outcome > 0 and known not in scores:
                scores[known] = 0.3 * top * outcome
    call_factor = 1.0
    if method.use_priors and not any(
        CONCEPT + concept_id in query.features for concept_id in method.call_intent
    ):
        call_factor = method.call_without_intent
    understood = {query.language, "en"} if query.confident else None
    finals: list[tuple[float, int, str, int]] = []
    verdicts: dict[int, Eligibility] = {}
    for number, base in scores.items():
        doc = index.docs[number]
        offer = doc.offer
        if offer.kind not in wanted:
            continue
        score = base
        if offer.kind == "call":
            score *= call_factor
        offer_language = "de" if offer.language == "lb" else offer.language
        if method.use_priors and understood and offer_language and offer_language not in understood:
            score *= method.other_language
        if method.use_themes and theme and theme in doc.themes:
            score *= 1.0 + method.theme_boost
        if (
            method.use_eligibility
            and facts is not None
            and offer.kind == "instrument"
            and offer.eligibility_rules is not None
        ):
            verdict = evaluate(offer.eligibility_rules, facts, today)
            verdicts[number] = verdict
            if verdict.eligible is False:
                score *= method.ineligible_factor
        if feedback:
            outcome = feedback.get(offer.key, (0.0, []))[0]
            score *= 1.0 + method.feedback_weight * outcome
        finals.append((-score, _KIND_ORDER[offer.kind], str(offer.id), number))
    if method.use_priors and method.per_kind:
        best = _diversified(finals, limit, index, method)
    else:
        best = heapq.nsmallest(limit, finals)
    return [
        _match(index, number, -negative, query, theme, facts, verdicts.get(number), feedback)
        for negative, _kind, _id, number in best
    ]


def _diversified(
    finals: list[tuple[float, int, str, int]], limit: int, index: Index, method: Method
) -> list[tuple[float, int, str, int]]:
    """The best `limit`, with at most `per_kind` of a kind among the first `diverse_top`."""
    ranked = heapq.nsmallest(max(limit, method.diverse_top) * 4, finals)
    top: list[tuple[float, int, str, int]] = []
    held_back: list[tuple[float, int, str, int]] = []
    counts: dict[str, int] = {}
    for item in ranked:
        kind = index.docs[item[3]].offer.kind
        if len(top) < method.diverse_top and counts.get(kind, 0) >= method.per_kind:
            held_back.append(item)
            continue
        counts[kind] = counts.get(kind, 0) + 1
        top.append(item)
    head, tail = top[: method.diverse_top], top[method.diverse_top :]
    return (head + sorted(held_back + tail))[:limit]


def _match(
    index: Index,
    number: int,
    score: float,
    query: Analysis,
    theme: str | None,
    facts: OrganisationFacts | None,
    verdict: Eligibility | None,
    feedback: dict[tuple[str, str], tuple[float, list[tuple[float, PastNeed]]]],
) -> Match:
    doc = index.docs[number]
    offer = doc.offer
    shared = [
        feature
        for feature in sorted(query.features, key=lambda f: (-index.idf(f), f))
        if feature in doc.features
    ]
    concept_ids = tuple(feature[2:] for feature in shared if feature.startswith(CONCEPT))
    terms = tuple(dict.fromkeys(query.surfaces.get(f, f[2:]) for f in shared if f.startswith(TERM)))
    reasons: list[str] = []
    if concept_ids:
        labels = ", ".join(lexicon.label(c) for c in concept_ids)
        reasons.append(_("Concepts: %(concepts)s") % {"concepts": labels})
    if terms:
        reasons.append(_("Words: %(words)s") % {"words": ", ".join(terms[:8])})
    if theme and theme in doc.themes and index.method.use_themes:
        reasons.append(_("Theme: %(theme)s") % {"theme": theme.replace("_", " ")})
    if offer.kind == "instrument" and offer.eligibility_rules is not None:
        if verdict is None and facts is None:
            reasons.append(_("Eligibility not checked: no organisation given."))
        elif verdict is not None:
            if verdict.eligible is True:
                reasons.append(_("Eligible:"))
            elif verdict.eligible is False:
                reasons.append(_("Not eligible:"))
            else:
                reasons.append(_("Eligibility unsure:"))
            reasons.extend(
                _("%(rule)s: %(status)s — %(reason)s")
                % {"rule": result.label, "status": result.status_label, "reason": result.reason}
                for result in verdict.results
            )
    outcome, examples = feedback.get(offer.key, (0.0, []))
    for similarity, need in examples[:2]:
        reasons.append(
            _("Solved a similar need (%(similarity)s alike): “%(need)s”")
            % {"similarity": f"{similarity:.0%}", "need": _shorten(need.text)}
        )
    if outcome < 0:
        reasons.append(_("Referrals of similar needs to it did not succeed."))
    return Match(
        kind=offer.kind,
        id=offer.id,
        external_id=offer.external_id,
        title=offer.title,
        score=round(score, 4),
        eligible=verdict.eligible if verdict is not None else None,
        reasons=tuple(reasons),
        eligibility=verdict,
        concepts=concept_ids,
        terms=terms,
    )
