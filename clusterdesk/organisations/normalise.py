"""Pure helpers that put identifiers and names into one canonical form."""

from __future__ import annotations

import re

from django.utils.text import slugify

_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]")
_LU_POSTCODE = re.compile(r"^(?:L\s*-?\s*)?(\d{4})$", re.IGNORECASE)


def register_number(value: str) -> str:
    """`b 123 456` → `B123456`: upper case, no spaces or punctuation."""
    return _NOT_ALNUM.sub("", value or "").upper()


def vat_number(value: str) -> str:
    """`lu 1234.5678` → `LU12345678`."""
    return _NOT_ALNUM.sub("", value or "").upper()


def postcode(value: str, country: str) -> str:
    """Luxembourg postcodes are written `L-1234`; other countries' codes are kept as given."""
    cleaned = (value or "").strip()
    if str(country) == "LU":
        match = _LU_POSTCODE.match(cleaned)
        if match:
            return f"L-{match.group(1)}"
    return cleaned


def tag_names(raw: str | list[str]) -> list[str]:
    """Split comma-separated tags, trim them, drop empties and case-insensitive repeats."""
    items = raw.split(",") if isinstance(raw, str) else raw
    seen: set[str] = set()
    names: list[str] = []
    for item in items:
        name = " ".join(item.split())[:60]
        key = slugify(name, allow_unicode=True)
        if name and key and key not in seen:
            seen.add(key)
            names.append(name)
    return names
