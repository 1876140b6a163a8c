"""Which stored stories a new item is compared with: keys, and a bounded search among them.

Every stored item is filed under at most :data:`MAX_KEYS` keys (``store.add_story_keys``): its
canonical link (``url:``), picture (``img:``) and article id (``id:``), MinHash bands of its title
(``h:``, near-identical titles share one), a sample of its running text's passages (``s:``, a copy
of the same text shares them, headline or not), and its specifics in the order they identify a story:
acronyms and names (``n:``), explicit dates (``d:``), numbers (``#:``), organisations and places
(``o:``/``p:``), concepts (``c:``, language-neutral) and title words (``w:``).

A new item looks up its own keys, all of a source's items in one query (``store.key_postings``),
in a window around its date; a backfilled item (undated, of its source's first reading) is filed at
:data:`TIMELESS`, which every lookup also reads, and looks at any date itself.
A key that more than :data:`COMMON_KEY_POSTINGS` stories filed in the window is too common to
find anything ("integration", "city" in this network's news) and is skipped; the others vote for
their stories with a weight that grows with their rarity, and the :data:`MAX_CANDIDATES` best
stories are compared. The cost per item is bounded by keys × common-key cap, whatever the number
of stored items or how much vocabulary they share: O(MAX_KEYS × COMMON_KEY_POSTINGS).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta

from ..records import Item, Posting
from .profile import MINHASH_BANDS, MINHASH_ROWS, Profile
from .text import is_year

__all__ = [
    "COMMON_FEATURE_ITEMS",
    "COMMON_KEY_POSTINGS",
    "KEYS_VERSION",
    "MAX_CANDIDATES",
    "MAX_KEYS",
    "TIMELESS",
    "WINDOW",
    "Posting",
    "candidate_keys",
    "feature_day",
    "filed_at",
    "rank_candidates",
]

# Bump when candidate_keys changes: the store's keys are then rebuilt from the stored items.
KEYS_VERSION = 16
MAX_KEYS = 22
# Stories at most this far apart in time are compared (a link match finds any time).
WINDOW = timedelta(days=14)
# A backfilled item (undated, of its source's first reading: ``Item.backfilled``) is filed at this
# time, which every lookup also reads, and looks itself at any time: its own is unknown.
TIMELESS = datetime(1970, 1, 1, tzinfo=UTC)
COMMON_KEY_POSTINGS = 30
# Items (not stories) stating a feature in the window beyond which it identifies nothing
# (``store.feature_counts``): a big story told by 30 outlets twice each is still one story's name;
# a city or a concept of the field is in hundreds of items.
COMMON_FEATURE_ITEMS = 50
MAX_CANDIDATES = 6
# Passages of the running text filed per item (:func:`candidate_keys`); MAX_KEYS grew by as many,
# so the specifics keep their room.
PASSAGE_KEYS = 2
# A story sharing only a few common keys with the item is not worth a comparison: one rare name,
# date or number scores ~9, a concept filed by half the stories of the window ~1.7.
MIN_CANDIDATE_SCORE = 4.0
# How much one shared key of each kind says (before rarity): a picture or an article id is the
# same story nearly always; a title word only with company.
_KIND_WEIGHTS = {
    "img": 4.0,
    "id": 4.0,
    "h": 2.0,
    "s": 2.0,
    "n": 2.0,
    "d": 2.0,
    "#": 1.5,
    "o": 1.0,
    "p": 1.0,
    "r": 1.0,
    "c": 1.0,
    "w": 1.0,
}
_STRONG = ("url:", "img:", "id:")


def candidate_keys(profile: Profile) -> tuple[str, ...]:
    """The keys under which an item is filed and with which it looks for candidates (≤ MAX_KEYS)."""
    keys: list[str] = []
    if profile.link:
        keys.append(f"url:{profile.link}")
    if profile.image:
        keys.append(f"img:{profile.image}")
    keys.extend(f"id:{i}" for i in sorted(profile.link_ids)[:1])
    signature, rows = profile.signature, MINHASH_ROWS
    if signature:
        keys.extend(
            f"h:{band}:" + ".".join(f"{v:x}" for v in signature[band * rows : (band + 1) * rows])
            for band in range(MINHASH_BANDS)
        )

    # A sample of the running text's passages (the smallest hashes: a bottom-k sketch, the same
    # passages whichever copy holds them): a headline-less republication meets the titled original.
    keys.extend(f"s:{h:x}" for h in sorted(profile.passages)[:PASSAGE_KEYS])

    specific: list[str] = []
    # Acronyms first (ADI-INT), then names of the title, then of the summary.
    specific.extend(f"n:{a}" for a in sorted(profile.acronyms, key=lambda a: (-len(a), a))[:3])
    specific.extend(
        f"n:{n}" for n in sorted(profile.title_names - profile.acronyms, key=lambda n: (-len(n), n))
    )
    specific.extend(f"d:{m}-{d}" for m, d in sorted(profile.facts.dates)[:3])
    specific.extend(
        f"#:{n}"
        for n in sorted((n for n in profile.facts.numbers if n >= 10 and not is_year(n)), reverse=True)[:2]
    )
    title_concepts = sorted(c for c in profile.title_concepts if not c.startswith("g:"))
    other_concepts = sorted(c for c in profile.concepts - profile.title_concepts if not c.startswith("g:"))
    specific.extend(title_concepts[:5])
    title_words = sorted({s for s, _ in profile.title_words if len(s) >= 4}, key=lambda s: (-len(s), s))
    summary_names = profile.names - profile.title_names - profile.acronyms
    specific.extend(f"n:{n}" for n in sorted(summary_names, key=lambda n: (-len(n), n))[:3])
    specific.extend(f"w:{s}" for s in title_words[:4])
    specific.extend(other_concepts[:3])
    room = MAX_KEYS - len(keys)
    keys.extend(list(dict.fromkeys(specific))[: max(room, 0)])
    return tuple(dict.fromkeys(keys))


def filed_at(item: Item) -> datetime:
    """When ``item``'s keys are filed: its date, or :data:`TIMELESS` when that is unknown."""
    return TIMELESS if item.backfilled else item.published


def feature_day(when: datetime) -> int:
    """The day under which an item's features are counted (``store.feature_days``): days since
    1970-01-01 in UTC. A backfilled item counts on the day it was read, as its time is unknown."""
    return (when - TIMELESS).days


def key_kind(key: str) -> str:
    return key.split(":", 1)[0]


def key_weight(key: str, postings: int) -> float:
    """What one shared key says: its kind's weight, more for a rarer key (1 to ~4.4×)."""
    return _KIND_WEIGHTS.get(key_kind(key), 1.0) * (1.0 + math.log(COMMON_KEY_POSTINGS / max(postings, 1)))


def rank_candidates(
    profile: Profile,
    keys: Sequence[str],
    postings: Mapping[str, Sequence[Posting]],
    *,
    window: timedelta = WINDOW,
    limit: int = MAX_CANDIDATES,
) -> list[int]:
    """The stories worth comparing with ``profile``, best first (at most ``limit`` + link matches).

    ``postings`` maps each key to the stories filed under it near the item's date (a key with
    more than :data:`COMMON_KEY_POSTINGS` of them is skipped), ``url:`` keys at any date. A story
    of the item's own source counts only through its link: one site's entries with different links
    are different entries. Pure; O(len(keys) × COMMON_KEY_POSTINGS).
    """
    always: list[int] = []
    scores: dict[int, float] = {}
    for key in keys:
        found = postings.get(key)
        if not found:
            continue
        if key.startswith("url:"):
            always.extend(p.story_id for p in found if p.story_id not in always)
            continue
        if len(found) > COMMON_KEY_POSTINGS:
            continue
        weight = key_weight(key, len(found))
        voted: set[int] = set()
        for posting in found:
            if posting.source_id == profile.source_id and not key.startswith(_STRONG):
                continue
            if posting.story_id in voted:
                continue
            timeless = profile.backfilled or posting.published == TIMELESS
            if not timeless and abs(posting.published - profile.published) > window:
                continue
            voted.add(posting.story_id)
            scores[posting.story_id] = scores.get(posting.story_id, 0.0) + weight
    ranked = sorted(
        (story for story, score in scores.items() if score >= MIN_CANDIDATE_SCORE),
        key=lambda story: (-scores[story], -story),
    )
    return always + [story for story in ranked if story not in always][:limit]
