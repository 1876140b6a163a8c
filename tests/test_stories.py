"""Stories across sources end to end (issue 5): one item per story in every output, every source
named, guids stable across cycles and across sources joining later."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser

from pipeline.config import parse_config
from pipeline.runner import Runner
from tests.server import Page

TITLE_PL = "Szkolenie antyplotkowe dla urzędników we Wrocławiu"


def _rss(title: str, link: str, guid: str, date: str, summary: str, extra: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>x</title>'
        f"<link>http://x.invalid/</link><description>d</description><item><title>{title}</title>"
        f"<link>{link}</link><guid>{guid}</guid><pubDate>{date}</pubDate><description>{summary}</description>"
        f"</item>{extra}</channel></rss>"
    ).encode()


SUMMARY = "Trzydziestu urzędników miejskich ukończyło szkolenie antyplotkowe programu Miasta Międzykulturowe."
LINK = "https://www.wroclaw.pl/dialog/szkolenie-antyplotkowe"


def test_three_sources_one_story_everywhere(tmp_path: Path, server) -> None:
    server.routes["/city"] = Page(_rss(TITLE_PL, LINK, "city-1", "Tue, 13 May 2025 10:00:00 +0200", SUMMARY))
    server.routes["/portal"] = Page(
        _rss(
            TITLE_PL + " (relacja)",
            LINK + "/?utm_source=portal&utm_medium=rss#top",
            "portal-77",
            "Tue, 13 May 2025 12:00:00 +0200",
            SUMMARY,
        )
    )
    listing = (
        f'<html lang="pl"><body><div class="n"><h3><a href="{LINK.replace("https://www.", "http://")}">'
        f'{TITLE_PL}</a></h3><p>{SUMMARY}</p><time datetime="2025-05-13">13.05.2025</time></div>'
        "</body></html>"
    ).encode()
    server.routes["/ngo"] = Page(listing, content_type="text/html; charset=utf-8")
    config = parse_config(
        f"""
sources:
  - id: ngo
    name: Fundacja NGO
    url: {server.url("/ngo")}
    kind: html
    selectors: {{item: div.n, title: h3, summary: p, date: time}}
  - id: portal
    name: Portal miejski
    url: {server.url("/portal")}
  - id: city
    name: Urząd Miejski Wrocławia
    url: {server.url("/city")}
    priority: 10
""",
        base_dir=tmp_path,
    )
    output = tmp_path / "output"
    clock = [datetime(2025, 5, 20, 10, 0, tzinfo=UTC)]
    runner = Runner(config, output_dir=output, clock=lambda: clock[0])
    runner.run_cycle()

    feed = json.loads((output / "feed.json").read_text())
    assert len(feed["items"]) == 1
    story = feed["items"][0]
    assert story["title"] == TITLE_PL and story["url"] == LINK  # the city's (highest priority) item
    assert story["_pipeline"]["source"] == "city"
    assert sorted(story["_pipeline"]["sources"]) == ["city", "ngo", "portal"]
    guid = story["id"]

    rss = feedparser.parse((output / "feed.xml").read_bytes())
    atom = feedparser.parse((output / "atom.xml").read_bytes())
    assert [e.id for e in rss.entries] == [guid] and [e.id for e in atom.entries] == [guid]
    for name in ("Urząd Miejski Wrocławia", "Portal miejski", "Fundacja NGO"):
        assert name in rss.entries[0].author
    for page in ("index.html", "embed.html", "areas/edukacja.html"):
        text = (output / page).read_text()
        assert text.count(TITLE_PL) >= 1 and text.count("pw-card__title") == 1, page
        for name in ("Urząd Miejski Wrocławia", "Portal miejski", "Fundacja NGO"):
            assert name in text, (page, name)
    edukacja = feedparser.parse((output / "areas" / "edukacja.xml").read_bytes())
    assert [e.id for e in edukacja.entries] == [guid]

    # later cycles, edits of the items, a fourth source joining: the guid never changes
    clock[0] += timedelta(hours=3)
    server.routes["/city"] = Page(
        _rss(
            TITLE_PL + " — aktualizacja",
            LINK,
            "city-1",
            "Tue, 13 May 2025 10:00:00 +0200",
            SUMMARY + " Zdjęcia w galerii.",
        )
    )
    runner.run_cycle(force=True)
    again = json.loads((output / "feed.json").read_text())
    assert [i["id"] for i in again["items"]] == [guid]
    assert again["items"][0]["title"] == TITLE_PL + " — aktualizacja"


def test_representative_prefers_priority_then_the_earliest(tmp_path: Path, server) -> None:
    server.routes["/a"] = Page(_rss("Story from A", LINK, "a-1", "Tue, 13 May 2025 10:00:00 +0200", SUMMARY))
    config_text = f"""
sources:
  - id: a
    name: A
    url: {server.url("/a")}
  - id: b
    name: B
    url: {server.url("/b")}
"""
    output = tmp_path / "output"
    clock = [datetime(2025, 5, 20, 10, 0, tzinfo=UTC)]
    runner = Runner(parse_config(config_text, base_dir=tmp_path), output_dir=output, clock=lambda: clock[0])
    server.routes["/b"] = Page(b"", status=503)
    runner.run_cycle()
    first = json.loads((output / "feed.json").read_text())["items"][0]
    server.routes["/b"] = Page(
        _rss("Story from B", LINK + "?fbclid=abc", "b-1", "Tue, 13 May 2025 11:00:00 +0200", SUMMARY)
    )
    clock[0] += timedelta(days=1)
    runner.run_cycle(force=True)
    joined = json.loads((output / "feed.json").read_text())["items"]
    assert len(joined) == 1 and joined[0]["id"] == first["id"]
    assert joined[0]["title"] == "Story from A"  # same priority: the earliest seen represents
    assert joined[0]["_pipeline"]["sources"] == ["a", "b"]
    # raising B's priority hands it the card, keeping the guid
    runner.reconfigure(parse_config(config_text + "    priority: 5\n", base_dir=tmp_path))
    clock[0] += timedelta(days=1)
    server.routes["/b"] = Page(
        _rss("Story from B, edited", LINK + "?fbclid=abc", "b-1", "Tue, 13 May 2025 11:00:00 +0200", SUMMARY)
    )
    runner.run_cycle(force=True)
    final = json.loads((output / "feed.json").read_text())["items"]
    assert [i["id"] for i in final] == [first["id"]]
    assert final[0]["title"] == "Story from B, edited" and final[0]["_pipeline"]["source"] == "b"


def test_an_item_that_is_the_same_story_as_two_stored_ones_makes_them_one(tmp_path: Path) -> None:
    """A site's two entries on one meeting are two stories until another site's report matches
    both (the same text as one, a passage of the other): then one story, whichever site was read
    first: the result must not depend on the order sources are read in."""
    from pipeline.analyse import Analyser
    from pipeline.ingest import Ingestor
    from pipeline.records import RawItem, Source
    from pipeline.store import Store

    at = datetime(2025, 5, 14, 10, tzinfo=UTC)
    passage = (
        "Rozmawiano o tym, jak miasta mogą wspólnie przeciwdziałać mowie nienawiści w sieci i na ulicach"
    )
    lead = "Koordynatorzy miast programu Miasta Międzykulturowe spotkali się w ratuszu."
    title = "Koordynatorzy sieci ICC spotkali się we Wrocławiu"
    entries = {
        "a": [
            RawItem(title=title, link="https://a.example/1", guid="a1", summary=lead, published=at),
            RawItem(
                title="Drugi dzień obrad w ratuszu",
                link="https://a.example/2",
                guid="a2",
                summary=passage,
                published=at,
            ),
        ],
        "b": [
            RawItem(
                title=title, link="https://b.example/x", guid="b1", summary=f"{lead} {passage}.", published=at
            )
        ],
    }
    for order in (("a", "b"), ("b", "a")):
        ingestor = Ingestor(Analyser(), priorities={})
        with Store(tmp_path / f"{''.join(order)}.sqlite3") as store:
            for source_id in order:
                source = Source(
                    id=source_id, name=source_id, url=f"https://{source_id}.example/", language="pl"
                )
                decisions = ingestor.prepare(source, entries[source_id], store, at)
                result = ingestor.store_items(source, decisions, store, at)
                if order == ("a", "b") and source_id == "b":  # the bridge says so in preview
                    bridge = result.decisions[0].duplicate
                    assert bridge is not None and bridge.reason.endswith("which joins it too"), bridge
            assert store.count_stories() == 1, order
            with sqlite3.connect(tmp_path / f"{''.join(order)}.sqlite3") as db:
                orphans = "SELECT COUNT(*) FROM story_keys WHERE story_id NOT IN (SELECT id FROM stories)"
                assert db.execute(orphans).fetchone()[0] == 0, "every key moved with its story"
            story = store.newest_stories(1)[0]
            members = store.story_members(story.id)
            assert len(members) == 3, order
            # Equal priorities, one moment: the first item stored represents the merged story.
            assert story.representative_id == min(m.row_id for m in members), order
            # The keys of the merged story's items lead to it: a later item finds one story.
            later = Source(id="c", name="c", url="https://c.example/", language="pl")
            again = RawItem(
                title="Drugi dzień obrad koordynatorów", link="https://c.example/y", guid="c1",
                summary=passage, published=at,
            )  # fmt: skip
            [decision] = ingestor.store_items(
                later, ingestor.prepare(later, [again], store, at), store, at
            ).decisions
            assert decision.duplicate is not None and decision.duplicate.story_id is not None, decision
            assert store.count_stories() == 1


def test_a_city_the_stored_news_name_by_the_hundred_makes_no_two_of_them_one(tmp_path: Path) -> None:
    """Two outlets' reports of one attack in a Poznań tram (real, tune split) share the city and
    two concepts: one place's news of one day, one story. Where the store holds Poznań's news by
    the dozen on those days (the city's own feed), the city tells no news apart: they stay two."""
    from pipeline.analyse import Analyser
    from pipeline.dedupe import COMMON_FEATURE_ITEMS
    from pipeline.ingest import Ingestor
    from pipeline.records import RawItem, Source
    from pipeline.store import Store

    at = datetime(2025, 12, 15, 10, tzinfo=UTC)
    reports = {
        "eurointegration": RawItem(
            title=None,
            link="https://eurointegration.example/1",
            guid="e1",
            summary="У Познані повідомляють про напад на пару українців у трамваї, що стався після "
            "того, як кривдники почули їхню розмову українською.",
            published=at,
        ),
        "regionews": RawItem(
            title="У Познані двоє чоловіків побили українця в трамваї: всі подробиці",
            link="https://regionews.example/2",
            guid="r1",
            summary="У Познані двоє чоловіків напали на українця у трамваї після того, як почули, що "
            "він говорить українською",
            published=at,
        ),
    }
    city_news = [
        RawItem(
            title=f"Poznań: komunikat {word}",
            link=f"https://poznan.example/{n}",
            guid=f"p{n}",
            summary=f"Miasto Poznań informuje: {word}.",
            published=at - timedelta(hours=n),
        )
        for n, word in enumerate(["remont", "koncert", "przetarg", "wystawa", "festyn"] * 12)
    ]
    assert len(city_news) > COMMON_FEATURE_ITEMS

    def stories(with_city: bool) -> int:
        ingestor = Ingestor(Analyser(), priorities={})
        with Store(tmp_path / f"{with_city}.sqlite3") as store:
            if with_city:
                city = Source(id="poznan", name="Poznań", url="https://poznan.example/", language="pl")
                ingestor.store_items(city, ingestor.prepare(city, city_news, store, at), store, at)
            for source_id, raw in reports.items():
                source = Source(
                    id=source_id, name=source_id, url=f"https://{source_id}.example/", language="uk"
                )
                ingestor.store_items(source, ingestor.prepare(source, [raw], store, at), store, at)
            return store.count_stories() - (len(city_news) if with_city else 0)

    assert stories(with_city=False) == 1
    assert stories(with_city=True) == 2


def test_stories_made_one_keep_the_oldest_ones_guid(tmp_path: Path) -> None:
    """The report matches the newer of a site's two stories best; the older one's guid, published
    first, still stays (SPEC: a story's guid never changes once published)."""
    from pipeline.analyse import Analyser
    from pipeline.ingest import Ingestor
    from pipeline.records import RawItem, Source
    from pipeline.store import Store

    at = datetime(2025, 5, 14, 10, tzinfo=UTC)
    passage = (
        "Rozmawiano o tym, jak miasta mogą wspólnie przeciwdziałać mowie nienawiści w sieci i na ulicach"
    )
    lead = "Koordynatorzy miast programu Miasta Międzykulturowe spotkali się w ratuszu."
    title = "Koordynatorzy sieci ICC spotkali się we Wrocławiu"
    site = [  # the passage's entry first: the report's best match is the newer story
        RawItem(title="Drugi dzień obrad w ratuszu", link="https://a.example/2", guid="a2", summary=passage,
                published=at),
        RawItem(title=title, link="https://a.example/1", guid="a1", summary=lead, published=at),
    ]  # fmt: skip
    report = RawItem(
        title=title, link="https://b.example/x", guid="b1", summary=f"{lead} {passage}.", published=at
    )
    ingestor = Ingestor(Analyser(), priorities={})
    path = tmp_path / "state.sqlite3"
    with Store(path) as store:
        a = Source(id="a", name="a", url="https://a.example/", language="pl")
        ingestor.store_items(a, ingestor.prepare(a, site, store, at), store, at)
        with sqlite3.connect(path) as db:
            first_guid = db.execute("SELECT guid FROM stories ORDER BY id LIMIT 1").fetchone()[0]
        b = Source(id="b", name="b", url="https://b.example/", language="pl")
        ingestor.store_items(b, ingestor.prepare(b, [report], store, at), store, at)
        assert store.count_stories() == 1
        assert store.newest_stories(1)[0].guid == first_guid
