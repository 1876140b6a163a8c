"""An item's own page -> what enrichment may fill in: image (+ alt), summary, date, title, text.

Pure: the page's bytes come in, a ``PageInfo`` goes out; fetching belongs to fetch.py/enrich.py.
FIELD-NOTES: bs4 + lxml reading Open Graph, JSON-LD and ``<time>`` gets image, description and a
full datetime in ~0.7 ms a page, so no extraction library is needed for these fields.

Where each field comes from, first found wins:

- image: ``og:image`` (``:secure_url``, ``:url``), ``twitter:image``, JSON-LD ``image``,
  ``<link rel="image_src">``; the alt text comes with the same source (``og:image:alt``,
  ``twitter:image:alt``, the ImageObject's ``caption``);
- summary: ``og:description``, ``<meta name="description">``, ``twitter:description``, JSON-LD;
- published: ``article:published_time``, JSON-LD ``datePublished``, microdata/Dublin Core meta,
  ``<time datetime>`` (inside the article first), then a date in the text of an element whose class
  contains "date";
- title: ``og:title``, JSON-LD ``headline``, ``twitter:title``, the first ``<h1>``, ``<title>``;
- text: the paragraphs of the article (``article``, ``main``, ``[itemprop=articleBody]``…);
- event: a JSON-LD ``Event`` (or a subtype: ``EducationEvent``, ``Festival``…) with its
  ``startDate``, ``endDate``, ``location`` (a ``Place``'s name and locality, or a
  ``VirtualLocation``), ``eventAttendanceMode`` and ``eventStatus`` (issue 18).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bs4 import BeautifulSoup, Tag

from pipeline.parse.dates import parse_date, parse_datetime_attr
from pipeline.parse.html import (
    attr_text,
    base_url_of,
    decode_html,
    drop_invisible,
    html_lang_of,
    make_soup,
    plain_text,
    primary_language,
    resolve_url,
)
from pipeline.parse.page_events import node_types, page_event
from pipeline.records import EventHint
from pipeline.text import excerpt

__all__ = ["TEXT_MAX_CHARS", "PageInfo", "parse_item_page"]

TEXT_MAX_CHARS = 2000
_ARTICLE_TYPES = (
    "article",
    "newsarticle",
    "blogposting",
    "reportagenews",
    "analysisnewsarticle",
    "report",
    "scholarlyarticle",
    "techarticle",
    "opinionnewsarticle",
    "liveblogposting",
)
_MAIN_CANDIDATES = (
    "[itemprop=articleBody]",
    "article",
    "main",
    "[role=main]",
    ".entry-content",
    ".post-content",
    ".article-body",
    ".article__body",
    ".journal-content-article",
    "#content",
    ".content",
)
_BOILERPLATE = ("nav", "header", "footer", "aside", "noscript", "figure", "button", "select")
_MIN_PARAGRAPH_CHARS = 25
# A short line that names a day or an hour ("Rozpoczęcie o 17.00", "Data: 12.06.2025"): kept, it is
# where an event page gives its details (pipeline.events reads them).
_DETAIL = re.compile(r"\d")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")


@dataclass(frozen=True, slots=True)
class PageInfo:
    """What an item page says about itself; every field may be missing (None)."""

    image_url: str | None = None
    image_alt: str | None = None
    summary: str | None = None
    published: datetime | None = None
    title: str | None = None
    text: str | None = None  # plain paragraphs of the article, at most TEXT_MAX_CHARS
    language: str | None = None
    event: EventHint | None = None  # the JSON-LD Event the page states


def parse_item_page(
    body: bytes,
    *,
    page_url: str,
    now: datetime,
    encoding: str | None = None,
    headers_charset: str | None = None,
) -> PageInfo:
    """Read image, alt text, summary, date, title, main text and language from an item page.

    Never raises on junk: an empty, binary or broken page gives an empty ``PageInfo``; broken
    JSON-LD is skipped and the other sources still count. URLs are absolute http(s) (``<base>``
    honoured) and all text is plain, cleaned through pipeline.text.
    """
    if not body or not body.strip():
        return PageInfo()
    text, _ = decode_html(body, encoding=encoding, headers_charset=headers_charset)
    if "\x00" in text[:2048] or "<" not in text:
        return PageInfo()
    soup = make_soup(text)
    base = base_url_of(soup, page_url)
    meta = _meta_values(soup)
    nodes = list(_json_ld_nodes(soup))
    articles = [node for node in nodes if _is_article(node)]
    language = primary_language(
        html_lang_of(soup)
        or meta.get("og:locale")
        or meta.get("content-language")
        or _first_str(a.get("inLanguage") for a in articles)
    )
    drop_invisible(soup)

    image_url, image_alt = _image(soup, meta, articles, base)
    summary = _first_text(
        meta.get("og:description"),
        meta.get("description"),
        meta.get("twitter:description"),
        *(a.get("description") for a in articles),
    )
    title = _first_text(
        meta.get("og:title"), *(a.get("headline") for a in articles), meta.get("twitter:title")
    )
    if not title:
        heading = soup.find("h1")
        title = plain_text(heading.get_text(" ")) if isinstance(heading, Tag) else ""
    if not title and isinstance(soup.title, Tag):
        title = plain_text(soup.title.get_text(" "))
    return PageInfo(
        image_url=image_url,
        image_alt=image_alt,
        summary=summary or None,
        published=_published(soup, meta, articles, now, language),
        title=title or None,
        text=_main_text(soup) or None,
        language=language,
        event=page_event(nodes, title, now),
    )


# --- sources of metadata ------------------------------------------------------------------------


def _meta_values(soup: BeautifulSoup) -> dict[str, str]:
    """``<meta property|name|itemprop|http-equiv=… content=…>``, first value of each key, lower-cased keys."""
    values: dict[str, str] = {}
    for element in soup.find_all("meta"):
        content = attr_text(element, "content")
        if not content:
            continue
        for key_attr in ("property", "name", "itemprop", "http-equiv"):
            key = attr_text(element, key_attr)
            if key:
                values.setdefault(key.lower(), content)
    return values


def _json_ld_nodes(soup: BeautifulSoup) -> Iterator[dict[str, Any]]:
    """Every JSON-LD node of the page, ``@graph`` included.

    ``image: {"@id": …}`` and ``location: {"@id": …}`` references (Yoast puts the ImageObject
    elsewhere in the graph) are replaced by the node they point to. Broken JSON is tolerated: a
    trailing comma is repaired, anything worse is skipped.
    """
    for script in soup.find_all("script"):
        if (attr_text(script, "type") or "").split(";")[0].strip().lower() != "application/ld+json":
            continue
        data = _load_json(script.get_text())
        if data is None:
            continue
        nodes = list(_walk(data))
        by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
        for node in nodes:
            for key in ("image", "location"):
                value = node.get(key)
                if isinstance(value, dict) and set(value) == {"@id"} and value["@id"] in by_id:
                    node = {**node, key: by_id[value["@id"]]}
            yield node


def _load_json(raw: str) -> Any:
    raw = raw.strip()
    # Some CMSs wrap the JSON in an HTML comment or CDATA.
    raw = re.sub(r"^(?:<!--|/\*\s*<!\[CDATA\[\s*\*/)|(?:-->|/\*\s*\]\]>\s*\*/)$", "", raw).strip()
    for attempt in (raw, _TRAILING_COMMA.sub(r"\1", raw)):
        try:
            return json.loads(attempt, strict=False)  # strict=False: raw newlines inside strings
        except (ValueError, RecursionError):
            continue
    return None


def _walk(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every JSON object in the document that could be a schema.org node (bounded depth)."""
    if depth > 6:
        return
    if isinstance(data, list):
        for value in data:
            yield from _walk(value, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "hasPart"):
            if isinstance(data.get(key), (list, dict)):
                yield from _walk(data[key], depth + 1)


def _is_article(node: dict[str, Any]) -> bool:
    return any(k in _ARTICLE_TYPES for k in node_types(node))


def _first_str(values: Any) -> str | None:
    for value in values:
        if isinstance(value, str) and value.strip():
            return value
        if isinstance(value, list) and value and isinstance(value[0], str):
            return value[0]
    return None


def _first_text(*values: Any) -> str:
    """The first value that is non-empty plain text once entities and stray markup are removed."""
    for value in values:
        if isinstance(value, list):
            value = next((v for v in value if isinstance(v, str)), None)
        if isinstance(value, str):
            text = plain_text(value, markup=True)
            if text:
                return text
    return ""


# --- fields ---------------------------------------------------------------------------------------


def _image(
    soup: BeautifulSoup, meta: dict[str, str], articles: list[dict[str, Any]], base: str
) -> tuple[str | None, str | None]:
    candidates: list[tuple[Any, Any]] = [
        (
            meta.get("og:image:secure_url") or meta.get("og:image") or meta.get("og:image:url"),
            meta.get("og:image:alt"),
        ),
        (meta.get("twitter:image") or meta.get("twitter:image:src"), meta.get("twitter:image:alt")),
    ]
    for article in articles:
        candidates.extend(_json_ld_images(article.get("image")))
    link = soup.find("link", rel="image_src")
    if isinstance(link, Tag):
        candidates.append((attr_text(link, "href"), None))
    for url, alt in candidates:
        resolved = resolve_url(url, base) if isinstance(url, str) else None
        if resolved:
            return resolved, _first_text(alt) or None
    return None, None


def _json_ld_images(image: Any) -> Iterator[tuple[Any, Any]]:
    """JSON-LD ``image`` as a string, a list, or ImageObject(s) with url/contentUrl and caption."""
    for value in image if isinstance(image, list) else [image]:
        if isinstance(value, str):
            yield value, None
        elif isinstance(value, dict):
            yield value.get("url") or value.get("contentUrl"), value.get("caption") or value.get("name")


def _published(
    soup: BeautifulSoup,
    meta: dict[str, str],
    articles: list[dict[str, Any]],
    now: datetime,
    language: str | None,
) -> datetime | None:
    machine = [
        meta.get("article:published_time"),
        *(a.get("datePublished") for a in articles),
        meta.get("datepublished"),
        meta.get("og:published_time"),
        meta.get("dc.date.issued"),
        meta.get("dc.date"),
        meta.get("date"),
        meta.get("pubdate"),
    ]
    for value in machine:
        if isinstance(value, str) and value.strip():
            published = parse_datetime_attr(value, now=now) or parse_date(value, now=now, language=language)
            if published is not None:
                return published
    scope = _main_element(soup) or soup
    for where in (scope, soup):
        for time_tag in where.find_all("time"):
            value = attr_text(time_tag, "datetime")
            published = parse_datetime_attr(value, now=now) if value else None
            if published is None:
                published = parse_date(plain_text(time_tag.get_text(" ")), now=now, language=language)
            if published is not None:
                return published
    # Polish CMSs call it "data" (class="data"); "[class*=data]" would also hit "metadata".
    for element in soup.select("[class*=date], [class*=Date], [class~=data]"):
        published = parse_date(plain_text(element.get_text(" ")), now=now, language=language)
        if published is not None:
            return published
    return None


def _main_element(soup: BeautifulSoup) -> Tag | None:
    for css in _MAIN_CANDIDATES:
        element = soup.select_one(css)
        if element is not None and element.find("p") is not None:
            return element
    return None


def _main_text(soup: BeautifulSoup) -> str:
    """The article's paragraphs as plain text, blank-line separated, cut to TEXT_MAX_CHARS."""
    scope = _main_element(soup) or soup.body or soup
    paragraphs: list[str] = []
    used = 0
    for p in scope.find_all(["p", "li", "blockquote"]):
        if any(parent.name in _BOILERPLATE for parent in p.parents):
            continue
        if p.name != "p" and p.find("p") is not None:
            continue  # its paragraphs are read on their own
        text = plain_text(p.get_text(" "))
        if len(text) < _MIN_PARAGRAPH_CHARS and not _DETAIL.search(text):
            continue  # "Udostępnij", "Czytaj więcej"; a short line with a digit is an event's detail
        if used + len(text) > TEXT_MAX_CHARS:
            remaining = TEXT_MAX_CHARS - used
            if remaining > 100:
                paragraphs.append(excerpt(text, remaining))
            break
        paragraphs.append(text)
        used += len(text) + 2
    return "\n\n".join(paragraphs)
