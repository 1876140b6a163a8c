"""Which year a yearless day of an event is (issue 18), apart from how days are found (``events``).

An invitation's day is the nearest on or after the item's published day, a report's the nearest on
or before; a text that names one year gives it; a weekday written beside the day must be that day's
(else the page is of another year), and a weekday's numeric "01.11" is of the year where it is that
weekday; an undated page's invitation far ahead is last year's. Pure.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from .alternation import alternation
from .event_words import WEEKDAY, WEEKDAY_AFTER, WEEKDAY_OF, EventKind
from .months import MONTHS
from .parse.dates import DateMention

__all__ = ["numeric_day_after", "stated_year", "weekday_disagrees", "year_for"]

RECENT_DAYS = 7  # a yearless day this close before the published day is this year's
_WEEKDAY_BESIDE = 12  # characters before a day within which its weekday is written ("Saturday 14th")
_YEAR_WORD = re.compile(r"(?<![\d.,:/-])((?:19|20)\d{2})(?![\d:]|[.,/-]\d)")
# "since 1991", "pod koniec 2021 roku" (at the end of 2021): history, or a period, not the day's year.
_SINCE = re.compile(
    r"(?:\bsince|\bafter|\bod|\bвід|\bпісля|\bз|\bkoniec|\bkońcu|\bpoczątku|\bpołowie|\bend\s+of|"
    r"\bbeginning\s+of|\bmiddle\s+of|\bкінці|\bнаприкінці|\bпочатку|\bсередині)\s+$",
    re.IGNORECASE,
)
_UNDATED_AHEAD_DAYS = 120
_MONTH_BEFORE = re.compile(r"(?<!\w)(" + alternation(MONTHS) + r")\.?\s+$")
_MONTH_REACH = 24  # characters before a year within which its month is written
_STATED_YEARS_BACK = 10  # a page this many years old still names its event's year
# A weekday's yearless numeric day ("Субота, 01.11, 11:00", "w niedzielę (10.04)"): not a clock, as a
# weekday stands before it; the date reader leaves "01.11" alone (it may be a time elsewhere).
_NUMERIC_DAY_AFTER = re.compile(r"\s*,?\s*\(?(\d{1,2})\.(\d{1,2})(?![\d:])\.?\)?")


def stated_year(text: str, month_day: tuple[int, int], published: date) -> date | None:
    """A yearless day in a text that names one year, not after next year: that year's ("On the
    occasion of World Cities Day 2018, on 31 October"; "The 2023 edition … between 20 and 26 March")."""
    years = {
        int(found.group(1))
        for found in _YEAR_WORD.finditer(text)
        if not _SINCE.search(text, 0, found.start())
        and _month_before(text, found.start()) in (None, month_day[0])
    }
    years = {y for y in years if published.year - _STATED_YEARS_BACK <= y <= published.year + 1}
    if len(years) != 1:
        return None
    try:
        return date(years.pop(), *month_day)
    except ValueError:
        return None  # 29 February of a common year


def _month_before(text: str, start: int) -> int | None:
    """The month a year at ``start`` is written after ("вийшла в грудні 2024 року"): that month's year,
    not another day's; None when no month word comes right before it."""
    found = _MONTH_BEFORE.search(text, max(0, start - _MONTH_REACH), start)
    return MONTHS[found.group(1)] if found else None


def weekday_disagrees(text: str, m: DateMention, day: date) -> bool:
    """A weekday written with the day ("Saturday 14th October", "14 października (sobota)") that the
    day of the year chosen is not."""
    before = WEEKDAY.search(text, max(0, m.start - _WEEKDAY_BESIDE), m.start)
    after = WEEKDAY.match(text, m.end) or WEEKDAY_AFTER.match(text, m.end)
    written = before or after
    if written is None:
        return False
    return WEEKDAY_OF[written.group(1)] != day.weekday()


def year_for(
    month_day: tuple[int, int],
    published: date,
    length: int,
    worded: EventKind | None,
    *,
    undated: bool = False,
) -> date | None:
    """The year of a yearless day: for an invitation the nearest on or after ``published`` (a range:
    its last day on or after it), for a report the nearest on or before it; without wording, the
    nearest either way ("On 22 March ... presented", published in April, is this March). An undated
    item's invitation more than ``_UNDATED_AHEAD_DAYS`` ahead is last year's: a page of unknown age
    ("UNESCO will organize … on 31 October", read in December) more likely told of the last one."""
    month, day = month_day
    days = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            days.append(date(year, month, day))
        except ValueError:
            continue  # 29 February in a common year
    after = [d for d in days if d + timedelta(days=length) >= published]
    before = [d for d in days if d <= published]
    if worded == "invitation":
        # A day of the last week is this year's, gone or going on ("invites from Friday 24 June",
        # published on the 25th), not next year's.
        recent = [d for d in before if (published - d).days <= RECENT_DAYS]
        if undated and not recent and after and (after[0] - published).days > _UNDATED_AHEAD_DAYS and before:
            return before[-1]
        return recent[-1] if recent else after[0] if after else None
    if worded == "report":
        return before[-1] if before else None
    nearest = min(days, key=lambda d: (abs((d - published).days), d < published), default=None)
    if undated and nearest is not None and (nearest - published).days > _UNDATED_AHEAD_DAYS and before:
        return before[-1]
    return nearest


def numeric_day_after(words: str, at: int, wanted: int, near: date) -> date | None:
    """The day a weekday's "01.11" names: of the year nearest ``near`` where it is that weekday."""
    found = _NUMERIC_DAY_AFTER.match(words, at)
    if found is None:
        return None
    days = []
    for year in (near.year - 1, near.year, near.year + 1):
        try:
            days.append(date(year, int(found.group(2)), int(found.group(1))))
        except ValueError:
            continue  # "sobota 10.30" is a time; 29.02 is of a leap year only
    fitting = [d for d in days if d.weekday() == wanted]
    return min(fitting, key=lambda d: abs((d - near).days)) if fitting else None
