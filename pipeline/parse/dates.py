"""Dates as sites and feeds write them, in Polish, English and Ukrainian, as aware UTC datetimes.

A small month-name parser rather than dateparser: FIELD-NOTES measured dateparser at ~1 ms a call,
with false hits from ``search_dates`` and only the start of a range, while listing pages write
"14-15 listopada 2024", "17-18 September 2024 Botkyrka, Sweden" or "31.05.2024 | Integracja".

Rules (SPEC, issue 3):

- a range means its first day; trailing place names and other words are ignored;
- a date without a time is midnight Europe/Warsaw; a time without a zone is Warsaw time;
- a date without a year gets the latest year that does not put it more than ~a month after ``now``;
- years before 1990 or more than a year after ``now`` are rejected (a misread, not a date);
- an impossible date (31.02.2024, "99 Jun 2009") is no date: nothing around it is read instead.

Machine formats (RFC 822, ISO 8601) are read by ``machine_dates`` first, for pages and feeds alike
(issue 19); ``parse_feed_date`` is the one path for a feed entry's date. Everything is a pure
function of its arguments: the caller passes ``now``. ``find_dates`` gives every day of a text
with its range and time, for events (issue 18).

Over 400 lines on purpose: the patterns of human dates and the one reader of them stay together,
so that listings, item pages, feeds and events can never read one date two ways.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate

from ..alternation import alternation
from ..months import MONTHS as _MONTHS
from ..months import ROMAN_MONTHS as _ROMAN
from .machine_dates import INVALID, WARSAW, feedparser_agrees, normalise, on_clock, read_machine_date

__all__ = [
    "WARSAW", "DateMention", "find_dates", "is_calendar", "parse_date", "parse_datetime_attr",
    "parse_feed_date",
]  # fmt: skip

MIN_YEAR = 1990
# A yearless date may lie this far after ``now`` (an announced event); beyond it, it is last year's.
FUTURE_SLACK = timedelta(days=31)


# Longest first, so "marca" is not read as "mar" + "ca"; the lookahead keeps "maja" out of "majątek".
# A trie-shaped alternation: every date pattern starting with a month is tried at every position.
_MONTH = alternation(_MONTHS) + r"(?!\w)\.?"
_ORD = r"(?:st|nd|rd|th)?"
_DAY = r"(?<!\d)(\d{1,2})" + _ORD + r"(?!\d)\.?"
_YEAR = r"(\d{4})(?![\d:])"
# "14-15", "14 – 15", "14 to 15", "13 i 14" (two days: the first counts like a range's first)
_DASH = r"(?:\s*-\s*|\s+(?:to|do|до|until|bis|i|and|&|і|та|й)\s+)"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        # 2025-04-22, 2025-04-22T10:15:00+01:00, 2025-04-22 10:15
        (
            "iso",
            r"(?<!\d)(\d{4})-(\d{2})-(\d{2})"
            r"(?:([T ])(\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?(?!\d)",
        ),
        # 2025/04/22, 2025.04.22
        ("ymd", r"(?<!\d)(\d{4})[./](\d{1,2})[./](\d{1,2})(?![\d.])"),
        # 2016, 25 November (a listing's "Post date: 2016, 25 November")
        ("ydm", r"(?<![\d.])(\d{4}),\s*" + _DAY + r"\s+(" + _MONTH + r")"),
        # 30 września - 2 października 2024 / 30 December 2024 - 2 January 2025
        (
            "cross",
            _DAY
            + r"\s+(?:of\s+)?("
            + _MONTH
            + r")(?:,?\s+"
            + _YEAR
            + r")?"
            + _DASH
            + _DAY
            + r"\s+(?:of\s+)?("
            + _MONTH
            + r"),?\s+"
            + _YEAR,
        ),
        # September 30 - October 2, 2024
        (
            "cross_mdy",
            r"(?<!\w)(" + _MONTH + r")\s+" + _DAY + _DASH + r"(" + _MONTH + r")\s+" + _DAY + r",?\s+" + _YEAR,
        ),
        # 14-15 listopada 2024, 21st September 2020, 1 maja, 22 квітня 2025 р.
        (
            "dmy",
            _DAY + r"(?:" + _DASH + r"(\d{1,2})" + _ORD + r"\.?)?\s*(?:of\s+)?(" + _MONTH + r")"
            r"(?:,?\s+" + _YEAR + r")?",
        ),
        # Mar 3, 2024; September 17-18, 2024; May 1
        (
            "mdy",
            r"(?<!\w)(" + _MONTH + r")\s+" + _DAY + r"(?:" + _DASH + r"(\d{1,2})" + _ORD + r")?"
            r"(?:,?\s+" + _YEAR + r")?",
        ),
        # 30.09 - 2.10.2024
        ("cross_num", r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.?" + _DASH + r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)"),
        # 14 – 15.11.2024, 14-15.11.2024
        ("range_num", r"(?<![\d.])(\d{1,2})\.?" + _DASH + r"(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)"),
        # 22.04.2025, 22/04/2025, 22-04-2025, 22.04.25
        ("num", r"(?<![\d./])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/]|\.\d)"),
        # 13 V 2022
        ("roman", r"(?<![\w.])(\d{1,2})\.?\s*(xii|xi|x|ix|viii|vii|vi|v|iv|iii|ii|i)\.?\s*" + _YEAR),
        # maj 2024, September 2024 (no day: the first of the month)
        ("my", r"(?<!\w)(" + _MONTH + r")\s+" + _YEAR),
        # dzisiaj / today / сьогодні; wczoraj / yesterday / вчора
        (
            "relday",
            r"(?<!\w)(przedwczoraj|dzisiaj|dziś|today|сьогодні|сегодня|wczoraj|yesterday|"
            r"вчора|учора|вчера)(?!\w)",
        ),
        # 3 dni temu, 2 hours ago, 5 хвилин тому
        (
            "ago",
            r"(?<!\w)(\d{1,3})\s*(minut[ay]?|min\.?|minutes?|mins?|хвилин[иу]?|"
            r"godzin[ay]?|godz\.?|hours?|hrs?|годин[иу]?|"
            r"dni|dzień|days?|днів|дні|день|дня|"
            r"tygodni[e]?|tydzień|weeks?|тижн[іяь]в?|тиждень)\s+(temu|ago|тому)(?!\w)",
        ),
    )
)

# Every pattern but these needs a digit (``\d``, as ``_DIGIT`` reads it) to match.
_DIGITLESS_PATTERNS = tuple((name, pattern) for name, pattern in _PATTERNS if name == "relday")
_DIGIT = re.compile(r"\d")

_TIME = re.compile(
    r"(?P<sep>[\s,;|-]*(?:(?:r\.|roku|р\.|року)[\s,;|-]*)?)"
    r"(?P<word>(?:(?:godz\.?|godzina|godzinie|o|at|от|о|об|um|à)\s*)+)?"
    r"(?P<h>\d{1,2})(?P<mark>[:.])(?P<m>\d{2})(?::(?P<s>\d{2}))?(?!\d|\.\d)\s*(?P<ampm>a\.?m\.?|p\.?m\.?)?"
    # "12:00 Noon PDT": North American zones too (a sister city's event read in Warsaw time).
    r"(?:\s*noon)?\s*(?P<zone>z|utc|gmt|cest|cet|mesz|mez|eest|eet|bst|[pmce][sd]t|[+-]\d{2}:?\d{2})?(?!\w)",
    re.IGNORECASE,
)
# A time written before the date: "13:00, 22.04.2025".
_TIME_BEFORE = re.compile(r"(?<!\d)(\d{1,2}):(\d{2})(?!\d)\s*[,|-]?\s*$")


@dataclass(frozen=True, slots=True)
class _Found:
    """One date read from the text, before a year is chosen and a time attached."""

    start: int
    end: int
    day: date | None = None
    month_day: tuple[int, int] | None = None  # a yearless date
    moment: datetime | None = None  # complete (ISO with time, "2 hours ago")
    impossible: bool = False  # written as a date, but no such day (31.02.2024, "99 Jun 2009")
    length_days: int = 0  # a range's last day is this many days after its first (events, issue 18)


def parse_date(text: str | None, *, now: datetime, language: str | None = None) -> datetime | None:
    """Read the first date in ``text`` (pl/en/uk, numeric, ISO, RFC 822, relative) as aware UTC.

    ``now`` decides relative words and the year of a yearless date; ``language`` ("pl", "en-US", …)
    only breaks the tie of an ambiguous slashed date (en-US reads 04/05/2024 as April 5th).
    Returns None when there is no date, or only an impossible one.
    """
    if not text:
        return None
    machine = read_machine_date(text)
    if isinstance(machine, datetime):
        return _checked(machine, now)
    if machine is INVALID:
        return None
    return _read_human(normalise(text), now=now, language=language)


def parse_datetime_attr(value: str | None, *, now: datetime | None = None) -> datetime | None:
    """Read a machine date (``<time datetime>``, ``article:published_time``, JSON-LD) as aware UTC.

    Accepts ISO 8601 / RFC 3339 / W3C-DTF dates and date-times with or without offset ("Z",
    "+01:00", "+0100", "CEST") and RFC 822 (``machine_dates``); a value without a zone is Warsaw
    time, a bare date is midnight in Warsaw. With ``now`` given, dates more than a year after it are
    rejected like any other absurd year.
    """
    if not value:
        return None
    moment = read_machine_date(value)
    return _checked(moment, now) if isinstance(moment, datetime) else None


FEED_DATE_MAX_CHARS = 200


def parse_feed_date(
    text: str | None, *, now: datetime, feedparser_value: datetime | None = None
) -> datetime | None:
    """A feed entry's date text (pubDate, dc:date, Atom, JSON Feed) as aware UTC, or None: undated.

    The text is read here, not taken from feedparser's struct, which is UTC-normalised with unknown
    zones (CEST) and zone-less times read as UTC. A machine format wins; one with an impossible
    value (day 99, 31 June, month 13, year "zz") is undated even when feedparser returned a struct.
    A text in no machine format we read takes ``feedparser_value`` (its reading, aware UTC) unless
    it is made up (``feedparser_agrees``): Greek dates, unknown zone names read as UTC. Otherwise the
    human forms pages use ("22 kwietnia 2025", "05.03.2025 14:30"). O(len(text)).
    """
    if not text or not text.strip():
        return None  # feedparser keeps the text beside every struct: there is nothing to check it by
    # A date is a few dozen characters: a hostile megabyte of "pubDate" costs no second here.
    text = text[:FEED_DATE_MAX_CHARS]
    machine = read_machine_date(text)
    if isinstance(machine, datetime):
        return _checked(machine, now)
    if machine is INVALID:
        return None
    text = normalise(text)
    if feedparser_value is not None and feedparser_agrees(text, feedparser_value):
        return _checked(feedparser_value, now)
    return _read_human(text, now=now, language=None)


# --- internals ----------------------------------------------------------------------------------


def _read_human(text: str, *, now: datetime, language: str | None) -> datetime | None:
    """The first date of normalised ``text`` that is complete or can be completed."""
    for found in _candidates(text, now=now, language=language):
        result = _complete(found, text, now)
        if result is not None:
            return result
    return None


def _candidates(
    text: str, *, now: datetime, language: str | None, skip: frozenset[str] = frozenset()
) -> list[_Found]:
    """Every date the patterns see, earliest first (the longest of those starting together).

    A date overlapping an impossible one is dropped: "99 Jun 2009" is not "Jun 2009", 1 June.
    O(m log m) for m matches: impossible spans sorted by start, with the furthest end reached so far.
    """
    found: list[_Found] = []
    impossible: list[tuple[int, int]] = []
    # A text without a digit names no day but "today" / "yesterday": one search spares the rest.
    for name, pattern in _PATTERNS if _DIGIT.search(text) else _DIGITLESS_PATTERNS:
        if name in skip:
            continue
        for match in pattern.finditer(text):
            item = _read(name, match, now=now, language=language)
            if item is not None and item.impossible:
                impossible.append((item.start, item.end))
            elif item is not None:
                found.append(item)
    if impossible:
        impossible.sort()
        starts = [start for start, _ in impossible]
        reach = list(accumulate((end for _, end in impossible), max))  # furthest end so far
        # An item overlaps an impossible span iff one starting before its end reaches past its start.
        found = [f for f in found if (k := bisect_left(starts, f.end)) == 0 or reach[k - 1] <= f.start]
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    return found


def _read(name: str, m: re.Match[str], *, now: datetime, language: str | None) -> _Found | None:
    """Turn one pattern match into a (possibly yearless) date; None when it is not a real date."""
    g = m.groups()
    start, end = m.span()
    if name == "iso":
        year, month, day = int(g[0]), int(g[1]), int(g[2])
        separator, hour, minute, second, offset = g[3:8]
        if hour is None:
            return _dated(start, end, year, month, day)
        try:
            naive = datetime(year, month, day, int(hour), int(minute), int(second or 0))
        except ValueError:
            return _Found(start, end, impossible=True)
        if offset and separator == " " and second is None:
            # "2025-04-22 10:15-12:00" is a time range, not an offset of -12:00.
            offset, end = None, m.end(6)
        moment = on_clock(naive, offset)
        if moment is None:
            return _Found(start, end, impossible=True)  # "+25:00"
        return _Found(start, end, moment=moment)
    if name == "ymd":
        return _dated(start, end, int(g[0]), int(g[1]), int(g[2]))
    if name == "ydm":
        return _dated(start, end, int(g[0]), _MONTHS[_key(g[2])], int(g[1]))
    if name == "cross":
        day1, month1, year1, month2, year2 = int(g[0]), _MONTHS[_key(g[1])], g[2], _MONTHS[_key(g[4])], g[5]
        year = int(year1) if year1 else int(year2) - (1 if month1 > month2 else 0)
        return _ranged(_dated(start, end, year, month1, day1), (int(year2), month2, int(g[3])))
    if name == "cross_mdy":
        month1, day1, month2, year2 = _MONTHS[_key(g[0])], int(g[1]), _MONTHS[_key(g[2])], int(g[4])
        first = _dated(start, end, year2 - (1 if month1 > month2 else 0), month1, day1)
        return _ranged(first, (year2, month2, int(g[3])))
    if name == "dmy":
        return _days(_maybe_yearless(start, end, g[3], _MONTHS[_key(g[2])], int(g[0])), g[0], g[1])
    if name == "mdy":
        return _days(_maybe_yearless(start, end, g[3], _MONTHS[_key(g[0])], int(g[1])), g[1], g[2])
    if name == "cross_num":
        day1, month1, month2, year2 = int(g[0]), int(g[1]), int(g[3]), int(g[4])
        first = _dated(start, end, year2 - (1 if month1 > month2 else 0), month1, day1)
        return _ranged(first, (year2, month2, int(g[2])))
    if name == "range_num":
        return _days(_dated(start, end, int(g[3]), int(g[2]), int(g[0])), g[0], g[1])
    if name == "num":
        first, separator, second, year_text = int(g[0]), g[1], int(g[2]), g[3]
        year = int(year_text) + 2000 if len(year_text) == 2 else int(year_text)
        if len(year_text) == 2 and separator != ".":
            return None  # "22/04/25" is too often a fraction or a code; dotted short years are Polish
        day, month = first, second
        # Slashes are ambiguous: day first unless that is impossible or the page is US English.
        if separator == "/" and (second > 12 or ((language or "").lower() == "en-us" and first <= 12)):
            day, month = second, first
        return _dated(start, end, year, month, day)
    if name == "roman":
        return _dated(start, end, int(g[2]), _ROMAN[g[1]], int(g[0]))
    if name == "my":
        return _dated(start, end, int(g[1]), _MONTHS[_key(g[0])], 1)
    if name == "relday":
        today = now.astimezone(WARSAW).date()
        back = {"przedwczoraj": 2, "wczoraj": 1, "yesterday": 1, "вчора": 1, "учора": 1, "вчера": 1}
        return _Found(start, end, day=today - timedelta(days=back.get(g[0], 0)))
    if name == "ago":
        amount, unit = int(g[0]), g[1]
        if unit.startswith(("min", "хв")):
            return _Found(start, end, moment=now - timedelta(minutes=amount))
        if unit.startswith(("godz", "hour", "hr", "год")):
            return _Found(start, end, moment=now - timedelta(hours=amount))
        days = amount * 7 if unit.startswith(("tydz", "tyg", "week", "тиж")) else amount
        return _Found(start, end, day=now.astimezone(WARSAW).date() - timedelta(days=days))
    raise AssertionError(f"unhandled date pattern {name}")


def _days(found: _Found, first: str, last: str | None) -> _Found:
    """A same-month range ("14-15 maja"): its length; a backwards one ("15-14") is a single day."""
    if last is None or found.impossible or int(last) <= int(first):
        return found
    length = int(last) - int(first)
    if found.day is not None and (found.day + timedelta(days=length)).month != found.day.month:
        return found  # "30-32 maja": no such last day, the first still stands
    return replace(found, length_days=length)


def _ranged(found: _Found, last: tuple[int, int, int]) -> _Found:
    """A range across months ("30 września - 2 października 2024"): its length when the last day is real."""
    if found.day is None:
        return found
    try:
        length = (date(*last) - found.day).days
    except ValueError:
        return found
    return replace(found, length_days=length) if 0 < length <= 366 else found


def _key(month_text: str) -> str:
    return month_text.rstrip(".").lower()


def _dated(start: int, end: int, year: int, month: int, day: int) -> _Found:
    try:
        return _Found(start, end, day=date(year, month, day))
    except ValueError:
        # 31.02.2024, 45.13.2024: no date, and no part of it either; a later match may try.
        return _Found(start, end, impossible=True)


def _maybe_yearless(start: int, end: int, year: str | None, month: int, day: int) -> _Found:
    if year:
        return _dated(start, end, int(year), month, day)
    try:
        date(2000, month, day)  # a leap year: 29 February is possible, 31 June or 30 February not
    except ValueError:
        return _Found(start, end, impossible=True)
    return _Found(start, end, month_day=(month, day))


def _complete(found: _Found, text: str, now: datetime) -> datetime | None:
    """Choose the year of a yearless date, attach a nearby time, convert to UTC and sanity-check."""
    if found.moment is not None:
        return _checked(found.moment, now)
    day = found.day if found.day is not None else _nearest_year(found.month_day, now)
    if day is None:
        return None
    clock, zone = _time_near(text, found)
    naive = datetime.combine(day, clock or time(0))
    moment = on_clock(naive, zone) or naive.replace(tzinfo=WARSAW)  # "+25:00" is no zone: Warsaw
    return _checked(moment, now)


def _nearest_year(month_day: tuple[int, int] | None, now: datetime) -> date | None:
    """The latest year in which the date is not more than FUTURE_SLACK after ``now``."""
    if month_day is None:
        return None
    month, day = month_day
    today = now.astimezone(WARSAW).date()
    for year in (today.year + 1, today.year, today.year - 1, today.year - 2):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue  # 29 February in a common year, 31 April
        if candidate <= today + FUTURE_SLACK:
            return candidate
    return None


def _time_near(text: str, found: _Found) -> tuple[time | None, str | None]:
    """A clock time right after the date ("at 13:00 CET", ", godz. 13.00") or right before it."""
    m = _TIME.match(text, found.end)
    if m:
        hour, minute, second = int(m["h"]), int(m["m"]), int(m["s"] or 0)
        meridiem = (m["ampm"] or "").replace(".", "")
        if meridiem == "pm" and hour < 12:
            hour += 12
        elif meridiem == "am" and hour == 12:
            hour = 0
        # "13.00" counts only after a word or a comma: "31.05.2024 10.50 zł" is not a time.
        dotted_ok = m["mark"] == ":" or m["word"] or "," in m["sep"]
        if hour <= 23 and minute <= 59 and second <= 59 and dotted_ok:
            return time(hour, minute, second), m["zone"]
    before = _TIME_BEFORE.search(text, 0, found.start)
    if before:
        hour, minute = int(before.group(1)), int(before.group(2))
        if hour <= 23 and minute <= 59:
            return time(hour, minute), None
    return None, None


def _checked(moment: datetime, now: datetime | None) -> datetime | None:
    """Convert to UTC; None for years no news page means (a misread number, a placeholder date)."""
    try:
        moment = moment.astimezone(UTC)
    except (OverflowError, ValueError):
        return None  # year 1 with a positive offset and the like
    if moment.year < MIN_YEAR:
        return None
    if now is not None and moment > now + timedelta(days=366):
        return None
    return moment


# --- every date of a text, with ranges and times: the event reader's view (issue 18) -------------

# Month-and-year, relative days and "ago" name no day an event happens on.
_NOT_EVENT_DAYS = frozenset({"my", "relday", "ago"})


@dataclass(frozen=True, slots=True)
class DateMention:
    """A day written in a text, as the event reader needs it: where (in ``normalise(text)``), the day
    or a yearless (month, day), how many days a range adds, and the clock time written beside it."""

    start: int
    end: int
    day: date | None
    month_day: tuple[int, int] | None
    length_days: int
    clock: time | None
    zone: str | None  # as written, lower-cased ("cet", "utc", "+02:00"); None: Warsaw


def find_dates(text: str, *, now: datetime, language: str | None = None) -> tuple[DateMention, ...]:
    """Every day named in ``text`` (same patterns and rules as ``parse_date``), earliest first, with
    its range length and nearby time; spans index ``normalise(text)``. Yearless dates stay yearless:
    the caller picks the year (an event's is the one nearest after the item's date, not ``now``'s).
    """
    text = normalise(text or "")
    mentions = []
    reached = -1
    for found in _candidates(text, now=now, language=language, skip=_NOT_EVENT_DAYS):
        if found.end <= reached:
            continue  # inside a longer date read already: "25 November" of "2016, 25 November"
        reached = max(reached, found.end)
        if found.moment is not None:  # ISO with a time: its own clock and offset
            local = found.moment
            zone = None if local.tzinfo is WARSAW else local.strftime("%z")
            mentions.append(DateMention(found.start, found.end, local.date(), None, 0, local.time(), zone))
            continue
        clock, zone = _time_near(text, found)
        mentions.append(
            DateMention(found.start, found.end, found.day, found.month_day, found.length_days, clock, zone)
        )
    return tuple(mentions)


# A listing or a feed is an events calendar when most of its dated rows are after the day it is read.
_CALENDAR_SHARE = 0.5
_CALENDAR_ROWS = 2  # dated rows needed to tell


def is_calendar(dates: list[datetime | None], now: datetime) -> bool:
    """Whether a listing's or a feed's dates are events' days, not publication days: of at least
    ``_CALENDAR_ROWS`` dated rows, at least ``_CALENDAR_SHARE`` fall after the day read (a news
    list's never do: nothing is published tomorrow, though a busy one is mostly today's). O(rows)."""
    dated = [d.astimezone(WARSAW).date() for d in dates if d is not None]
    today = now.astimezone(WARSAW).date()
    return len(dated) >= _CALENDAR_ROWS and sum(d > today for d in dated) >= _CALENDAR_SHARE * len(dated)
