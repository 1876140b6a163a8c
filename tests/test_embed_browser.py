"""The embed pasted into a city page with ordinary CMS CSS, from another origin, in Chromium (issue 15).

Two real HTTP servers (tests/server.py) on 127.0.0.1: the digest's origin serves the published
files (rendered with ``publish.base_url`` set to it) and the card images, two of which are 404;
the host's origin (another port) serves a CMS-like page with the embed pasted in and a stylesheet
of blunt, ordinary rules (``html {font-size: 62.5%}``, ``* {box-sizing: content-box}``,
``ul li {list-style: square}`` with ``::before`` bullets, ``p {text-align: justify}``,
``h2 {border-bottom}``, ``a {color: red}``, ``img {border; float; max-width: none}``,
``.entry-content …`` rules) under a strict Content-Security-Policy that allows styles and images
only from itself and the digest's origin. ``tests/browser/check-embed.mjs`` measures both the host
page and the standalone ``index.html`` with computed styles, and the tests compare them.

Screenshots (host and standalone, 1280 and 375 px) go to ``$PW_TEST_ARTIFACTS/embed/`` (CI can
collect that folder), else ``tests/artifacts/embed/``; the path is printed.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from pipeline.publish.digest import render_digest
from pipeline.records import PublishSettings

from .server import Page, TestServer
from .test_digest import AREAS, GENERATED, SITE, load_stories
from .test_digest_browser import BROWSER_DIR, CHROMIUM, ROOT, _svg, require_browser_tools

pytestmark = pytest.mark.browser

ARTIFACTS = Path(os.environ.get("PW_TEST_ARTIFACTS") or ROOT / "tests" / "artifacts") / "embed"
WIDTHS = (1280, 375)
TIMEOUT_S = 120
# Two cards of the first page whose images are 404: one with the source's alt text, one with alt="".
BROKEN_IMAGES = {"7.svg": "Bezpieczny Wrocław", "9.svg": "Refugee response"}
PLACEHOLDER_RGB = (0xE4, 0xE8, 0xED)  # --pw-image-bg of digest.css
LINK = "rgb(11, 74, 127)"  # --pw-link
TEXT = "rgb(27, 31, 36)"  # --pw-text
HOST_CSS = """\
/* What a CMS theme ordinarily has; none of it is aimed at the block. */
html { font-size: 62.5%; }
* { box-sizing: content-box; }
body { margin: 0 auto; max-width: 1100px; padding: 16px; font-family: Georgia, serif; font-size: 20px;
       line-height: 2; color: #222; text-align: justify; letter-spacing: 0.02em; }
h1 { font-size: 3.2rem; }
h2 { font-size: 3.2rem; color: #8b0000; text-transform: uppercase; letter-spacing: 0.1em;
     border-bottom: 1px solid; padding-bottom: 0.5em; margin: 2em 0 1em; }
h2::after { content: ""; display: block; width: 40px; height: 3px; background: #8b0000; }
h3 { font-size: 2.6rem; font-style: italic; font-weight: 400; }
p { text-align: justify; text-indent: 1.5em; margin: 2em 0; line-height: 1.9; }
ul { list-style: square; padding-left: 3em; margin: 1.5em 0; }
ul li { list-style: square; margin-bottom: 0.75em; padding-left: 0.5em; }
ul li::before { content: "» "; color: #8b0000; }
a { color: red; text-decoration: underline; font-weight: bold; border-bottom: 1px dotted; }
a:visited { color: purple; }
a[href^="http"]::after { content: " ↗"; }
img { border: 2px solid #000; padding: 4px; max-width: none; float: left; margin: 0 1em 1em 0;
      box-shadow: 0 0 8px #000; vertical-align: middle; }
figure, article { margin: 2em; border-left: 4px solid #ccc; padding-left: 1em; }
time { font-style: italic; color: #666; }
span { letter-spacing: 0.05em; }
section { padding: 40px 0; }
.entry-content p { font-size: 1.8rem; }
.entry-content ul li { list-style-type: disc; }
.entry-content a { color: #c00; text-decoration: underline wavy; }
.entry-content h2 { border-bottom: 3px double #8b0000; }
"""


def _host_page(embed: bytes) -> bytes:
    return (
        b'<!DOCTYPE html>\n<html lang="pl">\n<head>\n<meta charset="utf-8">\n'
        b'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        b"<title>Dialog mi\xc4\x99dzykulturowy \xe2\x80\x93 strona miasta (test)</title>\n"
        b'<link rel="stylesheet" href="/host.css">\n</head>\n<body>\n'
        b'<main class="entry-content">\n<h1>Dialog mi\xc4\x99dzykulturowy</h1>\n'
        b"<p>Tekst strony miasta przed blokiem, wyjustowany jak w wielu szablonach.</p>\n"
        + embed
        + b"<p>Tekst strony miasta po bloku.</p>\n</main>\n</body>\n</html>\n"
    )


@dataclass(frozen=True)
class Served:
    digest: TestServer
    host: TestServer


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    require_browser_tools()
    digest, host = TestServer().start(), TestServer().start()
    try:
        files = render_digest(
            load_stories(image_base=digest.url("/img/")),
            site=SITE,
            publish=PublishSettings(page_size=10, pages=3, base_url=digest.url("/")),
            areas=AREAS,
            generated=GENERATED,
        )
        types = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8"}
        for name, content in files.items():
            digest.routes["/" + name] = Page(
                content,
                content_type=types[Path(name).suffix],
                headers={"Content-Security-Policy": "default-src 'self'"},
            )
        for number in range(1, 26):
            if f"{number}.svg" not in BROKEN_IMAGES:
                digest.routes[f"/img/{number}.svg"] = Page(_svg(number), content_type="image/svg+xml")
        origin = digest.url("")
        host.routes["/"] = Page(
            _host_page(files["embed.html"]),
            content_type="text/html; charset=utf-8",
            # The city's page allows the digest's origin for styles and images, nothing else.
            headers={
                "Content-Security-Policy": f"default-src 'self'; style-src 'self' {origin}; img-src 'self' {origin}"
            },
        )
        host.routes["/host.css"] = Page(HOST_CSS.encode(), content_type="text/css; charset=utf-8")
        yield Served(digest, host)
    finally:
        digest.stop()
        host.stop()


@pytest.fixture(scope="module")
def results(served: Served, tmp_path_factory: pytest.TempPathFactory) -> dict:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    config = {
        "chromium": str(CHROMIUM),
        "artifacts": str(ARTIFACTS),
        "widths": list(WIDTHS),
        "placeholder": list(PLACEHOLDER_RGB),
        "pages": [
            {"name": "host", "url": served.host.url("/"), "axe": True},
            {"name": "standalone", "url": served.digest.url("/index.html")},
        ],
    }
    config_path = tmp_path_factory.mktemp("embed-browser") / "config.json"
    config_path.write_text(json.dumps(config), encoding="utf-8")
    browser = subprocess.run(
        ["node", str(BROWSER_DIR / "check-embed.mjs"), str(config_path)],
        cwd=BROWSER_DIR,
        capture_output=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    assert browser.returncode == 0, f"check-embed.mjs failed:\n{browser.stderr.decode(errors='replace')}"
    print(f"\nembed screenshots: {ARTIFACTS}")
    return json.loads(browser.stdout)


def _layout(results: dict, page: str, width: int) -> dict:
    return results["pages"][page]["layouts"][str(width)]


# --- the stylesheet and the links come from the digest's origin ---------------------------------


def test_the_embed_loads_its_stylesheet_from_the_digests_origin(results: dict, served: Served) -> None:
    css = served.digest.url("/digest.css")
    assert served.digest.url("") != served.host.url("")  # two origins (two ports)
    host = results["pages"]["host"]
    assert [r["status"] for r in host["responses"] if r["url"] == css] == [200] * len(WIDTHS) + [200]
    for width in WIDTHS:
        layout = _layout(results, "host", width)
        assert css in layout["stylesheets"]
        # Only digest.css draws the block's grey box: the styles are applied, not just fetched.
        assert layout["root"]["background-color"] == "rgb(244, 246, 248)"
        assert layout["styleAttributes"] == 0 and layout["scripts"] == 0


def test_more_news_links_absolutely_to_a_page_that_exists(results: dict, served: Served) -> None:
    more = _layout(results, "host", 1280)["more"]
    assert more["href"] == served.digest.url("/page-2.html")
    assert httpx.get(more["href"]).status_code == 200
    assert more["style"]["color"] == LINK and more["style"]["text-decoration-line"] == "underline"


def test_nothing_fails_but_the_two_dead_images(results: dict, served: Served) -> None:
    for page in ("host", "standalone"):
        result = results["pages"][page]
        failed = {r["url"] for r in result["responses"] if r["status"] >= 400}
        assert failed == {served.digest.url(f"/img/{name}") for name in BROKEN_IMAGES}, page
        # Console: the 404s of those images only; no Content-Security-Policy refusal, no error.
        others = [e for e in result["events"] if "404" not in e["text"]]
        assert others == [], others


# --- the host's CSS does not reach inside ----------------------------------------------------------


# "Czytaj dalej" sits at the bottom of its card (margin-top: auto), whose height is its grid row's:
# the used margin depends on the neighbours, which differ where the block is narrower.
_LAYOUT_DEPENDENT = {("more", "margin-top")}


@pytest.mark.parametrize("width", WIDTHS)
def test_cards_look_like_in_the_standalone_digest(results: dict, width: int) -> None:
    host = _layout(results, "host", width)["cards"]
    standalone = {c["title"]: c for c in _layout(results, "standalone", width)["cards"]}
    assert len(host) == 10 and set(standalone) == {c["title"] for c in host}
    differences = []
    for card in host:
        alone = standalone[card["title"]]
        assert set(card["parts"]) == set(alone["parts"]), card["title"]
        for part, style in card["parts"].items():
            for prop, value in style.items():
                if (part, prop) in _LAYOUT_DEPENDENT:
                    continue
                if value != alone["parts"][part][prop]:
                    differences.append(
                        f"{card['title'][:30]!r} {part} {prop}: {value} ≠ {alone['parts'][part][prop]}"
                    )
    assert differences == [], "\n".join(differences[:40])


@pytest.mark.parametrize("width", WIDTHS)
def test_the_hosts_ordinary_rules_do_not_reach_the_cards(results: dict, width: int) -> None:
    layout = _layout(results, "host", width)
    # Font size: the reader's default (16 px), not the host's 20 px body nor its 10 px rem.
    assert layout["root"]["font-size"] == "16px" and layout["root"]["line-height"] == "24px"
    title = layout["embedTitle"]
    assert title["border-bottom-width"] == "0px" and title["border-bottom-style"] == "none"
    assert title["content::after"] == "none" and title["text-transform"] == "none"
    assert title["color"] == TEXT and title["font-size"] == "24px" and title["letter-spacing"] == "normal"
    chips = 0
    for card in layout["cards"]:
        parts = card["parts"]
        assert all(style["box-sizing"] == "border-box" for style in parts.values())
        if "area" in parts:
            chips += 1
            area = parts["area"]
            assert area["list-style-type"] == "none" and area["display"] == "block"
            assert area["content::before"] == "none" and area["padding-left"] != "0px"
            assert parts["areas"]["padding-left"] == "0px" and parts["areas"]["margin-top"] == "0px"
        if "excerpt" in parts:
            excerpt = parts["excerpt"]
            assert excerpt["text-align"] == "start" and excerpt["text-indent"] == "0px"
            assert excerpt["font-size"] == "15px" and excerpt["margin-bottom"] == "0px"
        if "link" in parts:
            link = parts["link"]
            assert link["color"] == LINK and link["text-decoration-line"] == "none"
            assert link["border-bottom-width"] == "0px" and link["content::after"] == "none"
            more = parts["moreLink"]
            assert more["color"] == LINK and more["text-decoration-line"] == "underline"
            assert more["content::after"] == '" →" / ""'
        assert parts["card"]["border-left-width"] == "1px" and parts["card"]["margin-left"] == "0px"
        if "time" in parts:
            assert (
                parts["time"]["font-style"] == "normal" and parts["time"]["color"] == parts["meta"]["color"]
            )
        if card["image"]:
            image, boxes = parts["image"], card["boxes"]
            assert image["border-top-width"] == "0px" and image["padding-top"] == "0px"
            assert image["float"] == "none" and image["box-shadow"] == "none"
            # Edge to edge in the card (inside its 1 px border), 16:9, the image filling its frame
            # (2 px over each edge, clipped: see digest.css).
            assert abs(boxes["media"]["width"] - (boxes["card"]["width"] - 2)) < 0.5
            assert abs(boxes["media"]["height"] - boxes["media"]["width"] * 9 / 16) < 1
            assert abs(boxes["image"]["width"] - (boxes["media"]["width"] + 4)) < 0.5
            assert abs(boxes["image"]["height"] - (boxes["media"]["height"] + 4)) < 0.5
    assert chips >= 8
    assert layout["scrollWidth"] <= layout["viewport"]


# --- a dead image ---------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["host", "standalone"])
@pytest.mark.parametrize("width", WIDTHS)
def test_a_dead_image_leaves_its_frame_plain_and_the_card_in_place(
    results: dict, page: str, width: int
) -> None:
    layout = _layout(results, page, width)
    cards = layout["cards"]
    broken = [c for c in cards if c["image"] and c["image"]["broken"]]
    working = [c for c in cards if c["image"] and not c["image"]["broken"]]
    assert sorted(c["title"][:15] for c in broken) == sorted(t[:15] for t in BROKEN_IMAGES.values())
    assert {c["image"]["alt"] for c in broken} == {"", "Cover of the publication"}
    assert len(working) >= 4
    # No alt text, no broken-image icon, no border: the frame looks exactly as it does with the
    # image taken away, every pixel (edges and rounded corners included), in the frame's colour.
    assert len(layout["brokenFrames"]) == 2
    for frame in layout["brokenFrames"]:
        assert frame["width"] > 100 and frame["height"] > 50 and frame["sameSize"]
        assert frame["differ"] == 0, f"{frame['title']}: {frame['differ']} pixels differ: {frame['sample']}"
        # At the card's rounded top-left corner (an 8 px square) the anti-aliased clip lets a shade
        # of what lies under the cover through (Chromium draws its icon there for alt=""): a few
        # pixels, about 20 of 255 per channel. The icon itself would be ~100 pixels, ~150 darker.
        assert frame["cornerDiffer"] <= 24 and frame["cornerMax"] <= 90, frame
        assert frame["off"] == 0, f"{frame['title']}: {frame['off']} pixels are not the frame's colour"
    # The same frame and the same place for the title as a card whose image loaded.
    reference = working[0]["boxes"]
    offset = reference["title"]["top"] - reference["card"]["top"]
    for card in broken:
        boxes = card["boxes"]
        assert abs(boxes["media"]["height"] - reference["media"]["height"]) < 0.5
        assert abs(boxes["media"]["width"] - reference["media"]["width"]) < 0.5
        assert abs((boxes["title"]["top"] - boxes["card"]["top"]) - offset) < 0.5
    # Nothing moved while the images loaded (or failed to).
    before, after = layout["boxesBeforeImages"], layout["boxesAfterImages"]
    assert len(before) == len(after)
    for first, last in zip(before, after, strict=True):
        assert abs(first["top"] - last["top"]) < 0.5 and abs(first["height"] - last["height"]) < 0.5


# --- accessibility and the screenshots ------------------------------------------------------------


def test_no_axe_violations_on_the_host_page(results: dict) -> None:
    axe = results["pages"]["host"]["axe"]
    assert axe["passes"] > 10, "axe ran"
    assert axe["violations"] == [], json.dumps(axe["violations"], ensure_ascii=False, indent=1)


def test_screenshots_are_kept(results: dict) -> None:
    for page in ("host", "standalone"):
        for width in WIDTHS:
            shot = ARTIFACTS / f"{page}-{width}.png"
            assert shot.exists() and shot.stat().st_size > 10_000, shot
