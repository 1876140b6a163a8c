"""The event an item's own page states (JSON-LD ``Event``), or the hour its text gives to the day the
listing names, end to end over real HTTP: enrichment reads the page once, the store keeps what it
read, and events.ics and feed.json publish it cycle after cycle (issue 18)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
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
</body></html>"""

# No JSON-LD: the hour is in the page's text only, the day in the listing's headline.
WALK_PAGE = """<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8"></head><body><article>
<p>Zapraszamy na spacer z przewodnikiem śladami czterech wyznań. Zapisy do 5 czerwca.</p>
<p>Zbiórka 7 czerwca o godz. 11:00 przy Synagodze pod Białym Bocianem. Spacer potrwa dwie godziny.</p>
</article></body></html>"""

EVENT_PAGE = """<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8">
<meta property="article:published_time" content="2025-05-19T09:00:00+02:00">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "EducationEvent",
 "name": "Warsztaty o dialogu międzykulturowym", "startDate": "2025-06-03T17:00:00+02:00",
 "endDate": "2025-06-03T19:30:00+02:00",
 "location": {"@type": "Place", "name": "Klub Pod Kolumnami", "address": {"addressLocality": "Wrocław"}}}
</script></head><body><article><p>Zapraszamy nauczycieli i edukatorów na warsztaty.</p></article></body></html>"""


@pytest.fixture
def server():
    instance = TestServer().start()
    instance.routes["/wydarzenia"] = Page(LISTING.encode(), content_type="text/html; charset=utf-8")
    instance.routes["/wydarzenie/warsztaty"] = Page(
        EVENT_PAGE.encode(), content_type="text/html; charset=utf-8"
    )
    instance.routes["/wydarzenie/spacer"] = Page(WALK_PAGE.encode(), content_type="text/html; charset=utf-8")
    yield instance
    instance.stop()


def test_a_pages_event_and_hour_are_published_cycle_after_cycle(tmp_path: Path, server) -> None:
    config = parse_config(
        f"""contact: https://example.org/c
sources:
  - id: wydarzenia
    name: Wydarzenia
    url: {server.url("/wydarzenia")}
    kind: html
    enrich: true
    selectors:
      item: div.news
      title: h3
      summary: p
""",
        base_dir=tmp_path,
    )
    out = tmp_path / "out"
    clock = datetime(2025, 5, 20, 10, 0, tzinfo=UTC)
    runner = Runner(config, output_dir=out, state_path=tmp_path / "s.sqlite3", clock=lambda: clock)
    for _ in range(2):  # the second cycle reads the listing only: the event comes from the store
        runner.run_cycle(force=True)
        calendar = icalendar.Calendar.from_ical((out / "events.ics").read_bytes())
        events = {str(c["summary"]): c for c in calendar.walk("VEVENT")}
        workshop = events["Warsztaty o dialogu międzykulturowym"]
        assert workshop.decoded("dtstart") == datetime(2025, 6, 3, 15, 0, tzinfo=UTC)
        assert workshop.decoded("dtend") == datetime(2025, 6, 3, 17, 30, tzinfo=UTC)
        assert str(workshop["location"]) == "Klub Pod Kolumnami, Wrocław"
        walk = events["Spacer śladami wielokulturowego Wrocławia – 7 czerwca"]
        assert walk.decoded("dtstart") == datetime(2025, 6, 7, 9, 0, tzinfo=UTC)  # 11:00 in Warsaw
        feed = json.loads((out / "feed.json").read_text(encoding="utf-8"))["items"]
        items = {i["title"]: i for i in feed}
        workshop_item = items["Warsztaty o dialogu międzykulturowym"]
        assert workshop_item["_pipeline"]["event"]["place"] == "Klub Pod Kolumnami, Wrocław"
        assert "Białym Bocianem" not in json.dumps(feed)  # the page's text is read, never published
    for page in ("/wydarzenie/warsztaty", "/wydarzenie/spacer"):
        assert len(server.requests_to(page)) == 1
