"""Feedless listing pages: golden files for pages modelled on the real sources, plus targeted cases.

Each ``tests/data/listings/<case>.html`` has ``<case>.json`` (page_url, selectors and optionally
encoding / headers_charset) and ``<case>.expected.json`` (the golden; regenerate only with
``pytest --regen-goldens`` and review it like code).
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from datetime import datetime
from pathlib import Path

import pytest

from pipeline.errors import ParseError
from pipeline.parse.html import decode_html, resolve_url
from pipeline.parse.listings import ListingResult, find_feed_links, parse_listing
from pipeline.records import RawItem, Selectors

LISTINGS = Path(__file__).parent / "data" / "listings"
CASES = sorted(p.stem for p in LISTINGS.glob("*.html"))


def _jsonable(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    return value


def _item(item: RawItem) -> dict[str, object]:
    # Only the fields a listing can fill; the rest stay None and would only add noise to goldens.
    return {
        f.name: _jsonable(getattr(item, f.name))
        for f in fields(item)
        if f.name not in ("guid", "content_html", "updated", "author", "categories", "text")
    }


def _summary_of(result: ListingResult) -> dict[str, object]:
    # Timings differ on every run: only their fields are compared.
    diagnostics = {k: _jsonable(v) for k, v in asdict(result.diagnostics).items() if k != "selector_seconds"}
    assert [field for field, _seconds in result.diagnostics.selector_seconds][:1] == ["item"]
    return {
        "items": [_item(i) for i in result.items],
        "warnings": list(result.warnings),
        "diagnostics": diagnostics,
    }


def _run(case: str, now: datetime) -> ListingResult:
    config = json.loads((LISTINGS / f"{case}.json").read_text(encoding="utf-8"))
    return parse_listing(
        (LISTINGS / f"{case}.html").read_bytes(),
        page_url=config["page_url"],
        selectors=Selectors(**config["selectors"]),
        now=now,
        encoding=config.get("encoding"),
        headers_charset=config.get("headers_charset"),
        source_id=case,
    )


@pytest.mark.parametrize("case", CASES)
def test_listing_golden(case: str, now: datetime, golden) -> None:
    golden(LISTINGS / f"{case}.expected.json", _summary_of(_run(case, now)))


def test_every_case_has_a_config_and_golden() -> None:
    assert len(CASES) >= 6
    for case in CASES:
        assert (LISTINGS / f"{case}.json").exists(), case


# --- targeted cases ---------------------------------------------------------------------------

PAGE = b"""<html lang="pl"><body>
<div class="n"><h2><a href="/a">Pierwsza</a></h2><span class="d">13 maja 2022</span></div>
<div class="n"><h2><a href="/b">Druga</a></h2></div>
<div class="n"><h2><a href="/c">Trzecia</a></h2><span class="x">bez daty</span></div>
</body></html>"""


def test_broken_item_selector_names_the_selector(now: datetime) -> None:
    with pytest.raises(ParseError) as caught:
        parse_listing(
            PAGE,
            page_url="https://x.pl/",
            selectors=Selectors(item="article.news", title="h2"),
            now=now,
            source_id="ump",
        )
    assert caught.value.source_id == "ump"
    assert "article.news" in caught.value.message
    assert "selectors.item" in caught.value.message


def test_invalid_css_is_a_parse_error_naming_the_field(now: datetime) -> None:
    with pytest.raises(ParseError, match="date selector"):
        parse_listing(
            PAGE,
            page_url="https://x.pl/",
            selectors=Selectors(item="div.n", title="h2", date="span[["),
            now=now,
            source_id="s",
        )


def test_date_selector_missing_in_some_cards_is_counted(now: datetime) -> None:
    result = parse_listing(
        PAGE, page_url="https://x.pl/", selectors=Selectors(item="div.n", title="h2", date=".d"), now=now
    )
    assert result.diagnostics.items_matched == 3
    assert result.diagnostics.misses("date") == 2
    assert result.diagnostics.misses("title") == 0
    assert result.diagnostics.without_date == 2
    assert [i.link for i in result.items] == ["https://x.pl/a", "https://x.pl/b", "https://x.pl/c"]
    assert result.items[0].published == datetime.fromisoformat("2022-05-12T22:00:00+00:00")
    assert result.warnings == ()  # matching in one card of three is no broken selector


def test_selector_that_matches_no_card_warns(now: datetime) -> None:
    result = parse_listing(
        PAGE,
        page_url="https://x.pl/",
        selectors=Selectors(item="div.n", title="h2", summary=".lead"),
        now=now,
    )
    assert result.diagnostics.misses("summary") == 3
    assert any("summary selector '.lead'" in w for w in result.warnings)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"   \n",
        b"%PDF-1.7 binary",
        b'{"items": []}',
        b"just some words, no markup",
        b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>',
        b'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"></feed>',
    ],
)
def test_not_html_is_a_parse_error(body: bytes, now: datetime) -> None:
    with pytest.raises(ParseError):
        parse_listing(body, page_url="https://x.pl/", selectors=Selectors(item="div", title="h2"), now=now)


def test_hostile_page_leaks_nothing(now: datetime) -> None:
    result = _run("hostile", now)
    dumped = json.dumps(_summary_of(result), ensure_ascii=False).lower()
    for bad in (
        "javascript",
        "vbscript",
        "onerror",
        "onload",
        "onclick",
        "onmouseover",
        "<script",
        "data:",
        "<svg",
        "<iframe",
        "<b",
        "<style",
        "injected",
        "svg title",
        "color: red",
    ):
        assert bad not in dumped, bad
    # The one "alert(" left is text the page shows literally (it double-escaped the markup).
    assert dumped.count("alert(") == 1
    assert "double-escaped &lt;script&gt;alert('double')" in dumped
    assert all(i.link is None or i.link.startswith("https://hostile.example/") for i in result.items)


def test_feed_links_resolved_and_filtered() -> None:
    body = (LISTINGS / "lazy_images_base.html").read_bytes()
    assert find_feed_links(body, "https://www.example-city.eu/en/news/index.html") == (
        "https://www.example-city.eu/en/news/atom.xml",
        "https://www.example-city.eu/en/news/feed.json",
    )
    assert find_feed_links(b"not html", "https://x.pl/") == ()
    assert find_feed_links(b"", "https://x.pl/") == ()


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("/a/b", "https://s.pl/a/b"),
        ("  c  ", "https://s.pl/x/c"),
        ("//cdn.s.pl/i.jpg", "https://cdn.s.pl/i.jpg"),
        ("http://other.pl/", "http://other.pl/"),
        ("#top", None),
        ("javascript:alert(1)", None),
        ("JAVASCRIPT:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("javascript&colon;alert(1)", None),
        ("&#106;avascript:alert(1)", None),
        ("data:text/html,x", None),
        ("mailto:a@b.pl", None),
        ("", None),
        (None, None),
        ("?q=1&amp;p=2", "https://s.pl/x/?q=1&amp;p=2"),
    ],
)
def test_resolve_url(href: str | None, expected: str | None) -> None:
    assert resolve_url(href, "https://s.pl/x/") == expected


@pytest.mark.parametrize(
    ("body", "kwargs", "codec"),
    [
        ("Zażółć gęślą jaźń".encode(), {}, "utf-8"),
        ("<p>Źródło: Śląsk, ąś</p>".encode("cp1250"), {}, "cp1250"),
        ("<p>Źródło: Śląsk, ąś</p>".encode("iso-8859-2"), {}, "iso8859-2"),
        # declared ISO-8859-2 but the bytes are cp1250 (ś = 0x9C is a C1 control in ISO-8859-2)
        ('<meta charset="iso-8859-2"><p>Źródło: Śląsk</p>'.encode("cp1250"), {}, "cp1250"),
        # the server says UTF-8, the bytes are not: the declaration is skipped
        ("<p>Źródło: Śląsk, ąś</p>".encode("cp1250"), {"headers_charset": "utf-8"}, "cp1250"),
        (
            "<p>Źródło</p>".encode("iso-8859-2"),
            {"encoding": "iso-8859-2", "headers_charset": "utf-8"},
            "iso8859-2",
        ),
        ("<p>café</p>".encode("latin-1"), {"headers_charset": "ISO-8859-1"}, "cp1252"),
        ("\ufeff<p>Źródło</p>".encode(), {"headers_charset": "cp1250"}, "utf-8"),
        ("<p>Źródło</p>".encode(), {"headers_charset": "no-such-charset"}, "utf-8"),
    ],
)
def test_decode_html(body: bytes, kwargs: dict[str, str], codec: str) -> None:
    text, used = decode_html(body, **kwargs)
    assert used == codec
    assert "Źródło" in text or "Zażółć" in text or "café" in text


def test_parse_is_deterministic(now: datetime) -> None:
    # The same listing fetched twice gives the same items and dates (issue 3: dates never drift).
    assert _run("icc_newsroom", now) == _run("icc_newsroom", now)


def test_as_outcome(now: datetime) -> None:
    result = _run("metropolie", now)
    outcome = result.as_outcome()
    assert outcome.items == result.items
    assert outcome.feed_language == "pl"
    assert outcome.advertised_feeds == ("https://metropolie.pl/rss/aktualnosci.xml",)


CALENDAR = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"></head><body>
<div class="ev"><h3><a href="/academy">Intercultural Cities Academy</a></h3><p class="when">3-5 June 2025 Reykjavik, Iceland</p></div>
<div class="ev"><h3><a href="/webinar">Webinar on anti-rumours</a></h3><p class="when">21 May 2025 at 13:00 CET online</p></div>
<div class="ev"><h3><a href="/visit">Study visit to Wrocław</a></h3><p class="when">12 May 2025</p></div>
</body></html>""".encode()
NEWS = CALENDAR.replace(b"3-5 June 2025", b"3-5 May 2025").replace(b"21 May 2025", b"14 May 2025")


def test_an_events_calendars_date_lines_are_kept_a_news_lists_only_when_they_are_events(
    now: datetime,
) -> None:
    """Read on 20 May 2025: two of three rows are still to come, so the page is a calendar and each
    row keeps its date line for the event reader; with every row dated before today it is a news
    list, whose dates are when items were published, unless a line is its event's: a range, or a
    place with its country, or "online" beside the day (the ICC newsroom's cards)."""
    selectors = Selectors(item="div.ev", title="h3", date=".when")
    calendar = parse_listing(CALENDAR, page_url="https://coe.example/", selectors=selectors, now=now)
    assert [i.date_line for i in calendar.items] == [
        "3-5 June 2025 Reykjavik, Iceland", "21 May 2025 at 13:00 CET online", "12 May 2025",
    ]  # fmt: skip
    news = parse_listing(NEWS, page_url="https://coe.example/", selectors=selectors, now=now)
    assert [i.date_line for i in news.items] == [
        "3-5 May 2025 Reykjavik, Iceland", "14 May 2025 at 13:00 CET online", None,
    ]  # fmt: skip


def test_a_date_element_of_running_text_is_no_date_line(now: datetime) -> None:
    """A card whose date element holds a page of text (a hostile or broken listing) keeps its date but
    no date line: the event reader's work grows with the dates a line holds."""
    long = b"3-5 June 2025 Reykjavik, Iceland " + b"12 May 2025 " * 400
    page = CALENDAR.replace(b"3-5 June 2025 Reykjavik, Iceland", long)
    selectors = Selectors(item="div.ev", title="h3", date=".when")
    listing = parse_listing(page, page_url="https://coe.example/", selectors=selectors, now=now)
    assert listing.items[0].published is not None and listing.items[0].date_line is None
    assert listing.items[1].date_line == "21 May 2025 at 13:00 CET online"


def test_a_busy_news_list_dated_today_is_no_calendar(now: datetime) -> None:
    """Most rows of a busy news list are today's: no row is after today, so their bare dates stay
    publication days; only a line that reads as an event's (a place with its country, "online")
    is kept for the event reader."""
    today = CALENDAR.replace(b"3-5 June 2025", b"20 May 2025").replace(b"21 May 2025", b"20 May 2025")
    today = today.replace(b"12 May 2025", b"20 May 2025")
    selectors = Selectors(item="div.ev", title="h3", date=".when")
    listing = parse_listing(today, page_url="https://coe.example/", selectors=selectors, now=now)
    assert [i.date_line for i in listing.items] == [
        "20 May 2025 Reykjavik, Iceland", "20 May 2025 at 13:00 CET online", None,
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("line", "event"),
    [
        ("9-10 October 2018 Lisbon, Portugal", True),
        ("24.05.2019 - 26.05.2019", True),
        ("18-19 September 2014 Bilbao (Spain)", True),
        ("28 September 2022 Pontevedra, Spain", True),
        ("21st September 2020 at 13:00 CET online", True),
        # A calendar's "from - to" of one day.
        ("2025-09-30 2025-09-30", True),
        ("26/02/2019 - 26/02/2019", True),
        # A labelled start, a programme's hour.
        ("Data rozpoczęcia 2022-06-05", True),
        ("27 June 2023, 14:00—18:00", True),
        ("25.02.2019 godzina 19:00", True),
        ("28 June 2017, 1 p.m. Strasbourg, Palais de l’Europe, Room 5", True),
        # Publication stamps: a bare day, a day and its hour, a category, a press release's city.
        ("22 marca 2023", False),
        ("2023-07-01, 13:45", False),
        ("31.05.2024 | Integracja, Współpraca międzynarodowa", False),
        ("Strasbourg 27 September 2024", False),
        ("[12/10/2015 17:30:00]", False),
        ("Dodano: 22.04.2025, godz. 13:00", False),
        # A project's running period.
        ("01/06/2011 - 30/11/2011", False),
    ],
)
def test_a_news_lists_date_line_is_an_events_by_its_range_or_place(
    line: str, event: bool, now: datetime
) -> None:
    from pipeline.parse.event_lines import is_event_line

    assert is_event_line(line, now) is event
