"""An event an item announces or reports (issue 18), and whether it is still to come: the record
that ``events`` reads from items and ``publish`` lists, in calendars and on the digest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from .event_words import EventKind
from .parse.dates import WARSAW

__all__ = ["Event", "EventKind", "is_upcoming"]


@dataclass(frozen=True, slots=True)
class Event:
    """An event an item announces (``invitation``) or reports (``report``).

    ``start``/``end`` are dates when ``all_day`` (``end`` the last day of a range, inclusive), else
    aware datetimes in ``tz`` (an IANA name such as "Europe/Warsaw", or "UTC"); ``end`` may be None.
    ``fragments`` are the words of the item that decided it: the date, time, place and wording.
    """

    start: date | datetime
    end: date | datetime | None
    all_day: bool
    tz: str
    place: str | None
    kind: EventKind
    fragments: tuple[str, ...]

    @property
    def first_day(self) -> date:
        return self.start.date() if isinstance(self.start, datetime) else self.start

    @property
    def last_day(self) -> date:
        end = self.end if self.end is not None else self.start
        return end.date() if isinstance(end, datetime) else end


def is_upcoming(event: Event, *, now: datetime) -> bool:
    """Whether ``event`` belongs on a list of upcoming events at ``now``: an invitation whose last day
    (all-day) or end, else start (timed), is not yet past. A report never is."""
    if event.kind != "invitation":
        return False
    if event.all_day:
        return event.last_day >= now.astimezone(WARSAW).date()
    moment = event.end if isinstance(event.end, datetime) else event.start
    assert isinstance(moment, datetime)
    return moment >= now
