"""What ``python -m pipeline discover URL`` finds: the feeds a page advertises or that commonly exist.

Advertised feeds (``<link rel="alternate">``) come first; then a short list of common paths is
tried (WordPress ``/feed/``, ``/rss``, ``/atom.xml`` …), and only those that really answer with a
parsable feed are listed. A page without a feed gets listing selectors only if the listing parser
read plausible news cards with them from that very page (``parse.card_guess``); the cards it read
are shown. Ends with a ready ``sources.yaml`` entry, named after the page's title.
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

from .errors import ParseError, SourceError
from .fetch import Fetcher, is_private_address
from .parse.auto_cards import Detection, parse_listing_auto
from .parse.card_guess import ListingGuess, guess_listing, page_name, slug
from .parse.encoding import charset_from_content_type
from .parse.feeds import looks_like_feed, parse_feed
from .parse.listings import find_feed_links

_WARSAW = ZoneInfo("Europe/Warsaw")
COMMON_PATHS = ("feed/", "rss", "rss.xml", "feed.xml", "atom.xml", "index.xml", "feed.json", "?feed=rss2")


@dataclass(frozen=True, slots=True)
class FoundFeed:
    url: str
    title: str | None
    entries: int
    advertised: bool


def candidate_urls(page_url: str, advertised: tuple[str, ...]) -> list[str]:
    """Advertised feeds first, then common paths at the page's folder and at the site root."""
    parts = urlsplit(page_url)
    root = f"{parts.scheme}://{parts.netloc}/"
    folder = page_url if page_url.endswith("/") else page_url.rsplit("/", 1)[0] + "/"
    urls = list(advertised)
    for base in dict.fromkeys([folder, root]):
        urls.extend(urljoin(base, path) for path in COMMON_PATHS)
    return list(dict.fromkeys(urls))


@dataclass(frozen=True, slots=True)
class Discovery:
    """What ``discover`` learnt about a URL: the feeds, and for a page its name and listing."""

    feeds: tuple[FoundFeed, ...]
    kind: str  # "feed" (the URL is one) or "html"
    name: str | None = None
    listing: ListingGuess | None = None
    detection: Detection | None = None  # the cards found without selectors (issue 16)


def suggest_id(url: str, name: str | None = None) -> str:
    """A slug of the page's name, else of its host."""
    if name and slug(name):
        return slug(name)
    host = (urlsplit(url).hostname or "source").removeprefix("www.")
    return re.sub(r"[^a-z0-9]+", "-", host.lower()).strip("-")[:40] or "source"


async def discover(url: str, *, contact: str, now: datetime) -> Discovery:
    """Feeds found for ``url``; for a page also its name and, without a feed, verified selectors."""
    found: list[FoundFeed] = []
    async with Fetcher(contact=contact) as fetcher:
        page = await fetcher.fetch("discover", url)
        if looks_like_feed(page.body):
            outcome = parse_feed(page.body, url=page.url, now=now, content_type=page.header("content-type"))
            return Discovery((FoundFeed(page.url, outcome.feed_title, len(outcome.items), True),), "feed")
        advertised = find_feed_links(page.body, page.url)

        # Probes may reach private addresses only if the page itself is on one (no steering).
        page_is_private = is_private_address(urlsplit(page.url).hostname or "")

        async def probe(candidate: str) -> FoundFeed | None:
            try:
                result = await fetcher.fetch("discover", candidate, allow_private=page_is_private)
                if not looks_like_feed(result.body):
                    return None
                outcome = parse_feed(
                    result.body, url=result.url, now=now, content_type=result.header("content-type")
                )
            except SourceError:
                return None
            return FoundFeed(result.url, outcome.feed_title, len(outcome.items), candidate in advertised)

        results = await asyncio.gather(*(probe(c) for c in candidate_urls(page.url, advertised)))
    seen: set[str] = set()
    for feed in results:
        if feed is not None and feed.url not in seen:
            seen.add(feed.url)
            found.append(feed)
    charset = charset_from_content_type(page.header("content-type"))
    name = page_name(page.body, headers_charset=charset)
    # A feed beats scraped cards: selectors are only looked for when there is none.
    listing = None if found else guess_listing(page.body, page_url=page.url, now=now, headers_charset=charset)
    detection = None if found else _detect(page.body, page.url, now, charset)
    return Discovery(tuple(found), "html", name, listing, detection)


def _detect(body: bytes, url: str, now: datetime, charset: str | None) -> Detection | None:
    try:
        return parse_listing_auto(body, page_url=url, now=now, headers_charset=charset).detection
    except ParseError:
        return None


def render_discovery(url: str, found: Discovery) -> str:
    """What ``discover`` shows: the feeds found (or the cards a listing reads), then a ready
    ``sources.yaml`` entry."""
    lines: list[str] = []
    feeds = found.feeds
    if found.kind == "feed":
        lines.append(f"{url} is itself a feed ({feeds[0].entries} entries, '{feeds[0].title}').")
    elif feeds:
        lines.append(f"Feeds for {url}:")
        for feed in feeds:
            how = "advertised by the page" if feed.advertised else "found at a common path"
            lines.append(f"  {feed.url}  — {feed.title or 'untitled'}, {feed.entries} entries ({how})")
    else:
        lines.append(f"No feed found for {url}.")
        lines.extend(_detection_lines(found.detection))
        lines.extend(_listing_lines(found.listing))
    best = feeds[0] if feeds else None
    name = found.name or (best.title if best else None)
    source_id = suggest_id(url, name)
    lines += ["", "Suggested sources.yaml entry:", ""]
    lines.append(f"  - id: {source_id}")
    lines.append(f"    name: {_scalar(name or source_id)}")
    if best:
        lines += [f"    url: {best.url}", "    kind: feed"]
    else:
        lines += [f"    url: {url}", "    kind: html"]
        if found.listing is None and found.detection is not None:
            lines.append(
                "    selectors: auto   # no CSS selector reads these cards; they are found by themselves"
            )
        elif found.listing is None:
            lines.append("    selectors:   # none verified on this page: fill in item and title yourself")
        else:
            lines.append("    selectors:")
            chosen = found.listing.selectors
            for field in ("item", "title", "link", "date", "summary", "image"):
                if getattr(chosen, field):
                    lines.append(f"      {field}: {_scalar(getattr(chosen, field))}")
    lines.append("    every: 2h")
    return "\n".join(lines)


def _detection_lines(detection: Detection | None) -> list[str]:
    if detection is None:
        return []
    runner = (
        f"the runner-up scored {detection.runner_up:.1f}"
        if detection.runner_up_group
        else "no other candidate scores half as much"
    )
    return [
        f"Automatic detection finds {detection.cards} news cards ({detection.group}; score "
        f"{detection.score:.1f}, {runner}): without `selectors:` a cycle reads them by itself."
    ]


def _listing_lines(listing: ListingGuess | None) -> list[str]:
    if listing is None:
        return [
            "No repeated news cards were found that the listing parser could read here, so no "
            "selectors are proposed. Describe the listing with CSS selectors yourself (kind: html; "
            "the browser's inspector shows one element per news card), then check them with "
            "`python -m pipeline preview ID`."
        ]
    shown = listing.items[:3]
    lines = [
        f"Its listing reads with the selectors below: {listing.plausible} of {listing.cards} cards "
        f"have a link and a headline (checked with the listing parser on this page; "
        f"{listing.tried} candidates tried). The first {len(shown)}:"
    ]
    for item in shown:
        # The day the page shows: "13 maja 2025" is midnight in Warsaw, the 12th in UTC.
        date = f"{item.published.astimezone(_WARSAW):%Y-%m-%d}" if item.published else "no date"
        lines.append(f"  - {item.title}\n    {date} · {item.link}")
    return lines


def _scalar(value: str) -> str:
    """A YAML value as written: quoted when YAML would read it otherwise ("#main > li" is a comment)."""
    plain = re.fullmatch(r"[A-Za-z0-9À-žЀ-ӿ(\[.][^#:'\"\\]*", value) and value == value.strip()
    if plain and ": " not in value and " #" not in value:
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
