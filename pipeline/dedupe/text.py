"""Words and facts of a text, the same way for every language: folded, stemmed, counted, dated.

Everything here is a pure function of a string. Folding strips diacritics and case, and writes
Cyrillic in Latin letters (Ukrainian national transliteration), so "Dorota Feliks" and "Дорота
Фелікс" or "ADI-INT" in any script meet. Facts are what identifies an event whatever the language:
numbers (digits, ordinal words, Roman numerals), explicit dates ("14-15 maja", "May 14", "14.05.2025"),
months, seasons and years.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from ..months import MONTHS

__all__ = [
    "CALENDAR_WORDS",
    "STOPWORDS",
    "Facts",
    "facts",
    "fold",
    "is_year",
    "stem",
    "tokens",
    "transliterate",
]

_FOLD_TABLE = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "ß": "ss", "’": "'", "ʼ": "'", "`": "'", "´": "'"}
)
# Ukrainian national transliteration (KMU 2010, word-internal forms), lower case; Russian-only
# letters too, so a Russian-spelled name still meets its Latin form.
_KMU = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "ы": "y", "э": "e",
    "ё": "io", "ъ": "",
}  # fmt: skip
_CYRILLIC = str.maketrans(_KMU)
_TOKEN = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")
_WORD_TOKEN = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*")
# "1 000", "1.000" and "1,000" are one number (dates and times are taken out first).
_NUMBER_SEPARATORS = str.maketrans("", "", " \u00a0\u202f.,")
# Combining marks left by NFKD: Latin accents (ą, ś, é) and the Cyrillic breve and diaeresis (й, ї).
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_HAS_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def is_year(number: int) -> bool:
    return 1990 <= number <= 2039


def _slow_fold(text: str) -> str:
    # й and ї carry their own letters in the transliteration: map before NFKD splits them.
    lowered = text.lower()
    if _HAS_CYRILLIC.search(lowered):
        lowered = lowered.translate(_CYRILLIC)
    return _COMBINING.sub("", unicodedata.normalize("NFKD", lowered)).casefold()


# Every lower-case letter of the Latin-1 and Latin Extended-A blocks and of Cyrillic, folded once
# at import: one str.translate per text instead of Unicode normalisation (what costs most here).
_FAST_FOLD = {
    ord(ch): _slow_fold(ch)
    for ch in map(chr, [*range(0xC0, 0x250), *range(0x400, 0x500)])
    if ch.islower() and ch.isalpha()
} | _FOLD_TABLE


def fold(text: str) -> str:
    """Lower-case, without diacritics, Cyrillic transliterated: "Wrocławiu" -> "wroclawiu"."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    folded = lowered.translate(_FAST_FOLD)
    return folded if folded.isascii() else _slow_fold(folded)


# Cyrillic as Polish writes it (KMU but for these letters), for names only: the network's Latin
# texts spell Ukrainian names the Polish way ("Olga Chrebor" for Хребор, "Dutkiewicz" for
# Дуткевич), not by KMU ("Khrebor").
_CYRILLIC_AS_POLISH = str.maketrans(
    _KMU
    | {
        "в": "w", "ж": "z", "є": "je", "ї": "ji", "й": "j", "х": "ch", "ц": "c", "ч": "cz", "ш": "sz",
        "щ": "szcz", "ю": "ju", "я": "ja", "ё": "jo",
    }
)  # fmt: skip
# Spellings of one sound that Polish, KMU and English use for these names, made one.
_NAME_SOUNDS = (
    ("szcz", "sc"), ("shch", "sc"), ("cz", "c"), ("kh", "h"), ("ch", "h"), ("sz", "s"), ("sh", "s"),
    ("zh", "z"), ("rz", "z"), ("ts", "c"), ("w", "v"), ("y", "i"), ("j", "i"),
)  # fmt: skip
_SOFTENING = re.compile(r"i(?=[aeou])")
_DOUBLE = re.compile(r"(.)\1+")


def name_key(written: str) -> str:
    """A proper name as one key across scripts and spellings: "Chrebor", "Khrebor" and "Хребор"
    -> "hrebor"; "Wrocław", "Wroclaw", "Вроцлав" -> "vroclav"."""
    lowered = written.lower()
    if _HAS_CYRILLIC.search(lowered):
        lowered = lowered.translate(_CYRILLIC_AS_POLISH)
    key = fold(lowered.replace("ó", "u"))  # Polish ó sounds u: "Rzeszów" as "Жешув" writes it
    for spelled, sound in _NAME_SOUNDS:
        key = key.replace(spelled, sound)
    return _DOUBLE.sub(r"\1", _SOFTENING.sub("", key))


def transliterate(text: str) -> str:
    """Alias of :func:`fold` for readers looking for the Cyrillic -> Latin step."""
    return fold(text)


def tokens(text: str) -> list[str]:
    """The words and numbers of ``text`` as written (apostrophes inside words kept)."""
    return _TOKEN.findall(text)


def word_tokens(text: str) -> list[str]:
    """The words of ``text`` as written, without numbers."""
    return _WORD_TOKEN.findall(text)


def _fold_words(text: str) -> frozenset[str]:
    return frozenset(fold(w) for w in text.split())


# One ending stripped (longest first), then at most 7 letters: enough to join the inflected forms
# of pl/uk/en words ("Krakowie" ~ "Kraków", "Вроцлаві" ~ "Вроцлав") without a 400 MB lemmatizer.
# Endings are written folded: Ukrainian ones in their Latin transliteration.
_SUFFIXES = _fold_words(
    "owie ami ach ego emu ych ymi ich imi iej owi ow om ie ia iu em ej ym im a e i o u y "
    "ing ed es s "
    "ами ями ові еві ого ому ими ів їв ах ях ою ею ий ій ої ам ям ом ем і и а я у ю о е"
)
_SUFFIX_LENGTHS = tuple(sorted({len(s) for s in _SUFFIXES}, reverse=True))


def stem(token: str) -> str:
    """A folded word without its inflectional ending, at most 7 letters ("wroclawiu" -> "wroclaw")."""
    size = len(token)
    if size < 5:
        return token
    for length in _SUFFIX_LENGTHS:  # the longest ending that leaves four letters
        if size - length >= 4 and token[-length:] in _SUFFIXES:
            return token[:-length][:7]
    return token[:7]


STOPWORDS = _fold_words(
    # pl
    "a aby ale albo bez bo by być czy dla do gdy i ich im jak jako je jest jego jej już lub ma na "
    "nad nie niż o od oraz po pod przez przy się są ta tak te tego ten też to tu w we z za ze że "
    "został została zostały które który która także będzie było był była ds tym tej tych "
    # en
    "the a an and or of to in on at for from by with as is are was were be been this that these "
    "those it its into about over after before new will has have had not but our their we you how "
    "what why who more than all can "
    # uk
    "і й та у в на з із зі до для від про по за що як це які який яка є був була було буде "
    "також щодо під над при між"
)

# Ordinal words -> the number they mean ("2nd quarter" vs "second quarter" vs "drugi kwartał").
_ORDINALS = {
    fold(prefix): value
    for prefix, value in (
        ("first", 1), ("second", 2), ("third", 3), ("fourth", 4), ("fifth", 5), ("sixth", 6),
        ("seventh", 7), ("eighth", 8), ("ninth", 9), ("tenth", 10),
        ("pierwsz", 1), ("drug", 2), ("trzeci", 3), ("czwart", 4), ("piąt", 5), ("szóst", 6),
        ("siódm", 7), ("ósm", 8), ("dziewiąt", 9), ("dziesiąt", 10),
        ("перш", 1), ("друг", 2), ("трет", 3), ("четверт", 4), ("п'ят", 5), ("пят", 5),
        ("шост", 6), ("сьом", 7), ("восьм", 8), ("дев'ят", 9), ("девят", 9), ("десят", 10),
    )
}  # fmt: skip
# Words that start like ordinals but are not (weekdays, "secondary", "other" in Ukrainian).
_NOT_ORDINAL = tuple(
    fold(w)
    for w in (
        "czwartk", "czwartek", "piątk", "piątek", "п'ятниц", "пятниц", "другорядн", "secondar",
        "firsthand", "drugstore",
    )
)  # fmt: skip
# Whole words spelled like an ordinal's beginning: the Ukrainian and Russian "friend" ("друг",
# "другом", "другові", "друже") is not "second" ("другий", "друга", "другого").
_NOT_ORDINAL_WORDS = frozenset(fold(w) for w in ("друг", "другом", "другові", "друже"))
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}
# Nouns before which a lone "I"/"V"/"X" is a Roman numeral in Polish ("I kwartał", "V edycja").
_ROMAN_NOUNS = _fold_words(
    "kwartał kwartale kwartału edycja edycji etap etapie półrocze półroczu tura turze część "
    "miejsce stopień stopnia kongres kongresu festiwal festiwalu forum"
)
_SEASONS = {
    fold(prefix): season
    for prefix, season in (
        ("wiosn", "spring"), ("wiosen", "spring"), ("spring", "spring"), ("весн", "spring"),
        ("весен", "spring"), ("letni", "summer"), ("summer", "summer"), ("літн", "summer"),
        ("літо", "summer"), ("jesien", "autumn"), ("jesień", "autumn"), ("autumn", "autumn"),
        ("осін", "autumn"), ("осен", "autumn"), ("zim", "winter"), ("winter", "winter"),
        ("зим", "winter"),
    )
}  # fmt: skip
_NOT_SEASON = tuple(fold(w) for w in ("zimn", "літопис", "springer"))
_FOLDED_MONTHS = {fold(word): number for word, number in MONTHS.items() if len(word) >= 3}
# Capitalised in English without being names: months and weekdays.
CALENDAR_WORDS = frozenset(_FOLDED_MONTHS) | _fold_words(
    "monday tuesday wednesday thursday friday saturday sunday"
)
# Month words that are also ordinary words ("may", the name "Maja", "mar"): only next to a number.
_AMBIGUOUS_MONTHS = _fold_words(
    "may maj maja mar jan dec sep sty lut lip lis gru wrz kwi cze sie paź бер лип лист"
)


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# Numbers are found as runs of digits and separators ("14-15", "1 500", "14.05.2025", "17:00",
# "5th") in one regex pass over the folded text; each run is then read by its shape, and the words
# around it say whether it is a date ("14-15 maja", "May 14", "14 i 15 maja"). Numbers are few,
# so the Python work per run is cheap; a profile's facts cost ~15 µs.
_NUMERIC_RUN = re.compile(r"\d+(?:(?:[ \u00a0\u202f.,:/]|\s*[-–—]\s*)\d+)*(?:st|nd|rd|th)?")
_SHAPES = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("iso", r"(\d{4})-(\d{2})-(\d{2})"),
        ("dmy", r"(\d{1,2})[./](\d{1,2})[./](\d{4})"),
        ("time", r"\d{1,2}[:.]\d{2}"),
        ("time", r"\d{1,2}[:.]\d{2}\s*[-–—]\s*\d{1,2}[:.]\d{2}"),  # "11:00-15:00": opening hours
        ("grouped", r"\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+"),
        ("decimal", r"\d+[.,]\d{1,2}"),
        ("range", r"(\d{1,2})(?:st|nd|rd|th)?\s*[-–—]\s*(\d{1,2})(?:st|nd|rd|th)?"),
        ("number", r"(\d+)(?:st|nd|rd|th)?"),
        ("numbers", r".*"),  # "2019-2020", "1/2": each group of digits on its own
    )
)
_DIGITS = re.compile(r"\d+")
_WORD_AFTER = re.compile(r"\s*(?:of\s+)?([^\W\d_]+)")
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\s*$")
_JOINERS = frozenset({"and", "i", "to", "do", "ta", "until"})
# "20 tysięcy", "20 тисяч", "5 mln": a quantity, not the 20th or 5th of a series (folded prefixes).
_MAGNITUDES = (
    ("thousand", 10**3), ("tys", 10**3), ("mln", 10**6), ("milion", 10**6), ("million", 10**6),
    ("mil'ion", 10**6), ("mld", 10**9), ("mlrd", 10**9), ("miliard", 10**9), ("billion", 10**9),
)  # fmt: skip
_DIGIT = re.compile(r"\d")
_NUMBER_SEPARATORS = str.maketrans("", "", " \u00a0\u202f.,")
# Ordinal and season words are found word by word: their first three letters pick the few
# prefixes worth trying (one regex alternation of 40 prefixes at every position costs more).
_PREFIXES_BY_START: dict[str, list[tuple[str, object]]] = {}
for _table in (_ORDINALS, _SEASONS):
    for _prefix, _value in _table.items():
        _PREFIXES_BY_START.setdefault(_prefix[:3], []).append((_prefix, _value))
for _options in _PREFIXES_BY_START.values():
    _options.sort(key=lambda option: -len(option[0]))
_NOT_PREFIXED = _NOT_ORDINAL + _NOT_SEASON
_STARTS = frozenset(_PREFIXES_BY_START) | {word[:3] for word in _FOLDED_MONTHS}
# Roman numerals need the written case: "II kwartał", "XII Festiwal", a lone "V" before a noun.
_ROMAN_WORD = re.compile(
    r"(?<![^\W_])(?=[IVXL])(L?X{0,3}(?:IX|IV|V?I{0,3}))(?![^\W_])(?:\s+(?i:("
    + _alternatives(_ROMAN_NOUNS)
    + r")))?"
)


def _roman_value(token: str) -> int:
    total = 0
    for i, ch in enumerate(token):
        value = _ROMAN_VALUES[ch]
        nxt = _ROMAN_VALUES[token[i + 1]] if i + 1 < len(token) else 0
        total += -value if value < nxt else value
    return total


@dataclass(frozen=True, slots=True)
class Facts:
    """What one text states that identifies an event, whatever its language."""

    numbers: frozenset[int]  # digits (not years, not the days of dates), ordinals, Roman numerals
    dates: frozenset[tuple[int, int]]  # (month, day) written out: "14-15 maja" -> (5, 14), (5, 15)
    months: frozenset[int]
    years: frozenset[int]
    seasons: frozenset[str]

    def __or__(self, other: Facts) -> Facts:
        return Facts(
            self.numbers | other.numbers,
            self.dates | other.dates,
            self.months | other.months,
            self.years | other.years,
            self.seasons | other.seasons,
        )


def facts(text: str, folded: str | None = None, words: list[str] | None = None) -> Facts:
    """The numbers, dates, months, years and seasons ``text`` mentions (see :class:`Facts`).

    ``folded`` is ``fold(text)`` and ``words`` its :func:`tokens`, when the caller has them.
    """
    numbers: set[int] = set()
    years: set[int] = set()
    dates: set[tuple[int, int]] = set()
    months: set[int] = set()
    seasons: set[str] = set()
    for match in _ROMAN_WORD.finditer(text):
        numeral, noun = match.group(1), match.group(2)
        if numeral and numeral.isupper() and (len(numeral) >= 2 or noun):
            numbers.add(_roman_value(numeral))
    work = fold(text) if folded is None else folded
    for word in tokens(work) if words is None else words:
        if word[:3] not in _STARTS:  # most words: not a month, ordinal or season
            continue
        month = _FOLDED_MONTHS.get(word)
        if month is not None:
            if word not in _AMBIGUOUS_MONTHS:  # "May", "maja": a month only next to a day number
                months.add(month)
            continue
        options = _PREFIXES_BY_START.get(word[:3])
        if options and not word.startswith(_NOT_PREFIXED) and word not in _NOT_ORDINAL_WORDS:
            for prefix, value in options:
                if word.startswith(prefix):
                    (numbers if isinstance(value, int) else seasons).add(value)  # type: ignore[attr-defined]
                    break
    if not _DIGIT.search(work):
        return Facts(frozenset(numbers), frozenset(), frozenset(months), frozenset(), frozenset(seasons))
    pending: list[int] = []  # "14 i" waiting for "15 maja"
    for run in _NUMERIC_RUN.finditer(work):
        found = run.group(0)
        shape, match = next((n, m) for n, pattern in _SHAPES if (m := pattern.fullmatch(found)))
        if shape in ("iso", "dmy"):
            year, month, day = (int(match.group(i)) for i in ((1, 2, 3) if shape == "iso" else (3, 2, 1)))
            if 1 <= month <= 12 and 1 <= day <= 31:
                dates.add((month, day))
                months.add(month)
                years.add(year)
            continue
        if shape in ("time", "decimal"):
            continue  # "17:00", "2,5 mln": not a number of the story
        if shape == "grouped":
            value = int(found.translate(_NUMBER_SEPARATORS))
            if value and len(str(value)) <= 9:
                numbers.add(value)
            continue
        if shape == "numbers":
            for digits in _DIGITS.findall(found):
                value = int(digits)
                if value and len(digits) <= 9:
                    (years if len(digits) == 4 and is_year(value) else numbers).add(value)
            pending = []
            continue
        days = [int(g) for g in match.groups()] if shape == "range" else [int(match.group(1))]
        after = _WORD_AFTER.match(work, run.end())
        month = _FOLDED_MONTHS.get(after.group(1)) if after else None
        if month is None and all(d <= 31 for d in days):
            before = _WORD_BEFORE.search(work, max(0, run.start() - 12), run.start())
            month = _FOLDED_MONTHS.get(before.group(1)) if before else None
        if month is not None and all(1 <= d <= 31 for d in days):
            dates.update((month, d) for d in (*pending, *days))
            numbers.difference_update(pending)  # taken as numbers before their month was seen
            months.add(month)
            pending = []
            continue
        # "14 i 15 maja": the month comes after the second day
        pending = days if shape == "number" and days[0] <= 31 and after and after.group(1) in _JOINERS else []
        scale = 1
        if shape == "number" and after:
            scale = next((n for prefix, n in _MAGNITUDES if after.group(1).startswith(prefix)), 1)
        if scale > 1:
            numbers.update(d * scale for d in days if d)
            continue
        for value in days:
            if value and value < 10**9:
                if 1000 <= value <= 9999 and is_year(value):
                    years.add(value)
                else:
                    numbers.add(value)
    return Facts(
        frozenset(numbers), frozenset(dates), frozenset(months), frozenset(years), frozenset(seasons)
    )
