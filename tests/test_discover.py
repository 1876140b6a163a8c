"""Issue 15: ``discover`` on a feedless listing page, over real HTTP: the page's title as name, an id
from it, and selectors proposed only when the listing parser read news cards with them there."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.config import parse_config
from pipeline.parse.card_guess import page_name, slug
from pipeline.parse.listings import parse_listing
from tests.server import Page, TestServer

ROOT = Path(__file__).resolve().parent.parent
NAV = """<nav><ul class="menu"><li><a href="/">Start</a></li><li><a href="/o-nas">O nas</a></li>
<li><a href="/kontakt">Kontakt</a></li><li><a href="/aktualnosci">Aktualności</a></li></ul></nav>"""
FOOTER = """<footer><ul><li><a href="/rodo">RODO</a></li><li><a href="/dostepnosc">Dostępność</a></li>
<li><a href="/mapa">Mapa strony</a></li></ul></footer>"""

UMP_LIKE = f"""<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8">
<title>Aktualności - Unia Metropolii Polskich</title></head><body>{NAV}<main><div id="lista">
<div class="news-item"><h3><a href="/a/kurs">Kurs języka polskiego dla uchodźców w szkołach</a></h3>
<span class="data">13 maja 2025</span><p>Zajęcia dla dzieci i dorosłych.</p></div>
<div class="news-item"><h3><a href="/a/zespol">Posiedzenie Zespołu UMP ds. Migracji i Integracji</a></h3>
<span class="data">12 maja 2025</span><p>Koordynatorzy z dwunastu miast.</p></div>
<div class="news-item"><h3><a href="/a/rynek">Metropolie o cudzoziemcach na rynku pracy</a></h3>
<span class="data">2 maja 2025</span><p>Spotkanie w Lublinie.</p></div>
</div></main>{FOOTER}</body></html>"""

# Plain <li> cards: the nav's and footer's <li> must not be taken for news.
LIST_LIKE = f"""<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8">
<title>Wiadomości z Łodzi | Fundacja Przykład</title></head><body>{NAV}<ul class="wiadomosci">
<li><time datetime="2025-05-14">14.05.2025</time><a href="/n/1">Dzień otwarty w Centrum Wielokulturowym</a></li>
<li><time datetime="2025-05-10">10.05.2025</time><a href="/n/2">Nabór wolontariuszy do punktu konsultacyjnego</a></li>
<li><time datetime="2025-05-03">03.05.2025</time><a href="/n/3">Festiwal kultur sąsiedzkich na Księżym Młynie</a></li>
<li><time datetime="2025-04-28">28.04.2025</time><a href="/n/4">Bezpłatne porady prawne dla cudzoziemców</a></li>
</ul>{FOOTER}</body></html>"""

NO_CARDS = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta property="og:site_name" content="Intercultural Cities"></head><body>{NAV}
<h1>About the programme</h1><p>The programme supports cities in reviewing their policies.</p>
{FOOTER}</body></html>"""


def _discover(server: TestServer, path: str, html: str) -> subprocess.CompletedProcess[str]:
    server.routes[path] = Page(html.encode(), content_type="text/html; charset=utf-8")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline",
            "discover",
            server.url(path),
            "--config",
            str(ROOT / "sources.yaml"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def _entry(stdout: str) -> str:
    return stdout.split("Suggested sources.yaml entry:\n", 1)[1]


def test_a_listing_is_named_after_its_title_and_its_cards_are_read_with_verified_selectors(
    server: TestServer,
) -> None:
    result = _discover(server, "/aktualnosci", UMP_LIKE)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "No feed found" in out
    assert "3 of 3 cards have a link and a headline" in out
    assert "Kurs języka polskiego dla uchodźców w szkołach\n    2025-05-13 · " + server.url("/a/kurs") in out
    entry = _entry(out)
    assert "  - id: unia-metropolii-polskich\n    name: Unia Metropolii Polskich\n" in entry
    assert "127-0-0-1" not in out and "item: article" not in out
    source = parse_config("sources:\n" + entry).sources[0]  # the entry is valid as printed
    assert source.kind == "html" and source.selectors is not None
    assert (source.selectors.item, source.selectors.title, source.selectors.date) == (
        "div.news-item",
        "h3",
        ".data",
    )
    # what it reads is what the cards said, no menu or footer link among them
    read = parse_listing(
        UMP_LIKE.encode(),
        page_url=server.url("/aktualnosci"),
        selectors=source.selectors,
        now=datetime.now(UTC),
    )
    assert [i.link for i in read.items] == [server.url(p) for p in ("/a/kurs", "/a/zespol", "/a/rynek")]
    assert all(i.published is not None for i in read.items)


def test_plain_list_items_are_scoped_to_their_list(server: TestServer) -> None:
    result = _discover(server, "/wiadomosci", LIST_LIKE)
    assert result.returncode == 0, result.stderr
    entry = _entry(result.stdout)
    assert "  - id: wiadomosci-z-lodzi\n    name: Wiadomości z Łodzi\n" in entry
    source = parse_config("sources:\n" + entry).sources[0]
    assert source.selectors is not None and source.selectors.item == "ul.wiadomosci > li"
    read = parse_listing(
        LIST_LIKE.encode(),
        page_url=server.url("/wiadomosci"),
        selectors=source.selectors,
        now=datetime.now(UTC),
    )
    assert len(read.items) == 4 and all(i.published is not None for i in read.items)
    assert "Dzień otwarty w Centrum Wielokulturowym\n    2025-05-14 · " + server.url("/n/1") in result.stdout


def test_a_page_without_news_cards_gets_no_selectors_and_says_so(server: TestServer) -> None:
    result = _discover(server, "/about", NO_CARDS)
    assert result.returncode == 0, result.stderr
    assert "no selectors are proposed" in result.stdout
    entry = _entry(result.stdout)
    assert not re.search(r"^\s+item:", entry, re.MULTILINE)  # nothing that would match nothing
    assert "  - id: intercultural-cities\n    name: Intercultural Cities\n" in entry


@pytest.mark.parametrize(
    ("head", "body", "name"),
    [
        (
            "<title>Intercultural Cities Newsroom - Council of Europe</title>",
            "",
            "Intercultural Cities Newsroom",
        ),
        ("<title>Aktualności | Fundacja Ukraina</title>", "", "Fundacja Ukraina"),
        ("<title>Fundacja Ukraina :: Aktualności</title>", "", "Fundacja Ukraina"),
        (
            '<title>Newsroom — Wielokultury</title><meta property="og:site_name" content="Wielokultury">',
            "",
            "Wielokultury",
        ),
        ('<meta property="og:title" content="Новини громади">', "<h1>Ignored</h1>", "Новини громади"),
        ("", "<h1>Miejskie Centrum Wielokulturowe</h1>", "Miejskie Centrum Wielokulturowe"),
        ("", "<p>nothing</p>", None),
    ],
)
def test_the_page_name(head: str, body: str, name: str | None) -> None:
    html = f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"
    assert page_name(html.encode()) == name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Unia Metropolii Polskich", "unia-metropolii-polskich"),
        ("Zażółć gęślą jaźń — Łódź", "zazolc-gesla-jazn-lodz"),
        ("Новини громади", "novyny-hromady"),
        (
            "Fundacja na rzecz Różnorodności Społecznej i Integracji Cudzoziemców",
            "fundacja-na-rzecz-roznorodnosci",
        ),
    ],
)
def test_the_id_is_an_ascii_slug(name: str, expected: str) -> None:
    assert slug(name) == expected


AUTO_FIXTURES = Path(__file__).parent / "data" / "listings" / "auto"


@pytest.mark.parametrize(
    ("fixture", "date", "summary"),
    [
        # Drupal views: every field is a div.views-field; the one detection took is named by its own
        # second class (a class all fields share would select the headline's field).
        ("konsorcjum_drupal", ".views-field-created", ".views-field-body"),
        # A table's dates are its rows' first cells: no class, their place.
        ("bip_krakow_table", "td:nth-of-type(1)", None),
    ],
)
def test_proposed_date_and_teaser_selectors_select_what_detection_took(
    fixture: str, date: str | None, summary: str | None
) -> None:
    from pipeline.parse.card_guess import guess_listing

    html = AUTO_FIXTURES / f"{fixture}.html"
    url = re.search(r'"page_url":\s*"([^"]+)"', html.with_suffix(".json").read_text()).group(1)  # type: ignore[union-attr]
    guess = guess_listing(html.read_bytes(), page_url=url, now=datetime(2025, 5, 20, 10, 0, tzinfo=UTC))
    assert guess is not None
    assert (guess.selectors.date, guess.selectors.summary) == (date, summary)
    assert sum(item.published is not None for item in guess.items) == len(guess.items)
