"""Contacts as vCard 4.0 (RFC 6350), for address books and phones.

Each card has BEGIN, VERSION:4.0, UID, FN, N, ORG (one per organisation, the main one with
PREF=1), TITLE, EMAIL, TEL, LANG, REV and END. Lines end with CRLF; a line longer than
75 octets is folded (CRLF and one space) without splitting a UTF-8 character; text values
escape backslash, comma, semicolon and line breaks (section 3.4).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from clusterdesk.organisations.models import Contact

CRLF = "\r\n"
LINE_OCTETS = 75
_GLOBAL_PHONE = re.compile(r"\+[0-9][0-9 ().\-/]*")


def escape(text: str) -> str:
    """A text value with `\\`, `,`, `;` and line breaks escaped."""
    text = text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return re.sub(r"\r\n|\r|\n", "\\\\n", text)


def fold(line: str) -> str:
    """Lines of at most 75 octets (continuations start with one space, which counts)."""
    pieces: list[str] = []
    current: list[str] = []
    size, limit = 0, LINE_OCTETS
    for character in line:
        octets = len(character.encode("utf-8"))
        if size + octets > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, LINE_OCTETS - 1
        current.append(character)
        size += octets
    pieces.append("".join(current))
    return (CRLF + " ").join(pieces) + CRLF


def _telephone(phone: str) -> str:
    """A tel: URI for an international number (RFC 3966), else the number as text."""
    if _GLOBAL_PHONE.fullmatch(phone.strip()):
        number = re.sub(r"[\s/]+", "-", phone.strip())
        return f"TEL;VALUE=uri;TYPE=work:tel:{number}"
    return f"TEL;TYPE=work:{escape(phone)}"


@dataclass(frozen=True)
class Place:
    """One organisation of a contact, as a card shows it."""

    organisation: str
    role: str
    is_primary: bool


def places_of(contact: Contact) -> list[Place]:
    """From `contact.affiliations` (prefetched with their organisations, main one first)."""
    return [
        Place(a.organisation.legal_name, a.role, a.is_primary) for a in contact.affiliations.all()
    ]


def _organisations(places: Iterable[Place]) -> list[str]:
    return [
        f"ORG{';PREF=1' if place.is_primary else ''}:{escape(place.organisation)}"
        for place in places
    ]


def contact_card(contact: Contact, places: Sequence[Place] | None = None) -> str:
    """One vCard, with `places` (or the contact's prefetched affiliations)."""
    places = places_of(contact) if places is None else places
    main = next((place for place in places if place.is_primary), None)
    title = contact.job_title or (main.role if main else "")
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"UID:urn:uuid:{contact.uuid}",
        f"FN:{escape(str(contact))}",
        f"N:{escape(contact.last_name)};{escape(contact.first_name)};;;",
        *_organisations(places),
    ]
    if title:
        lines.append(f"TITLE:{escape(title)}")
    if contact.email:
        lines.append(f"EMAIL;TYPE=work:{escape(contact.email)}")
    if contact.phone:
        lines.append(_telephone(contact.phone))
    lines.append(f"LANG:{contact.preferred_language}")
    if contact.updated_at:
        lines.append(f"REV:{contact.updated_at.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}")
    lines.append("END:VCARD")
    return "".join(fold(line) for line in lines)


def contact_cards(
    contacts: Iterable[tuple[Contact, Sequence[Place]]], batch: int = 200
) -> Iterator[str]:
    """The cards of a whole list, `(contact, places)` each, a batch at a time for a
    streamed response."""
    cards: list[str] = []
    for contact, places in contacts:
        cards.append(contact_card(contact, places))
        if len(cards) >= batch:
            yield "".join(cards)
            cards = []
    yield "".join(cards)
