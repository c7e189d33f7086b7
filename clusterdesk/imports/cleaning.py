"""Turning one cell of an imported file into a field value, or a reason it cannot be one.

Real-world quirks are accepted (CORDIS `EL` for Greece and `UK` for the United Kingdom,
country names in English, French or German, "€ 180 397,50", "www.example.lu"); what cannot
be read without guessing raises `CellError` with the reason, which the report shows next to
the row number and the column name.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries

from clusterdesk.organisations.models import Contact, OrganisationKind


class CellError(ValueError):
    """A cell that cannot become a field value; the message says why."""


# --- formulas -----------------------------------------------------------------------------

_FUNCTION_CALL = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*\(")
_TOKEN_SEPARATORS = re.compile(r"[\s+\-*/^&()=<>,;:%]+")
_CELL_REFERENCE = re.compile(r"^\$?[A-Za-z]{1,3}\$?\d+$")
_PLAIN_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
_DDE = re.compile(r"[A-Za-z0-9_]\|")


def is_formula(text: str) -> bool:
    """A spreadsheet formula, which we refuse to import (it could run when the data is
    exported and opened again). `=` always starts one; `+`, `-` and `@` only when a function
    call (`SUM(`), a cell reference (`+A1`) or a DDE link (`cmd|`) follows, so phone numbers
    ("+352 26 12 34") and names ("+IMPAKT", "@FIRE - …") stay plain text."""
    if len(text) < 2 or text[0] not in "=+-@":
        return False
    if text[0] == "=":
        return True
    body = text[1:]
    if _FUNCTION_CALL.search(body) or _DDE.search(body) or body.lstrip().startswith("="):
        return True
    return _is_cell_arithmetic(body)


def _is_cell_arithmetic(body: str) -> bool:
    """`A1`, `-2+A1`, `$B$2*3`: only cell references and numbers, with one reference at least."""
    tokens = [token for token in _TOKEN_SEPARATORS.split(body) if token]
    return (
        bool(tokens)
        and all(_CELL_REFERENCE.match(t) or _PLAIN_NUMBER.match(t) for t in tokens)
        and any(_CELL_REFERENCE.match(t) for t in tokens)
    )


# --- text and numbers ---------------------------------------------------------------------


def clean_text(text: str) -> str:
    """Trimmed, with runs of spaces (and line breaks) collapsed to one space."""
    return " ".join(text.split())


_NUMBER_NOISE = re.compile(r"[\s\u00a0\u202f'€$£]|EUR|eur", re.UNICODE)
_DIGITS = re.compile(r"^[+-]?\d+$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:[.,]\d{3})+$")


def parse_number(text: str, *, whole: bool = False) -> Decimal | int | None:
    """`1.234,50`, `1 234,50`, `1,234.50`, `€ 180 397,50` and `1234` are read; `1.234` and
    `1,234` (thousands or decimals?) are refused as ambiguous."""
    raw = _NUMBER_NOISE.sub("", text)
    if not raw:
        return None
    number = _to_decimal(raw)
    if whole:
        if number != number.to_integral_value():
            raise CellError(_("“%(value)s” is not a whole number.") % {"value": text})
        return int(number)
    return number


def _to_decimal(raw: str) -> Decimal:
    try:
        if _DIGITS.match(raw):
            return Decimal(raw)
        separators = [char for char in raw if char in ".,"]
        if len(set(separators)) == 2:
            decimal_mark = separators[-1]
            thousands = "," if decimal_mark == "." else "."
            whole, _sep, fraction = raw.rpartition(decimal_mark)
            if not (_DIGITS.match(whole.replace(thousands, "")) and _grouped(whole, thousands)):
                raise InvalidOperation
            return Decimal(f"{whole.replace(thousands, '')}.{fraction}")
        if not separators:
            raise InvalidOperation
        mark = separators[0]
        if len(separators) > 1:  # 1,234,567 or 1.234.567: thousands only
            if not _GROUPED.match(raw):
                raise InvalidOperation
            return Decimal(raw.replace(mark, ""))
        whole, _sep, fraction = raw.partition(mark)
        digits = whole.lstrip("+-")
        if len(fraction) == 3 and 1 <= len(digits) <= 3 and digits != "0":
            raise CellError(
                _("“%(value)s” is ambiguous: write 1234 or 1234,5 without a thousands separator.")
                % {"value": raw}
            )
        return Decimal(f"{whole}.{fraction}")
    except (InvalidOperation, ValueError) as error:
        raise CellError(_("“%(value)s” is not a number.") % {"value": raw}) from error


def _grouped(whole: str, thousands: str) -> bool:
    if thousands not in whole:
        return True
    return bool(_GROUPED.match(whole.replace(thousands, ",")))


# --- choices ------------------------------------------------------------------------------


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join(decomposed.encode("ascii", "ignore").decode("ascii").lower().split())


COUNTRY_CODE_FIXES = {"EL": "GR", "UK": "GB"}  # EU usage → ISO 3166
COUNTRY_ALIASES = {
    "usa": "US",
    "united states": "US",
    "uk": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "holland": "NL",
    "the netherlands": "NL",
    "ivory coast": "CI",
    "russia": "RU",
}


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    names = dict(COUNTRY_ALIASES)
    for language in ("en", "fr", "de"):
        with translation.override(language):
            for code, name in countries:
                names.setdefault(_plain(str(name)), code)
    return names


@lru_cache(maxsize=4096)
def parse_country(text: str) -> str:
    """An ISO code from `LU`, `lu`, `EL`, `UK`, `Luxembourg`, `Allemagne` or `Deutschland`."""
    value = clean_text(text)
    code = COUNTRY_CODE_FIXES.get(value.upper(), value.upper())
    if len(code) == 2 and code in countries:
        return code
    plain = _plain(value)
    found = _country_names().get(plain) or countries.by_name(value)
    if isinstance(found, str) and found:
        return found
    raise CellError(_("“%(value)s” is not a country we know.") % {"value": value})


CORDIS_ACTIVITY_TYPES = {
    "PRC": OrganisationKind.COMPANY,
    "HES": OrganisationKind.RESEARCH_CENTRE,
    "REC": OrganisationKind.RESEARCH_CENTRE,
    "PUB": OrganisationKind.PUBLIC_BODY,
    "OTH": OrganisationKind.ASSOCIATION,
}


@lru_cache(maxsize=1)
def _choice_words(choices: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Codes and labels in English, French and German, in plain form, → code."""
    words = {}
    for language in ("en", "fr", "de"):
        with translation.override(language):
            for code, label in choices:
                words[_plain(code)] = code
                words[_plain(str(label))] = code
    return words


@lru_cache(maxsize=512)
def parse_kind(text: str) -> str:
    value = clean_text(text)
    if value.upper() in CORDIS_ACTIVITY_TYPES:
        return CORDIS_ACTIVITY_TYPES[value.upper()].value
    kinds = _choice_words(tuple(OrganisationKind.choices))
    code = kinds.get(_plain(value)) or kinds.get(_plain(value).replace(" ", "_"))
    if code:
        return code
    labels = ", ".join(str(label).lower() for label in OrganisationKind.labels)
    raise CellError(
        _("“%(value)s” is not a kind of organisation (%(kinds)s; or a CORDIS code: PRC, HES…).")
        % {"value": value, "kinds": labels}
    )


@lru_cache(maxsize=512)
def parse_language(text: str) -> str:
    value = clean_text(text)
    languages = _choice_words(tuple(Contact.Language.choices))
    code = languages.get(_plain(value)) or {"letzebuergesch": "lb", "deutsch": "de"}.get(
        _plain(value)
    )
    if code:
        return code
    raise CellError(
        _("“%(value)s” is not a language we offer (English, French, German, Luxembourgish).")
        % {"value": value}
    )


def parse_website(text: str) -> str:
    value = clean_text(text)
    if value and "://" not in value:
        value = f"https://{value}"
    return value


# --- compound cells -----------------------------------------------------------------------

PARTICIPATION_ENDED = "participation ended"
_WIDE_GAP = re.compile(r"\s{2,}")


def split_name_with_country(text: str) -> tuple[str, str, bool]:
    """CORDIS project pages fuse name and country: `NAME   [Participation ended   ]Country`.
    Returns `(name, country code or "", participation ended)`."""
    parts = [part for part in _WIDE_GAP.split(text.strip()) if part]
    ended = any(part.lower() == PARTICIPATION_ENDED for part in parts)
    parts = [part for part in parts if part.lower() != PARTICIPATION_ENDED]
    if len(parts) >= 2:
        try:
            return " ".join(parts[:-1]), parse_country(parts[-1]), ended
        except CellError:
            pass
    return " ".join(parts), "", ended


_POSTCODE = (
    r"[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}"  # United Kingdom
    r"|[A-Z]\d[\dW]\s?[A-Z\d]{4}"  # Ireland (Eircode)
    r"|(?:[A-Z]{1,2}-)?\d{2,5}(?:[ -]?\d{2,3})?(?:\s?[A-Z]{2})?"  # digits, NL 1234 AB, L-1234
)
_ADDRESS = re.compile(
    rf"^(?P<street>.*?)[\s,]+(?P<postcode>{_POSTCODE})\s+(?P<city>[^\d,]+(?:\s\d{{1,2}})?)$"
)


def split_address(text: str) -> tuple[str, str, str]:
    """`CALLE SERRANO 117 28006 Madrid` → street, postcode, city. An address we cannot split
    is kept whole as the street."""
    value = clean_text(text)
    match = _ADDRESS.match(value)
    if not match:
        return value, "", ""
    street = match["street"].strip(" ,.")
    return street, match["postcode"], match["city"].strip()


def split_full_name(text: str) -> tuple[str, str]:
    """`Anne Schmit` → (`Anne`, `Schmit`); `Marie-Claire van der Berg` → (`Marie-Claire`,
    `van der Berg`): the first word is the first name."""
    words = clean_text(text).split(" ")
    return words[0], " ".join(words[1:])
