"""Issue 14: an item's language is its own text's, whatever its source or feed declares.

End to end: a Polish site's feed (``language: pl`` in sources.yaml, ``<language>pl</language>``
in the feed) carries Polish, English and Ukrainian entries, as wielokultury.wroclaw.pl does; each
is published with its own language in feed.json and in the digest card's ``lang``, and tagged
with that language's vocabulary.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from bs4 import BeautifulSoup

from pipeline.config import load_config
from pipeline.runner import Runner
from tests.server import Page

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Wielokulturowy Wrocław</title><link>https://wielokultury.invalid/</link>
<description>d</description><language>pl</language>
<item><title>Bezpłatny kurs języka polskiego dla cudzoziemców</title><link>https://wielokultury.invalid/kurs</link>
<guid>pl-1</guid><pubDate>Wed, 14 May 2025 10:00:00 +0200</pubDate>
<description>Centrum zaprasza dorosłych cudzoziemców na zajęcia w grupach na trzech poziomach.</description></item>
<item><title>WroMigrant Information Point: 2024 in numbers</title><link>https://wielokultury.invalid/en/wromigrant</link>
<guid>en-1</guid><pubDate>Tue, 13 May 2025 10:00:00 +0200</pubDate>
<description>The number of consultations conducted, workshops held and clients who came to the information point for foreigners.</description></item>
<item><title>Мапа Вроцлава для біженців з України</title><link>https://wielokultury.invalid/uk/mapa</link>
<guid>uk-1</guid><pubDate>Mon, 12 May 2025 10:00:00 +0200</pubDate>
<description>На мапі позначено адреси, важливі для людей, які щойно приїхали до Вроцлава.</description></item>
</channel></rss>
""".encode()


def test_a_polish_feed_publishes_each_item_in_its_own_language(tmp_path: Path, server) -> None:
    server.routes["/feed.xml"] = Page(FEED, content_type="application/rss+xml")
    config = tmp_path / "sources.yaml"
    config.write_text(
        f"""contact: https://example.org/contact
sources:
  - id: wielokultury-pl
    name: Wielokulturowy Wrocław
    url: {server.url("/feed.xml")}
    language: pl
""",
        encoding="utf-8",
    )
    output = tmp_path / "output"
    runner = Runner(
        load_config(str(config)),
        output_dir=output,
        state_path=tmp_path / "state.sqlite3",
        clock=lambda: datetime(2025, 5, 15, 12, tzinfo=UTC),
    )
    runner.run_cycle()

    feed = json.loads((output / "feed.json").read_text(encoding="utf-8"))
    languages = {item["title"]: item["_pipeline"]["language"] for item in feed["items"]}
    assert languages == {
        "Bezpłatny kurs języka polskiego dla cudzoziemców": "pl",
        "WroMigrant Information Point: 2024 in numbers": "en",
        "Мапа Вроцлава для біженців з України": "uk",
    }
    areas = {item["title"]: item["tags"] for item in feed["items"]}
    assert "integracja" in areas["Мапа Вроцлава для біженців з України"]  # Ukrainian words matched
    assert "integracja" in areas["WroMigrant Information Point: 2024 in numbers"]

    page = BeautifulSoup((output / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.html["lang"] == "pl"
    lang_of = {}
    for heading in page.select("h3, h2"):
        title = " ".join(heading.get_text(" ", strip=True).split())  # no-break spaces read as spaces
        holder = heading.find_parent(attrs={"lang": True})
        if title in languages:
            lang_of[title] = holder["lang"] if holder is not None else page.html["lang"]
    assert lang_of == languages


def test_an_area_the_learned_model_tipped_is_published_with_its_words_and_certainty(
    tmp_path: Path, server
) -> None:
    """Issue 14: an area whose words fell short but which the learned model gave reaches feed.json
    with the words that decided it and the model's certainty (``_pipeline.evidence``)."""
    feed = FEED.replace(
        "Bezpłatny kurs języka polskiego dla cudzoziemców".encode(),
        "Warsztaty dla młodzieży z Ukrainy i Polski".encode(),
    ).replace(
        "Centrum zaprasza dorosłych cudzoziemców na zajęcia w grupach na trzech poziomach.".encode(),
        b"",
    )
    server.routes["/feed.xml"] = Page(feed, content_type="application/rss+xml")
    config = tmp_path / "sources.yaml"
    config.write_text(
        f"contact: https://example.org/contact\nsources:\n  - id: w\n    name: W\n    url: {server.url('/feed.xml')}\n",
        encoding="utf-8",
    )
    output = tmp_path / "output"
    Runner(
        load_config(str(config)),
        output_dir=output,
        state_path=tmp_path / "state.sqlite3",
        clock=lambda: datetime(2025, 5, 15, 12, tzinfo=UTC),
    ).run_cycle()
    items = json.loads((output / "feed.json").read_text(encoding="utf-8"))["items"]
    [exchange] = [i for i in items if i["title"].startswith("Warsztaty")]
    assert "integracja" in exchange["tags"]
    evidence = exchange["_pipeline"]["evidence"]["integracja"]
    assert evidence["learned"] >= 0.5 and "z Ukrainy" in evidence["words"]
    assert "learned" not in exchange["_pipeline"]["evidence"]["edukacja"]  # its words decided alone
