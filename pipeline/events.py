"""The event an item announces or reports: when, where, and whether it is an invitation (issue 18).

A pure reader over ``Item`` (title, teaser, published) and, where a listing shows one, its date
line; an event the item's page states (``Item.event``: JSON-LD read by enrichment) is taken as
stated. Dates come from ``parse/dates.py`` (``find_dates``: the same patterns as every other date
of the pipeline, with a range's last day and the clock time beside it); this module only chooses
which date is the event's, gives a yearless one its year, and reads the wording and the place:

- the event's date is the first day named in the date line, else the title, else the teaser; a
  range gives the end ("14-15 maja", "z 14 po 17 листопада");
- a yearless date takes the year nearest the item's published day: on or after it for an invitation,
  on or before it for a report (a report of "15 липня" published 30 July is this July's);
- a time beside the date is the start, a time range its end; a day without one takes the hour a
  later mention of it gives, in the teaser or the item's own text (a feed's content, or its page's
  as enrichment read it: also its programme's start, "Rozpoczęcie o 17.00", and on the day itself
  "dziś o 19:00"; never the page's stamp); CET/CEST are Central European wall clock all year round
  (``machine_dates.on_clock``), UTC/GMT and offsets are honoured, no zone is the place's clock
  (``event_places.zone_of``: Warsaw's, a Ukrainian city's…); a multi-day range is all-day, unless
  its days are given with their hours (then from the first day's opening to the last day's close);
- a day named by a word (a weekday, "jutro", "next week") is counted from the published day
  (``event_days``);
- when the title and teaser, worded as an event's, name no day, the item's own text may: its first
  day after the published one (a call's page names deadlines: not read); with no event wording at
  all, only a page's block of details ("Kiedy: … Gdzie: …") or a day in a page's sentence with
  invitation wording and an event word makes it one;
- wording decides the kind ("zapraszamy", "register", "відбудеться" vs "odbyło się", "took place",
  "відбувся"); with both or neither, a date on or after the published day makes an invitation;
- an item with a date but no event wording and no event word (meeting, webinar, festiwal, форум…)
  is no event: a law in force on 1 January, a national day, an anniversary;
- the words themselves (wording, event words, deadlines, days off, world days, weekdays) live in
  ``event_words``; a yearless day's year in ``event_years``; its hour in ``event_clock``; places in
  ``event_places`` ("online" words, the network's cities, a named venue).

``Event.fragments`` keeps the words that decided it, as tagging keeps its words. ``now`` only bounds
absurd years; whether an event is still to come is ``is_upcoming(event, now=...)``.

Why one module of ~500 lines: it answers one question (which day is the event's), and its readings
(ranges, yearless days, times, deadlines, wording, the page) consult each other. The record itself
is ``event_model``; days named by words are ``event_days``.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from .event_clock import clock_after, zone_name
from .event_days import JOIN, on_day, relative_event, weekday_event
from .event_model import Event, is_upcoming
from .event_places import is_dateline, is_news_stamp, is_page_stamp, place_of, zone_of
from .event_words import (
    CALL,
    CALLED_OFF,
    CIVIC_DATE,
    DAY_DEFINED,
    DAY_DEFINED_BEFORE,
    DAY_OFF,
    DEADLINE_AFTER,
    DEADLINE_BEFORE,
    DEADLINE_REACH,
    EVENT_WORD,
    INFO_WHEN,
    INFO_WHERE,
    INVITATION,
    OPENS_NOW,
    PUBLISHING_STAMP,
    REPORT,
    SENTENCE_END,
    START_AT,
    TODAY,
    UNTIL_BEFORE,
    UNTIL_WEEKDAY_BEFORE,
    UNWORDED,
    WEEKDAY,
    YEARLY_BEFORE,
    YEARLY_REACH,
    EventKind,
    mention_ranks,
    worded_first,
)
from .event_years import stated_year, weekday_disagrees, year_for
from .parse.dates import WARSAW, DateMention, find_dates
from .parse.event_lines import LONGEST_EVENT_DAYS, PUBLISHED_LINE, names_an_event
from .parse.machine_dates import normalise, on_clock
from .records import EventHint, Item
from .text import html_to_text

__all__ = ["Event", "EventKind", "event_of", "is_upcoming"]

MIN_YEAR = 1990
MAX_YEARS_AHEAD = 2  # an event announced further ahead than this is a misread number

_CLOCK_REACH = 300  # characters after a day within which its time is looked for
_CONTENT_CHARS = 3000  # of an item's own text: read for the hour of the teaser's day, or the day
_WORDS_BESIDE = re.compile(r"[^\W\d_]{3,}")  # a date line's place or weekday: a calendar's row, not a stamp
# A start day written before a "po" / "до" the date reader does not treat as a range ("з 14 по 17"),
# or a night's ("w nocy z 16 na 17 marca"); and one written with a slash before the day the reader
# saw: a night ("Noc Kultury 1/2 czerwca") or days ("Rzeszów 15/17 stycznia 2012"), up to a week.
_SLASHED_DAYS = 7
_NIGHT_OF = re.compile(r"(?<![\d/.])(\d{1,2})\s*/\s*$")
_FROM_DAY = re.compile(
    r"(?<!\w)(?:z|з|із|від|od|from|pomiędzy|między|between|між)\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s*"
    r"(?:по|до|to|do|a|and|і|та|na|на)\s*(?:the\s+)?$"
)
_START_CLOCK_REACH = 30  # characters after a page's "Początek" / "dziś" within which its hour is read


def event_of(item: Item, *, now: datetime, date_text: str | None = None) -> Event | None:
    """The event ``item`` announces or reports, or None when it names no day of an event.

    An event the item's page states (``item.event``, JSON-LD) is taken as stated; else it is read
    from the texts.

    ``date_text`` is a listing's date line for the item ("25-29 March 2019 Reykjavik, Iceland"),
    by default the one an events calendar showed (``item.date_line``; "" for none); it is read
    first. ``now`` bounds absurd years only: use ``is_upcoming`` to decide whether the event is
    still to come. O(length of the texts).
    """
    if item.event is not None:
        return _stated(item.event, item)
    if date_text is None:
        date_text = item.date_line or None  # an events calendar's row, as the listing showed it
    if date_text and (PUBLISHED_LINE.match(normalise(date_text)) or PUBLISHING_STAMP.search(date_text)):
        date_text = None  # "Dodano dnia 10.08.2015": when the page was published, not an event's day
    if date_text and (line := _one_day(date_text, item, now)) is not None:
        # A date line of one day above a text naming a later one ("08/10/2015" above "… to be held in
        # Gothenburg 15-17 October 2015"): the listing's day was the news's, not the event's. A line
        # with more (a weekday, an hour, a place) may be a calendar's row: the text must invite then.
        # A bare line after the days the text names ("15/04/2014" below "…, 11-13 April 2014,
        # Würzburg"): the day a report was published.
        day, bare = line
        told = event_of(item, now=now, date_text="")  # "": the texts alone, no date line
        if told is not None and (
            (told.first_day > day and (bare or _invites(told))) or (bare and told.last_day < day)
        ):
            return told
    parts = tuple(p for p in (date_text or "", item.title, item.summary) if p)
    words = normalise(" \n ".join(parts))
    invitation = [m.group(0) for m in INVITATION.finditer(words)]
    report = [m.group(0) for m in REPORT.finditer(words)]
    event_word = EVENT_WORD.search(words)
    if not (
        invitation
        or report
        or event_word
        or names_an_event(date_text, now)
        or names_an_event(item.title, now)
    ):
        # Nothing in the teaser says "event", but the item's page has its block of details ("Kiedy:
        # 7 grudnia 2025 ✅ Godzina: 16:00 ✅ Gdzie: …"): that block, not the teaser's dates, dates it;
        # without one, only a day in a sentence that invites to something one attends ("This year's
        # edition will take place between 8-17 of September and will include concerts").
        page = _content(item)
        if CALLED_OFF.search(words):
            return None
        published = item.published.astimezone(WARSAW).date()
        event = _from_content(
            page, item, words, published, now, invitation, report, worded_only=not _has_info_block(page)
        )
        return _placed(event, parts, words, item) if event is not None else None
    if event_word is None and CIVIC_DATE.search(words):
        return None  # "On Sunday, 26th of May, will take place elections": a date, nothing to attend
    if CALLED_OFF.search(words):
        return None
    published = item.published.astimezone(WARSAW).date()
    for number, part in enumerate(parts):
        mentions = find_dates(part, now=now, language=item.language)
        stamp = part is item.title and item.dated
        text = normalise(part)
        for i in worded_first(text, mentions):
            mention = mentions[i]
            if stamp and is_news_stamp(part, mention, published):
                continue
            if is_dateline(part, text, mention.start, mention.end, teaser=part is item.summary):
                continue  # "Dublin, 4th June 2024 Dublin City Council is continuing…": a release's date
            if mention.day == published and CALL.search(words):
                continue  # the day a call was published
            if i and JOIN.fullmatch(text, mentions[i - 1].end, mention.start):
                continue  # the last day of "X to Y", read with X (or no event when X was refused)
            following = mentions[i + 1] if i + 1 < len(mentions) else None
            event = _event(
                part,
                mention,
                following,
                published,
                now,
                invitation,
                report,
                listed=part is date_text,
                undated=not item.dated,
                own_text=True,
            )
            if event is not None:
                if event.all_day:
                    # A headline names the day, the teaser its hour: "… – 22 kwietnia" then
                    # "spotkanie 22 kwietnia o godz. 17:00" (or the same text names it again); a
                    # festival's days, then its programme: "14-20 listopada … 14 listopada, 18.00 – 19.00".
                    timed = _timed_later(
                        event,
                        mentions[i + 1 :],
                        part,
                        parts[number + 1 :],
                        item,
                        published,
                        now,
                        invitation,
                        report,
                    )
                    event = timed if event.end is None else _opening(event, timed)
                return _placed(event, parts, words, item)
    headline_day = bool(WEEKDAY.search(normalise(item.title or "")))
    event = weekday_event(words, published, invitation, report, headline_day) or relative_event(
        words, published, invitation, report
    )
    if event is not None and event.all_day and event.end is None:
        # "W najbliższą sobotę … piknik", and the page: "w sobotę, 22 czerwca, od 11:00".
        event = _timed_later(event, (), "", (), item, published, now, invitation, report)
    if event is None:
        event = _from_content(_content(item), item, words, published, now, invitation, report)
    return _placed(event, parts, words, item) if event is not None else None


def _content(item: Item) -> tuple[str, ...]:
    """The start of the item's own text (a feed's full content, else its page's, read by
    enrichment): where the hour of a day the teaser names is written ("22 kwietnia … Początek o godz.
    17:00"). Read for that hour only: its other days (history, deadlines) never become the event's."""
    text = html_to_text(item.content_html[: _CONTENT_CHARS * 2]) if item.content_html else item.page_text
    return (text[:_CONTENT_CHARS],) if text else ()


def _has_info_block(page: tuple[str, ...]) -> bool:
    """The page has a block of details: a "when" label and a "where" or "at what time" one."""
    return any(INFO_WHEN.search(low := text.lower()) and INFO_WHERE.search(low) for text in page)


def _from_content(
    page: tuple[str, ...],
    item: Item,
    words: str,
    published: date,
    now: datetime,
    invitation: list[str],
    report: list[str],
    *,
    worded_only: bool = False,
) -> Event | None:
    """The day ``page`` (``_content``: the item's own text) names when the item's title and teaser,
    worded as an event's, name none (a page's "Kiedy: 7 grudnia 2025 · Godzina: 16:00"): its first
    day after the published one, days with invitation wording first. Days on or before the published
    one are the page's stamp ("21 czerwca 2024, godz. 14:30") or its history. The kind is the
    teaser's wording, not the page's: a page may have changed since ("This event has already taken
    place"). A call's page names its deadlines, not events."""
    if CALL.search(words):
        return None
    for text in page:
        mentions = find_dates(text, now=now, language=item.language)
        normal = normalise(text)
        ranks = mention_ranks(normal, mentions, with_event_word=worded_only)
        for i in sorted(range(len(mentions)), key=lambda i: ranks[i]):
            mention = mentions[i]
            if worded_only and ranks[i] == UNWORDED:
                break
            if i and JOIN.fullmatch(normal, mentions[i - 1].end, mention.start):
                continue  # the last day of "X to Y"
            following = mentions[i + 1] if i + 1 < len(mentions) else None
            event = _event(
                text, mention, following, published, now, invitation, report, undated=not item.dated
            )
            if event is not None and (
                event.first_day > published or (ranks[i] == 0 and event.last_day >= published)
            ):
                return event  # (a labelled day, "Dates of the workshop: 22-25 August", may be today's)
    return None


def _one_day(date_text: str, item: Item, now: datetime) -> tuple[date, bool] | None:
    """The day of a date line naming one day (no range), and whether it is bare: no hour, no words."""
    mentions = find_dates(date_text, now=now, language=item.language)
    if len(mentions) != 1 or mentions[0].length_days or mentions[0].day is None:
        return None
    m = mentions[0]
    worded = _WORDS_BESIDE.search(date_text, 0, m.start) or _WORDS_BESIDE.search(date_text, m.end)
    return m.day, not worded and m.clock is None


def _invites(event: Event) -> bool:
    """Whether invitation wording decided ``event`` (not only a day still to come)."""
    return event.kind == "invitation" and bool(INVITATION.search(" ".join(event.fragments[1:])))


def _stated(hint: EventHint, item: Item) -> Event | None:
    """The event the item's page states (JSON-LD ``Event``, read by enrichment): its days and hours
    as given, its place, else the one the texts name; an invitation (``is_upcoming`` tells a past
    one), None when called off."""
    if hint.cancelled:
        return None
    all_day = not isinstance(hint.start, datetime)
    tz = "Europe/Warsaw" if all_day else zone_name(hint.start.tzinfo)  # type: ignore[union-attr]
    words = normalise(" \n ".join(p for p in (item.title, item.summary) if p))
    named = place_of((item.title, item.summary), words)
    place = "online" if hint.online else hint.place or (named[0] if named else None)
    fragments = ("schema.org Event", hint.start.isoformat(), *((place,) if place else ()))
    return Event(hint.start, hint.end, all_day, tz, place, "invitation", fragments)


def _timed_later(
    event: Event,
    same_part: tuple[DateMention, ...],
    part: str,
    later: tuple[str, ...],
    item: Item,
    published: date,
    now: datetime,
    invitation: list[str],
    report: list[str],
) -> Event:
    """``event`` with the clock time that a later mention of the same day gives, in the same text
    ("23.08.2023 – pokaz … 23 серпня о 18:00") or a later one, if one does."""
    page = _content(item)
    texts = [(part, same_part)] + [
        (text, find_dates(text, now=now, language=item.language)) for text in later + page
    ]
    for text, mentions in texts:
        for i, mention in enumerate(mentions):
            if text in page and is_page_stamp(text, mention, published):
                continue  # a page's "21.01.2022 07:55" above its text: when it was published
            following = mentions[i + 1] if i + 1 < len(mentions) else None
            timed = _event(text, mention, following, published, now, invitation, report)
            if timed is not None and not timed.all_day and timed.first_day == event.first_day:
                return timed
    # The start of the programme ("Rozpoczęcie o 17.00") in the headline, the teaser or the page, or,
    # written on the day itself, its hour today ("Jeszcze dziś o godzinie 19:00").
    for text in (item.title, item.summary, *page):
        words = normalise(text)
        hits = [*START_AT.finditer(words), *(TODAY.finditer(words) if event.first_day == published else ())]
        for hit in hits:
            timed = on_day(event.first_day, words, hit, _START_CLOCK_REACH, event.kind, list(event.fragments))
            if not timed.all_day:
                return timed
    return event


def _opening(days: Event, first_day: Event) -> Event:
    """A range of days (all-day) opening at the hour its first day is given later: from that hour to the
    end of its last day. ``first_day`` is the range itself when no hour was found."""
    if first_day.all_day or not isinstance(first_day.start, datetime):
        return days
    span = (days.last_day - first_day.first_day).days
    end = first_day.start.replace(hour=23, minute=59) + timedelta(days=span)
    fragments = days.fragments + tuple(f for f in first_day.fragments[1:2] if f not in days.fragments)
    return Event(first_day.start, end, False, first_day.tz, None, days.kind, fragments)


def _event(
    part: str,
    m: DateMention,
    following: DateMention | None,
    published: date,
    now: datetime,
    invitation: list[str],
    report: list[str],
    *,
    listed: bool = False,
    undated: bool = False,
    own_text: bool = False,
) -> Event | None:
    """One date mention as the event's date: range, year, time and kind; None if its year is absurd.
    ``listed``: the mention is a listing's date line (an events calendar's row: its day is the
    event's whatever day the row is read); ``undated``: the item gave no date of its own;
    ``own_text``: the mention is in the title, teaser or date line, not the item's page."""
    text = normalise(part)
    length = m.length_days
    month_day = m.month_day
    first = m.day
    start_at = m.start
    night = _NIGHT_OF.search(text, 0, m.start)
    before = _FROM_DAY.search(text, 0, m.start) or night
    if before and length == 0:  # "з 14 по 17 листопада", "1/2 czerwca": the reader saw the last day
        back = (first.day if first else month_day[1] if month_day else 0) - int(before.group(1))
        if back > 0 and (before is not night or back <= _SLASHED_DAYS):
            length, start_at = back, before.start()
            first = first - timedelta(days=back) if first else None
            month_day = (month_day[0], month_day[1] - back) if month_day else None
    worded: EventKind | None = (
        "report" if report and not invitation else "invitation" if invitation and not report else None
    )
    if first is None and month_day is not None:
        first = stated_year(text, month_day, published) or year_for(
            month_day, published, length, worded, undated=undated
        )
        if first is not None and weekday_disagrees(text, m, first):
            return None  # "Saturday 14th October" is no Saturday this year: a page of another year
    if first is None or not MIN_YEAR <= first.year <= now.year + MAX_YEARS_AHEAD:
        return None
    if (
        DAY_DEFINED.match(text, m.end)
        or DAY_DEFINED_BEFORE.search(text, max(0, start_at - 40), start_at)
        or YEARLY_BEFORE.search(text, max(0, start_at - YEARLY_REACH), start_at)
    ):
        return None  # "20 czerwca obchodzony jest Światowy Dzień Uchodźcy": what the day is
    if DEADLINE_BEFORE.search(text, max(0, start_at - DEADLINE_REACH), start_at) or (
        UNTIL_BEFORE.search(text, max(0, start_at - 8), start_at) and DEADLINE_AFTER.match(text, m.end)
    ):
        return None  # the last day to apply, not a day to attend
    if DAY_OFF.match(text, m.end):
        return None
    if not before and (
        UNTIL_BEFORE.search(text, max(0, start_at - 8), start_at)
        or UNTIL_WEEKDAY_BEFORE.search(text, max(0, start_at - 24), start_at)
    ):
        if length == 0 and first > published and OPENS_NOW.search(" ".join(invitation)):
            # "У Кракові розпочинається … ярмарок. До неділі, 26 жовтня, …": under way from today.
            fragments = (text[start_at : m.end], *dict.fromkeys(invitation))
            return Event(published, first, True, "Europe/Warsaw", None, "invitation", fragments)
        return None  # "the exhibition will last until 3 February": an end, not a start
    end_at = m.end
    if length == 0 and following is not None and JOIN.fullmatch(text, m.end, following.start):
        joined = _joined_last(first, following)
        if joined is not None:
            length, end_at = (joined - first).days, following.end
        elif following.day is not None and (following.day - first).days > LONGEST_EVENT_DAYS:
            return None  # a period over a year: "From July 1, 2022, to December 31, 2023, …"
    if length > LONGEST_EVENT_DAYS:
        return None  # "From July 1, 2022, to December 31, 2023, the foundation is implementing…"
    last = first + timedelta(days=length)
    # Both kinds of wording, or none: a day still to come when published makes an invitation. The
    # published day itself, unworded, in the text is the day's news ("On the first day of the 45th
    # session, the Congress members have elected…"), unless the text says it is today's.
    reach = min(following.start if following is not None else len(text), m.end + _CLOCK_REACH)
    clock, zone, clock_text, end_clock = clock_after(text, m, reach)
    # An hour is a programme's ("debata 29/06/2015 godz. 17.00–20.00"), not a report's.
    same_day_news = last == published and not listed and clock is None and not TODAY.search(text)
    kind: EventKind = worded or ("invitation" if last >= published and not same_day_news else "report")
    if kind == "report" and m.day is not None and first > published:
        # A day with its year still to come was reported by nobody: the report wording is another
        # sentence's ("In 2021, the UN General Assembly adopted a resolution…" beside "The No Hate
        # Speech Week, 17-20 June 2024, is organised…"). On a page, only a day said to be planned
        # ("Святкування заплановані на 8-9 серпня 2020 року"): its "05 kwietnia 2022 09:11" under a
        # report of Sunday's picnic is when it was updated.
        start, end = _sentence_of(text, m)
        if not REPORT.search(text, start, end) and (own_text or INVITATION.search(text, start, end)):
            kind = "invitation"
    fragments = [text[start_at:end_at], *dict.fromkeys(invitation if kind == "invitation" else report)]
    if clock is None:
        return Event(first, last if length else None, True, "Europe/Warsaw", None, kind, tuple(fragments))
    start = on_clock(datetime.combine(first, clock), zone)
    if start is None:  # an impossible offset: the writer's clock in Warsaw
        start = datetime.combine(first, clock, tzinfo=WARSAW)
    # Days with their hours ("February 22 and 23 between 11:00 and 15:00"): from the first day's
    # opening to the last day's close (without a closing hour, the end of the last day).
    end = start.replace(hour=end_clock.hour, minute=end_clock.minute) if end_clock else None
    if length:
        end = (end or start.replace(hour=23, minute=59)) + timedelta(days=length)
    if end is not None and end <= start:
        end = None
    fragments.insert(1, clock_text)
    return Event(start, end, False, zone_name(start.tzinfo), None, kind, tuple(fragments))


def _sentence_of(text: str, m: DateMention) -> tuple[int, int]:
    """Where the sentence of ``m`` in ``text`` (normalised) starts and ends."""
    start = max((e.end() for e in SENTENCE_END.finditer(text, 0, m.start)), default=0)
    end = SENTENCE_END.search(text, m.end)
    return start, end.start() if end else len(text)


def _joined_last(first: date, following: DateMention) -> date | None:
    """The last day of "X a Y" / "X to Y": Y, in X's year or the next, within a year of X."""
    if following.day is not None:
        last = following.day
    elif following.month_day is not None:
        try:
            last = date(first.year, *following.month_day)
            last = last if last >= first else date(first.year + 1, *following.month_day)
        except ValueError:
            return None
    else:
        return None
    return last if 0 < (last - first).days <= 366 else None


def _placed(event: Event, parts: tuple[str, ...], words: str, item: Item) -> Event:
    """The event with its place (``event_places``) and the words that named it; an hour written
    without a zone is read on the place's clock (a Ukrainian city's 18:00 is Warsaw's 17:00)."""
    found = place_of(parts, words)
    place, named = found if found is not None else (None, ())
    start, end, tz = event.start, event.end, event.tz
    zone = None
    if not event.all_day and tz == "Europe/Warsaw":  # an hour written without its zone
        zone = zone_of(place, urlsplit(item.link).hostname or "", item.language or "")
    if zone is not None and isinstance(start, datetime):
        clock = ZoneInfo(zone)
        start = start.replace(tzinfo=clock)
        end = end.replace(tzinfo=clock) if isinstance(end, datetime) else end
        tz = zone
    if found is None and zone is None:
        return event
    fragments = event.fragments + tuple(w for w in named if w and w not in event.fragments)
    return Event(start, end, event.all_day, tz, place, event.kind, fragments)
