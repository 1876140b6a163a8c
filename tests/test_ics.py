"""events.ics (issue 18): read back by icalendar and by an independent parser (the ``ics`` package)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import ics

from pipeline.events import Event
from pipeline.publish.ics import CalendarStory, render_ics

WARSAW = ZoneInfo("Europe/Warsaw")
NOW = datetime(2026, 4, 1, 8, 0, tzinfo=UTC)
LONG = "Spotkanie o edukacji, integracji; bezpieczeństwie\ni współpracy — " * 4


def event(start, end=None, *, place=None, kind="invitation", tz="Europe/Warsaw") -> Event:
    all_day = not isinstance(start, datetime)
    return Event(start, end, all_day, tz, place, kind, ("fragment",))


def story(guid: str, title: str = "Wspólnie o międzykulturowości #6 – Wiedza", **kw) -> CalendarStory:
    return CalendarStory(guid=guid, title=title, link=f"https://example.org/{guid}", **kw)


EVENTS = [
    (
        event(date(2026, 4, 22), date(2026, 4, 23), place="Wrocław"),
        story("range", summary=LONG, areas=("Edukacja", "Integracja")),
    ),
    (
        event(datetime(2026, 4, 22, 17, 0, tzinfo=WARSAW), place="online"),
        story("timed", title="Webinar, online; 17:00"),
    ),
    (event(datetime(2026, 5, 5, 10, 0, tzinfo=UTC), datetime(2026, 5, 5, 12, 0, tzinfo=UTC)), story("utc")),
    (event(date(2026, 3, 1)), story("past")),
    (event(date(2026, 6, 1), kind="report"), story("report")),
    (event(date(2026, 4, 10)), story("single-day")),
]


def rendered() -> bytes:
    return render_ics(EVENTS, title="Powiązane wiadomości", now=NOW)


def by_uid_suffix(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(e["url"]).rsplit("/", 1)[1]: e for e in calendar.walk("VEVENT")}


def test_icalendar_reads_it_back() -> None:
    calendar = icalendar.Calendar.from_ical(rendered())
    events = by_uid_suffix(calendar)
    assert set(events) == {"range", "timed", "utc", "single-day"}, "reports and past events are left out"
    assert [str(e["url"]).rsplit("/", 1)[1] for e in calendar.walk("VEVENT")] == [
        "single-day",
        "range",
        "timed",
        "utc",
    ]
    ranged = events["range"]
    assert ranged["dtstart"].dt == date(2026, 4, 22) and ranged["dtend"].dt == date(2026, 4, 24)  # exclusive
    assert ranged["dtstart"].params["VALUE"] == "DATE"
    assert str(ranged["location"]) == "Wrocław"
    assert str(ranged["description"]) == LONG.strip()
    assert [str(c) for c in ranged["categories"].cats] == ["Edukacja", "Integracja"]
    timed = events["timed"]
    assert timed["dtstart"].dt == datetime(2026, 4, 22, 17, 0, tzinfo=WARSAW)
    assert timed["dtstart"].params["TZID"] == "Europe/Warsaw"
    assert str(timed["summary"]) == "Webinar, online; 17:00"
    assert events["utc"]["dtend"].dt == datetime(2026, 5, 5, 12, 0, tzinfo=UTC)
    assert events["single-day"]["dtend"].dt == date(2026, 4, 11)
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Warsaw"]
    assert all(e["dtstamp"].dt == NOW for e in events.values())


def test_an_independent_parser_reads_it_back() -> None:
    calendar = ics.Calendar(rendered().decode("utf-8"))
    events = {e.url.rsplit("/", 1)[1]: e for e in calendar.events}
    assert set(events) == {"range", "timed", "utc", "single-day"}
    ranged = events["range"]
    assert ranged.all_day and ranged.begin.date() == date(2026, 4, 22)
    assert ranged.end.date() == date(2026, 4, 24)
    assert ranged.description == LONG.strip() and ranged.location == "Wrocław"
    assert ranged.categories == {"Edukacja", "Integracja"}
    timed = events["timed"]
    assert timed.begin.datetime == datetime(2026, 4, 22, 17, 0, tzinfo=WARSAW)
    assert timed.begin.to("UTC").datetime == datetime(2026, 4, 22, 15, 0, tzinfo=UTC)
    assert timed.name == "Webinar, online; 17:00"
    assert events["utc"].end.datetime == datetime(2026, 5, 5, 12, 0, tzinfo=UTC)


def test_text_is_escaped_and_long_lines_folded() -> None:
    text = rendered().decode("utf-8")
    assert "SUMMARY:Webinar\\, online\\; 17:00" in text
    assert "\\n" in text and "\r\n " in text, "newlines escaped, long lines folded"
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n")), "RFC 5545 §3.1: 75 octets"


def test_uids_are_stable_and_unique_per_story() -> None:
    first = icalendar.Calendar.from_ical(rendered())
    later = icalendar.Calendar.from_ical(render_ics(EVENTS[::-1], title="x", now=NOW + timedelta(hours=1)))
    uids = {str(e["uid"]) for e in first.walk("VEVENT")}
    assert uids == {str(e["uid"]) for e in later.walk("VEVENT")} and len(uids) == 4
    twice = render_ics([EVENTS[1], (event(date(2026, 4, 30)), story("timed"))], title="x", now=NOW)
    assert len(icalendar.Calendar.from_ical(twice).walk("VEVENT")) == 1, "one event per story"


def test_control_characters_are_dropped_and_an_empty_calendar_is_valid() -> None:
    dirty = render_ics([(event(date(2026, 4, 22)), story("c", title="A\x00B\x1b"))], title="T", now=NOW)
    assert str(icalendar.Calendar.from_ical(dirty).walk("VEVENT")[0]["summary"]) == "AB"
    empty = ics.Calendar(render_ics([], title="Powiązane wiadomości", now=NOW).decode("utf-8"))
    assert not empty.events
