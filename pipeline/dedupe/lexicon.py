"""Language-neutral concepts of this field, so that pl, en and uk reports of one story meet.

``pipeline/vocabulary/concepts.txt`` lists, per concept, its Polish, English and Ukrainian words
and phrases ("strategia | strategy | стратегія", "rada europy | council of europe | рада європи");
``forms.json`` (built from it and areas.txt by ``python -m pipeline.vocabulary.build``) holds
their inflected forms. Words are matched folded (no diacritics, Cyrillic transliterated), first
as a known form, else through their stem when that stem belongs to one concept word only, and
the longest phrase starting at a word wins. Sections give concepts their kind:

    [concepts]        c:<id>   what an item is about (report, refugee, study visit)
    [organisations]   o:<id>   who (Council of Europe, UMP, UNHCR)
    [places]          p:<id>   where (Wrocław / Wroclaw / Вроцлав)
    [regions]         r:<id>   where, widely: a country, a region, a continent (it holds places)
    [common]          g:<id>   words nearly every item of this network uses: little evidence

The index is built once per process (``ConceptIndex.default()``) and only read afterwards.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources

from ..vocabulary import read_forms
from .text import STOPWORDS, fold, stem, tokens

__all__ = ["KIND_PREFIX", "ConceptIndex", "latin_script", "parse_concepts"]

CONCEPTS_FILE = "concepts.txt"
LANGUAGES = ("pl", "en", "uk")
KIND_PREFIX = {"concepts": "c:", "organisations": "o:", "places": "p:", "regions": "r:", "common": "g:"}
# Items in other languages of the ICC network (de, fr, es, it…) use English names and loanwords.
_FALLBACK = "en"
# ...but those of Cyrillic script (Russian, Belarusian) spell places, institutions and most stems
# as Ukrainian does, once transliterated ("Гданьск"/"Гданськ", "Гдыня"/"Гдиня" fold alike).
_CYRILLIC_FALLBACK = frozenset({"ru", "be"})
# Common words whose stem is a concept word's: found through the stem fallback, they made concepts
# out of nothing ("więcej", more, a rally; "specjalny" and "спеціальний", special, an expert;
# "радіо" a council; "тих", those, Tychy; "committed" a committee). Read over the real corpora's
# 5,000 items; their stems reach no concept (a concept word's own forms still do, through forms.json).
_NOT_CONCEPTS = {
    "pl": "więcej przyjaciele przyjazny specjalny lecia dziedzinie dziedzińcu świece przestrzegają "
    "roman radzi przedsięwzięcie funkcjonowanie stanisław przemysław przemysłowy rzesze chmielniku",
    "uk": "радіо віталій стати шахів євро універсальної багатьох замість тих греко спеціальний",
    "en": "question committed traffic texts exclusively accessible counterparts presidency port "
    "patria philippe warm",
}


def phrase_words(phrase: str) -> list[str]:
    """The folded words of a lexicon phrase, split exactly as item texts are ("adi-int", "ds.")."""
    return [fold(word) for word in tokens(phrase)]


def parse_concepts(text: str, *, name: str = CONCEPTS_FILE) -> list[tuple[str, str, tuple[str, ...]]]:
    """``(concept id with its kind prefix, language, phrases)`` for every side of every line.

    A malformed line raises ``ValueError`` naming it: the file is ours, a mistake is a bug.
    """
    found: list[tuple[str, str, tuple[str, ...]]] = []
    prefix: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            prefix = KIND_PREFIX.get(line[1:-1].strip())
            if prefix is None:
                raise ValueError(f"{name}:{number}: unknown section {line}")
            continue
        concept, sep, sides = line.partition("=")
        parts = sides.split("|")
        if not sep or prefix is None or len(parts) != len(LANGUAGES) or not concept.strip():
            raise ValueError(f"{name}:{number}: expected 'id = pl words | en words | uk words' in a section")
        for language, side in zip(LANGUAGES, parts, strict=True):
            phrases = tuple(p.strip().lower() for p in side.split(",") if p.strip())
            if phrases:
                found.append((prefix + concept.strip(), language, phrases))
    return found


@dataclass(slots=True)
class _Language:
    """Word ids and phrases of one language; filled in ``ConceptIndex.__init__``, then only read."""

    forms: dict[str, int] = field(default_factory=dict)  # folded form -> word id
    stems: dict[str, int] = field(default_factory=dict)  # stem -> word id, or -1 when ambiguous
    phrases: dict[tuple[int, ...], str] = field(default_factory=dict)  # word ids -> concept
    lengths: dict[int, tuple[int, ...]] = field(default_factory=dict)  # first word id -> lengths


class ConceptIndex:
    """Finds the concepts of a text in pl, en or uk (other languages: English and names)."""

    def __init__(self, entries: list[tuple[str, str, tuple[str, ...]]], forms: dict[str, dict[str, str]]):
        self._next_id = 0
        self._languages: dict[str, _Language] = {}
        for language in LANGUAGES:
            table = _Language()
            lemma_ids: dict[str, int] = {}
            for form, lemma in forms.get(language, {}).items():
                word_id = lemma_ids.get(lemma)
                if word_id is None:
                    word_id = lemma_ids[lemma] = self._new_id()
                table.forms.setdefault(fold(form), word_id)
            self._languages[language] = table
        for concept, language, phrases in entries:
            table = self._languages[language]
            for phrase in phrases:
                key = tuple(self._word_id(table, word) for word in phrase_words(phrase))
                if not key:
                    continue
                table.phrases.setdefault(key, concept)
                lengths = set(table.lengths.get(key[0], ()))
                lengths.add(len(key))
                table.lengths[key[0]] = tuple(sorted(lengths, reverse=True))
        for table in self._languages.values():
            # Stems of the forms of concept words only: a word outside the lexicon reaches a
            # concept through a shared 7-letter beginning only when no other concept claims it.
            meaning = {key[0]: concept for key, concept in table.phrases.items() if len(key) == 1}
            used = {word_id for key in table.phrases for word_id in key}
            for form, word_id in table.forms.items():
                if word_id not in used:
                    continue
                form_stem = stem(form)
                known = table.stems.get(form_stem)
                if known is None or known == word_id:
                    table.stems[form_stem] = word_id
                elif known > 0 and meaning.get(known) is not None and meaning[known] == meaning.get(word_id):
                    continue  # two words of one concept ("międzykulturowy", "międzykulturowość")
                else:
                    table.stems[form_stem] = -1
        for language, common in _NOT_CONCEPTS.items():
            for word in common.split():
                self._languages[language].stems[stem(fold(word))] = -1

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def _word_id(self, table: _Language, folded: str) -> int:
        word_id = table.forms.get(folded)
        if word_id is None:
            word_id = table.forms[folded] = self._new_id()
        return word_id

    @classmethod
    @functools.cache
    def default(cls) -> ConceptIndex:
        """The built-in lexicon (read once per process; the index is immutable once built)."""
        text = resources.files("pipeline.vocabulary").joinpath(CONCEPTS_FILE).read_text(encoding="utf-8")
        forms = read_forms()
        return cls(parse_concepts(text), forms)

    def find(
        self,
        folded_words: list[str],
        stems: list[str],
        language: str,
        latin: list[bool] | None = None,
    ) -> list[tuple[int, int, str]]:
        """``(position, length, concept)`` of each concept phrase (longest first) in ``folded_words``.

        ``stems`` are the words' :func:`~pipeline.dedupe.text.stem`, position by position (the
        caller has them already). A language outside the lexicon is read with English words (its
        loanwords and names), or with Ukrainian ones when written in Cyrillic (Russian). ``latin``
        marks the words written in the Latin alphabet: in a Cyrillic text they are Polish or
        English names ("Spilno Hub Katowice" in a Ukrainian report), read with those words (their
        transliteration would read "Spilno" as Ukrainian "спільно", together).
        """
        table = self._languages.get(language)
        if table is None and language in _CYRILLIC_FALLBACK:
            table, language = self._languages["uk"], "uk"
        if table is None or language != "uk" or not latin or not any(latin):
            return self._find(table, folded_words, stems)
        found = self._find(table, folded_words, stems, skip=latin)
        covered = {i for start, length, _ in found for i in range(start, start + length)}
        skip = [not is_latin or i in covered for i, is_latin in enumerate(latin)]
        # Polish and English phrases over the Latin words, the longest first where they overlap
        # ("Council of Europe" rather than Polish "council").
        others = self._find(self._languages["pl"], folded_words, stems, skip=skip)
        others += self._find(self._languages[_FALLBACK], folded_words, stems, skip=skip)
        for start, length, concept in sorted(others, key=lambda f: (-f[1], f[0])):
            if not covered.intersection(range(start, start + length)):
                found.append((start, length, concept))
                covered.update(range(start, start + length))
        return sorted(found)

    def _find(
        self,
        table: _Language | None,
        folded_words: list[str],
        stems: list[str],
        skip: list[bool] | None = None,
    ) -> list[tuple[int, int, str]]:
        """:meth:`find` in one language's ``table`` (None: a language outside the lexicon), the
        words at ``skip`` positions left unread."""
        foreign = table is None
        if foreign:
            # Italian, French…: English names and loanwords, but not English two-letter words
            # ("un", "ai", "eu" are articles and prepositions there).
            table = self._languages[_FALLBACK]
        forms, stem_ids = table.forms, table.stems
        ids: list[int | None] = []
        for position, (word, word_stem) in enumerate(zip(folded_words, stems, strict=True)):
            if skip is not None and skip[position]:
                ids.append(None)
                continue
            word_id = forms.get(word)
            if word_id is None and word not in STOPWORDS:  # "tych" (those) shares Tychy's stem
                candidate = stem_ids.get(word_stem)
                word_id = candidate if candidate is not None and candidate > 0 else None
            ids.append(word_id)
        found: list[tuple[int, int, str]] = []
        lengths, phrases = table.lengths, table.phrases
        i, n = 0, len(ids)
        while i < n:
            first = ids[i]
            step = 1
            if first is not None:
                for length in lengths.get(first, ()):
                    if i + length <= n:
                        concept = phrases.get(tuple(ids[i : i + length]))  # type: ignore[arg-type]
                        if concept is not None and not (foreign and length == 1 and len(folded_words[i]) < 3):
                            found.append((i, length, concept))
                            step = length
                            break
            i += step
        return found


_CYRILLIC_LETTER = re.compile(r"[\u0400-\u04ff]")


def latin_script(written: list[str]) -> list[bool]:
    """Which words are written in the Latin alphabet (a Polish or English name in a Ukrainian text)."""
    return [w[0].isalpha() and not _CYRILLIC_LETTER.search(w) for w in written]
