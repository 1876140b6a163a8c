"""Upcoming events of the published stories, as the digest, the embed and the calendars show them
(issue 18). Pure: the stories and ``now`` in, the events and their words out.

Each story's event is its representative's, else the first of its other items that names one
(``events.event_of``); a list shows the invitations still to come (``events.is_upcoming``), soonest
first. A line reads date first, as a reader plans: "22 kwietnia, 17:00 · online".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from babel.dates import format_date

from ..events import Event, event_of, is_upcoming
from ..parse.dates import WARSAW
from ..records import Story
from ..text import clean_text, is_http_url
from .typography import bind, primary_language


@dataclass(frozen=True, slots=True)
class EventView:
    """One line of "Nadchodzące wydarzenia"."""

    when: str  # "22 kwietnia, 17:00 · online", typeset
    iso: str  # the first day, for <time datetime>
    title: str
    url: str | None
    lang: str | None  # the story's language when it is not the page's


def story_events(stories: Sequence[Story], *, now: datetime) -> dict[str, Event]:
    """Story guid -> the event it announces or reports. O(items of the stories)."""
    found: dict[str, Event] = {}
    for story in stories:
        for item in story.items:
            event = event_of(item, now=now)
            if event is not None:
                found[story.guid] = event
                break
    return found


def upcoming(
    stories: Sequence[Story], events: dict[str, Event], *, now: datetime
) -> list[tuple[Event, Story]]:
    """The stories' invitations still to come at ``now``, soonest first."""
    pairs = [
        (events[s.guid], s) for s in stories if s.guid in events and is_upcoming(events[s.guid], now=now)
    ]
    return sorted(pairs, key=lambda pair: (pair[0].first_day, _clock(pair[0])))


def event_views(
    pairs: Sequence[tuple[Event, Story]], *, locale: str, page_language: str, now: datetime
) -> list[EventView]:
    views = []
    for event, story in pairs:
        item = story.representative
        language = primary_language(item.language)
        views.append(
            EventView(
                when=bind(when_text(event, locale=locale, now=now), locale),
                iso=event.first_day.isoformat(),
                title=clean_text(item.title),
                url=item.link if is_http_url(item.link) else None,
                lang=language if language and language != primary_language(page_language) else None,
            )
        )
    return views


def when_text(event: Event, *, locale: str, now: datetime) -> str:
    """ "22 kwietnia, 17:00 · online", "14–15 maja · Lublin", "30 maja – 4 czerwca 2027"."""
    this_year = now.astimezone(WARSAW).year
    first, last = event.first_day, event.last_day

    def day(value: date, *, month: bool = True) -> str:
        pattern = ("d MMMM" if month else "d") + (" y" if value.year != this_year else "")
        return format_date(value, format=pattern, locale=locale)

    if last != first and (last.year, last.month) == (first.year, first.month):
        text = f"{first.day}–{day(last)}"
    elif last != first:
        text = f"{day(first)} – {day(last)}"
    else:
        text = day(first)
    if not event.all_day and isinstance(event.start, datetime):
        start = event.start.astimezone(WARSAW)
        text += f", {start:%H:%M}"
        if isinstance(event.end, datetime) and event.end.astimezone(WARSAW).date() == start.date():
            text += f"–{event.end.astimezone(WARSAW):%H:%M}"
    if event.place:
        text += f" · {event.place}"
    return text


def _clock(event: Event) -> str:
    return event.start.astimezone(WARSAW).strftime("%H:%M") if isinstance(event.start, datetime) else ""
