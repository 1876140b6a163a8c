"""Dates as the sources write them (pl/en/uk), against a fixed clock: 2025-05-20 10:00 UTC.

Expected values are UTC. Warsaw is UTC+1 in winter (CET) and UTC+2 from the last Sunday of March
to the last Sunday of October (CEST): a date without time is midnight in Warsaw, so "1 maja" is
22:00 UTC on 30 April and "5 marca" is 23:00 UTC on 4 March.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.parse.dates import parse_date, parse_datetime_attr

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
    ],
)
def test_parse_datetime_attr(value: str | None, expected: str | None, now: datetime) -> None:
    assert parse_datetime_attr(value, now=now) == _utc(expected)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_parse_date_never_raises(text: str) -> None:
    result = parse_date(text, now=datetime(2025, 5, 20, 10, tzinfo=UTC))
    assert result is None or result.tzinfo is UTC
