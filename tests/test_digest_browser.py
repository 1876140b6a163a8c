"""The HTML digest in a real browser: axe (WCAG 2.1 A/AA), layout, screenshots, and the Nu checker.

The rendered files are written to ``tmp_path`` and served from 127.0.0.1 (every response with a
strict ``Content-Security-Policy: default-src 'self'``), with a host page that includes
``embed.html`` the way the city's site would. ``tests/browser/check-pages.mjs`` drives Debian's
chromium with playwright-core and @axe-core/playwright (one browser launch for every check) and
prints JSON; the Nu HTML checker (npm ``vnu-jar``) validates the pages meanwhile. Screenshots are
kept in ``tests/artifacts/digest/``.

``bash tests/browser/setup.sh`` installs the tools. Without them these tests skip, except in CI
(``CI`` set), where a missing tool is a failure.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pipeline.publish.digest import render_digest
from pipeline.records import PublishSettings

from .test_digest import AREAS, GENERATED, SITE, load_stories

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
BROWSER_DIR = ROOT / "tests" / "browser"
ARTIFACTS = ROOT / "tests" / "artifacts" / "digest"
CHROMIUM = Path("/usr/bin/chromium")
VNU_JAR = BROWSER_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CSP = "default-src 'self'"
WIDTHS = (1280, 375, 320)
SCREENSHOT_WIDTHS = (1280, 375)
TIMEOUT_S = 120
PAGES = (
    ("index", "index.html"),
    ("area", "areas/integracja.html"),
    ("events", "events.html"),
    ("host", "host.html"),
)
CARD_PAGES = ("index", "area", "host")  # events.html lists events, not cards
# A host stylesheet with the blunt element rules a real site has: the block must hold its own.
HOST_CSS = """\
body { margin: 0 auto; max-width: 70rem; padding: 1rem; font-family: Georgia, serif; color: #222; }
h1 { font-size: 1.75rem; overflow-wrap: anywhere; }
h2 { color: #8b0000; font-size: 2.5rem; text-transform: uppercase; }
ul { list-style: square; padding-left: 3rem; }
a { color: #a00000; }
img { border: 4px solid #000; }
p { margin: 2rem 0; }
"""


# --- the tools -------------------------------------------------------------------------------------


def _missing_tools() -> list[str]:
    missing = []
    if shutil.which("node") is None:
        missing.append("node")
    if not CHROMIUM.exists():
        missing.append(str(CHROMIUM))
    for package in ("playwright-core", "@axe-core/playwright"):
        if not (BROWSER_DIR / "node_modules" / package / "package.json").exists():
            missing.append(f"npm {package}")
    if shutil.which("java") is None:
        missing.append("java")
    if not VNU_JAR.exists():
        missing.append("npm vnu-jar")
    return missing


def require_browser_tools() -> None:
    """Skip without the browser tools, but fail in CI, which must have them."""
    missing = _missing_tools()
    if missing:
        reason = f"browser tools missing ({', '.join(missing)}): run bash tests/browser/setup.sh"
        if os.environ.get("CI"):
            pytest.fail(reason + " — CI must have them", pytrace=False)
        pytest.skip(reason)


@pytest.fixture(scope="module")
def tools() -> None:
    require_browser_tools()


# --- the site ----------------------------------------------------------------------------------------


class _Handler(SimpleHTTPRequestHandler):
    """Serves the folder with the host's strict policy on every response; quiet."""

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass(frozen=True)
class ServedSite:
    root: Path
    base_url: str


def _svg(number: int) -> bytes:
    hue = (number * 47) % 360
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360" viewBox="0 0 640 360">'
        f'<rect width="640" height="360" fill="hsl({hue} 55% 42%)"/>'
        f'<circle cx="520" cy="90" r="60" fill="hsl({(hue + 40) % 360} 70% 70%)"/>'
        '<text x="40" y="320" font-family="DejaVu Sans, sans-serif" font-size="48" fill="#fff">'
        f"zdjęcie {number}</text>"
        "</svg>"
    ).encode()


def _host_page(embed: bytes) -> bytes:
    return (
        b'<!DOCTYPE html>\n<html lang="pl">\n<head>\n<meta charset="utf-8">\n'
        b'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        b"<title>Dialog mi\xc4\x99dzykulturowy \xe2\x80\x93 strona miasta (test)</title>\n"
        b'<link rel="stylesheet" href="host.css">\n</head>\n<body>\n'
        b"<header><p>Wroc\xc5\x82aw \xe2\x80\x93 strona testowa osadzenia</p></header>\n"
        b"<main>\n<h1>Dialog mi\xc4\x99dzykulturowy</h1>\n<p>Tekst strony miasta przed blokiem.</p>\n"
        + embed
        + b"</main>\n</body>\n</html>\n"
    )


def _upcoming() -> list:  # type: ignore[type-arg]
    """Invitations to come (issue 18): the first page, the embed and events.html list them."""
    from pipeline.publish.upcoming import story_events, upcoming

    from .test_events_publish import invitation_stories

    stories = invitation_stories()
    return upcoming(stories, story_events(stories, now=GENERATED), now=GENERATED)


@pytest.fixture(scope="module")
def site(tools: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    root = tmp_path_factory.mktemp("digest-site")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(root)))
    base_url = f"http://127.0.0.1:{server.server_address[1]}/"
    files = render_digest(
        load_stories(image_base=base_url + "img/"),
        site=SITE,
        publish=PublishSettings(page_size=10, pages=3, events=2),
        areas=AREAS,
        generated=GENERATED,
        upcoming=_upcoming(),
    )
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    (root / "img").mkdir()
    for number in range(1, 26):
        (root / "img" / f"{number}.svg").write_bytes(_svg(number))
    (root / "host.css").write_text(HOST_CSS, encoding="utf-8")
    (root / "host.html").write_bytes(_host_page(files["embed.html"]))
    (root / "favicon.ico").write_bytes(b"")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield ServedSite(root, base_url)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@dataclass(frozen=True)
class Results:
    browser: dict
    vnu: list[dict]


@pytest.fixture(scope="module")
def results(site: ServedSite) -> Results:
    """Runs the browser script and the Nu checker side by side, once for every test here."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    config = {
        "baseUrl": site.base_url,
        "chromium": str(CHROMIUM),
        "artifacts": str(ARTIFACTS),
        "widths": list(WIDTHS),
        "screenshotWidths": list(SCREENSHOT_WIDTHS),
        "pages": [
            {
                "name": name,
                "path": path,
                "axe": True,
                "accessibleLinks": [
                    "Czytaj dalej – Warsztaty antyplotkowe dla nauczycieli szkół podstawowych",
                ]
                if name != "area"
                else ["Czytaj dalej – Dzień Sąsiada na Nadodrzu"],
            }
            for name, path in PAGES
        ],
    }
    config_path = site.root.parent / "browser-config.json"
    config_path.write_text(json.dumps(config), encoding="utf-8")
    vnu = subprocess.Popen(
        [
            "java",
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            str(site.root / "index.html"),
            str(site.root / "page-3.html"),
            str(site.root / "areas" / "integracja.html"),
            str(site.root / "host.html"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        browser = subprocess.run(
            ["node", str(BROWSER_DIR / "check-pages.mjs"), str(config_path)],
            cwd=BROWSER_DIR,
            capture_output=True,
            timeout=TIMEOUT_S,
            check=False,
        )
        _, vnu_err = vnu.communicate(timeout=TIMEOUT_S)
    finally:
        if vnu.poll() is None:
            vnu.kill()
            vnu.wait()
    assert browser.returncode == 0, f"check-pages.mjs failed:\n{browser.stderr.decode(errors='replace')}"
    # vnu writes its JSON report to stderr; exit code 1 only means "errors found".
    report = json.loads(vnu_err.decode("utf-8") or '{"messages": []}')
    return Results(browser=json.loads(browser.stdout), vnu=report["messages"])


# --- the checks ------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", [name for name, _ in PAGES])
def test_no_axe_violations_of_wcag21_aa(results: Results, page: str) -> None:
    axe = results.browser["pages"][page]["axe"]
    assert axe["passes"] > 10, "axe ran"
    assert axe["violations"] == [], json.dumps(axe["violations"], ensure_ascii=False, indent=1)


@pytest.mark.parametrize("page", CARD_PAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_cards_images_titles_and_links_are_visible(results: Results, page: str, width: int) -> None:
    layout = results.browser["pages"][page]["layouts"][str(width)]
    assert layout["viewport"] == width
    # No horizontal scrolling, down to 320 px.
    assert layout["scrollWidth"] <= layout["viewport"], (
        f"scrolls sideways at {width}px: {layout['overflowing']}"
    )
    assert len(layout["cards"]) >= 5
    images = 0
    for card in layout["cards"]:
        label = f"{page}@{width}: {card['title'][:40]!r}"
        boxes = [("title", card["titleBox"]), ("card", card["cardBox"])]
        boxes += [(f"link {link['text'][:20]!r}", link["box"]) for link in card["links"]]
        if card["image"]:
            images += 1
            assert card["image"]["loaded"], f"{label}: image did not load"
            boxes.append(("image", card["image"]["box"]))
        for what, box in boxes:
            # A visually-hidden span aside, everything a person should see has a real size and
            # stays inside the viewport.
            assert box["visible"], f"{label}: {what} hidden"
            assert box["width"] > 0 and box["height"] > 0, f"{label}: {what} has no size"
            assert box["left"] >= 0 and box["right"] <= width + 0.5, f"{label}: {what} outside {box}"
        assert any(link["text"].startswith("Czytaj dalej") for link in card["links"]) == bool(
            [link for link in card["links"] if link["href"].startswith("http")]
        )
    assert images >= 4, "cards with images were drawn"


def test_cards_sit_side_by_side_on_a_wide_screen_and_stack_on_a_phone(results: Results) -> None:
    wide = results.browser["pages"]["index"]["layouts"]["1280"]["cards"]
    narrow = results.browser["pages"]["index"]["layouts"]["375"]["cards"]
    assert len({round(c["cardBox"]["left"]) for c in wide[:6]}) >= 3
    assert len({round(c["cardBox"]["left"]) for c in narrow}) == 1


@pytest.mark.parametrize("page", ["index", "host"])
def test_more_news_link_is_visible(results: Results, page: str) -> None:
    for width in WIDTHS:
        (more,) = results.browser["pages"][page]["layouts"][str(width)]["more"]
        assert more["href"] == "page-2.html"
        assert more["box"]["visible"] and more["box"]["width"] > 0


@pytest.mark.parametrize("page", [name for name, _ in PAGES])
def test_no_dialog_console_error_or_executed_payload(results: Results, page: str) -> None:
    result = results.browser["pages"][page]
    assert result["events"] == []
    assert result["pwned"] is False
    assert result["scripts"] == 0


@pytest.mark.parametrize("page", CARD_PAGES)
def test_read_more_links_are_named_with_the_title(results: Results, page: str) -> None:
    for name, count in results.browser["pages"][page]["accessibleLinks"].items():
        assert count == 1, f"no link named {name!r}"


@pytest.mark.parametrize("page", CARD_PAGES)
def test_keyboard_focus_is_visible_and_motion_can_be_reduced(results: Results, page: str) -> None:
    result = results.browser["pages"][page]
    focus = result["focus"]
    assert focus["tag"] == "a"
    assert focus["outlineStyle"] != "none" and focus["outlineWidth"] >= 2
    assert focus["inViewport"]
    assert result["reducedMotionTransition"] == "0s"
    assert result["motionTransition"] != "0s"


def test_screenshots_are_kept(results: Results) -> None:
    for page, _ in PAGES:
        for width in SCREENSHOT_WIDTHS:
            shot = ARTIFACTS / f"{page}-{width}.png"
            assert shot.exists() and shot.stat().st_size > 10_000, shot


def test_nu_html_checker_finds_no_errors(results: Results) -> None:
    errors = [m for m in results.vnu if m.get("type") in ("error", "non-document-error")]
    assert errors == [], json.dumps(errors, ensure_ascii=False, indent=1)
