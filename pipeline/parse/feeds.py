"""RSS 0.9x/1.0/2.0, Atom and JSON Feed bodies -> ``RawItem`` records.

feedparser does the XML (we hand it UTF-8 we decoded ourselves, see encoding.py); JSON Feed,
which feedparser 6.0 does not read, is a few fields of ``json``. feedparser dicts never leave this
module. Its sanitizer is not an XSS defence (FIELD-NOTES), so every field goes through
``pipeline.text`` here.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import UTC, date, datetime, time
from typing import Any
from urllib.parse import urljoin

import feedparser

from ..errors import ParseError
from ..records import EventHint, ParseOutcome, RawItem
from ..text import clean_text, html_to_text, is_http_url, sanitize_html
from .dates import WARSAW, is_calendar, parse_feed_date
from .encoding import as_utf8_xml, charset_from_content_type, decode_document, unicode_encoding
from .limits import MAX_ITEMS_PER_SOURCE, too_many

log = logging.getLogger(__name__)

# feedparser asks SAX for the libxml2 driver first; it is not installed, and the failed import is
# retried for every feed (a measured 2-3 % of a cycle). The standard expat driver is what it uses.
feedparser.api.PREFERRED_XML_PARSERS[:] = ["xml.sax.expatreader"]

_FEED_ROOT = re.compile(r"<(?:[A-Za-z0-9_-]+:)?(rss|feed|RDF)[\s>]", re.IGNORECASE)
_IMG_IN_HTML = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']([^\"']+)[\"'][^>]*>", re.IGNORECASE)
_ALT_IN_IMG = re.compile(r"\balt\s*=\s*[\"']([^\"']*)[\"']", re.IGNORECASE)


_SNIFF_CHARS = 65_536  # past a long comment or XSL preamble (issue 19), still bounded
# What may come before the root element: the XML declaration and other processing instructions
# (xml-stylesheet), comments, a doctype with its internal subset. Linear: each alternative scans
# once to its end marker, and the text is bounded.
_PROLOG_ITEM = re.compile(
    r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE\b([^\[>]*)(?:\[[^\]]*\])?[^>]*>)", re.DOTALL | re.IGNORECASE
)
_ROOT_ELEMENT = re.compile(r"\s*<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
# channel: Microsoft CDF, which feedparser reads (as entries, with an empty version).
_FEED_ROOTS = frozenset({"rss", "feed", "rdf", "channel"})
_PAGE_ROOTS = frozenset({"html", "head", "body"})


def _sniff_text(body: bytes) -> str:
    """The start of a body as text, enough to find its root element. UTF-16/32 (with or without a
    BOM) is decoded; any other body is read as Latin-1: markup is ASCII in every charset that
    is not, and there is no need to guess which one it is."""
    unicode = unicode_encoding(body)
    if unicode is None:
        return body[:_SNIFF_CHARS].decode("latin-1")
    codec, skip = unicode
    width = 4 if "32" in codec else 2 if "16" in codec else 1
    return body[skip : skip + width * _SNIFF_CHARS].decode(codec, errors="replace")


def _root_element(text: str) -> tuple[str | None, int]:
    """The lowercased local name of the first element after the prolog (None if an HTML doctype
    says it is a page, or none is seen), and where the prolog ends."""
    position = 0
    while match := _PROLOG_ITEM.match(text, position):
        if match.group(1) is not None and match.group(1).strip().lower().startswith("html"):
            return "html", match.end()
        position = match.end()
    root = _ROOT_ELEMENT.match(text, position)
    return (root.group(1).lower() if root else None), position


def looks_like_feed(body: bytes) -> bool:
    """Decide feed vs. web page from the body itself; Content-Type is often wrong (SPEC).

    RSS, RDF, Atom, CDF and JSON Feed, in any charset including UTF-16/32, after any number of
    comments and processing instructions within the first 64 K characters.
    """
    text = _sniff_text(body).lstrip("\ufeff \t\r\n")
    if text.startswith("{"):
        return "jsonfeed.org" in text[:4096] or '"items"' in text
    root, prolog_end = _root_element(text)
    if root in _FEED_ROOTS:
        return True
    if root in _PAGE_ROOTS:
        return False
    # Something before the root, such as a PHP notice: a feed root close after it still counts.
    return bool(_FEED_ROOT.search(text, prolog_end, prolog_end + 4096))


def parse_feed(
    body: bytes,
    *,
    url: str,
    now: datetime,
    content_type: str | None = None,
    encoding: str | None = None,
    source_id: str = "",
) -> ParseOutcome:
    """Parse a feed body; broken entries are skipped with a warning, "not a feed" is a ParseError."""
    decoded = decode_document(body, override=encoding, http_charset=charset_from_content_type(content_type))
    text = decoded.text
    # A guessed charset is said first: it explains garbled titles better than anything after it.
    warnings: list[str] = [decoded.warning] if decoded.warning else []
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped:
        raise ParseError(source_id, "the response body is empty (expected a feed)")
    if stripped.startswith("{"):
        return _parse_json_feed(stripped, url=url, now=now, source_id=source_id, warnings=warnings)
    parsed = feedparser.parse(
        as_utf8_xml(text),
        response_headers={
            "content-type": "application/xml; charset=utf-8",
            "content-location": url,  # without it feedparser leaves relative links unresolved
        },
        sanitize_html=False,  # we sanitize with nh3; feedparser's is no XSS defence anyway
    )
    # feedparser reads Microsoft CDF (a CHANNEL root) into entries but reports no version.
    if not parsed.get("version") and _root_element(text[:_SNIFF_CHARS])[0] != "channel":
        if parsed.get("bozo") and _FEED_ROOT.search(text[:4096]):
            problem = parsed.get("bozo_exception")
            raise ParseError(
                source_id, f"the feed is not well-formed XML and no entry could be read: {problem}"
            )
        raise ParseError(
            source_id,
            "the response is not a feed (it looks like a web page); use kind: html with selectors, "
            "or `discover` to find the site's feed",
        )
    if parsed.get("bozo"):
        warnings.append(f"the feed has XML problems, read what was readable: {parsed.get('bozo_exception')}")
    feed_info: Mapping[str, Any] = parsed.get("feed", {})
    feed_language = _language(feed_info.get("language"))
    items = _read_entries(
        parsed.get("entries", []),
        lambda entry: _entry_to_item(entry, base_url=url, now=now, feed_language=feed_language),
        warnings,
    )
    if not items and parsed.get("bozo"):
        raise ParseError(
            source_id,
            f"the feed is not well-formed XML and no entry could be read: {parsed.get('bozo_exception')}",
        )
    if not items and parsed.get("entries"):
        raise ParseError(source_id, "no entry of the feed could be read: " + "; ".join(warnings[:3]))
    return ParseOutcome(
        items=_as_calendar(items, now),
        warnings=tuple(warnings),
        feed_title=clean_text(html_to_text(feed_info.get("title"))) or None,
        feed_language=feed_language,
    )


def _as_calendar(items: list[RawItem], now: datetime) -> tuple[RawItem, ...]:
    """An events feed (most entries dated after today: nothing is published tomorrow) dates its
    entries by their events: each such date becomes the entry's stated event (a day when it falls
    at midnight in Warsaw, else its moment). A news feed's entries are returned as they are."""
    if not is_calendar([i.published for i in items], now):
        return tuple(items)
    today = now.astimezone(WARSAW).date()
    return tuple(
        replace(item, event=EventHint(start=_event_start(item.published)))
        if item.event is None
        and item.published is not None
        and item.published.astimezone(WARSAW).date() > today
        else item
        for item in items
    )


def _event_start(moment: datetime) -> date | datetime:
    local = moment.astimezone(WARSAW)
    return local.date() if local.time() == time(0) else local


def _read_entries(
    entries: Iterable[Any], convert: Callable[[Any], RawItem | None], warnings: list[str]
) -> list[RawItem]:
    """Convert each entry (the first ``MAX_ITEMS_PER_SOURCE``); a broken one is skipped with a
    warning, never the whole feed."""
    entries = list(entries)
    if len(entries) > MAX_ITEMS_PER_SOURCE:
        warnings.append(too_many(len(entries)))
        entries = entries[:MAX_ITEMS_PER_SOURCE]
    items: list[RawItem] = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, Mapping):
            warnings.append(f"entry {index + 1} skipped: not an object")
            continue
        try:
            item = convert(entry)
        except (AttributeError, KeyError, TypeError, ValueError, OverflowError) as exc:
            warnings.append(f"entry {index + 1} skipped: {type(exc).__name__}: {exc}")
            continue
        if item is None:
            warnings.append(f"entry {index + 1} skipped: no title, link or summary")
            continue
        items.append(item)
    return items


def _language(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip().lower().replace("_", "-").split("-")[0][:3] or None


def _struct_to_datetime(value: Any) -> datetime | None:
    """feedparser's struct_time (always UTC) as an aware datetime; None for fields out of range.
    Its fields as they are, not through calendar.timegm, which would turn day 99 into another day."""
    if not value:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except (ValueError, TypeError):
        return None


def _entry_date(entry: Mapping[str, Any], key: str, now: datetime) -> datetime | None:
    # dict.get, not entry.get: FeedParserDict maps a missing 'updated' to 'published' (with a
    # DeprecationWarning), which would make every entry look updated.
    raw = dict.get(entry, key)  # type: ignore[arg-type]
    # The text decides (issue 19): feedparser's struct reads CEST and zone-less times as UTC; it is
    # only a stand-in for formats we do not read (parse_feed_date says when).
    return parse_feed_date(
        str(raw) if raw else None,
        now=now,
        feedparser_value=_struct_to_datetime(dict.get(entry, f"{key}_parsed")),  # type: ignore[arg-type]
    )


def _absolute(link: Any, base_url: str) -> str | None:
    if not isinstance(link, str) or not link.strip():
        return None
    try:
        absolute = urljoin(base_url, link.strip())
    except ValueError:  # e.g. "http://[oops/"
        return None
    return absolute if is_http_url(absolute) else None


def _entry_image(entry: Mapping[str, Any], content_html: str, base_url: str) -> tuple[str | None, str | None]:
    for media in list(entry.get("media_content") or []) + list(entry.get("media_thumbnail") or []):
        medium = media.get("medium") or ""
        kind = media.get("type") or ""
        if media.get("url") and (medium == "image" or kind.startswith("image/") or (not medium and not kind)):
            url = _absolute(media.get("url"), base_url)
            if url:
                return url, None
    for link in entry.get("links") or []:
        if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/"):
            url = _absolute(link.get("href"), base_url)
            if url:
                return url, None
    image = entry.get("image")
    if isinstance(image, Mapping) and image.get("href"):
        url = _absolute(image.get("href"), base_url)
        if url:
            return url, None
    match = _IMG_IN_HTML.search(content_html)
    if match:
        url = _absolute(match.group(1), base_url)
        if url:
            alt = _ALT_IN_IMG.search(match.group(0))
            return url, (clean_text(html_to_text(alt.group(1))) or None) if alt else None
    return None, None


def _entry_to_item(
    entry: Mapping[str, Any], *, base_url: str, now: datetime, feed_language: str | None
) -> RawItem | None:
    content_values = [c.get("value", "") for c in entry.get("content") or [] if c.get("value")]
    raw_summary = entry.get("summary") or ""
    raw_content = content_values[0] if content_values else raw_summary
    content_html = sanitize_html(raw_content)
    summary = html_to_text(raw_summary or raw_content)
    title = html_to_text(entry.get("title"))
    link = _absolute(entry.get("link"), base_url)
    if not link:
        for candidate in entry.get("links") or []:
            if candidate.get("rel", "alternate") == "alternate":
                link = _absolute(candidate.get("href"), base_url)
                if link:
                    break
    if not (title or link or summary):
        return None
    image_url, image_alt = _entry_image(entry, content_html or str(raw_content), base_url)
    guid = entry.get("id") or entry.get("guid")
    categories = tuple(
        clean_text(t.get("term") or t.get("label") or "")
        for t in entry.get("tags") or []
        if isinstance(t, Mapping)
    )
    author = html_to_text(entry.get("author")) or None
    return RawItem(
        title=title or None,
        link=link,
        guid=clean_text(str(guid)) if guid else None,
        summary=summary or None,
        content_html=content_html or None,
        published=_entry_date(entry, "published", now) or _entry_date(entry, "created", now),
        updated=_entry_date(entry, "updated", now),
        image_url=image_url,
        image_alt=image_alt,
        author=author,
        categories=tuple(c for c in categories if c),
        language=_language((entry.get("title_detail") or {}).get("language")) or feed_language,
    )


def _parse_json_feed(
    text: str, *, url: str, now: datetime, source_id: str, warnings: list[str]
) -> ParseOutcome:
    """JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1), already decoded (RFC 8259 says UTF-8;
    a UTF-16 one is read all the same). ``warnings`` holds what the decoding reported."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ParseError(source_id, f"the JSON feed is not valid JSON: {exc}") from exc
    if not isinstance(document, dict) or not isinstance(document.get("items"), list):
        raise ParseError(source_id, "the JSON document is not a JSON Feed (no 'items' list)")
    feed_language = _language(document.get("language"))
    items = _read_entries(
        document["items"],
        lambda entry: _json_entry_to_item(entry, url=url, now=now, feed_language=feed_language),
        warnings,
    )
    return ParseOutcome(
        items=_as_calendar(items, now),
        warnings=tuple(warnings),
        feed_title=html_to_text(_string(document.get("title"))) or None,
        feed_language=feed_language,
    )


def _string(value: Any) -> str:
    """A JSON Feed string field as it is; any other type as no value."""
    return value if isinstance(value, str) else ""


def _json_entry_to_item(
    entry: dict[str, Any], *, url: str, now: datetime, feed_language: str | None
) -> RawItem | None:
    # A field of the wrong type (a list, number, object or null title) is no value, never its
    # Python repr: an untitled item takes its summary's first words later, as in any feed.
    content_html = sanitize_html(_string(entry.get("content_html")))
    summary = html_to_text(
        _string(entry.get("summary")) or _string(entry.get("content_text"))
    ) or html_to_text(content_html)
    title = html_to_text(_string(entry.get("title")))
    link = _absolute(_string(entry.get("url")) or _string(entry.get("external_url")), url)
    if not (title or link or summary):
        return None
    image = _string(entry.get("image")) or _string(entry.get("banner_image"))
    tags = entry.get("tags") if isinstance(entry.get("tags"), list) else []
    authors = entry.get("authors") if isinstance(entry.get("authors"), list) else [entry.get("author")]
    author = next(
        (a["name"] for a in authors if isinstance(a, dict) and _string(a.get("name")).strip()), None
    )
    return RawItem(
        title=title or None,
        link=link,
        guid=clean_text(str(entry["id"])) if entry.get("id") is not None else None,
        summary=summary or None,
        content_html=content_html or None,
        # RFC 3339 by the spec; zone-less is Warsaw time, human forms are read as in pubDate.
        published=parse_feed_date(str(entry.get("date_published") or ""), now=now),
        updated=parse_feed_date(str(entry.get("date_modified") or ""), now=now),
        image_url=_absolute(image, url),
        author=html_to_text(str(author)) if author else None,
        categories=tuple(clean_text(t) for t in tags if isinstance(t, str) and t.strip()),
        language=_language(entry.get("language")) or feed_language,
    )
