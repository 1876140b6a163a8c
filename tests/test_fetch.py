"""The fetch layer: unit tests over httpx.MockTransport, and its bounds over real sockets."""

from __future__ import annotations

import asyncio
import gzip
import zlib
from datetime import UTC, datetime

import httpx
import pytest

from pipeline.errors import FetchError
from pipeline.fetch import Fetcher, FetchLimits, is_private_address, parse_retry_after, same_site
from tests.server import Page

NOW = datetime(2025, 5, 20, 10, 0, tzinfo=UTC)


def _response(status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> httpx.Response:
    # A stream, as a real transport gives it (content= would arrive already read).
    return httpx.Response(status, headers=headers, stream=httpx.ByteStream(body))


def _fetch(handler, url: str = "https://feeds.example.org/feed", limits: FetchLimits | None = None, **kw):
    async def go():
        async with Fetcher(
            contact="https://example.org/contact",
            transport=httpx.MockTransport(handler),
            limits=limits,
            clock=lambda: NOW,
        ) as fetcher:
            return await fetcher.fetch("src", url, **kw)

    return asyncio.run(go())


def _ok(body: bytes = b"<rss/>", **headers: str):
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return _response(200, body, headers)

    return handler


def test_sends_user_agent_and_validators() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(304, headers={"ETag": '"v1"'})

    result = _fetch(handler, etag='"v1"', last_modified="Tue, 20 May 2025 08:00:00 GMT")
    assert result.not_modified and result.body == b""
    feed_request = seen[-1]
    assert feed_request.headers["If-None-Match"] == '"v1"'
    assert feed_request.headers["If-Modified-Since"] == "Tue, 20 May 2025 08:00:00 GMT"
    assert feed_request.headers["User-Agent"].startswith("PowiazaneWiadomosci/")
    assert "https://example.org/contact" in feed_request.headers["User-Agent"]


def test_returns_body_headers_and_validators() -> None:
    result = _fetch(_ok(b"<rss>x</rss>", ETag='"abc"', **{"Last-Modified": "Mon, 19 May 2025 10:00:00 GMT"}))
    assert result.status == 200 and result.body == b"<rss>x</rss>"
    assert result.etag == '"abc"' and result.last_modified == "Mon, 19 May 2025 10:00:00 GMT"


@pytest.mark.parametrize(
    ("status", "words"),
    [(404, "404"), (410, "gone"), (500, "500"), (403, "refused")],
)
def test_error_statuses_become_fetch_errors(status: int, words: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404 if request.url.path == "/robots.txt" else status)

    with pytest.raises(FetchError, match=words) as info:
        _fetch(handler)
    assert info.value.http_status == status and info.value.source_id == "src"


@pytest.mark.parametrize("header", ["120", "Tue, 20 May 2025 10:02:00 GMT"])
def test_retry_after_is_read_on_429_and_503(header: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(429, headers={"Retry-After": header})

    with pytest.raises(FetchError) as info:
        _fetch(handler)
    assert info.value.retry_after_s == 120


def test_parse_retry_after() -> None:
    assert parse_retry_after("30", NOW) == 30
    assert parse_retry_after("garbage", NOW) is None
    assert parse_retry_after("Tue, 20 May 2025 09:00:00 GMT", NOW) == 0


def test_robots_txt_is_honoured() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return _response(200, b"User-agent: *\nDisallow: /private/\n")
        return _response(200, b"ok")

    assert _fetch(handler, url="https://feeds.example.org/public/feed").body == b"ok"
    with pytest.raises(FetchError, match=r"robots\.txt"):
        _fetch(handler, url="https://feeds.example.org/private/feed")


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://feeds.example.org/x", "gopher://x/"])
def test_redirect_to_another_scheme_is_refused(target: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(302, headers={"Location": target})

    with pytest.raises(FetchError, match="only http"):
        _fetch(handler)


def test_redirects_are_followed_up_to_five() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        hop = int(request.url.params.get("hop", "0"))
        if hop < 5:
            return httpx.Response(301, headers={"Location": f"/feed?hop={hop + 1}"})
        return _response(200, b"done")

    result = _fetch(handler)
    assert result.body == b"done" and result.url.endswith("hop=5")

    def loop(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(302, headers={"Location": "/feed"})

    with pytest.raises(FetchError, match="more than 5 redirects"):
        _fetch(loop)


def test_body_cap_applies_to_content_length_and_to_decompressed_size() -> None:
    limits = FetchLimits(max_bytes=1000)
    with pytest.raises(FetchError, match="limit"):
        _fetch(_ok(b"x" * 5000), limits=limits)
    bomb = gzip.compress(b"\0" * 200_000)
    with pytest.raises(FetchError, match="limit"):
        _fetch(_ok(bomb, **{"Content-Encoding": "gzip"}), limits=limits)
    small = gzip.compress(b"<rss>" + b"a" * 500 + b"</rss>")
    assert _fetch(_ok(small, **{"Content-Encoding": "gzip"}), limits=limits).body.startswith(b"<rss>aaa")


def test_item_pages_stay_on_the_source_site() -> None:
    with pytest.raises(FetchError, match="not on the source's site"):
        _fetch(_ok(), url="https://elsewhere.example.com/a", same_site_as="https://feeds.example.org/list")
    assert same_site("https://www.coe.int/en/x", "https://coe.int/y")
    assert not same_site("https://coe.int.evil.example/x", "https://coe.int/y")
    # another port is another service (issue 20); http and https of one site stay one site
    assert not same_site("http://coe.int:8080/admin", "https://coe.int/y")
    assert same_site("http://coe.int/x", "https://www.coe.int:443/y")
    assert not same_site("http://coe.int:99999/x", "https://coe.int/y")


@pytest.mark.parametrize(
    ("host", "private"),
    [
        ("127.0.0.1", True),
        ("10.1.2.3", True),
        ("192.168.0.1", True),
        ("169.254.169.254", True),
        ("::1", True),
        ("localhost", True),
        ("8.8.8.8", False),
        ("example.org", False),
        # IPv6 wrappers of an IPv4 address are that address (issue 20): NAT64, 6to4, IPv4-mapped
        ("64:ff9b::7f00:1", True),
        ("64:ff9b::a00:1", True),
        ("64:ff9b:1::808:808", True),  # a local-use translator
        ("64:ff9b::808:808", False),
        ("2002:7f00:1::", True),
        ("2002:c0a8:1::1", True),
        ("2002:808:808::", False),
        ("::ffff:169.254.169.254", True),
        ("2001:4860:4860::8888", False),
    ],
)
def test_private_addresses(host: str, private: bool) -> None:
    assert is_private_address(host) is private


# --- over real sockets ------------------------------------------------------------------------------


def _fetch_real(url: str, limits: FetchLimits | None = None, **kw):
    async def go():
        async with Fetcher(contact="https://example.org/c", limits=limits) as fetcher:
            return await fetcher.fetch("src", url, **kw)

    return asyncio.run(go())


def test_trickling_server_hits_the_overall_deadline(server) -> None:
    # Each byte arrives before the 1 s read timeout, so only the overall deadline can end it.
    server.routes["/slow"] = Page(body=b"<rss>" + b" " * 100 + b"</rss>", fault="trickle")
    with pytest.raises(FetchError, match="deadline") as caught:
        _fetch_real(server.url("/slow"), limits=FetchLimits(deadline_s=1.5, read_timeout_s=1.0))
    assert "overall deadline" in caught.value.message, caught.value.message  # not the read timeout
    assert [r.path for r in server.requests if r.path == "/slow"] == ["/slow"]  # one request, not retried


def test_gzip_bomb_and_huge_body_over_sockets(server) -> None:
    server.routes["/bomb"] = Page(fault="gzip-bomb")
    server.routes["/huge"] = Page(fault="huge")
    with pytest.raises(FetchError, match="limit"):
        _fetch_real(server.url("/bomb"))
    with pytest.raises(FetchError, match="limit"):
        _fetch_real(server.url("/huge"))


def test_redirect_from_public_source_to_private_address_is_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(302, headers={"Location": "http://127.0.0.1:9/admin"})

    with pytest.raises(FetchError, match="private address"):
        _fetch(handler, allow_private=False)


def test_robots_txt_gets_the_same_connected_address_check(server, monkeypatch) -> None:
    """Issue 20: a name that resolved to a public address when checked but connects to a private
    one (DNS rebinding) is refused for robots.txt too, not read and remembered."""

    async def looks_public(self, source_id: str, host: str) -> bool:
        return False

    monkeypatch.setattr(Fetcher, "_is_private_host", looks_public)
    server.routes["/robots.txt"] = Page(body=b"User-agent: *\nDisallow:\n", content_type="text/plain")
    server.routes["/feed"] = Page(body=b"<rss/>")

    async def go() -> dict:
        async with Fetcher(contact="https://example.org/c") as fetcher:
            with pytest.raises(FetchError, match="connected to the private address"):
                await fetcher.fetch("src", server.url("/feed"))
            return fetcher.robots_fetched

    assert asyncio.run(go()) == {}


def test_source_on_a_local_address_may_be_fetched(server) -> None:
    server.routes["/feed"] = Page(body=b"<rss/>")
    assert _fetch_real(server.url("/feed")).body == b"<rss/>"


def test_connection_reset_is_a_fetch_error(server) -> None:
    server.routes["/reset"] = Page(fault="reset")
    with pytest.raises(FetchError):
        _fetch_real(server.url("/reset"))


def test_validators_that_cannot_be_sent_back_are_dropped() -> None:
    def utf8_etag(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return _response(404)
        headers = [(b"ETag", '"za\u017c"'.encode()), (b"Last-Modified", b"Mon, 19 May 2025 10:00:00 GMT")]
        return httpx.Response(200, headers=headers, stream=httpx.ByteStream(b"<rss/>"))

    result = _fetch(utf8_etag)
    assert result.etag is None and result.last_modified == "Mon, 19 May 2025 10:00:00 GMT"
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return _response(404 if request.url.path == "/robots.txt" else 200, b"<rss/>")

    _fetch(handler, etag='"za\u017c"', last_modified="line\r\nbreak")  # a stored bad one is not sent
    assert "If-None-Match" not in seen[-1].headers and "If-Modified-Since" not in seen[-1].headers


@pytest.mark.parametrize("location", ["http://[oops/", "http://xn--zz.com/", "http://ex ample.org/a"])
def test_malformed_redirect_targets_are_fetch_errors(location: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return _response(404)
        return _response(302, headers={"Location": location})

    with pytest.raises(FetchError):
        _fetch(handler)


@pytest.mark.parametrize("url", ["https://feeds.example.org/a\x01b", "https://feeds.example.org/a b"])
def test_urls_with_control_characters_are_refused(url: str) -> None:
    with pytest.raises(FetchError, match="control characters"):
        _fetch(_ok(), url=url)


@pytest.mark.parametrize("wbits", [zlib.MAX_WBITS, -zlib.MAX_WBITS])
def test_deflate_bodies_zlib_wrapped_or_raw(wbits: int) -> None:
    compressor = zlib.compressobj(wbits=wbits)
    body = compressor.compress(b"<rss>deflated</rss>") + compressor.flush()
    assert _fetch(_ok(body, **{"Content-Encoding": "deflate"})).body == b"<rss>deflated</rss>"


def test_robots_txt_is_reused_for_a_day_then_asked_again() -> None:
    from datetime import timedelta

    from pipeline.records import RobotsRecord
    from pipeline.robots import is_robots_fresh, robots_rules

    record = RobotsRecord("https://a.example", 200, "User-agent: *\nDisallow: /x\n", NOW)
    assert is_robots_fresh(record, NOW + timedelta(hours=23))
    assert not is_robots_fresh(record, NOW + timedelta(hours=25))
    assert not is_robots_fresh(record, NOW - timedelta(hours=1))  # a clock that went back
    rules = robots_rules(record)
    assert rules is not None and not rules.can_fetch("PowiazaneWiadomosci/0.1", "https://a.example/x/1")
    assert robots_rules(RobotsRecord("https://a.example", 404, "", NOW)) is None
    assert robots_rules(RobotsRecord("https://a.example", 503, "", NOW)).disallow_all  # type: ignore[union-attr]
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        return _response(200, b"<rss/>")

    async def go(known: dict) -> dict:
        async with Fetcher(
            contact="https://e.example/c",
            transport=httpx.MockTransport(handler),
            clock=lambda: NOW,
            robots=known,
        ) as fetcher:
            await fetcher.fetch("src", "https://feeds.example.org/feed")
            return fetcher.robots_fetched

    fetched = asyncio.run(go({}))
    assert seen == ["/robots.txt", "/feed"] and list(fetched) == ["https://feeds.example.org"]
    seen.clear()
    assert asyncio.run(go(fetched)) == {} and seen == ["/feed"]


def test_a_host_silent_on_robots_txt_fails_its_sources_at_once() -> None:
    """Issue 20: a host that accepts and never answers costs one read timeout for robots.txt,
    then its sources fail (RFC 9309: unreachable means disallowed), with no second wait for the
    page and no request at all for the next source of that host."""
    import socket
    import threading
    import time

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept_forever() -> None:
        silent.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(silent.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{silent.getsockname()[1]}"

    async def go() -> tuple[list[str], int, float]:
        limits = FetchLimits(read_timeout_s=1.0, deadline_s=30)
        async with Fetcher(contact="https://example.org/c", limits=limits) as fetcher:
            errors = []
            started = time.monotonic()
            for path in ("/a.xml", "/b.xml"):
                with pytest.raises(FetchError) as caught:
                    await fetcher.fetch("src", base + path)
                errors.append(caught.value.message)
            return errors, fetcher.requests_made, time.monotonic() - started

    try:
        errors, requests, elapsed = asyncio.run(go())
    finally:
        stop.set()
        thread.join(2)
        for connection in accepted:
            connection.close()
        silent.close()
    assert all("did not answer for its robots.txt" in error for error in errors), errors
    assert requests == 1  # robots.txt once; neither page was asked for
    assert elapsed < 10  # one read timeout, not one per request


# --- robots.txt as RFC 9309 reads it (issue 19) -----------------------------------------------------

UA = "PowiazaneWiadomosci/0.1 (+https://example.org/c)"


@pytest.mark.parametrize(
    ("robots", "path", "allowed"),
    [
        # §2.2.2: the longest match wins, whatever the order of the lines
        ("User-agent: *\nDisallow: /news\nAllow: /news/2025/\n", "/news/2025/x", True),
        ("User-agent: *\nAllow: /news/2025/\nDisallow: /news\n", "/news/2024/x", False),
        ("User-agent: *\nDisallow: /news/2025/\nAllow: /news\n", "/news/2025/x", False),
        # equally long: allow wins
        ("User-agent: *\nDisallow: /a\nAllow: /a\n", "/a", True),
        # §2.2.3: * matches any run of characters, $ the end of the path
        ("User-agent: *\nDisallow: /*.pdf$\n", "/files/report.pdf", False),
        ("User-agent: *\nDisallow: /*.pdf$\n", "/files/report.pdf?download=1", True),
        ("User-agent: *\nDisallow: /*/print\n", "/aktualnosci/12/print", False),
        ("User-agent: *\nDisallow: /rss$\n", "/rss.xml", True),
        # §2.2.1: a group naming the product is followed instead of *, case-insensitively
        ("User-agent: *\nDisallow: /\n\nUser-agent: powiazanewiadomosci\nAllow: /\n", "/feed", True),
        ("User-agent: *\nAllow: /\n\nUser-agent: PowiazaneWiadomosci\nDisallow: /feed\n", "/feed", False),
        # an empty Disallow allows everything; comments and unknown lines are ignored
        ("User-agent: *\nDisallow:\n# Disallow: /\nCrawl-delay: 10\n", "/feed", True),
        # percent-encoding: the same path either way
        ("User-agent: *\nDisallow: /wiadomo%C5%9Bci\n", "/wiadomości", False),
    ],
)
def test_robots_rules_as_rfc_9309_reads_them(robots: str, path: str, allowed: bool) -> None:
    from pipeline.records import RobotsRecord
    from pipeline.robots import robots_rules

    rules = robots_rules(RobotsRecord("https://a.example", 200, robots, NOW))
    assert rules is not None
    assert rules.can_fetch(UA, "https://a.example" + path) is allowed


def _robots_site(redirects: dict[str, str], robots_at: dict[str, str], seen: list[str]):
    """A MockTransport handler: robots.txt redirects, robots.txt bodies and a feed at /feed."""

    def handler(request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        seen.append(url)
        if url in redirects:
            return _response(301, headers={"Location": redirects[url]})
        if url in robots_at:
            return _response(200, robots_at[url].encode(), {"Content-Type": "text/plain"})
        if request.url.path == "/robots.txt":
            return _response(404)
        return _response(200, b"<rss/>")

    return handler


def test_robots_txt_redirects_are_followed_to_another_host() -> None:
    """§2.3.1.2: www.example.org/robots.txt -> example.org/robots.txt; its rules are the site's."""
    seen: list[str] = []
    handler = _robots_site(
        {"https://www.a.example/robots.txt": "https://a.example/robots.txt"},
        {"https://a.example/robots.txt": "User-agent: *\nDisallow: /private\n"},
        seen,
    )
    with pytest.raises(FetchError, match="disallows"):
        _fetch(handler, url="https://www.a.example/private/feed")
    assert "https://a.example/robots.txt" in seen
    assert _fetch(handler, url="https://www.a.example/feed").body == b"<rss/>"


def test_robots_txt_gives_up_after_five_redirects() -> None:
    """More than five redirects (here a loop): robots.txt is unavailable, so no rules (§2.3.1.2)."""
    seen: list[str] = []
    handler = _robots_site(
        {
            "https://a.example/robots.txt": "https://b.example/robots.txt",
            "https://b.example/robots.txt": "https://a.example/robots.txt",
        },
        {},
        seen,
    )
    assert _fetch(handler, url="https://a.example/feed").body == b"<rss/>"
    assert sum(url.endswith("/robots.txt") for url in seen) == 6  # the first ask and five redirects


def test_a_robots_txt_redirect_to_a_private_address_is_not_followed() -> None:
    seen: list[str] = []
    handler = _robots_site({"https://a.example/robots.txt": "http://127.0.0.1:9/robots.txt"}, {}, seen)
    assert _fetch(handler, url="https://a.example/feed", allow_private=False).body == b"<rss/>"
    assert not any("127.0.0.1" in url for url in seen)
