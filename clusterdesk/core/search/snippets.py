"""Highlighted snippets, cut from the original text of a record.

The text is HTML-escaped piece by piece and only our own `<mark>` tags are added, so the
result is safe to show whatever the record contains. A word is marked when one of its
normalised forms starts with a query term: "Société" is marked for "soc", "Müller" for
"mueller".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from itertools import islice

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from clusterdesk.core.search.parsing import index_text

SNIPPET_LENGTH = 180
CONTEXT_BEFORE = 50
MAX_FRAGMENTS = 3
_WORD = re.compile(r"[^\W_]+")


def _forms(word: str) -> list[str]:
    if word.isascii():
        return [word.lower()]
    return index_text(word).split()


def _matched_terms(word: str, terms: Sequence[str]) -> frozenset[str]:
    forms = _forms(word)
    return frozenset(term for term in terms if any(form.startswith(term) for form in forms))


def _matches(text: str, terms: Sequence[str]) -> Iterator[tuple[re.Match[str], frozenset[str]]]:
    for found in _WORD.finditer(text):
        matched = _matched_terms(found.group(), terms)
        if matched:
            yield found, matched


def _marked(text: str, terms: Sequence[str]) -> str:
    pieces: list[str] = []
    position = 0
    for found, _terms in _matches(text, terms):
        pieces.append(escape(text[position : found.start()]))
        pieces.append(f"<mark>{escape(found.group())}</mark>")
        position = found.end()
    pieces.append(escape(text[position:]))
    return "".join(pieces)


def highlight(text: str, terms: Sequence[str]) -> SafeString:
    """All of `text`, escaped, with the words matching `terms` in `<mark>`."""
    return mark_safe(_marked(unicodedata.normalize("NFC", text or ""), terms))


def _window(text: str, start: int, length: int, before: int) -> tuple[int, int]:
    """About `length` characters from `before` characters ahead of `start`, cut between
    words."""
    begin = max(0, start - before)
    if begin > 0:
        space = text.find(" ", begin, start)
        begin = space + 1 if space != -1 else begin
    end = min(len(text), begin + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return begin, end


Found = list[tuple[int, frozenset[str]]]


def _best_start(found: Found, wanted: set[str], reach: int) -> tuple[int, set[str]]:
    """The match starting the passage that shows the most `wanted` terms, and those terms."""
    best_start, best_cover = found[0][0], set[str]()
    for start, _terms in found:
        covered: set[str] = set()
        for at, terms in found:
            if start <= at < start + reach:
                covered |= terms & wanted
        if len(covered) > len(best_cover):
            best_start, best_cover = start, covered
    return best_start, best_cover


def _windows(text: str, found: Found, length: int) -> list[tuple[int, int]]:
    """One passage when it can show every matched term, else up to `MAX_FRAGMENTS` shorter
    ones, each adding terms the others do not show."""
    wanted = set().union(*(terms for _start, terms in found))
    start, covered = _best_start(found, wanted, length - CONTEXT_BEFORE)
    if covered == wanted:
        return [_window(text, start, length, CONTEXT_BEFORE)]
    size = length // 2
    windows: list[tuple[int, int]] = []
    while wanted and len(windows) < MAX_FRAGMENTS:
        start, covered = _best_start(found, wanted, size - CONTEXT_BEFORE // 2)
        if not covered:
            break
        windows.append(_window(text, start, size, CONTEXT_BEFORE // 2))
        wanted -= covered
    return sorted(windows)


def snippet(text: str, terms: Sequence[str], length: int = SNIPPET_LENGTH) -> SafeString:
    """Passages of `text` showing the query terms it contains (its beginning when none),
    escaped, with matches in `<mark>` and "…" where the text was cut."""
    text = unicodedata.normalize("NFC", text or "")
    found = [(match.start(), matched) for match, matched in islice(_matches(text, terms), 200)]
    windows = _windows(text, found, length) if found else [_window(text, 0, length, 0)]
    pieces: list[str] = []
    position = 0
    for begin, end in windows:
        begin = max(begin, position)
        if begin >= end:
            continue
        if begin > position:
            pieces.append(" … " if pieces else "… ")
        pieces.append(_marked(text[begin:end], terms))
        position = end
    if position < len(text):
        pieces.append(" …")
    return mark_safe("".join(pieces))
