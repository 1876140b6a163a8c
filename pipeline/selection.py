"""What is published from the stored stories, and in which order (issue 15). Pure.

Applied at every publish to the stored items, so a decision holds whatever the sources answer
later (a 304 never brings an excluded item back):

- the current sources.yaml: items of a source that was removed or disabled are not published,
  and a source's include/exclude filters apply to what it stored before they were written;
- the editors' decisions (``editorial``): hidden items and stories, items split out of a wrong
  merge, links that must never share a story, pinned stories;
- the order: newest first, but an undated item (its date is when it was first seen) never goes
  above dated news of the same week, and pinned stories come first, in the editors' order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from .editorial import Editorial, canonical
from .normalise import is_wanted
from .records import Config, Member, StoredItem, Story, StoryRow
from .stories import assemble_story, pick_representative, story_guid

WARSAW = ZoneInfo("Europe/Warsaw")
# Store meta: the last publish's notes, shown by the runs that do not publish and by `status`.
PUBLISH_NOTES_META = "publish_notes"

_LEFT_OUT = {  # reason -> how the run's summary says it
    "removed": "from sources no longer in sources.yaml",
    "disabled": "from disabled sources",
    "filtered": "left out by their source's include/exclude filters",
    "hidden": "hidden by editorial.yaml",
}


@dataclass(frozen=True, slots=True)
class Selection:
    stories: list[Story]
    left_out: Mapping[str, int]  # reason -> stored items not published for it
    split: int  # items published apart from the story they were merged into
    pinned: int
    unmatched: tuple[str, ...]  # editorial links that name no stored item (a typo, an old link)

    def notes(self) -> list[str]:
        """Sentences for the run's summary and status.json."""
        notes = [
            f"{n} stored item{'s' if n != 1 else ''} {_LEFT_OUT[why]}"
            for why, n in self.left_out.items()
            if n
        ]
        if self.split:
            notes.append(
                f"{self.split} item{'s' if self.split != 1 else ''} published apart (split in editorial.yaml)"
            )
        if self.pinned:
            notes.append(f"{self.pinned} pinned stor{'ies' if self.pinned != 1 else 'y'} first")
        notes.extend(f"editorial.yaml names {url}, which matches no stored item" for url in self.unmatched)
        return notes


def page_order(story: Story) -> tuple[int, int, bool, float]:
    """Sort key, largest first: the week (Warsaw time), dated before undated, then the date."""
    local = story.published.astimezone(WARSAW)
    year, week, _ = local.isocalendar()
    return (year, week, story.representative.dated, story.published.timestamp())


def select_stories(
    rows: Sequence[StoryRow],
    *,
    config: Config,
    editorial: Editorial,
    today: date,
    source_names: Mapping[str, str],
    named_rows: Sequence[StoryRow] = (),
) -> Selection:
    """The stories to publish from ``rows`` (the newest stored), in page order.

    ``named_rows``: the stored stories that hold an item editorial.yaml names (at any date), so
    that a pinned old story is published and a typo is told apart from an old link.
    O(items of the rows + decisions).
    """
    sources = {s.id: s for s in config.sources}
    labels = {a.slug: a.label for a in config.areas}
    urls = {s.id: s.url for s in config.sources}
    priorities = {s.id: s.priority for s in config.sources}
    hidden = {canonical(h.url) for h in editorial.hide if not h.whole_story}
    hidden_stories = {canonical(h.url) for h in editorial.hide if h.whole_story}
    split_out = {canonical(s.url) for s in editorial.split}
    # In each never-merge group, every link after the first one found in a story leaves it.
    groups = [[canonical(u) for u in group.urls] for group in editorial.never_merge]
    pins = [canonical(p.url) for p in editorial.active_pins(today)]

    named = editorial.urls()
    known_links = (
        {canonical(st.item.link) for row in (*rows, *named_rows) for _rid, st in row.items}
        if named
        else set()
    )
    unmatched = tuple(url for url in named if canonical(url) not in known_links)

    left_out: Counter[str] = Counter()
    split_count = 0
    stories: list[Story] = []
    pinned: dict[str, Story] = {}
    seen: set[int] = set()
    pinned_ids = {
        row.id for row in named_rows if any(canonical(st.item.link) in pins for _r, st in row.items)
    }
    for row in (*rows, *(r for r in named_rows if r.id in pinned_ids)):
        if row.id in seen:
            continue
        seen.add(row.id)
        links = {canonical(st.item.link) for _rid, st in row.items}
        if links & hidden_stories:
            left_out["hidden"] += len(row.items)
            continue
        kept: list[tuple[int, StoredItem]] = []
        apart: list[tuple[int, StoredItem]] = []
        for rid, stored in row.items:
            reason = _why_left_out(stored, sources, hidden)
            if reason:
                left_out[reason] += 1
            elif canonical(stored.item.link) in split_out:
                apart.append((rid, stored))
            else:
                kept.append((rid, stored))
        kept, parted = _never_merge(kept, groups)
        apart += parted
        if apart and not kept:  # every item was split out: the first keeps the story
            kept, apart = apart[:1], apart[1:]
        split_count += len(apart)
        built = [(row.id, row.guid, kept)] if kept else []
        built += [(-rid, story_guid(st.item.source_id, st.item.key), [(rid, st)]) for rid, st in apart]
        for story_id, guid, members in built:
            story = _assemble(story_id, guid, members, source_names, labels, urls, priorities)
            pin = next((p for p in pins if p in {canonical(st.item.link) for _r, st in members}), None)
            if pin is not None and pin not in pinned:
                pinned[pin] = story
            else:
                stories.append(story)
    stories.sort(key=page_order, reverse=True)
    first = [pinned[p] for p in pins if p in pinned]
    return Selection(first + stories, dict(left_out), split_count, len(first), unmatched)


def _why_left_out(stored: StoredItem, sources: Mapping[str, object], hidden: set[str]) -> str | None:
    source = sources.get(stored.item.source_id)
    if source is None:
        return "removed"
    if not source.enabled:  # type: ignore[attr-defined]
        return "disabled"
    if not is_wanted(stored.item, source):  # type: ignore[arg-type]
        return "filtered"
    if canonical(stored.item.link) in hidden:
        return "hidden"
    return None


def _never_merge(
    members: list[tuple[int, StoredItem]], groups: Sequence[Sequence[str]]
) -> tuple[list[tuple[int, StoredItem]], list[tuple[int, StoredItem]]]:
    """Members split by never-merge groups: of each group's links in the story, the first (in the
    story's order, its representative first) stays, the others leave."""
    leaving: set[int] = set()
    for group in groups:
        present = [rid for rid, st in members if canonical(st.item.link) in group]
        leaving.update(present[1:])
    return [m for m in members if m[0] not in leaving], [m for m in members if m[0] in leaving]


def _assemble(
    story_id: int,
    guid: str,
    members: list[tuple[int, StoredItem]],
    source_names: Mapping[str, str],
    labels: Mapping[str, str],
    urls: Mapping[str, str],
    priorities: Mapping[str, int],
) -> Story:
    # Decided again here, so an edited priority in sources.yaml applies to every story.
    representative = pick_representative(
        [Member(rid, st.item.source_id, st.first_seen, st.item.published) for rid, st in members], priorities
    )
    ordered = sorted(members, key=lambda pair: pair[0] != representative.row_id)
    return assemble_story(
        story_id,
        guid,
        [stored for _rid, stored in ordered],
        source_names=source_names,
        area_labels=labels,
        source_urls=urls,
    )
