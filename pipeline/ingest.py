"""One source's analysed items -> stored items grouped into stories.

What an item is (language, areas, story profile, keys) was decided by ``analyse`` (maybe in a
worker process); what it is *against the store* is decided here: new, updated or unchanged
(``prepare``), and which story a new item joins (``find_duplicates``: the candidate keys of all
the source's new items looked up at once, then the pure ``decide_story`` per item). The store
writes a source's results in one transaction (``store_items``), with the stories' bookkeeping: an
item that bridges two stories makes them one, and each joined story's representative is re-chosen.

Why one module of ~450 lines: both halves work on one source's response against the store inside
one transaction and share the profile cache; the story bookkeeping reads the same decisions.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from .analyse import Analysed, Analyser
from .dedupe import (
    COMMON_FEATURE_ITEMS,
    COMMON_KEY_POSTINGS,
    KEYS_VERSION,
    TIMELESS,
    WINDOW,
    Candidate,
    DuplicateDecision,
    ProfileCache,
    candidate_keys,
    decide_story,
    feature_day,
    filed_at,
    profile_of,
    rank_candidates,
)
from .intents import decide_item
from .normalise import content_hash
from .records import Item, Member, Posting, RawItem, Source
from .store import KnownItem, Store
from .stories import pick_representative, story_guid

log = logging.getLogger(__name__)

# Counts the writes of new or changed items (store meta); publishing records the count it showed.
STORED_GENERATION = "stored_generation"

# Items of one response are looked up together when their dates lie this close (a response
# spanning years is split, so that the window of the lookup stays near each item's date).
_LOOKUP_SPAN = timedelta(days=31)
# An item bridges stories into one only while the ones it would absorb hold this many items in all:
# the merge moves their items and keys (its cost bounded per item, whatever the store holds), and a
# chain of look-alikes cannot grow one story without end.
BRIDGE_MAX_ITEMS = 12


@dataclass(frozen=True, slots=True)
class ItemDecision:
    """What happened to one item of a source, for ``preview`` and the run summary."""

    item: Item
    status: str  # "new", "updated", "unchanged"
    digest: str  # content_hash(item)
    known: KnownItem | None = None  # what the store had of it when decided (the state lock holds)
    duplicate: DuplicateDecision | None = None
    keys: tuple[str, ...] = ()  # candidate keys, when the analysis gave them
    hash_changed: int = 0  # hash-only updates in a row (intents.decide_item)


@dataclass(frozen=True, slots=True)
class IngestResult:
    decisions: tuple[ItemDecision, ...]

    @property
    def new(self) -> int:
        return sum(d.status == "new" for d in self.decisions)

    @property
    def updated(self) -> int:
        return sum(d.status == "updated" for d in self.decisions)


def carry_forward(item: Item, stored: Item) -> Item:
    """Keep what an item's own page added when it was new (enrichment fetches each page once).

    Without this, the next cycle would rebuild the item from the bare listing: no image, no
    summary, and a first-seen date instead of the page's. Areas found with the page's summary stay too.
    """
    # The stored evidence was found with the page's summary too, so it wins for a shared area.
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
        event=item.event or stored.event,
        page_text=item.page_text or stored.page_text,
    )


class Ingestor:
    """Turns analysed items into stored items; holds the analyser (loaded once) and the priorities."""

    def __init__(self, analyser: Analyser, *, priorities: Mapping[str, int]):
        self.analyser = analyser
        self.priorities = dict(priorities)
        # Profiles of stored candidates, so each is computed once (dedupe's hot path).
        self._profiles = ProfileCache()
        # Whether the store holds backfilled items, whose keys every lookup must also read (at
        # TIMELESS): asked once, then kept as items are stored (None: not asked yet).
        self._backfilled_stored: bool | None = None

    def prepare(
        self,
        source: Source,
        raws: Sequence[RawItem],
        store: Store,
        now: datetime,
        analysed: Sequence[Analysed] | None = None,
        *,
        first_reading: bool | None = None,
    ) -> list[ItemDecision]:
        """Decide new / updated / unchanged for one response's items against what is stored.

        ``analysed``: the items already analysed (``Analyser.analyse``, maybe in a worker
        process); otherwise they are analysed here. ``first_reading``: whether this is the first
        time the source is read (its undated items are then ``backfilled``); None: the source has
        nothing stored yet.
        """
        if analysed is None:
            analysed = self.analyser.analyse(source, raws, now)
        known = store.known_items(source.id, [a.key for a in analysed])
        # The source's first reading: its undated items are a backlog of unknown dates, not news
        # of today (dedupe then lets content alone decide: Item.backfilled).
        if first_reading is None:
            first_reading = not known and not store.has_items(source.id)
        decisions = []
        for entry in analysed:
            stored = known.get(entry.key)
            item, keys = entry.item, entry.keys
            if stored is None:
                profile = entry.profile
                if first_reading and not item.dated:
                    item = replace(item, backfilled=True)
                    profile = replace(profile, backfilled=True)
                self._profiles.put(item, profile)
            else:
                # Known: its first-seen time (and an undated item's date) are the stored ones.
                item = self.analyser.item(
                    entry.raw,
                    source,
                    first_seen=stored.first_seen,
                    stored_published=stored.published if not stored.dated else None,
                    language=item.language,
                )
                if source.enrich:
                    item = carry_forward(item, stored.item)
                if stored.item.backfilled and not item.dated:
                    item = replace(item, backfilled=True)
                keys = ()
            digest = content_hash(item)
            intent = decide_item(stored, item, digest)
            decisions.append(
                ItemDecision(item, intent.status, digest, stored, keys=keys, hash_changed=intent.hash_changed)
            )
        return decisions

    def store_items(
        self, source: Source, decisions: Sequence[ItemDecision], store: Store, now: datetime
    ) -> IngestResult:
        """Write the decisions of one source in one transaction; new items join or start stories.

        New items are written in bulk (a few statements per source, not per item): their ids are
        given here, under the transaction's write lock.
        """
        fresh = [d for d in decisions if d.known is None]
        with store.transaction():
            found, fresh_keys = self._find_duplicates([d.item for d in fresh], store, [d.keys for d in fresh])
            duplicates, keys_of_fresh = iter(found), iter(fresh_keys)
            next_item, next_story = store.next_ids()
            created: dict[str, tuple[int, Item]] = {}  # link -> story started by this response
            stories: list[tuple[int, str, datetime, int, datetime]] = []
            items: list[tuple[int, int, Item, datetime, str]] = []
            keys: list[tuple[str, int, str, datetime]] = []
            feature_days: Counter[tuple[str, int]] = Counter()
            joined: set[int] = set()
            # A story's representative is re-chosen among its current one and what joined it
            # (O(new items), not O(story)); a story whose items changed is chosen among all of them.
            arrivals: dict[int, list[Member]] = {}
            rechoose: set[int] = set()
            absorbed_into: dict[int, int] = {}  # stories merged into another by a bridging item
            unchanged_ids = []
            final: list[ItemDecision] = []
            for decision in decisions:
                item, stored = decision.item, decision.known
                if stored is None:
                    duplicate, item_keys = next(duplicates), next(keys_of_fresh)
                    duplicate = self._same_link_in_batch(item, created) or duplicate
                    item_id, next_item = next_item, next_item + 1
                    if duplicate.story_id is not None:
                        duplicate = self._bridge(store, duplicate, absorbed_into, arrivals)
                    if duplicate.story_id is None:
                        story_id, next_story = next_story, next_story + 1
                        guid = story_guid(item.source_id, item.key)
                        stories.append((story_id, guid, now, item_id, item.published))
                    else:
                        story_id = duplicate.story_id
                        joined.add(story_id)
                        arrivals.setdefault(story_id, []).append(
                            Member(item_id, item.source_id, now, item.published)
                        )
                    items.append((item_id, story_id, item, now, decision.digest))
                    created.setdefault(item.link, (story_id, item))
                    keys.extend((key, story_id, item.source_id, filed_at(item)) for key in item_keys)
                    day = feature_day(item.published)
                    feature_days.update((feature, day) for feature in self._profiles.get(item).features)
                    if item.backfilled:
                        self._backfilled_stored = True
                    final.append(replace(decision, duplicate=duplicate))
                    continue
                if decision.status == "updated":
                    store.update_item(
                        stored.id,
                        item,
                        seen=now,
                        content_hash=decision.digest,
                        hash_changed=decision.hash_changed,
                    )
                    story_id = self._followed(stored.story_id, absorbed_into)
                    keys.extend((key, story_id, item.source_id, filed_at(item)) for key in self._keys(item))
                    joined.add(story_id)
                    rechoose.add(story_id)
                else:
                    unchanged_ids.append(stored.id)
                final.append(decision)
            if absorbed_into:
                # Items read before a later one bridged their story into another follow it there.
                items = [(i, self._followed(sid, absorbed_into), *rest) for i, sid, *rest in items]
                keys = [(k, self._followed(sid, absorbed_into), *rest) for k, sid, *rest in keys]
            store.add_stories(stories)
            store.add_items(items)
            self._refresh_representatives(
                store,
                {self._followed(s, absorbed_into) for s in joined},
                {self._followed(s, absorbed_into) for s in rechoose},
                arrivals,
            )
            store.add_story_keys(keys)
            store.add_feature_days(feature_days)
            store.touch_items(unchanged_ids, now)
            if items or joined:
                # In the same transaction as the items: whatever stops this cycle before it
                # publishes, the next one sees items the outputs do not show yet (issue 20, case 7).
                store.count_up(STORED_GENERATION)
        return IngestResult(tuple(final))

    def _bridge(
        self,
        store: Store,
        duplicate: DuplicateDecision,
        absorbed_into: dict[int, int],
        arrivals: dict[int, list[Member]],
    ) -> DuplicateDecision:
        """Join the story ``duplicate`` names, merging into it the other stories the item is the
        same story as (``duplicate.also``); stories merged earlier in this response are followed
        to the one that took them."""

        assert duplicate.story_id is not None
        best = self._followed(duplicate.story_id, absorbed_into)
        # The oldest story takes the others in: the guid published longest stays (SPEC: a story's
        # guid never changes once published). Story ids grow with creation.
        into, *others = sorted({best} | {self._followed(s, absorbed_into) for s in duplicate.also})
        if others and sum(store.story_sizes(others).values()) > BRIDGE_MAX_ITEMS:
            into, others = best, []  # too big to take in: the item joins its best story only
        if others:
            members = store.candidate_items(others, per_story=BRIDGE_MAX_ITEMS)
            keys = [
                (key, story_id, item.source_id, filed_at(item))
                for story_id, items in members.items()
                for item in items
                for key in self._keys(item)
            ]
            # Their representatives, and what joined them in this response, compete in ``into``.
            arriving = arrivals.setdefault(into, [])
            arriving.extend(store.representatives(others).values())
            for other in others:
                arriving.extend(arrivals.pop(other, ()))
            store.merge_stories(into, others, keys)
            absorbed_into.update(dict.fromkeys(others, into))
            joining = (
                "another story, which joins" if len(others) == 1 else f"{len(others)} stories, which join"
            )
            reason = f"{duplicate.reason}; it is the same story as {joining} it too"
            return replace(duplicate, story_id=into, also=(), reason=reason)
        return replace(duplicate, story_id=into, also=())

    @staticmethod
    def _followed(story_id: int, absorbed_into: Mapping[int, int]) -> int:
        while story_id in absorbed_into:
            story_id = absorbed_into[story_id]
        return story_id

    def _keys(self, item: Item) -> tuple[str, ...]:
        return candidate_keys(self._profiles.get(item))

    def find_duplicates(self, items: Sequence[Item], store: Store) -> list[DuplicateDecision]:
        """Which stored story each of ``items`` (one source's new items) belongs to, and why.

        One key lookup per month of the items' dates (``store.key_postings``), one load of the
        candidate stories' items, then the pure decision per item: bounded work per item,
        whatever the number of stored items (see ``dedupe.candidates``).
        """
        return self._find_duplicates(items, store)[0]

    def _find_duplicates(
        self, items: Sequence[Item], store: Store, known_keys: Sequence[tuple[str, ...]] = ()
    ) -> tuple[list[DuplicateDecision], list[tuple[str, ...]]]:
        profiles = [self._profiles.get(item) for item in items]
        keys = [
            given or candidate_keys(profile)
            for profile, given in zip(
                profiles, [*known_keys, *[()] * (len(items) - len(known_keys))], strict=True
            )
        ]
        postings: dict[str, list[Posting]] = {}
        counts: dict[str, int] = {}
        # How many stored items state each feature near each item's date: a feature that more
        # than COMMON_FEATURE_ITEMS of them state identifies nothing, looked up as a key or not.
        stated: list[dict[str, int]] = [{} for _ in items]
        if self._backfilled_stored is None:
            self._backfilled_stored = store.has_backfilled()
        timeless = TIMELESS if self._backfilled_stored else None
        # Items of unknown time look at any time (one lookup); the others month by month, and at
        # the items of unknown time (TIMELESS) too.
        order = sorted(range(len(items)), key=lambda i: (not items[i].backfilled, items[i].published))
        start = 0
        while start < len(order):
            end = start
            head = items[order[start]]
            first = TIMELESS if head.backfilled else head.published - WINDOW
            while (
                end < len(order)
                and items[order[end]].backfilled == head.backfilled
                and (head.backfilled or items[order[end]].published - head.published <= _LOOKUP_SPAN)
            ):
                end += 1
            chunk = order[start:end]
            window_keys = [k for i in chunk for k in keys[i] if not k.startswith("url:")]
            found, found_counts = store.key_postings(
                window_keys,
                since=first,
                until=max(items[i].published for i in chunk) + WINDOW,
                cap=COMMON_KEY_POSTINGS,
                also_at=timeless,
            )
            for key, value in found.items():
                postings.setdefault(key, []).extend(value)
            for key, n in found_counts.items():
                counts[key] = max(counts.get(key, 0), n)
            found_stated = store.feature_counts(
                {feature for i in chunk for feature in profiles[i].features},
                first_day=feature_day(items[order[start]].published - WINDOW),
                last_day=feature_day(max(items[i].published for i in chunk) + WINDOW),
            )
            for i in chunk:
                stated[i] = found_stated
            start = end
        postings.update(
            store.link_postings([k for item_keys_ in keys for k in item_keys_ if k.startswith("url:")])
        )
        ranked = [rank_candidates(profile, k, postings) for profile, k in zip(profiles, keys, strict=True)]
        members = store.candidate_items(sorted({story for stories in ranked for story in stories}))
        decisions = []
        for item, profile, stories, item_keys_, item_stated in zip(
            items, profiles, ranked, keys, stated, strict=True
        ):
            candidates = [Candidate(story, member) for story in stories for member in members.get(story, ())]
            # Only what the counts say of common features is used (they then weigh nothing); a
            # rarer feature that is not a looked-up key keeps its default weight (the thresholds
            # were tuned so).
            known = {
                k: item_stated[k] for k in profile.features if item_stated.get(k, 0) > COMMON_FEATURE_ITEMS
            }
            for k in item_keys_:
                if k in counts:
                    known[k] = max(counts[k], known.get(k, 0))
            decisions.append(decide_story(item, candidates, cache=self._profiles, key_postings=known))
        return decisions, keys

    def _same_link_in_batch(
        self, item: Item, created: dict[str, tuple[int, Item]]
    ) -> DuplicateDecision | None:
        """One response listing an entry twice under two guids: the second joins the first's story."""
        earlier = created.get(item.link)
        if earlier is None:
            return None
        decision = decide_story(item, [Candidate(*earlier)], cache=self._profiles)
        return decision if decision.story_id is not None else None

    def refile_keys(self, store: Store) -> int:
        """File every stored item under the current candidate keys, once after ``KEYS_VERSION``
        changed (an upgrade): O(stored items), in one transaction. Returns the items refiled."""
        if store.get_meta("keys_version") == str(KEYS_VERSION):
            return 0
        refiled = 0
        with store.transaction():
            store.clear_story_keys()
            for batch in store.all_items():
                profiles = [(story_id, item, profile_of(item)) for story_id, item in batch]
                store.add_story_keys(
                    (key, story_id, item.source_id, filed_at(item))
                    for story_id, item, profile in profiles
                    for key in candidate_keys(profile)
                )
                store.add_feature_days(
                    Counter(
                        (feature, feature_day(item.published))
                        for _, item, profile in profiles
                        for feature in profile.features
                    )
                )
                refiled += len(batch)
            store.set_meta("keys_version", str(KEYS_VERSION))
        if refiled:
            log.info("refiled %d stored items under the current candidate keys", refiled)
        return refiled

    def _refresh_representatives(
        self,
        store: Store,
        stories: set[int],
        rechoose: set[int],
        arrivals: Mapping[int, Sequence[Member]],
    ) -> None:
        """Choose the representative of each of ``stories`` (the highest priority, then the
        earliest: a total order, so the current one and the arrivals are enough, except in
        ``rechoose``, whose items changed)."""
        current = store.representatives(sorted(stories - rechoose))
        for story_id in sorted(stories):
            if story_id in rechoose or story_id not in current:
                members = store.story_members(story_id)
            else:
                members = [current[story_id], *arrivals.get(story_id, ())]
            representative = pick_representative(members, self.priorities)
            store.set_representative(story_id, representative.row_id, representative.published)
