"""Text normalisation and query parsing, the same for indexing and for searching.

Both sides go through `normalise`: case folded, accents stripped (NFKD, then combining marks
dropped), a few letters that do not decompose spelt out (ø → o, æ → ae, ł → l, …), and every
character that is neither a letter nor a digit treated as a separator. So "Esch-sur-Alzette",
"ESCH SUR ALZETTE" and "esch sur alzette" are the same three words, and "societe" finds
"Société". The database tokenizers never see anything but lower-case letters, digits and
spaces, which is also what makes any user input safe to turn into a query.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Most users type at most a handful of words; longer inputs are cut, never refused.
MAX_TERMS = 12
MAX_TERM_LENGTH = 40

_WORD = re.compile(r"[^\W_]+")
# Combining marks left by NFKD on Latin, Greek and Cyrillic letters (the accents).
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Letters NFKD does not decompose, spelt the way people type them without the key.
_SPELT_OUT = {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th"}
_SPELT_OUT_LETTER = re.compile(f"[{''.join(_SPELT_OUT)}\u0131]")


def _spell_out(letter: re.Match[str]) -> str:
    return _SPELT_OUT.get(letter.group(), "i")  # the dotless i


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    folded = _COMBINING.sub("", unicodedata.normalize("NFKD", text.casefold()))
    return folded if folded.isascii() else _SPELT_OUT_LETTER.sub(_spell_out, folded)


def words(text: str) -> list[str]:
    """The normalised words of `text`: `"Société Générale-Lux"` → `["societe", "generale",
    "lux"]`."""
    return _WORD.findall(_fold(text or ""))


def normalise(text: str) -> str:
    """`words` joined by single spaces: what is compared and indexed."""
    return " ".join(words(text))


def index_text(text: str) -> str:
    """The normalised text to index: like `normalise`, but a word written with a German
    umlaut is also indexed in its two-letter spelling ("Müller" → "muller mueller"), so both
    ways people type it find it."""
    composed = unicodedata.normalize("NFC", (text or "").casefold())
    plain = words(composed)
    if not any(vowel in composed for vowel in "äöü"):
        return " ".join(plain)
    spelt = words(composed.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue"))
    # Spelling out a vowel changes no word boundary: the two lists align word for word.
    return " ".join(
        f"{word} {other}" if other != word else word
        for word, other in zip(plain, spelt, strict=True)
    )


@dataclass(frozen=True)
class ParsedQuery:
    """What the user typed, as groups of normalised terms.

    Each group is one word of the input; a word with punctuation inside it ("Esch-sur-Alzette",
    "29.32") is a group of several terms that must follow each other. Every term matches as a
    prefix, so results appear while the user is still typing.
    """

    groups: tuple[tuple[str, ...], ...]

    @property
    def terms(self) -> tuple[str, ...]:
        return tuple(term for group in self.groups for term in group)

    @property
    def text(self) -> str:
        """The normalised query, compared with normalised titles for exact matches."""
        return " ".join(self.terms)

    def __bool__(self) -> bool:
        return bool(self.groups)


def parse_query(raw: str | None, max_terms: int = MAX_TERMS) -> ParsedQuery:
    """Any input at all → at most `max_terms` terms of letters and digits (possibly none)."""
    groups: list[tuple[str, ...]] = []
    budget = max_terms
    for chunk in (raw or "").split():
        group = tuple(term[:MAX_TERM_LENGTH] for term in words(chunk))[:budget]
        if group:
            groups.append(group)
            budget -= len(group)
        if budget <= 0:
            break
    return ParsedQuery(tuple(groups))
