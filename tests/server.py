"""A real threaded HTTP server on 127.0.0.1 for integration tests.

Routes are set per test: a path answers with a ``Page`` (body, headers, validators) or a fault
(slow, trickle, reset, huge, gzip bomb, redirect...). Conditional requests are honoured like a
real server: a matching If-None-Match / If-Modified-Since gets 304. Every request is logged.
"""

from __future__ import annotations

import functools
import socket
import threading
import time
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@functools.cache
def _gzip_bomb(expanded_mb: int = 100) -> bytes:
    """~100 KB of gzip that expands to ``expanded_mb`` MB, built without holding the expansion."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"\0" * (1024 * 1024)
    return b"".join(compressor.compress(chunk) for _ in range(expanded_mb)) + compressor.flush()


@dataclass
class Page:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    fault: str | None = None  # slow | trickle | reset | huge | gzip-bomb | truncate
    delay_s: float = 0.0


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    path: str
    headers: dict[str, str]
    host: str


class TestServer:
    __test__ = False  # a helper, not a test class
    """Start with ``start()``; ``url(path)`` gives an absolute URL; ``requests`` is the log."""

    def __init__(self, host: str = "127.0.0.1"):
        self.routes: dict[str, Page] = {}
        self.requests: list[LoggedRequest] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                server._handle(self)

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.host, self.port = self.httpd.server_address[:2]
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> TestServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def requests_to(self, path: str) -> list[LoggedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        headers = {k.lower(): v for k, v in handler.headers.items()}
        with self._lock:
            self.requests.append(LoggedRequest("GET", handler.path, headers, headers.get("host", "")))
        page = self.routes.get(handler.path)
        if page is None:
            self._send(handler, 404, {"Content-Type": "text/plain"}, b"not found")
            return
        if page.delay_s:
            time.sleep(page.delay_s)
        if page.fault == "reset":
            handler.connection.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
            )
            handler.connection.close()
            handler.close_connection = True
            return
        if page.status == 200 and (
            (page.etag and headers.get("if-none-match") == page.etag)
            or (page.last_modified and headers.get("if-modified-since") == page.last_modified)
        ):
            extra = {k: v for k, v in (("ETag", page.etag), ("Last-Modified", page.last_modified)) if v}
            self._send(handler, 304, extra, b"")
            return
        out_headers = {"Content-Type": page.content_type, **page.headers}
        if page.etag:
            out_headers["ETag"] = page.etag
        if page.last_modified:
            out_headers["Last-Modified"] = page.last_modified
        body = page.body
        if page.fault == "gzip-bomb":
            body = _gzip_bomb()
            out_headers["Content-Encoding"] = "gzip"
        if page.fault == "huge":
            self._stream_huge(handler, out_headers, 60 * 1024 * 1024)
            return
        if page.fault == "trickle":
            self._trickle(handler, out_headers, body)
            return
        if page.fault == "truncate":
            out_headers["Content-Length"] = str(len(body) + 1000)
            self._send(handler, page.status, out_headers, body, length=False)
            handler.close_connection = True
            return
        self._send(handler, page.status, out_headers, body)

    @staticmethod
    def _send(
        handler: BaseHTTPRequestHandler,
        status: int,
        headers: dict[str, str],
        body: bytes,
        length: bool = True,
    ) -> None:
        try:
            handler.send_response(status)
            for key, value in headers.items():
                handler.send_header(key, value)
            if length:
                handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            if body:
                handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    @staticmethod
    def _stream_huge(handler: BaseHTTPRequestHandler, headers: dict[str, str], size: int) -> None:
        try:
            handler.send_response(200)
            for key, value in headers.items():
                handler.send_header(key, value)
            handler.send_header("Content-Length", str(size))
            handler.end_headers()
            chunk = b"<!-- padding -->" * 4096
            sent = 0
            while sent < size:
                handler.wfile.write(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        handler.close_connection = True

    @staticmethod
    def _trickle(handler: BaseHTTPRequestHandler, headers: dict[str, str], body: bytes) -> None:
        try:
            handler.send_response(200)
            for key, value in headers.items():
                handler.send_header(key, value)
            handler.send_header("Content-Length", str(len(body) or 10000))
            handler.end_headers()
            for index in range(len(body) or 10000):
                handler.wfile.write((body[index : index + 1]) or b" ")
                handler.wfile.flush()
                time.sleep(0.5)
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass
        handler.close_connection = True
