"""Names and acronyms of an item's text: the capitalised words a story is identified by.

A capital counts as a name where the language's headlines would not capitalise it anyway: not at a
sentence's start, not in an English Title Case or an ALL-CAPS headline, not a month or a stopword,
not a spokesperson's name (who tells a story, not what it is about). Acronyms (ADI-INT, UNHCR,
COVID-19) are names everywhere.
"""

from __future__ import annotations

import re

from .text import CALENDAR_WORDS, STOPWORDS, fold, name_key, stem

__all__ = ["SPOKESPERSON_WORDS", "acronyms_of", "names_of"]

_SENTENCE_PUNCTUATION = frozenset('.!?:;—–-|"„”«»()')
# ADI-INT, GT-ADI, UNHCR, COVID-19: two capitals or more, hyphenated parts kept together.
_ACRONYM = re.compile(r"(?<![\w-])[A-ZА-ЯІЇЄҐ]{2,}[a-zа-я]?(?:-[A-ZА-ЯІЇЄҐ0-9]+)*(?![\w-])")
_ROMAN_NUMERAL = re.compile(r"^[IVXLC]+$")
# A spokesperson is who a story is told by, not what it is about: the interior ministry's spokeswoman
# is quoted on a bill one day and on a murder's fake news the next. A name within
# SPOKESPERSON_WORDS words after one of these (folded) beginnings names no story, unless an office
# holder comes between: "rzecznik prezydent Gdańska Aleksandry Dulkiewicz" names the mayor.
_SPOKESPERSON = ("rzeczni", "spokes", "rechnyk", "rechnyts")
_OFFICE_HOLDER = ("prezyden", "burmistrz", "premier", "mayor", "presiden", "prime", "prem'ier")
_MAYOR_UK = frozenset({"mer", "mera", "meru", "merom", "mere"})  # мер, folded
SPOKESPERSON_WORDS = 4


def _spokesperson_named(folded: list[str], i: int) -> bool:
    """Whether the word at ``i`` is a spokesperson's name: a spokesperson word shortly before it,
    and no office holder between them."""
    window = folded[max(0, i - SPOKESPERSON_WORDS) : i]
    for k in range(len(window) - 1, -1, -1):
        if window[k].startswith(_SPOKESPERSON):
            return not any(w.startswith(_OFFICE_HOLDER) or w in _MAYOR_UK for w in window[k + 1 :])
    return False


_HAS_CAPITALS = re.compile(r"[A-ZА-ЯІЇЄҐ]{2}")


# Languages whose headlines are written in sentence case: a capital there is a name, however many
# ("Rada Miasta uchwaliła Program „Otwarty Kraków”"). English (and German nouns) capitalise more.
_SENTENCE_CASE_HEADLINES = frozenset({"pl", "uk"})


def _is_title_case(written: list[str]) -> bool:
    """English headlines Capitalise Every Word: then capitals say nothing about names."""
    long_words = [w for w in written if len(w) > 3 and not w[0].isdigit()]
    return len(long_words) >= 3 and sum(w[0].isupper() for w in long_words) / len(long_words) >= 0.8


def names_of(
    text: str,
    written: list[str],
    folded: list[str],
    known: set[int],
    acronyms: set[str],
    *,
    title: bool,
    language: str = "",
    spelled: dict[str, str] | None = None,
) -> set[str]:
    """Keys (``name_key``, stemmed) of capitalised words that do not start a sentence, and
    ``acronyms``; not the words at ``known`` positions (concepts already). ``spelled`` gets each
    key's stem as written here (another item may mention the name in lower case: "wrocławski")."""
    taken = {folded[i] for i in known}
    names = {a for a in acronyms if a not in taken}
    if title:
        letters = [w for w in written if w.isalpha()]
        if letters and sum(w.isupper() for w in letters) / len(letters) >= 0.6:
            return set()  # AN ALL-CAPS HEADLINE: capitals say nothing at all
        if language not in _SENTENCE_CASE_HEADLINES and _is_title_case(written):
            return names  # only acronyms keep meaning in a Title Case headline
    position = 0
    for i, raw in enumerate(written):
        if not raw[0].isupper():
            continue
        start = text.find(raw, position)
        if start >= 0:
            position = start + len(raw)
        word = folded[i]
        if i in known or len(word) < 3 or word in STOPWORDS or word in CALENDAR_WORDS or raw.isdigit():
            continue
        if _spokesperson_named(folded, i):
            continue
        before = text[max(0, start - 4) : start].rstrip() if start > 0 else ""
        if not before or before[-1] in _SENTENCE_PUNCTUATION:
            continue  # capitalised because it starts a sentence
        key = stem(name_key(raw))
        names.add(key)
        if spelled is not None:
            spelled.setdefault(key, stem(word))
    return names


def acronyms_of(text: str) -> set[str]:
    if not _HAS_CAPITALS.search(text):
        return set()
    return {stem(fold(a)) for a in _ACRONYM.findall(text) if not _ROMAN_NUMERAL.match(a)}
