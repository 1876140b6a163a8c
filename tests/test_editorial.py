"""Editorial control (issue 15): editorial.yaml read with located errors, and hide / pin / split /
never-merge, a later exclude, a disabled or removed source applied to stored items at publish —
end to end through real cycles (a local HTTP server, a SQLite file, the written outputs)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from pipeline.config import load_config
from pipeline.editorial import link_variants, parse_editorial
from pipeline.errors import ConfigError
from pipeline.runner import Runner
from tests.server import Page

# --- reading editorial.yaml -----------------------------------------------------------------------

VALID = """\
hide:
  - url: https://metropolie.pl/artykul/transport
    reason: off-topic
  - url: https://example.org/a
    story: true
  - https://example.org/plain
pin:
  - url: https://wielokultury.wroclaw.pl/nabor/
    until: 2026-12-31
split:
  - url: https://example.org/b
never_merge:
  - [https://example.org/c, https://example.com/d]
"""


def test_a_valid_editorial_file_is_read_whole() -> None:
    editorial = parse_editorial(VALID)
    assert [(h.url, h.whole_story, h.reason) for h in editorial.hide] == [
        ("https://metropolie.pl/artykul/transport", False, "off-topic"),
        ("https://example.org/a", True, ""),
        ("https://example.org/plain", False, ""),
    ]
    assert editorial.pin[0].until is not None and editorial.pin[0].until.isoformat() == "2026-12-31"
    assert [s.url for s in editorial.split] == ["https://example.org/b"]
    assert editorial.never_merge[0].urls == ("https://example.org/c", "https://example.com/d")
    assert parse_editorial("").empty


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("hide:\n  - url: metropolie.pl/x\n", 2, "http(s) URL"),
        ("hidden:\n  - url: https://a.example/x\n", 1, "unknown section"),
        ("pin:\n  - url: https://a.example/x\n    until: next week\n", 2, "must be a date"),
        ("never_merge:\n  - [https://a.example/x]\n", 2, "two or more"),
        ("hide:\n  - url: https://a.example/x\n    story: yes please\n", 2, "true or false"),
        ("split:\n  - url: https://a.example/x\n    reason: wrong merge\n    color: red\n", 2, "unknown key"),
        ("hide: https://a.example/x\n", 1, "must be a list"),
        ("hide:\n  - url: https://a.example/x\n hide: 2\n", 3, ""),
    ],
)
def test_each_mistake_is_located(text: str, line: int, words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_editorial(text, name="editorial.yaml")
    problem = caught.value.problems[0]
    assert problem.line == line, str(caught.value)
    assert words in str(caught.value)


def test_link_variants_cover_scheme_www_and_slash() -> None:
    variants = link_variants(["https://www.example.org/news/a"])
    assert {
        "http://example.org/news/a",
        "https://example.org/news/a/",
        "https://www.example.org/news/a",
    } <= set(variants)


# --- end to end ------------------------------------------------------------------------------------


def _rss(channel: str, items: list[tuple[str, str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
        f"<description>{title}. Więcej informacji na stronie.</description><pubDate>{date}</pubDate></item>"
        for title, link, date in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{channel}</title>'
        f"<link>https://{channel}.example/</link><description>d</description>{entries}</channel></rss>"
    ).encode()


OFF_TOPIC = "Zarząd UMP o finansowaniu transportu zbiorowego"
UMP_ITEMS = [
    (OFF_TOPIC, "https://metropolie.example/transport", "Mon, 19 May 2025 10:00:00 +0200"),
    (
        "Raport UMP o uchodźcach z Ukrainy w polskich miastach",
        "https://metropolie.example/raport",
        "Fri, 16 May 2025 10:00:00 +0200",
    ),
    (
        "Spotkanie Zespołu ds. Migracji i Integracji UMP",
        "https://metropolie.example/zespol",
        "Thu, 01 May 2025 10:00:00 +0200",
    ),
]
# The city republishes UMP's report under UMP's own link: one story of two sources ("same link").
CITY_ITEMS = [
    (
        "Raport UMP o uchodźcach z Ukrainy w polskich miastach",
        "https://metropolie.example/raport",
        "Fri, 16 May 2025 12:00:00 +0200",
    ),
    (
        "Kurs języka polskiego dla cudzoziemców we Wrocławiu",
        "https://wroclaw.example/kurs",
        "Sat, 17 May 2025 09:00:00 +0200",
    ),
]


def _write_config(tmp_path: Path, server, ump_extra: str = "", city_extra: str = "") -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(
        f"""\
contact: https://example.org/contact
sources:
  - id: ump
    name: Unia Metropolii Polskich
    url: {server.url("/ump.xml")}
{ump_extra}  - id: city
    name: Wrocław
    url: {server.url("/city.xml")}
    priority: 5
{city_extra}""",
        encoding="utf-8",
    )
    return path


class _Cycle:
    def __init__(self, tmp_path: Path, server) -> None:
        self.tmp_path, self.server = tmp_path, server
        self.now = datetime(2025, 5, 20, 10, 0, tzinfo=UTC)
        server.routes["/ump.xml"] = Page(_rss("ump", UMP_ITEMS), etag='"ump-1"')
        server.routes["/city.xml"] = Page(_rss("city", CITY_ITEMS), etag='"city-1"')
        _write_config(tmp_path, server)

    def run(self):  # type: ignore[no-untyped-def]
        self.now += timedelta(hours=2)
        config = load_config(self.tmp_path / "sources.yaml")
        return Runner(config, output_dir=self.tmp_path / "output", clock=lambda: self.now).run_cycle(
            force=True
        )

    def editorial(self, text: str) -> None:
        (self.tmp_path / "editorial.yaml").write_text(text, encoding="utf-8")

    def cards(self) -> list[list[str]]:
        """feed.json's stories in order: the titles... as (title, sources)."""
        feed = json.loads((self.tmp_path / "output" / "feed.json").read_text(encoding="utf-8"))
        return [[item["title"], *item["_pipeline"]["sources"]] for item in feed["items"]]

    def everywhere(self, title: str) -> dict[str, bool]:
        """Whether ``title`` is in each output that lists stories."""
        output = self.tmp_path / "output"
        found = {}
        for path in [*output.glob("*.xml"), *output.glob("areas/*.xml")]:
            found[path.relative_to(output).as_posix()] = any(
                e.title == title for e in feedparser.parse(path.read_bytes()).entries
            )
        for path in [*output.glob("*.html"), *output.glob("areas/*.html")]:
            # As a reader sees it: the typography's no-break spaces are spaces.
            text = " ".join(
                BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text(" ").split()
            )
            found[path.relative_to(output).as_posix()] = title in text
        found["feed.json"] = any(card[0] == title for card in self.cards())
        return found


@pytest.fixture
def cycle(tmp_path: Path, server) -> _Cycle:
    return _Cycle(tmp_path, server)


def test_an_exclude_written_later_takes_a_stored_item_off_every_output(cycle: _Cycle) -> None:
    cycle.run()
    assert cycle.everywhere(OFF_TOPIC)["feed.json"] and cycle.everywhere(OFF_TOPIC)["index.html"]
    _write_config(cycle.tmp_path, cycle.server, ump_extra="    exclude: [transportu zbiorowego]\n")
    report = cycle.run()
    assert {r.source_id: r.outcome for r in report.sources} == {"ump": "not_modified", "city": "not_modified"}
    shown = cycle.everywhere(OFF_TOPIC)
    assert not any(shown.values()), shown
    assert "1 stored item left out by their source's include/exclude filters" in report.publish_notes
    status = json.loads((cycle.tmp_path / "output" / "status.json").read_text(encoding="utf-8"))
    assert status["publish_notes"] == list(report.publish_notes)
    assert "Raport UMP o uchodźcach z Ukrainy w polskich miastach" in [c[0] for c in cycle.cards()]


@pytest.mark.parametrize("how", ["disabled", "removed"])
def test_a_disabled_or_removed_source_is_no_longer_published(cycle: _Cycle, how: str) -> None:
    cycle.run()
    if how == "disabled":
        _write_config(cycle.tmp_path, cycle.server, city_extra="    enabled: false\n")
    else:
        text = (cycle.tmp_path / "sources.yaml").read_text(encoding="utf-8")
        (cycle.tmp_path / "sources.yaml").write_text(text.split("  - id: city")[0], encoding="utf-8")
    report = cycle.run()
    cards = cycle.cards()
    assert "Kurs języka polskiego dla cudzoziemców we Wrocławiu" not in [c[0] for c in cards]
    # The story both told stays, now told by UMP alone.
    assert ["Raport UMP o uchodźcach z Ukrainy w polskich miastach", "ump"] in cards
    word = "disabled sources" if how == "disabled" else "sources no longer in sources.yaml"
    assert any(word in note for note in report.publish_notes), report.publish_notes


def test_hide_pin_and_split_hold_through_the_next_fetches(cycle: _Cycle) -> None:
    cycle.run()
    cards = cycle.cards()
    assert ["Raport UMP o uchodźcach z Ukrainy w polskich miastach", "city", "ump"] in cards  # merged
    cycle.editorial(
        """\
hide:
  - url: https://metropolie.example/transport
    reason: off-topic
pin:
  - url: https://metropolie.example/zespol
split:
  - url: http://www.metropolie.example/raport/
"""
    )
    # The sources change meanwhile: the UMP feed is updated (new ETag, an edited summary), the
    # city answers 304. Decisions hold either way.
    cycle.server.routes["/ump.xml"] = Page(
        _rss("ump", UMP_ITEMS).replace(b"Wi\xc4\x99cej", b"Zobacz"), etag='"ump-2"'
    )
    for _ in range(2):
        report = cycle.run()
        cards = cycle.cards()
        assert cards[0] == ["Spotkanie Zespołu ds. Migracji i Integracji UMP", "ump"]  # pinned, though oldest
        assert not any(cycle.everywhere(OFF_TOPIC).values())
        # The wrong merge is split: the link names both sources' items, the first keeps the story.
        raport = [c for c in cards if c[0] == "Raport UMP o uchodźcach z Ukrainy w polskich miastach"]
        assert sorted(map(tuple, raport)) == [(raport[0][0], "city"), (raport[0][0], "ump")]
        assert "1 stored item hidden by editorial.yaml" in report.publish_notes
        assert "1 pinned story first" in report.publish_notes
    index = (cycle.tmp_path / "output" / "index.html").read_text(encoding="utf-8")
    assert index.index("Spotkanie Zespołu ds. Migracji") < index.index("Kurs języka polskiego")


def test_never_merge_and_a_broken_edit_keeps_the_last_valid_decisions(cycle: _Cycle) -> None:
    cycle.editorial(
        "never_merge:\n  - [https://metropolie.example/raport, https://metropolie.example/raport]\n"
        "hide:\n  - url: https://metropolie.example/transport\n"
    )
    cycle.run()
    assert not cycle.everywhere(OFF_TOPIC)["feed.json"]
    raport = [c for c in cycle.cards() if c[0] == "Raport UMP o uchodźcach z Ukrainy w polskich miastach"]
    assert len(raport) == 2  # the two sources' items under one link, never one story
    cycle.editorial("hide:\n  - url: https://metropolie.example/transport\n   reason: bad indent\n")
    report = cycle.run()
    assert not cycle.everywhere(OFF_TOPIC)["feed.json"]  # still hidden: the last valid file holds
    assert any("publishing with the last valid editorial.yaml" in note for note in report.publish_notes)
    cycle.editorial("hide:\n  - url: https://metropolie.example/nothing-here\n")
    report = cycle.run()
    assert cycle.everywhere(OFF_TOPIC)["feed.json"]  # un-hidden on purpose
    assert (
        "editorial.yaml names https://metropolie.example/nothing-here, which matches no stored item"
        in report.publish_notes
    )


def test_an_undated_item_never_goes_above_dated_news_of_its_week(cycle: _Cycle) -> None:
    undated = "<item><title>Nabór do programu mentorskiego dla migrantek</title><link>https://wroclaw.example/mentoring</link></item>"
    cycle.server.routes["/city.xml"] = Page(
        _rss("city", CITY_ITEMS).replace(b"</channel>", undated.encode() + b"</channel>"), etag='"city-2"'
    )
    cycle.run()
    titles = [c[0] for c in cycle.cards()]
    # First seen on Tuesday 20 May: below Monday's dated news of that week, above the week before.
    assert titles.index(OFF_TOPIC) < titles.index("Nabór do programu mentorskiego dla migrantek")
    assert titles.index("Nabór do programu mentorskiego dla migrantek") < titles.index(
        "Kurs języka polskiego dla cudzoziemców we Wrocławiu"
    )


def test_preview_names_every_item_left_out_and_the_editors_decisions(cycle: _Cycle) -> None:
    import subprocess
    import sys

    repeated = [*UMP_ITEMS, UMP_ITEMS[1]]
    cycle.server.routes["/ump.xml"] = Page(_rss("ump", repeated), etag='"ump-3"')
    _write_config(cycle.tmp_path, cycle.server, ump_extra="    exclude: [transportu zbiorowego]\n")
    cycle.editorial("hide:\n  - url: https://metropolie.example/zespol\n    reason: old news\n")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline",
            "preview",
            "ump",
            "--config",
            str(cycle.tmp_path / "sources.yaml"),
        ],
        capture_output=True,
        text=True,
        cwd=cycle.tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "1 item would be published (1 hidden by editorial.yaml)" in out
    assert f"  - {OFF_TOPIC} — the source's filters — exclude: contains 'transportu zbiorowego'" in out
    assert (
        "  - Raport UMP o uchodźcach z Ukrainy w polskich miastach — repeats item 2 of the response (the same guid)"
        in out
    )
    assert "editorial: hidden — old news (editorial.yaml:2)" in out


def _cli(cycle: _Cycle, *args: str):  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    config = str(cycle.tmp_path / "sources.yaml")
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args, "--config", config],
        capture_output=True,
        text=True,
        cwd=cycle.tmp_path,
        check=False,
    )


def test_check_validates_editorial_yaml_and_run_and_status_say_what_was_left_out(cycle: _Cycle) -> None:
    cycle.editorial("hide:\n  - url: https://metropolie.example/transport\npin:\n  - url: not a link\n")
    checked = _cli(cycle, "check")
    assert checked.returncode == 2
    assert "editorial.yaml has 1 problem" in checked.stderr and "editorial.yaml:4" in checked.stderr
    cycle.editorial("hide:\n  - url: https://metropolie.example/transport\n")
    checked = _cli(cycle, "check")
    assert checked.returncode == 0, checked.stderr
    assert "editorial.yaml: OK — 1 hidden, 0 pinned, 0 split, 0 never-merge" in checked.stdout
    ran = _cli(cycle, "run", "--output", str(cycle.tmp_path / "output"))
    assert ran.returncode == 0, ran.stderr
    assert "published: 1 stored item hidden by editorial.yaml" in ran.stdout
    status = _cli(cycle, "status")
    assert "last publish: 1 stored item hidden by editorial.yaml" in status.stdout, (
        status.stdout + status.stderr
    )
