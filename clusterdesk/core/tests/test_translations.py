"""The French and German catalogues are complete, compiled and actually served.

The .po files are parsed with a small reader below (no polib): each entry is checked for
a translation, a `fuzzy` flag and its placeholders; the committed .mo files are read back
with `gettext.GNUTranslations` and must hold exactly what the .po files say, so that a
translation changed without `clusterdesk compilemessages` fails CI. The last tests sign
in and look at real pages in each language.
"""

from __future__ import annotations

import gettext
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from clusterdesk.organisations.models import NaceActivity
from clusterdesk.organisations.services import organisation_update

SOURCE_LANGUAGE = "en"
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]
LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
EXPECTED_PLURAL_FORMS = {
    "fr": "nplurals=2; plural=(n > 1);",
    "de": "nplurals=2; plural=(n != 1);",
}


# --- A small .po reader -----------------------------------------------------------------


@dataclass
class PoEntry:
    msgid: str
    line: int
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def translations(self) -> list[str]:
        if self.msgid_plural is None:
            return [self.msgstr]
        return [self.msgstr_plural[index] for index in sorted(self.msgstr_plural)]

    @property
    def is_translated(self) -> bool:
        return bool(self.translations) and all(self.translations)

    @property
    def key(self) -> str:
        """The msgid as a .mo file stores it: `context EOT msgid` when there is a context."""
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"

    def __str__(self) -> str:
        context = f" [{self.msgctxt}]" if self.msgctxt is not None else ""
        return f"line {self.line}: {self.msgid!r}{context}"


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$')
_CONTINUATION = re.compile(r'^(".*")\s*$')


def _unquote(quoted: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), quoted[1:-1])


def parse_po(path: Path) -> list[PoEntry]:
    """The entries of a .po file (obsolete `#~` entries are left out)."""
    entries: list[PoEntry] = []
    entry: PoEntry | None = None
    flags: set[str] = set()
    target: tuple[str, int | None] | None = None

    def store(kind: str, index: int | None, text: str) -> None:
        assert entry is not None
        if kind == "msgstr" and index is not None:
            entry.msgstr_plural[index] = entry.msgstr_plural.get(index, "") + text
        elif kind == "msgstr":
            entry.msgstr += text
        else:
            setattr(entry, kind, (getattr(entry, kind) or "") + text)

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            target = None
            continue
        if line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        if line.startswith("#"):
            continue
        if match := _KEYWORD.match(line):
            keyword, index, quoted = match.groups()
            kind = "msgstr" if keyword.startswith("msgstr") else keyword
            # An entry starts with its msgctxt, or with its msgid when it has no context.
            if kind == "msgctxt" or (
                kind == "msgid" and (target is None or target[0] != "msgctxt")
            ):
                entry = PoEntry(msgid="", line=number, flags=flags)
                entries.append(entry)
                flags = set()
            assert entry is not None, f"{path}:{number}: {keyword} outside an entry"
            target = (kind, int(index) if index is not None else None)
            store(kind, target[1], _unquote(quoted))
        elif (match := _CONTINUATION.match(line)) and target is not None:
            store(target[0], target[1], _unquote(match.group(1)))
        else:
            raise AssertionError(f"{path}:{number}: cannot read {raw!r}")
    return entries


def parse_header(entry: PoEntry) -> dict[str, str]:
    pairs = (line.split(":", 1) for line in entry.msgstr.splitlines() if ":" in line)
    return {name.strip().lower(): value.strip() for name, value in pairs}


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def catalogue(language: str) -> list[PoEntry]:
    path = po_path(language)
    assert path.is_file(), f"{path} is missing: run `clusterdesk makemessages -l {language}`"
    return parse_po(path)


def messages(language: str) -> list[PoEntry]:
    return [entry for entry in catalogue(language) if not entry.is_header]


def test_the_reader_understands_po_syntax(tmp_path: Path) -> None:
    path = tmp_path / "django.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n'
        '#, fuzzy, python-format\nmsgid ""\n"Hello %(name)s, "\n"\\"friend\\""\n'
        'msgstr "Bonjour %(name)s"\n\n'
        'msgctxt "month"\nmsgid "May"\nmsgstr "mai"\n\n'
        'msgid "%(counter)s result"\nmsgid_plural "%(counter)s results"\n'
        'msgstr[0] "%(counter)s résultat"\nmsgstr[1] ""\n\n'
        '#~ msgid "Gone"\n#~ msgstr "Parti"\n',
        encoding="utf-8",
    )
    header, hello, may, result = parse_po(path)
    assert parse_header(header) == {"language": "fr"}
    assert hello.msgid == 'Hello %(name)s, "friend"'
    assert hello.flags == {"fuzzy", "python-format"}
    assert (may.msgctxt, may.msgid, may.msgstr, may.key) == ("month", "May", "mai", "month\x04May")
    assert result.msgid_plural == "%(counter)s results"
    assert result.translations == ["%(counter)s résultat", ""]
    assert not result.is_translated


# --- (a) Complete catalogues ------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_header(language: str) -> None:
    entries = catalogue(language)
    assert entries, f"{po_path(language)} has no entries"
    assert entries[0].is_header, "the first entry of a .po file must be its header"
    assert "fuzzy" not in entries[0].flags, "the header is still marked fuzzy"
    header = parse_header(entries[0])
    assert header.get("language") == language
    assert header.get("plural-forms") == EXPECTED_PLURAL_FORMS[language]
    assert header.get("content-type") == "text/plain; charset=UTF-8"
    assert header.get("project-id-version") == "clusterdesk"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_checked(language: str) -> None:
    entries = messages(language)
    assert len(entries) > 100, "suspiciously small catalogue: was makemessages run?"
    problems = [f"untranslated {entry}" for entry in entries if not entry.is_translated]
    problems += [f"fuzzy {entry}" for entry in entries if "fuzzy" in entry.flags]
    assert not problems, f"{po_path(language)}: entries to translate or check:\n" + "\n".join(
        problems
    )


def nplurals(language: str) -> int:
    return int(re.findall(r"nplurals=(\d+)", EXPECTED_PLURAL_FORMS[language])[0])


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_entries_have_every_form(language: str) -> None:
    forms = list(range(nplurals(language)))
    wrong = [
        f"{entry}: forms {sorted(entry.msgstr_plural)}"
        for entry in messages(language)
        if entry.msgid_plural is not None and sorted(entry.msgstr_plural) != forms
    ]
    assert not wrong, f"{po_path(language)}: plural entries without {len(forms)} forms:\n" + (
        "\n".join(wrong)
    )


_PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[sdif]|\{\w*\}")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_placeholders_and_html(language: str) -> None:
    wrong = []
    for entry in messages(language):
        sources = [entry.msgid, entry.msgid_plural or ""]
        for pattern in (_PLACEHOLDER, _TAG):
            expected = sorted(set().union(*(pattern.findall(source) for source in sources)))
            for translated in entry.translations:
                found = sorted(set(pattern.findall(translated)))
                if translated and found != expected:
                    wrong.append(f"{entry}: {found} instead of {expected}")
    assert not wrong, f"{po_path(language)}: placeholders or HTML changed:\n" + "\n".join(wrong)


# --- (b) Compiled catalogues ------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_mo_file_matches_po_file(language: str) -> None:
    """The committed .mo holds exactly the translations of the .po: nothing stale."""
    mo_path = po_path(language).with_suffix(".mo")
    assert mo_path.is_file(), f"{mo_path} is missing: run `clusterdesk compilemessages`"
    with mo_path.open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)

    entries = catalogue(language)
    expected: dict[Any, str] = {}
    for entry in entries:
        if "fuzzy" in entry.flags and not entry.is_header:
            continue  # msgfmt leaves fuzzy entries out; the test above reports them
        if entry.msgid_plural is None:
            if entry.msgstr:
                expected[entry.key] = entry.msgstr
        elif entry.is_translated:
            for index, text in enumerate(entry.translations):
                expected[(entry.key, index)] = text

    actual: dict[Any, str] = dict(compiled._catalog)
    # msgfmt drops POT-Creation-Date (which makemessages bumps on every run): compare the rest.
    header = PoEntry(msgid="", line=0, msgstr=actual.pop("", ""))
    assert parse_header(header) == {
        name: value
        for name, value in parse_header(entries[0]).items()
        if name != "pot-creation-date"
    }, f"{mo_path} has another header than {po_path(language).name}: recompile it"
    expected.pop("", None)
    stale = sorted(
        repr(key) for key in expected.keys() | actual.keys() if expected.get(key) != actual.get(key)
    )
    assert not stale, (
        f"{mo_path} does not match {po_path(language).name}: run `clusterdesk "
        f"compilemessages` and commit the .mo file. Differences:\n" + "\n".join(stale)
    )
    assert compiled.info().get("plural-forms") == EXPECTED_PLURAL_FORMS[language]
    for entry in entries:
        if entry.msgid_plural is not None and entry.msgctxt is None and entry.is_translated:
            # The compiled plural rule picks the same forms as the catalogue was written for.
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.translations[0]
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 5) == entry.translations[-1]


# --- (c) Pages in French and German -----------------------------------------------------

PAGE_TEXT = {
    "fr": {
        "list": ["Accueil", "Se déconnecter", "Statut", "Taille", "Réinitialiser"],
        "detail": [
            "Accueil",
            "Aperçu",
            "Numéro au registre national",
            "Codes NACE",
            "Adhésions aux clusters",
            "Historique",
        ],
    },
    "de": {
        "list": ["Startseite", "Organisationen", "Kontakte", "Abmelden", "Größe", "Zurücksetzen"],
        "detail": [
            "Startseite",
            "Überblick",
            "Nationale Registernummer",
            "NACE-Codes",
            "Clustermitgliedschaften",
            "Verlauf",
        ],
    },
}


@pytest.fixture(autouse=True)
def _restore_active_language() -> Any:
    """Requests activate their language in this thread; leave it as other tests expect."""
    previous = translation.get_language()
    yield
    if previous:
        translation.activate(previous)
    else:
        translation.deactivate()


@pytest.fixture
def organisation_with_nace(organisation_a: Any) -> Any:
    activity = NaceActivity.objects.get(code="29.32")
    return organisation_update(
        actor=None,
        organisation=organisation_a,
        data={"nace_activities": [activity]},
        expected_version=None,
    )


def _text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return html.unescape(response.content.decode())


def _assert_page_in(language: str, page: str, content: str) -> None:
    assert f'<html lang="{language}">' in content
    missing = [text for text in PAGE_TEXT[language][page] if text not in content]
    assert not missing, f"{page} page in {language!r} lacks {missing}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_follow_the_language_cookie(
    language: str, client_for: Any, organisation_with_nace: Any
) -> None:
    client = client_for("manager_a")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    activity = NaceActivity.objects.get(code="29.32")
    label = getattr(activity, f"label_{language}")
    assert label
    assert label != activity.label_en

    listing = _text(client.get(reverse("organisations:list")))
    _assert_page_in(language, "list", listing)
    assert organisation_with_nace.legal_name in listing
    assert label in listing  # the NACE column names the code in this language

    detail = _text(client.get(reverse("organisations:detail", args=[organisation_with_nace.uuid])))
    _assert_page_in(language, "detail", detail)
    # The overview names the NACE code in this language. (The timeline may still quote the
    # English label: an audit entry keeps the text it was recorded with.)
    assert label in detail


def test_language_switcher_changes_the_pages(client_for: Any, organisation_with_nace: Any) -> None:
    client = client_for("manager_a")
    detail_url = reverse("organisations:detail", args=[organisation_with_nace.uuid])
    activity = NaceActivity.objects.get(code="29.32")

    for language in LANGUAGES:
        response = client.post(
            reverse("set_language"), {"language": language, "next": detail_url}, follow=True
        )
        assert response.redirect_chain == [(detail_url, 302)]
        detail = _text(response)
        _assert_page_in(language, "detail", detail)
        assert getattr(activity, f"label_{language}") in detail

    client.post(reverse("set_language"), {"language": "en", "next": detail_url})
    english = _text(client.get(detail_url))
    assert '<html lang="en">' in english
    assert "Overview" in english
    assert activity.label_en in english
    assert activity.label_fr not in english
    assert activity.label_de not in english
