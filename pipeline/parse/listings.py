"""Feedless sites: a listing page and the editor's CSS selectors -> ``RawItem`` records.

The editor describes a page in sources.yaml (SPEC): ``item`` selects one element per news card,
the other selectors are relative to the card. This module decodes the bytes, reads each card and
reports what it had to guess (``ListingDiagnostics``) so ``preview`` can tell an editor which
selector is broken and for how many cards. Only ``RawItem`` and plain values leave this module;
BeautifulSoup objects stay inside ``parse/``.

The scraping failures peers are known for (issue 3) and the answer here:

- relative links against the wrong base: resolve against ``<base href>``, then the page URL;
- lazy images: ``data-src``/``data-srcset``/``srcset``/``<picture>``/``background-image``;
- image alt text leaking into the teaser (ICC cards): removed from the summary, kept as the alt;
- mojibake on Polish pages without a declaration: UTF-8 if valid, else cp1250 vs ISO-8859-2.

An events calendar (most of its rows dated after today: ``is_calendar``) keeps each row's date
line on its item, for ``events`` to read the event's range, hours and place from it (issue 18); a
news list's dates are only publication days.

The HTML toolkit it shares with item pages and card detection (decoding, the soup, URLs, text,
images) is ``parse/html.py``; ``selector_risk`` and ``pages`` hold what stands alone.

Over 400 lines on purpose: ``read_cards`` is the one reader of cards, whether an editor's
selectors or card detection found their elements, and the diagnostics preview shows are counted as
it reads; kept together so that the two paths can never read a card two ways.
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

import soupsieve
from bs4 import BeautifulSoup, NavigableString, Tag
from soupsieve import SelectorSyntaxError

from pipeline.errors import ParseError
from pipeline.parse.dates import is_calendar, parse_date, parse_datetime_attr
from pipeline.parse.encoding import decode_document
from pipeline.parse.event_lines import is_event_line
from pipeline.parse.html import (
    _TAG_LIKE,
    _ensure_html,
    attr_text,
    base_url_of,
    decode_html,
    drop_invisible,
    html_lang_of,
    image_from,
    make_soup,
    plain_text,
    primary_language,
    resolve_url,
)
from pipeline.parse.limits import MAX_ITEMS_PER_SOURCE, too_many
from pipeline.records import ParseOutcome, RawItem, Selectors
from pipeline.text import first_words, strip_read_more

__all__ = ["ItemsNotFound", "ListingDiagnostics", "ListingResult", "find_feed_links", "parse_listing"]

_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml")
_OPTIONAL_FIELDS = ("link", "date", "summary", "image")
# "...", and WordPress's "[...]" / "[…]", at the end of a cut teaser: shown as one "…" (SPEC).
_TRAILING_DOTS = re.compile(r"\s*(?:\[\s*(?:\.{3}|…)\s*\]|\.{3,}|…)$")
_MAX_WARNINGS = 20
# A card's date element longer than this is running text, not a date line: it is not kept for the
# event reader, whose reading grows with the dates a line holds.
_DATE_LINE_CHARS = 200  # as normalise cuts a stored one


@dataclass(frozen=True, slots=True)
class ListingDiagnostics:
    """What happened on one listing page, for ``preview`` and for the source's warning.

    ``selector_misses`` holds, for every selector the editor configured besides ``item`` (title
    included), how many cards it matched nothing in: ``(("title", 0), ("date", 3))`` means the date
    selector found nothing in 3 of ``items_matched`` cards. ``relative_links_resolved`` counts the
    item links that were relative; ``duplicate_links`` lists links seen on more than one card (the
    later cards are dropped); ``unreadable_dates`` holds the first few date texts no date was read
    from (ICC cards often carry only a place).
    """

    item_selector: str
    items_matched: int
    items_kept: int
    items_skipped: int
    selector_misses: tuple[tuple[str, int], ...]
    without_date: int
    without_link: int
    without_image: int
    relative_links_resolved: int
    duplicate_links: tuple[str, ...]
    advertised_feeds: tuple[str, ...]
    html_lang: str | None
    encoding: str
    base_url: str
    unreadable_dates: tuple[str, ...] = ()
    # Seconds each selector took over the whole page (``item``) or summed over the cards: a
    # selector that costs seconds here will cost minutes on a deeper page (issue 20, case 4).
    selector_seconds: tuple[tuple[str, float], ...] = dataclasses.field(default=(), compare=False)

    def misses(self, field: str) -> int:
        """Cards in which the selector of ``field`` matched nothing (0 if it is not configured)."""
        return dict(self.selector_misses).get(field, 0)


@dataclass(frozen=True, slots=True)
class ListingResult:
    """The items read from a listing page, the cards stepped over, and the diagnosis."""

    items: tuple[RawItem, ...]
    warnings: tuple[str, ...]
    diagnostics: ListingDiagnostics

    def as_outcome(self) -> ParseOutcome:
        """The same result as the ``ParseOutcome`` every parser hands to the runner."""
        return ParseOutcome(
            items=self.items,
            warnings=self.warnings,
            feed_language=primary_language(self.diagnostics.html_lang),
            advertised_feeds=self.diagnostics.advertised_feeds,
        )


# --- public API ---------------------------------------------------------------------------------


def parse_listing(
    body: bytes,
    *,
    page_url: str,
    selectors: Selectors,
    now: datetime,
    encoding: str | None = None,
    headers_charset: str | None = None,
    source_id: str = "",
) -> ListingResult:
    """Read the news cards of a feedless listing page with the editor's selectors.

    ``encoding`` is the source's override, ``headers_charset`` the HTTP charset; ``now`` decides
    yearless and relative dates. A card with neither title nor link is skipped with a warning.
    Raises ``ParseError`` only when the body is not an HTML page or the ``item`` selector matches
    nothing (or is not valid CSS); everything else is reported in the result.
    """
    page, soup = open_page(body, page_url, encoding, headers_charset, source_id)
    started = time.perf_counter()
    cards = _select(soup, selectors.item, "item", source_id)
    seconds = {"item": time.perf_counter() - started}
    if not cards:
        raise ItemsNotFound(
            source_id,
            f"the item selector {selectors.item!r} matched nothing on {page_url}; "
            "check `selectors.item` in sources.yaml against the page's current HTML "
            "(the site may have changed its layout)",
        )

    configured = {"title": selectors.title, **{f: getattr(selectors, f) for f in _OPTIONAL_FIELDS}}
    configured = {field: css for field, css in configured.items() if css}
    compiled = {field: _compile(css, field, source_id) for field, css in configured.items()}
    misses = dict.fromkeys(configured, 0)
    seconds |= dict.fromkeys(configured, 0.0)

    def find(card: Tag) -> dict[str, Found]:
        found: dict[str, Found] = {}
        for field, sieve in compiled.items():
            started = time.perf_counter()
            found[field] = sieve.select_one(card)
            seconds[field] += time.perf_counter() - started
            misses[field] += found[field] is None
        return found

    result = read_cards(
        cards, find, set(configured), page, now, item_label=selectors.item, title_label=selectors.title
    )
    warnings = list(result.warnings)
    for field, count in misses.items():
        if count == len(cards):
            warnings.append(
                f"the {field} selector {configured[field]!r} matched nothing in any of the "
                f"{len(cards)} cards; check `selectors.{field}`"
            )
    diagnostics = dataclasses.replace(
        result.diagnostics, selector_misses=tuple(misses.items()), selector_seconds=tuple(seconds.items())
    )
    return ListingResult(items=result.items, warnings=tuple(warnings), diagnostics=diagnostics)


@dataclass(frozen=True, slots=True)
class Page:
    """What every card of a page is read against (parse/ only): base URL, language, feeds, codec."""

    url: str
    base_url: str
    html_lang: str | None
    language: str | None
    feeds: tuple[str, ...]
    encoding: str
    warning: str | None
    # Texts already read as dates, hrefs already resolved, on this page: card detection and the
    # card reader meet the same ones (one page's parse; the dicts live as long as the page).
    dates: dict[tuple[str, datetime], datetime | None] = dataclasses.field(
        default_factory=dict, compare=False, repr=False
    )

    urls: dict[str | None, str | None] = dataclasses.field(default_factory=dict, compare=False, repr=False)

    def resolve(self, href: str | None) -> str | None:
        """``resolve_url`` against the page's base, each href once a page (detection meets every
        link of the candidate groups, scoring and reading meet them again)."""
        if href not in self.urls:
            self.urls[href] = resolve_url(href, self.base_url)
        return self.urls[href]

    def read_date(self, text: str, now: datetime) -> datetime | None:
        """``parse_date`` in the page's language, each text read once a page."""
        key = (text, now)
        if key not in self.dates:
            self.dates[key] = parse_date(text, now=now, language=self.language)
        return self.dates[key]


# An element the card's field was found in; a bare string is a date stamp cut out of running text.
Found = Tag | NavigableString | None


def open_page(
    body: bytes, page_url: str, encoding: str | None, headers_charset: str | None, source_id: str
) -> tuple[Page, BeautifulSoup]:
    """Decode and parse a listing page, invisible elements dropped (``ParseError`` if no HTML)."""
    decoded = decode_document(body, override=encoding, http_charset=headers_charset)
    _ensure_html(decoded.text, source_id)
    soup = make_soup(decoded.text)
    base_url = base_url_of(soup, page_url)
    html_lang = html_lang_of(soup)
    feeds = _feed_links(soup, base_url)
    drop_invisible(soup)
    language = primary_language(html_lang)
    return Page(page_url, base_url, html_lang, language, feeds, decoded.encoding, decoded.warning), soup


def read_cards(
    cards: list[Tag],
    find: Callable[[Tag], dict[str, Found]],
    configured: set[str],
    page: Page,
    now: datetime,
    *,
    item_label: str,
    title_label: str,
) -> ListingResult:
    """Read title, link, date, summary and image of each card, from the elements ``find`` gives.

    The one reader of cards, whether an editor's selectors or ``auto_cards`` found the elements:
    ``configured`` names the fields whose absence means "none" rather than "look in the card"."""
    items: list[RawItem] = []
    warnings: list[str] = [page.warning] if page.warning else []  # a guessed charset
    if len(cards) > MAX_ITEMS_PER_SOURCE:
        warnings.append(too_many(len(cards)))
        cards = cards[:MAX_ITEMS_PER_SOURCE]
    seen_links: set[str] = set()
    duplicates: list[str] = []
    unreadable: list[str] = []
    relative = skipped = 0
    base_url = page.base_url
    date_lines: list[str] = []  # each kept card's date as shown, "" when none was read

    for number, card in enumerate(cards, start=1):
        found = find(card)
        title_element = _tag(found.get("title"))
        link, link_element, was_relative = _card_link(card, _tag(found.get("link")), title_element, base_url)
        image_url, image_alt = _card_image(card, _tag(found.get("image")), "image" in configured, base_url)
        title = _element_text(title_element)
        summary = _summary(_tag(found.get("summary")), image_alt)
        if not title and link_element is not None:
            title = strip_read_more(_element_text(link_element))  # a bare "Czytaj dalej" is no title
        if not title and summary:
            title = first_words(summary)
        if not title and not link:
            skipped += 1
            if len(warnings) < _MAX_WARNINGS:
                warnings.append(
                    f"card {number} skipped: neither a title nor a link (title selector {title_label!r})"
                )
            continue
        if link is not None:
            if link in seen_links:
                duplicates.append(link)
                continue
            seen_links.add(link)
            relative += was_relative

        published, date_text, shown = _card_date(card, found.get("date"), "date" in configured, now, page)
        if published is None and date_text and len(unreadable) < 5:
            unreadable.append(date_text)
        date_lines.append(shown if published is not None and len(shown) <= _DATE_LINE_CHARS else "")

        items.append(
            RawItem(
                title=title or None,
                link=link,
                summary=summary or None,
                published=published,
                image_url=image_url,
                image_alt=image_alt,
                language=page.language,
            )
        )
    if skipped > _MAX_WARNINGS:
        warnings.append(f"{skipped - _MAX_WARNINGS} more cards skipped")
    # An events calendar: each row's date line says when its event is (events.event_of reads its
    # range, hours and place). A news list's dates are when each item was published, unless a row's
    # line is its event's: a range, a city with its country, "online" (the ICC newsroom's "9-10
    # October 2018 Lisbon, Portugal"; is_event_line). On the real events corpus's tune split, those
    # lines alone gave 48 of the 56 event starts that every line gave, for 4 of the 14 other items
    # listed (tests/test_events_real).
    calendar = is_calendar([i.published for i in items], now)
    items = [
        dataclasses.replace(i, date_line=line) if line and (calendar or is_event_line(line, now)) else i
        for i, line in zip(items, date_lines, strict=True)
    ]

    diagnostics = ListingDiagnostics(
        item_selector=item_label,
        items_matched=len(cards),
        items_kept=len(items),
        items_skipped=skipped,
        selector_misses=(),
        without_date=sum(1 for i in items if i.published is None),
        without_link=sum(1 for i in items if i.link is None),
        without_image=sum(1 for i in items if i.image_url is None),
        relative_links_resolved=relative,
        duplicate_links=tuple(dict.fromkeys(duplicates)),
        advertised_feeds=page.feeds,
        html_lang=page.html_lang,
        encoding=page.encoding,
        base_url=base_url,
        unreadable_dates=tuple(unreadable),
    )
    return ListingResult(items=tuple(items), warnings=tuple(warnings), diagnostics=diagnostics)


def _tag(found: Found) -> Tag | None:
    return found if isinstance(found, Tag) else None


class ItemsNotFound(ParseError):
    """The item selector matched nothing: the page may have been redesigned (``parse_response``
    then finds the cards automatically for this cycle)."""


def find_feed_links(
    body: bytes, page_url: str, *, encoding: str | None = None, headers_charset: str | None = None
) -> tuple[str, ...]:
    """The feeds a page advertises (``<link rel="alternate">`` RSS/Atom/JSON Feed), as absolute URLs.

    Used by ``discover`` and to tell an editor that a configured HTML source has a feed. Never
    raises: a body that is not HTML simply advertises nothing.
    """
    text, _ = decode_html(body, encoding=encoding, headers_charset=headers_charset)
    if not _TAG_LIKE.search(text):
        return ()
    soup = make_soup(text)
    return _feed_links(soup, base_url_of(soup, page_url))


# --- decoding and the document ----------------------------------------------------------------
# make_soup … primary_language are shared with pages.py; they take BeautifulSoup objects, so they
# are for parse/ only and stay out of __all__.


def _compile(css: str, field: str, source_id: str) -> soupsieve.SoupSieve:
    try:
        return soupsieve.compile(css)
    except (SelectorSyntaxError, ValueError, NotImplementedError) as exc:
        raise ParseError(source_id, f"the {field} selector {css!r} is not valid CSS: {exc}") from exc


def _select(soup: BeautifulSoup | Tag, css: str, field: str, source_id: str) -> list[Tag]:
    return list(_compile(css, field, source_id).select(soup))


def _feed_links(soup: BeautifulSoup, base_url: str) -> tuple[str, ...]:
    feeds: list[str] = []
    for link in soup.find_all("link", href=True):
        rel = link.get("rel") or []
        rels = {r.lower() for r in (rel if isinstance(rel, list) else str(rel).split())}
        kind = (attr_text(link, "type") or "").split(";")[0].strip().lower()
        if "alternate" in rels and kind in _FEED_TYPES:
            url = resolve_url(attr_text(link, "href"), base_url)
            if url:
                feeds.append(url)
    return tuple(dict.fromkeys(feeds))


# --- one card -----------------------------------------------------------------------------------


def _element_text(element: Tag | None) -> str:
    if element is None:
        return ""
    # noscript holds a copy of the lazy image markup, never text of its own.
    if element.name == "noscript":
        return ""
    return plain_text(" ".join(s for s in element.find_all(string=True) if s.find_parent("noscript") is None))


def _card_link(
    card: Tag, chosen: Tag | None, title: Tag | None, base_url: str
) -> tuple[str | None, Tag | None, bool]:
    """The item link, the element it came from, and whether its href was relative.

    The editor's ``link`` element first (its own href, else its first a[href]); then the card itself
    when it is a link, the first usable a[href] in the card, and the link around the title. Only
    http(s) links count, so a "share" button with ``javascript:`` does not win over the real link.
    """
    candidates: list[Tag] = []
    if chosen is not None:
        candidates.append(chosen if chosen.has_attr("href") else chosen.find("a", href=True) or chosen)
    if card.name == "a":
        candidates.append(card)
    candidates.extend(card.find_all("a", href=True))
    if title is not None:
        around = title if title.name == "a" else title.find_parent("a")
        if around is not None:
            candidates.append(around)
    for element in candidates:
        href = attr_text(element, "href")
        url = resolve_url(href, base_url)
        if url and href:
            return url, element, urlsplit(href).scheme == ""
    return None, None, False


def _card_image(
    card: Tag, chosen: Tag | None, configured: bool, base_url: str
) -> tuple[str | None, str | None]:
    # Without an image selector the card's first image is used; with one, only what it selects.
    if configured:
        return image_from(chosen, base_url)
    return image_from(card, base_url)


def _summary(element: Tag | None, image_alt: str | None) -> str:
    """The teaser: plain text, alt text and "Read more" removed, a trailing "..." made "…"."""
    if element is None:
        return ""
    text = _element_text(element)
    if image_alt and text.casefold().startswith(image_alt.casefold()):
        # ICC cards render the image's alt text (as a caption) right before the teaser.
        text = text[len(image_alt) :].lstrip(" .,:;-–—|")
    stripped = strip_read_more(text)
    tail = text[len(stripped) :].lstrip()
    if tail.startswith(("...", "…")) and not stripped.endswith("…"):
        stripped = stripped.rstrip() + "…"  # strip_read_more ate the ellipsis before "Read More"
    return _TRAILING_DOTS.sub("…", stripped)


def _card_date(
    card: Tag, chosen: Found, configured: bool, now: datetime, page: Page
) -> tuple[datetime | None, str, str]:
    """The card's date, the text it was read from, and the date line as the card shows it.

    A machine value wins (``datetime``, ``content`` or ``title`` of the element, or of a ``<time>``
    inside it); then the visible text, in Polish, English or Ukrainian. Without a date selector, a
    ``<time datetime>`` in the card is used. A bare string is read as text.
    """
    if isinstance(chosen, NavigableString):
        return page.read_date(str(chosen), now), str(chosen), str(chosen)
    if chosen is None:
        if configured:
            return None, "", ""
        chosen = card.find("time", attrs={"datetime": True})
        if chosen is None:
            return None, "", ""
    shown = _element_text(chosen)
    machine = [chosen] + ([] if chosen.name == "time" else chosen.find_all("time"))
    for element in machine:
        for name in ("datetime", "content", "title"):
            value = attr_text(element, name)
            published = parse_datetime_attr(value, now=now) if value else None
            if published is None and value and name == "title":
                published = page.read_date(value, now)
            if published is not None:
                return published, value or "", shown or value or ""
    return page.read_date(shown, now), shown, shown
