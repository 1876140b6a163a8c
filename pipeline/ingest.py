"""One source's parsed items -> stored items grouped into stories.

The decisions are pure functions elsewhere (``normalise``, ``Tagger.tag``, ``decide_story``,
``pick_representative``); this module only calls them in order and hands the results to the
store, inside one transaction per source.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from .dedupe import Candidate, DuplicateDecision, ProfileCache, candidate_keys, decide_story
from .language import LanguageDetector
from .normalise import content_hash, is_wanted, item_key, normalise
from .records import Item, RawItem, Source
from .store import KnownItem, Store
from .stories import pick_representative, story_guid
from .tagging import Tagger

log = logging.getLogger(__name__)

DEDUPE_WINDOW = timedelta(days=14)


@dataclass(frozen=True, slots=True)
class ItemDecision:
    """What happened to one item of a source, for ``preview`` and the run summary."""

    item: Item
    status: str  # "new", "updated", "unchanged"
    digest: str  # content_hash(item)
    known: KnownItem | None = None  # what the store had of it when decided (the state lock holds)
    duplicate: DuplicateDecision | None = None


@dataclass(frozen=True, slots=True)
class IngestResult:
    decisions: tuple[ItemDecision, ...]

    @property
    def new(self) -> int:
        return sum(d.status == "new" for d in self.decisions)

    @property
    def updated(self) -> int:
        return sum(d.status == "updated" for d in self.decisions)


def unique_by_key(raws: Sequence[RawItem]) -> list[RawItem]:
    """The first occurrence of each identity (a listing often repeats a featured item)."""
    seen: set[str] = set()
    unique = []
    for raw in raws:
        key = item_key(raw)
        if key not in seen:
            seen.add(key)
            unique.append(raw)
    return unique


def carry_forward(item: Item, stored: Item) -> Item:
    """Keep what an item's own page added when it was new (enrichment fetches each page once).

    Without this, the next cycle would rebuild the item from the bare listing: no image, no
    summary, and a first-seen date instead of the page's. Areas found in the page text stay too.
    """
    # The stored evidence was found with the page's text too, so it wins for a shared area.
    earlier = {area.slug: area for area in stored.areas}
    areas = tuple(earlier.get(a.slug, a) for a in item.areas)
    areas += tuple(a for a in stored.areas if a.slug not in item.area_slugs)
    dated_from_page = not item.dated and stored.dated
    return replace(
        item,
        image_url=item.image_url or stored.image_url,
        image_alt=item.image_alt if item.image_url else (item.image_alt or stored.image_alt),
        summary=item.summary or stored.summary,
        published=stored.published if dated_from_page else item.published,
        dated=item.dated or stored.dated,
        areas=areas,
    )


class Ingestor:
    """Turns raw items into stored items; holds the tagger (loaded once) and the priorities."""

    def __init__(self, tagger: Tagger, *, priorities: Mapping[str, int]):
        self.tagger = tagger
        self.priorities = dict(priorities)
        self._languages = LanguageDetector()
        # Normalised forms of stored candidates, so each is computed once (dedupe's hot path).
        self._profiles = ProfileCache()

    def prepare(
        self, source: Source, raws: Sequence[RawItem], store: Store, now: datetime
    ) -> list[ItemDecision]:
        """Normalise and tag ``raws`` against what is stored; decide new / updated / unchanged."""
        wanted = [raw for raw in unique_by_key(raws) if is_wanted(raw, source)]
        known = store.known_items(source.id, [item_key(raw) for raw in wanted])
        decisions = []
        for raw in wanted:
            stored = known.get(item_key(raw))
            hint = None if source.language == "auto" else source.language
            language = hint or self._languages.detect(
                f"{raw.title or ''}. {raw.summary or ''}", hint=raw.language
            )
            item = normalise(
                raw,
                source,
                first_seen=stored.first_seen if stored else now,
                stored_published=stored.published if stored and not stored.dated else None,
                language=language,
            )
            areas = self.tagger.tag(
                title=item.title,
                summary=item.summary,
                text=raw.text or "",
                language=item.language,
                source_areas=source.areas,
            )
            item = replace(item, areas=areas)
            if stored is not None and source.enrich:
                item = carry_forward(item, stored.item)
            digest = content_hash(item)
            if stored is None:
                status = "new"
            elif stored.content_hash != digest:
                status = "updated"
            else:
                status = "unchanged"
            decisions.append(ItemDecision(item, status, digest, stored))
        return decisions

    def store_items(
        self, source: Source, decisions: Sequence[ItemDecision], store: Store, now: datetime
    ) -> IngestResult:
        """Write the decisions of one source in one transaction; new items join or start stories."""
        final: list[ItemDecision] = []
        with store.transaction():
            unchanged_ids = []
            for decision in decisions:
                item, stored = decision.item, decision.known
                if stored is None:
                    duplicate = self._join_story(item, store, now, decision.digest)
                    final.append(replace(decision, duplicate=duplicate))
                    continue
                if decision.status == "updated":
                    store.update_item(stored.id, item, seen=now, content_hash=decision.digest)
                    keys = candidate_keys(item, cache=self._profiles)
                    store.add_story_keys(stored.story_id, keys, item.published, source_id=item.source_id)
                    self._refresh_representative(store, stored.story_id)
                else:
                    unchanged_ids.append(stored.id)
                final.append(decision)
            store.touch_items(unchanged_ids, now)
        return IngestResult(tuple(final))

    def find_duplicate(
        self, item: Item, store: Store, keys: tuple[str, ...] | None = None
    ) -> DuplicateDecision:
        """Which stored story (if any) ``item`` belongs to, found through indexed keys and a window."""
        keys = keys if keys is not None else candidate_keys(item, cache=self._profiles)
        url_keys = [k for k in keys if k.startswith("url:")]
        other_keys = [k for k in keys if not k.startswith("url:")]
        story_ids = store.candidate_story_ids(
            other_keys,
            since=item.published - DEDUPE_WINDOW,
            until=item.published + DEDUPE_WINDOW,
            url_keys=url_keys,
            other_than_source=item.source_id,  # its own stories never merge on words alone
        )
        members = store.candidate_items(story_ids)
        candidates = [
            Candidate(story_id=sid, item=member) for sid, items in members.items() for member in items
        ]
        return decide_story(item, candidates, window_days=DEDUPE_WINDOW.days, cache=self._profiles)

    def _join_story(self, item: Item, store: Store, now: datetime, digest: str) -> DuplicateDecision:
        keys = candidate_keys(item, cache=self._profiles)
        decision = self.find_duplicate(item, store, keys)
        story_id = decision.story_id
        if story_id is None:
            story_id = store.create_story(
                guid=story_guid(item.source_id, item.key), created=now, published=item.published
            )
        row_id = store.insert_item(item, story_id=story_id, first_seen=now, content_hash=digest)
        store.add_story_keys(story_id, keys, item.published, source_id=item.source_id)
        if decision.story_id is None:
            store.set_representative(story_id, row_id, item.published)  # alone in its story
        else:
            self._refresh_representative(store, story_id)
        return decision

    def _refresh_representative(self, store: Store, story_id: int) -> None:
        representative = pick_representative(store.story_members(story_id), self.priorities)
        store.set_representative(story_id, representative.row_id, representative.published)
