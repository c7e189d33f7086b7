"""Contacts as vCard 4.0: one per contact from its page, one file for a filtered list.

The output is read back with a strict reader of RFC 6350's rules: CRLF line endings, lines
folded at 75 octets without splitting a UTF-8 character, VERSION right after BEGIN, and
escaped text that unescapes to exactly what the contact holds.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from clusterdesk.organisations.tests.factories import ContactFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

_UNESCAPE = re.compile(r"\\(.)")


def vcard_lines(payload: bytes) -> list[str]:
    """The content lines, after checking CRLF endings and 75-octet folding (RFC 6350 3.2)."""
    assert payload.endswith(b"\r\n")
    physical = payload[:-2].split(b"\r\n")
    lines: list[str] = []
    for raw in physical:
        assert len(raw) <= 75, raw
        assert b"\n" not in raw
        assert b"\r" not in raw
        text = raw.decode("utf-8")  # a folded line never splits a UTF-8 character
        if text.startswith(" "):
            lines[-1] += text[1:]
        else:
            lines.append(text)
    return lines


def unescape(value: str) -> str:
    return _UNESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def components(value: str) -> list[str]:
    return [unescape(part) for part in re.split(r"(?<!\\);", value)]


def vcards(payload: bytes) -> list[list[tuple[str, list[str], str]]]:
    """Each card as (name, parameters, raw value) properties, between BEGIN and END."""
    cards: list[list[tuple[str, list[str], str]]] = []
    current: list[tuple[str, list[str], str]] | None = None
    for line in vcard_lines(payload):
        head, _colon, value = line.partition(":")
        name, *parameters = head.split(";")
        if (name, value) == ("BEGIN", "VCARD"):
            current = []
        elif (name, value) == ("END", "VCARD"):
            assert current is not None
            cards.append(current)
            current = None
        else:
            assert current is not None, f"{line!r} outside a card"
            current.append((name.upper(), parameters, value))
    assert current is None
    return cards


def first(card: list[tuple[str, list[str], str]], name: str) -> tuple[list[str], str]:
    return next((parameters, value) for prop, parameters, value in card if prop == name)


def test_a_contacts_vcard_follows_rfc_6350(client_for, cluster_a):
    organisation = OrganisationFactory(
        legal_name=(
            "Société luxembourgeoise d'études, de recherche; et de développement des "
            "matériaux composites avancés S.à r.l."
        )
    )
    contact = ContactFactory(
        first_name="Marie-Hélène",
        last_name="Weis, Jr; \\ Dr",
        job_title="Directrice R&D, matériaux",
        email="mh.weis@example.lu",
        phone="+352 621 123 456",
        preferred_language="fr",
        organisation=organisation,
    )

    response = client_for("expert").get(reverse("organisations:contact-vcard", args=[contact.uuid]))

    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert 'filename="marie-helene-weis-jr-dr.vcf"' in response["Content-Disposition"]
    [card] = vcards(response.content)
    assert card[0] == ("VERSION", [], "4.0")  # right after BEGIN
    assert unescape(first(card, "FN")[1]) == "Marie-Hélène Weis, Jr; \\ Dr"
    assert components(first(card, "N")[1]) == ["Weis, Jr; \\ Dr", "Marie-Hélène", "", "", ""]
    assert components(first(card, "ORG")[1]) == [organisation.legal_name]
    assert first(card, "ORG")[0] == ["PREF=1"]
    assert unescape(first(card, "TITLE")[1]) == "Directrice R&D, matériaux"
    assert first(card, "EMAIL")[1] == "mh.weis@example.lu"
    assert first(card, "TEL") == (["VALUE=uri", "TYPE=work"], "tel:+352-621-123-456")
    assert first(card, "LANG")[1] == "fr"
    assert first(card, "UID")[1] == f"urn:uuid:{contact.uuid}"
    assert re.fullmatch(r"\d{8}T\d{6}Z", first(card, "REV")[1])
    assert [prop for prop, _p, _v in card].count("FN") == 1


def test_the_contact_list_exports_one_vcard_per_contact_it_shows(client_for, contact_a, contact_b):
    ContactFactory(first_name="Lena", last_name="Thill", preferred_language="de")
    client = client_for("manager_a")

    url = reverse("organisations:contact-export", kwargs={"fmt": "vcf"})
    response = client.get(url, {"language": "en"})

    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="contacts-{today}.vcf"'
    assert response.streaming
    cards = vcards(b"".join(response.streaming_content))
    names = sorted(unescape(first(card, "FN")[1]) for card in cards)
    assert names == ["Anne Schmit", "Luc Weber"]
    assert (
        client_for("analyst")
        .get(reverse("organisations:contact-vcard", args=[contact_a.uuid]))
        .status_code
        == 404
    )
