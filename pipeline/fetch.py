"""The only module that talks HTTP: polite, bounded, conditional GETs.

Politeness: a User-Agent naming the product and a contact URL, robots.txt honoured, at most
``per_host`` requests at once to one host (httpx's limits are per client, FIELD-NOTES), validators
(ETag / Last-Modified) sent so unchanged sources cost one 304.

Bounds: an overall deadline per request (timeouts alone don't stop a server that trickles a byte
every half second), a cap on the decoded body (checked against Content-Length, then counted while
decompressing ourselves, so a gzip bomb is stopped after ``max_bytes`` of output), at most
``max_redirects`` redirects, each hop checked: http(s) only, and no hop from a public source to a
loopback/private address (request forgery) unless the source itself lives on such an address.

Slots: ``concurrency`` requests at once overall, served by priority (``gate.PriorityGate``): a
fetch that has started (a redirect) goes before fetches that have not, and robots.txt is read in
the page's own slot, so hosts that never answer cannot starve a source half-way (issue 20). A
robots.txt that times out makes its host's sources fail for the cycle (RFC 9309 §2.3.1.4).

All I/O goes through one ``httpx.AsyncClient``; tests pass ``transport=httpx.MockTransport(...)``
or point sources at a local server.

Why one module of ~540 lines: it is the project's one door to HTTP (STYLE.md). Politeness, the
bounds and the request-forgery checks protect only when every request passes all of them, so they
are kept where one reading shows that it does.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import socket
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpx

from . import PRODUCT, __version__
from .addresses import is_private_address, same_site
from .errors import FetchError
from .gate import PriorityGate
from .records import FetchResult, RobotsRecord
from .robots import ROBOTS_MAX_BYTES, ROBOTS_MAX_REDIRECTS, RobotsRules, is_robots_fresh, robots_rules
from .text import is_http_url

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
_REDIRECTS = {301, 302, 303, 307, 308}
_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
    "text/xml;q=0.9, text/html;q=0.8, */*;q=0.5"
)


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """Every bound of one request, in one place."""

    connect_timeout_s: float = 10.0
    read_timeout_s: float = 20.0
    deadline_s: float = 45.0  # the whole exchange, robots.txt, redirects and body included
    cycle_deadline_s: float = 300.0  # a whole cycle: sources unfinished by then are timed out
    # A source's item pages (enrichment): those not read by then are given up until a later cycle,
    # so pages that hang (20 of them at 2 a host would take 450 s) never keep its items from being
    # stored before the cycle's deadline.
    pages_deadline_s: float = 60.0
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = 5
    concurrency: int = 16
    per_host: int = 2


def user_agent(contact: str) -> str:
    return f"{PRODUCT}/{__version__} (+{contact})"


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date, RFC 9110 §10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def is_header_safe(value: str | None) -> bool:
    """Can ``value`` be sent back in a request header (printable ASCII, no line breaks)?"""
    return bool(value) and value.isascii() and value.isprintable()  # type: ignore[union-attr]


def _hostname(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def _peer_address(response: httpx.Response) -> str | None:
    stream = response.extensions.get("network_stream")
    address = stream.get_extra_info("server_addr") if stream is not None else None
    return str(address[0]) if address else None


class _Deadline:
    """An overall deadline that starts when the first request of a fetch (robots.txt included)
    gets its slot."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._at: float | None = None

    @property
    def started(self) -> bool:
        return self._at is not None

    def start(self) -> float:
        if self._at is None:
            self._at = asyncio.get_running_loop().time() + self.seconds
        return self._at


@dataclass
class _HostGate:
    semaphores: dict[str, PriorityGate] = field(default_factory=dict)
    robots: dict[str, RobotsRules | None] = field(default_factory=dict)
    robots_locks: dict[str, asyncio.Lock] = field(default_factory=dict)
    robots_silent: dict[str, str] = field(default_factory=dict)  # origin -> why it is not fetched
    private_hosts: dict[str, bool] = field(default_factory=dict)


class Fetcher:
    """One cycle's HTTP client. Use as ``async with Fetcher(...) as fetcher:``.

    Holds per-cycle caches (robots.txt per host, host semaphores); create a new one each cycle so
    an edited robots.txt is seen next time.
    """

    def __init__(
        self,
        *,
        contact: str,
        limits: FetchLimits | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        resolve_hosts: bool = True,
        robots: Mapping[str, RobotsRecord] | None = None,
    ):
        self.limits = limits or FetchLimits()
        self._user_agent = user_agent(contact)
        self._transport = transport
        self._clock = clock
        self._resolve_hosts = resolve_hosts and transport is None
        self._global = PriorityGate(self.limits.concurrency)
        self._gate = _HostGate()
        self._robots_known = dict(robots or {})  # from the store: reused while fresh
        self.robots_fetched: dict[str, RobotsRecord] = {}  # fetched this cycle, for the store
        self._client: httpx.AsyncClient | None = None
        self.requests_made = 0

    async def __aenter__(self) -> Fetcher:
        timeout = httpx.Timeout(
            self.limits.read_timeout_s, connect=self.limits.connect_timeout_s, pool=self.limits.deadline_s
        )
        self._client = httpx.AsyncClient(
            transport=self._transport,
            timeout=timeout,
            follow_redirects=False,  # each hop is checked here
            headers={"User-Agent": self._user_agent, "Accept-Encoding": "gzip, deflate"},
            limits=httpx.Limits(max_connections=self.limits.concurrency, max_keepalive_connections=8),
            trust_env=False,
        )
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._client is not None:
            await self._client.aclose()

    # --- public -----------------------------------------------------------------------------

    async def fetch(
        self,
        source_id: str,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        same_site_as: str | None = None,
        accept: str = _ACCEPT,
        allow_private: bool | None = None,
    ) -> FetchResult:
        """GET ``url`` for ``source_id`` within every bound; a 2xx or 304, else ``FetchError``.

        ``same_site_as``: refuse (before any request) a URL, or a redirect, off that site — used
        for item pages. ``allow_private``: whether hops may go to loopback/private addresses;
        by default only when ``url`` itself is on such an address.
        """
        deadline = _Deadline(self.limits.deadline_s)
        try:
            return await self._fetch(
                source_id,
                url,
                etag=etag,
                last_modified=last_modified,
                same_site_as=same_site_as,
                accept=accept,
                allow_private=allow_private,
                deadline=deadline,
            )
        except TimeoutError:
            raise FetchError(
                source_id,
                f"timed out: no complete response within {self.limits.deadline_s:.0f} s (overall deadline)",
            ) from None

    # --- internals ----------------------------------------------------------------------------

    async def _fetch(
        self,
        source_id: str,
        url: str,
        *,
        etag: str | None,
        last_modified: str | None,
        same_site_as: str | None,
        accept: str,
        allow_private: bool | None,
        deadline: _Deadline,
    ) -> FetchResult:
        self._check_url(source_id, url, same_site_as)
        if allow_private is None:
            allow_private = await self._is_private_host(source_id, _hostname(url))
        current = url
        for _hop in range(self.limits.max_redirects + 1):
            await self._check_destination(source_id, current, allow_private)
            headers = {"Accept": accept}
            if is_header_safe(etag):
                headers["If-None-Match"] = etag  # type: ignore[assignment]
            if is_header_safe(last_modified):
                headers["If-Modified-Since"] = last_modified  # type: ignore[assignment]
            # robots.txt and the page in one slot: released in between, the page would queue
            # behind every source still waiting for its first request (issue 20).
            async with self._slot(current, deadline):
                async with asyncio.timeout_at(deadline.start()):
                    await self._robots_allow(source_id, current, allow_private)
                    status, response_headers, body = await self._get(
                        source_id, current, headers, allow_private=allow_private
                    )
            if status in _REDIRECTS:
                location = response_headers.get("location")
                if not location:
                    raise FetchError(
                        source_id, f"HTTP {status} redirect without a Location", http_status=status
                    )
                try:
                    target = urljoin(current, location.strip())
                except ValueError as exc:
                    raise FetchError(source_id, f"HTTP {status} redirect to a malformed URL: {exc}") from exc
                self._check_url(source_id, target, same_site_as, redirect_from=current)
                current = target
                continue
            return self._result(source_id, url, current, status, response_headers, body)
        raise FetchError(source_id, f"more than {self.limits.max_redirects} redirects (last: {current})")

    def _result(
        self, source_id: str, url: str, final: str, status: int, headers: httpx.Headers, body: bytes
    ) -> FetchResult:
        if status == 304 or 200 <= status < 300:
            return FetchResult(
                source_id=source_id,
                requested_url=url,
                url=final,
                status=status,
                headers=tuple((k.lower(), v) for k, v in headers.multi_items()),
                body=body if status != 304 else b"",
                # A validator we could not send back (non-ASCII, control characters) is dropped.
                etag=headers.get("etag") if is_header_safe(headers.get("etag")) else None,
                last_modified=headers.get("last-modified")
                if is_header_safe(headers.get("last-modified"))
                else None,
            )
        retry_after = None
        if status in (429, 503):
            retry_after = parse_retry_after(headers.get("retry-after"), self._clock())
        reason = httpx.codes.get_reason_phrase(status) or "error"
        hint = {
            404: " (page not found: check the url)",
            410: " (gone: the site removed it; update or disable the source)",
            401: " (needs a login)",
            403: " (the server refused: blocked or needs a login)",
            429: " (too many requests)",
        }.get(status, "")
        if retry_after is not None:
            hint += f"; the server asks to wait {retry_after:.0f} s"
        raise FetchError(
            source_id, f"HTTP {status} {reason}{hint}", http_status=status, retry_after_s=retry_after
        )

    def _check_url(self, source_id: str, url: str, same_site_as: str | None, redirect_from: str = "") -> None:
        via = f" (redirect from {redirect_from})" if redirect_from else ""
        try:
            parts = urlsplit(url)
            hostname = parts.hostname
        except ValueError as exc:
            raise FetchError(source_id, f"refused to fetch '{url}'{via}: malformed URL ({exc})") from exc
        if parts.scheme not in ("http", "https") or not hostname:
            raise FetchError(source_id, f"refused to fetch '{url}'{via}: only http(s) URLs are fetched")
        if not is_http_url(url):
            raise FetchError(
                source_id, f"refused to fetch '{url}'{via}: the URL has spaces or control characters"
            )
        if same_site_as and not same_site(url, same_site_as):
            raise FetchError(source_id, f"refused to fetch '{url}'{via}: not on the source's site")

    async def _is_private_host(self, source_id: str, host: str) -> bool:
        cached = self._gate.private_hosts.get(host)
        if cached is not None:
            return cached
        private = is_private_address(host)
        if not private and self._resolve_hosts:
            try:
                infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
            except (OSError, UnicodeError, ValueError) as exc:
                # Fail closed: a name that does not resolve now must not be fetched on a second try.
                raise FetchError(source_id, f"cannot resolve the host name '{host}': {exc}") from exc
            private = any(is_private_address(str(info[4][0])) for info in infos)
        self._gate.private_hosts[host] = private
        return private

    async def _check_destination(self, source_id: str, url: str, allow_private: bool) -> None:
        if allow_private:
            return
        if await self._is_private_host(source_id, _hostname(url)):
            raise FetchError(
                source_id,
                f"refused to fetch '{url}': it points to a local or private address "
                "(allowed only when the source itself is configured on one)",
            )

    def _slot(self, url: str, deadline: _Deadline) -> _Slot:
        host = urlsplit(url).netloc.lower()
        gate = self._gate.semaphores.get(host)
        if gate is None:
            gate = self._gate.semaphores[host] = PriorityGate(self.limits.per_host)
        # A fetch that has made a request (robots.txt, a redirect) goes before fetches that have
        # not: it finishes and frees its slot instead of starving behind new ones (issue 20).
        return _Slot(self._global, gate, priority=0 if deadline.started else 1)

    async def _robots_allow(self, source_id: str, url: str, allow_private: bool) -> None:
        """Raise FetchError when the site's robots.txt forbids ``url`` (fetched once per origin),
        or did not answer in time. Called holding the page's slot, within its deadline."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        lock = self._gate.robots_locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin not in self._gate.robots and origin not in self._gate.robots_silent:
                record = self._robots_known.get(origin)
                if not is_robots_fresh(record, self._clock()):
                    record = await self._load_robots(source_id, origin, allow_private)
                    if record is not None and record.status < 500:
                        self.robots_fetched[origin] = record  # a 5xx is asked again next cycle
                if origin not in self._gate.robots_silent:
                    self._gate.robots[origin] = robots_rules(record) if record else None
        if origin in self._gate.robots_silent:
            raise FetchError(source_id, self._gate.robots_silent[origin])
        rules = self._gate.robots[origin]
        if rules is None:
            return
        if rules.disallow_all:
            raise FetchError(
                source_id,
                f"robots.txt of {parts.netloc} answered with a server error; "
                "RFC 9309 says to assume the whole site is disallowed until it recovers",
            )
        if not rules.can_fetch(self._user_agent, url):
            raise FetchError(source_id, f"robots.txt of {parts.netloc} disallows {url}")

    async def _load_robots(self, source_id: str, origin: str, allow_private: bool) -> RobotsRecord | None:
        """Fetch the origin's robots.txt; None when it cannot be read (then: no rules, not stored).

        A host that accepts and does not answer in time is "unreachable" in RFC 9309's words
        (§2.3.1.4: assume complete disallow): its sources fail now, this cycle, instead of each
        waiting out a second timeout for the page (issue 20). Other failures (refused, reset,
        an odd status) mean no rules, and the page's own request tells what is wrong.
        """
        url = origin + "/robots.txt"
        try:
            # §2.3.1.2: follow up to five redirects, to other hosts too (www -> bare domain); the
            # rules found there are this origin's. Each hop gets the page's address checks.
            for _hop in range(ROBOTS_MAX_REDIRECTS + 1):
                await self._check_destination(source_id, url, allow_private)
                status, headers, body = await self._get(
                    source_id,
                    url,
                    {"Accept": "text/plain"},
                    max_bytes=ROBOTS_MAX_BYTES,
                    allow_private=allow_private,  # the same address check as the page's
                )
                location = headers.get("location") if status in _REDIRECTS else None
                if not location:
                    break
                target = urljoin(url, location.strip())
                if not is_http_url(target):
                    break  # nowhere to follow: no rules
                url = target
        except FetchError as exc:
            if isinstance(exc.__cause__, httpx.TimeoutException):
                self._gate.robots_silent[origin] = (
                    f"{urlsplit(origin).netloc} did not answer for its robots.txt "
                    f"({type(exc.__cause__).__name__}); not fetched this cycle (RFC 9309 §2.3.1.4)"
                )
                return None
            log.info(
                "%s: robots.txt at %s unreadable (%s); assuming no rules", source_id, origin, exc.message
            )
            return None
        except ValueError:  # a malformed Location
            return None
        if 300 <= status < 400:
            status = 404  # more than five redirects, or one without a target: "unavailable", no rules
        text = body.decode("utf-8", errors="replace") if 200 <= status < 300 else ""
        return RobotsRecord(origin=origin, status=status, body=text, fetched=self._clock())

    async def _get(
        self,
        source_id: str,
        url: str,
        headers: dict[str, str],
        *,
        max_bytes: int | None = None,
        allow_private: bool = True,
    ) -> tuple[int, httpx.Headers, bytes]:
        assert self._client is not None, "use Fetcher as an async context manager"
        cap = max_bytes or self.limits.max_bytes
        self.requests_made += 1
        try:
            async with self._client.stream("GET", url, headers=headers) as response:
                if not allow_private and self._resolve_hosts:
                    # The name was checked before connecting, but DNS can answer differently the
                    # second time (rebinding): check the address actually connected to.
                    peer = _peer_address(response)
                    if peer and is_private_address(peer):
                        raise FetchError(
                            source_id, f"refused to read '{url}': it connected to the private address {peer}"
                        )
                if response.status_code in _REDIRECTS or response.status_code == 304:
                    return response.status_code, response.headers, b""
                if response.status_code >= 400:
                    return response.status_code, response.headers, b""
                body = await _read_capped(source_id, response, cap)
                return response.status_code, response.headers, body
        except httpx.TimeoutException as exc:
            raise FetchError(source_id, f"timed out ({type(exc).__name__}) fetching {url}") from exc
        except httpx.RemoteProtocolError as exc:
            raise FetchError(source_id, f"the server broke the HTTP exchange: {exc}") from exc
        except httpx.ConnectError as exc:
            raise FetchError(source_id, f"cannot connect to {urlsplit(url).netloc}: {exc}") from exc
        except httpx.HTTPError as exc:
            raise FetchError(source_id, f"{type(exc).__name__}: {exc}") from exc
        except (httpx.InvalidURL, ValueError) as exc:  # UnicodeError is a ValueError (IDNA, headers)
            raise FetchError(source_id, f"cannot request {url!r}: {exc}") from exc


class _Slot:
    """Hold the global and the per-host gate for one request."""

    def __init__(self, global_gate: PriorityGate, host_gate: PriorityGate, *, priority: int):
        self._global = global_gate
        self._host = host_gate
        self._priority = priority

    async def __aenter__(self) -> None:
        await self._host.acquire(self._priority)
        try:
            await self._global.acquire(self._priority)
        except BaseException:
            self._host.release()
            raise

    async def __aexit__(self, *exc_info: object) -> None:
        self._global.release()
        self._host.release()


async def _read_capped(source_id: str, response: httpx.Response, cap: int) -> bytes:
    """Read the body, decompressing it ourselves so the cap applies to what it expands to."""
    length = response.headers.get("content-length")
    encoding = response.headers.get("content-encoding", "identity").lower().strip()
    if length and length.isdigit() and encoding == "identity" and int(length) > cap:
        raise FetchError(
            source_id,
            f"response of {int(length):,} bytes exceeds the {cap:,}-byte limit",
            http_status=response.status_code,
        )
    if encoding not in ("gzip", "x-gzip", "deflate", "identity", ""):
        raise FetchError(
            source_id, f"unsupported Content-Encoding '{encoding}'", http_status=response.status_code
        )
    decompressor = zlib.decompressobj(wbits=zlib.MAX_WBITS | 32) if "gzip" in encoding else None
    chunks: list[bytes] = []
    size = 0

    def too_large() -> FetchError:
        return FetchError(
            source_id,
            f"response larger than the {cap:,}-byte limit (stopped reading)",
            http_status=response.status_code,
        )

    try:
        async for raw in response.aiter_raw():
            if encoding == "deflate" and decompressor is None and raw:
                # "deflate" is zlib-wrapped (RFC 9110) but many servers send raw deflate.
                wrapped = len(raw) >= 2 and raw[0] & 0x0F == 8 and (raw[0] << 8 | raw[1]) % 31 == 0
                decompressor = zlib.decompressobj(wbits=zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
            if decompressor is None:
                size += len(raw)
                chunks.append(raw)
            else:
                data = raw
                # max_length bounds each step's output, so one small chunk of a bomb can't balloon.
                while data:
                    out = decompressor.decompress(data, cap - size + 1)
                    size += len(out)
                    chunks.append(out)
                    if size > cap:
                        break
                    data = decompressor.unconsumed_tail
            if size > cap:
                raise too_large()
        if decompressor is not None:
            tail = decompressor.flush()
            size += len(tail)
            chunks.append(tail)
            if size > cap:
                raise too_large()
    except zlib.error as exc:
        raise FetchError(
            source_id, f"corrupt {encoding} body: {exc}", http_status=response.status_code
        ) from exc
    return b"".join(chunks)
