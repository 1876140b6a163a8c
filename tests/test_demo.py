"""``python -m pipeline demo`` end to end: the README's first command, offline (issue 8).

The demo runs twice as a subprocess on one state, in a temporary working folder (nothing lands in
the repository); the tests then read what it published and what it printed.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import feedparser
import httpx
import pytest

from pipeline.demo import SampleSites, demo_config
from pipeline.records import AREA_SLUGS

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow

# The story the sample WordPress feed republishes word for word from the UMP news list, and the
# expert visit that the ICC newsroom (en) and the WordPress feed (pl) each tell in their language.
REPUBLISHED_TITLE = "Metropolie o edukacji dzieci z doświadczeniem migracji"
CROSS_LANGUAGE_TITLES = (
    "Eksperci programu Intercultural Cities z wizytą we Wrocławiu",
    "Expert visit to Wrocław: intercultural competence for city staff",
)
HOSTILE = ("<script", "onerror", "javascript:")


@dataclass(frozen=True)
class DemoRuns:
    output: Path
    first: subprocess.CompletedProcess[str]
    first_feed: dict[str, Any]
    second: subprocess.CompletedProcess[str]
    second_feed: dict[str, Any]
    second_status: dict[str, Any]


def _demo(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "demo", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> DemoRuns:
    work = tmp_path_factory.mktemp("demo")
    output = work / "out"
    args = ("--output", str(output), "--state", str(work / "demo.sqlite3"))
    first = _demo(work, *args)
    assert first.returncode == 0, first.stderr
    first_feed = _json(output / "feed.json")
    second = _demo(work, *args)
    assert second.returncode == 0, second.stderr
    return DemoRuns(
        output, first, first_feed, second, _json(output / "feed.json"), _json(output / "status.json")
    )


def _items(feed: dict[str, Any]) -> list[dict[str, Any]]:
    return feed["items"]


def test_demo_writes_only_to_the_given_places(runs: DemoRuns) -> None:
    work = runs.output.parent
    allowed = {"out", "demo.sqlite3", "demo.sqlite3.lock", "demo.sqlite3-wal", "demo.sqlite3-shm"}
    assert {p.name for p in work.iterdir()} <= allowed  # no var/, no output/ in the working folder
    assert not list(runs.output.rglob("*.sqlite3*"))  # the state never goes into output/


def test_demo_says_what_it_did_and_which_file_to_open(runs: DemoRuns) -> None:
    out = runs.first.stdout
    index = (runs.output / "index.html").resolve()
    assert f"Open {index}" in out
    assert "python -m pipeline run" in out and "python scheduler.py" in out
    for source in demo_config("http://127.0.0.1:1").sources:
        assert source.id in out  # the per-source summary
    assert "Told by several sources, published once" in out


def test_index_has_cards_from_every_sample_site(runs: DemoRuns) -> None:
    html = (runs.output / "index.html").read_text(encoding="utf-8")
    for source in demo_config("http://127.0.0.1:1").sources:
        assert source.name in html, f"no card from {source.id} on the first digest page"
    assert (runs.output / "page-2.html").exists()  # "Więcej wiadomości" leads somewhere
    status = _json(runs.output / "status.json")
    assert {s["outcome"] for s in status["sources"].values()} <= {"ok", "not_modified"}


def test_story_republished_word_for_word_appears_once_with_both_sources(runs: DemoRuns) -> None:
    matches = [i for i in _items(runs.first_feed) if i["title"] == REPUBLISHED_TITLE]
    assert len(matches) == 1
    assert sorted(matches[0]["_pipeline"]["sources"]) == ["ump-demo", "wielokultury-demo"]
    assert "same canonical link" in runs.first.stdout


def test_cross_language_report_of_the_expert_visit_is_merged(runs: DemoRuns) -> None:
    matches = [i for i in _items(runs.first_feed) if i["title"] in CROSS_LANGUAGE_TITLES]
    assert len(matches) == 1, [i["title"] for i in matches]
    assert sorted(matches[0]["_pipeline"]["sources"]) == ["icc-demo", "wielokultury-demo"]


def test_every_area_and_language_is_represented(runs: DemoRuns) -> None:
    for slug in AREA_SLUGS:
        assert (runs.output / "areas" / f"{slug}.xml").exists()
    used = {slug for item in _items(runs.first_feed) for slug in item["_pipeline"]["areas"]}
    assert used == set(AREA_SLUGS)
    languages = {item["_pipeline"]["language"] for item in _items(runs.first_feed)}
    assert {"pl", "en", "uk"} <= languages


def test_polish_from_the_cp1250_feed_is_intact(runs: DemoRuns) -> None:
    titles = {i["title"] for i in _items(runs.first_feed) if i["_pipeline"]["source"] == "cic-demo"}
    assert "Żółta ławka przyjaźni: sąsiedzki piknik dla mieszkańców Ołbina" in titles
    assert "Ćwiczenia sztabu kryzysowego: przyjęcie uchodźców w razie nagłej ewakuacji" in titles


def test_feeds_parse_cleanly(runs: DemoRuns) -> None:
    for path in [
        runs.output / "feed.xml",
        runs.output / "atom.xml",
        *sorted(runs.output.glob("areas/*.xml")),
    ]:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (path.name, parsed.get("bozo_exception"))
    assert len(feedparser.parse((runs.output / "feed.xml").read_bytes()).entries) == len(
        _items(runs.first_feed)
    )


def test_no_script_survives_into_any_output(runs: DemoRuns) -> None:
    for path in runs.output.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace").lower()
            for marker in HOSTILE:
                assert marker not in text, f"{marker} in {path.name}"
    titles = [i["title"] for i in _items(runs.first_feed)]
    # The hostile title still reads as a title once its script is gone.
    assert "Bezpieczni w sieci: warsztaty o dezinformacji dla młodzieży" in titles


def test_second_run_on_the_same_state_finds_nothing_new_and_keeps_guids(runs: DemoRuns) -> None:
    assert all(s["items_new"] == 0 for s in runs.second_status["sources"].values())
    assert "No new items" in runs.second.stdout
    assert [i["id"] for i in _items(runs.second_feed)] == [i["id"] for i in _items(runs.first_feed)]


def test_demo_refuses_a_state_filled_by_other_sources(runs: DemoRuns, tmp_path: Path) -> None:
    state = tmp_path / "pipeline.sqlite3"
    demo_state = runs.output.parent / "demo.sqlite3"
    with closing(sqlite3.connect(demo_state)) as source, closing(sqlite3.connect(state)) as copy:
        source.backup(copy)
        with copy:
            copy.execute("DELETE FROM meta WHERE key = 'demo_base_url'")  # as if `run` had filled it
    result = _demo(tmp_path, "--output", str(tmp_path / "out"), "--state", str(state))
    assert result.returncode == 2
    assert "no demo collected" in result.stderr
    assert not (tmp_path / "out").exists()


def test_sample_sites_answer_like_the_real_ones() -> None:
    with SampleSites() as sites, httpx.Client(base_url=sites.base_url) as client:
        cp1250 = client.get("/cic/rss.xml")
        assert cp1250.headers["content-type"] == "text/xml"  # no charset: the XML prolog must win
        assert b'encoding="windows-1250"' in cp1250.content
        assert "Żółta ławka".encode("cp1250") in cp1250.content
        assert sites.base_url.encode() in cp1250.content and b"{{BASE_URL}}" not in cp1250.content
        again = client.get("/cic/rss.xml", headers={"If-None-Match": cp1250.headers["etag"]})
        assert again.status_code == 304 and again.content == b""
        assert client.get("/robots.txt").text.endswith("Allow: /\n")
        assert client.get("/images/wroclaw-expert-visit.png").headers["content-type"] == "image/png"
        assert client.get("/images/../sources.yaml").status_code == 404
        assert client.get("/artykul/anything").status_code == 200  # a stand-in for item pages


def test_the_demo_announces_upcoming_events_in_a_calendar_that_parses(runs: DemoRuns) -> None:
    """Issue 18 end to end: the sample sites' invitations (dated relative to today) reach
    events.ics — read back by icalendar and by the independent ics parser — the first page and
    events.html; a past event is in feed.json but never in the calendar."""
    import icalendar
    import ics

    raw = (runs.output / "events.ics").read_text(encoding="utf-8")
    summaries = sorted(str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(raw).walk("VEVENT"))
    assert summaries == [
        "Study visit to Lublin: registrations open",
        "Wspólnie o międzykulturowości #7 – Wiedza – zapraszamy na spotkanie",
    ]
    assert sorted(e.name for e in ics.Calendar(raw).events) == summaries
    index = (runs.output / "index.html").read_text(encoding="utf-8")
    assert "Nadchodzące wydarzenia" in index and "17:00" in index
    assert "Study visit to Lublin" in (runs.output / "events.html").read_text(encoding="utf-8")
    # The expert visit of September 2025 is an event of feed.json, past: never in the calendar.
    events = {i["title"]: i["_pipeline"].get("event") for i in _items(runs.first_feed)}
    past = events["Eksperci programu Intercultural Cities z wizytą we Wrocławiu"]
    assert past is not None and past["start"] == "2025-09-17" and past["end"] == "2025-09-18"
