"""The trie-shaped alternation matches what the plain longest-first alternation matched."""

from __future__ import annotations

import random
import re

import pytest

from pipeline.alternation import alternation
from pipeline.months import MONTHS


def _longest_first(words: list[str]) -> str:
    return "(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + ")"


WORD_LISTS = {
    "months": sorted(MONTHS),
    "prefixes": ["a", "ab", "abc", "abd", "b", "ba", "x.y", "x+"],  # prefixes of each other, specials
}


@pytest.mark.parametrize("name", sorted(WORD_LISTS))
@pytest.mark.parametrize("tail", ["", r"(?!\w)\.?", r"\s+\d"])
def test_same_matches_as_longest_first(name: str, tail: str) -> None:
    words = WORD_LISTS[name]
    plain = re.compile(r"(?<!\w)" + _longest_first(words) + tail, re.IGNORECASE)
    trie = re.compile(r"(?<!\w)" + alternation(words) + tail, re.IGNORECASE)
    rng = random.Random(7)
    pieces = [*words, "majątek", "Marca", "sept.", "1", "22", " ", "-", "x", "ab1"]
    for _ in range(3000):
        text = " ".join(rng.choice(pieces)[: rng.randint(1, 10)] for _ in range(rng.randint(1, 8)))
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_empty_list_matches_nothing() -> None:
    assert re.search(alternation([]), "anything") is None
