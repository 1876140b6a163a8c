"""The HTML digest (pipeline.publish.digest), without a browser: goldens, pagination, safety.

The stories are hand-made in ``tests/data/digest/stories.json``: Polish, English and Ukrainian
items, with and without images, alt text and dates, and hostile strings (``<script>``,
``javascript:`` links, attribute break-outs) that must come out inert. The goldens beside it are
rewritten only by ``pytest --regen-goldens``; review their diff like code.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import lxml.html
import pytest

from pipeline.errors import PublishError
from pipeline.publish.digest import page_name, render_digest
from pipeline.records import AreaDef, AreaMatch, Item, PublishSettings, Site, Story

DATA = Path(__file__).parent / "data" / "digest"
GENERATED = datetime(2025, 5, 20, 10, 0, tzinfo=UTC)
IMAGE_HOST = "https://img.example.org/"
AREAS = (
    AreaDef("edukacja", "Edukacja"),
    AreaDef("integracja", "Integracja"),
    AreaDef("bezpieczenstwo", "Bezpieczeństwo"),
    AreaDef("wspolpraca", "Współpraca i komunikacja"),
)
PUBLISH = PublishSettings(limit=50, page_size=10, pages=3)
SITE = Site()


# --- the stories --------------------------------------------------------------------------------


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text).astimezone(UTC) if text else None


def load_stories(image_base: str | None = None) -> list[Story]:
    """The hand-made stories, newest first; ``image_base`` replaces the images' host (browser test)."""
    raw = json.loads((DATA / "stories.json").read_text(encoding="utf-8"))["stories"]
    labels = {a.slug: a.label for a in AREAS}
    stories = []
    for entry in raw:
        image = entry["image_url"]
        if image and image_base and image.startswith(IMAGE_HOST):
            image = image_base + image[len(IMAGE_HOST) :]
        (source_id, _), *_ = entry["sources"]
        published = _when(entry["published"])
        assert published is not None
        item = Item(
            source_id=source_id,
            key=entry["guid"],
            title=entry["title"],
            link=entry["link"],
            summary=entry["summary"],
            published=published,
            dated=entry["dated"],
            image_url=image,
            image_alt=entry["image_alt"],
            language=entry["language"],
            areas=tuple(AreaMatch(slug, 1.0, ()) for slug in entry["areas"]),
            updated=_when(entry["updated"]),
        )
        stories.append(
            Story(
                id=entry["id"],
                guid=entry["guid"],
                representative=item,
                items=(item,),
                source_ids=tuple(s[0] for s in entry["sources"]),
                source_names=tuple(s[1] for s in entry["sources"]),
                area_labels=tuple((slug, labels[slug]) for slug in entry["areas"]),
            )
        )
    return stories


def render(
    stories: list[Story] | None = None,
    *,
    publish: PublishSettings = PUBLISH,
    areas: tuple[AreaDef, ...] = AREAS,
    templates_dir: str | None = None,
    generated: datetime = GENERATED,
    site: Site = SITE,
) -> dict[str, bytes]:
    return render_digest(
        load_stories() if stories is None else stories,
        site=site,
        publish=publish,
        areas=areas,
        templates_dir=templates_dir,
        generated=generated,
    )


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return render()


def parse(content: bytes) -> lxml.html.HtmlElement:
    """A page as an element tree; a fragment (embed.html) inside a wrapper <div>."""
    text = content.decode("utf-8")
    if text.lstrip().lower().startswith("<!doctype"):
        return lxml.html.document_fromstring(text)
    return lxml.html.fragment_fromstring(text, create_parent="div")


def html_files(files: dict[str, bytes]) -> Iterator[tuple[str, bytes]]:
    return ((name, content) for name, content in sorted(files.items()) if name.endswith(".html"))


def cards(tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return tree.xpath("//article[contains(@class, 'pw-card')]")


def plain(text: str) -> str:
    """``text`` with the typography's no-break spaces read as spaces (for tests not about them)."""
    return text.replace("\u00a0", " ")


def card_titled(tree: lxml.html.HtmlElement, words: str) -> lxml.html.HtmlElement:
    found = [
        c for c in cards(tree) if words in plain(c.xpath("string(.//*[contains(@class,'pw-card__title')])"))
    ]
    assert len(found) == 1, f"expected one card titled {words!r}, found {len(found)}"
    return found[0]


def footer_text(tree: lxml.html.HtmlElement) -> str:
    return " ".join(plain(tree.xpath("//footer")[0].text_content()).split())


def more_link(tree: lxml.html.HtmlElement) -> str | None:
    hrefs = [a.get("href") for a in tree.iter("a") if a.text_content().strip() == "Więcej wiadomości"]
    assert len(hrefs) <= 1
    return hrefs[0] if hrefs else None


# --- goldens ------------------------------------------------------------------------------------


@pytest.fixture
def golden_html(request: pytest.FixtureRequest):
    """Compare rendered bytes with a golden file; ``--regen-goldens`` rewrites it instead."""
    regen = request.config.getoption("--regen-goldens")

    def check(name: str, actual: bytes) -> None:
        path = DATA / name
        if regen:
            path.write_bytes(actual)
            return
        if not path.exists():
            pytest.fail(f"golden {path} is missing; run pytest --regen-goldens and review it")
        expected = path.read_text(encoding="utf-8")
        # Compared as text so a failure shows a readable diff.
        assert actual.decode("utf-8") == expected, f"output differs from golden {path.name}"

    return check


@pytest.mark.parametrize(
    ("output", "golden_name"),
    [
        ("index.html", "index.expected.html"),
        ("page-2.html", "page-2.expected.html"),
        ("page-3.html", "page-3.expected.html"),
        ("embed.html", "embed.expected.html"),
        ("areas/edukacja.html", "area-edukacja.expected.html"),
    ],
)
def test_digest_matches_golden(files: dict[str, bytes], golden_html, output: str, golden_name: str) -> None:
    golden_html(golden_name, files[output])


def test_embed_with_base_url_matches_golden(golden_html) -> None:
    files = render(publish=PublishSettings(page_size=10, pages=3, base_url="https://example.org/news/"))
    golden_html("embed-base-url.expected.html", files["embed.html"])


# --- the files and the pages ----------------------------------------------------------------------


def test_files_are_every_page_the_embed_each_area_and_the_stylesheet(files: dict[str, bytes]) -> None:
    assert set(files) == {
        "index.html",
        "events.html",
        "page-2.html",
        "page-3.html",
        "embed.html",
        "digest.css",
        *(f"areas/{a.slug}.html" for a in AREAS),
    }
    assert all(isinstance(content, bytes) and content for content in files.values())


@pytest.mark.parametrize(
    ("page_size", "pages", "expected"),
    [(10, 3, [10, 10, 5]), (10, 2, [10, 10]), (4, 10, [4, 4, 4, 4, 4, 4, 1]), (25, 1, [25]), (30, 5, [25])],
)
def test_pages_hold_page_size_cards_and_cover_the_newest_page_size_times_pages(
    page_size: int, pages: int, expected: list[int]
) -> None:
    files = render(publish=PublishSettings(page_size=page_size, pages=pages))
    counts = [len(cards(parse(files[page_name(n)]))) for n in range(1, len(expected) + 1)]
    assert counts == expected
    assert page_name(len(expected) + 1) not in files
    # The covered stories are the newest ones, in order: the first card of page 1 is the newest.
    first = card_titled(parse(files["index.html"]), "Warsztaty antyplotkowe")
    assert cards(parse(files["index.html"]))[0] is not None and first is not None
    assert len(cards(parse(files["embed.html"]))) == expected[0]


def test_more_news_links_chain_every_page_and_stop_on_the_last(files: dict[str, bytes]) -> None:
    chain, name = [], "index.html"
    while name is not None:
        chain.append(name)
        name = more_link(parse(files[name]))
    assert chain == ["index.html", "page-2.html", "page-3.html"]
    assert more_link(parse(files["embed.html"])) == "page-2.html"
    pager = parse(files["page-2.html"]).xpath("//nav[@aria-label]")
    assert [n.get("aria-label") for n in pager] == ["Obszary strategii", "Strony z wiadomościami"]
    current = parse(files["page-2.html"]).xpath("//nav//a[@aria-current='page']")
    assert [a.get("href") for a in current] == ["page-2.html"]


def test_one_page_has_no_more_news_link() -> None:
    files = render(load_stories()[:3])
    assert more_link(parse(files["index.html"])) is None
    assert more_link(parse(files["embed.html"])) is None
    assert not parse(files["index.html"]).xpath("//nav[@aria-label='Strony z wiadomościami']")


def test_no_stories_still_gives_every_file() -> None:
    files = render([])
    assert set(files) >= {"index.html", "embed.html", "digest.css", *(f"areas/{a.slug}.html" for a in AREAS)}
    assert "Brak wiadomości." in parse(files["index.html"]).text_content()
    assert "Brak wiadomości w tym obszarze." in parse(files["areas/edukacja.html"]).text_content()


def test_standalone_page_structure(files: dict[str, bytes]) -> None:
    tree = parse(files["index.html"])
    assert tree.get("lang") == "pl"
    assert [h.text_content().strip() for h in tree.iter("h1")] == ["Powiązane wiadomości"]
    assert tree.xpath("//header") and tree.xpath("//main") and tree.xpath("//footer")
    assert len(tree.xpath("//ul[contains(@class,'pw-cards')]/li/article")) == 10
    assert all(c.xpath("./h2") for c in cards(tree))
    assert tree.xpath("//head/link[@rel='stylesheet']/@href") == ["digest.css"]
    alternates = tree.xpath("//head/link[@rel='alternate']/@href")
    assert alternates == ["feed.xml", "atom.xml", "feed.json"]
    # The visible "newest" date comes from the stories (the first card's), not the clock.
    assert "Najnowsza wiadomość: 19 maja 2025" in footer_text(tree)


def test_area_page_lists_the_area_and_links_its_feed(files: dict[str, bytes]) -> None:
    tree = parse(files["areas/edukacja.html"])
    titles = [c.xpath("string(.//h2)").strip() for c in cards(tree)]
    assert len(titles) == 7
    assert all(
        "Edukacja" in [li.text_content() for li in c.xpath(".//li[contains(@class,'pw-card__area')]")]
        for c in cards(tree)
    )
    assert [h.text_content().strip() for h in tree.iter("h1")] == ["Edukacja"]
    assert "edukacja.xml" in tree.xpath("//a/@href")
    assert tree.xpath("//head/link[@rel='stylesheet']/@href") == ["../digest.css"]
    assert tree.xpath("//nav//a[@aria-current='page']/@href") == ["../areas/edukacja.html"]


def test_an_area_without_stories_still_has_its_page() -> None:
    files = render(areas=(*AREAS, AreaDef("kultura", "Kultura")))
    tree = parse(files["areas/kultura.html"])
    assert not cards(tree)
    assert "Brak wiadomości w tym obszarze." in tree.text_content()


# --- the cards ----------------------------------------------------------------------------------


def test_a_card_has_image_title_link_date_sources_areas_excerpt_and_read_more(
    files: dict[str, bytes],
) -> None:
    card = card_titled(parse(files["index.html"]), "Warsztaty antyplotkowe")
    link = "https://www.wroclaw.pl/dialog/warsztaty-antyplotkowe"
    (img,) = card.xpath(".//div[@class='pw-card__media']/img")
    assert img.get("src") == "https://img.example.org/1.svg"
    assert img.get("alt") == "Nauczyciele podczas warsztatów w sali lekcyjnej"
    assert img.get("loading") == "lazy" and img.get("width") and img.get("height")
    assert card.xpath(".//h2/a/@href") == [link]
    assert card.xpath(".//time/@datetime") == ["2025-05-19"]
    assert card.xpath("string(.//time)") == "19\u00a0maja 2025"
    assert "Wrocław\u00a0– Dialog międzykulturowy, Unia Metropolii Polskich" in card.text_content()
    assert [li.text_content() for li in card.xpath(".//li")] == ["Edukacja", "Integracja"]
    excerpt = card.xpath("string(.//p[contains(@class,'pw-card__excerpt')])")
    assert excerpt.endswith("…") and len(excerpt) <= 200 and not excerpt[:-1].endswith(" ")
    (more,) = card.xpath(".//a[contains(@class,'pw-card__more-link')]")
    assert more.get("href") == link
    # The accessible name: "Czytaj dalej" (visible) plus the title (visually hidden).
    name = " ".join(plain(more.text_content()).split())
    assert name == "Czytaj dalej – Warsztaty antyplotkowe dla nauczycieli szkół podstawowych"
    assert more.text.strip() == "Czytaj dalej"


def test_dates_are_polish_calendar_days_in_warsaw(files: dict[str, bytes]) -> None:
    tree = parse(files["page-3.html"])
    # 21 April 2025 22:30 UTC is already 22 April in Wrocław.
    card = card_titled(tree, "Wieczór opowieści")
    assert card.xpath("string(.//time)") == "22\u00a0kwietnia 2025"
    assert card.xpath(".//time/@datetime") == ["2025-04-22"]


def test_undated_items_show_the_day_they_were_added_not_a_date(files: dict[str, bytes]) -> None:
    card = card_titled(parse(files["index.html"]), "Miasta otwarte")
    (added,) = card.xpath(".//span[contains(@class,'pw-card__date--added')]")
    # First seen 12 May 2025: "dodano" says it is not the news' own date.
    assert plain(added.text_content()) == "dodano 12 maja 2025"
    assert added.xpath("./time/@datetime") == ["2025-05-12"]
    assert "Intercultural Cities (Rada Europy)" in card.text_content()
    assert not card.xpath(".//img")  # no image: a card without one, not a broken <img>
    # A dated card has no "dodano".
    dated = card_titled(parse(files["index.html"]), "Warsztaty antyplotkowe")
    assert not dated.xpath(".//*[contains(@class,'pw-card__date--added')]")
    assert "dodano" not in dated.text_content()


def test_added_is_said_in_the_pages_language() -> None:
    files = render(site=Site(language="en"))
    card = card_titled(parse(files["index.html"]), "Miasta otwarte")
    (added,) = card.xpath(".//span[contains(@class,'pw-card__date--added')]")
    assert plain(added.text_content()) == "added 12 May 2025"
    # The feeds carry the item's time as before; only the card says "added".


def test_foreign_language_cards_carry_lang_and_polish_cards_do_not(files: dict[str, bytes]) -> None:
    tree = parse(files["index.html"])
    assert card_titled(tree, "Intercultural Cities: annual").get("lang") == "en"
    assert card_titled(tree, "Безкоштовні курси").get("lang") == "uk"
    assert card_titled(tree, "Refugee response").get("lang") == "en-GB"
    assert card_titled(tree, "Warsztaty antyplotkowe").get("lang") is None
    # The card's own Polish interface ("Czytaj dalej", date, areas) is marked Polish again.
    english = card_titled(tree, "Intercultural Cities: annual")
    assert english.xpath(".//a[contains(@class,'pw-card__more-link')]/@lang") == ["pl"]
    # A language tag that is not one is left out rather than published.
    assert card_titled(parse(files["page-3.html"]), "Dialog międzyreligijny").get("lang") is None


@pytest.mark.parametrize(
    ("page", "newest"),
    [
        ("index.html", "19 maja 2025"),
        # Page 2's own newest card, though one of its stories was updated on 19 May.
        ("page-2.html", "9 maja 2025"),
        ("page-3.html", "25 kwietnia 2025"),
        ("areas/edukacja.html", "19 maja 2025"),
        # An area page shows its own newest story's date, not the site's.
        ("areas/bezpieczenstwo.html", "13 maja 2025"),
        ("areas/wspolpraca.html", "18 maja 2025"),
    ],
)
def test_footer_shows_each_pages_own_newest_date(files: dict[str, bytes], page: str, newest: str) -> None:
    assert f"Najnowsza wiadomość: {newest}" in footer_text(parse(files[page]))


def test_undated_items_do_not_count_for_the_newest_date() -> None:
    undated, dated = (
        s for s in load_stories() if s.representative.title.startswith(("Konferencja", "Refugee"))
    )
    assert not undated.representative.dated and undated.published > dated.published
    files = render([undated, dated])
    assert "Najnowsza wiadomość: 11 maja 2025" in footer_text(parse(files["index.html"]))
    # A page with no dated story at all says nothing rather than a first-seen time.
    files = render([undated])
    assert "Najnowsza wiadomość" not in footer_text(parse(files["index.html"]))
    assert "Najnowsza wiadomość" not in footer_text(parse(files["areas/edukacja.html"]))


def test_foreign_cards_have_a_visible_language_badge_and_hreflang(files: dict[str, bytes]) -> None:
    tree = parse(files["index.html"])
    expected = {
        "Intercultural Cities: annual": ("EN", "angielski", "en"),
        "Безкоштовні курси": ("UK", "ukraiński", "uk"),
        "Refugee response": ("EN", "angielski", "en-GB"),
    }
    for title, (code, name, lang) in expected.items():
        card = card_titled(tree, title)
        (badge,) = card.xpath(".//*[contains(@class,'pw-card__lang')]")
        # Seen: the code; heard: the language's name (the code is hidden from screen readers).
        assert badge.xpath("string(./*[@aria-hidden='true'])") == code
        assert (
            plain(badge.xpath("string(./*[contains(@class,'pw-visually-hidden')])")).strip()
            == f"Język: {name}."
        )
        # The badge is in the card's Polish interface, the title and excerpt in the item's language.
        assert badge.xpath("ancestor::*[@lang][1]/@lang") == ["pl"]
        assert card.get("lang") == lang
        links = card.xpath(".//a[@href]")
        assert links and all(a.get("hreflang") == lang for a in links)
    # Polish (the page's language), or a language tag that is none ("Dialog międzyreligijny" on
    # page 3): no badge, no hreflang.
    for name in ("index.html", "page-3.html"):
        for card in cards(parse(files[name])):
            if card.get("lang") is None:
                assert not card.xpath(".//*[contains(@class,'pw-card__lang')]")
                assert not card.xpath(".//@hreflang")


def test_images_are_never_the_only_content_of_a_link(files: dict[str, bytes]) -> None:
    # An image beside the linked title is decorative when its source gave no alt (alt="" is right,
    # WCAG H67); inside a link of its own it would have to name the link (F89). Never inside one.
    for _, content in html_files(files):
        assert not parse(content).xpath("//a//img")


def test_titles_excerpts_and_meta_follow_polish_typography(files: dict[str, bytes]) -> None:
    tree = parse(files["index.html"])
    card = card_titled(tree, "Warsztaty antyplotkowe")
    excerpt = card.xpath("string(.//p[contains(@class,'pw-card__excerpt')])")
    assert "mieszkanki i\u00a0mieszkańców" in excerpt and "osób z\u00a0doświadczeniem" in excerpt
    assert excerpt.endswith("…") and excerpt[:-1].split()[-1] not in {"w", "z", "na", "i"}
    # No whitespace between the date and the sources: the "·" (CSS, after a no-break space) never
    # starts a line.
    (date,) = card.xpath(".//span[contains(@class,'pw-card__date')]")
    assert not (date.tail or "") and date.getnext().get("class") == "pw-card__sources"
    assert "Wrocław\u00a0– Dialog" in card.xpath("string(.//span[contains(@class,'pw-card__sources')])")
    # English cards keep their spaces.
    english = card_titled(tree, "Intercultural Cities: annual")
    assert "\u00a0" not in english.xpath("string(.//h2)") + english.xpath(
        "string(.//p[contains(@class,'pw-card__excerpt')])"
    )


def test_alt_text_is_the_sources_and_empty_only_when_it_gave_none(files: dict[str, bytes]) -> None:
    stories = {s.representative.image_url: s.representative.image_alt for s in load_stories()}
    seen = 0
    for _, content in html_files(files):
        for img in parse(content).iter("img"):
            assert img.get("alt") is not None, "every image has an alt attribute"
            assert img.get("alt") == (stories[img.get("src")] or "")
            seen += 1
    assert seen > 20
    tree = parse(files["index.html"])
    assert card_titled(tree, "Безкоштовні курси").xpath(".//img/@alt") == [""]  # the source gave none
    assert card_titled(tree, "mowie nienawiści").xpath(".//img/@alt") == [""]  # the source gave ""


def test_long_summaries_are_cut_at_a_word_boundary(files: dict[str, bytes]) -> None:
    for _, content in html_files(files):
        for p in parse(content).xpath("//p[contains(@class,'pw-card__excerpt')]"):
            text = p.text_content()
            assert len(text) <= 200
            if "Wrocławskie Centrum" in text and len(text) > 150:
                assert text.endswith("…")


# --- safety -------------------------------------------------------------------------------------

_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "srcset", "poster", "cite", "data")


@pytest.mark.parametrize("base_url", [None, "https://example.org/news/"])
def test_no_script_handler_style_or_non_http_url_in_any_output(base_url: str | None) -> None:
    files = render(publish=PublishSettings(page_size=10, pages=3, base_url=base_url))
    for name, content in html_files(files):
        text = content.decode("utf-8")
        assert "<script" not in text.lower(), name
        assert "<style" not in text.lower(), name
        tree = parse(content)
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            for attribute, value in element.attrib.items():
                assert not attribute.lower().startswith("on"), f"{name}: {attribute}={value!r}"
                assert attribute.lower() != "style", f"{name}: style={value!r}"
                assert "javascript:" not in value.lower().replace(" ", ""), f"{name}: {attribute}={value!r}"
                if attribute in _URL_ATTRIBUTES:
                    assert value.startswith(("https://", "http://")) or ":" not in value.split("/")[0], (
                        f"{name}: {attribute}={value!r}"
                    )


def test_hostile_strings_are_shown_as_text_and_unsafe_links_dropped(files: dict[str, bytes]) -> None:
    tree = parse(files["index.html"])
    card = card_titled(tree, "Spotkanie koordynatorów")
    # The title is text, shown as written; its javascript: link and image are gone.
    assert "<script>window.__pwned = 1; alert(1)</script>" in card.xpath("string(.//h2)")
    assert not card.xpath(".//a") and not card.xpath(".//img")
    card = card_titled(tree, "Wolontariat w punkcie")
    assert not card.xpath(".//a") and not card.xpath(".//img")
    assert '<b onmouseover="window.__pwned=1">Źródło</b>' in card.text_content()
    # An attribute break-out in an alt text or a URL stays inside the attribute.
    card = card_titled(tree, "Dzień Sąsiada")
    assert card.xpath(".//img/@alt") == ['" onerror="window.__pwned=1']
    # …and the URL's illegal characters are percent-encoded, so it is a valid URL too.
    assert card.xpath(".//h2/a/@href")[0].endswith("%22%3E%3Cscript%3Ewindow.__pwned=1%3C/script%3E")
    assert b'onerror="window' not in files["index.html"]


def test_embed_is_a_fragment_with_scoped_class_names(files: dict[str, bytes]) -> None:
    text = files["embed.html"].decode("utf-8").lower()
    for tag in ("<html", "<head", "<body", "<!doctype", "<script", "<style"):
        assert tag not in text
    tree = parse(files["embed.html"])
    classes = {c for e in tree.iter() if isinstance(e.tag, str) for c in (e.get("class") or "").split()}
    assert classes and all(c.startswith("pw-") for c in classes)
    assert all(i.startswith("pw-") for i in tree.xpath("//@id"))
    assert tree.xpath("//link[@rel='stylesheet']/@href") == ["digest.css"]
    assert tree.xpath("//section/h2/text()") == ["Powiązane wiadomości"]
    assert all(c.xpath("./h3") for c in cards(tree))


def _top_level_split(group: str) -> list[str]:
    """A selector list split at its own commas, not at those inside :is(…) / :not(…)."""
    parts, depth, current = [], 0, ""
    for char in group:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def test_stylesheet_selectors_are_all_scoped_under_a_root(files: dict[str, bytes]) -> None:
    import re

    css = re.sub(r"/\*.*?\*/", "", files["digest.css"].decode("utf-8"), flags=re.S)
    selectors = re.findall(r"([^{}]+)\{", css)
    seen = 0
    for group in selectors:
        group = group.strip()
        if group.startswith("@"):
            continue
        for selector in _top_level_split(group):
            # Under the cards' root or the standalone pages' body: nothing styles the host page.
            assert re.match(r"\.pw-(digest|page)(?![\w-])", selector.strip()), selector
            seen += 1
    assert seen > 50


def test_embed_links_are_absolute_with_base_url() -> None:
    files = render(publish=PublishSettings(page_size=10, pages=3, base_url="https://example.org/news"))
    tree = parse(files["embed.html"])
    assert tree.xpath("//link[@rel='stylesheet']/@href") == ["https://example.org/news/digest.css"]
    assert more_link(tree) == "https://example.org/news/page-2.html"
    # The standalone pages stay relative: they work wherever output/ is served.
    assert more_link(parse(files["index.html"])) == "page-2.html"


# --- determinism and templates ------------------------------------------------------------------


def test_same_input_gives_identical_bytes_whatever_the_clock() -> None:
    first = render()
    again = render(generated=GENERATED + timedelta(days=3))
    assert first == again


def test_editor_templates_override_the_built_in_ones(tmp_path: Path) -> None:
    (tmp_path / "embed.html").write_text(
        '<div class="pw-custom">{% for c in cards %}<p>{{ c.title }}</p>{% endfor %}'
        "{{ generated.year }} {{ site.title }}</div>\n",
        encoding="utf-8",
    )
    (tmp_path / "digest.css").write_text(".pw-custom { color: #000; }\n", encoding="utf-8")
    files = render(templates_dir=str(tmp_path))
    embed = files["embed.html"].decode("utf-8")
    assert embed.startswith('<div class="pw-custom"><p>Warsztaty antyplotkowe')
    assert "2025 Powiązane wiadomości" in embed
    # Autoescape is on for the editor's templates too.
    assert "&lt;script&gt;window.__pwned = 1; alert(1)&lt;/script&gt;" in embed
    assert "<script" not in embed
    assert files["digest.css"] == b".pw-custom { color: #000; }\n"
    # Templates the folder does not override are the built-in ones.
    assert files["index.html"] == render()["index.html"]


def test_an_editor_template_can_reuse_the_built_in_macros(tmp_path: Path) -> None:
    (tmp_path / "embed.html").write_text(
        '{% import "macros.html" as m %}'
        '<section class="pw-x">{{ m.card_list(cards[:2], level=4) }}</section>\n',
        encoding="utf-8",
    )
    tree = parse(render(templates_dir=str(tmp_path))["embed.html"])
    assert len(tree.xpath("//article/h4")) == 2


def test_template_problems_are_publish_errors(tmp_path: Path) -> None:
    with pytest.raises(PublishError, match="does not exist"):
        render(templates_dir=str(tmp_path / "missing"))
    (tmp_path / "embed.html").write_text("{% for c in cards %}", encoding="utf-8")
    with pytest.raises(PublishError, match=r"template embed\.html"):
        render(templates_dir=str(tmp_path))
    (tmp_path / "embed.html").write_text("{{ no_such_variable }}", encoding="utf-8")
    with pytest.raises(PublishError, match="no_such_variable"):
        render(templates_dir=str(tmp_path))


def test_an_area_slug_that_is_no_file_name_is_refused() -> None:
    with pytest.raises(PublishError, match="slug"):
        render(areas=(AreaDef("../evil", "Evil"),))
