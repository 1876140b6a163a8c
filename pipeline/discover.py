"""``python -m pipeline discover URL``: the feeds a page advertises or that commonly exist.

Advertised feeds (``<link rel="alternate">``) come first; then a short list of common paths is
tried (WordPress ``/feed/``, ``/rss``, ``/atom.xml`` …), and only those that really answer with a
parsable feed are listed. Ends with a ready ``sources.yaml`` entry.
"""

from __future__ import annotations

import argparse
import asyncio
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from .errors import SourceError
from .fetch import Fetcher, is_private_address
from .parse.feeds import looks_like_feed, parse_feed
from .parse.listings import find_feed_links
from .records import Config

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


def suggest_id(url: str) -> str:
    host = (urlsplit(url).hostname or "source").removeprefix("www.")
    return re.sub(r"[^a-z0-9]+", "-", host.lower()).strip("-")[:40] or "source"


async def discover(url: str, *, contact: str, now: datetime) -> tuple[list[FoundFeed], str | None]:
    """Feeds found for ``url`` and, when ``url`` itself is a feed or a page, what it is."""
    found: list[FoundFeed] = []
    async with Fetcher(contact=contact) as fetcher:
        page = await fetcher.fetch("discover", url)
        if looks_like_feed(page.body):
            outcome = parse_feed(page.body, url=page.url, now=now, content_type=page.header("content-type"))
            return [FoundFeed(page.url, outcome.feed_title, len(outcome.items), True)], "feed"
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
    return found, "html"


def run_discover(config: Config, args: argparse.Namespace) -> int:
    try:
        found, kind = asyncio.run(discover(args.url, contact=config.contact, now=datetime.now(UTC)))
    except SourceError as exc:
        print(f"cannot read {args.url}: {exc.message}")
        return 1
    if kind == "feed":
        print(f"{args.url} is itself a feed ({found[0].entries} entries, '{found[0].title}').")
    elif found:
        print(f"Feeds for {args.url}:")
        for feed in found:
            how = "advertised by the page" if feed.advertised else "found at a common path"
            print(f"  {feed.url}  — {feed.title or 'untitled'}, {feed.entries} entries ({how})")
    else:
        print(
            f"No feed found for {args.url}. Describe its listing with CSS selectors (kind: html), "
            "then check them with `python -m pipeline preview ID`."
        )
    best = found[0] if found else None
    source_id = suggest_id(args.url)
    print("\nSuggested sources.yaml entry:\n")
    print(f"  - id: {source_id}")
    print(f"    name: {best.title if best and best.title else source_id}")
    if best:
        print(f"    url: {best.url}")
        print("    kind: feed")
    else:
        print(f"    url: {args.url}")
        print("    kind: html")
        print("    selectors:")
        print("      item: article        # one element per news card — check in the browser's inspector")
        print("      title: h2, h3")
        print("      date: time, .date")
        print("      summary: p")
        print("      image: img")
    print("    every: 2h")
    return 0
