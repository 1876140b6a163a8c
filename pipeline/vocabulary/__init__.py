"""The built-in vocabulary of the strategy areas and its precomputed word forms (package data).

Two files live here:

``areas.txt``
    The vocabulary, written by people: per language, phrases with area weights (format in the
    file's header). Edit it, then rebuild ``forms.json``.
``forms.json``
    For every word of every phrase: its lemma and the inflected forms that lemmatise to it,
    collected once from simplemma's dictionaries by ``python -m pipeline.vocabulary.build``
    (a developer's step; the output is committed). At run time nothing of simplemma is loaded:
    the full Polish dictionary alone costs ~3.3 s and ~410 MB (FIELD-NOTES), this file ~0.2 MB.

This module only reads and parses; matching lives in :mod:`pipeline.tagging`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources

VOCABULARY_FILE = "areas.txt"
FORMS_FILE = "forms.json"

# Languages whose words are lemmatised by the build (simplemma dictionaries). "*" holds names and
# loanwords that are matched, as written, in items of every language.
LEMMATISED_LANGUAGES: tuple[str, ...] = ("pl", "en", "uk")
ANY_LANGUAGE = "*"

# A word: letters, optionally joined by apostrophes inside (Ukrainian "вроцлав'ян", English "city's").
# Digits, hyphens and punctuation separate words, so "anti-rumour" and "anti rumour" read alike.
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
# Ukrainian writes the apostrophe as U+2019 or U+02BC as often as U+0027; English uses U+2019 too.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "`": "'"})


def words(text: str, *, lower: bool = True) -> list[str]:
    """Split ``text`` into (lower-cased) words, the same way for the vocabulary and for items."""
    if lower:
        text = text.lower()
    if "\u2019" in text or "\u02bc" in text or "`" in text:
        text = text.translate(_APOSTROPHES)
    return _WORD.findall(text)


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of areas.txt: a phrase of a language and what it adds to which areas."""

    language: str
    phrase: str
    weights: tuple[tuple[str, float], ...]  # (area slug, weight)
    line: int


def parse_vocabulary(text: str, *, name: str = VOCABULARY_FILE) -> tuple[Entry, ...]:
    """Parse the areas.txt format; a malformed line raises ``ValueError`` naming the line."""
    entries: list[Entry] = []
    language: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            language = line[1:-1].strip()
            continue
        phrase, sep, spec = line.partition(" = ")
        if not sep or language is None or not words(phrase):
            raise ValueError(f"{name}:{number}: expected 'phrase = area weight, …' inside a [language]")
        weights: list[tuple[str, float]] = []
        for part in spec.split(","):
            fields = part.split()
            try:
                slug, weight = fields[0], float(fields[1])
            except (IndexError, ValueError) as exc:
                raise ValueError(f"{name}:{number}: expected 'area weight', got {part.strip()!r}") from exc
            if len(fields) != 2:
                raise ValueError(f"{name}:{number}: expected 'area weight', got {part.strip()!r}")
            weights.append((slug, weight))
        entries.append(Entry(language, phrase.strip(), tuple(weights), number))
    return tuple(entries)


def read_vocabulary() -> tuple[Entry, ...]:
    """The built-in vocabulary (areas.txt shipped in this package)."""
    text = resources.files(__package__).joinpath(VOCABULARY_FILE).read_text(encoding="utf-8")
    return parse_vocabulary(text)


def read_forms() -> dict[str, dict[str, str]]:
    """The precomputed word forms: language -> {form: lemma}, lemmas included as their own forms.

    The file stores ``{lang: {lemma: [forms…]}}`` (each lemma once, so it stays small); it is turned
    around here. A fresh dict is returned on each call: the caller owns it.
    """
    raw = json.loads(resources.files(__package__).joinpath(FORMS_FILE).read_text(encoding="utf-8"))
    table: dict[str, dict[str, str]] = {}
    for language, lemmas in raw["forms"].items():
        forms: dict[str, str] = {}
        for lemma, inflected in lemmas.items():
            if inflected:
                forms[lemma] = lemma
            for form in inflected:
                forms.setdefault(form, lemma)
        # A word with no forms of its own is one a phrase wrote inflected ("Rady" in "Rady Europy",
        # "ради" in a concept's "верховної ради"): it stays a form of its lemma, when it has one.
        for lemma, inflected in lemmas.items():
            if not inflected:
                forms.setdefault(lemma, lemma)
        table[language] = forms
    return table
