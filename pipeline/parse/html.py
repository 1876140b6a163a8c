"""The HTML toolkit that listings, item pages and card detection share (issue 17): decoding a
page, building and cleaning the soup, absolute URLs, plain text, and the image an element shows
(lazy loading included). BeautifulSoup objects stay inside ``parse/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from pipeline.errors import ParseError
from pipeline.parse.encoding import decode_body
from pipeline.text import clean_text, html_to_text, is_http_url

# Elements whose content is never text a reader sees; dropped before anything is read.
_INVISIBLE = ("script", "style", "template", "iframe", "object", "embed", "svg", "form")
_TAG_LIKE = re.compile(r"<\s*[A-Za-z!/?]")
_LAZY_ATTRS = ("data-src", "data-lazy-src", "data-original", "data-bg", "data-background-image")
_SRCSET_ATTRS = ("data-srcset", "data-lazy-srcset", "srcset")
_BACKGROUND = re.compile(r"background(?:-image)?\s*:[^;]*?url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", re.IGNORECASE)
_PLACEHOLDER = re.compile(
    r"(?:^|[/_.-])(?:blank|spacer|pixel|placeholder|transparent|1x1|loading|lazy)"
    r"[^/]*\.(?:gif|png|svg|jpe?g|webp)$",
    re.IGNORECASE,
)
_IMAGE_TAGS = frozenset({"img", "picture", "source", "noscript"})


def decode_html(
    body: bytes, *, encoding: str | None = None, headers_charset: str | None = None
) -> tuple[str, str]:
    """Decode an HTML body; return the text and the codec used.

    The rules are those of every body (``pipeline.parse.encoding.decode_document``): the source's
    override, a byte-order mark or UTF-16/32, valid UTF-8, a declared charset the bytes fit (HTTP,
    then ``<meta>``), else the charset whose text reads most like one language.
    """
    return decode_body(body, override=encoding, http_charset=headers_charset)


def resolve_url(href: str | None, base_url: str) -> str | None:
    """An absolute http(s) URL for ``href``, or None (``javascript:``, ``data:``, ``mailto:``, ``#``…).

    Browsers drop tabs and newlines inside URLs (``java\\tscript:``) and so does urljoin; an href
    whose entities decode to another scheme is refused too.
    """
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    try:
        if "&" in href and not is_http_url(urljoin(base_url, html_to_text(href))):
            # "javascript&colon;…" that a second decoding would turn into a script URL.
            return None
        url = urljoin(base_url, href)
    except ValueError:  # e.g. "http://[oops/": not a URL at all
        return None
    if url.endswith("#"):
        url = url[:-1]
    return url if is_http_url(url) else None


def plain_text(value: str | None, *, markup: bool = False) -> str:
    """Plain text from element text (``markup=False``) or from a value that may hold HTML/entities.

    Element text is already unescaped by the parser, so it is only unescaped again when it still
    looks like markup (``&lt;script&gt;`` written as text); meta and JSON-LD values are HTML-ish
    and go through ``html_to_text`` once. Tag-like text is stripped until none is left.
    """
    text = html_to_text(value) if markup else clean_text(value)
    for _ in range(3):
        if not _TAG_LIKE.search(text):
            break
        text = html_to_text(text)
    return text


def image_from(element: Tag | None, base_url: str) -> tuple[str | None, str | None]:
    """The one absolute image URL (and its alt text) an element shows, lazy-loading included.

    Looks at the element itself when it is an ``img``/``picture``/``source``, else at the first
    ``img`` inside it: lazy attributes first, then the largest ``srcset`` candidate, then ``src``
    (not a placeholder), then ``<picture><source srcset>``, a ``<noscript><img>``, and a CSS
    ``background-image`` as the last resort.
    """
    if element is None or not _may_show_image(element):
        return None, None
    if element.name == "img":
        img: Tag | None = element
    elif element.name == "source" and isinstance(element.parent, Tag):
        img = element.parent.find("img") if element.parent.name == "picture" else None
    else:
        img = element.select_one("img")
    url = _img_url(img, base_url) if img is not None else None
    alt = plain_text(img.get("alt")) if img is not None and isinstance(img.get("alt"), str) else ""
    if url is None:
        picture = (
            element
            if element.name == "picture"
            else (img.find_parent("picture") if img is not None else element.select_one("picture"))
        )
        for source in picture.select("source") if isinstance(picture, Tag) else ():
            url = _best_srcset(attr_text(source, "data-srcset") or attr_text(source, "srcset"), base_url)
            if url:
                break
    if url is None:
        noscript = element.select_one("noscript img")
        if noscript is not None:
            url = _img_url(noscript, base_url)
            alt = alt or plain_text(attr_text(noscript, "alt"))
    if url is None:
        for styled in (element, *element.select("[style]")):
            m = _BACKGROUND.search(attr_text(styled, "style") or "")
            url = resolve_url(m.group(1), base_url) if m else None
            if url:
                break
    if url is None:
        return None, None
    return url, alt or None


def _may_show_image(element: Tag) -> bool:
    """Whether ``element`` holds anything ``image_from`` reads: one pass over its descendants
    instead of four CSS queries for each card of a page without pictures."""
    if element.name in _IMAGE_TAGS or element.get("style"):
        return True
    return any(
        isinstance(d, Tag) and (d.name in _IMAGE_TAGS or d.get("style") is not None)
        for d in element.descendants
    )


def _ensure_html(text: str, source_id: str) -> None:
    """Refuse bodies that are no HTML page: empty, binary, a feed, JSON."""
    head = text.lstrip("\ufeff \t\r\n")[:2048]
    if not head:
        raise ParseError(source_id, "the response body is empty, not an HTML page")
    if "\x00" in head or head.startswith("%PDF"):
        raise ParseError(source_id, "the response is binary data, not an HTML page")
    if re.match(r"(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", head, re.DOTALL | re.I):
        raise ParseError(
            source_id, "the response is a feed, not an HTML page; set `kind: feed` for this source"
        )
    if head[0] in "{[":
        raise ParseError(source_id, "the response is JSON, not an HTML page")
    if not _TAG_LIKE.search(text):
        raise ParseError(source_id, "the response has no HTML markup at all")


def make_soup(text: str) -> BeautifulSoup:
    """Parse decoded HTML with lxml (the parser every page here is read with)."""
    # The XML declaration means nothing once decoded, and bs4 warns about "XML parsed as HTML".
    text = re.sub(r"^\ufeff?\s*<\?xml[^>]*>", "", text, count=1)
    return BeautifulSoup(text, "lxml")


def drop_invisible(soup: BeautifulSoup) -> None:
    """Remove script, style, template, iframe, svg, form…: never text, and a place for payloads."""
    for element in soup.find_all(_INVISIBLE):
        element.decompose()


def attr_text(element: Tag, name: str) -> str | None:
    """An attribute as stripped text (multi-valued ones joined), None when absent or blank."""
    value = element.get(name)
    if isinstance(value, list):  # multi-valued attributes (class, rel) come back as lists
        value = " ".join(value)
    return value.strip() if isinstance(value, str) and value.strip() else None


def base_url_of(soup: BeautifulSoup, page_url: str) -> str:
    """The URL relative links resolve against: ``<base href>`` (when http(s)), else the page URL."""
    base = soup.find("base", href=True)
    if isinstance(base, Tag):
        resolved = resolve_url(attr_text(base, "href"), page_url)
        if resolved:
            return resolved
    return page_url


def html_lang_of(soup: BeautifulSoup) -> str | None:
    """``<html lang>`` (or ``xml:lang``) as written, e.g. "pl-PL"."""
    html_tag = soup.find("html")
    lang = (
        (attr_text(html_tag, "lang") or attr_text(html_tag, "xml:lang"))
        if isinstance(html_tag, Tag)
        else None
    )
    return clean_text(lang) or None


def primary_language(lang: str | None) -> str | None:
    """The primary subtag: "pl-PL" -> "pl", "en_GB" -> "en"; None when absent or not a language tag."""
    if not lang:
        return None
    primary = re.split(r"[-_]", lang.strip().lower(), maxsplit=1)[0]
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


def _img_url(img: Tag, base_url: str) -> str | None:
    lazy = [attr_text(img, name) for name in _LAZY_ATTRS]
    for value in lazy:
        url = resolve_url(value, base_url)
        if url:
            return url
    for name in _SRCSET_ATTRS:
        url = _best_srcset(attr_text(img, name), base_url)
        if url:
            return url
    src = attr_text(img, "src")
    url = resolve_url(src, base_url)
    if url is None:
        return None
    has_lazy = any(lazy) or any(attr_text(img, name) for name in _SRCSET_ATTRS)
    tiny = attr_text(img, "width") == "1" or attr_text(img, "height") == "1"
    if tiny or (has_lazy and _PLACEHOLDER.search(urlsplit(url).path)):
        return None
    return url


def _best_srcset(srcset: str | None, base_url: str) -> str | None:
    """The widest (or densest) candidate of a srcset, resolved; the first one when none says."""
    best: tuple[float, str] | None = None
    for url, size in _srcset_candidates(srcset or ""):
        resolved = resolve_url(url, base_url)
        if resolved and (best is None or size > best[0]):
            best = (size, resolved)
    return best[1] if best else None


def _srcset_candidates(srcset: str) -> Iterable[tuple[str, float]]:
    """Parse a srcset as the HTML standard does: a URL is a run of non-space; commas end a candidate.

    URLs may themselves contain commas (image CDNs: ``w_800,h_600``), so splitting on "," is wrong.
    """
    position, length = 0, len(srcset)
    while position < length:
        while position < length and (srcset[position].isspace() or srcset[position] == ","):
            position += 1
        start = position
        while position < length and not srcset[position].isspace():
            position += 1
        url = srcset[start:position]
        descriptor = ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            end = srcset.find(",", position)
            end = length if end == -1 else end
            descriptor, position = srcset[position:end].strip(), end + 1
        if not url:
            continue
        size = 0.0
        m = re.fullmatch(r"(\d+(?:\.\d+)?)([wx])", descriptor.split()[0]) if descriptor else None
        if m:
            # Weight widths over densities so "800w" beats "2x" when a site mixes them (invalid anyway).
            size = float(m.group(1)) * (1 if m.group(2) == "w" else 0.001)
        yield url, size
