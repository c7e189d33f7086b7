"""Text analysis for matching: tokens, language guess, stop words, Snowball stems, folding.

Pure and deterministic. A text is split into lower-case word tokens; its language (en, fr,
de) is guessed from stop words and accents; each token is stemmed with that language's
Snowball stemmer (the pure-Python `snowballstemmer` package) and then folded (accents
removed, German umlauts written out: "Förderung" → "foerder", so "Foerderung" typed on a
keyboard without umlauts meets it too). Luxembourgish ("lb") is stemmed as German.

Stems are cached per (language, token): a corpus has far fewer distinct words than words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

LANGUAGES = ("en", "fr", "de")
_STEMMER_NAMES = {"en": "english", "fr": "french", "de": "german"}
_STEMMERS = {code: snowballstemmer.stemmer(name) for code, name in _STEMMER_NAMES.items()}

TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOP_WORDS: dict[str, frozenset[str]] = {
    "en": _words(
        """a about above after again against all also am an and any are as at be because been
        before being below between both but by can could did do does doing down during each few
        for from further had has have having he her here hers him his how i if in into is it its
        itself just me more most my no nor not now of off on once only or other our ours out over
        own same she should so some such than that the their them then there these they this
        those through to too under until up very was we were what when where which while who whom
        why will with would you your yours us would shall may might must need needs want wants
        looking look company companies client firm they're we're it's i'm wants would like
        please help etc via per within without across"""
    ),
    "fr": _words(
        """a au aux avec ce ces cet cette dans de des du elle elles en est et eux il ils je la le
        les leur leurs lui ma mais me même mes moi mon ne nos notre nous on ou où par pas pour
        qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous y été être avoir
        ont sont était fait faire plus comme sans entre chez veut veulent souhaite souhaitent
        cherche cherchent besoin besoins société entreprise client cliente aussi très bien leur
        ainsi donc car si tout tous toute toutes peut peuvent avons avez cela ça d l c j n s qu'il
        quel quelle quels quelles"""
    ),
    "de": _words(
        """aber alle allem allen aller alles als also am an ans auch auf aus bei beim bin bis
        bist da dadurch damit dann das dass dein deine dem den der des dessen die dies diese
        diesem diesen dieser dieses doch dort du durch ein eine einem einen einer eines er es
        euer eure für hat hatte hatten hier hin hinter ich ihr ihre im in ist ja jede jedem
        jeden jeder jedes jetzt kann kein keine können könnte machen man mein meine mit muss
        müssen nach nicht noch nun nur ob oder ohne sehr sein seine sich sie sind so soll sollen
        über um und uns unser unsere unter vom von vor war waren was weil weiter welche wenn
        werden wie wieder will wir wird wo wollen zu zum zur zwischen sucht suchen braucht
        brauchen möchte möchten firma unternehmen kunde bitte gibt gerne evtl ggf bzw usw"""
    ),
}
ALL_STOP_WORDS = STOP_WORDS["en"] | STOP_WORDS["fr"] | STOP_WORDS["de"]

# Words that say the language alone (frequent in that language, absent from the others).
_MARKERS: dict[str, frozenset[str]] = {
    "en": _words("the and of for with to is are our we they need needs looking"),
    "fr": _words("le la les des du et pour avec une un est sont nous besoin cherche"),
    "de": _words("der die das und für mit ist sind wir ein eine nicht sucht braucht"),
}


# "Fit4Innovation" → "fit 4 innovation", "ISO27001" → "iso 27001"; "co2", "3d", "5g" stay whole.
_GLUED = re.compile(r"(?<=[^\W\d_]{3})(?=\d)|(?<=\d)(?=[^\W\d_]{3})")


def tokens(text: str) -> list[str]:
    """Lower-case word tokens (letters and digits), in order."""
    return TOKEN.findall(_GLUED.sub(" ", text.lower()))


def fold(word: str) -> str:
    """Accents removed, German umlauts and ß written out: "Förder" → "foerder"."""
    word = word.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=262_144)
def stem(word: str, language: str) -> str:
    """The folded Snowball stem of a lower-case word in a language (en, fr, de; lb as de)."""
    stemmer = _STEMMERS.get("de" if language == "lb" else language, _STEMMERS["en"])
    if len(word) <= 2 or word.isdigit():
        return fold(word)
    return fold(stemmer.stemWord(word))


@dataclass(frozen=True)
class LanguageGuess:
    language: str
    confident: bool  # False for short or mixed texts: callers may try every language


def guess_language(words: list[str], hint: str | None = None) -> LanguageGuess:
    """The language of a tokenised text from its stop words and accents.

    `hint` (a language a record declares) wins when given and known.
    """
    if hint:
        code = "de" if hint == "lb" else hint
        if code in LANGUAGES:
            return LanguageGuess(code, True)
    scores = dict.fromkeys(LANGUAGES, 0.0)
    for word in words[:400]:
        for code in LANGUAGES:
            if word in _MARKERS[code]:
                scores[code] += 1.0
            elif word in STOP_WORDS[code]:
                scores[code] += 0.5
        if any(char in "éèêàçùôî" for char in word):
            scores["fr"] += 0.5
        elif any(char in "äöüß" for char in word):
            scores["de"] += 0.5
    ranked = sorted(LANGUAGES, key=lambda code: (-scores[code], LANGUAGES.index(code)))
    best, second = ranked[0], ranked[1]
    if scores[best] == 0:
        return LanguageGuess("en", False)
    confident = scores[best] >= 2 and scores[best] >= 2 * scores[second]
    return LanguageGuess(best, confident)
