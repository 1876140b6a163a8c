"""Turning a response body into correct text, whatever route its charset takes.

Servers lie about charsets often, and Polish sites still publish windows-1250 and ISO-8859-2
(FIELD-NOTES): feedparser trusts the HTTP header over the XML declaration and falls back to
windows-1252, which garbles Polish letters. So we decide the encoding ourselves:

1. the source's ``encoding`` override (the editor knows best);
2. a byte-order mark;
3. UTF-8, when the bytes are valid UTF-8 (almost never true by accident for Polish 8-bit text);
4. the encoding the document declares (XML declaration or HTML meta), then the HTTP charset;
5. otherwise the better of windows-1250 / ISO-8859-2 for Polish text (they differ in ą ś ź Ą Ś Ź),
   which no detection library separates reliably.
"""

from __future__ import annotations

import codecs
import re

_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']", re.IGNORECASE)
_XML_DECL_TEXT = re.compile(r"^(\s*<\?xml[^>]*?encoding\s*=\s*[\"'])([A-Za-z0-9._-]+)([\"'])", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9._-]+)", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Letters that exist in Polish text; cp1250 and iso-8859-2 put ą/ś/ź (and capitals) at different bytes.
_POLISH = set("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
_UNLIKELY = set("¹¥œŒŸ¶±¼¬©®«»¦")
_LATIN_FAMILY = {"cp1250", "iso8859-2", "cp1252", "latin-1", "iso8859-1", "iso8859-15"}


def charset_from_content_type(content_type: str | None) -> str | None:
    """The ``charset=`` parameter of a Content-Type header, if any."""
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9._-]+)", content_type, re.IGNORECASE)
    return match.group(1) if match else None


def _codec(label: str | None) -> str | None:
    """Python's codec for a charset label; as in the WHATWG Encoding standard, the labels
    latin-1 / ISO-8859-1 / ASCII mean windows-1252 on the web."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("'\"")).name
    except LookupError:
        return None
    return "cp1252" if name in ("latin-1", "iso8859-1") else name


def declared_encoding(body: bytes) -> str | None:
    """The encoding an XML declaration or HTML <meta> in the first 2 KB declares."""
    head = body[:2048]
    match = _XML_DECL.match(head) or _META_CHARSET.search(head)
    return _codec(match.group(1).decode("ascii")) if match else None


def decode_body(
    body: bytes, *, override: str | None = None, http_charset: str | None = None
) -> tuple[str, str]:
    """Decode a feed or page to text; returns (text, the encoding used). Never raises on bad bytes.

    A declared charset (HTTP header first, then the document's own declaration) is used only if
    the bytes fit it; among the 8-bit Latin encodings, which servers and authors mix up all the
    time, the one that gives the most Polish letters wins.
    """
    forced = _codec(override)
    if forced:
        return body.decode(forced, errors="replace"), forced
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(name, errors="replace"), name
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for candidate in (_codec(http_charset), declared_encoding(body)):
        if not candidate or candidate in ("utf-8", "ascii"):
            continue  # the bytes are not UTF-8, whatever was declared
        if candidate in _LATIN_FAMILY:
            candidate = _best_polish(body, prefer=candidate)
        try:
            return body.decode(candidate), candidate
        except (UnicodeDecodeError, LookupError):
            continue
    best = _best_polish(body)
    return body.decode(best, errors="replace"), best


def _polish_score(text: str) -> int:
    return sum(ch in _POLISH for ch in text) - 3 * sum(ch in _UNLIKELY for ch in text)


def _best_polish(body: bytes, prefer: str = "cp1250") -> str:
    """Of ``prefer``, cp1250 and ISO-8859-2, the one reading ``body`` as the most Polish text."""
    candidates = list(dict.fromkeys([prefer, "cp1250", "iso8859-2"]))
    scores = {c: _polish_score(body.decode(c, errors="replace")) for c in candidates}
    return max(candidates, key=lambda c: scores[c])  # max keeps the first of equals: ``prefer``


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
