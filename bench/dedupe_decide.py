"""Micro-benchmark of the pure dedupe decision: µs per ``decide_story`` call with ~20 candidates.

Run: ``python bench/dedupe_decide.py [--candidates 20] [--rounds 2000]``. Uses the labelled items of
tests/data/dedupe/pairs.jsonl as the stored candidates. Prints three figures: without a cache
(every candidate normalised on every call), with a warm :class:`ProfileCache` (the store's
normal case: stored items are profiled once per cycle), ``item_keys`` and ``profile_of`` per item.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import datetime
from pathlib import Path

from pipeline.dedupe import Candidate, ProfileCache, decide_story, item_keys, profile_of
from pipeline.records import Item

PAIRS = Path(__file__).resolve().parent.parent / "tests" / "data" / "dedupe" / "pairs.jsonl"


def load_items() -> list[Item]:
    items = []
    for number, line in enumerate(PAIRS.read_text(encoding="utf-8").splitlines()):
        pair = json.loads(line)
        for side in ("a", "b"):
            raw = pair[side]
            items.append(
                Item(
                    source_id=raw["source_id"],
                    key=f"{number}{side}",
                    title=raw["title"],
                    link=raw["link"],
                    summary=raw["summary"],
                    published=datetime.fromisoformat(raw["published"]),
                    dated=True,
                    image_url=raw["image_url"],
                    language=raw["language"],
                )
            )
    return items


def per_call_us(func, rounds: int, repeats: int = 5) -> float:
    """Best of ``repeats`` runs: the least disturbed by other processes on the machine."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(rounds):
            func()
        best = min(best, time.perf_counter() - start)
    return best / rounds * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2000)
    args = parser.parse_args()

    items = load_items()
    stored = [Candidate(story_id=i, item=item) for i, item in enumerate(items[1 : args.candidates + 1])]
    new_items = items[args.candidates + 1 :]
    cache = ProfileCache()
    turn = iter(range(10**9))

    def cold() -> None:
        decide_story(new_items[next(turn) % len(new_items)], stored)

    def warm() -> None:
        decide_story(new_items[next(turn) % len(new_items)], stored, cache=cache)

    def keys() -> None:
        item_keys(new_items[next(turn) % len(new_items)])

    warm()  # fills the cache with the stored candidates
    n = len(stored)
    print(f"decide_story, {n} candidates, no cache:   {per_call_us(cold, args.rounds // 4):8.1f} µs/call")
    print(f"decide_story, {n} candidates, warm cache: {per_call_us(warm, args.rounds):8.1f} µs/call")
    print(f"item_keys, no cache:                     {per_call_us(keys, args.rounds):8.1f} µs/call")

    def profile() -> None:
        profile_of(new_items[next(turn) % len(new_items)])

    print(f"profile_of:                              {per_call_us(profile, args.rounds):8.1f} µs/call")


if __name__ == "__main__":
    main()
