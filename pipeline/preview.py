"""``python -m pipeline preview ID``: fetch one source now and show what would be published.

For each item: title, date, link, image and alt text, summary start, the areas with the words
that decided them, whether it is new or already stored, and the duplicate decision with its
reason. Then a diagnosis of the source (selectors that matched nothing, items without date, link
or image, relative links resolved, duplicates inside the page). Writes nothing: no output, and
the state is only read (an absent state is not created).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from .analyse import Analyser
from .enrich import enrich_items
from .errors import SourceError
from .fetch import Fetcher
from .ingest import Ingestor
from .parse import ParsedResponse
from .parse.selector_risk import source_selector_risks
from .records import Config, FetchResult, Source
from .store import Store
from .text import excerpt
from .workers import Workers

WARSAW = ZoneInfo("Europe/Warsaw")
SLOW_SELECTORS_S = 1.0  # a listing page's selectors take milliseconds; a second means trouble


def run_preview(config: Config, args: argparse.Namespace) -> int:
    source = config.source(args.id)
    if source is None:
        known = ", ".join(s.id for s in config.sources)
        print(f"unknown source id '{args.id}' (known: {known})", file=sys.stderr)
        return 2
    now = datetime.now(UTC)
    try:
        result, parsed = asyncio.run(_fetch_and_parse(config, source, now))
    except SourceError as exc:
        print(f"{source.id}: {exc.message}", file=sys.stderr)
        print("nothing would be published from this source now; fix the url/selectors and preview again")
        return 1
    state_path = Path(args.state) if args.state else Path(config.state_path)
    ingestor = Ingestor(Analyser(config.areas), priorities={s.id: s.priority for s in config.sources})
    with Store(state_path, read_only=True) if state_path.exists() else Store(":memory:") as store:
        decisions = ingestor.prepare(source, parsed.raws, store, now)
        found = iter(ingestor.find_duplicates([d.item for d in decisions if d.status == "new"], store))
        duplicates = [next(found) if d.status == "new" else None for d in decisions]
    print(render_preview(source, result, parsed, decisions, duplicates))
    return 0


async def _fetch_and_parse(
    config: Config, source: Source, now: datetime
) -> tuple[FetchResult, ParsedResponse]:
    # Read in a worker process within the cycle's time budget: a selector that explodes on
    # this page ends the preview with the source's error, as it would end the source's read.
    workers = Workers(Analyser(config.areas), processes=1)
    try:
        async with Fetcher(contact=config.contact) as fetcher:
            result = await fetcher.fetch(source.id, source.url)
            parsed, _ = await workers.parse(source, result, now, analyse=False)
            if source.enrich:
                parsed.raws, warnings = await enrich_items(fetcher, source, list(parsed.raws), now)
                parsed.warnings.extend(warnings)
    finally:
        workers.close()
    return result, parsed


def render_preview(source, result, parsed, decisions, duplicates) -> str:  # type: ignore[no-untyped-def]
    """The preview report as text (pure, for tests)."""
    lines = [
        f"{source.name} ({source.id}) — {result.url}",
        f"HTTP {result.status}, {len(result.body):,} bytes, read as {parsed.kind}; "
        f"{len(decisions)} items would be published",
        "",
    ]
    filtered = len(parsed.raws) - len(decisions)
    for number, (decision, duplicate) in enumerate(zip(decisions, duplicates, strict=True), start=1):
        item = decision.item
        when = item.published.astimezone(WARSAW).strftime("%Y-%m-%d %H:%M")
        date = when if item.dated else f"no date found — first seen {when} is used, stored once"
        lines.append(f"{number:>3}. {item.title}")
        lines.append(f"     date:    {date}")
        lines.append(
            f"     link:    {item.link}"
            + ("  (the listing page: no item link)" if item.link == source.url else "")
        )
        if item.image_url:
            alt = f'alt "{item.image_alt}"' if item.image_alt else 'no alt text (alt="")'
            lines.append(f"     image:   {item.image_url} ({alt})")
        else:
            lines.append("     image:   none")
        if item.summary:
            lines.append(f"     summary: {excerpt(item.summary, 140)}")
        lines.append(f"     language: {item.language}")
        if item.areas:
            for area in item.areas:
                why = "given by the source's areas:" if area.by_source else f"score {area.score:.1f}"
                words = ", ".join(area.words)
                lines.append(f"     area:    {area.slug} ({why}{' — ' + words if words else ''})")
        else:
            lines.append("     area:    none (no area's words found)")
        status = {"new": "new", "updated": "stored, would be updated", "unchanged": "stored, unchanged"}
        lines.append(f"     status:  {status.get(decision.status, decision.status)}")
        if duplicate is not None:
            verdict = "joins an existing story" if duplicate.story_id is not None else "new story"
            lines.append(f"     dedupe:  {verdict} — {duplicate.reason}")
        lines.append("")
    lines.append("Diagnosis:")
    lines.extend(f"  - {line}" for line in diagnose(source, parsed, decisions, filtered))
    return "\n".join(lines)


def diagnose(source, parsed, decisions, filtered: int) -> list[str]:  # type: ignore[no-untyped-def]
    notes: list[str] = []
    diagnostics = parsed.diagnostics
    if diagnostics is not None:
        notes.append(
            f"item selector {diagnostics.item_selector!r} matched {diagnostics.items_matched} cards, "
            f"{diagnostics.items_kept} kept, {diagnostics.items_skipped} skipped "
            f"(page encoding {diagnostics.encoding})"
        )
        for field, misses in diagnostics.selector_misses:
            if misses:
                selector = getattr(source.selectors, field, None)
                notes.append(
                    f"the {field} selector {selector!r} matched nothing in {misses} of "
                    f"{diagnostics.items_matched} cards — those {misses} items lack their {field}"
                )
        if diagnostics.unreadable_dates:
            samples = "; ".join(repr(d) for d in diagnostics.unreadable_dates[:3])
            notes.append(f"no date could be read from: {samples}")
        if diagnostics.relative_links_resolved:
            notes.append(
                f"{diagnostics.relative_links_resolved} relative links resolved "
                f"against {diagnostics.base_url}"
            )
        if diagnostics.duplicate_links:
            notes.append(
                f"{len(diagnostics.duplicate_links)} links appear on more than one card (kept once): "
                + ", ".join(diagnostics.duplicate_links[:3])
            )
        if diagnostics.selector_seconds:
            timings = ", ".join(f"{field} {seconds:.3f} s" for field, seconds in diagnostics.selector_seconds)
            slow = sum(seconds for _field, seconds in diagnostics.selector_seconds) > SLOW_SELECTORS_S
            notes.append(
                f"selectors took {timings} on this page"
                + (" — slow: a deeper page may take minutes; simplify them" if slow else "")
            )
        if diagnostics.advertised_feeds:
            notes.append(f"the page advertises a feed: {diagnostics.advertised_feeds[0]} — consider using it")
    undated = sum(not d.item.dated for d in decisions)
    no_link = sum(d.item.link == source.url for d in decisions)
    no_image = sum(d.item.image_url is None for d in decisions)
    no_area = sum(not d.item.areas for d in decisions)
    notes.append(
        f"{undated} without date, {no_link} without link, {no_image} without image, {no_area} without area"
    )
    if filtered:
        notes.append(f"{filtered} items left out by the source's include/exclude filters or repeated")
    notes.extend(f"warning: {risk}" for risk in source_selector_risks(source.selectors))
    notes.extend(parsed.warnings[:10])
    return notes
