"""``events.ics``: the upcoming events of the published stories as an iCalendar feed (RFC 5545, issue 18).

One VEVENT per upcoming event (``events.is_upcoming``), soonest first. The UID is derived from the
story's guid, which never changes, so a calendar client updates an event instead of duplicating it.
All-day events are ``VALUE=DATE`` with DTEND the day after the last day (RFC 5545 §3.6.1: DTEND is
exclusive); timed ones carry their zone's TZID with a VTIMEZONE, UTC ones a "Z", a fixed offset is
written as UTC. Text values are escaped and long lines folded by ``icalendar``; DESCRIPTION is the
story's plain-text teaser without control characters. Pure: the caller passes ``now`` (DTSTAMP, and
what is still upcoming).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from icalendar import Calendar
from icalendar import Event as VEvent

from ..events import Event, is_upcoming
from ..records import Story

__all__ = ["CalendarStory", "StoryLike", "render_ics"]

PRODID = "-//Powiązane wiadomości//events.ics//PL"
UID_DOMAIN = "powiazane-wiadomosci"
# C0 controls but tab and newline, DEL, C1: not allowed in iCalendar text (RFC 5545 §3.3.11).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class StoryLike(Protocol):
    """What a calendar entry needs of a published story."""

    @property
    def guid(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def link(self) -> str: ...
    @property
    def summary(self) -> str: ...
    @property
    def areas(self) -> tuple[str, ...]: ...  # area labels, for CATEGORIES


@dataclass(frozen=True, slots=True)
class CalendarStory:
    """A story as the calendar shows it; ``CalendarStory.of(story)`` builds one from a ``Story``."""

    guid: str
    title: str
    link: str
    summary: str = ""
    areas: tuple[str, ...] = ()

    @classmethod
    def of(cls, story: Story) -> CalendarStory:
        item = story.representative
        return cls(
            story.guid, item.title, item.link, item.summary, tuple(label for _, label in story.area_labels)
        )


def render_ics(events: Sequence[tuple[Event, StoryLike]], *, title: str, now: datetime) -> bytes:
    """The iCalendar file of the events still upcoming at ``now``, soonest first, named ``title``.

    Events that are reports or already over are left out; so is a second event of the same story
    (its UID would clash). Always a valid calendar, empty or not.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _text(title))
    seen: set[str] = set()
    upcoming = [(e, s) for e, s in events if is_upcoming(e, now=now)]
    for event, story in sorted(upcoming, key=lambda pair: (_sort_key(pair[0]), pair[1].guid)):
        uid = _uid(story.guid)
        if uid in seen:
            continue
        seen.add(uid)
        calendar.add_component(_vevent(event, story, uid, now))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _vevent(event: Event, story: StoryLike, uid: str, now: datetime) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", uid)
    vevent.add("dtstamp", now.astimezone(UTC))
    vevent.add("summary", _text(story.title))
    if event.all_day:
        vevent.add("dtstart", event.first_day)
        vevent.add("dtend", event.last_day + timedelta(days=1))  # exclusive (RFC 5545 §3.6.1)
    else:
        vevent.add("dtstart", _moment(event.start))
        if isinstance(event.end, datetime):
            vevent.add("dtend", _moment(event.end))
    if event.place:
        vevent.add("location", _text(event.place))
    if story.link:
        vevent.add("url", story.link)
    if story.summary:
        vevent.add("description", _text(story.summary))
    if story.areas:
        vevent.add("categories", [_text(area) for area in story.areas])
    return vevent


def _moment(value: date | datetime) -> datetime:
    """A timed start or end: in its IANA zone (TZID + VTIMEZONE), else as UTC."""
    assert isinstance(value, datetime) and value.tzinfo is not None
    if isinstance(value.tzinfo, ZoneInfo) and value.tzinfo.key != "UTC":
        return value
    return value.astimezone(UTC)


def _sort_key(event: Event) -> datetime:
    if isinstance(event.start, datetime):
        return event.start.astimezone(UTC)
    return datetime.combine(event.start, datetime.min.time(), tzinfo=ZoneInfo("Europe/Warsaw")).astimezone(
        UTC
    )


def _uid(guid: str) -> str:
    return f"{hashlib.sha256(guid.encode('utf-8')).hexdigest()[:32]}@{UID_DOMAIN}"


def _text(value: str) -> str:
    return _CONTROL.sub("", value).strip()
