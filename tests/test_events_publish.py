"""Upcoming events in the outputs (issue 18): events.ics and one per area, "Nadchodzące wydarzenia"
on the first page and events.html, the embed's next events (publish.events), feed.json's
``_pipeline.event`` — rendered from stories the way a cycle publishes them."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import icalendar
from bs4 import BeautifulSoup

from pipeline.publish.outputs import render_outputs
from pipeline.records import AreaDef, AreaMatch, Config, Item, PublishSettings, Site, Story

NOW = datetime(2026, 4, 10, 9, 0, tzinfo=UTC)
SITE = Site(
    title="Powiązane wiadomości", link="https://www.wroclaw.pl/dialog", description="d", language="pl"
)
AREAS = (
    AreaDef("edukacja", "Edukacja", {}, {}),
    AreaDef("integracja", "Integracja", {}, {}),
    AreaDef("bezpieczenstwo", "Bezpieczeństwo", {}, {}),
    AreaDef("wspolpraca", "Współpraca i komunikacja", {}, {}),
)


def _story(
    number: int, title: str, summary: str, published: datetime, areas: tuple[str, ...], language: str = "pl"
) -> Story:
    item = Item(
        source_id="wielokultury",
        key=f"k{number}",
        title=title,
        link=f"https://wielokultury.example/{number}",
        summary=summary,
        published=published,
        dated=True,
        language=language,
        areas=tuple(AreaMatch(slug, 1.0, ()) for slug in areas),
    )
    labels = tuple((a.slug, a.label) for a in AREAS if a.slug in areas)
    return Story(
        number,
        f"urn:test:{number}",
        item,
        (item,),
        ("wielokultury",),
        ("Wielokulturowy Wrocław",),
        area_labels=labels,
    )


def invitation_stories() -> list[Story]:
    """Newest first: two invitations to come, one report of a past meeting, one plain news item."""
    return [
        _story(
            1,
            "Wspólnie o międzykulturowości #6 – Wiedza – 22 kwietnia",
            "Zapraszamy na spotkanie 22 kwietnia o godz. 17:00 online. Zapisy trwają.",
            datetime(2026, 4, 9, 10, 0, tzinfo=UTC),
            ("integracja", "wspolpraca"),
        ),
        _story(
            2,
            "Intercultural Cities study visit to Wrocław",
            "Registrations are open for the ICC study visit, 14-15 May 2026 in Wrocław.",
            datetime(2026, 4, 8, 10, 0, tzinfo=UTC),
            ("wspolpraca",),
            language="en",
        ),
        _story(
            3,
            "Spotkanie koordynatorów miast międzykulturowych",
            "Spotkanie odbyło się 2 kwietnia 2026 w Lublinie.",
            datetime(2026, 4, 3, 10, 0, tzinfo=UTC),
            ("wspolpraca",),
        ),
        _story(
            4,
            "Nowy punkt informacyjny dla cudzoziemców",
            "Punkt działa od poniedziałku do piątku.",
            datetime(2026, 4, 1, 10, 0, tzinfo=UTC),
            ("integracja",),
        ),
    ]


def _render(events_in_embed: int = 0) -> dict[str, bytes]:
    config = Config(
        path="sources.yaml",
        site=SITE,
        publish=PublishSettings(limit=50, page_size=10, pages=2, events=events_in_embed),
        state_path="var/x.sqlite3",
        templates=None,
        contact="https://example.org/c",
        areas=AREAS,
        sources=(),
    )
    return render_outputs(invitation_stories(), config, generated=NOW)


def _events(ics: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(ics).walk("VEVENT"))


def test_the_calendar_lists_the_invitations_to_come_soonest_first() -> None:
    files = _render()
    events = _events(files["events.ics"])
    assert [str(e["SUMMARY"]) for e in events] == [
        "Wspólnie o międzykulturowości #6 – Wiedza – 22 kwietnia",
        "Intercultural Cities study visit to Wrocław",
    ]
    first, second = events
    assert first.decoded("DTSTART") == datetime(2026, 4, 22, 17, 0, tzinfo=first.decoded("DTSTART").tzinfo)
    assert str(first["LOCATION"]) == "online"
    assert str(second["DTSTART"].to_ical().decode()) == "20260514"  # all-day range
    assert str(second["DTEND"].to_ical().decode()) == "20260516"
    # One calendar per area: the study visit is współpraca only.
    assert [str(e["SUMMARY"]) for e in _events(files["areas/integracja.ics"])] == [
        "Wspólnie o międzykulturowości #6 – Wiedza – 22 kwietnia"
    ]
    assert len(_events(files["areas/wspolpraca.ics"])) == 2
    assert _events(files["areas/edukacja.ics"]) == []


def test_the_digest_shows_upcoming_events_date_first_and_events_html_lists_them() -> None:
    files = _render()
    index = BeautifulSoup(files["index.html"], "html.parser")
    section = index.select_one(".pw-events")
    assert section is not None and section.h2 is not None
    assert section.h2.get_text() == "Nadchodzące wydarzenia"
    lines = [" ".join(li.get_text(" ").split()) for li in section.select(".pw-event")]
    assert lines == [
        "22 kwietnia, 17:00 · online Wspólnie o międzykulturowości #6 – Wiedza – 22 kwietnia",
        "14–15 maja · Wrocław Intercultural Cities study visit to Wrocław",
    ]
    english = section.select(".pw-event")[1]
    assert english["lang"] == "en" and english.a["hreflang"] == "en"
    assert section.select_one("time")["datetime"] == "2026-04-22"
    events_page = BeautifulSoup(files["events.html"], "html.parser")
    assert len(events_page.select(".pw-event")) == 2
    assert events_page.select_one('a[href="events.ics"]') is not None
    # The second page has no event list; the report and the plain news are no events anywhere.
    assert "pw-events" not in files["page-2.html"].decode() if "page-2.html" in files else True
    assert "Spotkanie koordynatorów" not in section.get_text()


def test_the_embed_shows_as_many_events_as_publish_events_asks() -> None:
    assert BeautifulSoup(_render(0)["embed.html"], "html.parser").select(".pw-event") == []
    embed = BeautifulSoup(_render(1)["embed.html"], "html.parser")
    assert [li.a.get_text() for li in embed.select(".pw-event")] == [
        "Wspólnie o międzykulturowości #6 – Wiedza – 22 kwietnia"
    ]
    assert embed.select_one(".pw-events h3") is not None  # under the block's h2


def test_feed_json_carries_the_event_of_each_story() -> None:
    items = {i["title"]: i["_pipeline"] for i in json.loads(_render()["feed.json"])["items"]}
    event = items["Wspólnie o międzykulturowości #6 – Wiedza – 22 kwietnia"]["event"]
    assert event["kind"] == "invitation" and event["start"].startswith("2026-04-22T17:00")
    assert event["place"] == "online" and not event["all_day"]
    report = items["Spotkanie koordynatorów miast międzykulturowych"]["event"]
    assert report["kind"] == "report" and report["start"] == "2026-04-02"
    assert "event" not in items["Nowy punkt informacyjny dla cudzoziemców"]


def test_publish_events_is_a_setting_of_sources_yaml() -> None:
    from pipeline.config import parse_config
    from pipeline.errors import ConfigError

    text = "contact: https://example.org/c\npublish:\n  events: {}\nsources:\n  - id: a\n    name: A\n    url: https://a.example/feed\n"
    assert parse_config(text.format(3)).publish.events == 3
    assert parse_config(text.replace("  events: {}\n", "  limit: 5\n")).publish.events == 0
    try:
        parse_config(text.format(-1))
    except ConfigError as exc:
        assert "events" in str(exc)
    else:
        raise AssertionError("a negative count was accepted")


def test_preview_shows_the_event_an_item_announces(tmp_path, server) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    from tests.server import Page

    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>W</title>'
        "<link>https://w.example/</link><description>d</description><item>"
        "<title>Wspólnie o międzykulturowości #6 – Wiedza</title><link>https://w.example/6</link>"
        "<description>Zapraszamy na spotkanie 22 kwietnia 2026 o godz. 17:00 online.</description>"
        "<pubDate>Thu, 09 Apr 2026 10:00:00 +0200</pubDate></item></channel></rss>"
    )
    server.routes["/feed"] = Page(feed.encode())
    (tmp_path / "sources.yaml").write_text(
        f"contact: https://example.org/c\nsources:\n  - id: w\n    name: W\n    url: {server.url('/feed')}\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "preview", "w", "--config", str(tmp_path / "sources.yaml")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if "event:" in line)
    assert "invitation, 2026-04-22T17:00:00+02:00 · online" in line and "zapraszamy" in line
