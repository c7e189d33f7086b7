"""Duplicate detection for imports: pure functions over plain data, no database.

An imported row is compared with the organisations we already have by, in this order:
an external id (e.g. its CORDIS organisationID), the national register number, the VAT
number, the normalised name in the same city, and a fuzzy name score in the same city.
Names are normalised (case, accents, punctuation, legal-form suffixes such as S.A., S.à r.l.,
GmbH, Ltd) so "LUXEMBOURG INSTITUTE OF SCIENCE AND TECHNOLOGY (LIST)" and "Luxembourg
Institute of Science and Technology" meet.

`MatchIndex` holds dictionaries keyed by each identifier and blocks of names per city, so a
lookup costs a few dictionary reads plus one fuzzy comparison against the organisations of
one city, whatever the size of the directory.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

# Legal forms, written as they are after `_plain_words` (lower case, no accents, dots removed,
# other punctuation turned into spaces). Longest first so "gmbh co kg" goes before "kg".
LEGAL_FORMS: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        (
            tuple(form.split())
            for form in (
                "sa",
                "s a",
                "sarl",
                "sa rl",
                "s a r l",
                "sarls",
                "sarl s",
                "s a rl",
                "sas",
                "sasu",
                "sca",
                "scs",
                "secs",
                "scrl",
                "sc",
                "snc",
                "asbl",
                "aisbl",
                "se",
                "gmbh",
                "gmbh co kg",
                "gmbh und co kg",
                "gmbh and co kg",
                "gmbh co",
                "co kg",
                "kg",
                "ag",
                "ev",
                "ggmbh",
                "ltd",
                "limited",
                "plc",
                "llp",
                "llc",
                "inc",
                "corp",
                "bv",
                "nv",
                "vzw",
                "srl",
                "spa",
                "sl",
                "slu",
                "oy",
                "oyj",
                "ab",
                "as",
                "aps",
                "a s",
                "sp z o o",
                "sp zoo",
                "doo",
                "d o o",
                "sro",
                "s r o",
            )
        ),
        key=len,
        reverse=True,
    )
)
_MAX_FORM_WORDS = max(len(form) for form in LEGAL_FORMS)
_LEGAL_FORM_SET = frozenset(LEGAL_FORMS)
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]")
_PARENTHESES = re.compile(r"\([^)]*\)")

FUZZY_THRESHOLD = 90  # rapidfuzz token_sort_ratio, 0-100


def _plain_words(text: str) -> list[str]:
    """Lower case, accents removed, dots dropped (S.A. → sa), other punctuation → spaces."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    ascii_text = ascii_text.replace("&", " and ").replace(".", "")
    return _NOT_WORD.sub(" ", ascii_text).split()


@lru_cache(maxsize=200_000)
def normalise_name(name: str) -> str:
    """The comparable form of an organisation name: no case, accents, punctuation, text in
    parentheses or trailing legal forms. A name made only of legal forms is kept whole."""
    words = _plain_words(_PARENTHESES.sub(" ", name or "")) or _plain_words(name or "")
    stripped = True
    while stripped and words:
        stripped = False
        for size in range(min(_MAX_FORM_WORDS, len(words) - 1), 0, -1):
            if tuple(words[-size:]) in _LEGAL_FORM_SET:
                words = words[:-size]
                stripped = True
                break
    return " ".join(words)


@lru_cache(maxsize=50_000)
def normalise_city(city: str) -> str:
    """`Esch-sur-Alzette`, `ESCH SUR ALZETTE` and `Esch Sur Alzette` → `esch sur alzette`."""
    return " ".join(_plain_words(city))


def normalise_identifier(value: str) -> str:
    """Register and VAT numbers: upper case, letters and digits only."""
    return _NOT_ALNUM.sub("", value or "").upper()


@dataclass(frozen=True)
class Candidate:
    """What we know of one organisation, to match imported rows against it."""

    id: int
    name: str
    city: str = ""
    register_number: str = ""
    vat_number: str = ""
    external_ids: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Match:
    id: int
    reason: str  # external_id | register_number | vat_number | name_city | similar_name
    score: int  # 100 for identifiers and exact names, the fuzzy score otherwise

    @property
    def is_exact(self) -> bool:
        return self.reason != "similar_name"


@dataclass
class MatchIndex:
    """Identifiers and city blocks of many organisations, for fast lookups."""

    by_external_id: dict[tuple[str, str], int] = field(default_factory=dict)
    by_register_number: dict[str, int] = field(default_factory=dict)
    by_vat_number: dict[str, int] = field(default_factory=dict)
    by_name_city: dict[tuple[str, str], int] = field(default_factory=dict)
    by_name: dict[str, int] = field(default_factory=dict)
    names_by_city: dict[str, dict[str, int]] = field(default_factory=dict)

    @classmethod
    def build(cls, candidates: Iterable[Candidate]) -> MatchIndex:
        index = cls()
        for candidate in candidates:
            index.add(candidate)
        return index

    def add(self, candidate: Candidate) -> None:
        """Index one organisation; the first one seen keeps an identifier shared by several."""
        for source, value in candidate.external_ids:
            self.by_external_id.setdefault((source, value), candidate.id)
        if candidate.register_number:
            key = normalise_identifier(candidate.register_number)
            self.by_register_number.setdefault(key, candidate.id)
        if candidate.vat_number:
            self.by_vat_number.setdefault(normalise_identifier(candidate.vat_number), candidate.id)
        name, city = normalise_name(candidate.name), normalise_city(candidate.city)
        if name:
            self.by_name_city.setdefault((name, city), candidate.id)
            self.by_name.setdefault(name, candidate.id)
            self.names_by_city.setdefault(city, {}).setdefault(name, candidate.id)

    def find(self, row: Candidate, *, fuzzy: bool = True) -> Match | None:
        """The organisation `row` most likely is, or None."""
        return self.find_by_identifier(row) or self.find_by_name(row, fuzzy=fuzzy)

    def find_by_identifier(self, row: Candidate) -> Match | None:
        for external_id in row.external_ids:
            if external_id in self.by_external_id:
                return Match(self.by_external_id[external_id], "external_id", 100)
        register = normalise_identifier(row.register_number)
        if register and register in self.by_register_number:
            return Match(self.by_register_number[register], "register_number", 100)
        vat = normalise_identifier(row.vat_number)
        if vat and vat in self.by_vat_number:
            return Match(self.by_vat_number[vat], "vat_number", 100)
        return None

    def find_by_name(self, row: Candidate, *, fuzzy: bool = True) -> Match | None:
        name, city = normalise_name(row.name), normalise_city(row.city)
        if not name:
            return None
        exact = self.by_name_city.get((name, city))
        if exact is not None:
            return Match(exact, "name_city", 100)
        block = self.names_by_city.get(city)
        if not fuzzy or not block:
            return None
        found = process.extractOne(
            name, block.keys(), scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_THRESHOLD
        )
        if found is None:
            return None
        return Match(block[found[0]], "similar_name", round(found[1]))

    def find_reference(self, text: str) -> int | None:
        """The organisation a contact's row names: by register or VAT number, else by its
        normalised name (in any city)."""
        identifier = normalise_identifier(text)
        for table in (self.by_register_number, self.by_vat_number):
            if identifier in table:
                return table[identifier]
        return self.by_name.get(normalise_name(text))


def normalise_person(first_name: str, last_name: str) -> str:
    """`Anne-Marie SCHMIT` and `anne marie Schmit` → `anne marie schmit`."""
    return " ".join(_plain_words(f"{first_name} {last_name}"))


@dataclass
class ContactIndex:
    """Existing contacts by email, and by name at each of their organisations."""

    by_email: dict[str, int] = field(default_factory=dict)
    by_person: dict[tuple[str, int | None], int] = field(default_factory=dict)

    def add(self, contact_id: int, first_name: str, last_name: str, email: str) -> None:
        if email:
            self.by_email.setdefault(email.lower(), contact_id)
        self.by_person.setdefault((normalise_person(first_name, last_name), None), contact_id)

    def add_affiliation(self, contact_id: int, person: str, organisation_id: int) -> None:
        self.by_person.setdefault((person, organisation_id), contact_id)

    def find(
        self, first_name: str, last_name: str, email: str, organisation_id: int | None
    ) -> Match | None:
        """Same email, or same name at the same organisation (or, for a row without an
        organisation, the same name anywhere)."""
        if email and email.lower() in self.by_email:
            return Match(self.by_email[email.lower()], "email", 100)
        person = normalise_person(first_name, last_name)
        found = self.by_person.get((person, organisation_id))
        return Match(found, "name_organisation", 100) if found is not None else None
