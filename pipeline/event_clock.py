"""The hour of an event's day (issue 18): the time written beside a day or a few words after it,
its zone as written, and a time range's end. Read on normalised (lower-cased) texts by ``events``.

"13:00", "godz. 16", "3 p.m. CET", "о 13:00год.", "11.30 - 12.00", a programme's "18.00 – Oficjalne
otwarcie" are hours; a bare number, or "2.10" of another date, is not. A zone written after a range
("from 3 pm to 5 pm (CEST)") is its start's too; a zoned time wins over an unzoned one before it.
"""

from __future__ import annotations

import re
from datetime import time, tzinfo

from .parse.dates import DateMention

__all__ = ["clock_after", "zone_name"]

# A time's range end: "11.30 - 12.00" (a dash: a dotted pair is then surely times, not days),
# "od 12.00 do 15.00", "10:00 to 12:00".
_TIME_RANGE_AFTER = re.compile(r"\s*[-–]\s*(\d{1,2})[.:](\d{2})(?!\d)")
_TIME_UNTIL = re.compile(r"\s*(?:[-–]|do|to|until|till|до)\s*(\d{1,2})[.:](\d{2})(?![\d.])")
# A programme's line "18.00 – Oficjalne otwarcie": a dotted hour on the quarter, then a dash and words
# (no day.month has such a month, so it is surely a time).
_PROGRAMME_MINUTES = frozenset(("00", "15", "30", "45"))
_PROGRAMME_ITEM = re.compile(r"\s*[-–—•]\s*[^\W\d_]")
_PM_AFTER = re.compile(r"\s*p\.?m\b\.?")
# "4.30 - 5.30 pm" after a day, or " - 5.30 pm" after the hour the date reader took with it.
_PM_RANGE = re.compile(r"(?:[^\d]{0,6}\d{1,2}[:.]\d{2})?\s*[-–]\s*\d{1,2}[:.]\d{2}\s*p\.?m\b")
_RANGE_JOIN = re.compile(r"\s*(?:[-–]|to|until|till|do|до)\s*")  # between a time range's two ends
# Times the date reader does not attach: "3 p.m. CET", "from 11 am", "godz. 16", "at 13:00 CET".
_CLOCK = re.compile(
    r"(?:\b(godz\.?|g\.|godzinach(?:\s+od)?|godzinie|godzina|o\s+g\.|o|at|о|об|від|з|із)\s*)?(?<![\d:])(?<!\d\.)(\d{1,2})"
    r"(?:([:.])(\d{2})|(-(?:ої|ій|й)\b))?\s*"
    r"(a\.?m\.?|p\.?m\.?)?(?:\s*\(?(cet|cest|utc|gmt|eet|eest)\b)?(?:\s*год\w*\.?)?(?![\w:])"
)


def clock_after(text: str, m: DateMention, reach: int) -> tuple[time | None, str | None, str, time | None]:
    """The start time (its zone as written, and the words that gave it) and a time range's end.

    The date reader's time beside the date first; else the first time in the next few words that is
    unmistakably one ("13:00", "godz. 16", "3 p.m."), one with a zone winning ("9 a.m. (Canada;
    3 p.m. CET)": the zone the network reads by), up to ``reach``: the next day named, or a few
    sentences on ("… 27 sierpnia … Uroczystość rozpocznie się o godzinie 14").
    """
    if m.clock is not None:
        words = m.clock.strftime("%H:%M") + (f" {m.zone}" if m.zone else "")
        start, end = m.clock, _end_clock(text, m.end)
        if end is not None and _PM_RANGE.match(text, m.end) and end.hour < 12 and start.hour < 12:
            start, end = start.replace(hour=start.hour + 12), end.replace(hour=end.hour + 12)
        return start, m.zone, words, end
    best: tuple[time, str | None, str, time | None] | None = None
    best_end = 0
    for hit in _CLOCK.finditer(text, m.end, reach):
        word, hour, mark, minute, ordinal, meridiem, zone = hit.groups()
        ranged = mark == "." and (
            _TIME_RANGE_AFTER.match(text, hit.end())
            or (minute in _PROGRAMME_MINUTES and _PROGRAMME_ITEM.match(text, hit.end()))
        )
        hours_word = "год" in hit.group(0)  # "о 8 годині": the hour named as one
        if not (
            mark == ":"
            or meridiem
            or ranged
            or (word and (mark or ordinal or hours_word or word.startswith("godz")))
        ):
            continue  # a bare number, or "2.10" of another date, is no time ("11.30 - 12.00" is)
        hour_n, minute_n = int(hour), int(minute or 0)
        if meridiem and meridiem.startswith("p") and hour_n < 12:
            hour_n += 12
        elif meridiem and meridiem.startswith("a") and hour_n == 12:
            hour_n = 0
        if hour_n > 23 or minute_n > 59:
            continue
        found = (time(hour_n, minute_n), zone, hit.group(0).strip())
        until = _TIME_UNTIL.match(text, hit.end()) if mark else None
        end = None
        if until and int(until.group(1)) <= 23 and int(until.group(2)) <= 59:
            end = time(int(until.group(1)), int(until.group(2)))
            if not meridiem and _PM_AFTER.match(text, until.end()) and end.hour < 12:
                # "4.30 - 5.30 pm": the afternoon is both ends'.
                end = end.replace(hour=end.hour + 12)
                if hour_n < 12:
                    found = (time(hour_n + 12, minute_n), zone, found[2])
        if (
            zone
            and best is not None
            and best[1] is None
            and _RANGE_JOIN.fullmatch(text, best_end, hit.start())
        ):
            # "from 3 pm to 5 pm (CEST)": the zone written after a range is its start's too.
            return best[0], zone, f"{best[2]} {found[2]}", found[0]
        if zone:
            return (*found, end)
        if best is None:
            best, best_end = (*found, end), hit.end()
    return best if best else (None, None, "", None)


def _end_clock(text: str, after: int) -> time | None:
    window = text[after : after + 40]
    hit = re.search(r"(\d{1,2})[:.](\d{2})\s*-\s*(\d{1,2})[:.](\d{2})", window)
    if hit and int(hit.group(3)) <= 23 and int(hit.group(4)) <= 59:
        return time(int(hit.group(3)), int(hit.group(4)))
    return None


def zone_name(zone: tzinfo | None) -> str:
    key = getattr(zone, "key", None)
    if key:
        return str(key)
    offset = zone.utcoffset(None) if zone is not None else None
    if not offset:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    return f"{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
