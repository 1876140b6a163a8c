"""Is a new item the same story as a stored one? An ordered list of named rules, named thresholds.

For each candidate the rules are tried in order; the first that has an opinion decides::

    same link ........ the same canonical article link: the same story, any source, any time
    same source ...... one site's entries with different links are different entries (reader's rule)
    time window ...... more than WINDOW apart: not compared (unless one is backfilled, of unknown
                       date: then "same text" needs a shared explicit date, "same event" three
                       identifiers: a place's announcement and its opening share two)
    contradiction .... the facts of the titles disagree: series numbers (#5 / #6, 2nd / 3rd
                       quarter), years, months, seasons, explicit dates (29-30 September vs
                       27 October), places (a study visit to Wrocław vs to Lisbon)
    same text ........ one language, title + summary alike (rapidfuzz), stricter with the days
                       between them; template titles with another word in the slot refuse
    same event ....... any languages: enough shared specifics (dates, acronyms, names, numbers,
                       organisations, places, concepts), weighted by rarity, covering enough of
                       the shorter item, and at least one of them in a title

Precision comes first (a false merge hides a story; a missed one shows it twice), so thresholds
are set on the tune split of the real corpus (tests/data/real/stories-*.jsonl) for 0 false merges;
the held-out split scores them. A verdict carries the rule's name and its figures; the sentence
for ``preview`` is written only for the decision taken (``explain.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from .candidates import COMMON_KEY_POSTINGS, WINDOW
from .profile import IDENTITY_KINDS, Profile

__all__ = ["RULES", "Context", "Verdict", "compare"]

# --- thresholds (calibrated on the tune split of the real corpus: 0 false merges) ----------------
TEXT_MERGE = 88.0  # title + summary similarity, same language, at most 2 days apart
TEXT_MERGE_SAME_IMAGE = 80.0  # the same non-generic picture corroborates
TEXT_MERGE_DAYS_APART = 94.0  # 2-5 days apart: republication gets rarer, recurring notices likelier
TEXT_MERGE_WEEK_APART = 97.0  # over 5 days: only with the same explicit date in both
TITLE_FLOOR = 60.0  # below this the titles name different things, however alike the summaries
SUMMARY_RETITLED = 95.0  # the same long summary under a new headline...
RETITLED_TITLE_FLOOR = 40.0  # ...that still shares some words with the old one
EVENT_EVIDENCE = 6.0  # weighted shared features needed for "same event"
EVENT_COVERAGE = 0.35  # share of the shorter item's weighted features that the other one has too
EVENT_DAYS = 10.0  # "same event" only this close in time
EVENT_CLOSE_DAYS = 3.0  # both dated and this close: one identifier is enough
EVENT_BALANCE = 0.7  # undated: what both say, over the longer item's features (a translation)
EVENT_BALANCE_CLOSE = 0.55  # the same, for a translation published within EVENT_CLOSE_DAYS
EVENT_EVIDENCE_TRANSLATED = 4.0  # a translation's shared features (~6 concepts of a short news)
EVENT_TITLE_BALANCE = 0.6  # a translation's headlines share most of their concepts...
EVENT_BALANCE_WHOLE = 0.8  # ...or, headlines written freely, the texts say (almost) only the same
EVENT_IDENTIFIERS_ALONE = 3  # undated or days apart, no shared fact: this many names/acronyms…
EVENT_COVERAGE_ALONE = 0.6  # …covering this much of the shorter item
EVENT_BALANCE_SAME = 0.8  # a translation published together, saying (almost) only the same things…
EVENT_EVIDENCE_SAME = 2.5  # …needs only about four shared concepts
# What one shared feature is worth in "same event", before its rarity.
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


def _days(a: Profile, b: Profile) -> float:
    return abs(a.day - b.day)


def _time_unknown(a: Profile, b: Profile) -> bool:
    """Whether time can say nothing of the pair: one of them is backfilled (undated, of its source's
    first reading: published any time before it was seen), unless both were backfilled together
    (two listings read in one first cycle are compared as of that day, as before)."""
    return (a.backfilled or b.backfilled) and (a.backfilled != b.backfilled or _days(a, b) >= 1)


def _conflict(a: frozenset[Any], b: frozenset[Any]) -> tuple[frozenset[Any], frozenset[Any]] | None:
    """Both sides state something the other does not: a template filled in differently."""
    only_a, only_b = a - b, b - a
    return (only_a, only_b) if only_a and only_b else None


# --- the rules -----------------------------------------------------------------------------------
Rule = Callable[[Profile, Profile, Context], Verdict | None]


def same_link(new: Profile, old: Profile, ctx: Context) -> Verdict | None:
    if not new.link or new.link != old.link:
        return None
    alike = fuzz.token_set_ratio(new.title_stem_text, old.title_stem_text)
    if not new.link_specific and alike < 60:
        # A feed linking every entry to its home page, or items without a link (they get the
        # listing page, SPEC "No link: the listing page"): the link names no article.
        return Verdict(False, "shared page", 0, alike, facts=(("link", new.link),))
    if new.source_id == old.source_id and alike < 40:
        return Verdict(False, "same source, shared page", 0, alike)
    return Verdict(True, "same link", 3, 100.0, matched_key=f"url:{new.link}")


def same_source(new: Profile, old: Profile, ctx: Context) -> Verdict | None:
    if new.source_id == old.source_id:
        return Verdict(False, "same source", 0, 0.0)
    return None


def time_window(new: Profile, old: Profile, ctx: Context) -> Verdict | None:
    if _time_unknown(new, old):
        return None  # content alone decides, under the stricter rules for a pair of unknown time
    days = _days(new, old)
    if days > WINDOW.days:
        return Verdict(False, "time window", 0, 0.0, days, facts=(("window", WINDOW.days),))
    return None


def contradiction(new: Profile, old: Profile, ctx: Context) -> Verdict | None:
    """The first disagreement of facts that identify an event, or None."""
    nt, ot = new.title_facts, old.title_facts
    series = _conflict(
        frozenset(n for n in nt.numbers if n <= 100), frozenset(n for n in ot.numbers if n <= 100)
    )
    checks: list[tuple[str, tuple[frozenset[Any], frozenset[Any]] | None]] = [
        ("numbers in the titles", series),
        ("years in the titles", _conflict(nt.years, ot.years)),
        ("months in the titles", _conflict(nt.months, ot.months)),
        ("seasons", _conflict(new.facts.seasons, old.facts.seasons)),
    ]
    new_dates, old_dates = new.facts.dates, old.facts.dates
    if new_dates and old_dates and not new_dates & old_dates and max(len(new_dates), len(old_dates)) <= 4:
        checks.append(("dates", (new_dates, old_dates)))
    if new.facts.years and old.facts.years and not new.facts.years & old.facts.years:
        checks.append(("years", (new.facts.years, old.facts.years)))
    names = _names_differ(new, old) if new.language == old.language else None
    if names:
        checks.append(("names in the titles", (frozenset(names[0]), frozenset(names[1]))))
    places = _conflict(new.title_places, old.title_places)
    if places and not (places[0] & old.places or places[1] & new.places):
        checks.append(("places in the titles", places))
    for label, found in checks:
        if found:
            a, b = found
            return Verdict(
                False, "contradiction", 0, 0.0, _days(new, old), facts=(("what", label), ("a", a), ("b", b))
            )
    return None


def _title_similarity(new: Profile, old: Profile) -> float:
    """Similarity 0..100 of the folded titles."""
    # Stemmed tokens forgive inflection and word order ("dołącza" ~ "dołączył"); plain ratio on
    # the folded words keeps a short title that is a subset of a longer one from scoring 100.
    return max(
        fuzz.ratio(new.title, old.title),
        (
            fuzz.token_set_ratio(new.title_stem_text, old.title_stem_text)
            + fuzz.token_sort_ratio(new.title_stem_text, old.title_stem_text)
        )
        / 2,
    )


def _summary_similarity(new: Profile, old: Profile) -> float:
    """Similarity 0..100 of the folded summaries; -1 if either is too short to tell."""
    short, long_ = sorted((new.summary, old.summary), key=len)
    if len(short) < 30:
        return -1.0
    # A listing's teaser is often a cut-off copy of the feed's summary: compare like lengths.
    prefix = fuzz.ratio(short, long_[: len(short) + 5])
    return max(prefix, fuzz.token_sort_ratio(short, long_) if len(long_) < 1.3 * len(short) else 0.0)


def _names_differ(new: Profile, old: Profile) -> tuple[set[str], set[str]] | None:
    """A name in each title that the other item never mentions: two organisations, schools or
    districts in one template ("Fundacja Ocalenie" vs "Nomada")."""
    only_new = {n for n in new.title_names if not old.mentions(new.spelled.get(n, n)) and n not in old.names}
    only_old = {n for n in old.title_names if not new.mentions(old.spelled.get(n, n)) and n not in new.names}
    return (only_new, only_old) if only_new and only_old else None


def _title_slot(new: Profile, old: Profile, title_similarity: float) -> tuple[list[str], list[str]] | None:
    """Template titles with a different word in the slot ("Warsztaty: mowa nienawiści" vs "…: fake newsy").

    Each title has words the other item never mentions (in any inflection), and the titles are
    otherwise alike: the shared words are the template, the others are what each item is about.
    A re-titled republication rewrites the headline (low similarity) or only adds words (one side).
    """
    only_new = [word for word_stem, word in new.title_words if not old.mentions(word_stem)]
    only_old = [word for word_stem, word in old.title_words if not new.mentions(word_stem)]
    if not only_new or not only_old:
        return None
    shared = len({s for s, _ in new.title_words} & {s for s, _ in old.title_words})
    if title_similarity >= 70 or shared > max(len(only_new), len(only_old)):
        return only_new, only_old
    return None


def same_text(new: Profile, old: Profile, ctx: Context) -> Verdict | None:
    """One language, the same words: a republication, a listing's teaser of a feed's entry."""
    days = _days(new, old)
    unknown = _time_unknown(new, old)
    title = _title_similarity(new, old)
    if title < min(TITLE_FLOOR, RETITLED_TITLE_FLOOR):
        return None  # neither the same text nor a re-titled one: the summaries need no comparing
    if new.language and old.language and new.language != old.language and title < 85:
        return None  # the same words under two language labels: one was misdetected
    same_image = new.image is not None and new.image == old.image and new.image not in ctx.common_images
    threshold = TEXT_MERGE_SAME_IMAGE if same_image else TEXT_MERGE
    if days > 5 or unknown:
        same_date = new.facts.dates & old.facts.dates
        if not same_date:
            return None
        threshold = TEXT_MERGE_WEEK_APART
    elif days > 2:
        threshold = max(threshold, TEXT_MERGE_DAYS_APART)
    long_summaries = min(len(new.summary), len(old.summary)) >= 100
    if (
        min(len(new.summary), len(old.summary)) >= 30
        and (title < TITLE_FLOOR or 0.6 * title + 40 < threshold)
        and not (long_summaries and days <= 2 and not unknown)
    ):
        # Not even identical summaries would make these the same text, nor a re-titled one: the
        # summaries need no comparing (news of one field share words: most comparisons end here).
        return None
    summary = _summary_similarity(new, old)
    combined = title if summary < 0 else 0.6 * title + 0.4 * summary
    if min(new.content_words, old.content_words) <= 2 and summary < 90:
        return None  # "Komunikat", "Aktualności": a title this generic proves nothing by itself
    if summary < 0 and not (title >= 95 and min(new.content_words, old.content_words) >= 5):
        return None  # a bare headline identifies a story only when long and specific
    by_text = combined >= threshold and title >= TITLE_FLOOR
    retitled = (
        not by_text
        and summary >= SUMMARY_RETITLED
        and long_summaries
        and title >= RETITLED_TITLE_FLOOR
        and days <= 2
        and not unknown
    )
    if not by_text and not retitled:
        return None
    names = _names_differ(new, old)
    if names:
        return Verdict(False, "names differ", 0, combined, days, facts=(("a", names[0]), ("b", names[1])))
    slot = _title_slot(new, old, title)
    if slot:
        return Verdict(False, "title slot", 0, combined, days, facts=(("a", slot[0]), ("b", slot[1])))
    basis, score = ("title+summary", combined) if by_text else ("summary", summary)
    return Verdict(
        True,
        "same text",
        2,
        score,
        days,
        matched_key=f"img:{new.image}" if same_image else None,
        facts=(
            ("basis", basis),
            ("image", same_image),
            ("numbers", bool(new.facts.numbers or old.facts.numbers)),
            ("time", "unknown" if unknown else "known"),
        ),
    )


def _rarity(ctx: Context, key: str) -> float:
    """1.0 for a key no other stored story shares, down to 0.3 at the common-key cap; 0.7 when
    the key was not looked up (not among the item's candidate keys)."""
    postings = ctx.key_postings.get(key)
    if postings is None:
        return 0.7
    return max(0.3, 1.0 - 0.7 * min(postings, COMMON_KEY_POSTINGS) / COMMON_KEY_POSTINGS)


_IDENTIFIERS = frozenset({"image", "article", "date", "number", "acronym", "name"})
_FACTS = frozenset({"image", "article", "date", "number"})


@dataclass(frozen=True, slots=True)
class Evidence:
    """What two items share, for "same event": the figures its thresholds read."""

    shared: tuple[str, ...]  # shared features, the weightiest first
    evidence: float  # their weights (kind x rarity), summed
    coverage: float  # their base weights over the shorter item's
    balance: float  # their base weights over the longer item's: both items say the same
    title_balance: float  # the same for the titles' neutral features (a translated headline)
    identifiers: int  # shared dates, numbers, names, acronyms, pictures, article ids
    facts: int  # shared dates, numbers, pictures, article ids
    in_title: bool  # one of them is in a title
    close: bool  # both dated, at most EVENT_CLOSE_DAYS apart
    days: float
    time_unknown: bool  # one of them backfilled: its date unknown (_time_unknown)
    languages: tuple[str, str]


def _stated_weight(profile: Profile) -> float:
    """What everything ``profile`` states weighs (its pictures and article ids left out)."""
    return sum(EVIDENCE_WEIGHTS[kind] * n for kind, n in profile.kind_counts if kind not in IDENTITY_KINDS)


def event_evidence(new: Profile, old: Profile, ctx: Context) -> Evidence | None:
    """What ``new`` and ``old`` share, language-neutrally (their title words too in one language).

    None when they share nothing, no shared feature is in a title, or what they share covers less
    than ``EVENT_COVERAGE`` of the shorter item: they cannot be the same event (is_same_event),
    and the rarity of each shared key is then never looked up. O(shared features).
    """
    a, b = new.features, old.features
    shared = a.keys() & b.keys()
    if new.image in ctx.common_images:
        shared.discard(f"img:{new.image}")  # a logo or a stock photo of many stories
    if not shared:
        return None
    same_language = bool(new.language) and new.language == old.language
    # Title words are title features of both sides: one shared word puts the match in a title.
    shared_words = len(new.title_stems & old.title_stems) if same_language else 0
    in_title = shared_words > 0 or any(k in new.title_features or k in old.title_features for k in shared)
    if not in_title:
        return None
    weights = EVIDENCE_WEIGHTS
    word = weights["word"]
    # A picture or an article id is evidence when shared, not something the other item lacks:
    # two sites' links never share an id, so it must not weigh in what each item says.
    a_total = _stated_weight(new) + (word * len(new.title_stems) if same_language else 0.0)
    b_total = _stated_weight(old) + (word * len(old.title_stems) if same_language else 0.0)
    shared_base = sum(weights[a[k]] for k in shared if a[k] not in IDENTITY_KINDS) + word * shared_words
    coverage = shared_base / max(1e-9, min(a_total, b_total))
    if coverage < EVENT_COVERAGE:
        return None
    kinds = [a[k] for k in shared]
    identifiers = sum(1 for kind in kinds if kind in _IDENTIFIERS)
    facts = sum(1 for kind in kinds if kind in _FACTS)
    days = _days(new, old)
    close = new.dated and old.dated and days <= EVENT_CLOSE_DAYS
    if same_language and not _identified(identifiers, facts, close, coverage):
        # Only a translation merges on concepts alone: no need to weigh what these two share
        # (news of one field share many concepts, so this is most comparisons).
        return None
    weighed = {k: weights[a[k]] * _rarity(ctx, k) for k in shared}
    title_a, title_b = new.title_statements, old.title_statements
    return Evidence(
        shared=tuple(sorted(shared, key=lambda k: (-weighed[k], k))),
        evidence=sum(weighed.values()) + word * shared_words,
        coverage=coverage,
        balance=shared_base / max(1e-9, a_total, b_total),
        title_balance=len(title_a & title_b) / max(1, len(title_a), len(title_b)),
        identifiers=identifiers,
        facts=facts,
        in_title=True,
        close=close,
        days=days,
        time_unknown=_time_unknown(new, old),
        languages=(new.language, old.language),
    )


def is_same_event(e: Evidence) -> bool:
    """The thresholds of "same event" (tuned on the real corpus' tune split, 0 false merges)."""
    if (e.days > EVENT_DAYS and not e.time_unknown) or not e.in_title or e.coverage < EVENT_COVERAGE:
        return False
    # A translation: two languages, the headlines' concepts the same, and the texts saying the same.
    translated = e.languages[0] != e.languages[1] and (
        e.title_balance >= EVENT_TITLE_BALANCE or e.balance >= EVENT_BALANCE_WHOLE
    )
    if translated and e.close and e.balance >= EVENT_BALANCE_SAME:
        # Published together in two languages, saying the same things: a translation, however
        # short (four concepts of a headline are enough then).
        return e.evidence >= EVENT_EVIDENCE_SAME
    if translated and e.balance >= (EVENT_BALANCE_CLOSE if e.close else EVENT_BALANCE):
        # A translation: both say the same things and nothing more (the concepts of a short news
        # in two languages weigh less than a story's identifiers, hence its own floor).
        return e.evidence >= EVENT_EVIDENCE_TRANSLATED
    if e.time_unknown and e.identifiers < EVENT_IDENTIFIERS_ALONE:
        # Time cannot tell this edition from the last one (the same place announced, then opened;
        # a conference and the declaration signed there): more names, dates and numbers must agree.
        return False
    return e.evidence >= EVENT_EVIDENCE and _identified(e.identifiers, e.facts, e.close, e.coverage)


def _identified(identifiers: int, facts: int, close: bool, coverage: float) -> bool:
    """Whether what two items share identifies one story (not only its subject), apart from a
    translation's saying the same things."""
    if close:
        # Published together: one identifier is enough.
        return identifiers >= 1
    # Undated, or days apart: a name recurs (an organisation's next event, a mayor's next
    # decision); a date, a number, a picture or an article id identify one story. Or, without a
    # fact, several identifiers (a person's full name and an event's) covering most of the
    # shorter item: a portrait of the newly appointed proxy on two sites, say.
    return (identifiers >= 2 and facts >= 1) or (
        identifiers >= EVENT_IDENTIFIERS_ALONE and coverage >= EVENT_COVERAGE_ALONE
    )


def same_event(new: Profile, old: Profile, ctx: Context) -> Verdict | None:
    """Any languages: the same specifics (dates, names, numbers, organisations, concepts).

    Shared features are weighed by kind and rarity; they must add up (``EVENT_EVIDENCE``) and
    cover a good part of the shorter item (``EVENT_COVERAGE``). Identifiers (a date, a number, a
    name, a picture) are what tells one edition of a recurring event from the next: items without
    a date, or days apart, need more of them (:func:`is_same_event`).
    """
    if _days(new, old) > EVENT_DAYS and not _time_unknown(new, old):
        return None
    found = event_evidence(new, old, ctx)
    if found is None or not is_same_event(found):
        return None
    return Verdict(
        True,
        "same event",
        1,
        round(found.evidence, 1),
        found.days,
        matched_key=found.shared[0],
        facts=(
            ("shared", found.shared[:6]),
            ("coverage", round(found.coverage, 2)),
            ("languages", found.languages),
            ("time", "unknown" if found.time_unknown else "known"),
        ),
    )


RULES: tuple[Rule, ...] = (same_link, same_source, time_window, contradiction, same_text, same_event)


def compare(new: Profile, old: Profile, ctx: Context) -> Verdict:
    """The verdict of the first rule with an opinion; "no rule" when none has one."""
    for rule in RULES:
        verdict = rule(new, old, ctx)
        if verdict is not None:
            return verdict
    return Verdict(False, "no rule", 0, 0.0, _days(new, old))
