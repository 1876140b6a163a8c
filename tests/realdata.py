"""The real labelled corpora (tests/data/real, see its README): loading, the fixed split, and the
story harness that runs real items through the real ingest path into a real SQLite file.

The split is a pure function of the data (a hash of the story set's name or the item's URL and
title), so it never moves when code changes; thresholds are tuned on ``tune`` only and the gates
score ``heldout`` only.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from pipeline.analyse import Analyser
from pipeline.ingest import Ingestor
from pipeline.parse.dates import WARSAW, parse_date
from pipeline.records import RawItem, Source
from pipeline.store import Store

REAL = Path(__file__).parent / "data" / "real"
# Undated items are collected "now" (SPEC: first-seen time), as a cycle would on this day.
COLLECTED = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _split(name: str, heldout_percent: int) -> str:
    digest = int(hashlib.sha256(name.encode("utf-8")).hexdigest()[:8], 16)
    return "heldout" if digest % 100 < heldout_percent else "tune"


# --- stories ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoryItem:
    index: int
    story: str  # items with the same story are the same news
    set: str  # a story with the look-alikes it must stay apart from
    split: str
    source: str
    language: str
    url: str
    title: str
    summary: str
    published: datetime | None
    found: str
    seen: datetime | None = None  # undated: when a cycle would first have seen it (README), if known

    @property
    def read_at(self) -> datetime:
        """When a cycle reads the item: its publication, else when it was first seen, else the day
        the corpus was collected (a backfill of an undated listing)."""
        return self.published or self.seen or COLLECTED


def _union(pairs: Iterable[tuple[str, str]], nodes: Iterable[str]) -> dict[str, str]:
    parent = {n: n for n in nodes}

    def root(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {n: root(n) for n in parent}


def load_stories(heldout_percent: int = 50) -> list[StoryItem]:
    """Every stories-*.jsonl line as one item; an item listed by two collectors is one item, and
    the groups (and sets) it belongs to are one story (set). Split by set; the sets of
    ``stories-tune-*.jsonl`` (collected after the split was fixed) are all ``tune``, so the held-out
    set stays the one first measured."""
    rows: list[dict] = []
    for path in sorted(REAL.glob("stories-*.jsonl")):
        prefix = path.stem.removeprefix("stories-")
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                row["group"] = f"{prefix}:{row['group']}"
                row["set"] = f"{prefix}:{row['set']}"
                row["tune_only"] = path.name.startswith("stories-tune-")
                rows.append(row)
    # The same page (link and title) is one item, whichever source name its collectors gave it.
    identity = {i: (row["url"], row["title"] or row["summary"]) for i, row in enumerate(rows)}
    first_of: dict[tuple[str, str], int] = {}
    same_item = []
    for i, ident in identity.items():
        if ident in first_of:
            same_item.append((rows[first_of[ident]]["group"], rows[i]["group"]))
        else:
            first_of[ident] = i
    groups = _union(same_item, (row["group"] for row in rows))
    set_pairs = [(row["set"], rows[first_of[identity[i]]]["set"]) for i, row in enumerate(rows)]
    sets = _union(set_pairs, (row["set"] for row in rows))
    # A collector who could not see an item's own link gave its listing page: in a cycle each
    # item has its own link, so a URL shared by two stories gets the item's number as a query.
    stories_of_url: dict[str, set[str]] = {}
    for i in first_of.values():
        stories_of_url.setdefault(rows[i]["url"], set()).add(groups[rows[i]["group"]])
    # A set is tune-only when every row of it comes from a tune-only file.
    mixed = {sets[row["set"]] for row in rows if not row["tune_only"]}
    items = []
    for i in sorted(first_of.values()):
        row = rows[i]
        story_set = sets[row["set"]]
        url = row["url"]
        if len(stories_of_url[url]) > 1:
            url = f"{url}{'&' if '?' in url else '?'}corpus-item={len(items)}"
        published = row.get("published")
        items.append(
            StoryItem(
                index=len(items),
                story=groups[row["group"]],
                set=story_set,
                split=_split(story_set, heldout_percent) if story_set in mixed else "tune",
                source=row["source"],
                language=row["language"],
                url=url,
                title=row["title"],
                summary=row["summary"],
                published=datetime.fromisoformat(published).replace(hour=10, tzinfo=UTC)
                if published
                else None,
                found=row["found"],
                seen=datetime.fromisoformat(row["seen"]).replace(hour=10, tzinfo=UTC)
                if row.get("seen")
                else None,
            )
        )
    return items


@dataclass(frozen=True, slots=True)
class StoryScore:
    same_language_pairs: int
    same_language_found: int
    cross_language_pairs: int
    cross_language_found: int
    false_merges: tuple[tuple[StoryItem, StoryItem], ...]
    missed: tuple[tuple[StoryItem, StoryItem], ...]
    reasons: dict[int, str]
    # The feed case: pairs of one story whose items are both dated, at most FEED_DAYS apart
    # (same-language pairs, found; cross-language pairs, found).
    feed_pairs: tuple[int, int, int, int] = (0, 0, 0, 0)

    @property
    def same_language_recall(self) -> float:
        return self.same_language_found / max(self.same_language_pairs, 1)

    @property
    def cross_language_recall(self) -> float:
        return self.cross_language_found / max(self.cross_language_pairs, 1)


def cluster(
    items: Sequence[StoryItem], state: Path, *, reverse: bool = False, timed: bool = False
) -> tuple[dict[int, int], dict[int, str]]:
    """Run ``items`` through the real ingest path, one source's items at a time (as a cycle
    does), into a SQLite file at ``state``: item index -> story id, and each item's reason."""
    by_source: dict[tuple[datetime, str], list[StoryItem]] = {}
    for item in items:
        by_source.setdefault((item.read_at if timed else COLLECTED, item.source), []).append(item)
    # In time order, as cycles would have read them (``timed``); at one moment otherwise. Sources
    # of one moment in name order (or its reverse).
    order = sorted(
        by_source,
        key=lambda k: (k[0], k[1] if not reverse else "".join(chr(0x10FFFF - ord(c)) for c in k[1])),
    )
    ingestor = Ingestor(Analyser(), priorities={})
    stories: dict[int, int] = {}
    reasons: dict[int, str] = {}
    keys_of: dict[int, tuple[str, str]] = {}
    with Store(state) as store:
        ingestor.refile_keys(store)
        for moment, source_id in order:
            source = Source(id=source_id, name=source_id, url=f"https://{source_id}/", language="auto")
            members = by_source[(moment, source_id)]
            raws = [
                RawItem(
                    title=m.title or None,
                    link=m.url,
                    guid=f"{m.index}",
                    summary=m.summary or None,
                    published=m.published,
                    language=m.language,
                )
                for m in members
            ]
            # In time order the sites were followed all along: an undated item is news of the day
            # it was seen, except those of unknown time, read on the day of collection (a backlog:
            # ``StoryItem.read_at``). At one moment every source is read for the first time.
            first_reading = None if not timed else moment == COLLECTED
            decisions = ingestor.prepare(source, raws, store, moment, first_reading=first_reading)
            result = ingestor.store_items(source, decisions, store, moment)
            for member, decision in zip(members, result.decisions, strict=True):
                keys_of[member.index] = (source_id, decision.item.key)
                if decision.duplicate is not None:
                    reasons[member.index] = decision.duplicate.reason
        # Read at the end: an item read later may have bridged two stories into one.
        for index, (source_id, key) in keys_of.items():
            stories[index] = store.known_items(source_id, [key])[key].story_id
    return stories, reasons


FEED_DAYS = timedelta(days=3)


def score(
    items: Sequence[StoryItem], state: Path, *, reverse: bool = False, timed: bool = False
) -> StoryScore:
    """Pairwise: every pair of one story from two sources should share a story id; no pair of
    two stories may."""
    stories, reasons = cluster(items, state, reverse=reverse, timed=timed)
    same = [0, 0]
    cross = [0, 0]
    feed = [0, 0, 0, 0]
    false_merges = []
    missed = []
    for a, b in itertools.combinations(items, 2):
        merged = stories[a.index] == stories[b.index]
        if a.story == b.story and a.source != b.source:
            counter = same if a.language == b.language else cross
            counter[0] += 1
            counter[1] += merged
            if a.published and b.published and abs(a.published - b.published) <= FEED_DAYS:
                at = 0 if a.language == b.language else 2
                feed[at] += 1
                feed[at + 1] += merged
            if not merged:
                missed.append((a, b))
        elif a.story != b.story and merged:
            false_merges.append((a, b))
    return StoryScore(
        same[0], same[1], cross[0], cross[1], tuple(false_merges), tuple(missed), reasons, tuple(feed)
    )


# --- pages -----------------------------------------------------------------------------------------


def load_pages(links: Iterable[str]) -> dict[str, str]:
    """Stored text of items' own pages, by link (``pages.jsonl``, README): what enrichment reads.
    Only for ``links`` held by one item of a corpus: a link shared by several is a listing's."""
    counts = Counter(links)
    pages = {}
    for line in (REAL / "pages.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip() and (row := json.loads(line))["page_text"] and counts[row["url"]] == 1:
            pages[row["url"]] = row["page_text"]
    return pages


def _links(pattern: str) -> list[str]:
    """The link of every item of the files, an item listed twice (same link and title) once."""
    rows = (
        json.loads(line)
        for path in sorted(REAL.glob(pattern))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    )
    return [url for url, _ in dict.fromkeys((row["url"], row["title"]) for row in rows)]


# --- tagging ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TagItem:
    split: str
    site: str
    language: str
    url: str
    title: str
    summary: str
    areas: frozenset[str]
    found: str
    page_text: str = ""  # the item's own page's stored text (``pages.jsonl``), "" for none


def load_tagging(heldout_percent: int = 45) -> list[TagItem]:
    pages = load_pages(_links("tagging-*.jsonl"))
    items = []
    seen: set[tuple[str, str]] = set()
    for path in sorted(REAL.glob("tagging-*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            identity = (row["url"], row["title"])
            if identity in seen:
                continue
            seen.add(identity)
            # tagging-tune-*.jsonl were collected after the held-out split was fixed: tuning only,
            # so the held-out set stays the one first measured.
            tune_only = path.name.startswith("tagging-tune-")
            items.append(
                TagItem(
                    split="tune" if tune_only else _split(f"{row['url']}\n{row['title']}", heldout_percent),
                    site=row["site"],
                    language=row["language"],
                    url=row["url"],
                    title=row["title"],
                    summary=row["summary"],
                    areas=frozenset(row["areas"]),
                    found=row["found"],
                    page_text=pages.get(row["url"], ""),
                )
            )
    return items


def days_between(a: datetime, b: datetime) -> float:
    return abs((a - b) / timedelta(days=1))


# --- events (issue 18) -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EventItem:
    split: str
    site: str
    language: str
    url: str
    title: str
    summary: str
    published: date | None
    date_line: str | None
    seen: date | None
    announcement: bool
    start: str | None  # "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" (Warsaw wall clock)
    end: str | None
    place: str | None
    why: str
    found: str
    # The item's own page as a stored copy shows its text (``pages.jsonl``), where one was found:
    # what enrichment (``enrich: true``) reads as the item's text. "" for none.
    page_text: str = ""

    @property
    def now(self) -> datetime:
        """When a cycle reads the item (README): midnight in Warsaw of its published day, else of its
        date line's first day (as a listing's date becomes ``published``), else of ``seen``, else
        of the day the corpus was collected (an undated page read by a first cycle today)."""
        if self.published is not None:
            day = self.published
        elif self.date_line and (read := parse_date(self.date_line, now=COLLECTED)) is not None:
            day = read.astimezone(WARSAW).date()
        else:
            day = self.seen or COLLECTED.astimezone(WARSAW).date()
        return datetime.combine(day, time(0), tzinfo=WARSAW)


def load_events(heldout_percent: int = 50) -> list[EventItem]:
    """Every events-*.jsonl line; split by a hash of link, title and the teaser's start (listing pages
    hold many items under one link). ``events-tune-*.jsonl`` were collected after the held-out split
    was fixed: tuning only. ``events-b`` and ``events-c`` were collected to widen the held-out set and
    are split like ``events-a`` (decided before they were measured). An item's ``page_text`` is its
    own page's stored text, where ``pages.jsonl`` has one (README)."""
    pages = load_pages(_links("events-*.jsonl"))
    items = []
    for path in sorted(REAL.glob("events-*.jsonl")):
        tune_only = path.name.startswith("events-tune-")
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            key = f"{row['url']}\n{row['title']}\n{row['summary'][:60]}"
            items.append(
                EventItem(
                    split="tune" if tune_only else _split(key, heldout_percent),
                    site=row["site"],
                    language=row["language"],
                    url=row["url"],
                    title=row["title"] or "",  # a page without a headline: null or ""
                    summary=row["summary"],
                    published=date.fromisoformat(row["published"]) if row["published"] else None,
                    date_line=row["date_line"],
                    seen=date.fromisoformat(row["seen"]) if row["seen"] else None,
                    announcement=row["announcement"],
                    start=row["start"],
                    end=row["end"],
                    place=row["place"],
                    why=row["why"],
                    found=row["found"],
                    page_text=pages.get(row["url"], ""),
                )
            )
    return items
