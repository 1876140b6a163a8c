"""RSS 0.9x/1.0/2.0, Atom and JSON Feed bodies -> ``RawItem`` records.

feedparser does the XML (we hand it UTF-8 we decoded ourselves, see encoding.py); JSON Feed,
which feedparser 6.0 does not read, is a few fields of ``json``. feedparser dicts never leave this
module. Its sanitizer is not an XSS defence (FIELD-NOTES), so every field goes through
``pipeline.text`` here.
"""

from __future__ import annotations

import calendar
import json
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser

from ..errors import ParseError
from ..records import ParseOutcome, RawItem
from ..text import clean_text, html_to_text, is_http_url, sanitize_html
from .dates import MIN_YEAR, parse_date
from .encoding import as_utf8_xml, charset_from_content_type, decode_body
from .limits import MAX_ITEMS_PER_SOURCE, too_many

log = logging.getLogger(__name__)

# feedparser asks SAX for the libxml2 driver first; it is not installed, and the failed import is
# retried for every feed (a measured 2-3 % of a cycle). The standard expat driver is what it uses.
feedparser.api.PREFERRED_XML_PARSERS[:] = ["xml.sax.expatreader"]

_FEED_ROOT = re.compile(r"<(?:[A-Za-z0-9_-]+:)?(rss|feed|RDF)[\s>]", re.IGNORECASE)
_IMG_IN_HTML = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']([^\"']+)[\"'][^>]*>", re.IGNORECASE)
_ALT_IN_IMG = re.compile(r"\balt\s*=\s*[\"']([^\"']*)[\"']", re.IGNORECASE)


def looks_like_feed(body: bytes) -> bool:
    """Decide feed vs. web page from the body itself; Content-Type is often wrong (SPEC)."""
    head = body[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return b"jsonfeed.org" in head or b'"items"' in body[:65536]
    text = head.decode("utf-8", errors="replace")
    if re.match(r"(?is)\s*(<!doctype\s+html|<html)", text):
        return False
    return bool(_FEED_ROOT.search(text))


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
    stripped = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped:
        raise ParseError(source_id, "the response body is empty (expected a feed)")
    if stripped.startswith(b"{"):
        return _parse_json_feed(body, url=url, now=now, source_id=source_id)
    text, _used = decode_body(body, override=encoding, http_charset=charset_from_content_type(content_type))
    parsed = feedparser.parse(
        as_utf8_xml(text),
        response_headers={
            "content-type": "application/xml; charset=utf-8",
            "content-location": url,  # without it feedparser leaves relative links unresolved
        },
        sanitize_html=False,  # we sanitize with nh3; feedparser's is no XSS defence anyway
    )
    if not parsed.get("version"):
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
    warnings: list[str] = []
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
        items=tuple(items),
        warnings=tuple(warnings),
        feed_title=clean_text(html_to_text(feed_info.get("title"))) or None,
        feed_language=feed_language,
    )


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


def _struct_to_datetime(value: Any, now: datetime) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, TypeError, OSError):
        return None
    # The same sanity bounds as our own date parser: year 999 or 2999 is a typo, not a date.
    return moment if MIN_YEAR <= moment.year <= now.year + 1 else None


def _entry_date(entry: Mapping[str, Any], key: str, now: datetime) -> datetime | None:
    # dict.get, not entry.get: FeedParserDict maps a missing 'updated' to 'published' (with a
    # DeprecationWarning), which would make every entry look updated.
    parsed = _struct_to_datetime(dict.get(entry, f"{key}_parsed"), now)  # type: ignore[arg-type]
    raw = dict.get(entry, key)  # type: ignore[arg-type]
    if parsed is None and raw:
        # feedparser knows RFC 822 / ISO; Polish or Ukrainian dates in pubDate need our parser.
        parsed = parse_date(str(raw), now=now)
    return parsed


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


def _parse_json_feed(body: bytes, *, url: str, now: datetime, source_id: str) -> ParseOutcome:
    """JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1)."""
    try:
        document = json.loads(body.decode("utf-8-sig", errors="replace"))
    except (ValueError, RecursionError) as exc:
        raise ParseError(source_id, f"the JSON feed is not valid JSON: {exc}") from exc
    if not isinstance(document, dict) or not isinstance(document.get("items"), list):
        raise ParseError(source_id, "the JSON document is not a JSON Feed (no 'items' list)")
    feed_language = _language(document.get("language"))
    warnings: list[str] = []
    items = _read_entries(
        document["items"],
        lambda entry: _json_entry_to_item(entry, url=url, now=now, feed_language=feed_language),
        warnings,
    )
    return ParseOutcome(
        items=tuple(items),
        warnings=tuple(warnings),
        feed_title=html_to_text(str(document.get("title") or "")) or None,
        feed_language=feed_language,
    )


def _json_entry_to_item(
    entry: dict[str, Any], *, url: str, now: datetime, feed_language: str | None
) -> RawItem | None:
    content_html = sanitize_html(str(entry.get("content_html") or ""))
    summary = html_to_text(str(entry.get("summary") or entry.get("content_text") or "")) or html_to_text(
        content_html
    )
    title = html_to_text(str(entry.get("title") or ""))
    link = _absolute(entry.get("url") or entry.get("external_url"), url)
    if not (title or link or summary):
        return None
    image = entry.get("image") or entry.get("banner_image")
    tags = entry.get("tags") if isinstance(entry.get("tags"), list) else []
    authors = entry.get("authors") if isinstance(entry.get("authors"), list) else []
    author = next((a.get("name") for a in authors if isinstance(a, dict) and a.get("name")), None)
    return RawItem(
        title=title or None,
        link=link,
        guid=clean_text(str(entry["id"])) if entry.get("id") is not None else None,
        summary=summary or None,
        content_html=content_html or None,
        published=parse_date(str(entry.get("date_published") or ""), now=now),
        updated=parse_date(str(entry.get("date_modified") or ""), now=now),
        image_url=_absolute(image, url),
        author=html_to_text(str(author)) if author else None,
        categories=tuple(clean_text(str(t)) for t in tags if str(t).strip()),
        language=_language(entry.get("language")) or feed_language,
    )
