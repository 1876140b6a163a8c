"""What a decision reads besides the two profiles (``Context``), what one rule says of a pair
(``Verdict``), and how far apart in time two items are: shared by ``rules`` and ``event``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .profile import Profile

__all__ = ["Context", "Verdict", "days_apart", "time_unknown"]


@dataclass(frozen=True, slots=True)
class Context:
    """What a decision knows besides the two items: how common each key is among stored stories
    near the item's date (postings in the window, capped), and pictures shared by many stories."""

    key_postings: Mapping[str, int]
    common_images: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Verdict:
    """One rule's opinion of one candidate; ``facts`` feed :func:`explain` (for the decision taken)."""

    merge: bool
    rule: str
    strength: int  # among merges: 3 link, 2 same text, 1 same event; 0 for refusals
    score: float
    days: float = 0.0
    matched_key: str | None = None
    facts: tuple[tuple[str, Any], ...] = ()


def days_apart(a: Profile, b: Profile) -> float:
    return abs(a.day - b.day)


def time_unknown(a: Profile, b: Profile) -> bool:
    """Whether time can say nothing of the pair: one of them is backfilled (undated, of its source's
    first reading: published any time before it was seen), unless both were backfilled together
    (two listings read in one first cycle are compared as of that day)."""
    return (a.backfilled or b.backfilled) and (a.backfilled != b.backfilled or days_apart(a, b) >= 1)
