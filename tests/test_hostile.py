"""Hostile content: XSS vectors in feeds and listings never reach an output, nor execute (issue 9)."""

from __future__ import annotations

import functools
import html
import json
import os
import re
import shutil
import subprocess
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import feedparser
import pytest

from pipeline.config import parse_config
from pipeline.runner import Runner
from tests.server import Page

PWN = "window.__pwned=1"
VECTORS = [
    f"<script>{PWN}</script>",
    f'<img src=x onerror="{PWN}">',
    f'<svg onload="{PWN}"><circle r=1 /></svg>',
    f'<a href="javascript:{PWN}">js</a>',
    f'<a href="&#106;avascript:{PWN}">entity</a>',
    f'<a href="java&#x09;script:{PWN}">tab</a>',
    f'<a href="javascript&colon;{PWN}">colon</a>',
    f'<a href="JaVaScRiPt:{PWN}">case</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+">data</a>',
    f'<iframe src="javascript:{PWN}"></iframe>',
    f'<meta http-equiv="refresh" content="0;url=javascript:{PWN}">',
    '<base href="http://evil.invalid/">',
    f'<div style="background:url(javascript:{PWN})">css</div>',
    '<div style="width: expression(alert(1))">ie</div>',
    f'<math><mtext><table><mglyph><style><img src=x onerror="{PWN}"></style></mglyph></table></mtext></math>',
    f'<form action="javascript:{PWN}"><button>go</button></form>',
    f'<object data="javascript:{PWN}"></object>',
    f'<body onload="{PWN}">',
    f'<img src="javascript:{PWN}" alt="x">',
]
PAYLOAD = "".join(VECTORS)


def _feed() -> bytes:
    escaped = html.escape(PAYLOAD)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>Evil &lt;script&gt;feed</title><link>http://evil.invalid/</link><description>d</description>
<item><title>&lt;script&gt;{PWN}&lt;/script&gt;Tytuł z markupem &lt;img src=x onerror={PWN}&gt;</title>
<link>javascript:{PWN}</link><guid>evil-1</guid><author>&lt;b onmouseover={PWN}&gt;Autor&lt;/b&gt;</author>
<pubDate>Mon, 19 May 2025 10:00:00 GMT</pubDate>
<description>{escaped}</description><content:encoded><![CDATA[{PAYLOAD}]]></content:encoded>
<media:content url="javascript:{PWN}" medium="image"/></item>
<item><title>Second: entity-encoded &amp;lt;script&amp;gt; title</title>
<link>http://evil.invalid/2</link><guid>evil-2</guid><pubDate>Mon, 19 May 2025 09:00:00 GMT</pubDate>
<description><![CDATA[<p>Safe text <a href="http://ok.invalid/">ok link</a></p><img src="data:image/svg+xml,&lt;svg onload={PWN}&gt;">]]></description>
</item></channel></rss>""".encode()


def _listing() -> bytes:
    return f"""<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8"><title>Lista</title>
<base href="javascript:{PWN}//"></head><body>
<article class="card"><h3><a href="javascript:{PWN}">Karta &lt;script&gt;{PWN}&lt;/script&gt; pierwsza</a></h3>
<img src="javascript:{PWN}" data-src="data:text/html,&lt;script&gt;{PWN}&lt;/script&gt;"
 alt="&quot;&gt;&lt;img src=x onerror={PWN}&gt;Opis zdjęcia">
<p>{html.escape(PAYLOAD)} Zwykły tekst.</p><span class="date">19 maja 2025</span></article>
<article class="card"><h3><a href="/karta/2" onclick="{PWN}">Karta druga <svg onload="{PWN}"/></a></h3>
<img src="/img/2.jpg" alt="Zdjęcie przedstawia ludzi" onerror="{PWN}"><p>{PAYLOAD}</p>
<span class="date">18 maja 2025</span></article>
</body></html>""".encode()


# What must never appear: markup that runs, and URLs with a dangerous scheme (browsers ignore
# tabs and newlines inside a scheme, so "java\tscript:" counts).
_SCHEME = "|".join(r"\s*".join(word) for word in ("javascript", "vbscript", "data"))
FORBIDDEN_HTML = [
    re.compile(r"<\s*(script|iframe|object|embed|svg|math|form|base|style)\b", re.I),
    re.compile(r"<[^>]*\son[a-z]+\s*=", re.I),
    re.compile(rf"(href|src|action|data|srcset|poster)\s*=\s*[\"']?\s*({_SCHEME})\s*:", re.I),
    re.compile(r"http-equiv\s*=\s*[\"']?refresh", re.I),
    re.compile(r"expression\s*\(", re.I),
    re.compile(r"url\s*\(\s*[\"']?\s*javascript", re.I),
]


def _violations(markup: str) -> list[str]:
    return [m.group(0) for pattern in FORBIDDEN_HTML for m in pattern.finditer(markup)]


def _scan_outputs(output: Path) -> dict[str, list[str]]:
    """Every output, each read the way its consumers read it (XML and JSON fields unescaped)."""
    found: dict[str, list[str]] = {}
    for path in sorted(output.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(output).as_posix()
        text = path.read_text(encoding="utf-8")
        bad = []
        if name.endswith(".html") or name.endswith(".css"):
            bad = _violations(text)
        elif name.endswith(".xml"):
            parsed = feedparser.parse(text.encode(), sanitize_html=False, resolve_relative_uris=False)
            assert parsed.bozo == 0, (name, parsed.get("bozo_exception"))
            for entry in parsed.entries:
                values = [
                    entry.get("title", ""),
                    entry.get("summary", ""),
                    entry.get("author", ""),
                    entry.get("link", ""),
                ]
                values += [c.get("value", "") for c in entry.get("content", [])]
                values += [link.get("href", "") for link in entry.get("links", [])]
                values += [m.get("url", "") for m in entry.get("media_content", [])]
                bad += [v for v in values if v.lower().startswith(("javascript", "data:", "vbscript"))]
                bad += [hit for v in values for hit in _violations(v)]
        elif name.endswith(".json"):

            def strings(node: object) -> list[str]:
                if isinstance(node, str):
                    return [node]
                if isinstance(node, dict):
                    return [s for v in node.values() for s in strings(v)]
                if isinstance(node, list):
                    return [s for v in node for s in strings(v)]
                return []

            for value in strings(json.loads(text)):
                bad += _violations(value)
                if value.lower().lstrip().startswith(("javascript", "vbscript", "data:")):
                    bad.append(value)
        if bad:
            found[name] = bad
    return found


@pytest.fixture
def hostile_output(tmp_path: Path, server) -> Path:
    server.routes["/evil.xml"] = Page(_feed())
    server.routes["/lista"] = Page(_listing(), content_type="text/html; charset=utf-8")
    config = parse_config(
        f"""
sources:
  - id: evil-feed
    name: "Evil <script>alert(1)</script> feed"
    url: {server.url("/evil.xml")}
  - id: evil-list
    name: Evil list
    url: {server.url("/lista")}
    kind: html
    selectors:
      item: article.card
      title: h3
      date: .date
      summary: p
      image: img
""",
        base_dir=tmp_path,
    )
    report = Runner(config, output_dir=tmp_path / "output").run_cycle()
    assert {r.outcome for r in report.sources} == {"ok"}, report
    return tmp_path / "output"


def test_no_vector_survives_into_any_output(hostile_output: Path) -> None:
    assert _scan_outputs(hostile_output) == {}
    feed = json.loads((hostile_output / "feed.json").read_text())
    titles = [i["title"] for i in feed["items"]]
    assert any(t.startswith("Tytuł z markupem") for t in titles)  # the readable part stays
    assert "Karta druga" in titles
    assert all("<" not in t for t in titles), titles
    index = (hostile_output / "index.html").read_text()
    assert "Zwykły tekst." in index and "Zdjęcie przedstawia ludzi" in index


def test_the_scan_itself_catches_vectors() -> None:
    for vector in VECTORS[:10] + VECTORS[14:]:
        assert _violations(html.unescape(vector)), vector


BROWSER_DIR = Path(__file__).parent / "browser"
CHROMIUM = Path("/usr/bin/chromium")


def _browser_tools_missing() -> list[str]:
    missing = [] if shutil.which("node") else ["node"]
    missing += [] if CHROMIUM.exists() else [str(CHROMIUM)]
    if not (BROWSER_DIR / "node_modules" / "playwright-core" / "package.json").exists():
        missing.append("npm playwright-core")
    return missing


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.mark.browser
def test_nothing_executes_in_a_browser_without_csp(hostile_output: Path, tmp_path: Path) -> None:
    missing = _browser_tools_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"browser tools missing in CI: {missing}")
        pytest.skip(f"browser tools missing: {missing}; run bash tests/browser/setup.sh")
    # A host page without any Content-Security-Policy: only sanitizing protects it here.
    embed = (hostile_output / "embed.html").read_text()
    (hostile_output / "host.html").write_text(
        f'<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8"><title>Host</title></head>'
        f"<body><main><h1>Host</h1>{embed}</main></body></html>",
        encoding="utf-8",
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(hostile_output)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        config = {
            "baseUrl": f"http://127.0.0.1:{server.server_address[1]}/",
            "chromium": str(CHROMIUM),
            "artifacts": str(tmp_path / "shots"),
            "widths": [1280],
            "screenshotWidths": [],
            "pages": [
                {"name": n, "path": p, "axe": False}
                for n, p in [
                    ("index", "index.html"),
                    ("embed-host", "host.html"),
                    ("area", "areas/integracja.html"),
                ]
            ],
        }
        config_path = tmp_path / "browser.json"
        config_path.write_text(json.dumps(config))
        result = subprocess.run(
            ["node", str(BROWSER_DIR / "check-pages.mjs"), str(config_path)],
            cwd=BROWSER_DIR,
            capture_output=True,
            timeout=180,
            check=False,
        )
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    pages = json.loads(result.stdout)["pages"]
    for name, page in pages.items():
        assert page["pwned"] is False, name
        dialogs = [e for e in page["events"] if e["kind"] == "dialog"]
        assert dialogs == [], (name, dialogs)
