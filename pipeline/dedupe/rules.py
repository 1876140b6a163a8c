"""Is a new item the same story as a stored one? An ordered list of named rules, named thresholds.

For each candidate the rules are tried in order; the first that has an opinion decides::

    same link ........ the same canonical article link: the same story, any source, any time
    same source ...... one site's entries with different links are different entries (reader's rule)
    time window ...... more than WINDOW apart: not compared (unless one is backfilled, of unknown
                       date: then "same text" needs a shared explicit date, "same event" three
                       identifiers: a place's announcement and its opening share two)
    contradiction .... the facts of the titles disagree: series numbers (#5 / #6, 2nd / 3rd
                       quarter), years, months, seasons, explicit dates (29-30 September vs
                       27 October), places (a study visit to Wrocław vs to Lisbon), an
                       announcement against a report ("odbędzie się" / "odbyła się", "will
                       meet" / "met with"), weekdays within a week ("on Friday" / "w sobotę")
    same text ........ one language, title + summary alike (rapidfuzz), stricter with the days
                       between them; template titles with another word in the slot refuse
    same passage ..... one language, about ten words in a row in common (running text, not a name)
    same event ....... any languages: enough shared specifics (dates, acronyms, names, numbers,
                       organisations, places, concepts), weighted by rarity, covering enough of
                       the shorter item, and at least one of them in a title; news of the same
                       days needs less (one identifier; or, the same day, the place or
                       organisation and two concepts that are much of what both say)

"same event" lives in ``event.py`` (its evidence and thresholds); ``verdict.py`` holds what every
rule reads and says. Precision comes first (a false merge hides a story; a missed one shows it
twice), so thresholds are set on the tune split of the real corpus (tests/data/real/stories-*.jsonl)
for 0 false merges; the held-out split scores them. A verdict carries the rule's name and its
figures; the sentence for ``preview`` is written only for the decision taken (``explain.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rapidfuzz import fuzz

from .candidates import WINDOW
from .event import same_event
from .profile import PASSAGE_WORDS, Profile
from .verdict import Context, Verdict
from .verdict import days_apart as _days
from .verdict import time_unknown as _time_unknown

__all__ = ["CASE_STAGE", "EVENT_WORDING", "RULES", "Context", "Verdict", "compare"]
# --- thresholds (calibrated on the tune split of the real corpus: 0 false merges) ----------------
TEXT_MERGE = 88.0  # title + summary similarity, same language, at most 2 days apart
TEXT_MERGE_SAME_IMAGE = 80.0  # the same non-generic picture corroborates
TEXT_MERGE_DAYS_APART = 94.0  # 2-5 days apart: republication gets rarer, recurring notices likelier
TEXT_MERGE_WEEK_APART = 97.0  # over 5 days: only with the same explicit date in both
TITLE_FLOOR = 60.0  # below this the titles name different things, however alike the summaries
SUMMARY_RETITLED = 95.0  # the same long summary under a new headline...
RETITLED_TITLE_FLOOR = 40.0  # ...that still shares some words with the old one
WEEKDAYS_APART = 6.0  # "on Friday" vs "on Saturday" part two items published within this many days
SHARED_PASSAGES = 5  # word windows in common for "same passage": about ten words in a row


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


# The contradiction of an announcement and a report (``stance``): never one story, even through a third item.
EVENT_WORDING = "event wording"
# Two stages of one incident (perpetrators sought; a suspect caught; a sentence): two news.
CASE_STAGE = "stages of the case"


def contradiction(new: Profile, old: Profile, ctx: Context) -> Verdict | None:
    """The first disagreement of facts that identify an event, or None."""
    nt, ot = new.title_facts, old.title_facts
    checks: list[tuple[str, tuple[frozenset[Any], frozenset[Any]] | None]] = [
        ("numbers in the titles", _conflict(_series(new), _series(old))),
        ("years in the titles", _conflict(nt.years, ot.years)),
        ("months in the titles", _conflict(nt.months, ot.months)),
        ("seasons", _conflict(new.facts.seasons, old.facts.seasons)),
    ]
    new_dates, old_dates = new.facts.dates, old.facts.dates
    if new_dates and old_dates and not new_dates & old_dates and max(len(new_dates), len(old_dates)) <= 4:
        checks.append(("dates", (new_dates, old_dates)))
    if _weekdays_differ(new, old):
        checks.append(("weekdays", (new.weekdays, old.weekdays)))
    if new.facts.years and old.facts.years and not new.facts.years & old.facts.years:
        checks.append(("years", (new.facts.years, old.facts.years)))
    names = _names_differ(new, old) if new.language == old.language else None
    if names:
        checks.append(("names in the titles", (frozenset(names[0]), frozenset(names[1]))))
    if {new.stance, old.stance} == {"announces", "reports"}:
        checks.append((EVENT_WORDING, (frozenset({new.stance}), frozenset({old.stance}))))
    if new.case_stage and old.case_stage and new.case_stage != old.case_stage:
        checks.append((CASE_STAGE, (frozenset({new.case_stage}), frozenset({old.case_stage}))))
    places = _conflict(new.title_places, old.title_places)
    if places and not (places[0] & old.places or places[1] & new.places):
        checks.append(("places in the titles", places))
    elif not new.places & old.places and _city_apart(new, old):
        # One names its city in the title, the other names only other cities: one day's marches
        # in Lublin and in Szczecin.
        checks.append(("places", (new.places, old.places)))
    for label, found in checks:
        if found:
            a, b = found
            return Verdict(
                False, "contradiction", 0, 0.0, _days(new, old), facts=(("what", label), ("a", a), ("b", b))
            )
    return None


def _weekdays_differ(new: Profile, old: Profile) -> bool:
    """Each names a weekday, none the same, within a week of each other: events of two days (a
    visiting president's meeting with charities on Friday, his stadium visit on Saturday)."""
    if not new.weekdays or not old.weekdays or new.weekdays & old.weekdays:
        return False
    return _time_unknown(new, old) or _days(new, old) <= WEEKDAYS_APART


def _series(profile: Profile) -> frozenset[int]:
    """The numbers of a title that can number an edition or a quarter (100 at most). A lead standing
    in for a missing headline counts things in digits ("230 generators, 100 of them for the
    regions"): there only its worded ones count ("the first batch", "II edycja")."""
    numbers = (n for n in profile.title_facts.numbers if n <= 100)
    if _headline(profile):
        return frozenset(numbers)
    written = set(profile.title.split())
    return frozenset(n for n in numbers if str(n) not in written)


def _city_apart(new: Profile, old: Profile) -> bool:
    return bool((new.title_places and old.places) or (old.title_places and new.places))


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


def _headline(profile: Profile) -> bool:
    """Whether the title is a headline, not the summary's first words standing in for a missing one
    (SPEC "No title"): a template's slot is a headline's, a lead sentence has none."""
    return not profile.summary.startswith(profile.title)


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
    slot = _title_slot(new, old, title) if _headline(new) and _headline(old) else None
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


def same_passage(new: Profile, old: Profile, ctx: Context) -> Verdict | None:
    """One language, a passage of about ten words in common (running text, not a name): two outlets
    quoting one press release under their own headlines and leads. A week apart, a recurring notice
    repeats itself: an explicit date must agree too (as for "same text"); of unknown time, last
    year's boilerplate paragraph could: a date or a number must agree."""
    if not new.language or new.language != old.language:
        return None
    shared = len(new.passages & old.passages)
    if shared < SHARED_PASSAGES:
        return None
    unknown = _time_unknown(new, old)
    same_date = new.facts.dates & old.facts.dates
    if unknown and not (same_date or new.facts.numbers & old.facts.numbers):
        return None
    if not unknown and _days(new, old) > 5 and not same_date:
        return None
    return Verdict(
        True,
        "same passage",
        2,
        float(shared),
        _days(new, old),
        facts=(("words", shared + PASSAGE_WORDS - 1), ("time", "unknown" if unknown else "known")),
    )


RULES: tuple[Rule, ...] = (
    same_link,
    same_source,
    time_window,
    contradiction,
    same_text,
    same_passage,
    same_event,
)


def compare(new: Profile, old: Profile, ctx: Context) -> Verdict:
    """The verdict of the first rule with an opinion; "no rule" when none has one."""
    for rule in RULES:
        verdict = rule(new, old, ctx)
        if verdict is not None:
            return verdict
    return Verdict(False, "no rule", 0, 0.0, _days(new, old))
