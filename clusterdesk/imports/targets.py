"""What a column of an imported file can be, and the column names we recognise by ourselves.

A *target* is a field of the record (e.g. `legal_name`) or a compound one that fills several
fields (`name_with_country`, `address`, `full_name`). Headers are compared in a plain form
(lower case, no accents, letters and digits only), so "Code postal", "code_postal" and
"CODE POSTAL" are one header. Known headers cover English, French and German, the CORDIS
`organization` layout and the CORDIS project pages.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ORGANISATIONS = "organisations"
CONTACTS = "contacts"


@dataclass(frozen=True)
class Target:
    name: str
    label: str | Promise
    headers: str = ""  # the known column names, in plain form, most specific first
    fills: tuple[str, ...] = ()  # fields a compound target fills; () means (name,)

    @property
    def aliases(self) -> tuple[str, ...]:
        return tuple(self.headers.split())

    @property
    def fields(self) -> tuple[str, ...]:
        return self.fills or (self.name,)


ORGANISATION_TARGETS: tuple[Target, ...] = (
    Target(
        "legal_name",
        _("legal name"),
        (
            "name legalname organisation organisationname organization organizationname company"
            " companyname legalnameoforganisation nom raisonsociale denomination societe"
            " entreprise nomentreprise firma firmenname unternehmen organisationsname"
        ),
    ),
    Target(
        "trade_name",
        _("trade name"),
        "shortname tradename acronym nomcommercial enseigne sigle kurzname handelsname",
    ),
    Target(
        "kind",
        _("kind (company, research centre…)"),
        "activitytype kind organisationtype organizationtype typeorganisation category art",
    ),
    Target(
        "register_number",
        _("national register number"),
        (
            "registernumber rcs rcsnumber numerorcs registrationnumber companynumber"
            " handelsregister handelsregisternummer registernummer"
        ),
    ),
    Target(
        "vat_number",
        _("VAT number"),
        (
            "vat vatnumber vatno vatid tva numerotva tvaintracommunautaire ustid ustidnr"
            " mwst mwstnummer umsatzsteuerid"
        ),
    ),
    Target(
        "headcount",
        _("headcount"),
        (
            "headcount employees staff numberofemployees effectif effectifs nombredesalaries"
            " salaries mitarbeiter beschaftigte anzahlmitarbeiter"
        ),
    ),
    Target("turnover", _("annual turnover (EUR)"), "turnover revenue chiffredaffaires umsatz"),
    Target(
        "balance_sheet_total",
        _("balance-sheet total (EUR)"),
        "balancesheettotal balancesheet totalbilan bilan bilanzsumme",
    ),
    Target(
        "founding_year",
        _("founding year"),
        "foundingyear founded yearfounded anneedecreation anneecreation grundungsjahr",
    ),
    Target(
        "street",
        _("street"),
        "street streetaddress address addressline1 adresse rue strasse anschrift",
    ),
    Target(
        "postcode",
        _("postcode"),
        "postcode postalcode zip zipcode codepostal cp plz postleitzahl",
    ),
    Target(
        "commune",
        _("commune or city"),
        "city town commune locality localite ville ort stadt gemeinde",
    ),
    Target("country", _("country"), "country countrycode pays land staat"),
    Target(
        "website",
        _("website"),
        (
            "website organizationurl organisationurl participantwebsite web siteweb"
            " siteinternet webseite homepage internet url"
        ),
    ),
    Target("description", _("description"), "description beschreibung"),
    Target(
        "external_id",
        _("identifier in the source (e.g. CORDIS organisationID)"),
        "organisationid organizationid pic externalid",
    ),
    Target(
        "name_with_country",
        _("name followed by its country (CORDIS project pages)"),
        "participantname",
        ("legal_name", "country"),
    ),
    Target(
        "address",
        _("full address: street, postcode and city in one text"),
        "participantaddress fulladdress adressecomplete vollstandigeadresse",
        ("street", "postcode", "commune"),
    ),
)

CONTACT_TARGETS: tuple[Target, ...] = (
    Target("first_name", _("first name"), "firstname givenname forename prenom vorname"),
    Target(
        "last_name",
        _("last name"),
        "lastname surname familyname nom nomdefamille nachname familienname",
    ),
    Target(
        "full_name",
        _("full name (first name first)"),
        "name fullname contactname nomcomplet person",
        ("first_name", "last_name"),
    ),
    Target(
        "job_title",
        _("job title"),
        "jobtitle title position fonction poste funktion berufsbezeichnung",
    ),
    Target(
        "email",
        _("email"),
        "email emailaddress mail courriel adressemail adresseemail emailadresse",
    ),
    Target(
        "phone",
        _("phone"),
        "phone telephone tel phonenumber mobile gsm telefon telefonnummer handy",
    ),
    Target(
        "preferred_language",
        _("preferred language"),
        "language preferredlanguage langue languepreferee sprache",
    ),
    Target(
        "organisation",
        _("organisation (name, register or VAT number)"),
        (
            "organisation organization company companyname societe entreprise employer firma"
            " unternehmen"
        ),
    ),
    Target("role", _("role at the organisation"), "role rolle"),
)

TARGETS = {ORGANISATIONS: ORGANISATION_TARGETS, CONTACTS: CONTACT_TARGETS}
CORDIS_HEADERS = {"organisationid", "activitytype", "name", "vatnumber"}
_NOT_ALNUM = re.compile(r"[^0-9a-z]")
_DATA_LIKE = re.compile(r"@|^https?://|^www\.|^[+-]?[\d .,/-]+$")


def plain_header(header: str) -> str:
    """`Code postal` → `codepostal`; `organisationID` → `organisationid`."""
    text = unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode("ascii")
    return _NOT_ALNUM.sub("", text.lower())


def targets_for(kind: str) -> dict[str, Target]:
    return {target.name: target for target in TARGETS[kind]}


def suggest_mapping(kind: str, header: Sequence[str]) -> list[str]:
    """A target for each column whose header we know ("" for the others). A target goes to
    one column only: the one whose header comes first in the target's list of names."""
    ranks = {
        alias: (target.name, rank)
        for target in TARGETS[kind]
        for rank, alias in enumerate(target.aliases)
    }
    best: dict[str, tuple[int, int]] = {}  # target → (rank, column)
    for column, name in enumerate(header):
        target, rank = ranks.get(plain_header(name), ("", 0))
        if target and (target not in best or rank < best[target][0]):
            best[target] = (rank, column)
    suggested = [""] * len(header)
    for target, (_rank, column) in best.items():
        suggested[column] = target
    return suggested


def is_cordis_layout(header: Sequence[str]) -> bool:
    return {plain_header(column) for column in header} >= CORDIS_HEADERS


def header_key(kind: str, header: Sequence[str]) -> str:
    """The fingerprint of a header row, to remember the mapping chosen for it."""
    plain = "\x1f".join(plain_header(column) for column in header)
    return hashlib.sha256(f"{kind}\x1e{plain}".encode()).hexdigest()


def header_problem(kind: str, header: Sequence[str], mapping: Sequence[str]) -> str:
    """Why the first row does not look like a header we can use ("" when it does)."""
    if any(mapping):
        return ""
    if any(_DATA_LIKE.search(cell) for cell in header if cell):
        return str(
            _(
                "The file has no header row: its first row holds data (%(cells)s). Add a row "
                "with the column names."
            )
            % {"cells": ", ".join(cell for cell in header[:4] if cell)}
        )
    return str(
        _("None of the columns is one we recognise (%(cells)s): choose what each one holds.")
        % {"cells": ", ".join(cell for cell in header[:8] if cell)}
    )
