"""Enrichment reads every item's page once, over real HTTP: past a cycle's cap or after a failure,
a later cycle asks again (a bounded number of times), and a page read is never asked for again."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pipeline.config import parse_config
from pipeline.enrich import MAX_PAGE_TRIES, MAX_PAGES_PER_SOURCE
from pipeline.fetch import FetchLimits
from pipeline.runner import Runner
from tests.server import Page, TestServer

CLOCK = datetime(2025, 5, 20, 10, 0, tzinfo=UTC)
ITEMS = MAX_PAGES_PER_SOURCE + 5

PAGE = """<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8">
<meta property="og:image" content="/img/{n}.jpg"></head>
<body><article><p>Pełny tekst wiadomości numer {n} o integracji.</p></article></body></html>"""


def _feed(server: TestServer) -> bytes:
    entries = "".join(
        f"<item><title>Wiadomość {n} o dialogu międzykulturowym</title><link>{server.url(f'/news/{n}')}</link>"
        f"<guid>{server.url(f'/news/{n}')}</guid>"
        f"<pubDate>{(CLOCK - timedelta(hours=n)).strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>"
        f"<description>Krótko o spotkaniu numer {n}.</description></item>"
        for n in range(ITEMS)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Aktualności</title>'
        f"<link>{server.url('/')}</link>{entries}</channel></rss>"
    ).encode()


@pytest.fixture
def server():
    instance = TestServer().start()
    instance.routes["/feed"] = Page(_feed(instance))
    for n in range(ITEMS):
        instance.routes[f"/news/{n}"] = Page(
            PAGE.format(n=n).encode(), content_type="text/html; charset=utf-8"
        )
    yield instance
    instance.stop()


def _runner(
    server: TestServer, tmp_path: Path, extra: str = "", limits: FetchLimits | None = None, **options: float
) -> Runner:
    config = parse_config(
        f"""contact: https://example.org/c
sources:
  - id: aktualnosci
    name: Aktualności
    url: {server.url("/feed")}
    kind: feed
    enrich: true
{extra}""",
        base_dir=tmp_path,
    )
    return Runner(config, output_dir=tmp_path / "out", clock=lambda: CLOCK, fetch_limits=limits, **options)


def _images(tmp_path: Path) -> dict[str, str | None]:
    items = json.loads((tmp_path / "out" / "feed.json").read_text())["items"]
    return {item["url"]: item.get("image") for item in items}


def _page_requests(server: TestServer) -> int:
    return sum(1 for r in server.requests if r.path.startswith("/news/"))


def test_pages_past_a_cycles_cap_are_read_on_the_next_cycle(server: TestServer, tmp_path: Path) -> None:
    runner = _runner(server, tmp_path)
    runner.run_cycle(force=True)
    assert _page_requests(server) == MAX_PAGES_PER_SOURCE
    assert sum(image is not None for image in _images(tmp_path).values()) == MAX_PAGES_PER_SOURCE

    report = runner.run_cycle(force=True)
    assert _page_requests(server) == ITEMS  # the five left over, and no page twice
    assert report.sources[0].items_updated == ITEMS - MAX_PAGES_PER_SOURCE
    images = _images(tmp_path)
    assert images[server.url("/news/24")] == server.url("/img/24.jpg")
    assert all(image is not None for image in images.values())

    runner.run_cycle(force=True)
    assert _page_requests(server) == ITEMS  # every page read: none is asked for again


def test_a_failed_page_is_asked_again_and_a_broken_one_only_so_often(
    server: TestServer, tmp_path: Path
) -> None:
    flaky, broken = "/news/1", "/news/2"
    server.routes[flaky] = Page(b"busy", status=503, content_type="text/plain")
    server.routes[broken] = Page(b"gone wrong", status=500, content_type="text/plain")
    runner = _runner(server, tmp_path)
    runner.run_cycle(force=True)
    assert _images(tmp_path)[server.url(flaky)] is None

    server.routes[flaky] = Page(PAGE.format(n=1).encode(), content_type="text/html; charset=utf-8")
    for _ in range(MAX_PAGE_TRIES + 2):
        runner.run_cycle(force=True)
    assert _images(tmp_path)[server.url(flaky)] == server.url("/img/1.jpg")
    assert len(server.requests_to(flaky)) == 2  # failed once, then read, then never again
    assert len(server.requests_to(broken)) == MAX_PAGE_TRIES
    assert _images(tmp_path)[server.url(broken)] is None  # the feed's item stays published as it was


def test_an_item_the_filters_leave_out_has_its_page_never_asked_for(
    server: TestServer, tmp_path: Path
) -> None:
    """An item the source's include/exclude filters leave out is never stored: were its page read
    before the filters, it would be asked for again on every cycle (metropolie.pl's transport and
    energy news, against UMP's include list)."""
    runner = _runner(server, tmp_path, extra='    exclude: ["numer 3."]\n')
    for _ in range(3):
        runner.run_cycle(force=True)
    assert server.requests_to("/news/3") == []
    assert server.url("/news/3") not in _images(tmp_path)
    assert len(server.requests_to("/news/4")) == 1


def test_pages_that_hang_never_keep_a_sources_items_from_being_stored(
    server: TestServer, tmp_path: Path
) -> None:
    """Item pages that answer slower than the whole cycle may last: the source's items are stored
    as the feed gives them within the pages' deadline, the cycle says which pages it gave up, and a
    later cycle reads them."""
    slow = ["/news/0", "/news/1", "/news/2"]
    for path in slow:
        server.routes[path] = Page(PAGE.format(n=0).encode(), content_type="text/html", delay_s=8)
    limits = FetchLimits(cycle_deadline_s=5, pages_deadline_s=1)
    runner = _runner(server, tmp_path, limits=limits)
    report = runner.run_cycle(force=True)
    assert report.sources[0].outcome == "ok" and report.sources[0].items_new == ITEMS
    # Two at a time from one site: two pages hang, the others wait their turn and lose no try.
    assert "2 item pages did not answer within 1 s and 18 were not reached" in (
        report.sources[0].warning or ""
    )
    assert _images(tmp_path)[server.url("/news/0")] is None

    for n, path in enumerate(slow):
        server.routes[path] = Page(PAGE.format(n=n).encode(), content_type="text/html; charset=utf-8")
    runner.run_cycle(force=True)  # the pages never asked for first, then those asked for in vain
    runner.run_cycle(force=True)
    images = _images(tmp_path)
    assert images[server.url("/news/0")] == server.url("/img/0.jpg")
    assert all(image is not None for image in images.values())


def test_a_page_too_big_to_read_in_time_is_read_in_a_worker_and_given_up(
    server: TestServer, tmp_path: Path
) -> None:
    """An item page of 300,000 tags (4 MB) takes ~19 s to read: it is read in a worker process within
    the parse budget, like any response, and given up past it; its item is stored as the feed gave it
    (the event loop, which every source's requests share, never reads it)."""
    huge = b"<html><body>" + b"<span>a</span>" * 300_000 + b"</body></html>"
    server.routes["/news/5"] = Page(huge, content_type="text/html; charset=utf-8")
    runner = _runner(server, tmp_path, parse_budget_s=2)
    report = runner.run_cycle(force=True)
    assert report.sources[0].outcome == "ok" and report.sources[0].items_new == ITEMS
    warning = report.sources[0].warning or ""
    assert f"item page {server.url('/news/5')}: unreadable (the page took too long to read" in warning
    assert _images(tmp_path)[server.url("/news/5")] is None
    assert _images(tmp_path)[server.url("/news/6")] == server.url("/img/6.jpg")
