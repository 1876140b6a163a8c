"""sources.yaml validation: located errors, all at once, defaults in one place."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.config import load_config, parse_config, parse_interval
from pipeline.errors import ConfigError

GOOD = """\
site:
  title: Test
publish:
  limit: 20
contact: https://example.org/contact
areas:
  edukacja:
    keywords:
      pl: [hackathon]
sources:
  - id: icc-newsroom
    name: Intercultural Cities
    url: https://www.coe.int/en/web/interculturalcities/newsroom
    kind: html
    language: en
    every: 6h
    areas: [wspolpraca]
    priority: 2
    selectors:
      item: div.card
      title: h3
      date: .date
  - id: feed-one
    name: Feed one
    url: https://example.org/feed/
"""


def _problems(text: str) -> list:
    with pytest.raises(ConfigError) as info:
        parse_config(text, name="sources.yaml")
    return list(info.value.problems)


def test_valid_config_gets_defaults_and_records(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(GOOD, encoding="utf-8")
    config = load_config(path)
    assert config.site.title == "Test" and config.site.language == "pl"
    assert config.publish.limit == 20 and config.publish.page_size == 10
    assert config.state_path == str(tmp_path / "var/pipeline.sqlite3")  # relative to the config's folder
    icc, feed = config.sources
    assert icc.every_s == 6 * 3600 and icc.kind == "html" and icc.selectors and icc.selectors.date == ".date"
    assert feed.every_s == 3600 and feed.kind is None and feed.language == "auto" and feed.enabled
    assert [a.slug for a in config.areas] == ["edukacja", "integracja", "bezpieczenstwo", "wspolpraca"]
    assert config.areas[0].keywords == (("pl", ("hackathon",)),)
    assert config.area_label("wspolpraca") == "Współpraca i komunikacja"


def test_three_mistakes_give_three_located_errors() -> None:
    text = (
        GOOD.replace("    every: 6h", "    every: 6 hours")
        .replace("    priority: 2", "    priorty: 2")
        .replace("url: https://example.org/feed/", "url: example.org/feed/")
    )
    problems = _problems(text)
    assert len(problems) == 3, problems
    by_field = {p.field: p for p in problems}
    assert by_field["every"].line == 16 and by_field["every"].source_id == "icc-newsroom"
    assert "30m, 2h or 1d" in by_field["every"].message
    assert by_field["priorty"].line == 18 and "unknown key 'priorty'" in by_field["priorty"].message
    assert "priority" in by_field["priorty"].message  # says what would be right
    assert by_field["url"].line == 25 and by_field["url"].source_id == "feed-one"
    assert all(str(p).startswith("sources.yaml:") for p in problems)


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (("id: feed-one", "id: icc-newsroom"), "id", "duplicate id"),
        (("id: feed-one", "id: Feed_One"), "id", "lower-case"),
        (("item: div.card", "item: 'div[['"), "selectors.item", "not a valid CSS selector"),
        (("areas: [wspolpraca]", "areas: [sport]"), "areas", "unknown area 'sport'"),
        (("kind: html", "kind: xml"), "kind", "feed"),
        (("language: en", "language: English"), "language", "language code"),
        (("every: 6h", "every: 10s"), "every", "minimum"),
        (("priority: 2", "priority: high"), "priority", "whole number"),
        (("  limit: 20", "  limit: 0"), "publish.limit", "greater than"),
        (("title: Test", "titel: Test"), "site.titel", "unknown key"),
    ],
)
def test_each_mistake_is_named(change: tuple[str, str], field: str, words: str) -> None:
    problems = _problems(GOOD.replace(*change))
    assert any(p.field == field and words in p.message for p in problems), problems


def test_html_source_without_selectors_finds_its_cards_automatically() -> None:
    """Issue 16: no `selectors:` (or `selectors: auto`) is valid; a misspelt `auto` is not."""
    block = "    selectors:\n      item: div.card\n      title: h3\n      date: .date\n"
    for replacement in ("", "    selectors: auto\n"):
        config = parse_config(GOOD.replace(block, replacement))
        assert config.sources[0].kind == "html" and config.sources[0].selectors is None
    problems = _problems(GOOD.replace(block, "    selectors: automatic\n"))
    assert [p.field for p in problems] == ["selectors"] and "write `auto`" in problems[0].message


def test_selectors_need_item_and_title() -> None:
    problems = _problems(GOOD.replace("      title: h3\n", ""))
    assert any(p.field == "selectors.title" and "required" in p.message for p in problems)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "empty"),
        ("sources:\n\t- id: x\n", "tabs"),
        ("sources: []\nsources: []\n", "duplicate key"),
        ("- just a list\n", "mapping"),
        ("site: {title: [unclosed\n", "yaml"),
    ],
)
def test_broken_yaml_is_located(text: str, words: str) -> None:
    problems = _problems(text)
    assert words in str(problems[0]), problems


def test_wrong_encoding_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_bytes("sources:\n  - id: zażółć\n".encode("cp1250"))
    with pytest.raises(ConfigError, match="UTF-8"):
        load_config(path)
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "missing.yaml")


@pytest.mark.parametrize(
    ("value", "seconds"), [("30m", 1800), ("2h", 7200), ("1d", 86400), (" 90 s ", 90), (3600, 3600)]
)
def test_intervals(value: str | int, seconds: int) -> None:
    assert parse_interval(value) == seconds


def test_short_intervals_only_for_local_sources() -> None:
    local = GOOD.replace("every: 6h", "every: 5s").replace(
        "https://www.coe.int/en/web/interculturalcities/newsroom", "http://127.0.0.1:8080/news"
    )
    assert parse_config(local).sources[0].every_s == 5


@pytest.mark.parametrize("value", ["1 hour", "h", "-5m", "30", "0m", True])
def test_bad_intervals(value: str) -> None:
    with pytest.raises(ValueError):
        parse_interval(value)


def test_check_command_exit_codes(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(GOOD, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.replace("every: 6h", "every: often"), encoding="utf-8")
    ok = subprocess.run(
        [sys.executable, "-m", "pipeline", "check", "--config", str(good)], capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr
    failed = subprocess.run(
        [sys.executable, "-m", "pipeline", "check", "--config", str(bad)], capture_output=True, text=True
    )
    assert failed.returncode == 2
    assert f"{bad}:16: source 'icc-newsroom' every:" in failed.stderr


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"sources:\n\t- id: x\n", "tabs"),
        (b"sources: []\nsources: []\n", "duplicate key"),
        (b"sources:\n  - id: a\n    name: A\n    url: URL\n    enabled: 3\n", "enabled"),
        ("sources:\n  - id: zażółć\n".encode("cp1250"), "UTF-8"),
        (b"", "empty"),
        (None, "not found"),
    ],
)
def test_bad_config_fetches_nothing_publishes_nothing_and_leaves_state(
    content: bytes | None, words: str, tmp_path: Path, server
) -> None:
    from tests.server import Page

    server.routes["/feed"] = Page(b"<rss/>")
    config = tmp_path / "sources.yaml"
    if content is not None:
        config.write_bytes(content.replace(b"URL", server.url("/feed").encode()))
    state = tmp_path / "var" / "pipeline.sqlite3"
    state.parent.mkdir()
    state.write_bytes(b"previous state")  # whatever is there must stay as it is
    output = tmp_path / "output"
    for command in (["run", "--force"], ["check"]):
        result = subprocess.run(
            [sys.executable, "-m", "pipeline", *command, "--config", str(config)]
            + (["--output", str(output)] if command[0] == "run" else []),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 2, result.stderr
        assert words in result.stderr and str(config) in result.stderr
    assert server.requests == [] and not output.exists()
    assert state.read_bytes() == b"previous state"


def _check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "check", "--config", str(path)], capture_output=True, text=True
    )


def test_check_warns_when_base_url_is_unset_and_says_what_to_set(tmp_path: Path) -> None:
    """Issue 15: without base_url the embed links its CSS and next page relatively: a warning, exit 0."""
    path = tmp_path / "sources.yaml"
    path.write_text(GOOD, encoding="utf-8")
    result = _check(path)
    assert result.returncode == 0, result.stderr
    warning = next(line for line in result.stderr.splitlines() if "publish.base_url" in line)
    assert warning.startswith(f"warning: {path}: publish.base_url is not set")
    assert "digest.css" in warning and "Więcej wiadomości" in warning and "self link" in warning
    assert "base_url: https://www.wroclaw.pl/powiazane-wiadomosci/" in warning
    path.write_text(GOOD.replace("  limit: 20\n", "  limit: 20\n  base_url: https://news.example/pw/\n"))
    quiet = _check(path)
    assert quiet.returncode == 0 and "base_url" not in quiet.stderr
    assert "publish.base_url: https://news.example/pw/" in quiet.stdout


@pytest.mark.parametrize(
    ("value", "used", "warns"),
    [
        ("https://news.example/pw", "https://news.example/pw/", False),  # a folder: the "/" is added
        ("https://news.example/pw/", "https://news.example/pw/", False),
        ("http://news.example/", "http://news.example/", True),  # mixed content on an https page
    ],
)
def test_base_url_is_used_as_a_folder(value: str, used: str, warns: bool, tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(GOOD.replace("  limit: 20\n", f"  limit: 20\n  base_url: {value}\n"))
    assert load_config(path).publish.base_url == used
    result = _check(path)
    assert result.returncode == 0 and f"publish.base_url: {used}" in result.stdout
    assert ("mixed content" in result.stderr) is warns


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("news.example/pw/", "absolute http(s) URL"),
        ("ftp://news.example/pw/", "absolute http(s) URL"),
        ("https://news.example/pw/?page=1", "'?' or '#'"),
        ("https://news.example/pw/#top", "'?' or '#'"),
    ],
)
def test_a_base_url_that_cannot_be_a_folder_is_an_error(value: str, words: str) -> None:
    problems = _problems(GOOD.replace("  limit: 20\n", f"  limit: 20\n  base_url: '{value}'\n"))
    assert [(p.field, p.line) for p in problems] == [("publish.base_url", 5)]
    assert words in problems[0].message


def test_defaults_are_the_records_own() -> None:
    """Issue 17: a source or a config that leaves a setting out gets the default written once, on
    the record (``Source``, ``Config``), not a second copy in the schema."""
    from pipeline.records import Config, PublishSettings, Site, Source

    config = parse_config("sources:\n  - id: a\n    name: A\n    url: https://a.example.org/\n")
    assert config.sources[0] == Source(id="a", name="A", url="https://a.example.org/")
    assert config.site == Site() and config.publish == PublishSettings()
    defaults = Config("", Site(), PublishSettings(), "", None, "", (), ())
    assert config.cycle_deadline_s == defaults.cycle_deadline_s


def test_the_schema_and_the_source_record_name_the_same_fields() -> None:
    """Issue 17: records are derived from the schema by field name, so a field added to one and
    not the other would be dropped silently; only ``every`` (text) and ``every_s`` differ."""
    import dataclasses

    from pipeline.config_schema import _SelectorsModel, _SourceModel
    from pipeline.records import Selectors, Source

    schema = set(_SourceModel.model_fields)
    record = {f.name for f in dataclasses.fields(Source)}
    assert schema - record == {"every"} and record - schema == {"every_s"}
    assert set(_SelectorsModel.model_fields) == {f.name for f in dataclasses.fields(Selectors)}
