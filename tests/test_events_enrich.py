"""Events from what a listing, a feed and an item's page say, end to end over real HTTP (issue 18):
an item page's JSON-LD ``Event``, the hour its text gives to the day the listing names, or the day
its block of details gives
(enrichment reads each page once, the store keeps what it read), an events calendar's date lines,
an events feed's dates; events.ics and feed.json publish them cycle after cycle."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import pytest

from pipeline.config import parse_config
from pipeline.runner import Runner
from tests.server import Page, TestServer

LISTING = """<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8"><title>Wydarzenia</title></head><body>
<div class="news"><h3><a href="/wydarzenie/warsztaty">Warsztaty o dialogu międzykulturowym</a></h3>
<p>Spotkanie dla nauczycieli i edukatorów.</p></div>
<div class="news"><h3><a href="/wydarzenie/spacer">Spacer śladami wielokulturowego Wrocławia – 7 czerwca</a></h3>
<p>Zapraszamy na spacer z przewodnikiem.</p></div>
<div class="news"><h3><a href="/wydarzenie/literatura">Ukraińska literatura w czasach wojny</a></h3>
<p>Oksana Zabużko we Wrocławiu.</p></div>
</body></html>"""

# No JSON-LD: the hour is in the page's text only, the day in the listing's headline.
WALK_PAGE = """<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8"></head><body><article>
<p>Zapraszamy na spacer z przewodnikiem śladami czterech wyznań. Zapisy do 5 czerwca.</p>
<p>Zbiórka 7 czerwca o godz. 11:00 przy Synagodze pod Białym Bocianem. Spacer potrwa dwie godziny.</p>
</article></body></html>"""

# Nothing in the listing says "event": the page's block of details does, and dates it. Its stamp
# (the day read, with an hour) is when it was published, not the event's hour.
DETAILS_PAGE = """<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8"></head><body><article>
<p>20.05.2025 08:15</p><p>Jak wojna zmienia pisanie i czytanie? Rozmowa z pisarką.</p>
<p>✅ Kiedy: 12 czerwca 2025 ✅ Godzina: 18:00 ✅ Gdzie: Ukraiński Dom, ul. Zamenhofa 1</p>
</article></body></html>"""

EVENT_PAGE = """<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8">
<meta property="article:published_time" content="2025-05-19T09:00:00+02:00">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "EducationEvent",
 "name": "Warsztaty o dialogu międzykulturowym", "startDate": "2025-06-03T17:00:00+02:00",
 "endDate": "2025-06-03T19:30:00+02:00",
 "location": {"@type": "Place", "name": "Klub Pod Kolumnami", "address": {"addressLocality": "Wrocław"}}}
</script></head><body><article><p>Zapraszamy nauczycieli i edukatorów na warsztaty.</p></article></body></html>"""


CALENDAR = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Calendar</title></head><body>
<div class="ev"><h3><a href="/academy">Intercultural Cities Academy</a></h3>
<p class="when">3-5 June 2025 Reykjavik, Iceland</p><p>The academy for city officials.</p></div>
<div class="ev"><h3><a href="/webinar">Webinar on anti-rumours strategies</a></h3>
<p class="when">21 May 2025 at 13:00 CET online</p><p>Register for the webinar.</p></div>
<div class="ev"><h3><a href="/visit">Study visit to Wrocław</a></h3><p class="when">12 May 2025</p>
<p>Experts visited the city.</p></div>
</body></html>"""

# An events calendar's RSS: pubDate is each event's start (most are after the day read).
EVENTS_RSS = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Kalendarz</title>
<item><title>Warsztaty dla nauczycieli</title><link>/k/1</link><pubDate>Tue, 03 Jun 2025 17:00:00 +0200</pubDate>
<description>Warsztaty w Klubie Pod Kolumnami we Wrocławiu.</description></item>
<item><title>Festiwal Kultur</title><link>/k/2</link><pubDate>Sat, 07 Jun 2025 00:00:00 +0200</pubDate>
<description>Festiwal na Rynku.</description></item>
<item><title>Relacja z wizyty studyjnej</title><link>/k/3</link><pubDate>Mon, 12 May 2025 10:00:00 +0200</pubDate>
<description>Goście odwiedzili miasto.</description></item>
</channel></rss>"""

# A news list in the ICC newsroom's manner: most rows are past, and each prints its event's days and
# place, not the day it was published; the items' pages carry that.
NEWSROOM = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Newsroom</title></head><body>
<div class="news"><h3><a href="/news/academy">Intercultural Cities Academy on migrants' inclusion</a></h3>
<p class="when">9-10 June 2025 Lisbon, Portugal</p><p>Cities are invited to register for the academy.</p></div>
<div class="news"><h3><a href="/news/visit">Study visit to Oslo</a></h3><p class="when">12 May 2025 Oslo, Norway</p>
<p>Coordinators visited the city's library.</p></div>
<div class="news"><h3><a href="/news/report">Annual report published</a></h3><p class="when">2 May 2025</p>
<p>The programme's report on the year.</p></div>
</body></html>"""
ACADEMY_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta property="article:published_time" content="2025-05-15T09:00:00+02:00"></head>
<body><article><p>Cities are invited to register for the academy in Lisbon.</p></article></body></html>"""

CLOCK = datetime(2025, 5, 20, 10, 0, tzinfo=UTC)


@pytest.fixture
def server():
    instance = TestServer().start()
    for path, page in (
        ("/wydarzenia", LISTING),
        ("/wydarzenie/warsztaty", EVENT_PAGE),
        ("/wydarzenie/spacer", WALK_PAGE),
        ("/wydarzenie/literatura", DETAILS_PAGE),
        ("/calendar", CALENDAR),
        ("/newsroom", NEWSROOM),
        ("/news/academy", ACADEMY_PAGE),
        ("/kalendarz.xml", EVENTS_RSS),
    ):
        kind = "application/rss+xml" if path.endswith(".xml") else "text/html; charset=utf-8"
        instance.routes[path] = Page(page.encode(), content_type=kind)
    yield instance
    instance.stop()


def _runner(tmp_path: Path, url: str, source: str) -> Runner:
    """A runner of one listing source (``source``: its kind, enrichment and selectors, as YAML)."""
    config = parse_config(
        f"contact: https://example.org/c\nsources:\n  - id: s\n    name: S\n    url: {url}\n{source}",
        base_dir=tmp_path,
    )
    return Runner(config, output_dir=tmp_path / "out", state_path=tmp_path / "s.sqlite3", clock=lambda: CLOCK)


def _calendar(out: Path) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical((out / "events.ics").read_bytes())
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_a_pages_event_and_hour_are_published_cycle_after_cycle(tmp_path: Path, server) -> None:
    source = """    kind: html
    enrich: true
    selectors: {item: div.news, title: h3, summary: p}
"""
    runner = _runner(tmp_path, server.url("/wydarzenia"), source)
    for _ in range(2):  # the second cycle reads the listing only: the rest comes from the store
        runner.run_cycle(force=True)
        events = _calendar(tmp_path / "out")
        workshop = events["Warsztaty o dialogu międzykulturowym"]
        assert workshop.decoded("dtstart") == datetime(2025, 6, 3, 15, 0, tzinfo=UTC)
        assert workshop.decoded("dtend") == datetime(2025, 6, 3, 17, 30, tzinfo=UTC)
        assert str(workshop["location"]) == "Klub Pod Kolumnami, Wrocław"
        walk = events["Spacer śladami wielokulturowego Wrocławia – 7 czerwca"]
        assert walk.decoded("dtstart") == datetime(2025, 6, 7, 9, 0, tzinfo=UTC)  # 11:00 in Warsaw
        talk = events["Ukraińska literatura w czasach wojny"]
        assert talk.decoded("dtstart") == datetime(2025, 6, 12, 16, 0, tzinfo=UTC)  # 18:00 in Warsaw
        feed = json.loads((tmp_path / "out" / "feed.json").read_text(encoding="utf-8"))["items"]
        items = {i["title"]: i for i in feed}
        workshop_item = items["Warsztaty o dialogu międzykulturowym"]
        assert workshop_item["_pipeline"]["event"]["place"] == "Klub Pod Kolumnami, Wrocław"
        assert "Białym Bocianem" not in json.dumps(feed)  # the page's text is read, never published
    for page in ("/wydarzenie/warsztaty", "/wydarzenie/spacer", "/wydarzenie/literatura"):
        assert len(server.requests_to(page)) == 1


def test_an_events_calendars_date_lines_give_the_ranges_hours_and_places(tmp_path: Path, server) -> None:
    """A listing whose rows are mostly after the day read is a calendar: each row's date line, kept on its
    item and in the store, gives the event's range, hour and place; the row of a past visit is none."""
    source = """    kind: html
    selectors: {item: div.ev, title: h3, date: .when, summary: "p:not(.when)"}
"""
    runner = _runner(tmp_path, server.url("/calendar"), source)
    for _ in range(2):
        runner.run_cycle(force=True)
        events = _calendar(tmp_path / "out")
        assert set(events) == {"Intercultural Cities Academy", "Webinar on anti-rumours strategies"}
        academy = events["Intercultural Cities Academy"]
        assert (academy.decoded("dtstart"), academy.decoded("dtend")) == (date(2025, 6, 3), date(2025, 6, 6))
        assert str(academy["location"]) == "Reykjavik"
        webinar = events["Webinar on anti-rumours strategies"]
        assert webinar.decoded("dtstart") == datetime(2025, 5, 21, 11, 0, tzinfo=UTC)
        assert str(webinar["location"]) == "online"


def test_an_events_feeds_entries_are_dated_by_their_events(tmp_path: Path, server) -> None:
    """An RSS of events (pubDate: each event's start, most after the day read): the entries still to
    come are listed at their days and hours; the past one is not."""
    runner = _runner(tmp_path, server.url("/kalendarz.xml"), "    kind: feed\n")
    for _ in range(2):
        runner.run_cycle(force=True)
        events = _calendar(tmp_path / "out")
        assert set(events) == {"Warsztaty dla nauczycieli", "Festiwal Kultur"}
        assert events["Warsztaty dla nauczycieli"].decoded("dtstart") == datetime(
            2025, 6, 3, 15, 0, tzinfo=UTC
        )
        assert events["Festiwal Kultur"].decoded("dtstart") == date(2025, 6, 7)


def test_a_news_lists_event_lines_give_their_events_and_the_pages_their_days(tmp_path: Path, server) -> None:
    """A news list (its rows mostly past, so no calendar) whose rows print their events' days and
    places, as the ICC newsroom does: a row's range and place date its event; its page, not the
    event's day, dates the item; a bare date line stays a publication day."""
    source = """    kind: html
    enrich: true
    selectors: {item: div.news, title: h3, date: .when, summary: "p:not(.when)"}
"""
    runner = _runner(tmp_path, server.url("/newsroom"), source)
    runner.run_cycle(force=True)
    events = _calendar(tmp_path / "out")
    assert set(events) == {"Intercultural Cities Academy on migrants' inclusion"}
    academy = events["Intercultural Cities Academy on migrants' inclusion"]
    assert (academy.decoded("dtstart"), academy.decoded("dtend")) == (date(2025, 6, 9), date(2025, 6, 11))
    assert str(academy["location"]) == "Lisbon"
    items = {i["title"]: i for i in json.loads((tmp_path / "out" / "feed.json").read_text())["items"]}
    assert (
        items["Intercultural Cities Academy on migrants' inclusion"]["date_published"]
        == "2025-05-15T07:00:00Z"
    )
    assert items["Annual report published"]["date_published"] == "2025-05-01T22:00:00Z"
