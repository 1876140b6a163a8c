"""Strategy areas of an item, with the words that decided them (issue 4).

How an item is tagged
    The title and summary are split into lower-cased words. Each word is mapped to
    a vocabulary word id through precomputed inflected forms (``pipeline/vocabulary/forms.json``:
    "szkołach" -> szkoła, "біженців" -> біженець); the longest vocabulary phrase starting at each
    word is taken ("bezpieczeństwo ruchu drogowego" beats "bezpieczeństwo"). Every phrase found
    adds ``weight x field factor`` to its areas, once per item, with the factor of the best field it
    appeared in (title 1.5, summary 1.0). An area whose score reaches ``THRESHOLD`` is
    given; a source's ``areas:`` are always given (``by_source=True``). An editor's ``exclude``
    phrase found in the item vetoes that area (unless the source gives it). An area whose words
    were found but fell short may still be given by the learned model (:mod:`pipeline.learned`,
    trained on real labelled news), with the words that weighed most for it as its evidence.

Why precomputed forms and not simplemma at run time
    simplemma's Polish dictionary costs ~3.3 s and ~410 MB to load (FIELD-NOTES) — more than the
    whole cycle's budget (issue 10: 2.5 s, 300 MB). The vocabulary is a few hundred lemmas, so the
    forms that matter are known in advance: ``python -m pipeline.vocabulary.build`` scans simplemma's
    dictionaries once and keeps only the ~5,000 forms of our lemmas (~80 KB). Start-up is then
    a JSON read, and matching is a dict lookup per word.

The fallback for forms the table lacks
    Editors' keywords from sources.yaml, and forms simplemma does not list ("antyplotkowa",
    "вчителів"), go through a conservative stem match: a word of five letters or more that is not
    a known form may drop one common inflectional ending (a closed list per language, at most four
    letters, leaving at least four) and match a vocabulary word whose forms or lemma reduce to the
    same stem. A stem shared by two different vocabulary words is ambiguous and never matches.
    This is deliberately narrower than a real stemmer: it never strips derivational suffixes, so
    "kurs" does not swallow "kursować", and it costs a few dict lookups per unknown word.

Everything is built once in ``Tagger.__init__`` (~0.1 s) and read-only afterwards, so one Tagger is
shared by every source of a cycle (and across cycles, until the configuration changes).

Why one module of ~450 lines: the lexicon's construction and the matcher share its internal shape
(word ids, stems, phrase keys); apart, each would have to know the other's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from types import MappingProxyType

from pipeline.learned import LearnedAreas
from pipeline.records import AREA_SLUGS, AreaDef, AreaMatch
from pipeline.vocabulary import ANY_LANGUAGE, Entry, read_forms, read_vocabulary, words

__all__ = [
    "AREA_LABELS",
    "BUILTIN_AREAS",
    "FIELD_FACTORS",
    "KEYWORD_WEIGHT",
    "THRESHOLD",
    "Tagger",
]

AREA_LABELS: MappingProxyType[str, str] = MappingProxyType(
    {
        "edukacja": "Edukacja",
        "integracja": "Integracja",
        "bezpieczenstwo": "Bezpieczeństwo",
        "wspolpraca": "Współpraca i komunikacja",
    }
)

BUILTIN_AREAS: tuple[AreaDef, ...] = tuple(AreaDef(slug, AREA_LABELS[slug]) for slug in AREA_SLUGS)

# An area is given when its score reaches this. Weights in areas.txt are scaled to it: 1.0 means
# "decisive in a summary", 0.7 "decisive in a title only" (0.7 x 1.5).
# Checked on the real corpus's tune split (tests/realdata.py, 218 items, LABELLING.md policy) with
# the 2026-12 vocabulary: macro-F1 0.876 at 1.0, 0.866-0.869 from 0.85 to 0.9, 0.868 at 1.05;
# title factor 1.7 and REPEAT_BONUS 0 or 0.5 were no better, so the scale stays as it was.
THRESHOLD = 1.0
# Title words say what the item is about; a summary may mention things in passing (issue 4: "title
# counts more"). An item page's text (enrichment) is not read: measured on real items with stored
# copies of their pages (tests/data/real/pages.jsonl, 2026-12-04), it cost more than it gave at every
# weight. At 0.4 (as it was) macro-F1 fell 0.847 -> 0.806 on 249 tune items and 0.854 -> 0.835 on
# 69 held-out ones (edukacja precision 0.82 -> 0.62): a page repeats its headline and lead, so each
# teaser word counted twice, and any word of the text let the learned model decide alone; at 0.1,
# without both, still 0.847 -> 0.836 on tune. LABELLING.md labels the subject, not stray words.
FIELD_FACTORS: tuple[float, float] = (1.5, 1.0)
# A word found in two fields (title and summary) counts this much more than in its best field.
REPEAT_BONUS = 0.25
# An area scoring less than this share of the item's best area is left out (see ``tag``).
# 0.0 = off: every area reaching THRESHOLD is given, as LABELLING.md asks ("every area a reader
# would file it under"). On the real tune split (218 items, 2026-12 vocabulary) macro-F1 is 0.876
# at 0.0, 0.874 at 0.2, 0.843 at 0.3 and 0.801 at 0.45 (recall of every area falls). The 0.45 once
# chosen on tests/data/tagging/corpus.jsonl fitted that corpus's older, one-main-area labels.
RELATIVE_THRESHOLD = 0.0
# An editor's keyword is meant to tag on its own: one mention in a summary reaches THRESHOLD.
KEYWORD_WEIGHT = 1.0

# The vocabulary used for items in a language we have no words for (de, fr, … from the ICC
# network): English, because those sources mix English names and loanwords into other languages.
FALLBACK_LANGUAGE = "en"

# Inflectional endings the stem fallback may drop, by language (see the module docstring). Only
# endings of declension (and English plural/participle), never derivational suffixes.
_ENDINGS: MappingProxyType[str, frozenset[str]] = MappingProxyType(
    {
        language: frozenset(endings.split())
        for language, endings in (
            (
                "pl",
                "a e i o u y ą ę ie ów om em ej ym im ia iu ią ię ii ch ach ami ego emu ich ych ymi "
                "imi iej iom iów owi iach iami iego iemu owie",
            ),
            (
                "uk",
                "а я о е у ю і ї и й ь є ам ям ах ях ів їв ом ем єм ою ею ий ій ої ім их іх ми ові "
                "еві ами ями ого ому ими іми ього ьому",
            ),
            ("en", "s es ed 's ing"),
        )
    }
)
_MIN_STEM = 4  # letters left after dropping an ending
_MIN_STEMMED_WORD = 5  # shorter words are matched only as known forms
_MAX_ENDING = 4
_AMBIGUOUS = -1


def _strip_ending(word: str, endings: frozenset[str]) -> str:
    """The word without its longest listed ending, keeping at least ``_MIN_STEM`` letters."""
    for n in range(min(_MAX_ENDING, len(word) - _MIN_STEM), 0, -1):
        if word[-n:] in endings:
            return word[:-n]
    return word


@dataclass(slots=True)
class _Term:
    """A vocabulary phrase of one language: what it adds to each area and which areas it vetoes."""

    weights: dict[int, float] = field(default_factory=dict)  # area index -> weight
    vetoes: set[int] = field(default_factory=set)


@dataclass(slots=True)
class _Lexicon:
    """Everything needed to match one language; filled in ``Tagger.__init__``, then only read."""

    language: str
    endings: frozenset[str]
    forms: dict[str, int]  # word form -> word id
    stems: dict[str, int] = field(default_factory=dict)  # stem or form -> word id (or _AMBIGUOUS)
    prefixes: set[str] = field(default_factory=set)  # first letters of every stem: a cheap pre-check
    terms: dict[tuple[int, ...], _Term] = field(default_factory=dict)
    starts: dict[int, tuple[int, ...]] = field(default_factory=dict)  # first word id -> lengths

    def word_id(self, word: str) -> int | None:
        """The vocabulary word ``word`` is a form of, or None."""
        found = self.forms.get(word)
        if found is not None or len(word) < _MIN_STEMMED_WORD or word[:_MIN_STEM] not in self.prefixes:
            return found
        stems = self.stems
        for n in range(1, min(_MAX_ENDING, len(word) - _MIN_STEM) + 1):
            if word[-n:] in self.endings:
                found = stems.get(word[:-n])
                if found is not None and found != _AMBIGUOUS:
                    return found
        return None

    def add_stems(self, word_id: int, forms: Iterable[str]) -> None:
        """Let unknown forms reach ``word_id`` through the stems of its known forms."""
        for form in forms:
            for key in {form, _strip_ending(form, self.endings)}:
                if len(key) < _MIN_STEM:
                    continue
                known = self.stems.get(key)
                if known is None:
                    self.stems[key] = word_id
                    self.prefixes.add(key[:_MIN_STEM])
                elif known != word_id:
                    self.stems[key] = _AMBIGUOUS

    def term(self, key: tuple[int, ...]) -> _Term:
        """The term for a phrase key, created on first use (build time only).

        A phrase with no words (an editor's "—") gets a term that is never stored, so never found.
        """
        if not key:
            return _Term()
        existing = self.terms.get(key)
        if existing is None:
            existing = self.terms[key] = _Term()
            lengths = set(self.starts.get(key[0], ()))
            lengths.add(len(key))
            self.starts[key[0]] = tuple(sorted(lengths, reverse=True))
        return existing


def _own_forms(forms: dict[str, str], entries: Iterable[Entry], language: str) -> dict[str, str]:
    """The forms of the lemmas this vocabulary uses. forms.json also serves dedupe's concepts, whose
    words would otherwise shadow the stem fallback ("antyplotkowa" is its own lemma there)."""
    lemmas = {
        forms.get(word, word)
        for entry in entries
        if entry.language in (language, ANY_LANGUAGE)
        for word in words(entry.phrase)
    }
    return {form: lemma for form, lemma in forms.items() if lemma in lemmas}


@dataclass(frozen=True, slots=True)
class _Hit:
    """A phrase found in an item: which, in which field (its factor), and as it was written."""

    key: tuple[int, ...]
    factor: float
    surface: str


class Tagger:
    """Gives items their strategy areas; build once per configuration, then call :meth:`tag`.

    ``areas`` are the configured areas (``BUILTIN_AREAS`` by default); a built-in slug gets the
    built-in vocabulary plus the editor's ``keywords``, any other slug only the editor's keywords.
    ``exclude`` phrases veto their area. ``learned`` is the model beside the words (the built-in
    ``learned.json`` by default). The instance is read-only after construction, so it may be shared
    between threads.
    """

    def __init__(
        self, areas: tuple[AreaDef, ...] = BUILTIN_AREAS, learned: LearnedAreas | None = None
    ) -> None:
        self.areas = areas
        self._slugs = tuple(area.slug for area in areas)
        self._index = {slug: i for i, slug in enumerate(self._slugs)}
        self._next_id = 0
        self._learned = learned if learned is not None else LearnedAreas()
        forms_by_language = read_forms()
        entries = read_vocabulary()
        languages = {e.language for e in entries} | {
            lang for area in areas for lang, _ in (*area.keywords, *area.exclude)
        }
        languages.discard(ANY_LANGUAGE)
        languages.add(FALLBACK_LANGUAGE)
        self._lexicons: dict[str, _Lexicon] = {
            lang: self._new_lexicon(lang, _own_forms(forms_by_language.get(lang, {}), entries, lang))
            for lang in sorted(languages)
        }
        for entry in entries:
            self._add_entry(entry)
        for area in areas:
            i = self._index[area.slug]
            for lang, phrases in area.keywords:
                for phrase in phrases:
                    for lexicon in self._lexicons_for(lang):
                        weights = lexicon.term(self._phrase_key(lexicon, phrase)).weights
                        weights[i] = max(weights.get(i, KEYWORD_WEIGHT), KEYWORD_WEIGHT)
            for lang, phrases in area.exclude:
                for phrase in phrases:
                    for lexicon in self._lexicons_for(lang):
                        lexicon.term(self._phrase_key(lexicon, phrase)).vetoes.add(i)

    # --- construction -----------------------------------------------------------------------

    def _new_lexicon(self, language: str, forms: dict[str, str]) -> _Lexicon:
        """A lexicon whose word ids are the lemmas of the precomputed forms of ``language``."""
        lemma_ids: dict[str, int] = {}
        by_id: dict[int, list[str]] = {}
        form_ids: dict[str, int] = {}
        for form, lemma in forms.items():
            word_id = lemma_ids.get(lemma)
            if word_id is None:
                word_id = lemma_ids[lemma] = self._new_id()
            form_ids[form] = word_id
            by_id.setdefault(word_id, []).append(form)
        lexicon = _Lexicon(language, _ENDINGS.get(language, frozenset()), form_ids)
        for word_id, word_forms in by_id.items():
            lexicon.add_stems(word_id, word_forms)
        return lexicon

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def _lexicons_for(self, language: str) -> list[_Lexicon]:
        """The lexicons a phrase of ``language`` goes into ("*": every one)."""
        if language == ANY_LANGUAGE:
            return list(self._lexicons.values())
        return [self._lexicons[language]]

    def _phrase_key(self, lexicon: _Lexicon, phrase: str) -> tuple[int, ...]:
        """Word ids of a phrase; a word the lexicon does not know becomes a new word (with stems)."""
        key: list[int] = []
        for word in words(phrase):
            word_id = lexicon.word_id(word)
            if word_id is None:
                word_id = lexicon.forms[word] = self._new_id()
                lexicon.add_stems(word_id, (word,))
            key.append(word_id)
        return tuple(key)

    def _add_entry(self, entry: Entry) -> None:
        """Add a built-in vocabulary line; weights for areas not configured are dropped."""
        for lexicon in self._lexicons_for(entry.language):
            weights = lexicon.term(self._phrase_key(lexicon, entry.phrase)).weights
            for slug, weight in entry.weights:
                i = self._index.get(slug)
                if i is not None:
                    # The same lemma may be listed twice ("policing" and "police" share one):
                    # keep the stronger weight.
                    weights[i] = max(weights.get(i, weight), weight)

    # --- tagging ----------------------------------------------------------------------------

    def tag(
        self,
        *,
        title: str,
        summary: str,
        language: str,
        source_areas: tuple[str, ...] = (),
    ) -> tuple[AreaMatch, ...]:
        """The areas of one item, in the order of the configured areas, with their evidence.

        ``language`` picks the vocabulary (other languages use English plus the shared names);
        ``source_areas`` are always given, with ``by_source=True``, even when vetoed or unscored.
        """
        lexicon = self._lexicons.get(language) or self._lexicons[FALLBACK_LANGUAGE]
        hits: list[_Hit] = []
        for field_text, factor in zip((title, summary), FIELD_FACTORS, strict=True):
            if field_text:
                _find(lexicon, field_text, factor, hits)
        if not hits and not source_areas:
            return ()

        best: dict[tuple[int, ...], float] = {}
        for hit in hits:
            known = best.get(hit.key)
            if known is None:
                best[hit.key] = hit.factor
            elif hit.factor != known:  # seen in another field too: a little more certain
                best[hit.key] = max(known, hit.factor) + REPEAT_BONUS
        n_areas = len(self._slugs)
        scores = [0.0] * n_areas
        vetoed = [False] * n_areas
        terms = lexicon.terms
        for key, factor in best.items():
            term = terms[key]
            for i, weight in term.weights.items():
                scores[i] += weight * factor
            for i in term.vetoes:
                vetoed[i] = True

        # A passing mention of another area's words in an item clearly about one area (a network's
        # report "on migration") is not what the item is about: secondary areas need a share of
        # the leading score too.
        floor = max(THRESHOLD, RELATIVE_THRESHOLD * max(scores)) - 1e-9
        # The model speaks for the built-in areas only, and only where some of the area's own words
        # were found but fell short: alone it tagged too much of the network's other news (a war's
        # anniversary as safety, an election as integration). An editor's exclude vetoes it too.
        # Most items' areas are clear from their words: then the model is not read at all; nor for
        # an area the source gives (its certainty would explain nothing there).
        undecided = [
            slug
            for i, slug in enumerate(self._slugs)
            if 0.0 < scores[i] < floor and not vetoed[i] and slug not in source_areas
        ]
        learned = self._learned.read(title, summary, undecided) if undecided else {}
        matches: list[AreaMatch] = []
        for i, slug in enumerate(self._slugs):
            by_source = slug in source_areas
            verdict = learned.get(slug)
            learned_gives = verdict is not None and verdict.gives
            if not by_source and (vetoed[i] or (scores[i] < floor and not learned_gives)):
                continue
            evidence: dict[str, str] = {}
            for hit in hits:
                if terms[hit.key].weights.get(i, 0.0) > 0.0:
                    evidence.setdefault(hit.surface.lower(), hit.surface)
            if learned_gives and scores[i] < floor:
                for word in verdict.words:
                    evidence.setdefault(word.lower(), word)
            probability = round(verdict.probability, 2) if verdict is not None else 0.0
            matches.append(
                AreaMatch(slug, round(scores[i], 2), tuple(evidence.values()), by_source, probability)
            )
        return tuple(matches)


def _find(lexicon: _Lexicon, text: str, factor: float, hits: list[_Hit]) -> None:
    """Append the vocabulary phrases of ``text`` (longest match first, no overlaps) to ``hits``."""
    # The words as written are needed only for what matched: a second C-level pass then, unless
    # lower-casing changed the text's length (exotic letters), when the boundaries may differ and
    # the written words are split first.
    lowered = text.lower()
    written: list[str] | None = None
    if len(lowered) != len(text):
        written = words(text, lower=False)
        tokens = [token.lower() for token in written]
    else:
        tokens = words(lowered, lower=False)
    forms_get, word_id, prefixes = lexicon.forms.get, lexicon.word_id, lexicon.prefixes
    ids = [forms_get(token) for token in tokens]
    for i, found in enumerate(ids):
        # Only unknown words that could reach a vocabulary stem take the slower stem path.
        if found is None:
            token = tokens[i]
            if len(token) >= _MIN_STEMMED_WORD and token[:_MIN_STEM] in prefixes:
                ids[i] = word_id(token)
    starts, terms = lexicon.starts, lexicon.terms
    n = len(ids)
    i = 0
    while i < n:
        first = ids[i]
        lengths = starts.get(first) if first is not None else None
        if lengths:
            for length in lengths:
                if i + length <= n:
                    key = tuple(ids[i : i + length])
                    if key in terms:
                        if length == 1:
                            if written is None:
                                written = words(text, lower=False)
                            surface = written[i] if len(written) == n else tokens[i]
                        else:
                            surface = _surface(text, tokens[i : i + length])
                        hits.append(_Hit(key, factor, surface))
                        i += length
                        break
            else:
                i += 1
        else:
            i += 1


def _surface(text: str, tokens: list[str]) -> str:
    """The phrase made of ``tokens`` as written in ``text`` (case, hyphens), for the evidence.

    Searching the lower-cased text is cheap and only happens for the few words that matched; if
    lower-casing changed the length (rare letters such as "İ") the lower-cased words are shown.
    """
    lowered = text.lower()
    fallback = " ".join(tokens)
    if len(lowered) != len(text) or "'" in fallback:
        return fallback
    start = _find_word(lowered, tokens[0], 0)
    if start < 0:
        return fallback
    end = start + len(tokens[0])
    for token in tokens[1:]:
        at = _find_word(lowered, token, end)
        # Words of a phrase are separated by spaces or punctuation only, never by other words.
        if at < 0 or lowered[end:at].strip(" -–—.,:;'\"()/") != "":
            return fallback
        end = at + len(token)
    return text[start:end]


def _find_word(text: str, word: str, start: int) -> int:
    """Index of ``word`` as a whole word in ``text`` at or after ``start``, or -1."""
    at = text.find(word, start)
    while at >= 0:
        before = text[at - 1] if at else " "
        after = text[at + len(word)] if at + len(word) < len(text) else " "
        if not before.isalpha() and not after.isalpha():
            return at
        at = text.find(word, at + 1)
    return -1
