"""The event an item's own page states (JSON-LD ``Event``), end to end over real HTTP: enrichment
reads it once, the store keeps it, and events.ics and feed.json publish it as the page gives it,
cycle after cycle (issue 18)."""

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
</body></html>"""

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
    yield instance
    instance.stop()


def test_a_pages_json_ld_event_is_published_as_stated_cycle_after_cycle(tmp_path: Path, server) -> None:
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
        (event,) = [c for c in calendar.walk("VEVENT")]
        assert event.decoded("dtstart") == datetime(2025, 6, 3, 15, 0, tzinfo=UTC)
        assert event.decoded("dtend") == datetime(2025, 6, 3, 17, 30, tzinfo=UTC)
        assert str(event["location"]) == "Klub Pod Kolumnami, Wrocław"
        (item,) = json.loads((out / "feed.json").read_text(encoding="utf-8"))["items"]
        assert item["_pipeline"]["event"]["place"] == "Klub Pod Kolumnami, Wrocław"
    assert len(server.requests_to("/wydarzenie/warsztaty")) == 1
