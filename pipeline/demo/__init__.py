"""``python -m pipeline demo``: the whole product, offline, in one command.

The package carries sample sites (``sites/``) modelled on the sources the city works with: an
Intercultural Cities-like newsroom of HTML cards (English), a Union of Polish Metropolises-like
news list (Polish), a WordPress-like RSS feed, a windows-1250 feed served with a misleading
Content-Type, and an Atom feed of Ukrainian entries. The news in them was written for the demo.

``run_demo`` serves those sites on a free port of 127.0.0.1, fills the port into the demo's
``sources.yaml`` template, runs one forced cycle of the ordinary ``Runner`` into ``--output``
with the demo's own state (``var/demo.sqlite3`` unless ``--state``), and prints what happened:
the per-source summary, the stories, which of them several sources reported (and why they were
merged), and the file to open. Nothing leaves the machine.

With ``--serve`` the server of ``output/`` is bound before the cycle and its address is the
cycle's ``publish.base_url``, so ``embed.html`` links ``digest.css`` and "Więcej wiadomości"
absolutely and works pasted into a page on any address while the demo runs. Without it nothing
serves ``output/`` and ``base_url`` stays null (the summary says so).

The item links of the HTML sample sites carry the server's port, and an item's identity is its
link; so the port a state was built with is remembered in that state and asked for again on the
next run, which then finds the same items (unchanged sites answer 304, nothing is new).

Over 400 lines: the demo is a script (sample sites, their server, the cycle, the tour it prints)
at the entry layer; nothing imports it, and its parts only make sense read in order.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import logging
import re
import signal
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from string import Template
from types import MappingProxyType
from typing import TypeVar
from urllib.parse import urlsplit

from ..config import parse_config
from ..dedupe import Candidate, decide_story
from ..lock import StateLock
from ..records import AREA_SLUGS, Config, Story
from ..runner import CycleReport, Runner
from ..store import Store

__all__ = ["DEMO_STATE", "SampleSites", "demo_config", "run_demo"]

log = logging.getLogger(__name__)

DEMO_STATE = "var/demo.sqlite3"
HOST = "127.0.0.1"
BASE_PLACEHOLDER = b"{{BASE_URL}}"
# The store's meta key under which the demo remembers the sample sites' address (see the docstring).
_META_BASE_URL = "demo_base_url"

_ServerT = TypeVar("_ServerT", bound=ThreadingHTTPServer)


@dataclass(frozen=True, slots=True)
class Route:
    """One URL of the sample sites: the file under ``sites/`` it serves and its Content-Type."""

    file: str
    content_type: str


ROUTES: MappingProxyType[str, Route] = MappingProxyType(
    {
        "/robots.txt": Route("robots.txt", "text/plain; charset=utf-8"),
        "/en/web/interculturalcities/newsroom": Route("coe/newsroom.html", "text/html;charset=UTF-8"),
        "/metropolie/": Route("ump/index.html", "text/html; charset=UTF-8"),
        "/wielokultury/feed/": Route("wielokultury/feed.xml", "application/rss+xml; charset=UTF-8"),
        # Deliberately misleading, as old municipal CMSes are: the body is windows-1250 (declared
        # in the XML prolog), served as text/xml without a charset, which RFC 3023 made US-ASCII
        # (RFC 7303 defers to the prolog) and many clients read as UTF-8. The prolog must win.
        "/cic/rss.xml": Route("cic/rss.xml", "text/xml"),
        "/fundacja/uk/feed/atom/": Route("fundacja/atom.xml", "application/atom+xml; charset=UTF-8"),
    }
)
# Item pages are not part of the demo's cycle (no source has ``enrich``); a browser following a
# card's link while ``--serve`` runs gets a stand-in page rather than a 404.
ARTICLE_PREFIXES: tuple[str, ...] = (
    "/en/web/interculturalcities/-/",
    "/artykul/",
    "/wielokultury/20",
    "/cic/aktualnosci.php",
    "/fundacja/uk/20",
)
ARTICLE_PAGE = Route("article.html", "text/html; charset=utf-8")
IMAGE_TYPES: MappingProxyType[str, str] = MappingProxyType(
    {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
)


def _package_file(*parts: str) -> Traversable:
    return resources.files(__name__).joinpath(*parts)


def demo_config(
    base_url: str, *, base_dir: Path | None = None, publish_base_url: str | None = None
) -> Config:
    """The demo's ``Config``: the bundled ``sources.yaml`` template with ``base_url`` filled in.

    ``base_dir`` is what a relative ``state:`` is resolved against (default: the current folder,
    as for a sources.yaml there). ``publish_base_url``: where ``output/`` is served
    (``publish.base_url``), None when nothing serves it. Raises ``ConfigError`` like any
    sources.yaml would.
    """
    template = _package_file("sources.yaml").read_text(encoding="utf-8")
    publish = json.dumps(publish_base_url) if publish_base_url else "null"  # a JSON string is YAML
    text = Template(template).substitute(BASE_URL=base_url.rstrip("/"), PUBLISH_BASE_URL=publish)
    return parse_config(text, name="pipeline/demo/sources.yaml", base_dir=base_dir or Path.cwd())


# --- the sample sites server ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Page:
    body: bytes
    content_type: str
    etag: str


class _SitesHandler(BaseHTTPRequestHandler):
    """GET/HEAD of the sample sites, with ETag validators (the pipeline sends If-None-Match)."""

    protocol_version = "HTTP/1.1"
    server: _SitesHTTPServer

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def log_message(self, format: str, *args: object) -> None:
        log.debug("demo sites: " + format, *args)

    def _answer(self, *, with_body: bool) -> None:
        page = self.server.pages.page(urlsplit(self.path).path)
        if page is None:
            self._send(404, "text/plain; charset=utf-8", b"not found\n", None, with_body)
            return
        if page.etag in _etags(self.headers.get("If-None-Match")):
            self._send(304, None, b"", page.etag, with_body=False)
            return
        self._send(200, page.content_type, page.body, page.etag, with_body)

    def _send(
        self, status: int, content_type: str | None, body: bytes, etag: str | None, with_body: bool
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        if etag:
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", "no-cache")
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body and body:
            self.wfile.write(body)


def _etags(header: str | None) -> set[str]:
    """The entity tags of an If-None-Match header (weak ones compare equal, RFC 9110 §13.1.2)."""
    if not header:
        return set()
    return {tag.strip().removeprefix("W/") for tag in header.split(",")}


class _Pages:
    """The bytes of the sample pages, with the server's address filled in; each read on first use."""

    def __init__(self, root: Traversable, base_url: str):
        self._root = root
        self._base = base_url.encode("ascii")
        self._cache: dict[str, _Page | None] = {}
        self._lock = threading.Lock()

    def page(self, path: str) -> _Page | None:
        """The page served at ``path``, or None (404)."""
        route = self.route(path)
        if route is None:
            return None
        with self._lock:
            if route.file not in self._cache:
                self._cache[route.file] = self._load(route)
            return self._cache[route.file]

    @staticmethod
    def route(path: str) -> Route | None:
        """Which file (and Content-Type) a path of the sample sites is."""
        if path in ROUTES:
            return ROUTES[path]
        if path.startswith("/images/"):
            name = path.removeprefix("/images/")
            suffix = Path(name).suffix.lower()
            if "/" not in name and name and suffix in IMAGE_TYPES:
                return Route(f"images/{name}", IMAGE_TYPES[suffix])
            return None
        if path.startswith(ARTICLE_PREFIXES):
            return ARTICLE_PAGE
        return None

    def _load(self, route: Route) -> _Page | None:
        resource = self._root.joinpath(*route.file.split("/"))
        if not resource.is_file():
            return None
        body = resource.read_bytes()
        if not route.content_type.startswith("image/"):
            body = _relative_dates(body.replace(BASE_PLACEHOLDER, self._base), datetime.now(UTC))
        return _Page(body, route.content_type, f'"{hashlib.sha256(body).hexdigest()[:20]}"')


# "{{DAYS+12:pl}}": a day relative to today, so the demo always announces events still to come
# (issue 18). Forms: pl ("22 kwietnia 2026"), en ("22 April 2026"), rfc (an RFC 822 pubDate).
_RELATIVE_DATE = re.compile(rb"\{\{DAYS([+-]\d+):(pl|en|rfc)\}\}")
_POLISH_MONTHS = ("stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia",
                  "września", "października", "listopada", "grudnia")  # fmt: skip


def _relative_dates(body: bytes, now: datetime) -> bytes:
    def date_text(match: re.Match[bytes]) -> bytes:
        day = now + timedelta(days=int(match.group(1)))
        form = match.group(2)
        if form == b"pl":
            return f"{day.day} {_POLISH_MONTHS[day.month - 1]} {day.year}".encode()
        if form == b"en":
            return f"{day.day} {day:%B} {day.year}".encode()
        return format_datetime(day.replace(hour=9, minute=0, second=0, microsecond=0)).encode()

    return _RELATIVE_DATE.sub(date_text, body)


class _SitesHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    pages: _Pages


class SampleSites:
    """The bundled sample sites, served on 127.0.0.1 for the length of a ``with`` block.

    ``preferred_port``: try this port first (the one a demo state was built with), else any free
    one; ``base_url`` says which it got.
    """

    def __init__(self, *, preferred_port: int | None = None, root: Traversable | None = None):
        self.root = root or _package_file("sites")
        self.preferred_port = preferred_port
        self._server: _SitesHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` (no trailing slash)."""
        if self._server is None:
            raise RuntimeError("the sample sites are not being served")
        return f"http://{HOST}:{self._server.server_address[1]}"

    def __enter__(self) -> SampleSites:
        self._server = _bind(_SitesHTTPServer, _SitesHandler, self.preferred_port)
        self._server.pages = _Pages(self.root, self.base_url)
        self._thread = threading.Thread(target=self._server.serve_forever, name="demo-sites", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None


def _bind(
    server_class: type[_ServerT], handler: Callable[..., BaseHTTPRequestHandler], port: int | None
) -> _ServerT:
    """A server on 127.0.0.1: on ``port`` when it is free, else on a port the system picks."""
    if port:
        try:
            return server_class((HOST, port), handler)
        except OSError as exc:
            log.info("port %d is not available (%s); using another one", port, exc)
    return server_class((HOST, 0), handler)


# --- the demo command ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Merge:
    """A story that several sources reported: its title, the sources, and why each joined it."""

    title: str
    source_names: tuple[str, ...]
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DemoResult:
    """What one demo cycle produced, for the printout (and for tests)."""

    report: CycleReport
    stories: tuple[Story, ...]
    merges: tuple[Merge, ...]


def run_demo(args: argparse.Namespace) -> int:
    """The ``demo`` command: serve the sample sites, run a cycle into ``args.output``, report.

    ``args`` carries ``output``, ``state`` (None: the demo's own ``var/demo.sqlite3``),
    ``quiet`` and ``serve`` (keep serving ``output/`` and the sample sites until Ctrl-C).
    ``args.config`` is ignored: the demo brings its own sources. Returns the exit code: 0, or 2
    when ``--state`` names a state that other sources filled (the demo would mix into it).
    """
    from ..report import cycle_summary

    output = Path(args.output)
    state = Path(args.state) if getattr(args, "state", None) else Path(DEMO_STATE)
    with StateLock(state, purpose="python -m pipeline demo"):
        remembered, foreign = _inspect_state(state)
        if foreign:
            print(
                f"error: {state} holds items that no demo collected; the demo keeps its own state "
                f"(default {DEMO_STATE}): pass another --state",
                file=sys.stderr,
            )
            return 2
        serve = bool(getattr(args, "serve", False))
        # Bound before the cycle: its address is the published base_url (see the docstring).
        output_server = _output_server(output) if serve else None
        with SampleSites(preferred_port=_port_of(remembered)) as sites, _closing_if(output_server):
            publish_url = _server_url(output_server) if output_server else None
            config = demo_config(sites.base_url, publish_base_url=publish_url)
            result = run_demo_cycle(config, sites.base_url, output=output, state=state)
            if not args.quiet:
                print(f"Demo: {len(config.sources)} sample sites served at {sites.base_url} (offline)")
                print()
                print(cycle_summary(result.report, config, output_dir=str(output)))
                print()
                moved = remembered is not None and remembered != sites.base_url
                _print_result(result, config, output, moved_port=moved)
            if output_server is not None:
                _serve_output(output_server, output, quiet=args.quiet)
    return 0


def run_demo_cycle(config: Config, base_url: str, *, output: Path, state: Path) -> DemoResult:
    """One forced cycle of the demo's sources, then what the state holds; the caller holds the lock.

    Remembers ``base_url`` in the state, so the next run asks for the same port.
    """
    runner = Runner(config, output_dir=output, state_path=state)
    report = runner.run_cycle(force=True)
    with Store(state) as store:
        with store.transaction():
            store.set_meta(_META_BASE_URL, base_url)
        stories = tuple(runner.load_stories(store))
        merges = tuple(_merges(store, stories))
    return DemoResult(report, stories, merges)


def _inspect_state(state: Path) -> tuple[str | None, bool]:
    """The sample sites' address a demo state was built with, and whether the state is another's.

    A state with items but without the demo's mark was filled by ``run`` or the scheduler: the
    demo's sample news must not be mixed into it.
    """
    if not state.exists():
        return None, False
    with Store(state) as store:
        remembered = store.get_meta(_META_BASE_URL)
        return remembered, remembered is None and store.count_items() > 0


def _port_of(base_url: str | None) -> int | None:
    if not base_url:
        return None
    try:
        return urlsplit(base_url).port
    except ValueError:
        return None


def _merges(store: Store, stories: Sequence[Story]) -> Iterator[Merge]:
    """The stories with items from several sources, each later item's reason re-derived.

    The reason strings are ``decide_story``'s own: the same pure decision the cycle made, asked
    again of each item against the items that were in its story before it.
    """
    shared = [story for story in stories if len(story.source_ids) > 1]
    members = store.story_items([story.id for story in shared])
    for story in shared:
        ordered = [stored.item for _row, stored in members[story.id]]
        reasons = []
        for index, item in enumerate(ordered[1:], start=1):
            earlier = [Candidate(story.id, other) for other in ordered[:index]]
            decision = decide_story(item, earlier)
            reasons.append(f"{item.source_id}: {decision.reason}")
        yield Merge(story.representative.title, story.source_names, tuple(reasons))


def _print_result(result: DemoResult, config: Config, output: Path, *, moved_port: bool) -> None:
    stories = result.stories
    items = sum(len(story.items) for story in stories)
    print(f"{len(stories)} stories in {output}/ from {items} items of {len(config.sources)} sources.")
    if result.report.items_new == 0:
        print("No new items: the sample sites have not changed since the last demo run on this state.")
    if moved_port:
        print(
            "Note: this state was built while the sample sites had another port, which is taken now; "
            "their HTML items look new. Delete the state (or pass --state) for a clean demo."
        )
    if result.merges:
        print(f"Told by several sources, published once ({len(result.merges)}):")
        for merge in result.merges:
            print(f"  * {merge.title}")
            print(f"    sources: {', '.join(merge.source_names)}")
            for reason in merge.reasons:
                print(f"    why: {reason}")
    areas = Counter(slug for story in stories for slug, _label in story.area_labels)
    labels = {area.slug: area.label for area in config.areas}
    print(
        "Areas: "
        + ", ".join(f"{labels.get(slug, slug)} {areas.get(slug, 0)}" for slug in AREA_SLUGS)
        + f"; no area {sum(not story.area_labels for story in stories)}"
    )
    languages = Counter(story.representative.language for story in stories)
    print("Languages: " + ", ".join(f"{lang} {count}" for lang, count in languages.most_common()))
    print()
    index = (output / "index.html").resolve()
    print(f"Open {index}")
    print(
        "  (also feed.xml, atom.xml, feed.json, areas/*.xml and embed.html there). Images and links "
        "point to the sample sites,\n  which live only while the demo runs: add --serve to browse "
        "them too."
    )
    if config.publish.base_url:
        print(
            f"embed.html links digest.css and page-2.html at {config.publish.base_url} (publish.base_url): "
            "paste it into a page on any address while the demo serves."
        )
    else:
        print(
            "publish.base_url is null here (nothing serves output/ after the demo): embed.html links "
            "digest.css and page-2.html\n  relatively, so it works only beside them; with --serve the "
            "demo publishes with its own server's address."
        )
    print()
    print("Next, the real sources (sources.yaml in the project folder; needs the internet):")
    print("  python -m pipeline check      # validate sources.yaml")
    print("  python -m pipeline run        # one cycle: fetch, tag, deduplicate, publish to output/")
    print("  python scheduler.py           # keep running: each source on its own interval")


class _QuietFiles(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        log.debug("demo output: " + format, *args)


def _output_server(output: Path) -> ThreadingHTTPServer:
    """A server of ``output/`` bound to a free port of 127.0.0.1; it answers once served."""
    output.mkdir(parents=True, exist_ok=True)  # the handler serves this folder: it must exist
    handler = functools.partial(_QuietFiles, directory=str(output.resolve()))
    server = _bind(ThreadingHTTPServer, handler, None)
    server.daemon_threads = True
    return server


def _server_url(server: ThreadingHTTPServer) -> str:
    """``http://127.0.0.1:PORT/``: the folder ``output/`` is served at."""
    return f"http://{HOST}:{server.server_address[1]}/"


def _serve_output(server: ThreadingHTTPServer, output: Path, *, quiet: bool) -> None:
    """Serve ``output/`` until Ctrl-C or SIGTERM (the sample sites stay up for images and links)."""
    with _sigterm_interrupts():
        print(f"Serving {output}/ at {_server_url(server)}index.html — press Ctrl-C to stop.", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            if not quiet:
                print("\nStopped.")


@contextmanager
def _closing_if(server: ThreadingHTTPServer | None) -> Iterator[None]:
    try:
        yield
    finally:
        if server is not None:
            server.server_close()


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """Let SIGTERM (systemd, a container, ``kill``) stop ``--serve`` as cleanly as Ctrl-C does."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
