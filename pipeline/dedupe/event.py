"""The rule "same event": any languages, the same specifics (dates, names, numbers, organisations,
places, concepts) weighed by kind and rarity, with the thresholds that tell one story from the next
edition of a recurring one. Tuned on the tune split of the real corpus for 0 false merges."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from .candidates import COMMON_KEY_POSTINGS
from .profile import EVIDENCE_WEIGHTS, Profile
from .verdict import Context, Verdict, days_apart, time_unknown

__all__ = ["EVIDENCE_WEIGHTS", "Evidence", "common_shared", "event_evidence", "is_same_event", "same_event"]

EVENT_EVIDENCE = 6.0  # weighted shared features needed for "same event"
EVENT_COVERAGE = 0.35  # share of the shorter item's weighted features that the other one has too
EVENT_DAYS = 10.0  # "same event" only this close in time
EVENT_CLOSE_DAYS = 4.0  # both of known time and this close (a weekend between): one identifier is enough
EVENT_BALANCE = 0.7  # undated: what both say, over the longer item's features (a translation)
EVENT_BALANCE_CLOSE = 0.55  # the same, for a translation published within EVENT_CLOSE_DAYS
EVENT_EVIDENCE_TRANSLATED = 4.0  # a translation's shared features (~6 concepts of a short news)
EVENT_TITLE_BALANCE = 0.6  # a translation's headlines share most of their concepts...
EVENT_TITLE_SHARED = 4  # ...and, published together, this many of them make one news (3: look-alikes)...
EVENT_TITLE_SPECIFICS = 3  # ...of which this many places, names or numbers (not a strategy's concepts)
EVENT_BALANCE_WHOLE = 0.8  # ...or, headlines written freely, the texts say (almost) only the same
EVENT_IDENTIFIERS_ALONE = 3  # undated or days apart, no shared fact: this many names/acronyms…
EVENT_COVERAGE_ALONE = 0.6  # …covering this much of the shorter item
EVENT_COVERAGE_COUNTED = 0.4  # undated, a shared quantity of 100 or more: what they share covers this much
EVENT_BALANCE_SAME = 0.8  # a translation published together, saying (almost) only the same things…
EVENT_EVIDENCE_SAME = 2.5  # …needs only about four shared concepts
EVENT_EVIDENCE_NEAR = 4.0  # both of known time and close: an identifier and a few concepts…
EVENT_BALANCE_NEAR = 0.28  # …that are a good part of what each says (any languages)
EVENT_COVERAGE_NEAR = 0.3  # and cover this much of the shorter item (a teaser of other words)
EVENT_SAME_DAY = 1.5  # both of known time, this close: the same place or organisation…
EVENT_SAME_DAY_CONCEPTS = 3  # …and this many shared concepts (an organisation's)…
EVENT_SAME_DAY_CONCEPTS_AT_PLACE = 2  # …or this many, for one place's news (an incident, a shelter)…
EVENT_SAME_DAY_BALANCE = 0.34  # …that are much of what each says, with no identifier at all
EVENT_SAME_DAY_PLACES = 2  # in two languages: this many cities named by both (a partnership)…
EVENT_SAME_DAY_PLACES_COVERAGE = 0.5  # …and half of the shorter item


def _rarity(ctx: Context, key: str) -> float:
    """1.0 for a key one stored item of the window states, down to 0.3 at the common-key cap, and
    0 beyond it: stated by more stories than a key lookup reads, it tells none of them apart. 0.7
    when its count is unknown (a decision made without the store's counts)."""
    postings = ctx.key_postings.get(key)
    if postings is None:
        return 0.7
    if postings > COMMON_KEY_POSTINGS:
        return 0.0
    return max(0.3, 1.0 - 0.7 * min(postings, COMMON_KEY_POSTINGS) / COMMON_KEY_POSTINGS)


def common_shared(new: Profile, old: Profile, ctx: Context) -> tuple[str, ...]:
    """The features both items state that weigh nothing here (:func:`_rarity`: more stories of the
    window state them than a lookup reads), for the explanation of a refusal. O(features)."""
    return tuple(sorted(k for k in new.features.keys() & old.features.keys() if _rarity(ctx, k) == 0.0))


# The uniformed services act in every incident's news: a shared one is no organisation whose news
# of one day two items tell (a monument's vandal detained by the police, then charged).
_SERVICES = frozenset({"o:police", "o:city-guard", "o:border-guard", "o:fire-service"})


_IDENTIFIERS = frozenset({"image", "article", "date", "number", "acronym", "name"})
_FACTS = frozenset({"image", "article", "date", "number"})  # identifiers too


@dataclass(frozen=True, slots=True)
class Evidence:
    """What two items share, for "same event": the figures its thresholds read."""

    shared: tuple[str, ...]  # shared features, the weightiest first
    evidence: float  # their weights (kind x rarity), summed
    coverage: float  # their base weights over the shorter item's
    balance: float  # their base weights over the longer item's: both items say the same
    title_balance: float  # the same for the titles' neutral features (a translated headline)
    identifiers: int  # shared dates, numbers, names, acronyms, pictures, article ids
    # ...but small numbers (an age, an edition, an address): what a running story repeats
    distinctive: int
    facts: int  # shared dates, numbers, pictures, article ids
    in_title: bool  # one of them is in a title
    close: bool  # both dated, at most EVENT_CLOSE_DAYS apart
    days: float
    # One of them backfilled: its date unknown. Unlike the text rules (a republication read
    # together is one), even two backfilled items read together: shared names and numbers do not
    # tell a running story's developments apart (a death, the protest, the indictment).
    time_unknown: bool
    languages: tuple[str, str]
    # Shared places and organisations that few stories of the window state (one that more of them
    # state than a lookup reads weighs nothing: every Wrocław news names Wrocław).
    specific_places: int
    specific_organisations: int
    title_shared: int  # features both titles state, except those most stories of the window state
    title_specifics: int  # those of them that are not concepts (places, names, numbers, dates)


def event_evidence(new: Profile, old: Profile, ctx: Context) -> Evidence | None:
    """What ``new`` and ``old`` share, language-neutrally (their title words too in one language).

    None when they share nothing, no shared feature is in a title, or what they share covers less
    than ``EVENT_COVERAGE`` of the shorter item, or nothing identifies them and they are neither
    one language's news of one day nor a translation: they cannot be the same event
    (is_same_event), and the rarity of each shared key is then never looked up. O(shared features).
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
    in_title = (
        shared_words > 0
        or not shared.isdisjoint(new.title_features)
        or not shared.isdisjoint(old.title_features)
    )
    if not in_title:
        return None
    weights = EVIDENCE_WEIGHTS
    word = weights["word"]
    # A picture or an article id is evidence when shared, not something the other item lacks:
    # two sites' links never share an id, so it must not weigh in what each item says.
    a_total = new.stated_weight + (word * len(new.title_stems) if same_language else 0.0)
    b_total = old.stated_weight + (word * len(old.title_stems) if same_language else 0.0)
    shared_base = sum(map(new.feature_weights.__getitem__, shared)) + word * shared_words
    coverage = shared_base / max(1e-9, min(a_total, b_total))
    days = days_apart(new, old)
    close = not new.backfilled and not old.backfilled and days <= EVENT_CLOSE_DAYS
    if coverage < (EVENT_COVERAGE_NEAR if close else EVENT_COVERAGE):
        return None
    identifiers = facts = small = 0
    for k in shared:
        kind = a[k]
        if kind in _IDENTIFIERS:
            identifiers += 1
            facts += kind in _FACTS
            small += kind == "number" and _small(k)
    distinctive = identifiers - small
    # "The same day, one subject" (is_same_event) needs a shared place or organisation: without
    # one, a pair with nothing to identify it is not weighed (most same-day pairs of one field).
    same_day = close and days <= EVENT_SAME_DAY and _where(shared)
    balance = shared_base / max(1e-9, a_total, b_total)
    title_a, title_b = new.title_statements, old.title_statements
    title_balance = len(title_a & title_b) / max(1, len(title_a), len(title_b))
    if (
        not _identified(identifiers, facts, close, coverage)
        and not (same_day and (new.language == old.language or _places(shared) >= EVENT_SAME_DAY_PLACES))
        and not _translated(new.language, old.language, title_balance, balance)
    ):
        # Without an identifier only "the same day, one subject" (one language) or a translation
        # can merge (is_same_event): no need to weigh what these two share (news of one field
        # share many concepts, so this is most comparisons).
        return None
    weighed = {k: weights[a[k]] * _rarity(ctx, k) for k in shared}
    specific = [k for k in shared if weighed[k] > 0]
    title_shared = [k for k in title_a & title_b if _rarity(ctx, k) > 0]
    return Evidence(
        shared=tuple(sorted(shared, key=lambda k: (-weighed[k], k))),
        # fsum: exactly rounded, so the figure does not depend on the set's iteration order (which
        # changes with PYTHONHASHSEED between processes).
        evidence=math.fsum(weighed.values()) + word * shared_words,
        coverage=coverage,
        balance=balance,
        title_balance=title_balance,
        identifiers=identifiers,
        distinctive=distinctive,
        facts=facts,
        in_title=True,
        close=close,
        days=days,
        time_unknown=new.backfilled or old.backfilled,
        languages=(new.language, old.language),
        specific_places=sum(1 for k in specific if k.startswith("p:")),
        specific_organisations=sum(1 for k in specific if k.startswith("o:") and k not in _SERVICES),
        title_shared=len(title_shared),
        title_specifics=sum(1 for k in title_shared if not k.startswith("c:")),
    )


def is_same_event(e: Evidence) -> bool:
    """The thresholds of "same event" (tuned on the real corpus' tune split, 0 false merges)."""
    if (e.days > EVENT_DAYS and not e.time_unknown) or not e.in_title:
        return False
    near = e.close and e.balance >= EVENT_BALANCE_NEAR and e.coverage >= EVENT_COVERAGE_NEAR
    if near and e.distinctive >= 1:
        # Published within days, sharing a name, a date or a number and much of what both say
        # (a president's title for a city, told in Ukrainian and in Polish the same day). Not a
        # small number alone: a running story's stages of those days repeat the victim's or the
        # suspect's age (a vandal of 17 detained, charged, remanded; a girl of 11 killed, then a fake
        # about the suspect denied, then its authors identified).
        return e.evidence >= EVENT_EVIDENCE_NEAR
    if _translated_headline(e):
        # Two languages' headlines of one day saying the same four things or more, three of them
        # places, names or numbers (four capitals' mayors in Kyiv): one news, however much more
        # one teaser tells.
        return True
    if e.coverage < EVENT_COVERAGE:
        return False
    if e.close and e.days <= EVENT_SAME_DAY and _one_subject(e):
        # News of the same day on the same city's or organisation's same matter, in other words
        # (the UMP presidents' appeal as two outlets wrote it up). Two cities' protests of one day
        # share concepts but no place; two events of one city share the place but not the matter.
        # In two languages, two cities' same matter (Rzeszów and Chernihiv made partners).
        return True
    translated = _translated(*e.languages, e.title_balance, e.balance)
    if translated and e.close and e.balance >= EVENT_BALANCE_SAME:
        # Published together in two languages, saying the same things: a translation, however
        # short (four concepts of a headline are enough then).
        return e.evidence >= EVENT_EVIDENCE_SAME
    if translated and e.balance >= (EVENT_BALANCE_CLOSE if e.close else EVENT_BALANCE):
        # A translation: both say the same things and nothing more (the concepts of a short news
        # in two languages weigh less than a story's identifiers, hence its own floor).
        return e.evidence >= EVENT_EVIDENCE_TRANSLATED
    if e.time_unknown and e.distinctive < EVENT_IDENTIFIERS_ALONE and not _counted_alike(e):
        # Time cannot tell this edition from the last one (the same place announced, then opened;
        # a conference and the declaration signed there; a death, the protest, the indictment, each
        # naming the victim and his age): more names and dates must agree, small numbers aside.
        return False
    # Of known time and close, a small number alone identifies nothing (a running story's stages
    # repeat an age); days apart or undated, _identified asks for more anyway.
    identifiers = e.distinctive if e.close else e.identifiers
    return e.evidence >= EVENT_EVIDENCE and _identified(identifiers, e.facts, e.close, e.coverage)


def _translated_headline(e: Evidence) -> bool:
    """Headlines in two languages of the same day and a half, sharing ``EVENT_TITLE_SHARED``
    features or more that are most of each (``EVENT_TITLE_BALANCE``), ``EVENT_TITLE_SPECIFICS`` of
    them places, names or numbers: a city's "Strategy for Intercultural Dialogue" project and its
    report share four concepts and one place."""
    return (
        e.close
        and e.days <= EVENT_SAME_DAY
        and e.languages[0] != e.languages[1]
        and e.title_shared >= EVENT_TITLE_SHARED
        and e.title_specifics >= EVENT_TITLE_SPECIFICS
        and e.title_balance >= EVENT_TITLE_BALANCE
    )


def _translated(language_a: str, language_b: str, title_balance: float, balance: float) -> bool:
    """A translation: two languages, the headlines' concepts the same, or the texts saying the same."""
    return language_a != language_b and (
        title_balance >= EVENT_TITLE_BALANCE or balance >= EVENT_BALANCE_WHOLE
    )


def _where(shared: Iterable[str]) -> bool:
    """Whether the shared features hold a place or an organisation."""
    return any(k.startswith(("p:", "o:")) for k in shared)


def _places(shared: Iterable[str]) -> int:
    return sum(1 for k in shared if k.startswith("p:"))


def _one_subject(e: Evidence) -> bool:
    """One language, much of what each says (``EVENT_SAME_DAY_BALANCE``), and a shared place and
    ``EVENT_SAME_DAY_CONCEPTS_AT_PLACE`` shared concepts (five outlets' reports of one attack in a
    Poznań tram), or a shared organisation and ``EVENT_SAME_DAY_CONCEPTS`` (an organisation
    publishes several news a day: its team's meeting and its committee's). Two languages: two
    places and as many concepts, half of the shorter item."""
    at_place = e.specific_places > 0
    concepts = sum(1 for k in e.shared if k.startswith("c:"))
    if e.languages[0] != e.languages[1]:
        # Across languages concepts are coarser and teasers tell more or less: two cities named
        # by both, and half of the shorter item.
        return (
            e.specific_places >= EVENT_SAME_DAY_PLACES
            and e.coverage >= EVENT_SAME_DAY_PLACES_COVERAGE
            and concepts >= EVENT_SAME_DAY_CONCEPTS_AT_PLACE
        )
    if e.balance < EVENT_SAME_DAY_BALANCE or not (at_place or e.specific_organisations):
        return False
    return concepts >= (EVENT_SAME_DAY_CONCEPTS_AT_PLACE if at_place else EVENT_SAME_DAY_CONCEPTS)


def _counted_alike(e: Evidence) -> bool:
    """A shared quantity of 100 or more ("46 mln zł", "439 posłów") with what they share covering
    ``EVENT_COVERAGE_COUNTED`` of the shorter item: two reports of one count, whenever published (a
    running story's next step repeats an age or an edition, under 100, or changes its figures). A
    number that could be a year ("w 2022", "2014–2024") is not one: on the tune split it merged
    other years' look-alikes (16 false merges)."""
    return e.coverage >= EVENT_COVERAGE_COUNTED and any(_count(k) for k in e.shared)


def _count(key: str) -> bool:
    value = key.partition(":")[2]
    return key.startswith("#:") and value.isdigit() and int(value) >= 100 and not 1900 <= int(value) <= 2100


def _small(key: str) -> bool:
    """A shared number under 100 ("#:25"): a victim's age, an edition, a house number."""
    value = key.partition(":")[2]
    return value.isdigit() and int(value) < 100


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
    if days_apart(new, old) > EVENT_DAYS and not time_unknown(new, old):
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
