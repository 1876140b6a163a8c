"""Fault suite: every way a source can misbehave, over real sockets (issue 9).

For each fault: the cycle completes, the faulty source's outcome and a clear message are in
status.json (and in `status`), the healthy source publishes, everything stored before from the
faulty source is still published, and memory stays bounded.
"""

from __future__ import annotations

import json
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pipeline.config import parse_config
from pipeline.fetch import FetchLimits
from pipeline.runner import Runner
from tests.server import Page

GOOD = (
    b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Good</title>'
    b"<link>http://good.invalid/</link><description>d</description>"
    b"<item><title>Healthy neighbour keeps publishing</title><link>http://good.invalid/1</link>"
    b"<guid>good-1</guid><pubDate>Mon, 19 May 2025 10:00:00 GMT</pubDate></item></channel></rss>"
)
BEFORE = (
    b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Faulty</title>'
    b"<link>http://faulty.invalid/</link><description>d</description>"
    b"<item><title>Collected before the fault</title><link>http://faulty.invalid/1</link>"
    b"<guid>faulty-1</guid><pubDate>Sun, 18 May 2025 10:00:00 GMT</pubDate></item></channel></rss>"
)
TRUNCATED = BEFORE.replace(b"</channel></rss>", b"<item><title>Second item, then the body stops")


def _faults(server) -> dict[str, tuple[Page, str, str]]:
    """fault name -> (what the server does, expected outcome, words expected in the message)."""
    return {
        "slow": (Page(BEFORE, delay_s=3), "error", "timed out"),
        "trickle": (Page(BEFORE, fault="trickle"), "error", "timed out"),
        "http-500": (Page(b"oops", status=500), "error", "HTTP 500"),
        "http-404": (Page(b"", status=404), "error", "HTTP 404"),
        "http-410": (Page(b"", status=410), "error", "gone"),
        "reset": (Page(fault="reset"), "error", ""),
        "truncated-xml": (Page(TRUNCATED), "ok", "XML problems"),
        "cut-connection": (Page(BEFORE, fault="truncate"), "error", ""),
        "malformed": (Page(b"<rss><channel><item><title>x</ti"), "error", "not well-formed"),
        "huge-60mb": (Page(fault="huge"), "error", "limit"),
        "gzip-bomb": (Page(fault="gzip-bomb"), "error", "limit"),
        "redirect-loop": (
            Page(status=302, headers={"Location": "/faulty"}),
            "error",
            "more than 5 redirects",
        ),
        "redirect-file": (Page(status=301, headers={"Location": "file:///etc/passwd"}), "error", "only http"),
        "redirect-ftp": (
            Page(status=302, headers={"Location": "ftp://127.0.0.1/feed"}),
            "error",
            "only http",
        ),
        "html-not-feed": (
            Page(b"<!DOCTYPE html><html><body><p>Hello</p></body></html>", content_type="text/html"),
            "error",
            "not a feed",
        ),
        "wrong-content-type": (Page(BEFORE, content_type="text/html; charset=utf-8"), "ok", ""),
        "empty-body": (Page(b""), "error", "empty"),
        "http-429-retry-after": (
            Page(b"", status=429, headers={"Retry-After": "3600"}),
            "error",
            "wait 3600",
        ),
        "http-503-retry-after": (Page(b"", status=503, headers={"Retry-After": "120"}), "error", "wait 120"),
    }


FAULTS = sorted(_faults(None).keys())


@pytest.mark.parametrize("fault", FAULTS)
def test_fault(fault: str, tmp_path: Path, server) -> None:
    server.routes["/good"] = Page(GOOD)
    server.routes["/faulty"] = Page(BEFORE)
    config = parse_config(
        f"""
sources:
  - id: good
    name: Good
    url: {server.url("/good")}
  - id: faulty
    name: Faulty
    url: {server.url("/faulty")}
    kind: feed
""",
        base_dir=tmp_path,
    )
    now = [datetime(2025, 5, 20, 10, 0, tzinfo=UTC)]
    runner = Runner(
        config,
        output_dir=tmp_path / "output",
        clock=lambda: now[0],
        fetch_limits=FetchLimits(deadline_s=2, read_timeout_s=1.5),
    )
    assert {r.outcome for r in runner.run_cycle().sources} == {"ok"}

    page, expected_outcome, words = _faults(server)[fault]
    server.routes["/faulty"] = page
    server.routes["/good"] = Page(
        GOOD.replace(
            b"</channel>",
            b"<item><title>Second healthy story</title>"
            b"<link>http://good.invalid/2</link><guid>good-2</guid>"
            b"</item></channel>",
        )
    )
    now[0] += timedelta(hours=2)
    tracemalloc.start()
    try:
        report = runner.run_cycle(force=True)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 40 * 1024 * 1024, (
        f"peak {peak / 1e6:.1f} MB"
    )  # the 5 MB cap holds for bombs and huge bodies

    status = json.loads((tmp_path / "output" / "status.json").read_text())
    faulty = status["sources"]["faulty"]
    assert faulty["outcome"] == expected_outcome, faulty
    message = faulty["error"] if expected_outcome == "error" else (faulty["warning"] or "")
    assert words in message, faulty
    if expected_outcome == "error":
        assert message and len(message) < 400  # a clear message, not a traceback
    assert status["sources"]["good"]["outcome"] == "ok" and status["sources"]["good"]["items_new"] == 1

    titles = [i["title"] for i in json.loads((tmp_path / "output" / "feed.json").read_text())["items"]]
    assert "Second healthy story" in titles  # the others publish
    assert "Collected before the fault" in titles  # nothing stored before is lost
    assert report.sources[1].source_id == "faulty"

    if "retry-after" in fault:
        now[0] += timedelta(seconds=60)
        server.requests.clear()
        again = runner.run_cycle(force=True)  # --force still honours Retry-After
        assert next(r for r in again.sources if r.source_id == "faulty").outcome == "skipped"
        assert server.requests_to("/faulty") == []


ODD_RSS = (
    b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Odd</title>'
    b"<link>http://odd.invalid/</link><description>d</description>"
    b"<item><title>Control character in the link</title><link>https://odd.invalid/a&#1;b</link><guid>o1</guid>"
    b"<pubDate>Mon, 19 May 2025 10:00:00 GMT</pubDate></item>"
    b"<item><title>Year 999</title><link>https://odd.invalid/999</link><guid>o2</guid>"
    b"<pubDate>Mon, 01 Jan 0999 10:00:00 GMT</pubDate></item>"
    b"<item><title>Odd image</title><link>https://odd.invalid/img</link><guid>o3</guid>"
    b'<media:content xmlns:media="http://search.yahoo.com/mrss/" url="https://odd.invalid/x&#2;.jpg" medium="image"/>'
    b"</item></channel></rss>"
)
ODD_JSON = (
    b'{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": ['
    b'{"id": "j1", "url": "http://[oops/", "title": "Malformed link"},'
    b'{"id": "j2", "url": "https://odd.invalid/j2", "title": "Malformed image", "image": "http://[x"},'
    b'{"id": "j3", "url": "https://odd.invalid/j3", "title": "Fine", "date_published": "2025-05-19T10:00:00Z"}]}'
)
ODD_LISTING = (
    b'<html><body><div class="c"><h3><a href="http://[x?a=1&amp;b=2">Broken href</a></h3></div>'
    b'<div class="c"><h3><a href="/ok">Fine card</a></h3><img src="/i\x02.jpg"></div></body></html>'
)


def test_odd_entries_never_stop_a_cycle_now_or_later(tmp_path: Path, server) -> None:
    server.routes["/rss"] = Page(ODD_RSS, headers={"ETag": '"za\u017c"'.encode().decode("latin-1")})
    server.routes["/json"] = Page(ODD_JSON, content_type="application/feed+json")
    server.routes["/list"] = Page(ODD_LISTING, content_type="text/html")
    config = parse_config(
        f"""
sources:
  - {{id: rss, name: RSS, url: "{server.url("/rss")}"}}
  - {{id: json, name: JSON, url: "{server.url("/json")}"}}
  - {{id: list, name: List, url: "{server.url("/list")}", kind: html, selectors: {{item: div.c, title: h3}}}}
""",
        base_dir=tmp_path,
    )
    now = [datetime(2025, 5, 20, 10, 0, tzinfo=UTC)]
    runner = Runner(config, output_dir=tmp_path / "output", clock=lambda: now[0])
    for _ in range(3):  # a bad value once stored must not break the following cycles either
        report = runner.run_cycle(force=True)
        assert {r.source_id: r.outcome for r in report.sources} == {"rss": "ok", "json": "ok", "list": "ok"}
        now[0] += timedelta(hours=1)
    items = {i["title"]: i for i in json.loads((tmp_path / "output" / "feed.json").read_text())["items"]}
    assert items["Control character in the link"]["url"] == server.url("/rss")  # fell back to the source
    assert items["Year 999"]["_pipeline"]["dated"] is False
    assert all(ord(ch) >= 0x20 for item in items.values() for ch in item.get("image", "") + item["url"])
    assert {"Fine", "Fine card", "Malformed image"} <= set(items)


# --- issue 20: one input must never stop the cycle -------------------------------------------------

BAD_REFERENCE = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Bad</title><link>http://bad.invalid/</link><description>d</description>
<item><title>Spotkanie {ref} w ratuszu</title><link>http://bad.invalid/1</link><guid>bad-1</guid>
<pubDate>Wed, 14 May 2025 10:00:00 +0200</pubDate></item>
<item><title>Drugi wpis</title><link>http://bad.invalid/2</link><guid>bad-2</guid>
<pubDate>Wed, 14 May 2025 11:00:00 +0200</pubDate></item>
</channel></rss>
"""
LONE_SURROGATE = (
    b'{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": ['
    b'{"id": "1", "title": "lone \\ud800 title", "url": "http://json.invalid/1",'
    b' "date_published": "2025-05-14T10:00:00+02:00"}]}'
)


@pytest.mark.parametrize("ref", ["&#55296;", "&#xDFFF;", "&#1114112;", "&#99999999999999999999;"])
def test_a_forbidden_character_reference_is_replaced_not_fatal(tmp_path: Path, server, ref: str) -> None:
    server.routes["/bad.xml"] = Page(
        BAD_REFERENCE.format(ref=ref).encode(), content_type="application/rss+xml"
    )
    server.routes["/json"] = Page(LONE_SURROGATE, content_type="application/feed+json")
    report, output = _cycle_with(tmp_path, server, ["/bad.xml", "/json"])
    assert {r.source_id: r.outcome for r in report.sources} == {"s0": "ok", "s1": "ok"}
    titles = {item["title"] for item in json.loads((output / "feed.json").read_text())["items"]}
    assert {"Spotkanie \ufffd w ratuszu", "Drugi wpis", "lone title"} <= titles


def test_a_parser_bug_is_the_source_error_and_the_others_publish(
    tmp_path: Path, server, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipeline.workers

    real = pipeline.workers.parse_response

    def crashing(source, result, *, now):  # type: ignore[no-untyped-def]
        if source.id == "s0":
            raise RecursionError("maximum recursion depth exceeded")
        return real(source, result, now=now)

    monkeypatch.setattr(pipeline.workers, "parse_response", crashing)
    server.routes["/bad.xml"] = Page(
        BAD_REFERENCE.format(ref="").encode(), content_type="application/rss+xml"
    )
    server.routes["/json"] = Page(LONE_SURROGATE, content_type="application/feed+json")
    # processes=0: parsed in this process, so the patched parser is the one that runs
    report, output = _cycle_with(tmp_path, server, ["/bad.xml", "/json"], processes=0)
    outcomes = {r.source_id: r for r in report.sources}
    assert outcomes["s0"].outcome == "error" and "RecursionError" in (outcomes["s0"].error or "")
    assert outcomes["s1"].outcome == "ok"
    assert "lone title" in (output / "feed.xml").read_text()
    status = json.loads((output / "status.json").read_text())
    assert status["sources"]["s0"]["outcome"] == "error"


def _cycle_with(tmp_path: Path, server, paths: list[str], **runner: object):  # type: ignore[no-untyped-def]
    from pipeline.config import load_config

    lines = ["contact: https://example.org/contact", "sources:"]
    for n, path in enumerate(paths):
        lines += [f"  - id: s{n}", f"    name: S{n}", f"    url: {server.url(path)}"]
    config = tmp_path / "sources.yaml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    output = tmp_path / "output"
    cycle = Runner(
        load_config(str(config)),
        output_dir=output,
        state_path=tmp_path / "state.sqlite3",
        clock=lambda: datetime(2025, 5, 15, 12, tzinfo=UTC),
        **runner,  # type: ignore[arg-type]
    )
    return cycle.run_cycle(), output


DEEP = (
    "<html><body>" + "<div class='c'><p>x</p>" * 3000 + "<h3>deep</h3>" + "</div>" * 3000 + "</body></html>"
).encode()
GOOD_RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Good</title><link>http://good.invalid/</link><description>d</description>
<item><title>Zdrowa wiadomość o kursie języka polskiego</title><link>http://good.invalid/1</link><guid>g1</guid>
<pubDate>Wed, 14 May 2025 10:00:00 +0200</pubDate></item></channel></rss>
""".encode()


def test_a_page_that_takes_too_long_to_read_is_its_source_error(tmp_path: Path, server) -> None:
    """Issue 20 (case 3): a listing nested 3,000 deep takes ~100 s to read with nested selectors.
    Its worker is stopped at the budget; the source says why; the healthy neighbour publishes and
    the cycle ends within the budget (not after the parse)."""
    from pipeline.config import load_config

    server.routes["/deep.html"] = Page(DEEP, content_type="text/html")
    server.routes["/good.xml"] = Page(GOOD_RSS, content_type="application/rss+xml")
    config = tmp_path / "sources.yaml"
    config.write_text(
        f"""contact: https://example.org/contact
sources:
  - id: deep
    name: Deep
    url: {server.url("/deep.html")}
    kind: html
    selectors: {{item: "div.c", title: h3}}
  - id: good
    name: Good
    url: {server.url("/good.xml")}
""",
        encoding="utf-8",
    )
    runner = Runner(
        load_config(str(config)),
        output_dir=tmp_path / "output",
        state_path=tmp_path / "state.sqlite3",
        clock=lambda: datetime(2025, 5, 15, 12, tzinfo=UTC),
        parse_budget_s=3.0,
    )
    started = time.monotonic()
    report = runner.run_cycle()
    assert time.monotonic() - started < 30
    outcomes = {r.source_id: r for r in report.sources}
    assert outcomes["deep"].outcome == "error"
    assert "took too long to read" in (outcomes["deep"].error or "")
    assert outcomes["good"].outcome == "ok"
    assert "kursie" in (tmp_path / "output" / "feed.xml").read_text()


def test_a_response_of_a_hundred_thousand_entries_converts_only_the_first_ones() -> None:
    """Issue 20 (case 5): the cap applies before entries are converted, not after."""
    from pipeline.parse.feeds import parse_feed
    from pipeline.parse.limits import MAX_ITEMS_PER_SOURCE

    entries = "".join(
        f"<item><title>Wpis {n}</title><link>http://many.invalid/{n}</link></item>" for n in range(20_000)
    )
    body = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{entries}</channel></rss>'.encode()
    )
    outcome = parse_feed(
        body, url="http://many.invalid/feed", now=datetime(2025, 5, 1, tzinfo=UTC), source_id="many"
    )
    assert len(outcome.items) == MAX_ITEMS_PER_SOURCE
    assert any("20000 items in one response" in w for w in outcome.warnings)


ONE = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>One</title><link>http://one.invalid/</link><description>d</description>
{items}</channel></rss>
"""


def _item(n: int) -> str:
    return (
        f"<item><title>Wiadomość numer {n} o dialogu</title><link>http://one.invalid/{n}</link>"
        f"<guid>one-{n}</guid><pubDate>Wed, 14 May 2025 1{n}:00:00 +0200</pubDate></item>"
    )


def test_items_stored_by_a_run_stopped_before_publishing_are_published_by_the_next(
    tmp_path: Path, server
) -> None:
    """Issue 20 (case 7): what the state holds decides publishing, not whether this run changed
    anything. A run stores new items and stops before it publishes (here: publish=False, as a kill
    between ingest and publish would); the next run, whose sources all answer 304, publishes them."""
    server.routes["/one.xml"] = Page(
        ONE.format(items=_item(1)).encode(), content_type="application/rss+xml", etag='"v1"'
    )
    _report, output = _cycle_with(tmp_path, server, ["/one.xml"])
    assert "numer 1" in (output / "feed.xml").read_text()
    from pipeline.config import load_config

    runner = Runner(
        load_config(str(tmp_path / "sources.yaml")),
        output_dir=output,
        state_path=tmp_path / "state.sqlite3",
        clock=lambda: datetime(2025, 5, 15, 13, tzinfo=UTC),
    )
    server.routes["/one.xml"] = Page(
        ONE.format(items=_item(1) + _item(2)).encode(), content_type="application/rss+xml", etag='"v2"'
    )
    runner.run_cycle(force=True, publish=False)  # stored, never published: "killed" here
    assert "numer 2" not in (output / "feed.xml").read_text()
    again = runner.run_cycle(force=True)
    assert [r.outcome for r in again.sources] == ["not_modified"]
    assert "numer 2" in (output / "feed.xml").read_text()
    assert runner.run_cycle(force=True).changed_files == ("status.json",)  # nothing pending now


def test_a_killed_publish_leaves_no_temporary_file_for_good(tmp_path: Path, server) -> None:
    """Issue 20 (case 8): the next publish removes what a killed one left in the public folder."""
    server.routes["/one.xml"] = Page(ONE.format(items=_item(1)).encode(), content_type="application/rss+xml")
    _report, output = _cycle_with(tmp_path, server, ["/one.xml"])
    leftover = output / "areas" / ".bezpieczenstwo.html.wi9tzimt.tmp"
    leftover.write_text("half-written")
    (output / "index.html").unlink()  # missing outputs are rewritten too
    _cycle_with(tmp_path, server, ["/one.xml"])
    assert not leftover.exists()
    assert (output / "index.html").exists()


def test_a_cycle_ends_by_its_deadline_even_when_hosts_never_answer(tmp_path: Path, server) -> None:
    """Issue 20 (case 6): 1,000 sources on 250 hosts that accept and never answer are reported as
    timed out when the cycle's deadline passes; the others publish, and the cycle ends then, not
    after every request has run into its own deadline (~42 min before)."""
    import socket
    import threading

    silent = socket.socket()
    silent.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    silent.bind(("0.0.0.0", 0))  # every 127.x.y.z: as many hosts as we like
    silent.listen(512)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept_forever() -> None:  # take every connection, answer nothing
        silent.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(silent.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept_forever, daemon=True)
    thread.start()
    port = silent.getsockname()[1]
    server.routes["/one.xml"] = Page(ONE.format(items=_item(1)).encode(), content_type="application/rss+xml")
    good = ["  - {id: good, name: Good, url: " + f'"{server.url("/one.xml")}"' + "}"]
    mutes = [
        f'  - {{id: mute-{n}, name: Mute, url: "http://127.0.1.{n % 250 + 1}:{port}/feed-{n}.xml"}}'
        for n in range(1000)
    ]
    from pipeline.config import load_config

    def cycle(sources: list[str], **options: bool):  # type: ignore[no-untyped-def]
        config_path = tmp_path / "sources.yaml"
        config_path.write_text(
            "\n".join(["contact: https://example.org/contact", "sources:", *sources]) + "\n"
        )
        runner = Runner(
            load_config(str(config_path)),
            output_dir=tmp_path / "output",
            state_path=tmp_path / "state.sqlite3",
            fetch_limits=FetchLimits(deadline_s=60, cycle_deadline_s=3),
        )
        started = time.monotonic()
        report = runner.run_cycle(**options)
        elapsed = time.monotonic() - started
        assert elapsed < 20, elapsed  # 3 s of cycle, then publishing and stopping the workers
        return {r.source_id: r for r in report.sources}

    try:
        outcomes = cycle(good + mutes)
        assert outcomes["good"].outcome == "ok", outcomes["good"].error
        mute = [r for sid, r in outcomes.items() if sid.startswith("mute")]
        assert len(mute) == 1000 and all(
            r.outcome == "error" and "cycle's deadline" in (r.error or "") for r in mute
        )
        assert "numer 1" in (tmp_path / "output" / "feed.xml").read_text()
        status = json.loads((tmp_path / "output" / "status.json").read_text())
        assert status["sources"]["mute-0"]["outcome"] == "error"
        # Listed after the thousand, the healthy source still asks first: the sources that
        # failed last time wait (in the order of a plain queue it would never get a slot).
        outcomes = cycle(mutes + good, force=True)
        assert outcomes["good"].outcome == "ok", outcomes["good"].error
    finally:
        stop.set()
        thread.join(2)
        for connection in accepted:
            connection.close()
        silent.close()


BIDI = "\u202e\u2066\u2069\u202a\u200f\u200e\u061c\u200b\ufeff"
BIDI_RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Bidi</title>
<link>http://bidi.invalid/</link><description>d</description>
<item><title>Spotkanie\u202e fdp.exe \u202cw ratuszu\u2066</title><link>http://bidi.invalid/1</link>
<guid>b1</guid><dc:creator>Anna\u202e Nowak\u200b</dc:creator>
<description>Opis\u2067 spotkania\ufeff o integracji</description>
<pubDate>Wed, 14 May 2025 10:00:00 +0200</pubDate></item></channel></rss>
"""


def test_bidi_and_invisible_controls_reach_no_output(tmp_path: Path, server) -> None:
    """Issue 20 (case 10): bidi overrides, isolates, marks and zero-width characters are dropped
    from titles, authors, summaries, source names and the site's own title and description."""
    from pipeline.config import load_config

    server.routes["/bidi.xml"] = Page(BIDI_RSS.encode(), content_type="application/rss+xml")
    config = tmp_path / "sources.yaml"
    config.write_text(
        "contact: https://example.org/contact\n"
        "site:\n"
        '  title: "<b>Wrocław</b>\u2066 wiadomości\u202e"\n'
        '  description: "Opis <i>strony</i>\u200f"\n'
        "sources:\n"
        f'  - {{id: bidi, name: "Źródło\u202e lacol", url: "{server.url("/bidi.xml")}"}}\n',
        encoding="utf-8",
    )
    output = tmp_path / "output"
    report = Runner(
        load_config(str(config)), output_dir=output, state_path=tmp_path / "s.sqlite3"
    ).run_cycle()
    assert report.sources[0].outcome == "ok"
    for path in output.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert not set(text) & set(BIDI), f"{path.name} keeps an invisible control"
    feed = json.loads((output / "feed.json").read_text())
    assert feed["title"] == "Wrocław wiadomości"
    item = feed["items"][0]
    assert item["title"] == "Spotkanie fdp.exe w ratuszu"
    assert item["content_html"] == "Opis spotkania o integracji"
    assert "Źródło lacol" in (output / "index.html").read_text()


def _nested_listing(depth: int) -> bytes:
    """A listing after a redesign: no <main>, the one card 'depth' levels deep among siblings."""
    inner = "<article class='card'><h3><a href='/n/1'>Kurs języka polskiego</a></h3></article>"
    for level in range(depth, 0, -1):
        inner = (
            f"<div class='l{level}'><div class='x'><span>a</span></div>{inner}<div class='y'>b</div></div>"
        )
    return f"<!DOCTYPE html><html lang='pl'><body>{inner}</body></html>".encode()


def test_an_exploding_selector_is_stopped_and_check_warns_about_it(tmp_path: Path, server) -> None:
    """Issue 20 (case 4): 'main div div div div' is valid CSS, but on a 60-deep page without
    <main> (5 KB) it takes ~15 s, and every level deeper multiplies that. `check` warns about it
    before any fetch; a cycle stops the read at the budget, the neighbour publishes."""
    import subprocess
    import sys

    from pipeline.config import load_config

    server.routes["/redesigned"] = Page(_nested_listing(60), content_type="text/html; charset=utf-8")
    server.routes["/good.xml"] = Page(GOOD_RSS, content_type="application/rss+xml")
    config = tmp_path / "sources.yaml"
    config.write_text(
        f"""contact: https://example.org/contact
sources:
  - id: redesigned
    name: Redesigned
    url: {server.url("/redesigned")}
    kind: html
    selectors: {{item: "main div div div div", title: h3}}
  - id: good
    name: Good
    url: {server.url("/good.xml")}
""",
        encoding="utf-8",
    )
    checked = subprocess.run(
        [sys.executable, "-m", "pipeline", "check", "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr  # a warning, not an error
    assert "source 'redesigned', selectors.item: 'main div div div div' chains 3 steps" in checked.stderr
    runner = Runner(
        load_config(str(config)),
        output_dir=tmp_path / "output",
        state_path=tmp_path / "state.sqlite3",
        clock=lambda: datetime(2025, 5, 15, 12, tzinfo=UTC),
        parse_budget_s=2.0,
    )
    started = time.monotonic()
    report = runner.run_cycle()
    assert time.monotonic() - started < 12
    outcomes = {r.source_id: r for r in report.sources}
    assert outcomes["redesigned"].outcome == "error"
    assert "took too long to read" in (outcomes["redesigned"].error or "")
    assert outcomes["good"].outcome == "ok"
    assert "kursie" in (tmp_path / "output" / "feed.xml").read_text()


def test_bodies_under_the_size_cap_that_cost_minutes_before_are_read_in_bounds(
    tmp_path: Path, server
) -> None:
    """Issue 20 (case 5), over a real server: 60,000 feed entries, 75,000 listing cards, 1.5
    million unclosed tags in one description and 500,000 escaped ampersands, each under the 5 MB
    cap. Each source is read (the first 500 entries or cards, with a warning saying so) or is
    its own error; the healthy neighbour publishes; the cycle ends."""
    from pipeline.config import load_config

    def rss(items: str) -> bytes:
        return (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
            f"<link>http://x.invalid/</link><description>d</description>{items}</channel></rss>"
        ).encode()

    server.routes["/entries.xml"] = Page(
        rss(
            "".join(
                f"<item><title>Wpis {n}</title><link>http://x.invalid/{n}</link></item>"
                for n in range(60_000)
            )
        )
    )
    server.routes["/nested.xml"] = Page(
        rss(
            "<item><title>Głęboko</title><link>http://x.invalid/deep</link><description><![CDATA["
            + "<i>" * 1_500_000
            + "x]]></description></item>"
        )
    )
    server.routes["/amp.xml"] = Page(
        rss(
            "<item><title>Amp</title><link>http://x.invalid/amp</link><description>"
            + "&amp;amp;" * 500_000
            + "</description></item>"
        )
    )
    cards = "".join(f"<article><h3><a href='/n/{n}'>Karta {n}</a></h3></article>" for n in range(75_000))
    server.routes["/cards"] = Page(f"<html><body>{cards}</body></html>".encode(), content_type="text/html")
    server.routes["/good.xml"] = Page(GOOD_RSS, content_type="application/rss+xml")
    config = tmp_path / "sources.yaml"
    config.write_text(
        f"""contact: https://example.org/contact
sources:
  - {{id: entries, name: Entries, url: "{server.url("/entries.xml")}"}}
  - {{id: nested, name: Nested, url: "{server.url("/nested.xml")}"}}
  - {{id: amp, name: Amp, url: "{server.url("/amp.xml")}"}}
  - {{id: cards, name: Cards, url: "{server.url("/cards")}", kind: html, selectors: {{item: article, title: h3}}}}
  - {{id: good, name: Good, url: "{server.url("/good.xml")}"}}
""",
        encoding="utf-8",
    )
    runner = Runner(
        load_config(str(config)),
        output_dir=tmp_path / "output",
        state_path=tmp_path / "state.sqlite3",
        clock=lambda: datetime(2025, 5, 15, 12, tzinfo=UTC),
    )
    report = runner.run_cycle()
    outcomes = {r.source_id: r for r in report.sources}
    assert outcomes["good"].outcome == "ok"
    for capped in ("entries", "cards"):
        assert outcomes[capped].outcome == "ok", outcomes[capped].error
        assert outcomes[capped].items_new == 500
        assert "only the first 500 were read" in (outcomes[capped].warning or "")
    for heavy in ("nested", "amp"):
        assert outcomes[heavy].outcome in ("ok", "error")
        assert outcomes[heavy].outcome == "ok" or outcomes[heavy].error
    assert outcomes["good"].items_new == 1  # stored; the outputs show the newest 50 stories
    assert (tmp_path / "output" / "feed.xml").exists()
