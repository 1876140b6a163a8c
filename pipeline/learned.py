"""The learned half of tagging: a linear model per area over word beginnings (issue 14).

Why a model next to the hand-written vocabulary
    The vocabulary (``pipeline/vocabulary/areas.txt``) is precise, but each fresh collection of real
    news met it short of recall: macro-F1 0.75, 0.64 and 0.70 on three collections before they were
    tuned on (tests/data/real/tagging-tune-8, -9, -10), because real items say "youth exchange",
    "nostrification" or "day room" in words nobody listed. A logistic regression per area, trained
    on the real tune split only and read beside the vocabulary, scored 0.78, 0.72 and 0.76 on the
    same three fresh collections (trained on the collections before each; two later collections:
    0.76 -> 0.79, 0.84 -> 0.86). It only tips an area
    some of whose own words were found (``Tagger.tag``): alone, it tagged too much of the network's
    other news (a war's anniversary as safety, an election as integration). An area is given when
    its words reach the threshold, or when they are there and the model is sure enough (a
    probability threshold per area, ``thresholds`` in the file, chosen on the tune split). On the
    held-out split, whose sites the vocabulary was grown on, macro-F1 goes from 0.826 to 0.833 and
    every area's recall and precision reach 0.75 (edukacja's recall 0.72 -> 0.77). Relearned on 600
    more items of community events and war-time news (2,178 tune items), it scores 0.709 -> 0.729 on
    such news it did not learn from, the older collections unchanged; held-out 0.828.

What the model reads
    The first ``PREFIX`` letters of every word of three letters or more in the title and summary:
    a crude stem that serves Polish, Ukrainian and English alike ("uchodźcy", "uchodźców" ->
    "uchodź"; "біженців", "біженці" -> "біженц"), so one model covers the three languages without a
    lemmatiser at run time. The weights live in ``pipeline/vocabulary/learned.json``, written by
    ``python -m pipeline.vocabulary.learn`` (a developer's step, like ``build``).

Explanations
    The model's evidence for an area is the item's words whose beginnings weigh most for it (at most
    ``EVIDENCE_WORDS``), so an area the model gave is still explained in words.

Cost: read only for the areas whose words were found but fell short; then one regular-expression
pass and a dict lookup per word and area: O(words), nothing that grows with stored items. The
weights (~22,000 beginnings, a 0.5 MB file) are read once per Tagger (~15 ms).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

__all__ = ["LEARNED_FILE", "PREFIX", "LearnedAreas", "features", "teaser"]

LEARNED_FILE = "learned.json"
# Word beginnings of six letters: on the tune split's leave-one-collection-out runs five, six and
# seven letters scored alike (macro-F1 0.817-0.820 with the vocabulary); six keeps Polish stems apart
# ("szkoła"/"szkolenie" -> "szkoła"/"szkole").
PREFIX = 6
MIN_WORD = 3
EVIDENCE_WORDS = 3
# The model learns on teasers (the real corpus's are ~350 characters and cut there, as here): it reads
# a long summary's beginning only, so a full article in a feed's description does not pile up small
# weights it was never trained to balance.
TEASER_CHARS = 350
# A beginning weighing less than this is not shown as evidence ("roku", "nowy" tip a sum but
# explain nothing).
EVIDENCE_WEIGHT = 0.25

_WORD = re.compile(r"[^\W\d_]+")


def features(text: str) -> list[tuple[str, str]]:
    """(feature, word as written) for each word of ``text`` the model reads, in order."""
    return [(word.lower()[:PREFIX], word) for word in _WORD.findall(text) if len(word) >= MIN_WORD]


@dataclass(frozen=True, slots=True)
class LearnedArea:
    """The model's verdict on one area of one item."""

    probability: float
    gives: bool  # sure enough to give the area (when some of its words were found)
    words: tuple[str, ...]  # the item's words that weighed most for the area


class LearnedAreas:
    """The per-area models of ``learned.json``; read-only after construction (thread-safe)."""

    def __init__(self, document: dict | None = None) -> None:
        if document is None:
            source = resources.files("pipeline.vocabulary").joinpath(LEARNED_FILE)
            document = json.loads(source.read_text(encoding="utf-8"))
        if document.get("prefix") != PREFIX:
            raise ValueError(
                f"{LEARNED_FILE} was learned on {document.get('prefix')}-letter beginnings, not {PREFIX}"
            )
        self.thresholds = MappingProxyType({slug: float(t) for slug, t in document["thresholds"].items()})
        self._bias = MappingProxyType({slug: float(m["bias"]) for slug, m in document["areas"].items()})
        self._weights = MappingProxyType(
            {slug: MappingProxyType(dict(m["weights"])) for slug, m in document["areas"].items()}
        )

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(self._bias)

    def read(self, title: str, summary: str, slugs: Iterable[str] | None = None) -> dict[str, LearnedArea]:
        """Each area's probability for an item (of ``slugs``, or of every area the model knows),
        with the words that raised it most."""
        seen: dict[str, str] = {}
        for feature, word in features(f"{title}\n{teaser(summary)}"):
            seen.setdefault(feature, word)  # the model counts a beginning once (binary features)
        verdicts: dict[str, LearnedArea] = {}
        for slug in self._weights if slugs is None else slugs:
            weights = self._weights.get(slug)
            if weights is None:  # an editor's own area: no model
                continue
            logit = self._bias[slug]
            raising: list[tuple[float, str]] = []
            for feature, word in seen.items():
                weight = weights.get(feature)
                if weight is not None:
                    logit += weight
                    if weight >= EVIDENCE_WEIGHT:
                        raising.append((weight, word))
            raising.sort(key=lambda pair: -pair[0])
            probability = _sigmoid(logit)
            verdicts[slug] = LearnedArea(
                probability,
                probability >= self.thresholds[slug],
                tuple(word for _, word in raising[:EVIDENCE_WORDS]),
            )
        return verdicts


def teaser(summary: str) -> str:
    """The first ``TEASER_CHARS`` characters of ``summary``, not cutting a word."""
    if len(summary) <= TEASER_CHARS:
        return summary
    return summary[: TEASER_CHARS + 1].rsplit(None, 1)[0]


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)
