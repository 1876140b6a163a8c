"""The editor's and operator's commands end to end: preview, discover, status, check; plus listing
sources over real HTTP (stable dates, enrichment on the source's own site only, kind detection)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pipeline.config import load_config, parse_config
from pipeline.runner import Runner
from pipeline.tagging import Tagger
from tests.server import Page, TestServer

ROOT = Path(__file__).resolve().parent.parent

LISTING = """<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8"><title>Aktualności</title>
<link rel="alternate" type="application/rss+xml" href="/feed/"></head><body>
<div class="news"><h3><a href="/artykul/kurs-jezyka">Kurs języka polskiego dla uchodźców w szkołach</a></h3>
<span class="data">13 maja 2025</span><p>Zajęcia dla dzieci i dorosłych.</p><img src="/img/1.jpg" alt="Klasa"></div>
<div class="news"><h3><a href="/artykul/posiedzenie">Posiedzenie Zespołu UMP ds. Migracji i Integracji</a></h3>
<p>Koordynatorzy z dwunastu miast spotkali się w Lublinie.</p></div>
<div class="news"><h3><a href="{other}/artykul/obcy">Link to another host</a></h3><p>Tekst.</p></div>
</body></html>"""

ITEM_PAGE = """<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8">
<meta property="og:image" content="/img/og-posiedzenie.jpg"><meta property="og:image:alt" content="Sala obrad">
<meta property="article:published_time" content="2025-05-12T09:30:00+02:00"></head>
<body><article><p>Pełny tekst o integracji migrantów.</p></article></body></html>"""


def _yaml(
    server: TestServer, *, selectors: str, enrich: bool = False, kind: str = "html", extra: str = ""
) -> str:
    return f"""contact: https://example.org/c
sources:
  - id: lista
    name: Lista
    url: {server.url("/aktualnosci")}
    kind: {kind}
    enrich: {str(enrich).lower()}
    selectors:
{selectors}
{extra}"""


SELECTORS = """      item: div.news
      title: h3
      date: .data
      summary: p
      image: img"""


@pytest.fixture
def other_host():
    instance = TestServer(host="127.0.0.2").start()  # a second host: all of 127.0.0.0/8 is loopback
    yield instance
    instance.stop()


def _serve(server: TestServer, other: TestServer) -> None:
    server.routes["/aktualnosci"] = Page(
        LISTING.format(other=other.url("")).encode(), content_type="text/html; charset=utf-8"
    )
    for path in ("/artykul/kurs-jezyka", "/artykul/posiedzenie"):
        server.routes[path] = Page(ITEM_PAGE.encode(), content_type="text/html")
    other.routes["/artykul/obcy"] = Page(ITEM_PAGE.encode(), content_type="text/html")


def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, timeout=120, cwd=cwd
    )


def test_enrichment_stays_on_the_source_site_and_fills_gaps(tmp_path: Path, server, other_host) -> None:
    _serve(server, other_host)
    config = parse_config(_yaml(server, selectors=SELECTORS, enrich=True), base_dir=tmp_path)
    Runner(config, output_dir=tmp_path / "out").run_cycle()
    assert other_host.requests == []  # never another host
    assert len(server.requests_to("/artykul/posiedzenie")) == 1
    items = {i["title"]: i for i in json.loads((tmp_path / "out" / "feed.json").read_text())["items"]}
    meeting = items["Posiedzenie Zespołu UMP ds. Migracji i Integracji"]
    assert meeting["image"] == server.url("/img/og-posiedzenie.jpg")
    assert meeting["_pipeline"]["image_alt"] == "Sala obrad"
    assert meeting["date_published"] == "2025-05-12T07:30:00Z"
    # each item page is fetched once: a second cycle enriches nothing again, and keeps what it had
    report = Runner(config, output_dir=tmp_path / "out").run_cycle(force=True)
    assert len(server.requests_to("/artykul/posiedzenie")) == 1
    assert report.sources[0].items_updated == 0
    again = {i["title"]: i for i in json.loads((tmp_path / "out" / "feed.json").read_text())["items"]}
    assert again["Posiedzenie Zespołu UMP ds. Migracji i Integracji"] == meeting


def test_listing_fetched_twice_keeps_every_date(tmp_path: Path, server, other_host) -> None:
    _serve(server, other_host)
    config = parse_config(_yaml(server, selectors=SELECTORS), base_dir=tmp_path)
    clock = [datetime(2025, 5, 20, 10, 0, tzinfo=UTC)]
    runner = Runner(config, output_dir=tmp_path / "out", clock=lambda: clock[0])
    runner.run_cycle()
    first = {
        i["id"]: i["date_published"]
        for i in json.loads((tmp_path / "out" / "feed.json").read_text())["items"]
    }
    clock[0] += timedelta(days=4)
    runner.run_cycle(force=True)
    second = {
        i["id"]: i["date_published"]
        for i in json.loads((tmp_path / "out" / "feed.json").read_text())["items"]
    }
    assert first == second and len(first) == 3
    assert "2025-05-12T22:00:00Z" in first.values()  # "13 maja 2025" = midnight in Warsaw
    assert "2025-05-20T10:00:00Z" in first.values()  # undated: first seen, stored once


def test_kind_detection_reports_an_advertised_feed(tmp_path: Path, server, other_host) -> None:
    _serve(server, other_host)
    text = _yaml(server, selectors=SELECTORS).replace("    kind: html\n", "")
    report = Runner(parse_config(text, base_dir=tmp_path), output_dir=tmp_path / "out").run_cycle()
    assert report.sources[0].outcome == "ok"
    assert "advertises a feed" in (report.sources[0].warning or "")
    assert server.url("/feed/") in (report.sources[0].warning or "")


def test_preview_names_a_broken_selector_and_shows_areas_with_their_words(
    tmp_path: Path, server, other_host
) -> None:
    _serve(server, other_host)
    broken = SELECTORS.replace("date: .data", "date: .datum").replace("image: img", "image: img.photo")
    path = tmp_path / "sources.yaml"
    path.write_text(_yaml(server, selectors=broken), encoding="utf-8")
    result = _cli("preview", "lista", "--config", str(path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "the date selector '.datum' matched nothing in 3 of 3 cards" in out
    assert "the image selector 'img.photo' matched nothing in 3 of 3 cards" in out
    assert "Kurs języka polskiego dla uchodźców w szkołach" in out
    area_lines = [line for line in out.splitlines() if "area:" in line]
    assert any("edukacja" in line and "szkołach" in line for line in area_lines), area_lines
    assert any("wspolpraca" in line for line in area_lines), area_lines
    assert "dedupe:  new story" in out
    # wrote nothing: no state, no output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sources.yaml"]


def _preview_one_listing(server, tmp_path: Path, source_id: str, html: str, selectors: str):  # type: ignore[no-untyped-def]
    """``preview`` of a one-page listing served at ``/<source_id>`` and read with ``selectors``."""
    server.routes[f"/{source_id}"] = Page(html.encode(), content_type="text/html")
    path = tmp_path / "sources.yaml"
    path.write_text(
        f"contact: https://example.org/c\nsources:\n  - id: {source_id}\n    name: {source_id}\n"
        f"    url: {server.url('/' + source_id)}\n    kind: html\n    selectors: {selectors}\n",
        encoding="utf-8",
    )
    return _cli("preview", source_id, "--config", str(path), cwd=tmp_path)


def test_preview_reports_selector_time_and_warns_about_a_chain_that_can_explode(
    tmp_path: Path, server
) -> None:
    """Issue 20 (case 4): the page is shallow, so the chain is fast here; preview says how long
    each selector took and why this one may take minutes on a deeper page."""
    inner = "<article><h3><a href='/n/1'>Kurs języka polskiego</a></h3></article>"
    for level in range(8):
        inner = f"<div class='l{level}'><span>a</span>{inner}</div>"
    result = _preview_one_listing(
        server, tmp_path, "gleboka", f"<!DOCTYPE html><html lang='pl'><body>{inner}</body></html>",
        '{item: "body div div article", title: h3}',
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Kurs języka polskiego" in result.stdout
    timing = next(line for line in result.stdout.splitlines() if "selectors took" in line)
    assert "item 0." in timing and "title 0." in timing and "slow" not in timing
    assert "warning: selectors.item: 'body div div article' chains 2 steps" in result.stdout


def test_preview_says_when_the_learned_model_gave_an_area(tmp_path: Path, server) -> None:
    """An area whose words fell short but which the learned model gave is explained as such, with
    the model's certainty, the words' score and the words that weighed most."""
    result = _preview_one_listing(
        server, tmp_path, "wymiana",
        "<!DOCTYPE html><html lang='pl'><body><article><h3><a href='/n/1'>Warsztaty dla młodzieży z Ukrainy "
        "i Polski</a></h3></article></body></html>",
        "{item: article, title: h3}",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    [line] = [line for line in result.stdout.splitlines() if "area:" in line and "integracja" in line]
    assert "learned model" in line and "% sure, words' score 0." in line and "Ukrainy" in line, line
    edukacja = next(line for line in result.stdout.splitlines() if "area:" in line and "edukacja" in line)
    assert "(score 1." in edukacja  # given by its words: no model mentioned


def test_preview_of_an_unknown_source_and_a_dead_one(tmp_path: Path, server) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(_yaml(server, selectors=SELECTORS), encoding="utf-8")
    assert _cli("preview", "nope", "--config", str(path)).returncode == 2
    dead = _cli("preview", "lista", "--config", str(path))  # the route is not served: 404
    assert dead.returncode == 1 and "HTTP 404" in dead.stderr


def test_discover_lists_advertised_and_common_feeds(server, other_host) -> None:
    _serve(server, other_host)
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title><item><title>x</title></item>'
        b"</channel></rss>"
    )
    server.routes["/feed/"] = Page(feed)
    server.routes["/atom.xml"] = Page(feed.replace(b"Feed", b"Atom one"))
    result = _cli("discover", server.url("/aktualnosci"), "--config", str(ROOT / "sources.yaml"))
    assert result.returncode == 0, result.stderr
    assert f"{server.url('/feed/')}  — Feed, 1 entries (advertised by the page)" in result.stdout
    assert "Atom one" in result.stdout and "found at a common path" in result.stdout
    assert "kind: feed" in result.stdout and f"url: {server.url('/feed/')}" in result.stdout


def test_status_shows_failing_and_stale_sources(tmp_path: Path, server) -> None:
    old = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Old</title><item><title>An old story</title>'
        b"<guid>o1</guid><link>http://old.invalid/1</link><pubDate>Mon, 03 Mar 2025 10:00:00 GMT</pubDate>"
        b"</item></channel></rss>"
    )
    server.routes["/old"] = Page(old)
    server.routes["/failing"] = Page(b"", status=500)
    path = tmp_path / "sources.yaml"
    path.write_text(f"""sources:
  - id: stale
    name: Stale
    url: {server.url("/old")}
  - id: failing
    name: Failing
    url: {server.url("/failing")}
""")
    config = load_config(path)
    clock = [datetime.now(UTC)]
    runner = Runner(config, output_dir=tmp_path / "out", clock=lambda: clock[0])
    for _ in range(3):
        runner.run_cycle(force=True)
        clock[0] += timedelta(minutes=1)
    result = _cli("status", "--config", str(path))
    assert result.returncode == 0, result.stderr
    assert "! failing: 3 failures in a row, last: HTTP 500" in result.stdout
    assert "! stale: no new dated item for 30 days (since 2025-03-03)" in result.stdout
    machine = json.loads(_cli("status", "--json", "--config", str(path)).stdout)
    assert {s["id"]: s["failures_in_row"] for s in machine} == {"stale": 0, "failing": 3}


def test_the_shipped_sources_yaml_is_valid() -> None:
    result = _cli("check")
    assert result.returncode == 0, result.stderr
    config = load_config(ROOT / "sources.yaml")
    assert {"icc-newsroom", "ump", "wielokultury-pl", "fundacja-ukraina"} <= {s.id for s in config.sources}
    assert all(s.every_s >= 3600 for s in config.sources)  # no site polled more often than hourly


def test_an_editor_keyword_in_sources_yaml_changes_the_tags() -> None:
    base = "sources:\n  - id: a\n    name: A\n    url: https://a.example/feed\n"
    with_keyword = base + "areas:\n  edukacja:\n    keywords:\n      pl: [hackathon]\n"
    title = "Miejski hackathon dla mieszkańców"
    plain = Tagger(parse_config(base).areas).tag(title=title, summary="", language="pl")
    edited = Tagger(parse_config(with_keyword).areas).tag(title=title, summary="", language="pl")
    assert "edukacja" not in [a.slug for a in plain]
    assert [(a.slug, a.words) for a in edited if a.slug == "edukacja"] == [("edukacja", ("hackathon",))]


def test_preview_reads_an_existing_state_without_changing_it(tmp_path: Path, server, other_host) -> None:
    _serve(server, other_host)
    path = tmp_path / "sources.yaml"
    path.write_text(_yaml(server, selectors=SELECTORS), encoding="utf-8")
    assert _cli("run", "--config", str(path), "--output", str(tmp_path / "out")).returncode == 0
    state = tmp_path / "var" / "pipeline.sqlite3"
    before = state.read_bytes()  # WAL readers may add -shm/-wal companions; the database stays
    result = _cli("preview", "lista", "--config", str(path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "status:  stored, unchanged" in result.stdout
    assert state.read_bytes() == before


@pytest.mark.parametrize("command", [["-m", "pipeline", "run"], ["scheduler.py", "--once"]])
def test_a_state_on_missing_media_is_a_clear_error(tmp_path: Path, command: list[str]) -> None:
    """Issue 20 (case 10): no traceback when the state's folder cannot exist (an unmounted disk,
    here a path through a plain file) — one line that says where and why, exit 1."""
    (tmp_path / "unmounted").write_text("a file where the state's folder should be")
    config = tmp_path / "sources.yaml"
    config.write_text(
        "contact: https://example.org/c\nstate: unmounted/var/state.sqlite3\n"
        'sources:\n  - {id: a, name: A, url: "http://127.0.0.1:9/feed.xml"}\n'
    )
    result = subprocess.run(
        [sys.executable, *command, "--config", str(config), "--output", str(tmp_path / "out")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "cannot use the state folder" in result.stderr and "unmounted" in result.stderr


def test_status_reads_the_state_when_sources_yaml_is_invalid(tmp_path: Path, server) -> None:
    """Issue 15: an editor's typo must not hide the health; status says the file is broken, exits 2."""
    server.routes["/failing"] = Page(b"", status=500)
    server.routes["/ok"] = Page(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Ok</title><item><title>Nowe</title>'
        b"<guid>n1</guid><link>http://ok.invalid/1</link></item></channel></rss>"
    )
    path = tmp_path / "sources.yaml"
    valid = f"""state: stan/pipeline.sqlite3
sources:
  - id: dziala
    name: Działa
    url: {server.url("/ok")}
  - id: failing
    name: Failing
    url: {server.url("/failing")}
"""
    path.write_text(valid, encoding="utf-8")
    runner = Runner(load_config(path), output_dir=tmp_path / "out")
    for _ in range(3):
        runner.run_cycle(force=True)
    path.write_text(
        valid.replace("    name: Failing\n", "    name: Failing\n    every:2h\n"), encoding="utf-8"
    )
    assert _cli("check", "--config", str(path)).returncode == 2

    result = _cli("status", "--config", str(path))
    assert result.returncode == 2, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(
        f"the configuration is invalid now: {path}:8:10: syntax: a colon needs a space"
    )
    assert str(tmp_path / "stan" / "pipeline.sqlite3") in lines[0]  # the broken file's own state:
    assert any(line.startswith("dziala ") for line in lines), result.stdout
    assert "! failing: 3 failures in a row, last: HTTP 500" in result.stdout
    assert "2 sources, " in lines[-1]

    machine = _cli("status", "--json", "--config", str(path))
    assert machine.returncode == 2
    rows = {row["id"]: row for row in json.loads(machine.stdout)}  # stdout stays the machine's list
    assert rows["failing"]["failures_in_row"] == 3 and rows["dziala"]["name"] == "Działa"
    assert rows["dziala"]["enabled"] is None  # not known while the file cannot be read
    assert "the configuration is invalid now" in machine.stderr


def test_status_with_an_unreadable_config_uses_the_state_option_or_the_default(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text("state: elsewhere.sqlite3\nsources:\n\t- id: a\n", encoding="utf-8")
    result = _cli("status", "--config", str(path), "--state", str(tmp_path / "given.sqlite3"))
    assert result.returncode == 2
    assert "spaces, not tabs" in result.stdout and str(tmp_path / "given.sqlite3") in result.stdout
    assert f"no state at {tmp_path / 'given.sqlite3'} yet" in result.stderr
    path.write_text("sources:\n  - id: a\n   name: A\n", encoding="utf-8")
    default = _cli("status", "--config", str(path))
    assert default.returncode == 2 and "indented differently" in default.stdout
    assert f"no state at {tmp_path / 'var' / 'pipeline.sqlite3'} yet" in default.stderr
