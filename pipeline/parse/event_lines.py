"""Which of a news list's date lines are its items' events', not the days they were published.

A listing's row date is normally when the item was published (``parse.dates.is_calendar`` tells an
events calendar, whose every row's line is its event's). Some news lists print the event's days and
place instead: the ICC newsroom's "9-10 October 2018 Lisbon, Portugal". ``listings`` keeps such a
line on its item for the event reader (``events.event_of``), which still weighs the texts' wording.
"""

from __future__ import annotations

import re
from datetime import datetime

from .dates import find_dates
from .machine_dates import normalise

__all__ = ["LONGEST_EVENT_DAYS", "ONLINE", "PUBLISHED_LINE", "is_event_line", "names_an_event"]

LONGEST_EVENT_DAYS = 92  # a longer range is a project's or a programme's running period
# Words that put an event online (also ``event_places.place_of``'s).
ONLINE = re.compile(r"\b(?:online|on-line|zdalne?\w*|zoom|webinar\w*|онлайн\w*|дистанційн\w*|вебінар\w*)")
# A place and its country beside a day ("28 September 2022 Pontevedra, Spain", "Bilbao (Spain)"), for
# the places the gazetteer does not hold: the countries of the ICC's members, in English and Polish.
_COUNTRY = (
    r"(?:spain|hiszpani\w*|sweden|szwecj\w*|portugal\w*|ukrain\w*|italy|włosz\w*|włoch\w*|france|"
    r"francj\w*|germany|niemcz\w*|niemiec|norway|norwegi\w*|iceland|islandi\w*|switzerland|"
    r"szwajcari\w*|united kingdom|ireland|irlandi\w*|greece|grecj\w*|cyprus|cypr\w*|poland|polsk\w*|"
    r"austria|austri\w*|belgium|belgi\w*|netherlands|holandi\w*|denmark|dani\w*|finland|finlandi\w*|"
    r"malta|croatia|chorwacj\w*|serbia|romania|rumuni\w*|moldova|georgia|armenia|turkey|turcj\w*|"
    r"lithuania|litw\w*|latvia|estonia|czechia|czech republic|czech\w*|slovakia|słowacj\w*|"
    r"slovenia|hungary|węgr\w*|bulgaria|albania|montenegro|north macedonia|luxembourg|canada|mexico|"
    r"japan|israel|morocco|tunisia|usa|united states)"
)
# Where the ICC's publisher, the Council of Europe, dates its own news.
_SEAT = re.compile(r"\b(?:strasbourg|strasburg\w*)\b")
# A listing's date line that says it is the day of publishing ("Dodano dnia 27.07.2015"): no event's.
PUBLISHED_LINE = re.compile(
    r"^\W*(?:dodano|opublikowano|data\s+publikacji|publikacja|zaktualizowano|published|posted|post\s+date|added|released|"
    r"(?:last\s+)?updated|ultimo\s+aggiornamento|опубліковано|додано)\b"
)
# An hour written as a programme writes it, not as a machine stamps it ("2023-07-01, 13:45").
_HOUR_WORDED = re.compile(
    r"(?i)\b(?:godz\.?|godzina|godzinie)\s*\d|\d\s*(?:a\.m\.|p\.m\.|am\b|pm\b)"
    r"|\b\d{1,2}[:.]\d{2}\s*[-–—]\s*\d{1,2}[:.]\d{2}\b"  # a time range, "14:00—18:00": no stamp has one
)
_START_LABEL = re.compile(
    r"\W*(?:data\s+rozpoczęcia|data\s+wydarzenia|termin\s+wydarzenia|start\s+date|event\s+date|"
    r"дата\s+початку|дата\s+події)\b"
)
_FROM_TO = re.compile(r"\s*[-–—]?\s*")
_CITY_AND_COUNTRY = re.compile(r"[^\W\d_][\w'-]*\s*(?:,\s*|\(\s*)" + _COUNTRY + r"\b")


def is_event_line(line: str, now: datetime) -> bool:
    """Whether a news list's date line for an item is its event's, not the day it was published:
    it spans days ("9-10 October 2018 Lisbon, Portugal", "24.05.2019 - 26.05.2019", or from one day
    to the same: "2025-09-30 2025-09-30"), labels its start ("Data rozpoczęcia 2022-06-05"), gives
    its hour as a programme does ("godzina 19:00", "1 p.m.", "14:00—18:00") or names a city and its
    country, or "online", beside its day ("28 September 2022 Pontevedra, Spain"), as the ICC
    newsroom's cards do. A bare day, a day and an hour, a category ("31.05.2024 | Integracja"), a
    press release's city ("Strasbourg 27 September 2024") or a line saying it was published
    ("Dodano: 22.04.2025, godz. 13:00") is a publication stamp. (The event reader still asks the
    texts' wording of a line naming one day.) O(line)."""
    mentions = find_dates(line, now=now)
    if not mentions or PUBLISHED_LINE.match(normalise(line)):
        return False  # none, or "Dodano: 22.04.2025, godz. 13:00": the day it was published
    days = [m.day for m in mentions if m.day is not None]
    if any(m.length_days > LONGEST_EVENT_DAYS for m in mentions) or (
        len(days) > 1 and (max(days) - min(days)).days > LONGEST_EVENT_DAYS
    ):
        return False  # "01/06/2011 - 30/11/2011": a project's or a programme's running period
    if any(m.length_days for m in mentions) or len({m.day or m.month_day for m in mentions}) > 1:
        return True
    if _START_LABEL.match(normalise(line)):
        return True  # "Data rozpoczęcia 2022-06-05": an event's start, labelled
    if _HOUR_WORDED.search(line):
        return True  # "25.02.2019 godzina 19:00", "28 June 2017, 1 p.m. Strasbourg": a programme's hour
    if len(mentions) == 2 and _FROM_TO.fullmatch(line, mentions[0].end, mentions[1].start):
        return True  # a calendar's "from - to" of one day: "2025-09-30 2025-09-30", "26/02/2019 - 26/02/2019"
    low = normalise(line)
    rest = low[: mentions[0].start] + " " + low[mentions[0].end :]
    return bool(ONLINE.search(rest) or _CITY_AND_COUNTRY.search(rest))


def names_an_event(date_text: str | None, now: datetime) -> bool:
    """A listing's date line that reads as an event's (``is_event_line``): it spans days ("28-29
    November 2018 Botkyrka, Sweden") or names a city and its country or "online" beside its day
    ("21 February 2017 Bilbao, Spain"), as the ICC newsroom's cards print them. A city alone is no
    sign (a press release's "Strasbourg, 16 September 2019"), nor is one day in Strasbourg, the Council
    of Europe's seat, where its own releases are dated ("16 September 2019 Strasbourg, France"). O(line)."""
    if not date_text or not is_event_line(date_text, now):
        return False
    if not _SEAT.search(normalise(date_text)):
        return True
    return any(m.length_days for m in find_dates(date_text, now=now))  # days in Strasbourg: a meeting
