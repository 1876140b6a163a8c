"""Published feeds: goldens, validity (feedparser, RFC 4287 schema), determinism, atomic writes."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest

from pipeline.config import parse_config
from pipeline.publish.files import publish_files, write_if_changed
from pipeline.publish.outputs import render_outputs
from tests.test_digest import load_stories

DATA = Path(__file__).parent / "data"
GOLDEN = DATA / "publish"
ATOM_SCHEMA = DATA / "schemas" / "atom.rnc"
CONFIG = parse_config(
    """
publish: {limit: 20, page_size: 8, pages: 2, base_url: "https://news.example.org/pw/"}
sources:
  - {id: icc, name: Intercultural Cities, url: "https://icc.example/news"}
"""
)
GENERATED = datetime(2025, 5, 20, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def outputs() -> dict[str, bytes]:
    return render_outputs(load_stories(), CONFIG, generated=GENERATED)


@pytest.mark.parametrize("name", ["feed.xml", "atom.xml", "feed.json", "areas/integracja.xml"])
def test_feed_goldens(name: str, outputs: dict[str, bytes], request: pytest.FixtureRequest) -> None:
    golden = GOLDEN / (name.replace("/", "-") + ".expected")
    # Feeds carry no "now": dates come from the data, so the goldens need no masking.
    if request.config.getoption("--regen-goldens") or not golden.exists():
        if not request.config.getoption("--regen-goldens"):
            pytest.fail(f"golden {golden} is missing; run pytest --regen-goldens and review it")
        golden.write_bytes(outputs[name])
    assert outputs[name].decode() == golden.read_text(encoding="utf-8")


def test_every_output_exists(outputs: dict[str, bytes]) -> None:
    expected = {"feed.xml", "atom.xml", "feed.json", "index.html", "page-2.html", "embed.html", "digest.css"}
    expected |= {f"areas/{a.slug}.{ext}" for a in CONFIG.areas for ext in ("xml", "html")}
    assert expected <= set(outputs)


@pytest.mark.parametrize(
    "name",
    [
        "feed.xml",
        "atom.xml",
        "areas/edukacja.xml",
        "areas/bezpieczenstwo.xml",
        "areas/integracja.xml",
        "areas/wspolpraca.xml",
    ],
)
def test_feeds_reparse_cleanly(name: str, outputs: dict[str, bytes]) -> None:
    parsed = feedparser.parse(outputs[name])
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version in ("rss20", "atom10")
    for entry in parsed.entries:
        assert entry.id.startswith("urn:") or entry.id
        assert entry.title and entry.link.startswith("http")


def test_rss_items_carry_categories_source_and_image(outputs: dict[str, bytes]) -> None:
    parsed = feedparser.parse(outputs["feed.xml"])
    assert len(parsed.entries) == 20 and parsed.feed.title == "Powiązane wiadomości"
    with_image = [e for e in parsed.entries if e.get("media_content")]
    assert with_image and all(m["url"].startswith("http") for e in with_image for m in e.media_content)
    labelled = [e for e in parsed.entries if e.get("tags")]
    assert {t.term for e in labelled for t in e.tags} <= {a.label for a in CONFIG.areas}
    assert all(e.get("source") for e in parsed.entries)
    dates = [e.published_parsed for e in parsed.entries]
    assert dates == sorted(dates, reverse=True)


def test_atom_is_valid_against_rfc4287_schema(outputs: dict[str, bytes], tmp_path: Path) -> None:
    jing = shutil.which("jing")
    if jing is None:
        if os.environ.get("CI"):
            pytest.fail("jing is missing in CI (tests/browser/setup.sh installs it)")
        pytest.skip("jing not installed (apt-get install jing)")
    files = []
    for name in ("atom.xml",):
        path = tmp_path / name
        path.write_bytes(outputs[name])
        files.append(str(path))
    result = subprocess.run(
        [jing, "-c", str(ATOM_SCHEMA), *files], capture_output=True, text=True, check=False
    )
    errors = [line for line in result.stdout.splitlines() if "error" in line]
    assert result.returncode == 0 and errors == [], result.stdout
    parsed = feedparser.parse(outputs["atom.xml"])
    enclosures = [link for e in parsed.entries for link in e.links if link.rel == "enclosure"]
    assert enclosures and all(link.type.startswith("image/") for link in enclosures)
    assert all(len([link for link in e.links if link.rel == "alternate"]) == 1 for e in parsed.entries)


def test_same_input_gives_identical_bytes(outputs: dict[str, bytes]) -> None:
    later = render_outputs(load_stories(), CONFIG, generated=datetime(2026, 1, 1, tzinfo=UTC))
    assert later == outputs


def test_files_are_written_only_when_changed(tmp_path: Path, outputs: dict[str, bytes]) -> None:
    changed = publish_files(tmp_path, outputs)
    assert sorted(changed) == sorted(outputs)
    stamps = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}
    assert publish_files(tmp_path, outputs) == []
    assert stamps == {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}
    assert write_if_changed(tmp_path / "feed.xml", b"<rss/>") is True
    assert (tmp_path / "feed.xml").read_bytes() == b"<rss/>"
    assert oct((tmp_path / "feed.xml").stat().st_mode & 0o777) == "0o644"


def test_stale_pages_are_removed(tmp_path: Path, outputs: dict[str, bytes]) -> None:
    publish_files(tmp_path, {**outputs, "page-9.html": b"<html></html>"})
    assert (tmp_path / "page-9.html").exists()
    publish_files(tmp_path, outputs, stale=("page-9.html",))
    assert not (tmp_path / "page-9.html").exists()


def test_atom_entries_carry_their_language_and_rss_items_do_not(outputs: dict[str, bytes]) -> None:
    from lxml import etree

    stories = {s.guid: s.representative.language for s in load_stories()}
    atom = etree.fromstring(outputs["atom.xml"])
    entries = atom.findall("{http://www.w3.org/2005/Atom}entry")
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert {e.get(lang) for e in entries} >= {"pl", "en", "uk", "en-GB"}
    for entry in entries:
        assert entry.get(lang) == stories[entry.findtext("{http://www.w3.org/2005/Atom}id")]
    # feedparser reads each entry's language from it.
    parsed = feedparser.parse(outputs["atom.xml"])
    assert [e.title_detail.language for e in parsed.entries][:3] == ["pl", "en", "uk"]
    # RSS 2.0 has only the channel's <language>: nothing per item, nothing non-standard.
    rss = etree.fromstring(outputs["feed.xml"])
    assert rss.findtext("channel/language") == "pl"
    assert not rss.xpath("//item//@*[local-name()='lang']")
    assert not rss.xpath("//item/*[local-name()='language']")


def test_an_entry_whose_language_is_no_tag_gets_no_xml_lang() -> None:
    from dataclasses import replace

    from lxml import etree

    from pipeline.publish.feeds import render_atom

    story = load_stories()[0]
    odd = replace(story, representative=replace(story.representative, language="xx invalid"))
    atom = etree.fromstring(render_atom([odd], site=CONFIG.site))
    (entry,) = atom.findall("{http://www.w3.org/2005/Atom}entry")
    assert entry.get("{http://www.w3.org/XML/1998/namespace}lang") is None
