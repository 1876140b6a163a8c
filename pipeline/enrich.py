"""Filling what a listing lacks (image, alt text, summary, date, text) from each new item's page.

Only for sources with ``enrich: true``, only pages on the source's own site, at most
``MAX_PAGES_PER_SOURCE`` a cycle, all through the one fetch layer. A page that fails leaves its item
as the listing gave it. A page is read once: new items first; a stored item whose page was not read
(past a cycle's cap, or its page failed) is read on a later cycle that reads its source, at most
``MAX_PAGE_TRIES`` times (the runner asks the store which, ``Store.unread_pages``).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, replace
from datetime import datetime

from .addresses import same_site
from .errors import ParseError, SourceError
from .fetch import Fetcher
from .records import RawItem, Source
from .workers import Workers

log = logging.getLogger(__name__)

MAX_PAGES_PER_SOURCE = 20
# A page that failed is asked again on later cycles, this many times in all: a site's bad hour
# heals, and a page that is always broken costs no more than this.
MAX_PAGE_TRIES = 3


@dataclass(frozen=True, slots=True)
class Enrichment:
    raws: list[RawItem]  # the items, those whose page was read filled from it
    warnings: list[str]
    tried: frozenset[int]  # indexes whose page was asked for this cycle (its turn came)
    read: frozenset[int]  # of them, those whose page was read


def should_enrich(raw: RawItem, source: Source) -> bool:
    """Worth a request: enrichment is on, the link is the item's own page on the source's site."""
    return bool(source.enrich and raw.link and raw.link != source.url and same_site(raw.link, source.url))


async def enrich_items(
    fetcher: Fetcher,
    source: Source,
    raws: list[RawItem],
    now: datetime,
    *,
    workers: Workers,
    deadline_s: float | None = None,
) -> Enrichment:
    """``raws`` with missing fields filled from their pages (the first ``MAX_PAGES_PER_SOURCE``
    worth a request, in order), warnings for pages that failed, and which were asked and read.
    Each page is read in one of ``workers`` (a huge page never holds the event loop); pages not read
    within ``deadline_s`` (default: the fetcher's ``pages_deadline_s``) are given up."""
    targets = [i for i, raw in enumerate(raws) if should_enrich(raw, source)][:MAX_PAGES_PER_SOURCE]
    warnings: list[str] = []
    read: set[int] = set()
    # The pages of one site are asked for at most ``per_host`` at a time (the fetcher's politeness),
    # in order; a page counts as asked for once its turn came, so the pages waiting behind one that
    # hangs lose no try when the deadline gives them up.
    turn = asyncio.Semaphore(fetcher.limits.per_host)
    asked: set[int] = set()
    failed: set[int] = set()

    async def one(index: int) -> None:
        async with turn:
            asked.add(index)
            await read_page(index)

    async def read_page(index: int) -> None:
        raw = raws[index]
        assert raw.link is not None
        try:
            result = await fetcher.fetch(source.id, raw.link, same_site_as=source.url, accept="text/html")
        except SourceError as exc:
            failed.add(index)
            warnings.append(f"item page {raw.link}: {exc.message}")
            return
        try:
            page = await workers.read_page(source, result, now)
        except (ParseError, ValueError) as exc:  # too long to read, or a parser's bug: never a cycle's
            failed.add(index)
            message = exc.message if isinstance(exc, ParseError) else str(exc)
            warnings.append(f"item page {raw.link}: unreadable ({message})")
            return
        raws[index] = replace(
            raw,
            image_url=raw.image_url or page.image_url,
            image_alt=raw.image_alt if raw.image_url else (page.image_alt or raw.image_alt),
            summary=raw.summary or page.summary,
            # A row with a date line (an events calendar's, or a news list's event line) is dated by
            # its event's day: its page's date, when it has one, is when it was published.
            published=(page.published or raw.published)
            if raw.date_line
            else (raw.published or page.published),
            title=raw.title or page.title,
            text=page.text or raw.text,
            language=raw.language or page.language,
            event=raw.event or page.event,
        )
        read.add(index)

    tasks = [asyncio.ensure_future(one(i)) for i in targets]
    if tasks:
        limit = fetcher.limits.pages_deadline_s if deadline_s is None else deadline_s
        _done, pending = await asyncio.wait(tasks, timeout=limit)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
            unanswered = len(asked - read - failed)
            waiting = len(pending) - unanswered
            warnings.append(
                f"{unanswered} item pages did not answer within {limit:.0f} s"
                + (f" and {waiting} were not reached" if waiting else "")
                + ": asked again on a later cycle"
            )
    return Enrichment(raws, warnings, frozenset(asked), frozenset(read))
