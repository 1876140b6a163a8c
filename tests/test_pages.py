"""Item-page enrichment extraction: Open Graph, JSON-LD (@graph, broken), <time>, dates in text.

Each ``tests/data/pages/<case>.html`` has ``<case>.json`` (page_url) and ``<case>.expected.json``
(golden; regenerate only with ``pytest --regen-goldens`` and review it).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime
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
