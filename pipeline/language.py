"""The language of an item, among the languages we cover: script, letters and function words.

Why not py3langid
    Measured here (py3langid 0.4, Python 3.11): loading its model costs ~0.55 s and ~105 MB of
    peak RSS (numpy arrays of the full 97-language model), more than the tagger's whole start-up
    budget (issue 4: < 0.5 s) and a third of the cycle's memory (issue 10: 300 MB). Restricting it to
    a few languages with ``set_languages`` does not shrink what is loaded. The decision we need is
    much narrower: pl / en / uk for almost every item, a handful of other ICC languages rarely,
    and the source's declared language as a strong prior. Script, language-specific letters and
    a few dozen function words per language decide that in ~20 µs with no start-up at all.
    On the 199 items of the tagging corpus (tests/data/tagging) title + summary are right 199/199
    with no hint; titles alone 197/199 with no hint (short English titles without function words
    fall back to Polish; py3langid gets 199/199) and 199/199 with the source's language as hint.
    Items are detected on title + summary, with the source's language as hint when it declares one,
    so the rules are enough; tests/test_language.py pins these figures.

How it decides
    Cyrillic text is Ukrainian or Russian by the letters only one of them has (і ї є ґ / ы э ё ъ);
    with neither (short text) the hint wins if it is one of them, else Ukrainian (our sources).
    Latin text scores each language by its function words (a word shared by several languages
    counts for each a share), words with letters only that language uses (ł, ą… for Polish; ß,
    ä… for German; ñ for Spanish; half for a capitalised word, often a place name such as
    "Wrocław" in English news), and a few spelling habits of Polish (sz, cz, rz) and English (th,
    -ing, -tion). With a hint, another language must have real evidence and twice the hint's
    score to win; without one, the best language wins if it has real evidence or twice the
    runner-up's; otherwise the hint, or Polish (the site's language).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = ["SUPPORTED_LANGUAGES", "LanguageDetector", "detect_language"]

# The languages an item may be given: ours (pl, en, uk) and other languages of the ICC network.
SUPPORTED_LANGUAGES: tuple[str, ...] = ("pl", "en", "uk", "ru", "de", "fr", "es", "it")
DEFAULT_LANGUAGE = "pl"
DEFAULT_CYRILLIC = "uk"

_FUNCTION_WORDS: MappingProxyType[str, str] = MappingProxyType(
    {
        "pl": "w i z na do się nie o dla jest że od po przez oraz jak ze we czy ale są przy już co ich "
        "jego lub tym tak może oraz ds także który która które będzie można",
        "en": "the of and to in for on with is are by at from as this that an be has have its their "
        "will how was were it or our new into about after more",
        "de": "der die das und in zu den mit von für ist im dem nicht ein eine auf sich des auch als "
        "wird bei zur zum über",
        "fr": "le la les de des et en du un une pour dans sur est au aux par avec qui que ce pas sont "
        "nous leur",
        "es": "el la los las de y en del que un una por con para es se al su como más sus",
        "it": "il la di e che in per del della un una con sono dei delle è al alla nel gli le degli",
    }
)
# Letters that, inside a word, point to one language only (ó is shared by Polish and Spanish,
# é/è/à by French, Italian and Spanish: those are left to the function words).
_LETTERS: MappingProxyType[str, str] = MappingProxyType(
    {"pl": "ąćęłńśźż", "de": "äöüß", "es": "ñ", "fr": "çœêâîôûë"}
)
_UK_LETTERS = "іїєґ"
_RU_LETTERS = "ыэёъ"

_WORD = re.compile(r"[^\W\d_]+")
_PL_CUES = re.compile(r"sz|cz|rz|dz|ow[aey]\b|wie|ych\b")
_EN_CUES = re.compile(r"th|wh|ee|oo|\B(?:ing|tion|ness|ship|ly)\b")
_CUE_WEIGHT = 0.5

# How much stronger than the hint the best other language must be to override it, and the least
# evidence (one function word of one language) that counts as evidence at all.
_OVERRIDE_RATIO = 2.0
_MIN_EVIDENCE = 1.0


@dataclass(frozen=True, slots=True)
class LanguageDetector:
    """Decides an item's language among ``languages``; cheap to build, immutable, shareable."""

    languages: tuple[str, ...] = SUPPORTED_LANGUAGES
    _word_weights: dict[str, tuple[tuple[str, float], ...]] = field(init=False, repr=False)
    _letter_language: dict[str, str] = field(init=False, repr=False)
    _default: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        owners: dict[str, list[str]] = {}
        for language, text in _FUNCTION_WORDS.items():
            if language in self.languages:
                for word in text.split():
                    owners.setdefault(word, []).append(language)
        weights = {w: tuple((lang, 1.0 / len(langs)) for lang in langs) for w, langs in owners.items()}
        letters = {
            letter: language
            for language, chars in _LETTERS.items()
            if language in self.languages
            for letter in chars
        }
        default = DEFAULT_LANGUAGE if DEFAULT_LANGUAGE in self.languages else self.languages[0]
        object.__setattr__(self, "_default", default)
        object.__setattr__(self, "_word_weights", weights)
        object.__setattr__(self, "_letter_language", letters)

    def detect(self, text: str, *, hint: str | None = None) -> str:
        """The language of ``text``; ``hint`` (the source's language) decides when text does not."""
        hint = hint if hint in self.languages else None
        found = _WORD.findall(text)
        cyrillic = sum(1 for word in found if "\u0400" <= word[0] <= "\u04ff")
        if cyrillic * 2 > len(found):
            return self._cyrillic(text.lower(), hint)
        scores = self._latin_scores(found, text.lower())
        hint_score = scores.get(hint, 0.0) if hint in _FUNCTION_WORDS else 0.0
        best = max(scores, key=scores.__getitem__, default=None)
        if best is None:
            return hint if hint in _FUNCTION_WORDS else self._default
        if hint in _FUNCTION_WORDS:
            if best == hint or scores[best] < max(_MIN_EVIDENCE, _OVERRIDE_RATIO * hint_score):
                return hint
            return best
        # No hint: weak evidence is enough when it clearly leads ("… network meets in Lisbon").
        runner_up = max((v for k, v in scores.items() if k != best), default=0.0)
        if scores[best] >= _MIN_EVIDENCE or scores[best] >= _OVERRIDE_RATIO * runner_up:
            return best
        return self._default

    def _cyrillic(self, lowered: str, hint: str | None) -> str:
        uk = sum(lowered.count(c) for c in _UK_LETTERS) if "uk" in self.languages else 0
        ru = sum(lowered.count(c) for c in _RU_LETTERS) if "ru" in self.languages else 0
        if uk > ru:
            return "uk"
        if ru > uk:
            return "ru"
        if hint in ("uk", "ru"):
            return hint
        return DEFAULT_CYRILLIC if DEFAULT_CYRILLIC in self.languages else (hint or self._default)

    def _latin_scores(self, found: list[str], lowered: str) -> dict[str, float]:
        scores: dict[str, float] = dict.fromkeys(_FUNCTION_WORDS, 0.0)
        weights, letters = self._word_weights, self._letter_language
        for word in found:
            low = word.lower()
            for language, weight in weights.get(low, ()):
                scores[language] += weight
            if not low.isascii():
                # A capitalised word may be a place name ("Wrocław" in an English item): half.
                evidence = 0.5 if word[0].isupper() else 1.0
                for language in {letters[c] for c in low if c in letters}:
                    scores[language] += evidence
        # Spelling habits, for titles with few function words: Polish digraphs and endings,
        # English "th", "wh", -ing, -tion (no Polish word has them).
        scores["pl"] += _CUE_WEIGHT * len(_PL_CUES.findall(lowered))
        scores["en"] += _CUE_WEIGHT * len(_EN_CUES.findall(lowered))
        return {lang: score for lang, score in scores.items() if score > 0.0 and lang in self.languages}


def detect_language(text: str, *, hint: str | None = None, detector: LanguageDetector | None = None) -> str:
    """The language of ``text`` among the covered ones; ``hint`` is the source's language.

    Pass ``hint=None`` for sources declared ``auto`` (their feed's own ``xml:lang`` makes a good
    hint when there is one). ``detector`` lets a caller restrict the languages; the default one is
    built on the spot, which costs a few microseconds — build one per cycle when calling this
    for thousands of items.
    """
    return (detector or LanguageDetector()).detect(text, hint=hint)
