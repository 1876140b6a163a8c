"""The profile of an item: everything the candidate search and the decision compare, computed once.

A profile holds the item's identity (source, language, date, canonical link and image), its words
(folded, stemmed), its language-neutral concepts (``lexicon``), its names and acronyms, and its
facts (numbers, dates, years; ``text.facts``), each for the title alone and for title + summary.
Building one costs ~50 µs; :class:`ProfileCache` keeps them for a run so a stored item met again
as a candidate is not profiled twice.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from ..records import Item
from .lexicon import ConceptIndex, latin_script
from .names import acronyms_of, names_of
from .stance import case_stage, stance, weekdays_named
from .text import STOPWORDS, Facts, facts, fold, is_year, stem, tokens
from .urls import canonical_image_url, canonical_url, is_generic_image, link_facts

__all__ = ["Profile", "ProfileCache", "profile_of"]

# MinHash of the title's words: 4 bands of 4 values. Titles sharing 80% of their words share a
# band key with probability 0.88 (1 - (1 - 0.8⁴)⁴), titles sharing 15% (one field's vocabulary)
# almost never: near-identical titles meet, look-alikes of one field do not crowd the candidates.
MINHASH_BANDS = 4
MINHASH_ROWS = 4
# One multiply-xor hash per permutation over each word's CRC-32 (odd multipliers, 32 bits).
_PERMUTATIONS = tuple(
    ((0x9E3779B1 * (2 * i + 1)) & 0xFFFFFFFF | 1, (0x85EBCA6B * (i + 3)) & 0xFFFFFFFF)
    for i in range(MINHASH_BANDS * MINHASH_ROWS)
)


@dataclass(frozen=True, slots=True)
class Profile:
    source_id: str
    language: str
    published: datetime
    day: float  # ``published`` in days since the epoch: what the rules subtract, many times an item
    dated: bool  # False: ``published`` is when the item was first seen
    backfilled: bool  # undated, of its source's first reading: when it was published is unknown
    link: str
    link_specific: bool  # an article page, not a site's home or section page
    link_ids: frozenset[str]
    image: str | None  # canonical, None when absent or generic
    title: str  # folded words
    title_stem_text: str
    title_words: tuple[tuple[str, str], ...]  # (stem, word as written) of the title's content words
    summary: str  # folded words
    stems: frozenset[str]  # content stems of title + summary (language-specific)
    title_stems: frozenset[str]
    prefixes: frozenset[str]  # 5-letter beginnings of the longer stems, for inflection the stemmer misses
    concepts: frozenset[str]  # language-neutral ids (c:, o:, p:, g:) of title + summary
    title_concepts: frozenset[str]
    places: frozenset[str]  # the p: concepts
    title_places: frozenset[str]
    names: frozenset[str]  # proper names (name_key, stemmed) and acronyms of title + summary
    spelled: Mapping[str, str]  # a title name's key -> its stem as written (for ``mentions``)
    title_names: frozenset[str]  # capitalised title words (not sentence-initial) and acronyms
    acronyms: frozenset[str]
    facts: Facts  # title + summary
    title_facts: Facts
    content_words: int  # title words that are not stopwords
    signature: tuple[int, ...]  # MinHash of the title's stems; () for titles of under 3 words
    passages: frozenset[int]  # hashes of the running text's word windows (``_passages``)
    stance: str  # "announces" or "reports" an event, or "" (``text.stance``)
    case_stage: str  # an incident's stage its words name: "sought", "caught", "sentenced" or ""
    weekdays: frozenset[int]  # the weekdays named (1 Monday .. 7 Sunday): the day of an event this week
    features: Mapping[str, str]  # language-neutral features (rules.same_event): key -> kind
    title_features: frozenset[str]  # the keys of ``features`` (and title words) found in the title
    # Derived once here, read by every comparison (event.event_evidence): what each feature states
    # (its weight; 0 for a picture or an article id: evidence when shared, not something the other
    # item fails to say), what they all state, and the title's features that say what it is about.
    feature_weights: Mapping[str, float]
    stated_weight: float
    title_statements: frozenset[str]

    def mentions(self, word_stem: str) -> bool:
        """Whether this item's text contains the word ``word_stem`` stands for (any inflection)."""
        return word_stem in self.stems or (len(word_stem) >= 5 and word_stem[:5] in self.prefixes)


def language_code(code: str | None) -> str:
    """The primary language subtag of ``code`` ("pl-PL" -> "pl"); "" when unknown."""
    code = (code or "").strip().lower()
    primary = re.split(r"[-_]", code, maxsplit=1)[0]
    return "" if primary in ("", "auto", "und", "mul") else primary


# A teaser says what the story is; a feed's full text (up to 2,000 characters) adds cost, not
# identity: the profile reads the summary's first characters only, so its cost per item is bounded.
LEAD_CHARS = 500


# A passage: PASSAGE_WORDS words in a row, two of them lower-case words of four letters or more, so
# that it is running text and not a name ("the Academy on the Integration of Migrants and Refugees
# in Polish Cities" has none). Two outlets quoting one press release share several in a row.
PASSAGE_WORDS = 6


def _passages(written: list[str], folded: list[str]) -> frozenset[int]:
    """CRC-32 hashes of the windows of ``PASSAGE_WORDS`` folded words that read as running text."""
    plain = [len(w) >= 4 and w[0].islower() for w in written]
    found = set()
    for i in range(len(folded) - PASSAGE_WORDS + 1):
        if sum(plain[i : i + PASSAGE_WORDS]) >= 2:
            found.add(zlib.crc32(" ".join(folded[i : i + PASSAGE_WORDS]).encode()))
    return frozenset(found)


def _lead(summary: str) -> str:
    if len(summary) <= LEAD_CHARS:
        return summary
    cut = summary.rfind(" ", 0, LEAD_CHARS)
    return summary[: cut if cut > 0 else LEAD_CHARS]


def _words(text: str, folded_text: str) -> tuple[list[str], list[str]]:
    """The words of ``text`` as written and folded, position by position."""
    written = tokens(text)
    folded = tokens(folded_text)  # one pass over the folded text rather than a fold per word
    if len(folded) != len(written):  # folding split or joined a word (a ligature, say)
        folded = [fold(w) for w in written]
    return written, folded


# A region (a country, a voivodeship) states where as a city does; it only never contradicts one.
_CONCEPT_KINDS = {"o": "organisation", "p": "place", "r": "place", "c": "concept"}
# Features that identify a copy (a picture, an article id) rather than state something: shared,
# they are evidence; missing on one side, they are not something that side fails to say.
IDENTITY_KINDS = frozenset({"image", "article"})
# What one shared feature is worth in "same event" (``event``), before its rarity.
EVIDENCE_WEIGHTS = {
    "image": 3.0,
    "article": 3.0,
    "date": 3.0,
    "number": 2.5,
    "acronym": 2.5,
    "name": 2.5,
    "organisation": 1.5,
    "year": 1.0,
    "place": 1.0,
    "concept": 1.0,
    "word": 0.5,
}


def _features(
    concepts: frozenset[str], names: set[str] | frozenset[str], acronyms: frozenset[str], found: Facts
) -> dict[str, str]:
    """What an item states, language-neutral: key -> kind (the kinds of event.EVIDENCE_WEIGHTS)."""
    features: dict[str, str] = {}
    for concept in concepts:
        kind = _CONCEPT_KINDS.get(concept[0])
        if kind:
            features[concept] = kind
    for name in names:
        features[f"n:{name}"] = "acronym" if name in acronyms else "name"
    for month, day in found.dates:
        features[f"d:{month}-{day}"] = "date"
    for number in found.numbers:
        if number >= 10 and not is_year(number):
            features[f"#:{number}"] = "number"
    for year in found.years:
        features[f"y:{year}"] = "year"
    return features


def _content(folded: list[str], stems: list[str]) -> set[str]:
    return {s for w, s in zip(folded, stems, strict=True) if len(w) >= 3 and w not in STOPWORDS}


def _named(found: list[tuple[int, int, str]]) -> set[int]:
    """Positions of words the lexicon knows: a place, an organisation, or a common noun written
    with a capital in a proper name ("Academy for the Integration of Migrants"): not names."""
    return {i for start, length, _ in found for i in range(start, start + length)}


def _signature(words: list[str]) -> tuple[int, ...]:
    """MinHash of the title's content words (``MINHASH_BANDS`` × ``MINHASH_ROWS``); () under three."""
    if len(words) < 3:
        return ()
    hashes = [zlib.crc32(word.encode()) for word in set(words)]
    return tuple(min(((h ^ mix) * mul) & 0xFFFFFFFF for h in hashes) for mul, mix in _PERMUTATIONS)


def profile_of(item: Item, concepts: ConceptIndex | None = None) -> Profile:
    """The profile of ``item`` (pure; ~50 µs)."""
    index = concepts or ConceptIndex.default()
    language = language_code(item.language)
    link = canonical_url(item.link)
    link_specific, link_ids = link_facts(link)
    image = canonical_image_url(item.image_url)
    if image is not None and is_generic_image(image):
        image = None

    summary = _lead(item.summary)
    title_fold, summary_fold = fold(item.title), fold(summary)
    title_written, title_folded = _words(item.title, title_fold)
    title_stems = [stem(w) for w in title_folded]
    summary_written, summary_folded = _words(summary, summary_fold)
    summary_stems = [stem(w) for w in summary_folded]

    title_content = _content(title_folded, title_stems)
    all_content = title_content | _content(summary_folded, summary_stems)
    title_found = index.find(title_folded, title_stems, language, latin_script(title_written))
    summary_found = index.find(summary_folded, summary_stems, language, latin_script(summary_written))
    title_concepts = {c for _, _, c in title_found}
    summary_concepts = {c for _, _, c in summary_found}
    title_acronyms, summary_acronyms = acronyms_of(item.title), acronyms_of(summary)
    spelled: dict[str, str] = {}
    title_names = names_of(
        item.title,
        title_written,
        title_folded,
        _named(title_found),
        title_acronyms,
        title=True,
        language=language,
        spelled=spelled,
    )
    summary_names = names_of(
        summary, summary_written, summary_folded, _named(summary_found), summary_acronyms, title=False
    )
    names = title_names | summary_names
    title_facts = facts(item.title, title_fold, title_folded)
    all_facts = title_facts | facts(summary, summary_fold, summary_folded)
    title_words = tuple(
        dict.fromkeys(
            (s, raw)
            for s, raw, word in zip(title_stems, title_written, title_folded, strict=True)
            if len(word) >= 3 and word not in STOPWORDS and word.isalpha()
        )
    )
    concepts = frozenset(title_concepts | summary_concepts)
    acronyms = frozenset(names & (title_acronyms | summary_acronyms))
    features = _features(concepts, names, acronyms, all_facts)
    if image:
        features[f"img:{image}"] = "image"
    for link_id in link_ids:
        features[f"id:{link_id}"] = "article"
    title_features = frozenset(
        (_features(frozenset(title_concepts), title_names, acronyms, title_facts).keys())
        | {f"w:{s}" for s in title_content}
    )
    return Profile(
        source_id=item.source_id,
        language=language,
        published=item.published,
        day=item.published.timestamp() / 86400,
        dated=item.dated,
        backfilled=item.backfilled,
        link=link,
        link_specific=link_specific,
        link_ids=link_ids,
        image=image,
        title=" ".join(title_folded),
        title_stem_text=" ".join(title_stems),
        title_words=title_words,
        summary=" ".join(summary_folded),
        stems=frozenset(all_content),
        title_stems=frozenset(title_content),
        prefixes=frozenset(s[:5] for s in all_content if len(s) >= 5),
        concepts=concepts,
        title_concepts=frozenset(title_concepts),
        places=frozenset(c for c in concepts if c[0] == "p"),
        title_places=frozenset(c for c in title_concepts if c[0] == "p"),
        names=frozenset(names),
        spelled=spelled,
        title_names=frozenset(title_names),
        acronyms=acronyms,
        facts=all_facts,
        title_facts=title_facts,
        content_words=len(title_words),
        signature=_signature([s for s, _ in title_words]),
        passages=_passages(title_written, title_folded) | _passages(summary_written, summary_folded),
        stance=stance(lowered := f"{item.title} {summary}".lower()),
        case_stage=case_stage(lowered),
        weekdays=weekdays_named((*title_folded, *summary_folded)),
        features=features,
        title_features=title_features,
        feature_weights={
            k: 0.0 if kind in IDENTITY_KINDS else EVIDENCE_WEIGHTS[kind] for k, kind in features.items()
        },
        stated_weight=sum(
            EVIDENCE_WEIGHTS[kind] * n
            for kind, n in sorted(Counter(features.values()).items())
            if kind not in IDENTITY_KINDS
        ),
        title_statements=frozenset(
            k for k in title_features if k in features and features[k] not in IDENTITY_KINDS
        ),
    )


class ProfileCache:
    """Profiles of recently seen items, so a stored candidate is profiled once per run rather than
    once per comparison. Owned by the caller (one per Ingestor); bounded: when full it starts over.
    """

    __slots__ = ("_concepts", "_max_items", "_profiles")

    def __init__(self, max_items: int = 20_000, concepts: ConceptIndex | None = None) -> None:
        self._profiles: dict[tuple[object, ...], Profile] = {}
        self._max_items = max_items
        self._concepts = concepts

    def put(self, item: Item, profile: Profile) -> None:
        """Remember a profile computed elsewhere (a worker process) for ``item``."""
        if len(self._profiles) >= self._max_items:
            self._profiles.clear()
        self._profiles[self._key(item)] = profile

    def get(self, item: Item) -> Profile:
        key = self._key(item)
        profile = self._profiles.get(key)
        if profile is None:
            if len(self._profiles) >= self._max_items:
                self._profiles.clear()
            profile = self._profiles[key] = profile_of(item, self._concepts)
        return profile

    @staticmethod
    def _key(item: Item) -> tuple[object, ...]:
        # Keyed by just the fields a profile reads: the item as stored (with HTML and areas) and
        # as loaded for a comparison (without) share one entry.
        return (
            item.source_id,
            item.language,
            item.published,
            item.dated,
            item.backfilled,
            item.link,
            item.image_url,
            item.title,
            item.summary,
        )
