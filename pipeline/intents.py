"""What to do with one incoming item against what the store knows of it (issue 17). Pure.

As reader decides (``reader._update``, its issues #179, #225, #231):

- not stored: **new**;
- the entry's own ``updated`` date changed: **updated** (a feed's date is trusted), and the count
  of hash-only updates starts over;
- only the content hash changed: **updated**, but at most ``HASH_CHANGED_LIMIT`` times in a row —
  an entry whose text changes on every poll (a clock, a view counter, a rotating "related" block)
  would otherwise be rewritten and force a publish every cycle, for ever;
- otherwise **unchanged**.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .records import Item, KnownItem

HASH_CHANGED_LIMIT = 24  # reader's figure: a day of hourly polls


@dataclass(frozen=True, slots=True)
class Intent:
    status: Literal["new", "updated", "unchanged"]
    reason: str
    hash_changed: int = 0  # to store: hash-only updates in a row, this one included


def decide_item(stored: KnownItem | None, incoming: Item, digest: str) -> Intent:
    """``digest`` is ``normalise.content_hash(incoming)``; see the module docstring."""
    if stored is None:
        return Intent("new", "not stored yet")
    if incoming.updated is not None and incoming.updated != stored.item.updated:
        return Intent("updated", "the entry's updated date changed")
    if digest != stored.content_hash:
        if stored.hash_changed < HASH_CHANGED_LIMIT:
            return Intent("updated", "its content changed", stored.hash_changed + 1)
        return Intent(
            "unchanged",
            f"its content changed again, but it changed on each of the last {HASH_CHANGED_LIMIT} "
            "polls without a new date: no more updates until its date changes",
            stored.hash_changed,
        )
    return Intent("unchanged", "the same content", stored.hash_changed)
