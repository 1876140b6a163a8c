"""Dates as the sources write them (pl/en/uk), against a fixed clock: 2025-05-20 10:00 UTC.

Expected values are UTC. Warsaw is UTC+1 in winter (CET) and UTC+2 from the last Sunday of March
to the last Sunday of October (CEST): a date without time is midnight in Warsaw, so "1 maja" is
22:00 UTC on 30 April and "5 marca" is 23:00 UTC on 4 March.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from xml.sax.saxutils import escape

import feedparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.parse.dates import WARSAW, parse_date, parse_datetime_attr
from pipeline.parse.feeds import parse_feed

CASES: list[tuple[str, str | None]] = [
    # --- the examples of the brief and issue 3
    ("1 maja", "2025-04-30T22:00"),
    ("31.05.2024", "2024-05-30T22:00"),
    ("Opublikowano: 13 maja 2022", "2022-05-12T22:00"),
    ("22 квітня 2025", "2025-04-21T22:00"),
    ("5 березня 2024 р.", "2024-03-04T23:00"),
    ("Mar 3, 2024", "2024-03-02T23:00"),
    ("2024-03-05T10:15:00+01:00", "2024-03-05T09:15"),
    ("garbage", None),
    ("22.04.2025", "2025-04-21T22:00"),
    ("22.04.2025 r.", "2025-04-21T22:00"),
    ("2025-04-22", "2025-04-21T22:00"),
    ("22/04/2025", "2025-04-21T22:00"),
    ("14-15 listopada 2024", "2024-11-13T23:00"),
    ("14 – 15.11.2024", "2024-11-13T23:00"),
    ("30 września - 2 października 2024", "2024-09-29T22:00"),
    ("17-18 September 2024 Botkyrka, Sweden", "2024-09-16T22:00"),
    ("18-19 April Odessa, Ukraine", "2025-04-17T22:00"),  # no year: the nearest past April
    # "CET" on Council of Europe pages is Strasbourg local time: 13:00 in September is 11:00 UTC.
    ("21st September 2020 at 13:00 CET online", "2020-09-21T11:00"),
    # --- times
    ("22.04.2025, godz. 13:00", "2025-04-22T11:00"),
    ("godz. 13:00, 22.04.2025", "2025-04-22T11:00"),
    ("22 kwietnia 2025 o 13:00", "2025-04-22T11:00"),
    ("15 lipca 2024 r., godz. 18.30", "2024-07-15T16:30"),
    ("22 квітня 2025 року о 14:30", "2025-04-22T12:30"),
    ("Tuesday, 20 May 2025, 9:05 am", "2025-05-20T07:05"),
    ("May 3, 2024, 2:30 pm", "2024-05-03T12:30"),
    ("20 January 2025 at 13:00 CET", "2025-01-20T12:00"),
    ("2025-04-22T13:00:00Z", "2025-04-22T13:00"),
    ("2025-04-22T13:00", "2025-04-22T11:00"),  # no zone: Warsaw
    ("2025-04-22 10:15-12:00", "2025-04-22T08:15"),  # a time range, not an offset of -12:00
    ("Tue, 20 May 2025 08:00:00 GMT", "2025-05-20T08:00"),  # RFC 822
    ("Mon, 19 May 2025 10:00:00 +0200", "2025-05-19T08:00"),
    # --- ranges and places
    ("30 grudnia 2024 – 2 stycznia 2025", "2024-12-29T23:00"),
    ("30 grudnia - 2 stycznia 2025", "2024-12-29T23:00"),  # the year belongs to the end
    ("September 30 – October 2, 2024", "2024-09-29T22:00"),
    ("13 i 14 maja 2024", "2024-05-12T22:00"),
    ("from 1 to 3 June 2024, Lisbon", "2024-05-31T22:00"),
    ("31.05.2024 | Integracja, Współpraca międzynarodowa", "2024-05-30T22:00"),
    ("Dodano: 14.04.2025", "2025-04-13T22:00"),
    # --- month names in every case, abbreviations, ordinals
    ("21 September 2020", "2020-09-20T22:00"),
    ("September 21st, 2020", "2020-09-20T22:00"),
    ("3rd of March 2024", "2024-03-02T23:00"),
    ("1 stycznia 2024", "2023-12-31T23:00"),
    ("12 sty 2024", "2024-01-11T23:00"),
    ("w lutym 2024", "2024-01-31T23:00"),  # month and year only: the first of the month
    ("styczeń 2025", "2024-12-31T23:00"),
    ("7 лютого 2023 року", "2023-02-06T23:00"),
    ("1 травня", "2025-04-30T22:00"),
    ("листопад 2024", "2024-10-31T23:00"),
    ("13 V 2022", "2022-05-12T22:00"),
    ("2025/04/22", "2025-04-21T22:00"),
    ("22.04.25", "2025-04-21T22:00"),
    ("12/31/2024", "2024-12-30T23:00"),  # 31 cannot be a month: month first
    # --- yearless dates: not more than ~a month ahead of 2025-05-20
    ("10 czerwca", "2025-06-09T22:00"),
    ("30 czerwca", "2024-06-29T22:00"),
    ("18 December", "2024-12-17T23:00"),
    ("29 lutego", "2024-02-28T23:00"),  # only in a leap year
    # --- relative to now (Warsaw date 2025-05-20)
    ("dzisiaj", "2025-05-19T22:00"),
    ("Dziś, 08:15", "2025-05-20T06:15"),
    ("today", "2025-05-19T22:00"),
    ("wczoraj", "2025-05-18T22:00"),
    ("yesterday at 9:30", "2025-05-19T07:30"),
    ("сьогодні о 14:00", "2025-05-20T12:00"),
    ("вчора", "2025-05-18T22:00"),
    ("2 hours ago", "2025-05-20T08:00"),
    ("3 dni temu", "2025-05-16T22:00"),
    # --- not dates, or absurd ones
    ("", None),
    ("Botkyrka, Sweden", None),
    ("31.02.2024", None),
    ("1 January 1985", None),
    ("5 May 2030", None),
    ("Version 1.2.3", None),
    ("Tel. 71 777 77 77", None),
    ("13:00", None),  # a time alone is no date
    ("Majątek miasta", None),
    # --- issue 19: machine formats read as in feeds, impossible dates not read around
    ("Sun, 99 Jun 2009 12:00:00 GMT", None),  # not "Jun 2009", 1 June
    ("Posted: 31 Jun 2009", None),
    ("Mon, 19 May 2025 10:00:00", "2025-05-19T08:00"),  # RFC 822 without a zone: Warsaw
    ("Mon, 19 May 2025 10:00:00 CEST", "2025-05-19T08:00"),
    ("14.04.2025 10:00 BST", "2025-04-14T09:00"),
    # a listing's "Post date: 2016, 25 November" (events-tune-10): the year first
    ("Post date: 2016, 25 November", "2016-11-24T23:00"),
]


def _utc(expected: str | None) -> datetime | None:
    return datetime.fromisoformat(expected).replace(tzinfo=UTC) if expected else None


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_parse_date(text: str, expected: str | None, now: datetime) -> None:
    result = parse_date(text, now=now)
    assert result == _utc(expected)
    if result is not None:
        assert result.tzinfo is UTC


def test_table_is_big_enough() -> None:
    assert len(CASES) >= 50


def test_yearless_december_read_in_january_is_last_year() -> None:
    january = datetime(2025, 1, 10, 9, tzinfo=UTC)
    assert parse_date("18 December", now=january) == datetime(2024, 12, 17, 23, tzinfo=UTC)
    assert parse_date("5 lutego", now=january) == datetime(2025, 2, 4, 23, tzinfo=UTC)


def test_yearless_january_read_in_december_is_next_year() -> None:
    december = datetime(2025, 12, 20, 9, tzinfo=UTC)
    assert parse_date("5 stycznia", now=december) == datetime(2026, 1, 4, 23, tzinfo=UTC)


def test_us_english_reads_slashes_month_first(now: datetime) -> None:
    assert parse_date("04/05/2024", now=now) == datetime(2024, 5, 3, 22, tzinfo=UTC)
    assert parse_date("04/05/2024", now=now, language="en-US") == datetime(2024, 4, 4, 22, tzinfo=UTC)


def test_relative_words_follow_the_warsaw_date() -> None:
    # 23:30 UTC on 19 May is already 20 May in Warsaw.
    late = datetime(2025, 5, 19, 23, 30, tzinfo=UTC)
    assert parse_date("dzisiaj", now=late) == datetime(2025, 5, 19, 22, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05", "2024-03-04T23:00"),
        ("2024-03-05T10:15:00.000+0100", "2024-03-05T09:15"),
        ("2024-03-05T10:15:00Z", "2024-03-05T10:15"),
        ("2024-03-05T10:15", "2024-03-05T09:15"),
        ("2024-07-05 10:15:00 +02:00", "2024-07-05T08:15"),
        ("Tue, 05 Mar 2024 10:15:00 +0100", "2024-03-05T09:15"),
        ("  2024-03-05T10:15:00+01:00  ", "2024-03-05T09:15"),
        ("nonsense", None),
        ("", None),
        (None, None),
        ("1970-01-01T00:00:00Z", None),
        ("0001-01-01T00:00:00+01:00", None),
        ("2031-01-01", None),
        ("2024-07-05T10:15:00 CEST", "2024-07-05T08:15"),  # issue 19: a zone name after ISO
        ("Fri, 05 Jul 2024 10:15:00 EEST", "2024-07-05T07:15"),
        ("2024-07-05T24:00:00Z", "2024-07-06T00:00"),  # ISO 8601: 24:00 ends the day
    ],
)
def test_parse_datetime_attr(value: str | None, expected: str | None, now: datetime) -> None:
    assert parse_datetime_attr(value, now=now) == _utc(expected)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_parse_date_never_raises(text: str) -> None:
    result = parse_date(text, now=datetime(2025, 5, 20, 10, tzinfo=UTC))
    assert result is None or result.tzinfo is UTC


# --- issue 19: one date path for feeds and pages --------------------------------------------------
# The dates are from August 2026; a clock after them keeps them inside the future bound.
FEED_NOW = datetime(2026, 9, 1, 10, tzinfo=UTC)


def _rss(*dates: str, tag: str = "pubDate") -> bytes:
    items = "".join(
        f"<item><title>item {i}</title><link>https://x.example/{i}</link><{tag}>{escape(d)}</{tag}></item>"
        for i, d in enumerate(dates)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><title>t</title><link>https://x.example/</link>{items}</channel></rss>"
    ).encode()


def _feed_dates(*dates: str) -> list[datetime | None]:
    """The published dates ``parse_feed`` gives an RSS feed with these pubDates (undated items kept)."""
    outcome = parse_feed(_rss(*dates), url="https://x.example/feed", now=FEED_NOW)
    assert len(outcome.items) == len(dates)
    return [item.published for item in outcome.items]


def _feedparser_reading(text: str) -> datetime | None:
    """What plain ``feedparser.parse`` makes of the same pubDate: its UTC struct, as a datetime."""
    struct = feedparser.parse(_rss(text)).entries[0].get("published_parsed")
    return datetime(*struct[:6], tzinfo=UTC) if struct else None


# Texts with a zone feedparser reads right: every path gives its reading, to the second in UTC.
FEEDPARSER_RIGHT = [
    "Mon, 03 Aug 2026 10:00:00 +0200",
    "Mon, 03 Aug 2026 10:00:00 +02:00",
    "Mon, 03 Aug 2026 10:00:00 -0530",
    "Mon, 03 Aug 2026 10:00:00 GMT",
    "Mon, 03 Aug 2026 10:00:00 UT",
    "Mon, 03 Aug 2026 10:00:00 Z",
    "Mon, 03 Aug 2026 10:00:00 EDT",
    "Mon, 03 Aug 2026 10:00:00 PST",
    "Mon, 03 Aug 2026 10:00:00 MEST",
    "Mon, 03 Aug 2026 10:00:00 GMT-05:00",
    "Mon, 03 Aug 26 10:00:00 +0200",  # two-digit year
    "Mon, 03 Aug 2026 10:00 +0200",  # no seconds
    "03 Aug 2026 10:00:00 +0200",  # no weekday
    "Fri, 03 Aug 2026 10:00:00 +0200",  # a wrong weekday is ignored
    "Monday, 03 August 2026 10:00:00 GMT",
    "Aug 03 2026 10:00:00 GMT",
    "Mon, 03 Aug 2026 10:00:00 +0200 (CEST)",
    "Mon Aug 03 10:00:00 +0200 2026",  # asctime with a zone
    "2026-08-03T10:00:00Z",
    "2026-08-03T10:00:00+02:00",
    "2026-08-03T10:00:00.123-05:00",
    "2026-08-03T10:00Z",
    "2026-08-03T24:00:00Z",
]


def test_a_zone_feedparser_reads_right_gives_its_reading_on_every_path() -> None:
    expected = [_feedparser_reading(text) for text in FEEDPARSER_RIGHT]
    assert None not in expected
    paths = {
        "feed": _feed_dates(*FEEDPARSER_RIGHT),
        "page text": [parse_date(text, now=FEED_NOW) for text in FEEDPARSER_RIGHT],
        "<time datetime>": [parse_datetime_attr(text, now=FEED_NOW) for text in FEEDPARSER_RIGHT],
    }
    wrong = {
        (path, text): (got, want)
        for path, values in paths.items()
        for text, got, want in zip(FEEDPARSER_RIGHT, values, expected, strict=True)
        if got != want
    }
    assert not wrong


# Zone names feedparser does not know: it reads the wall time (10:00, or 02:30) as UTC; we differ
# on purpose.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mon, 03 Aug 2026 10:00:00 CEST", "2026-08-03T08:00"),  # the example
        ("Mon, 02 Feb 2026 10:00:00 CET", "2026-02-02T09:00"),
        ("Mon, 03 Aug 2026 10:00:00 MESZ", "2026-08-03T08:00"),
        ("Mon, 02 Feb 2026 10:00:00 MEZ", "2026-02-02T09:00"),
        ("Mon, 03 Aug 2026 10:00:00 EEST", "2026-08-03T07:00"),
        ("Mon, 02 Feb 2026 10:00:00 EET", "2026-02-02T08:00"),
        ("Mon, 03 Aug 2026 10:00:00 BST", "2026-08-03T09:00"),
        # "CET" all year round (the Council of Europe's habit) is the writer's clock: summer time
        ("Mon, 03 Aug 2026 10:00:00 CET", "2026-08-03T08:00"),
        # 02:30 happens twice on 25 October 2026; the name says which
        ("Sun, 25 Oct 2026 02:30:00 CEST", "2026-10-25T00:30"),
        ("Sun, 25 Oct 2026 02:30:00 CET", "2026-10-25T01:30"),
        ("2026-08-03T10:00:00 CEST", "2026-08-03T08:00"),
    ],
)
def test_a_european_zone_name_is_read_where_feedparser_reads_utc(text: str, expected: str) -> None:
    wall_time = "02:30" if "02:30" in text else "10:00"
    assert _feedparser_reading(text) == _utc(expected[:11] + wall_time)
    assert _feed_dates(text) == [_utc(expected)]
    assert parse_date(text, now=FEED_NOW) == _utc(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mon, 03 Aug 2026 10:00:00", "2026-08-03T08:00"),
        ("Mon, 02 Feb 2026 10:00", "2026-02-02T09:00"),  # winter, no seconds
        ("03 Aug 26 10:00:00", "2026-08-03T08:00"),  # no weekday, two-digit year
        # Warsaw moves from UTC+1 to UTC+2 on 29 March 2026 and back on 25 October
        ("Sat, 28 Mar 2026 10:00:00", "2026-03-28T09:00"),
        ("Sun, 29 Mar 2026 10:00:00", "2026-03-29T08:00"),
        ("Sat, 24 Oct 2026 10:00:00", "2026-10-24T08:00"),
        ("Sun, 25 Oct 2026 10:00:00", "2026-10-25T09:00"),
        ("2026-08-03T10:00:00", "2026-08-03T08:00"),
        ("2026-08-03 10:00:00", "2026-08-03T08:00"),
        ("2026-02-02T10:00", "2026-02-02T09:00"),
        ("Mon Aug  3 10:00:00 2026", "2026-08-03T08:00"),  # asctime
        # a date alone is midnight in Warsaw
        ("2026-08-03", "2026-08-02T22:00"),
        ("2026-02-02", "2026-02-01T23:00"),
        ("Mon, 03 Aug 2026", "2026-08-02T22:00"),
        ("20260803", "2026-08-02T22:00"),
        ("2026-W32-1", "2026-08-02T22:00"),
        ("2026-215", "2026-08-02T22:00"),
        ("2026-08", "2026-07-31T22:00"),  # W3C-DTF month precision: its first day ("sierpień 2026")
    ],
)
def test_a_time_without_zone_is_warsaw_time_in_feeds_and_pages(text: str, expected: str) -> None:
    assert _feed_dates(text) == [_utc(expected)]
    assert parse_date(text, now=FEED_NOW) == _utc(expected)


@pytest.mark.parametrize(
    "text",
    [
        "Sun, 99 Jun 2009 12:00:00 GMT",
        "Wed, 31 Jun 2026 12:00:00 GMT",
        "Sun, 01 Jun zz 12:00:00 GMT",
        "Mon, 03 Aug 2026 25:00:00 GMT",
        "2026-13-01T00:00:00Z",
        "2026-06-31T10:00:00Z",
        "2026-02-30",
        "2026-08-03T10:61:00Z",
        "2026",  # a year alone names no day
        "2026-02-30 10:00 (draft)",  # feedparser reads the prefix and makes it 2 March
        "Thu, 2026/02/30 08:19:53 EDT",  # so does its Perforce reader
    ],
)
def test_an_impossible_date_leaves_the_item_undated(text: str) -> None:
    assert _feed_dates(text) == [None]
    assert parse_date(text, now=FEED_NOW) is None


def test_feedparser_stands_in_only_for_formats_we_do_not_read_and_only_when_it_made_nothing_up() -> None:
    trusted = [
        "Κυρ, 11 Ιούλ 2004 12:00:00 EST",
        "Mon, 03 Aug 2026 10:00:00 XYZ",
        "Mon, 03 Aug 2026 10:00:00 GMT extra",
    ]
    assert _feed_dates(*trusted) == [_feedparser_reading(text) for text in trusted]
    assert _feedparser_reading(trusted[0]) == datetime(2004, 7, 11, 17, tzinfo=UTC)
    # Its ISO 8601 reader takes what it can of these and fills the rest from the machine's clock.
    made_up = ["2004-július-13T9:15-05:00", "2004년 05월 28일 01:31:15", "10:00"]
    assert all(_feedparser_reading(text) is not None for text in made_up)
    assert _feed_dates(*made_up) == [None, None, None]


def test_rss_items_carry_the_dates_their_text_says() -> None:
    body = _rss(
        "Mon, 03 Aug 2026 10:00:00 CEST",
        "Mon, 03 Aug 2026 10:00:00",
        "Sun, 99 Jun 2009 12:00:00 GMT",
        "22 kwietnia 2026",
    ).replace(
        b"</channel>", b"<item><title>dc</title><dc:date>2026-08-03T10:00:00</dc:date></item></channel>"
    )
    items = parse_feed(body, url="https://x.example/feed", now=FEED_NOW).items
    assert [(item.title, item.published, item.updated) for item in items] == [
        ("item 0", datetime(2026, 8, 3, 8, tzinfo=UTC), None),
        ("item 1", datetime(2026, 8, 3, 8, tzinfo=UTC), None),
        ("item 2", None, None),  # kept, undated
        ("item 3", datetime(2026, 4, 21, 22, tzinfo=UTC), None),  # Polish in pubDate still read
        ("dc", None, datetime(2026, 8, 3, 8, tzinfo=UTC)),  # feedparser files dc:date as "updated"
    ]


def test_atom_and_json_feed_dates_without_zone_are_warsaw_time() -> None:
    atom = (
        b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        b"<entry><title>a</title><link href='https://x.example/a'/><published>2026-08-03T10:00:00</published>"
        b"<updated>2026-08-03T12:00:00+02:00</updated></entry></feed>"
    )
    [item] = parse_feed(atom, url="https://x.example/atom", now=FEED_NOW).items
    assert (item.published, item.updated) == (
        datetime(2026, 8, 3, 8, tzinfo=UTC),
        datetime(2026, 8, 3, 10, tzinfo=UTC),
    )
    json_feed = (
        b'{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [{"id": "1", "title": "j",'
        b' "url": "https://x.example/j", "date_published": "2026-08-03T10:00:00",'
        b' "date_modified": "Mon, 03 Aug 2026 10:00:00 CEST"}]}'
    )
    [item] = parse_feed(json_feed, url="https://x.example/feed.json", now=FEED_NOW).items
    assert (item.published, item.updated) == (
        datetime(2026, 8, 3, 8, tzinfo=UTC),
        datetime(2026, 8, 3, 8, tzinfo=UTC),
    )


_ZONES = {"GMT": UTC, "+0200": timezone(timedelta(hours=2)), "EST": timezone(timedelta(hours=-5)), "": WARSAW}
_MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@settings(max_examples=300, deadline=None)
@given(
    day=st.integers(0, 99),
    month=st.integers(1, 12),
    year=st.integers(1995, 2026),
    hour=st.integers(0, 29),
    minute=st.integers(0, 69),
    zone=st.sampled_from(sorted(_ZONES)),
)
def test_an_rfc822_date_is_read_exactly_or_not_at_all(
    day: int, month: int, year: int, hour: int, minute: int, zone: str
) -> None:
    text = f"Mon, {day:02d} {_MONTHS_EN[month - 1]} {year} {hour:02d}:{minute:02d}:00 {zone}"
    try:
        expected: datetime | None = datetime(year, month, day, hour, minute, tzinfo=_ZONES[zone]).astimezone(
            UTC
        )
    except ValueError:
        expected = None  # day 0 or 99, 31 June, hour 25, minute 61: never a day nearby
    assert parse_date(text, now=FEED_NOW) == expected


def test_a_date_inside_a_longer_one_is_not_found_again() -> None:
    """ "2016, 25 November" is one date, not also a yearless 25 November."""
    from pipeline.parse.dates import find_dates

    found = find_dates("Post date: 2016, 25 November", now=datetime(2026, 12, 1, tzinfo=UTC))
    assert [(m.day, m.month_day) for m in found] == [(datetime(2016, 11, 25).date(), None)]
