"""Days an item names by a word, not a date (issue 18): a weekday ("w sobotę", "From Wednesday to
Friday"), today, tomorrow, next week ("jutro", "сьогодні", "next week"), each with the hour written
after it. Counted from the item's published day; ``events`` reads dates first and these after."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from .event_clock import clock_after, zone_name
from .event_model import Event
from .event_words import (
    COMING_WEEKDAY,
    EVENT_WORD,
    NEXT_WEEK,
    NOT_ONE_WEEKDAY,
    PAST_WEEKDAY,
    RELATIVE,
    RELATIVE_DAYS,
    THIS_WEEKEND,
    UNTIL_BEFORE,
    WEEKDAY,
    WEEKDAY_OF,
    EventKind,
)
from .event_years import numeric_day_after
from .parse.dates import WARSAW, DateMention
from .parse.machine_dates import on_clock

__all__ = ["JOIN", "on_day", "relative_event", "weekday_event"]

# Two days joined by words the date reader does not read as a range ("między 30 maja a 4 czerwca").
JOIN = re.compile(r"\s*,?\s*(?:a|and|to|until|till|do|до|по|-)\s*")
_WEEKDAY_CLOCK_REACH = 60  # characters after a weekday within which its hour is looked for
_RELATIVE_CLOCK_REACH = 120  # ...and after "dziś", "jutro", "сьогодні" (a sentence on, as a date's)
# "Today's" said of a thing, not a day: it dates an event only when it is said of one ("podczas
# dzisiejszego (29.05) Koncertu Charytatywnego").
TODAYS = frozenset(("dzisiejszego", "dzisiejszej", "dzisiejszy", "сьогоднішній", "сьогоднішня"))
_TODAYS_REACH = 30
TOMORROW = frozenset(("jutro", "tomorrow", "завтра"))
_DAY_NUMBER_AFTER = re.compile(r"\s*,?\s*\d{1,2}(?:st|nd|rd|th)?\.?\s+[^\W\d_]")  # "Saturday 14th October"


def relative_event(words: str, published: date, invitation: list[str], report: list[str]) -> Event | None:
    """An event dated only by "jutro" / "tomorrow" / "сьогодні" next to event wording: that day,
    counted from the published day ("Two days of celebrations ... will start in Lisbon tomorrow")."""
    hit = RELATIVE.search(words)
    if hit is None:
        return None
    if not (invitation or report or (hit.group(1) in TOMORROW and EVENT_WORD.search(words))):
        # "do dziś", "today's Europe": the word alone dates nothing; "meetup … tomorrow" does.
        return None
    if hit.group(1) in TODAYS and not EVENT_WORD.search(words, hit.end(), hit.end() + _TODAYS_REACH):
        return None  # "Сьогоднішній посібник включатиме…": today's guide, no event of today
    shift = RELATIVE_DAYS[hit.group(1)]
    kind: EventKind = "report" if shift < 0 or (report and not invitation) else "invitation"
    fragments = [hit.group(0), *dict.fromkeys(report if kind == "report" else invitation)]
    if hit.group(1) in NEXT_WEEK:
        # "will take place in Spain next week": some days of that week, Monday to Sunday.
        monday = published + timedelta(days=shift - published.weekday())
        return Event(monday, monday + timedelta(days=6), True, "Europe/Warsaw", None, kind, tuple(fragments))
    if hit.group(1) in THIS_WEEKEND:
        # "Już w ten weekend odbędzie się festiwal": the coming Saturday and Sunday (on a Sunday, today).
        saturday = published + timedelta(days=(5 - published.weekday()) % 7)
        first = published if published.weekday() == 6 else saturday
        return Event(first, saturday + timedelta(days=1), True, "Europe/Warsaw", None, kind, tuple(fragments))
    # "odbędą się dziś Dni Kultury Ukraińskiej… Początek o godz. 15": the day's hour, as a date's.
    return on_day(published + timedelta(days=shift), words, hit, _RELATIVE_CLOCK_REACH, kind, fragments)


def weekday_event(
    words: str, published: date, invitation: list[str], report: list[str], headline_day: bool = False
) -> Event | None:
    """An event dated only by weekdays ("From Wednesday to Friday ... will take place"): the next such
    day on or after the published day for an invitation, the last one on or before it for a report."""
    hit = WEEKDAY.search(words)
    coming = hit is not None and (
        COMING_WEEKDAY.search(words, max(0, hit.start() - 16), hit.start())
        # "в суботу 22.11. о 16:00": a weekday with its day, that weekday this year or near it
        or numeric_day_after(words, hit.end(), WEEKDAY_OF[hit.group(1)], published) is not None
    )
    if not (invitation or report or headline_day or coming):
        # "W środę mamy Nowy Rok": a weekday and an event word are no invitation; a headline's day
        # is ("Saturday: Multicultural Festival and One Krakow bring locals and foreigners together"),
        # and so is the coming one ("concert this Sunday").
        return None
    if hit is None or NOT_ONE_WEEKDAY.search(words, max(0, hit.start() - 24), hit.start()):
        return None
    if _DAY_NUMBER_AFTER.match(words, hit.end()):
        return None  # "Saturday 14th October": a date's weekday, refused with its date (another year's)
    # "w minioną sobotę", "last Saturday", "минулої суботи": a day gone by, whatever the wording.
    is_report = (bool(report) and not invitation) or bool(PAST_WEEKDAY.search(words, 0, hit.end()))
    wanted = WEEKDAY_OF[hit.group(1)]
    shift = (published.weekday() - wanted) % 7 if is_report else (wanted - published.weekday()) % 7
    first = published - timedelta(days=shift) if is_report else published + timedelta(days=shift)
    first = numeric_day_after(words, hit.end(), wanted, first) or first  # "Субота, 01.11"
    fragments = [hit.group(0)]
    last = None
    joined = (
        WEEKDAY.match(words, JOIN.match(words, hit.end()).end()) if JOIN.match(words, hit.end()) else None
    )
    if joined is not None:
        last = first + timedelta(days=(WEEKDAY_OF[joined.group(1)] - wanted) % 7)
        fragments = [words[hit.start() : joined.end()]]
    elif not is_report and UNTIL_BEFORE.search(words, max(0, hit.start() - 8), hit.start()):
        # "is starting and will run until Sunday": under way from the published day to that day.
        first, last = published, first
    kind: EventKind = "report" if is_report else "invitation"
    fragments += list(dict.fromkeys(report if is_report else invitation))
    if last is None:
        # "ma się odbyć w niedzielę o godzinie 17:00": the weekday's hour, as a date's.
        return on_day(first, words, hit, _WEEKDAY_CLOCK_REACH, kind, fragments)
    return Event(first, last, True, "Europe/Warsaw", None, kind, tuple(fragments))


def on_day(
    first: date, words: str, hit: re.Match[str], reach: int, kind: EventKind, fragments: list[str]
) -> Event:
    """The event of a day named by a word (a weekday, "dziś"), at the hour written within ``reach``
    characters after it when there is one, else all day."""
    here = DateMention(hit.start(), hit.end(), None, None, 0, None, None)
    clock, zone, clock_text, end_clock = clock_after(words, here, min(len(words), hit.end() + reach))
    if clock is None:
        return Event(first, None, True, "Europe/Warsaw", None, kind, tuple(fragments))
    start = on_clock(datetime.combine(first, clock), zone) or datetime.combine(first, clock, tzinfo=WARSAW)
    end = start.replace(hour=end_clock.hour, minute=end_clock.minute) if end_clock else None
    fragments.insert(1, clock_text)
    return Event(
        start, end if end and end > start else None, False, zone_name(start.tzinfo), None, kind,
        tuple(fragments),
    )  # fmt: skip
