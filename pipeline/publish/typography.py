"""Typography of the digest's cards: where a line may not break, and where an excerpt may end.

Pure text in, text out; only the HTML digest uses it (feeds carry the sources' text unchanged).

Non-breaking spaces (:func:`bind`), for Polish and Ukrainian text, as Polish typesetting does
(and Ukrainian typesetting likewise for its one-letter prepositions and conjunctions):

- after a one-letter word (pl: a i o u w z, uk: а в з і й о у я, either case), so that it never
  ends a line ("w\u00a0Wrocławiu", "i\u00a0w\u00a0Lizbonie");
- before a dash set off by spaces ("Wrocław\u00a0– Dialog"), so that the dash never starts one;
- between a number and the word after it ("19\u00a0maja", "200\u00a0osób").

English text is left as it is: English typesetting has no such rule.

Excerpts (:func:`make_excerpt`): a summary that fits is shown whole, as the source ended it
("wolny…." and "wolny...." read "wolny…"); a longer one is cut at a word boundary (inside a word
only when the window holds a single word), never after a preposition or conjunction of
:data:`STOP_WORDS` nor after a comma or dash, and always ends with "…".
"""

from __future__ import annotations

import re

from ..text import clean_text

NBSP = "\u00a0"
ELLIPSIS = "…"
# One-letter prepositions and conjunctions a line must not end with.
SINGLE_LETTER_WORDS: dict[str, str] = {"pl": "aiouwzAIOUWZ", "uk": "авзійоуяАВЗІЙОУЯ"}
# Words an excerpt must not end with: prepositions, conjunctions and articles of pl, en and uk
# (all three lists apply whatever the text's language; a card may quote another language).
_STOP_WORDS_BY_LANGUAGE: dict[str, str] = {
    "pl": "a i o u w z we ze na do od po za ku przy dla pod nad przed przez bez oraz lub albo ani "
    "czy że iż by aby bo lecz ale jak niż między wśród wobec według",
    "en": "a an the of to in on at by for with from and or nor but as into onto about than via",
    "uk": "а в у з із зі до від на о об і й та але чи для по за при без про під над між через щодо",
}
STOP_WORDS: frozenset[str] = frozenset(
    word for words in _STOP_WORDS_BY_LANGUAGE.values() for word in words.split()
)
_SPACES = r"[ \t\u00a0]+"
_NUMBER_WORD = re.compile(r"(?<![\w.,\-–/])(\d{1,4})" + _SPACES + r"(?=\w)")
_SPACED_DASH = re.compile(_SPACES + r"([–—])(?=[ \t\u00a0])")
_TRAILING = " \u00a0,;:–—-(/"


def _single_letter(letters: str) -> re.Pattern[str]:
    # A one-letter word: not glued to a letter, digit, hyphen or apostrophe on its left.
    return re.compile(r"(?<![\w\-'’])([" + letters + r"])" + _SPACES + r"(?=\S)")


_SINGLE_LETTER = {language: _single_letter(letters) for language, letters in SINGLE_LETTER_WORDS.items()}


def primary_language(language: str | None) -> str:
    """The primary subtag of a language tag, lower case: "en-GB" -> "en"; "" when there is none."""
    return (language or "").split("-")[0].split("_")[0].lower()


def bind(text: str, language: str | None) -> str:
    """``text`` with non-breaking spaces where a Polish (or Ukrainian) line must not break.

    Other languages come back unchanged. See the module docstring for the rules.
    """
    pattern = _SINGLE_LETTER.get(primary_language(language))
    if pattern is None or not text:
        return text
    text = pattern.sub(lambda m: m.group(1) + NBSP, text)
    text = _SPACED_DASH.sub(lambda m: NBSP + m.group(1), text)
    return _NUMBER_WORD.sub(lambda m: m.group(1) + NBSP, text)


def _ends_with_stop_word(text: str) -> bool:
    last = text.rsplit(None, 1)[-1] if text.strip() else ""
    return last.lower() in STOP_WORDS


def _tidy_end(text: str) -> str:
    """Drop what an excerpt must not end with: punctuation that leads on, and stop words."""
    text = text.rstrip(_TRAILING + ".")
    while _ends_with_stop_word(text) and " " in text:
        text = text.rsplit(None, 1)[0].rstrip(_TRAILING + ".")
    return text


def make_excerpt(text: str | None, max_chars: int) -> str:
    """At most ``max_chars`` characters of ``text`` as a card excerpt (see the module docstring).

    The source's own cut (a trailing "…" or "...") is kept as one "…", its last stop word
    dropped; a whole summary keeps its own ending.
    """
    text = clean_text(text)
    if text.endswith("..."):
        text = text[:-3].rstrip() + ELLIPSIS
    if len(text) <= max_chars:
        if text.endswith(ELLIPSIS):
            # "wolny…." / "zapraszamy na…": the source cut it; say so once, and not after "na".
            kept = _tidy_end(text.rstrip(ELLIPSIS + ". "))
            return kept + ELLIPSIS if kept else ""
        if text.endswith(ELLIPSIS + "."):
            return _tidy_end(text[:-2]) + ELLIPSIS
        return text
    window = text[: max_chars - len(ELLIPSIS) + 1]  # one more: a word ending at the limit is whole
    if window[-1].isspace():
        cut = window
    elif " " in window.strip():
        cut = window[: window.rstrip().rfind(" ")]
    else:
        cut = window[:-1]  # one word longer than the excerpt: nothing else to cut at
    kept = _tidy_end(cut)
    if not kept:  # only stop words and punctuation before the cut: keep the plain cut
        kept = cut.rstrip(_TRAILING + ".")
    return kept[: max_chars - len(ELLIPSIS)] + ELLIPSIS
