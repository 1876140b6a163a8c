"""Feed parsing against data files with golden outputs (tests/data/feeds/<case>.*)."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from pipeline.errors import ParseError
from pipeline.parse.feeds import looks_like_feed, parse_feed

FEEDS = Path(__file__).parent / "data" / "feeds"
CASES = sorted(p.name.removesuffix(".meta.json") for p in FEEDS.glob("*.meta.json"))


def _body(case: str) -> bytes:
    path = next(p for p in FEEDS.glob(f"{case}.*") if not p.name.endswith(("meta.json", "expected.json")))
    return path.read_bytes()


def _result(case: str, now) -> dict:
    meta = json.loads((FEEDS / f"{case}.meta.json").read_text())
    try:
        outcome = parse_feed(
            _body(case),
            url=meta["url"],
            now=now,
            content_type=meta.get("content_type"),
            encoding=meta.get("encoding"),
            source_id=case,
        )
    except ParseError as exc:
        return {"error": exc.message}
    items = []
    for item in outcome.items:
        record = asdict(item)
        for key in ("published", "updated"):
            record[key] = record[key].isoformat() if record[key] else None
        record["categories"] = list(record["categories"])
        items.append(record)
    return {
        "items": items,
        "warnings": len(outcome.warnings),
        "feed_title": outcome.feed_title,
        "feed_language": outcome.feed_language,
    }


@pytest.mark.parametrize("case", CASES)
def test_feed_case_matches_golden(case: str, now, golden) -> None:
    golden(FEEDS / f"{case}.expected.json", _result(case, now))


@pytest.mark.parametrize("case", [c for c in CASES if "8859" in c or "1250" in c])
def test_polish_diacritics_survive_every_charset_route(case: str, now) -> None:
    result = _result(case, now)
    item = result["items"][0]
    assert item["title"] == "Zażółć gęślą jaźń: świąteczne spotkanie społeczności ukraińskiej"
    assert "Śródmieściu" in item["summary"] and "Źródło" in item["summary"]


def test_hostile_markup_is_removed_from_every_field(now) -> None:
    for case in CASES:
        text = json.dumps(_result(case, now), ensure_ascii=False).lower()
        assert "<script" not in text and "onerror" not in text and "javascript:" not in text, case


def test_relative_links_resolved_and_title_falls_back_to_summary(now) -> None:
    items = _result("relative-links-no-dates", now)["items"]
    assert items[0]["link"] == "https://rel.example.org/news/relative-item"
    assert items[1]["link"] == "https://rel.example.org/section/news/second?id=2"
    assert items[1]["title"] is None and items[1]["summary"].startswith("An item without a title")
    assert all(item["published"] is None for item in items)


def test_html_page_is_not_a_feed(now) -> None:
    assert not looks_like_feed(_body("not-a-feed-html"))
    with pytest.raises(ParseError, match="not a feed"):
        parse_feed(_body("not-a-feed-html"), url="https://www.example.pl/", now=now)


@pytest.mark.parametrize("body", [b"", b"   \n", b"\xef\xbb\xbf"])
def test_empty_body_is_a_clear_error(body: bytes, now) -> None:
    with pytest.raises(ParseError, match="empty"):
        parse_feed(body, url="https://x.example/", now=now)


@pytest.mark.parametrize("case", [c for c in CASES if c != "not-a-feed-html"])
def test_feeds_are_detected_from_the_body(case: str) -> None:
    assert looks_like_feed(_body(case))


def _rss(*entries: tuple[str, str]) -> bytes:
    items = "".join(
        f"<item><title>{title}</title><link>https://kalendarz.example/{n}</link><pubDate>{when}</pubDate></item>"
        for n, (title, when) in enumerate(entries)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>K</title>{items}</channel></rss>'.encode()
    )


def test_an_events_feed_dates_its_entries_by_their_events(now) -> None:
    """Read on 20 May 2025: two of three entries are dated after today, so the feed announces events
    (an events calendar's RSS puts each event's start in pubDate); a news feed's dates stay
    publication dates."""
    calendar = parse_feed(
        _rss(
            ("Warsztaty", "Tue, 03 Jun 2025 17:00:00 +0200"),
            ("Festiwal", "Sat, 07 Jun 2025 00:00:00 +0200"),
            ("Relacja z wizyty", "Mon, 12 May 2025 10:00:00 +0200"),
        ),
        url="https://kalendarz.example/feed",
        now=now,
    )
    events = [i.event for i in calendar.items]
    assert events[0] is not None and events[0].start == datetime(2025, 6, 3, 15, 0, tzinfo=UTC)
    assert events[1] is not None and events[1].start == date(2025, 6, 7)  # midnight: the day
    assert events[2] is None  # past: no event of its own
    news = parse_feed(
        _rss(("A", "Mon, 19 May 2025 10:00:00 +0200"), ("B", "Tue, 20 May 2025 09:00:00 +0200")),
        url="https://kalendarz.example/feed",
        now=now,
    )
    assert [i.event for i in news.items] == [None, None]
