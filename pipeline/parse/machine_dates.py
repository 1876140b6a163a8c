"""Dates written by machines, read one way for feeds and pages (issue 19).

RFC 822/2822 (RSS ``pubDate``, HTTP), asctime, and ISO 8601 / RFC 3339 / W3C-DTF (Atom, ``dc:date``,
JSON Feed, ``<time datetime>``, JSON-LD). A module of its own because ``dates.py`` (the free forms
people write on pages) had reached its size, and because both it and the feed parser call this one
reader: two readers had disagreed about zones. feedparser 6.0.14 reads these formats too, but
(measured) takes every zone it does not know (CET, CEST, MEZ, MESZ, EET, EEST, BST) and every
zone-less time as UTC, and its ISO 8601 handler turns impossible dates into others through
``time.mktime`` (2026-02-30 -> 2 March, month 13 -> next January).

The answer is a datetime or a verdict. ``UNRECOGNISED``: not a machine format, the human reader
may try. ``INVALID``: a machine format naming no real moment (day 99, 31 June, month 13, hour 25,
year "zz", a year alone): undated, so that no caller reads a day out of its pieces ("Jun 2009" ->
1 June).

Rules: a time without a zone is Europe/Warsaw (SPEC), a date without a time midnight in Warsaw;
zone names feedparser knows keep its fixed offsets (so both read them alike); CET/CEST and the other
European names it does not know are their region's clock (see ``_REGIONAL``). Everything is pure
and O(len(text)): anchored patterns whose repeats never compete for the same characters, run on
text whose whitespace is already single spaces.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from enum import Enum
from zoneinfo import ZoneInfo

__all__ = ["WARSAW", "MachineVerdict", "feedparser_agrees", "normalise", "on_clock", "read_machine_date"]

WARSAW = ZoneInfo("Europe/Warsaw")
# CET/CEST on Council of Europe pages mean "Strasbourg local time" all year round (Warsaw's rules).
_CENTRAL_EUROPE = ZoneInfo("Europe/Paris")
_EASTERN_EUROPE = ZoneInfo("Europe/Kyiv")


class MachineVerdict(Enum):
    """Why ``read_machine_date`` gave no datetime."""

    UNRECOGNISED = "not a machine format"
    INVALID = "a machine format naming no real moment"


UNRECOGNISED = MachineVerdict.UNRECOGNISED
INVALID = MachineVerdict.INVALID

# The names feedparser 6 knows (datetimes/rfc822.py, w3dtf.py), with its fixed offsets, plus a few
# unambiguous ones it lacks. Its military letters (a, n, m, y) are left out: RFC 2822 §4.3 says they
# carry no information; such a text is unrecognised here and feedparser's reading is used.
_FIXED_HOURS: dict[str, int] = {
    "ut": 0, "utc": 0, "gmt": 0, "z": 0,
    "adt": -3, "ast": -4, "at": -4, "edt": -4, "est": -5, "et": -5, "cdt": -5, "cst": -6, "ct": -6,
    "mdt": -6, "mst": -7, "mt": -7, "pdt": -7, "pst": -8, "pt": -8, "met": 1, "mest": 2,
    "akdt": -8, "akst": -9, "hst": -10, "msk": 3, "jst": 9, "kst": 9,
}  # fmt: skip
# Names feedparser does not know (it reads them as UTC): a region's clock, with whether the name is
# its summer one. For a correctly written stamp that is the name's offset; for a fixed suffix on a
# local clock ("CET" all year round, as the Council of Europe writes) it is still the writer's time.
_REGIONAL: dict[str, tuple[ZoneInfo, bool]] = {
    "cet": (_CENTRAL_EUROPE, False), "cest": (_CENTRAL_EUROPE, True),
    "mez": (_CENTRAL_EUROPE, False), "mesz": (_CENTRAL_EUROPE, True),
    "eet": (_EASTERN_EUROPE, False), "eest": (_EASTERN_EUROPE, True),
    "oez": (_EASTERN_EUROPE, False), "oesz": (_EASTERN_EUROPE, True),
    "wet": (ZoneInfo("Europe/Lisbon"), False), "west": (ZoneInfo("Europe/Lisbon"), True),
    "bst": (ZoneInfo("Europe/London"), True),
}  # fmt: skip
# "+02:00", "+0200", "+02", and "GMT+2", "UTC-05:00" (feedparser reads "GMT-05:00" too)
_OFFSET = re.compile(
    r"(?:(?:gmt|utc|ut)(?=[+-]\d{1,2}(?::?\d{2})?$)([+-])(\d{1,2})|([+-])(\d{2}))(?::?(\d{2}))?"
)
_ZONE = r"[+-]\d{2}(?::?\d{2})?|(?:gmt|utc|ut)[+-]\d{1,2}(?::?\d{2})?|[a-z]{1,5}"

_MONTHS_EN: dict[str, int] = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}  # fmt: skip
_MONTH_EN = "(?:" + "|".join(sorted(_MONTHS_EN, key=len, reverse=True)) + r")\.?(?![a-z])"
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6}\.?"
# RFC 822 with the variations feeds write: weekday optional (and ignored when wrong), month first,
# two-digit years, no seconds, no time, a comment after the zone. Day, year and time are matched
# loosely ("99", "zz", "25:00") so that an impossible one is judged here, not read around; after a
# weekday that is certain enough to say INVALID, without one a loose token means UNRECOGNISED.
_RFC822 = re.compile(
    rf"(?:(?P<weekday>{_WEEKDAY}) ?,? ?)?"
    # a day starts with a digit, except right after "Sun, " (asctime's "Mon Aug" is no day-month)
    rf"(?:(?P<day>\d\w{{0,3}}|(?<=, )\w{{1,4}}) (?P<month>{_MONTH_EN})"
    rf"|(?P<month_first>{_MONTH_EN}) (?P<day_after>\d\w{{0,3}}))"
    r" ?,? (?!(?:at|on|of|in|um|o)\b)(?P<year>\w{1,6})"  # "Friday, 3 May at 10:00" has no year
    r"(?: ?,? (?P<time>[\w:.]+)(?: (?P<zone>[^ ()]+))?)?"
    r"(?: ?\([^()]*\))?"
)
# Fri Aug  3 10:00:00 2026 (C's asctime; feedparser reads it, with a zone before the year too)
_ASCTIME = re.compile(
    rf"(?:{_WEEKDAY},? )?(?P<month>{_MONTH_EN}) (?P<day>\d{{1,2}}) "
    rf"(?P<time>\d{{1,2}}:\d{{2}}(?::\d{{2}})?)(?: (?P<zone>{_ZONE}))? (?P<year>\d{{4}})"
)
# 2026-08-03T10:00:00.5+02:00 and the ISO 8601 forms around it: basic (20260803T100000Z), week
# (2026-W31-1), ordinal (2026-215), reduced (2026-08, 2026), a space for "T", a zone name after a space.
_ISO = re.compile(
    r"(?P<year>\d{4})"
    r"(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?|-?w(?P<week>\d{2})(?:-?(?P<weekday>\d))?"
    r"|-(?P<ordinal>\d{3})|(?P<basic_month>\d{2})(?P<basic_day>\d{2}))?"
    r"(?:(?P<sep>[t ])(?P<hour>\d{1,2})(?::?(?P<minute>\d{2})(?::?(?P<second>\d{2})(?:[.,]\d+)?)?)?)?"
    rf"(?: ?(?P<zone>{_ZONE}))?"
)
# A feedparser reading of a text starting like this may come from its ISO 8601 handler, which reads a
# prefix, normalises impossible fields through time.mktime and fills missing ones from the clock.
_ISO_PREFIX = re.compile(r"[+-]|t?\d{2}(?:[-:]|\d)|\d{2}$")
_NUMERIC_YMD = re.compile(r"(?<!\d)(\d{4}) ?[-/.년] ?(\d{1,2}) ?[-/.월] ?(\d{1,2})(?!\d)")
_YEARISH = re.compile(r"(?<!\d)\d{2}(?:\d{2})?(?!\d)")
# The widest UTC offsets (+14, -12): a written day and its UTC moment lie at most this far apart.
_ZONE_SLACK = timedelta(hours=14)
_STRICT_DAY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?")
_STRICT_YEAR = re.compile(r"\d{2}|\d{4}")
_STRICT_TIME = re.compile(r"(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?")


def normalise(text: str) -> str:
    """Lower-case, one kind of space and dash (U+2212 minus is a sign), so patterns stay readable."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def read_machine_date(text: str) -> datetime | MachineVerdict:
    """Read ``text`` as a whole in a machine date format; an aware datetime (in the text's own zone),
    or why not (see the module docstring). Years are not bounded here: ``dates._checked`` does that."""
    text = normalise(text)
    for pattern, reader in ((_ISO, _from_iso), (_ASCTIME, _from_asctime), (_RFC822, _from_rfc822)):
        match = pattern.fullmatch(text)
        if match:
            return reader(match)
    return UNRECOGNISED


def on_clock(naive: datetime, zone: str | None) -> datetime | None:
    """``naive`` as a wall time in the named or numeric ``zone`` (no zone: Warsaw); None when the
    zone is unknown or an impossible offset ("+25:00")."""
    if zone is None:
        return naive.replace(tzinfo=WARSAW)
    if zone in _FIXED_HOURS:
        return naive.replace(tzinfo=timezone(timedelta(hours=_FIXED_HOURS[zone])))
    if zone in _REGIONAL:
        region, summer = _REGIONAL[zone]
        # The autumn hour that happens twice, and the spring hour that never happens, are each
        # two moments; the name's half of the year picks one ("02:30 CET" on 26 October 2025).
        for fold in (0, 1):
            moment = naive.replace(tzinfo=region, fold=fold)
            if bool(moment.dst()) == summer:
                return moment
        return naive.replace(tzinfo=region)  # a summer name in winter: the writer's wall clock
    offset = _fixed_offset(zone)
    return naive.replace(tzinfo=offset) if offset is not None else None


def feedparser_agrees(text: str, value: datetime) -> bool:
    """Whether feedparser's reading (aware UTC) of a normalised text in no format we read is not one it
    made up, so it may stand in rather than leaving a real date undated.

    Measured on 6.0.14: its ISO 8601 handler reads any prefix it can ("2026-02-30 …" -> 2 March,
    "2004-július-13" -> 1 December 2004, "10:00" -> today, missing fields from the machine's clock)
    and its Perforce handler normalises "2006/09/99" through calendar.timegm. So an ISO-looking start
    is never trusted, a numeric year-month-day must be a real day the value lies on (give or take a
    zone), and the value's year must be written in the text.
    """
    if _ISO_PREFIX.match(text):
        return False
    written = _NUMERIC_YMD.search(text)
    if written:
        try:
            day = datetime(int(written[1]), int(written[2]), int(written[3]), tzinfo=UTC)
        except ValueError:
            return False
        if not day - _ZONE_SLACK <= value < day + timedelta(days=1) + _ZONE_SLACK:
            return False
    years = {str(year) for year in (value.year - 1, value.year, value.year + 1)}
    return any(year.endswith(n) for n in _YEARISH.findall(text) for year in years)  # "2026" or "26"


# --- internals ----------------------------------------------------------------------------------


def _fixed_offset(token: str) -> tzinfo | None:
    m = _OFFSET.fullmatch(token)
    if not m:
        return None
    sign, hours = (m[1], m[2]) if m[1] else (m[3], m[4])
    minutes = int(m[5] or 0)
    if int(hours) > 14 or minutes > 59:
        return None  # no place on Earth is more than 14 hours from UTC
    offset = timedelta(hours=int(hours), minutes=minutes)
    return timezone(-offset if sign == "-" else offset)


def _is_zone(token: str) -> bool:
    return token in _FIXED_HOURS or token in _REGIONAL or _OFFSET.fullmatch(token) is not None


def _zoned(naive: datetime, zone: str | None) -> datetime | MachineVerdict:
    """A known zone gives the moment; a numeric one out of range is INVALID; an unknown name is
    UNRECOGNISED (feedparser reads it as UTC, which beats no date at all)."""
    if zone is not None and not _is_zone(zone):
        return UNRECOGNISED
    moment = on_clock(naive, zone)
    return moment if moment is not None else INVALID


def _from_iso(m: re.Match[str]) -> datetime | MachineVerdict:
    year, zone, hour = int(m["year"]), m["zone"], m["hour"]
    if m["sep"] == " " and m["second"] is None and zone and zone.startswith("-"):
        return UNRECOGNISED  # "2025-04-22 10:15-12:00" is a time range: dates.py reads those
    try:
        if m["week"]:
            day = date.fromisocalendar(year, int(m["week"]), int(m["weekday"] or 1))
        elif m["ordinal"]:
            day = date(year, 1, 1) + timedelta(days=int(m["ordinal"]) - 1)
            if day.year != year:  # day 000, or 366 in a common year
                return INVALID
        elif m["basic_month"]:
            day = date(year, int(m["basic_month"]), int(m["basic_day"]))
        elif m["month"] and (m["day"] or not hour):
            # W3C-DTF's "2026-08" is the month, read as its first day (like "sierpień 2026").
            day = date(year, int(m["month"]), int(m["day"] or 1))
        elif m["month"]:
            return UNRECOGNISED  # "2026-08 10:00": no such form
        else:
            return INVALID if not hour and not zone else UNRECOGNISED  # a year alone names no day
    except ValueError:
        return INVALID  # 2026-02-30, month 13, week 54
    if hour is None:
        return _zoned(datetime.combine(day, time()), zone)
    hours, minutes, seconds = int(hour), int(m["minute"] or 0), int(m["second"] or 0)
    if (hours, minutes, seconds) == (24, 0, 0):
        # ISO 8601 §4.2.3: 24:00 ends the day; feedparser reads it as the next midnight too.
        return _zoned(datetime.combine(day + timedelta(days=1), time()), zone)
    try:
        clock = time(hours, minutes, seconds)
    except ValueError:
        return INVALID  # hour 25, minute 60 (and a leap second, which feedparser drops too)
    return _zoned(datetime.combine(day, clock), zone)


def _from_rfc822(m: re.Match[str]) -> datetime | MachineVerdict:
    day_text = m["day"] or m["day_after"]
    month = _MONTHS_EN[(m["month"] or m["month_first"]).rstrip(".")]
    year_text, time_text, zone = m["year"], m["time"], m["zone"]
    day_match = _STRICT_DAY.fullmatch(day_text)
    time_match = _STRICT_TIME.fullmatch(time_text) if time_text else None
    if not (day_match and _STRICT_YEAR.fullmatch(year_text) and (time_match or not time_text)):
        # "Sun, 01 Jun zz 12:00:00 GMT" is RFC 822 with a broken year; without the weekday, "3a jun
        # 2024" may be anything, and the human reader has its turn.
        return INVALID if m["weekday"] else UNRECOGNISED
    year = int(year_text)
    if len(year_text) == 2:
        # RFC 2822 §4.3; feedparser puts 50-89 in the 2000s instead, a difference no bound lets through.
        year += 2000 if year < 50 else 1900
    try:
        day = date(year, month, int(day_match[1]))
        clock = time(*(int(g) for g in time_match.groups(default="0"))) if time_match else time()
    except ValueError:
        return INVALID  # day 99, 31 June, hour 25
    return _zoned(datetime.combine(day, clock), zone)


def _from_asctime(m: re.Match[str]) -> datetime | MachineVerdict:
    hour, minute, second = (int(part) for part in (m["time"] + ":0").split(":")[:3])
    try:
        moment = datetime(
            int(m["year"]), _MONTHS_EN[m["month"].rstrip(".")], int(m["day"]), hour, minute, second
        )
    except ValueError:
        return INVALID
    return _zoned(moment, m["zone"])
