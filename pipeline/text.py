"""Text hygiene shared by every parser: sanitizing HTML, flattening it to text, excerpts.

Everything a source writes passes through here before it is stored, so the outputs only ever
see sanitized HTML (nh3) or plain text (which templates and feed writers escape).
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import urlsplit

import nh3

# Tags kept in a feed's description: structure and emphasis, no media that loads by itself
# except img (which readers expect); nh3 drops script/style/iframe/svg/form with their content.
_ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "cite",
    "code",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "strong",
    "sub",
    "sup",
    "u",
    "ul",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}, "abbr": {"title"}}
_URL_SCHEMES = {"http", "https", "mailto"}

# Control characters break XML 1.0 (feedgen raises ValueError on them, FIELD-NOTES).
# Control characters, non-characters and lone surrogates (a JSON Feed's "\ud800" decodes to one;
# nothing can encode it, so it would stop whatever writes the text next: issue 20). Bidi
# embeddings, overrides, isolates and marks can make a title or a source's name read as something
# else ("Trojan source"), and zero-width spaces, word joiners and stray BOMs are invisible: none of
# them belongs in Polish, English or Ukrainian news (issue 20). ZWJ/ZWNJ stay: emoji need them.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff"
    r"\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_SPACE = re.compile(r"\s+")
_TAG_LIKE = re.compile(r"<[A-Za-z!/?]")
# Block boundaries become spaces, or "<p>a</p><p>b</p>" would flatten to "ab".
_BLOCK_BOUNDARY = re.compile(
    r"<(?:br|hr|/?(?:p|div|li|ul|ol|h[1-6]|tr|td|th|blockquote|section|article|figure|figcaption|dd|dt))\b[^>]*>",
    re.IGNORECASE,
)
# Link words that sites append to teasers; they are not part of the summary. A bare "more" /
# "więcej" counts only after an ellipsis or before an arrow, so "Cities need more" keeps its word.
_READ_MORE = re.compile(
    r"\s*(?:read more|czytaj (?:dalej|więcej)|dowiedz się więcej|continue reading|"
    r"читати далі|читати більше|детальніше|докладніше)\s*(?:»|›|>|→|\.\.\.)?\s*$"
    r"|(?<=[….])\s*(?:more|więcej|більше)\s*(?:»|›|>|→)?\s*$"
    r"|\s+(?:more|więcej|більше)\s*(?:»|›|→)\s*$",
    re.IGNORECASE,
)


# html5ever (inside nh3) keeps nested elements in quadratic time: 30,000 nested <div>s take
# seconds, 200,000 minutes, and a C call cannot be interrupted. News content has hundreds of tags;
# a fragment with more than this many is kept as its text alone (issue 20).
MAX_MARKUP_TAGS = 20_000


def sanitize_html(fragment: str | None) -> str:
    """Return ``fragment`` with only harmless markup: no script, event handler or non-http(s) URL."""
    if not fragment:
        return ""
    if fragment.count("<") > MAX_MARKUP_TAGS:
        text = html_to_text(fragment)  # flattening is linear: its block tags become spaces first
        return f"<p>{html.escape(text, quote=False)}</p>" if text else ""
    cleaned = nh3.clean(
        _CONTROL.sub("", fragment),
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return cleaned.strip()


def html_to_text(fragment: str | None) -> str:
    """Flatten an HTML fragment (or text with entities) to one line of plain text.

    Markup that was entity-encoded ("&lt;script&gt;") becomes markup again once unescaped, and
    many feed readers render titles as HTML, so a second pass strips what the first revealed.
    """
    if not fragment:
        return ""
    # First what clean_text removes later: "<\x00b" or "<\u00adb" must not turn into "<b" after the checks.
    text = _CONTROL.sub("", fragment).replace("\u00ad", "")
    for _ in range(3):
        if _TAG_LIKE.search(text):
            # With no tags allowed nh3 keeps harmless elements' text, drops script/style bodies.
            text = nh3.clean(_BLOCK_BOUNDARY.sub(" ", text), tags=set(), attributes={}, strip_comments=True)
        text = html.unescape(text)
        if not _TAG_LIKE.search(text):
            return clean_text(text)
    return clean_text(text.replace("<", "‹").replace(">", "›"))  # still tag-like: defuse


def clean_text(text: str | None) -> str:
    """Normalise whitespace and Unicode (NFC), drop control characters."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", _CONTROL.sub("", text))
    return _SPACE.sub(" ", text.replace("\u00ad", "")).strip()


# WordPress appends these to feed summaries; they say nothing about the story.
_BOILERPLATE = re.compile(
    r"\s*(?:The post .{1,300}? appeared first on .{1,200}?|"
    r"(?:Wpis|Artykuł|Post) .{1,300}? "
    r"(?:pojawił się (?:po raz pierwszy|najpierw) (?:na|w)|pochodzi z serwisu) "
    r".{1,200}?|Запис .{1,300}? спершу з'явив(?:ся|ся) на .{1,200}?)\.?\s*$",
    re.IGNORECASE,
)
_ELLIPSIS_BRACKETS = re.compile(r"\s*\[(?:\.\.\.|…|&hellip;)\]\s*$")


# Words every boilerplate tail contains: a text without them skips the (slow, end-anchored) regex.
_BOILERPLATE_CUES = ("appeared first", "pojawił się", "pochodzi z serwisu", "спершу з'явив")


def strip_boilerplate(text: str) -> str:
    """Drop WordPress's "The post … appeared first on …" tail and turn a trailing "[…]" into "…"."""
    if any(cue in text for cue in _BOILERPLATE_CUES):
        text = _BOILERPLATE.sub("", text)
    if text.endswith("]"):
        text = _ELLIPSIS_BRACKETS.sub("…", text)
    return text


_READ_MORE_TAIL = 48  # longer than the longest "read more" phrase with its arrow and spaces


def strip_read_more(text: str) -> str:
    """Remove a trailing "Read more" / "Czytaj dalej" / "Więcej »" link text from a teaser."""
    previous = None
    while previous != text:
        previous = text
        # The patterns end at the end of the text: only its tail can match (a lookbehind needs
        # one character more), so the regex never scans a long summary from its start.
        cut = max(0, len(text) - _READ_MORE_TAIL)
        text = (text[:cut] + _READ_MORE.sub("", text[cut:])).rstrip()
    if text.endswith("..."):
        text = text[:-3].rstrip() + "…"
    if text.endswith("…"):
        text = text[:-1].rstrip(" .") + "…"  # "wolny...." reads "wolny…", not "wolny.…"
    return text


def first_words(text: str, max_chars: int = 90) -> str:
    """The first words of ``text``, cut at a word boundary; used as a title when there is none."""
    return excerpt(text, max_chars)


def excerpt(text: str, max_chars: int) -> str:
    """Cut ``text`` at a word boundary to at most ``max_chars`` characters, ending in "…" if cut."""
    text = clean_text(text)
    if len(text) <= max_chars:
        return text
    cut = text[: max_chars - 1]
    space = cut.rfind(" ")
    if space > max_chars // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—(") + "…"


_URL_FORBIDDEN = re.compile(r"[\x00-\x20\x7f]")


def is_http_url(url: str | None) -> bool:
    """True for an absolute http(s) URL with a host and no whitespace or control characters:
    the only links we ever publish (a control character makes XML outputs invalid)."""
    if not url or _URL_FORBIDDEN.search(url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)
