"""Turning a response body into correct text, whatever route its charset takes (issue 19).

Servers lie about charsets often, and Polish sites still publish windows-1250 and ISO-8859-2
(FIELD-NOTES): feedparser trusts the HTTP header over the XML declaration and falls back to
windows-1252. So we decide the encoding ourselves, in this order (WHATWG Encoding, XML 1.0
appendix F):

1. the source's ``encoding`` override (the editor knows best);
2. a byte-order mark, or the NUL pattern of BOM-less UTF-16/UTF-32 text that starts with ASCII
   (``<?xml``, ``<``, ``{``), as XML 1.0 appendix F recognises it;
3. UTF-8, when the bytes are valid UTF-8 (8-bit text is almost never valid UTF-8 by accident);
   UTF-8 with a few broken sequences is read as UTF-8, with a warning;
4. a declared charset (HTTP header, XML declaration, HTML <meta>) that the bytes fit: every byte
   defined, no C1 control characters, no symbols inside words. A legacy name reads as its
   superset, as browsers and feedparser do (gb2312 as gb18030, ISO-8859-1 as windows-1252).
   When the server and the document both fit but disagree, the more plausible text wins;
5. otherwise the charset whose text looks most like one language (``charset_guess``), with a
   warning for the editor: nothing was declared, or the declaration did not fit the bytes.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from .charset_guess import Reading, best_reading, read_as, sample_of

_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']", re.IGNORECASE)
_XML_DECL_TEXT = re.compile(r"^(\s*<\?xml[^>]*?encoding\s*=\s*[\"'])([A-Za-z0-9._-]+)([\"'])", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9._-]+)", re.IGNORECASE)
_DECLARATION_BYTES = 4096
# UTF-32 first: its little-endian BOM begins with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Labels browsers know and Python does not.
_LABELS = {
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "windows-874": "cp874",
    "iso-8859-8-i": "iso8859-8",
    "x-gbk": "gb18030",
    "x-euc-jp": "euc_jp",
    "x-mac-cyrillic": "mac-cyrillic",
    "unicode-1-1-utf-8": "utf-8",
    "x-cp1250": "cp1250",
    "x-cp1251": "cp1251",
    "ucs-2": "utf-16",
    "iso-10646-ucs-2": "utf-16",
    "csunicode": "utf-16",
    "ucs-4": "utf-32",
    "iso-10646-ucs-4": "utf-32",
}
# Codecs that are no charset of a web document (they would run escapes or punycode on the body).
_NOT_CHARSETS = frozenset({"undefined", "unicode-escape", "raw-unicode-escape", "idna", "punycode"})
# A declared name reads as the superset browsers (WHATWG) and feedparser use. ISO-8859-1 and
# ASCII always: the only bytes read differently are C1 controls no author means. The others only
# when the bytes do not fit the narrower charset (servers send GBK text labelled gb2312).
_ALWAYS_WIDER = {"ascii": "cp1252", "iso8859-1": "cp1252", "iso8859-9": "cp1254"}
_WIDER = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "tis-620": "cp874",
    "iso8859-11": "cp874",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
    "big5": "big5hkscs",
}
_SEVEN_BIT = ("iso2022", "hz", "utf-7")  # ASCII bytes, so valid UTF-8: only a declaration tells
_NAMES = {
    "koi8-r": "KOI8-R",
    "koi8-u": "KOI8-U",
    "cp866": "IBM866",
    "euc_jp": "EUC-JP",
    "cp932": "Shift_JIS",
    "cp949": "EUC-KR",
    "gb18030": "GB18030",
    "big5hkscs": "Big5",
    "cp874": "windows-874",
}


@dataclass(frozen=True, slots=True)
class Decoded:
    """A body as text: the codec used, and a warning when the charset had to be guessed."""

    text: str
    encoding: str  # Python's codec name: "utf-8", "cp1250", "iso8859-2", "utf-16-le", …
    warning: str | None = None


def charset_from_content_type(content_type: str | None) -> str | None:
    """The ``charset=`` parameter of a Content-Type header, if any."""
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9._-]+)", content_type, re.IGNORECASE)
    return match.group(1) if match else None


def codec_for(label: str | None) -> str | None:
    """Python's codec for a charset label, or None if it names no text charset we can read."""
    if not label:
        return None
    label = label.strip().strip("'\"").lower()
    try:
        info = codecs.lookup(_LABELS.get(label, label))
    except LookupError:
        return None
    if not info._is_text_encoding or info.name in _NOT_CHARSETS:  # base64, rot13, unicode-escape…
        return None
    name = "utf-8" if info.name == "utf-8-sig" else info.name
    return _ALWAYS_WIDER.get(name, name)


def charset_name(codec: str) -> str:
    """The usual name of a codec, for messages: cp1250 -> windows-1250, iso8859-2 -> ISO-8859-2."""
    if codec in _NAMES:
        return _NAMES[codec]
    if re.fullmatch(r"cp125\d", codec):
        return "windows-" + codec[2:]
    if codec.startswith("iso8859-"):
        return "ISO-8859-" + codec[8:]
    return codec.upper().replace("_", "-")


def declared_encoding(body: bytes) -> str | None:
    """The codec an XML declaration or HTML <meta> near the start declares."""
    label = _declared_label(body)
    return codec_for(label) if label else None


def _declared_label(body: bytes) -> str | None:
    head = body[:_DECLARATION_BYTES]
    match = _XML_DECL.match(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def unicode_encoding(body: bytes) -> tuple[str, int] | None:
    """(codec, bytes to skip) for a body opening with a byte-order mark or with UTF-16/UTF-32 text.

    Without a BOM, the NULs around the first characters give UTF-16/32 away when the text starts
    with ASCII, as every feed and page does (XML 1.0 appendix F: ``00 3C 00 3F`` is ``<?`` in
    UTF-16BE). Never true of ASCII-compatible text, which has no NUL there.
    """
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return codec, len(bom)
    head = body[:4]
    if len(head) < 4 or 0 not in head:
        return None
    a, b, c, d = head
    if a == b == c == 0 and 0 < d < 0x80:
        return "utf-32-be", 0
    if b == c == d == 0 and 0 < a < 0x80:
        return "utf-32-le", 0
    if a == c == 0 and 0 < b < 0x80 and 0 < d < 0x80:
        return "utf-16-be", 0
    if b == d == 0 and 0 < a < 0x80 and 0 < c < 0x80:
        return "utf-16-le", 0
    return None


def decode_document(body: bytes, *, override: str | None = None, http_charset: str | None = None) -> Decoded:
    """Decode a feed or page to text by the rules of the module docstring. Never raises on bad
    bytes; ``warning`` says when the charset was a guess (it reaches status.json and preview)."""
    forced = codec_for(override)
    if forced:
        return Decoded(body.decode(forced, errors="replace"), forced)
    unicode = unicode_encoding(body)
    if unicode:
        codec, skip = unicode
        return Decoded(body[skip:].decode(codec, errors="replace"), codec)
    declared = _declarations(body, http_charset)
    for _label, codec in declared:
        if codec.startswith(_SEVEN_BIT) and body.isascii():
            text = _strict(body, codec)
            if text is not None:
                return Decoded(text, codec)
    try:
        return Decoded(body.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(body)
    if mostly is not None:
        return mostly
    return _decode_legacy(body, declared)


def decode_body(
    body: bytes, *, override: str | None = None, http_charset: str | None = None
) -> tuple[str, str]:
    """``decode_document`` as (text, codec), for callers that do not report the warning."""
    decoded = decode_document(body, override=override, http_charset=http_charset)
    return decoded.text, decoded.encoding


def _declarations(body: bytes, http_charset: str | None) -> list[tuple[str, str]]:
    """(label, codec) of what the server and then the document declare, each codec once."""
    found: dict[str, str] = {}
    for label in (http_charset, _declared_label(body)):
        codec = codec_for(label)
        if label and codec and codec not in found:
            found[codec] = label
    return [(label, codec) for codec, label in found.items()]


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _mostly_utf8(body: bytes) -> Decoded | None:
    """UTF-8 with a few broken sequences (a truncated character, one pasted 8-bit string): reading
    it all as 8-bit would garble every other letter. Legacy 8-bit text never has ten valid
    multi-byte sequences for every broken one."""
    text = body.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    if non_ascii - broken < 10 * broken:
        return None
    plural = "s" if broken > 1 else ""
    return Decoded(text, "utf-8", f"{broken} invalid UTF-8 byte sequence{plural}, shown as �")


@dataclass(frozen=True, slots=True)
class _Fit:
    label: str
    codec: str
    text: str
    reading: Reading


def _decode_legacy(body: bytes, declared: list[tuple[str, str]]) -> Decoded:
    """An 8-bit or legacy multi-byte body: a declaration it fits, or the most plausible reading."""
    sample = sample_of(body)
    fits: list[_Fit] = []
    problems: list[str] = []
    for label, codec in declared:
        if codec.startswith(("utf-8", "utf-16", "utf-32")):
            problems.append(f"the bytes are not {charset_name(codec)}")
            continue
        used, text = codec, _strict(body, codec)
        if text is None and codec in _WIDER:
            used, text = _WIDER[codec], _strict(body, _WIDER[codec])
        if text is None:
            problems.append(f"{charset_name(codec)} does not define some of the bytes")
            continue
        reading = read_as(sample, used)
        if reading.odd:
            problems.append(f"read as {charset_name(used)} the text has {reading.odd}")
            continue
        fits.append(_Fit(label, used, text, reading))
    if len(fits) == 1 or (len(fits) == 2 and fits[0].text == fits[1].text):
        return Decoded(fits[0].text, fits[0].codec)
    if fits:  # the server says one charset, the document another, and the bytes fit both
        best = max(fits, key=lambda fit: fit.reading.score)  # max keeps the first (HTTP) of equals
        warning = (
            f"the server declares {fits[0].label}, the document {fits[1].label}; "
            f"read as {charset_name(best.codec)} ({_why(best.reading)})"
        )
        return Decoded(best.text, best.codec, warning)
    preferred = tuple(_WIDER.get(codec, codec) for _, codec in declared if not codec.startswith("utf-"))
    reading = best_reading(body, preferred)
    text = body.decode(reading.codec, errors="replace")
    if not declared:
        warning = f"no charset declared; read as {charset_name(reading.codec)} ({_why(reading)})"
    elif reading.codec in preferred and _strict(body, reading.codec) is not None:
        return Decoded(text, reading.codec)  # its odd symbols were the author's: no better reading
    else:
        labels = " and ".join(dict.fromkeys(label for label, _ in declared))
        warning = (
            f"declared {labels}, but {'; '.join(dict.fromkeys(problems))}; "
            f"read as {charset_name(reading.codec)} ({_why(reading)})"
        )
    return Decoded(text, reading.codec, warning)


def _why(reading: Reading) -> str:
    if reading.language is None:
        return "a guess: no letters tell the charsets apart"
    return f"a guess: the text reads best as {reading.language}"


# A numeric character reference to no character: a surrogate (&#55296;), beyond Unicode
# (&#1114112;), absurdly long (&#99999999999999999999;). expat refuses the whole feed for one, and
# feedparser's fallback parser then raises (issue 20): write U+FFFD instead. (Control characters
# are characters: the fallback parser reads them and the text hygiene drops them later.)
_CHAR_REFERENCE = re.compile(r"&#(?:[xX]([0-9A-Fa-f]{1,32})|([0-9]{1,32}));")


def _checked_reference(match: re.Match[str]) -> str:
    hexadecimal, decimal = match.groups()
    code = int(hexadecimal, 16) if hexadecimal else int(decimal)
    return "&#xFFFD;" if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF else match.group(0)


def as_utf8_xml(text: str) -> bytes:
    """Re-encode decoded XML as UTF-8 bytes whose declaration says so (feedparser re-reads it).

    Lone surrogates a decoder let through and character references XML forbids become U+FFFD.
    """
    text = _XML_DECL_TEXT.sub(lambda m: f"{m.group(1)}utf-8{m.group(3)}", text, count=1)
    if "&#" in text:
        text = _CHAR_REFERENCE.sub(_checked_reference, text)
    return text.encode("utf-8", "replace")
