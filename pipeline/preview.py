"""What ``python -m pipeline preview ID`` shows: one source fetched now, and what would be published.

For each item: title, date, link, image and alt text, summary start, the areas with the words
that decided them, whether it is new or already stored, and the duplicate decision with its
reason. Then a diagnosis of the source (selectors that matched nothing, items without date, link
or image, relative links resolved, duplicates inside the page). Writes nothing: no output, and
the state is only read (an absent state is not created). The command (``commands.py``) prints.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from .analyse import Analyser
from .editorial import Editorial, canonical, editorial_path, load_editorial
from .enrich import enrich_items
from .errors import ConfigError
from .events import event_of
from .fetch import Fetcher
from .ingest import Ingestor
from .normalise import item_key, why_unwanted
from .parse import ParsedResponse
from .parse.auto_cards import AUTO, Detection
from .parse.selector_risk import source_selector_risks
from .records import Config, FetchResult, RawItem, Source
from .store import Store
from .tagging import THRESHOLD
from .text import excerpt
from .workers import Workers

WARSAW = ZoneInfo("Europe/Warsaw")
SLOW_SELECTORS_S = 1.0  # a listing page's selectors take milliseconds; a second means trouble


@dataclass(frozen=True, slots=True)
class Preview:
    """What ``preview`` shows (``text``) and what it warns about on the side (``warnings``)."""

    text: str
    warnings: tuple[str, ...] = ()


def preview_of(config: Config, source: Source, *, state_path: Path, now: datetime) -> Preview:
    """Fetch ``source`` now and describe what would be published; the state is only read.

    Raises ``SourceError`` when the source cannot be fetched or read."""
    result, parsed = asyncio.run(_fetch_and_parse(config, source, now))
    ingestor = Ingestor(Analyser(config.areas), priorities={s.id: s.priority for s in config.sources})
    warnings = []
    try:
        editorial = load_editorial(editorial_path(config.path))
    except ConfigError as exc:
        warnings.append(f"warning: {exc.problems[0]} (preview shows no editorial decisions)")
        editorial = Editorial()
    with Store(state_path, read_only=True) if state_path.exists() else Store(":memory:") as store:
        decisions = ingestor.prepare(source, parsed.raws, store, now)
        found = iter(ingestor.find_duplicates([d.item for d in decisions if d.status == "new"], store))
        duplicates = [next(found) if d.status == "new" else None for d in decisions]
    text = render_preview(
        source,
        result,
        parsed,
        decisions,
        duplicates,
        editorial=editorial,
        today=now.astimezone(WARSAW).date(),
    )
    return Preview(text, tuple(warnings))


def left_out(source: Source, raws: Sequence[RawItem]) -> list[tuple[RawItem, str]]:
    """The response's items that are not stored, each with why: the source's filters, or a
    repetition of an earlier item of the same response (the same guid or link)."""
    first: dict[str, int] = {}
    out = []
    for number, raw in enumerate(raws, start=1):
        key = item_key(raw)
        if key in first:
            out.append((raw, f"repeats item {first[key]} of the response (the same {key.split(':')[0]})"))
            continue
        first[key] = number
        reason = why_unwanted(raw, source)
        if reason:
            out.append((raw, f"the source's filters — {reason}"))
    return out


def editorial_note(link: str | None, editorial: Editorial, today: date) -> str | None:
    """What editorial.yaml decides about an item with ``link``, in words; None if nothing."""
    target = canonical(link)
    if not target:
        return None
    for hide in editorial.hide:
        if canonical(hide.url) == target:
            what = "hidden with its whole story" if hide.whole_story else "hidden"
            return f"{what}{' — ' + hide.reason if hide.reason else ''} (editorial.yaml:{hide.line})"
    for pin in editorial.pin:
        if canonical(pin.url) == target:
            if pin.until is not None and pin.until < today:
                return f"was pinned until {pin.until.isoformat()} (editorial.yaml:{pin.line})"
            until = f" until {pin.until.isoformat()}" if pin.until else ""
            return f"pinned first{until} (editorial.yaml:{pin.line})"
    for split in editorial.split:
        if canonical(split.url) == target:
            return f"published apart from any story it was merged into (editorial.yaml:{split.line})"
    for group in editorial.never_merge:
        if target in {canonical(u) for u in group.urls}:
            return (
                f"never in one story with {len(group.urls) - 1} other link(s) (editorial.yaml:{group.line})"
            )
    return None


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
                enrichment = await enrich_items(fetcher, source, list(parsed.raws), now, workers=workers)
                parsed.raws = enrichment.raws
                parsed.warnings.extend(enrichment.warnings)
    finally:
        workers.close()
    return result, parsed


def render_preview(  # type: ignore[no-untyped-def]
    source,
    result,
    parsed,
    decisions,
    duplicates,
    *,
    editorial: Editorial | None = None,
    today: date | None = None,
) -> str:
    """The preview report as text (pure, for tests)."""
    editorial = editorial or Editorial()
    today = today or datetime.now(UTC).astimezone(WARSAW).date()
    notes = [editorial_note(d.item.link, editorial, today) for d in decisions]
    hidden = sum(1 for note in notes if note and note.startswith("hidden"))
    published = len(decisions) - hidden
    lines = [
        f"{source.name} ({source.id}) — {result.url}",
        f"HTTP {result.status}, {len(result.body):,} bytes, read as {parsed.kind}; "
        f"{published} item{'s' if published != 1 else ''} would be published"
        + (f" ({hidden} hidden by editorial.yaml)" if hidden else ""),
        "",
    ]
    if not source.enabled:
        lines[1] += " — but the source is disabled (enabled: false): nothing of it is published"
    skipped = left_out(source, parsed.raws)
    filtered = len(skipped)
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
        event = event_of(item, now=item.published)
        if event is not None:  # issue 18: what the calendar would say, and the words that decided
            end = f" to {event.end.isoformat()}" if event.end is not None else ""
            where = f" · {event.place}" if event.place else ""
            lines.append(
                f"     event:   {event.kind}, {event.start.isoformat()}{end}{where} "
                f"({', '.join(event.fragments[:4])})"
            )
        if item.areas:
            for area in item.areas:
                if area.by_source:
                    why = "given by the source's areas:"
                elif area.score >= THRESHOLD:
                    why = f"score {area.score:.1f}"
                else:  # the words fell short; the learned model gave it
                    why = f"learned model {area.learned:.0%} sure, words' score {area.score:.1f}"
                words = ", ".join(area.words)
                lines.append(f"     area:    {area.slug} ({why}{' — ' + words if words else ''})")
        else:
            lines.append("     area:    none (no area's words found)")
        status = {"new": "new", "updated": "stored, would be updated", "unchanged": "stored, unchanged"}
        lines.append(f"     status:  {status.get(decision.status, decision.status)}")
        if duplicate is not None:
            verdict = "joins an existing story" if duplicate.story_id is not None else "new story"
            lines.append(f"     dedupe:  {verdict} — {duplicate.reason}")
        if notes[number - 1]:
            lines.append(f"     editorial: {notes[number - 1]}")
        lines.append("")
    if skipped:
        lines.append("Left out:")
        for raw, reason in skipped:
            lines.append(f"  - {raw.title or raw.link or '(untitled)'} — {reason}")
        lines.append("")
    lines.append("Diagnosis:")
    lines.extend(f"  - {line}" for line in diagnose(source, parsed, decisions, filtered))
    return "\n".join(lines)


def detection_line(detection: Detection | None) -> str:
    """How a listing's cards were found, and how sure the automatic detection is (issue 16)."""
    if detection is None:
        return "cards found by the configured selectors"
    how = (
        "no selectors configured: cards found automatically"
        if detection.mode == AUTO
        else "selectors matched nothing: cards found automatically — run discover to update them"
    )
    runner = (
        f"runner-up {detection.runner_up:.1f} ({detection.runner_up_group})"
        if detection.runner_up_group
        else "no other candidate scores half as much"
    )
    css = f"; CSS for them: {detection.item_selector!r}" if detection.item_selector else ""
    sure = "clear" if detection.score >= 2 * detection.runner_up else "uncertain — check the items above"
    return (
        f"mode: {how}: {detection.cards} cards of {detection.group}{css}; "
        f"confidence {sure}: score {detection.score:.1f}, {runner}"
    )


def diagnose(source, parsed, decisions, filtered: int) -> list[str]:  # type: ignore[no-untyped-def]
    notes: list[str] = []
    diagnostics = parsed.diagnostics
    if diagnostics is not None:
        notes.append(detection_line(parsed.detection))
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
        notes.append(f"{filtered} item{'s' if filtered != 1 else ''} left out (listed above, each with why)")
    notes.extend(f"warning: {risk}" for risk in source_selector_risks(source.selectors))
    notes.extend(parsed.warnings[:10])
    return notes
