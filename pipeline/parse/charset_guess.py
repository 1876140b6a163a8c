"""Which legacy charset a body is in when its declaration is missing or impossible (issue 19).

Polish servers mix up windows-1250 and ISO-8859-2, and detection libraries confuse them too
(FIELD-NOTES); but assuming Polish garbles everyone else ("España" -> "Espańa", Danish ø -> ř,
Czech "čeština" -> "čeątina"). So each candidate charset reads a sample of the body, and the
reading that looks most like the text of one language wins. For it count:

* its letters of the alphabet of one language that the charset can write (Polish ą ś ź, Czech
  ř ů, Danish ø å, Cyrillic, Hebrew …), the most frequent ones twice; for Chinese, Japanese and
  Korean every ideograph or syllable, and their most frequent characters twice;

and against it:

* bytes the charset does not define and C1 control characters, heavily;
* a symbol inside a word (ISO-8859-2 read as windows-1250: ``gę¶l±``);
* a lowercase-to-uppercase switch inside a word (KOI8-R read as windows-1251: ``пРИВЕТ``);
* a word, or a neighbouring word, in another script (a lone ``Ц`` among English words);
* a cased letter touching a digit (``Ł5`` is ``£5``), a consonant between consonants
  (``Křbenhavn`` is ``København``), Polish ń before a vowel, Spanish ñ before none;
* words of over 25 letters in a script that spaces its words (CJK read as 8-bit Cyrillic).

Ties go to the earlier candidate: the declared charsets, then windows-1250, the usual charset of
the Polish sites this pipeline was made for; non-Latin readings must win by a small margin. The
sample is bounded, so a 5 MB body costs no more than a small one.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

# In order of preference on a tie. Latin charsets of Central, Western, Baltic and Turkish Europe,
# then Cyrillic, Greek, Hebrew, Arabic, Thai and the CJK multi-byte ones. The WHATWG supersets
# (gb18030 for gb2312, cp949 for euc-kr, cp932 for shift_jis) read everything their base does.
CANDIDATES = (
    "cp1250",
    "iso8859-2",
    "cp1252",
    "iso8859-15",
    "cp1257",
    "iso8859-13",
    "cp1254",
    "cp1251",
    "koi8-r",
    "koi8-u",
    "iso8859-5",
    "cp866",
    "cp1253",
    "iso8859-7",
    "cp1255",
    "iso8859-8",
    "cp1256",
    "cp874",
    "euc_jp",
    "cp932",
    "cp949",
    "gb18030",
    "big5hkscs",
)
MULTI_BYTE = frozenset({"euc_jp", "cp932", "cp949", "gb18030", "big5hkscs"})
# The Latin charsets of European sources. Any other reading must beat them by a margin: a lone
# byte read as one Cyrillic letter ("є") is no evidence.
LATIN = frozenset(CANDIDATES[:7])
_OTHER_SCRIPT_MARGIN = 2


@dataclass(frozen=True, slots=True)
class Language:
    """A language as its non-ASCII letters show it (lowercase), the most frequent of them (which
    count twice), and for CJK the scripts whose every letter counts."""

    name: str
    letters: frozenset[str]
    frequent: frozenset[str]
    scripts: tuple[str, ...] = ()


def _language(name: str, letters: str, frequent: str, scripts: tuple[str, ...] = ()) -> Language:
    # CJK letters are counted by script; their frequent characters once more.
    own = frozenset(letters) | frozenset("" if scripts else frequent)
    return Language(name, own, frozenset(frequent), scripts)


# The most frequent Chinese characters; a misread Chinese, Japanese or Korean text is still all
# ideographs or syllables, so these (and the kana) are what tells a right reading.
_HAN_SIMPLIFIED = (
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用"
    "道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日"
)
_HAN_TRADITIONAL = (
    "的一是不了在人有我他這個們中來上大為和國地到以說時要就出會可也你對生能而子那得於著下自之年過發後作裡用"
    "道行所然家種事成方多經麼去法學如都同現當沒動面起看定天分還進好小部其些主樣理心她本前開但因只從想實日"
)
_KANA = (
    "のにはをたがでてとしれさあるいうかなもこっくすきらおりけまよどんそだやつせえみわちじひほずめろねふへゃゅょ"
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンッャュョー"
)
_HANGUL = (
    "이의는에을를다고하가한지로기서도있사자리나인수대시아어우게니정전국주보해일제부그여와과상만라결요것들면되"
    "원중오모소문세신학회경내성장미비마운동관위조화발적안연저실"
)
LANGUAGES: tuple[Language, ...] = (
    _language("Polish", "ąćęłńóśźż", "ąęółżśćń"),
    _language("Czech", "áčďéěíňóřšťúůýž", "áíéěřčžšýů"),
    _language("Slovak", "áäčďéíĺľňóôŕšťúýž", "áíéčžšýľ"),
    _language("Hungarian", "áéíóöőúüű", "áéöőóí"),
    _language("Romanian", "ăâîșțşţ", "ăâîşţ"),
    _language("Croatian", "čćđšž", "čšžćđ"),
    _language("German", "äöüß", "äöüß"),
    _language("French", "àâæçéèêëîïôœùûüÿ", "éèàêç"),
    _language("Spanish", "áéíñóúü", "áéíóñú"),
    _language("Portuguese", "áâãàçéêíóôõú", "ãçéáõó"),
    _language("Italian", "àèéìíîòóù", "àèéìòù"),
    _language("Catalan", "àçéèíïòóúü", "àèéíòóç"),
    _language("Danish", "æøåé", "æøå"),
    _language("Swedish", "åäöé", "åäö"),
    _language("Icelandic", "áðéíóúýþæö", "áðíóúþæ"),
    _language("Estonian", "äöõüšž", "äõüö"),
    _language("Latvian", "āčēģīķļņšūž", "āēīūšž"),
    _language("Lithuanian", "ąčęėįšųūž", "ėįšųūž"),
    _language("Turkish", "çğıöşüâî", "çğıöşü"),
    _language("Russian", "абвгдеёжзийклмнопрстуфхцчшщъыьэюя", "оеаинтсрвлкмдпуяы"),
    _language("Ukrainian", "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя", "оаниівтерсклудмпяїє"),
    _language("Serbian", "абвгдђежзијклљмнњопрстћуфхцчџш", "аиоенртсјвукдлмп"),
    _language("Greek", "αβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώϊϋΐΰ", "αοειτσνηυρπκμλ"),
    _language("Hebrew", "".join(map(chr, range(0x05D0, 0x05EB))), "יוהאלמבשרתנדע"),
    _language("Arabic", "".join(map(chr, range(0x0621, 0x064B))), "الميونهرتبعد"),
    _language("Thai", "".join(map(chr, range(0x0E01, 0x0E46))), "านรอกงมยเลวดทสบ"),
    _language("Chinese", "", _HAN_SIMPLIFIED, ("han",)),
    _language("Chinese", "", _HAN_TRADITIONAL, ("han",)),
    _language("Japanese", "", _KANA, ("han", "kana")),
    _language("Korean", "", _HANGUL, ("hangul",)),
)

# Bounded, so that one run of a CJK body cannot make the whole body the sample.
_HIGH_RUN = re.compile(rb"[\x80-\xff]{1,256}")
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
_ISOLATED_HIGH_BYTE = re.compile(rb"(?<![\x80-\xff])[\x80-\xff](?![\x80-\xff])")
_C1 = re.compile(r"[\x80-\x9f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_VOWELS = frozenset("aeiouyøæœı")
_LONG_WORD = 25
_SPACED = frozenset({"latin", "greek", "cyrillic", "other"})  # scripts that put spaces between words
_WORD_RUN = re.compile(rf"[^\W\d_]{{{_LONG_WORD + 1},}}")
_SAMPLE_BYTES = 4096
_CONTEXT_BYTES = 24
_ODD_CATEGORIES = frozenset({"Sm", "Sc", "Sk", "So", "No", "Cc", "Co", "Cn"})
_ODD_PUNCTUATION = frozenset("¿¡¶§")


@dataclass(frozen=True, slots=True)
class Reading:
    """How one charset reads the sample: the best-fitting language and the faults found."""

    codec: str
    language: str | None
    letters: int  # letters of ``language``, its frequent ones twice
    undefined: int  # bytes the charset does not define, and C1 controls
    symbols_in_words: int
    case_switches: int
    script_switches: int
    by_digits: int  # cased non-ASCII letters touching a digit ("Ł5" is "£5" misread)
    clusters: int  # a consonant between consonants ("Křbenhavn" is "København" misread), "ńa"
    long_words: int  # words of over 25 letters

    @property
    def score(self) -> int:
        return (
            self.letters
            - 5 * self.undefined
            - 3 * self.symbols_in_words
            - 2 * self.case_switches
            - 2 * self.script_switches
            - self.by_digits
            - self.clusters
            - 5 * self.long_words
        )

    @property
    def odd(self) -> str | None:
        """Why this reading cannot be what the author wrote, or None."""
        if self.undefined:
            return "control characters or undefined bytes"
        if self.symbols_in_words:
            return "symbols inside words"
        return None


def sample_of(body: bytes) -> bytes:
    """The words around the body's non-ASCII bytes, at most about ``_SAMPLE_BYTES``.

    Pieces start and end in ASCII, so no multi-byte character is cut (a lead byte is always high,
    and its ASCII-range trail byte is within the context kept); only where the sample fills up
    inside a long run of high bytes may its last character be cut (``read_as`` drops it).
    """
    pieces: list[bytes] = []
    size = 0
    start = end = -1
    for match in _HIGH_RUN.finditer(body):
        if end >= 0 and match.start() - _CONTEXT_BYTES <= end:
            if size + match.end() - start > _SAMPLE_BYTES:
                end = match.start()  # the sample is full: end before this run, not inside it
                break
            end = min(match.end() + _CONTEXT_BYTES, len(body))
            continue
        if end >= 0:
            pieces.append(body[start:end])
            size += end - start
            if size >= _SAMPLE_BYTES:
                start = end = -1
                break
        start = max(match.start() - _CONTEXT_BYTES, 0)
        end = min(match.end() + _CONTEXT_BYTES, len(body))
    if end >= 0:
        pieces.append(body[start:end])
    return b"\n".join(pieces)


def _script(ch: str) -> str:
    code = ord(ch)
    if code < 0x250 or 0x1E00 <= code < 0x1F00:
        return "latin"
    if 0x370 <= code < 0x400 or 0x1F00 <= code < 0x2000:
        return "greek"
    if 0x400 <= code < 0x530:
        return "cyrillic"
    if 0x590 <= code < 0x600 or 0xFB1D <= code < 0xFB50:
        return "hebrew"
    if 0x600 <= code < 0x780 or 0xFB50 <= code < 0xFF00:
        return "arabic"
    if 0xE00 <= code < 0xE80:
        return "thai"
    if 0x3040 <= code < 0x3100:
        return "kana"  # not the half-width katakana: Shift_JIS reads stray 8-bit bytes as those
    if 0x3400 <= code < 0xA000 or 0xF900 <= code < 0xFB00:
        return "han"
    if 0xAC00 <= code < 0xD7B0 or 0x1100 <= code < 0x1200 or 0x3130 <= code < 0x3190:
        return "hangul"
    return "other"


def _written_in(language: Language, codec: str) -> bool:
    """Whether ``codec`` can write the language's frequent letters (Danish is never windows-1250)."""
    try:
        "".join(language.frequent).encode(codec)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def read_as(sample: bytes, codec: str) -> Reading:
    """Measure how ``codec`` reads ``sample`` (see the module docstring)."""
    text = sample.decode(codec, errors="replace")
    if text.endswith("\ufffd"):
        text = text[:-1]  # a multi-byte character the sample's end cut in two
    counts: Counter[str] = Counter()
    scripts: Counter[str] = Counter()
    undefined = symbols = cases = switches = by_digits = clusters = 0
    last = len(text) - 1
    for match in _NON_ASCII.finditer(text):
        i = match.start()
        ch = match.group()
        category = unicodedata.category(ch)
        before = text[i - 1] if i else " "
        after = text[i + 1] if i < last else " "
        if ch == "\ufffd" or category in ("Cc", "Cn", "Co"):
            undefined += 1
        elif category[0] == "L":
            counts[ch.lower()] += 1
            script = _script(ch)
            scripts[script] += 1
            cased = ch.islower() or ch.isupper()
            by_digits += cased and (before.isdigit() or after.isdigit())
            if script == "latin":
                clusters += _unlikely_between(before, ch, after)
            # A pair is counted once: here when this letter is its right side, or its left side
            # when the right one is ASCII (and so never visited).
            if before.isalpha():
                # "pRIVET", and "ПРИВет" (two capitals, then small letters: rare but in "URLs")
                cases += (before.islower() and ch.isupper()) or (
                    before.isupper() and ch.islower() and i > 1 and text[i - 2].isupper()
                )
            if after.isalpha() and after.isascii():
                cases += ch.islower() and after.isupper()
            # The nearest letters, over one space or sign: a lone "Ц" among English words is a
            # misread dash. A pair is counted once, as for the cases.
            near = _near_letter(text, i, -1)
            switches += near.isalpha() and _group(_script(near)) != _group(script)
            near = _near_letter(text, i, 1)
            switches += near.isalpha() and near.isascii() and script != "latin"
        elif (category in _ODD_CATEGORIES or ch in _ODD_PUNCTUATION) and before.isalpha() and after.isalpha():
            symbols += 1
    # A misread CJK text is words of fifty Cyrillic or Latin letters; scripts without spaces apart.
    long_words = sum(1 for word in _WORD_RUN.finditer(text) if _script(word.group()[0]) in _SPACED)
    language, letters = None, 0
    for candidate in LANGUAGES:
        if not _written_in(candidate, codec):
            continue
        fit = sum(n * ((ch in candidate.letters) + (ch in candidate.frequent)) for ch, n in counts.items())
        if candidate.scripts:  # two bytes a character: weigh them as two 8-bit letters
            fit = 2 * (fit + sum(scripts[script] for script in candidate.scripts))
        if fit > letters:
            language, letters = candidate.name, fit
    return Reading(
        codec, language, letters, undefined, symbols, cases, switches, by_digits, clusters, long_words
    )


def _near_letter(text: str, i: int, step: int) -> str:
    """The letter next to ``text[i]`` on one side, or one further over a space or sign."""
    for j in (i + step, i + 2 * step):
        if not 0 <= j < len(text):
            return " "
        if text[j].isalpha():
            return text[j]
        if text[j].isdigit() or text[j] == "\n":
            return " "
    return " "


def _is_vowel(ch: str) -> bool:
    return unicodedata.normalize("NFD", ch)[0].lower() in _VOWELS


def _unlikely_between(before: str, ch: str, after: str) -> bool:
    """A non-ASCII consonant between two ASCII consonants or alone as a word, Polish ń before a
    vowel (Polish writes "ni" there), Spanish ñ not before one: a letter of another charset."""
    if not before.isalpha() and not after.isalpha():
        return not _is_vowel(ch)  # one-letter words are vowels ("à", "é", "ő"); "Ť" is a misread «
    if ch in "ńŃ":
        return after.isalpha() and _is_vowel(after)
    if ch in "ñÑ":  # Spanish ñ comes before a vowel, never before a consonant or at a word's end
        return not (after.isalpha() and _is_vowel(after))
    return (
        not _is_vowel(ch)
        and before.isascii()
        and after.isascii()
        and before.isalpha()
        and after.isalpha()
        and not _is_vowel(before)
        and not _is_vowel(after)
    )


def _group(script: str) -> str:
    return "han" if script == "kana" else script  # Japanese mixes kana and kanji in every word


def _undefined(sample: bytes, codec: str) -> int:
    text = sample.decode(codec, errors="replace")
    return text.count("\ufffd") + len(_C1.findall(text))


def _isolated_share(sample: bytes) -> float:
    high = len(_HIGH_BYTE.findall(sample))
    return len(_ISOLATED_HIGH_BYTE.findall(sample)) / high if high else 0.0


def best_reading(body: bytes, declared: tuple[str, ...] = ()) -> Reading:
    """The charset reading ``body`` most like text: the ``declared`` ones first, then
    ``CANDIDATES``; the earlier one on a tie."""
    sample = sample_of(body)
    candidates = tuple(dict.fromkeys(declared + CANDIDATES))
    if _isolated_share(sample) > 0.5:
        # Non-ASCII bytes one by one inside ASCII text: 8-bit letters. CJK text has them in
        # pairs (EUC, GB) or mostly so (Big5, Shift_JIS), and reading a Polish word as two
        # ideographs can look fine to the measures above.
        candidates = tuple(c for c in candidates if c in declared or c not in MULTI_BYTE)
    # Measuring costs a pass in Python over the sample's letters: first drop the candidates
    # that leave many more bytes undefined than the best one (a cheap count).
    undefined = {codec: _undefined(sample, codec) for codec in candidates}
    fewest = min(undefined.values())
    best: Reading | None = None
    best_score = 0
    for codec, count in undefined.items():
        if count > fewest + 2:
            continue
        reading = read_as(sample, codec)
        score = reading.score - (0 if codec in declared or codec in LATIN else _OTHER_SCRIPT_MARGIN)
        if best is None or score > best_score:
            best, best_score = reading, score
    assert best is not None, "at least one candidate"
    return best
