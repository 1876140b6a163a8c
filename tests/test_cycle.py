"""The core cycle end to end: sources.yaml -> real HTTP (local server) -> SQLite file -> outputs."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import pytest

from pipeline.config import load_config
from pipeline.runner import Runner
from tests.server import Page

RSS_CP1250 = """<?xml version="1.0" encoding="windows-1250"?>
<rss version="2.0"><channel><title>Urząd</title><link>http://urzad.invalid/</link><description>d</description>
<item><title>Spotkanie w Śródmieściu: „Zażółć gęślą jaźń”</title><link>http://urzad.invalid/a/1</link>
<guid>urzad-1</guid><description>Źródło: Biuro ds. współpracy z cudzoziemcami.</description>
<pubDate>Wed, 14 May 2025 10:00:00 +0200</pubDate></item>
<item><title>Kurs języka polskiego dla uchodźców</title><link>http://urzad.invalid/a/2</link><guid>urzad-2</guid>
<pubDate>Tue, 13 May 2025 09:00:00 +0200</pubDate></item>
</channel></rss>
""".encode("cp1250")

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>ICC</title><id>urn:icc</id><updated>2025-05-15T10:00:00Z</updated>
<entry><title>Intercultural Cities coordinators meet in Wrocław</title><id>urn:icc:1</id>
<link href="https://icc.invalid/news/coordinators"/><updated>2025-05-15T10:00:00Z</updated>
<summary>The annual meeting of ICC coordinators took place in Wrocław, Poland.</summary></entry>
</feed>
""".encode()

BROKEN_FIRST = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Flaky</title><link>http://flaky.invalid/</link><description>d</description>
<item><title>Flaky source's first story about hate speech prevention</title><link>http://flaky.invalid/1</link>
<guid>flaky-1</guid><pubDate>Mon, 12 May 2025 10:00:00 +0200</pubDate></item>
</channel></rss>
"""


def _config(tmp_path: Path, server, extra: str = "") -> Path:
    text = f"""\
contact: https://example.org/contact
sources:
  - id: urzad
    name: Urząd Miejski
    url: {server.url("/urzad.xml")}
    priority: 5
  - id: icc
    name: Intercultural Cities
    url: {server.url("/icc.atom")}
    language: en
  - id: flaky
    name: Flaky
    url: {server.url("/flaky.xml")}
{extra}"""
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _serve(server) -> None:
    server.routes["/urzad.xml"] = Page(RSS_CP1250, content_type="text/xml", etag='"u1"')
    server.routes["/icc.atom"] = Page(
        ATOM, content_type="application/atom+xml", last_modified="Thu, 15 May 2025 10:00:00 GMT"
    )
    server.routes["/flaky.xml"] = Page(BROKEN_FIRST, etag='"f1"')


class Clock:
    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2025, 5, 20, 10, 0, tzinfo=UTC))


def _runner(tmp_path: Path, server, clock: Clock) -> Runner:
    config = load_config(_config(tmp_path, server))
    return Runner(config, output_dir=tmp_path / "output", clock=clock)


def test_cycle_publishes_feeds_with_polish_intact(tmp_path: Path, server, clock: Clock) -> None:
    _serve(server)
    report = _runner(tmp_path, server, clock).run_cycle()
    outcomes = {r.source_id: r.outcome for r in report.sources}
    assert outcomes == {"urzad": "ok", "icc": "ok", "flaky": "ok"}
    output = tmp_path / "output"
    rss = feedparser.parse((output / "feed.xml").read_bytes())
    assert rss.bozo == 0, rss.get("bozo_exception")
    titles = [e.title for e in rss.entries]
    assert "Spotkanie w Śródmieściu: „Zażółć gęślą jaźń”" in titles
    assert titles == [  # newest first, by the dates the feeds give
        "Intercultural Cities coordinators meet in Wrocław",
        "Spotkanie w Śródmieściu: „Zażółć gęślą jaźń”",
        "Kurs języka polskiego dla uchodźców",
        "Flaky source's first story about hate speech prevention",
    ]
    dates = [e.published_parsed for e in rss.entries]
    assert dates == sorted(dates, reverse=True)  # newest first
    feed_json = json.loads((output / "feed.json").read_text(encoding="utf-8"))
    assert feed_json["version"] == "https://jsonfeed.org/version/1.1"
    by_title = {i["title"]: i for i in feed_json["items"]}
    urzad = by_title["Spotkanie w Śródmieściu: „Zażółć gęślą jaźń”"]
    assert urzad["_pipeline"]["source"] == "urzad" and urzad["_pipeline"]["sources"] == ["urzad"]
    assert "Źródło" in urzad["summary"]
    assert by_title["Intercultural Cities coordinators meet in Wrocław"]["_pipeline"]["language"] == "en"
    status = json.loads((output / "status.json").read_text())
    assert status["sources"]["urzad"]["items_new"] == 2 and status["sources"]["urzad"]["http_status"] == 200
    assert (tmp_path / "var" / "pipeline.sqlite3").exists()  # state beside the config, not in output/
    assert not list(output.glob("*.sqlite3*"))


def test_second_run_sends_validators_gets_304_and_parses_nothing(
    tmp_path: Path, server, clock: Clock
) -> None:
    _serve(server)
    runner = _runner(tmp_path, server, clock)
    runner.run_cycle()

    def stamps() -> dict[str, int]:
        return {
            p.relative_to(tmp_path).as_posix(): p.stat().st_mtime_ns
            for p in (tmp_path / "output").rglob("*")
            if p.is_file() and p.name != "status.json"
        }

    before = stamps()
    assert len(before) > 12  # feeds, area feeds and pages, digest, embed, stylesheet
    server.requests.clear()
    clock.now += timedelta(minutes=5)
    report = runner.run_cycle(force=True)
    assert {r.source_id: r.outcome for r in report.sources} == {
        "urzad": "not_modified",
        "icc": "not_modified",
        "flaky": "not_modified",
    }
    urzad = server.requests_to("/urzad.xml")[0]
    assert urzad.headers["if-none-match"] == '"u1"'
    icc = server.requests_to("/icc.atom")[0]
    assert icc.headers["if-modified-since"] == "Thu, 15 May 2025 10:00:00 GMT"
    assert all(r.items_found == 0 for r in report.sources)  # nothing parsed
    # one request per unchanged source: robots.txt is reused from the state for a day
    assert server.requests_to("/robots.txt") == []
    assert len(server.requests) == 3
    assert stamps() == before  # nothing rewritten
    clock.now += timedelta(hours=2)
    runner.run_cycle(force=True)  # a full cycle with 200s but no new or changed item
    server.routes["/urzad.xml"] = Page(RSS_CP1250, content_type="text/xml")  # no validators any more
    clock.now += timedelta(hours=2)
    runner.run_cycle(force=True)
    assert stamps() == before


def test_not_due_sources_are_not_fetched(tmp_path: Path, server, clock: Clock) -> None:
    _serve(server)
    runner = _runner(tmp_path, server, clock)
    runner.run_cycle()
    server.requests.clear()
    clock.now += timedelta(minutes=10)
    report = runner.run_cycle()
    assert {r.outcome for r in report.sources} == {"skipped"}
    assert server.requests == []


def test_failing_source_backs_off_while_others_publish_and_its_items_stay(
    tmp_path: Path, server, clock: Clock
) -> None:
    _serve(server)
    runner = _runner(tmp_path, server, clock)
    runner.run_cycle()
    server.routes["/flaky.xml"] = Page(b"oops", status=500)
    server.routes["/icc.atom"] = Page(
        ATOM.replace(
            b"</feed>",
            b"""<entry><title>Second ICC story on anti-rumours
    </title><id>urn:icc:2</id><link href="https://icc.invalid/news/2"/><updated>2025-05-20T11:00:00Z</updated>
    </entry></feed>""",
        ),
        content_type="application/atom+xml",
    )
    delays = []
    for attempt in range(3):
        clock.now += timedelta(days=2)  # past any backoff
        report = runner.run_cycle()
        flaky = next(r for r in report.sources if r.source_id == "flaky")
        assert flaky.outcome == "error" and "500" in (flaky.error or "")
        assert flaky.next_due is not None
        delays.append(flaky.next_due - clock.now)
        if attempt == 0:
            assert next(r for r in report.sources if r.source_id == "icc").items_new == 1
    assert delays[0] < delays[1] < delays[2]
    feed_json = json.loads((tmp_path / "output" / "feed.json").read_text(encoding="utf-8"))
    titles = [i["title"] for i in feed_json["items"]]
    assert "Flaky source's first story about hate speech prevention" in titles
    assert "Second ICC story on anti-rumours" in titles
    status = json.loads((tmp_path / "output" / "status.json").read_text())
    assert status["sources"]["flaky"]["outcome"] == "error"
    assert status["sources"]["flaky"]["http_status"] == 500
    assert any("failing" in w for w in status["sources"]["flaky"]["health"])


def test_undated_item_keeps_its_first_seen_date(tmp_path: Path, server, clock: Clock) -> None:
    _serve(server)
    server.routes["/flaky.xml"] = Page(
        BROKEN_FIRST.replace(b"<pubDate>Mon, 12 May 2025 10:00:00 +0200</pubDate>", b"")
    )
    runner = _runner(tmp_path, server, clock)
    runner.run_cycle()
    first = json.loads((tmp_path / "output" / "feed.json").read_text())
    clock.now += timedelta(days=3)
    runner.run_cycle(force=True)
    second = json.loads((tmp_path / "output" / "feed.json").read_text())

    def flaky(doc: dict) -> dict:
        return next(i for i in doc["items"] if i["_pipeline"]["source"] == "flaky")

    assert flaky(first)["date_published"] == flaky(second)["date_published"] == "2025-05-20T10:00:00Z"
    assert flaky(second)["_pipeline"]["dated"] is False


def test_invalid_config_fetches_nothing_and_exits_2(tmp_path: Path, server) -> None:
    _serve(server)
    path = _config(
        tmp_path,
        server,
        extra="    every: sometimes\n    colour: red\n  - id: urzad\n    name: x\n"
        "    url: https://x.example/\n",
    )
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--config", str(path), "--output", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "3 problems" in result.stderr
    assert str(path) + ":14" in result.stderr and str(path) + ":15" in result.stderr
    assert str(path) + ":16" in result.stderr
    assert server.requests == []
    assert not (tmp_path / "out").exists() and not (tmp_path / "var").exists()


def test_run_command_prints_a_summary(tmp_path: Path, server) -> None:
    _serve(server)
    path = _config(tmp_path, server)
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--config", str(path), "--output", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "urzad" in result.stdout and "3 sources, 0 failed" in result.stdout
    database = sqlite3.connect(tmp_path / "var" / "pipeline.sqlite3")
    assert database.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert database.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
