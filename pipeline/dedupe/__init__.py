"""Stories: the same news told by several sources, in any of pl / en / uk, becomes one story.

The parts, each a module named after what it does::

    urls.py        canonical page and image URLs; what a link says (article page? article id?)
    text.py        folding (diacritics, Cyrillic -> Latin), stems, facts: numbers, dates, years
    lexicon.py     language-neutral concepts, organisations and places (vocabulary/concepts.txt)
    names.py       proper names and acronyms (not a sentence's first word, not a spokesperson)
    stance.py      what the wording says: an announcement or a report, a case's stage, weekdays
    profile.py     an item's profile: everything compared, computed once (ProfileCache)
    candidates.py  the keys an item is filed under, and the bounded search for candidate stories
    rules.py       the decision: an ordered list of named rules with named thresholds
    event.py       the rule "same event" (shared specifics weighed by kind and rarity)
    verdict.py     what a rule reads (Context) and says (Verdict), time between two items
    explain.py     the sentence ``preview`` shows, written for the decision taken only

How an item finds its story: the ingestor files every stored item under its keys (``store``);
for a new source's items it looks up all their keys at once (``store.key_postings``), ranks the
stories per item (:func:`rank_candidates`: rare shared keys count, common ones are skipped),
loads those stories' items and asks :func:`decide_story`. Everything here is pure: no database,
no network, no clock.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace

from ..records import Item
from ..text import excerpt
from .candidates import (
    COMMON_FEATURE_ITEMS,
    COMMON_KEY_POSTINGS,
    KEYS_VERSION,
    MAX_CANDIDATES,
    MAX_KEYS,
    TIMELESS,
    WINDOW,
    Posting,
    candidate_keys,
    feature_day,
    filed_at,
    rank_candidates,
)
from .event import common_shared
from .explain import explain
from .profile import Profile, ProfileCache, profile_of
from .rules import CASE_STAGE, EVENT_WORDING, Context, Verdict, compare, contradiction
from .urls import canonical_image_url, canonical_url, is_generic_image

__all__ = [
    "COMMON_FEATURE_ITEMS",
    "COMMON_KEY_POSTINGS",
    "KEYS_VERSION",
    "MAX_CANDIDATES",
    "MAX_KEYS",
    "TIMELESS",
    "WINDOW",
    "Candidate",
    "Context",
    "DuplicateDecision",
    "Posting",
    "Profile",
    "ProfileCache",
    "candidate_keys",
    "canonical_image_url",
    "canonical_url",
    "decide_story",
    "feature_day",
    "filed_at",
    "is_generic_image",
    "item_keys",
    "profile_of",
    "rank_candidates",
]


COMMON_IMAGE_POSTINGS = 4


@dataclass(frozen=True, slots=True)
class Candidate:
    """An item already stored in story ``story_id`` that the new item is compared with."""

    story_id: int
    item: Item


@dataclass(frozen=True, slots=True)
class DuplicateDecision:
    """Which story a new item joins (``None``: it starts a new one), and why, for ``preview``."""

    story_id: int | None
    reason: str
    score: float  # the deciding rule's figure: similarity % or shared evidence (0 if none)
    matched_key: str | None = None
    rule: str = ""
    # Other stored stories the item is the same story as: it bridges them, and they become one
    # (as they would have, had the item been read before them: the result must not depend on
    # the order sources are read in).
    also: tuple[int, ...] = ()


def item_keys(item: Item, cache: ProfileCache | None = None) -> tuple[str, ...]:
    """:func:`candidate_keys` of an item (through ``cache`` when given)."""
    return candidate_keys(cache.get(item) if cache is not None else profile_of(item))


def _describe(item: Item) -> str:
    return f"{item.source_id} item '{excerpt(item.title, 60)}'"


# Contradictions that part a whole story, not only the item that states them.
_PARTING = frozenset({EVENT_WORDING, CASE_STAGE})


def decide_story(
    item: Item,
    candidates: Sequence[Candidate],
    *,
    cache: ProfileCache | None = None,
    key_postings: Mapping[str, int] | None = None,
    common_images: Collection[str] = frozenset(),
) -> DuplicateDecision:
    """Which stored story ``item`` belongs to (``story_id`` None: a new one), and why.

    Every candidate gets the verdict of the first rule with an opinion (:mod:`.rules`); among
    merges a link match beats a same-text match, which beats a same-event match, then the higher
    score, then the nearer date. ``key_postings`` (key -> stories filed under it near the item's
    date) tells how rare a shared key is. Pure: the same inputs give the same decision.
    """
    if not candidates:
        return DuplicateDecision(None, "new story: no candidates", 0.0)
    get = cache.get if cache is not None else profile_of
    key_postings = key_postings or {}
    # A picture that several stories use (a logo, a stock photo) is no evidence of anything.
    common = {k[4:] for k, n in key_postings.items() if k.startswith("img:") and n > COMMON_IMAGE_POSTINGS}
    ctx = Context(key_postings, frozenset(common_images) | common)
    new = get(item)
    best: tuple[Verdict, Candidate] | None = None
    closest: tuple[Verdict, Candidate] | None = None
    merging: dict[int, Profile] = {}
    verdicts = [(compare(new, get(candidate.item), ctx), candidate) for candidate in candidates]
    # A story one of whose items reports what the new one announces (or the other way round) is
    # not its story, whatever another of its items says (a visit's announced meeting, matched
    # through a speech's report of the same day).
    contradicted = {c.story_id for v, c in verdicts if dict(v.facts).get("what") in _PARTING}
    for verdict, candidate in verdicts:
        if verdict.merge and candidate.story_id in contradicted:
            verdict = replace(verdict, merge=False)
        if verdict.merge:
            merging.setdefault(candidate.story_id, get(candidate.item))
            rank = (verdict.strength, verdict.score, -verdict.days)
            if best is None or rank > (best[0].strength, best[0].score, -best[0].days):
                best = (verdict, candidate)
        elif closest is None or verdict.score > closest[0].score:
            closest = (verdict, candidate)
    if best is not None:
        verdict, candidate = best
        return DuplicateDecision(
            candidate.story_id,
            explain(verdict, _describe(candidate.item)),
            round(verdict.score, 1),
            verdict.matched_key,
            verdict.rule,
            _bridged(merging, candidate.story_id, get(candidate.item), ctx),
        )
    assert closest is not None  # candidates is not empty
    verdict, candidate = closest
    if verdict.rule == "no rule" and (common := common_shared(new, get(candidate.item), ctx)):
        # What they share is what most news of these weeks say: the editor is told so.
        verdict = replace(verdict, facts=(*verdict.facts, ("common", common)))
    reason = explain(verdict, _describe(candidate.item))
    return DuplicateDecision(None, f"new story: {reason}", round(verdict.score, 1), rule=verdict.rule)


def _bridged(merging: Mapping[int, Profile], story_id: int, joined: Profile, ctx: Context) -> tuple[int, ...]:
    """The other stories the item is the same story as, that it may join to ``story_id``: not one
    whose matched item contradicts the joined one (a speech's report matching a visit's announced
    meeting and its Friday meeting with charities does not make those one news). O(stories)."""
    return tuple(
        sorted(
            other
            for other, profile in merging.items()
            if other != story_id and contradiction(profile, joined, ctx) is None
        )
    )
