"""Item-page enrichment extraction: Open Graph, JSON-LD (@graph, broken), <time>, dates in text.

Each ``tests/data/pages/<case>.html`` has ``<case>.json`` (page_url) and ``<case>.expected.json``
(golden; regenerate only with ``pytest --regen-goldens`` and review it).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.parse.pages import TEXT_MAX_CHARS, PageInfo, parse_item_page

PAGES = Path(__file__).parent / "data" / "pages"
CASES = sorted(p.stem for p in PAGES.glob("*.html"))


def _run(case: str, now: datetime) -> PageInfo:
    config = json.loads((PAGES / f"{case}.json").read_text(encoding="utf-8"))
    return parse_item_page((PAGES / f"{case}.html").read_bytes(), page_url=config["page_url"], now=now)


def _jsonable(info: PageInfo) -> dict[str, object]:
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in asdict(info).items()}


@pytest.mark.parametrize("case", CASES)
def test_page_golden(case: str, now: datetime, golden) -> None:
    golden(PAGES / f"{case}.expected.json", _jsonable(_run(case, now)))


def test_og_wins_and_relative_image_is_resolved(now: datetime) -> None:
    info = _run("og_article", now)
    assert info.image_url == "https://metropolie.pl/uploads/news/2022/05/zespol-migracji-gdansk-1200.jpg"
    assert info.image_alt == "Uczestnicy spotkania zespołu w sali obrad"
    assert info.published == datetime(2022, 5, 13, 7, 30, tzinfo=UTC)
    assert info.language == "pl"
    assert info.text is not None and "Fot. Biuro UMP" not in info.text and "trackPageView" not in info.text


def test_json_ld_graph_image_reference_and_base(now: datetime) -> None:
    info = _run("jsonld_graph", now)
    assert info.image_url == "https://news.example-city.eu/wp-content/uploads/2025/05/welcome-centre.jpg"
    assert info.image_alt == "Visitors at the new welcome centre"
    # the NewsArticle's date, not the WebPage's
    assert info.published == datetime(2025, 5, 19, 6, 30, tzinfo=UTC)


def test_only_time_prefers_the_article(now: datetime) -> None:
    info = _run("time_only", now)
    assert info.published == datetime(2024, 3, 4, 23, 0, tzinfo=UTC)
    assert info.title == "Курси польської мови для дітей"


def test_broken_json_ld_is_tolerated(now: datetime) -> None:
    info = _run("broken_jsonld", now)
    assert info.image_url == "https://um.example-city.pl/img/swieto-sasiadow.jpg"
    assert info.published == datetime(2025, 4, 14, 10, 15, tzinfo=UTC)  # from the text of .news-date


def test_hostile_page_leaks_nothing(now: datetime) -> None:
    dumped = json.dumps(_jsonable(_run("hostile_page", now))).lower()
    for bad in (
        "javascript",
        "data:",
        "onerror",
        "onmouseover",
        "onclick",
        "<script",
        "<b",
        "alert(",
        "<img",
    ):
        assert bad not in dumped, bad


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"   ",
        b"\x00\x01\x02binary",
        b"plain words",
        b"<html>",
        b"<<<>>>",
        b"\xff\xfe\x00<",
        b'<script type="application/ld+json">{{{{</script>',
        b"<meta property='og:image' content=''>",
        b'<script type="application/ld+json">' + b"[" * 5000 + b"</script>",
    ],
)
def test_junk_gives_an_empty_or_partial_page_info(body: bytes, now: datetime) -> None:
    info = parse_item_page(body, page_url="https://x.pl/a", now=now)
    assert isinstance(info, PageInfo)
    assert info.image_url is None and info.published is None


def test_an_event_pages_short_detail_lines_are_kept_and_crumbs_are_not(now: datetime) -> None:
    body = (
        "<html><body><article><p>Zapraszamy na spotkanie z pisarką w Ukraińskim Domu.</p>"
        "<p>Kiedy: 7 grudnia</p><p>Godzina: 16:00</p><p>Udostępnij</p></article></body></html>"
    ).encode()
    info = parse_item_page(body, page_url="https://x.pl/a", now=now)
    assert info.text is not None
    assert "Kiedy: 7 grudnia" in info.text and "Godzina: 16:00" in info.text
    assert "Udostępnij" not in info.text


def test_text_is_bounded(now: datetime) -> None:
    paragraph = "<p>" + "Słowo " * 100 + "</p>"
    body = f"<html><body><article>{paragraph * 20}</article></body></html>".encode()
    info = parse_item_page(body, page_url="https://x.pl/a", now=now)
    assert info.text is not None
    assert len(info.text) <= TEXT_MAX_CHARS + 10


@settings(max_examples=150, deadline=None)
@given(
    st.binary(max_size=600)
    | st.text(max_size=400).map(lambda t: f"<html><head>{t}</head><p>{t}</p>".encode())
)
def test_never_raises(body: bytes) -> None:
    parse_item_page(body, page_url="https://x.pl/a", now=datetime(2025, 5, 20, 10, tzinfo=UTC))


def _event_page(json_ld: str) -> bytes:
    return (
        '<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8"><title>Spotkanie</title>'
        f'<script type="application/ld+json">{json_ld}</script></head>'
        "<body><article><p>Zapraszamy na spotkanie o integracji migrantów w naszym mieście.</p></article></body></html>"
    ).encode()


def test_a_json_ld_event_is_read_with_its_hours_and_place(now: datetime) -> None:
    page = parse_item_page(
        _event_page(
            '{"@context": "https://schema.org", "@type": "EducationEvent", "name": "Warsztaty",'
            ' "startDate": "2025-06-03T17:00:00+02:00", "endDate": "2025-06-03T19:30:00+02:00",'
            ' "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",'
            ' "location": {"@type": "Place", "name": "Klub Pod Kolumnami",'
            ' "address": {"@type": "PostalAddress", "addressLocality": "Wrocław"}}}'
        ),
        page_url="https://wielokultury.example/warsztaty",
        now=now,
    )
    assert page.event is not None
    assert page.event.start == datetime(2025, 6, 3, 15, 0, tzinfo=UTC)
    assert page.event.end == datetime(2025, 6, 3, 17, 30, tzinfo=UTC)
    assert page.event.place == "Klub Pod Kolumnami, Wrocław"
    assert not page.event.online and not page.event.cancelled


def test_a_json_ld_events_days_online_and_status(now: datetime) -> None:
    """Days stay days (an all-day range), a VirtualLocation is online, a @graph's @id is followed,
    and a cancelled or postponed event says so."""
    graph = (
        '{"@context": "https://schema.org", "@graph": [{"@type": "WebPage", "@id": "#page"},'
        ' {"@type": ["Event", "Festival"], "startDate": "2025-06-14", "endDate": "2025-06-15",'
        ' "location": {"@id": "#online"}, "eventStatus": "https://schema.org/EventPostponed"},'
        ' {"@type": "VirtualLocation", "@id": "#online", "url": "https://zoom.example/j/1"}]}'
    )
    page = parse_item_page(_event_page(graph), page_url="https://a.example/e", now=now)
    assert page.event is not None
    assert (page.event.start, page.event.end) == (date(2025, 6, 14), date(2025, 6, 15))
    assert page.event.online and page.event.cancelled


@pytest.mark.parametrize(
    "json_ld",
    [
        '{"@type": "Event", "name": "no start"}',
        '{"@type": "Event", "startDate": "soon"}',
        '{"@type": "Event", "startDate": "2025-13-40"}',
        '{"@type": "NewsArticle", "headline": "no event", "datePublished": "2025-05-01"}',
    ],
)
def test_a_page_without_a_readable_event_has_none(json_ld: str, now: datetime) -> None:
    assert parse_item_page(_event_page(json_ld), page_url="https://a.example/e", now=now).event is None


def test_of_several_json_ld_events_the_pages_own_is_taken(now: datetime) -> None:
    """A calendar widget beside the page's own event: the one named like the page's title wins; with
    none named so, no event is taken (another event's day is not this page's)."""
    graph = (
        '{"@graph": [{"@type": "Event", "name": "Koncert kolęd ukraińskich", "startDate": "2025-06-01"},'
        ' {"@type": "Event", "name": "Warsztaty o dialogu międzykulturowym", "startDate": "2025-06-03"}]}'
    )
    body = _event_page(graph).replace(b"<title>Spotkanie</title>", b"<title>Warsztaty o dialogu</title>")
    page = parse_item_page(body, page_url="https://a.example/w", now=now)
    assert page.event is not None and page.event.start == date(2025, 6, 3)
    other = parse_item_page(_event_page(graph), page_url="https://a.example/s", now=now)
    assert other.event is None
