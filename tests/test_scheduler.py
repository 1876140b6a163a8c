"""scheduler.py as a real process against the local test server, with second-scale intervals."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import feedparser
import pytest

from tests.server import Page

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _rss(prefix: str, count: int) -> bytes:
    items = "".join(
        f"<item><title>{prefix} story {n} about integration of migrants</title>"
        f"<link>http://{prefix}.invalid/{n}</link><guid>{prefix}-{n}</guid>"
        f"<pubDate>Mon, {10 + n:02d} Nov 2025 10:00:00 GMT</pubDate></item>"
        for n in range(count)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{prefix}</title>'
        f"<link>http://{prefix}.invalid/</link><description>d</description>{items}</channel></rss>"
    ).encode()


def _config(server, sources: list[tuple[str, str]]) -> str:
    lines = ["contact: https://example.org/c", "sources:"]
    for source_id, every in sources:
        lines += [
            f"  - id: {source_id}",
            f"    name: Source {source_id}",
            f"    url: {server.url('/' + source_id)}",
            f"    every: {every}",
        ]
    return "\n".join(lines) + "\n"


def _wait(condition: Callable[[], bool], timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _titles(output: Path) -> list[str]:
    try:
        return [i["title"] for i in json.loads((output / "feed.json").read_text())["items"]]
    except (FileNotFoundError, json.JSONDecodeError):
        return []


def test_scheduler_lifecycle(tmp_path: Path, server) -> None:
    server.routes["/alpha"] = Page(_rss("alpha", 2))
    server.routes["/beta"] = Page(_rss("beta", 1))
    server.routes["/gamma"] = Page(_rss("gamma", 1))
    config = tmp_path / "sources.yaml"
    config.write_text(_config(server, [("alpha", "2s"), ("beta", "1h")]))
    output = tmp_path / "output"
    command = [sys.executable, str(ROOT / "scheduler.py"), "--config", str(config), "--output", str(output)]
    log = (tmp_path / "scheduler.log").open("w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    try:
        _wait(lambda: "alpha story 0 about integration of migrants" in _titles(output), 30, "first publish")
        _wait(lambda: len(server.requests_to("/alpha")) >= 3, 20, "alpha fetched on its 2 s interval")
        assert len(server.requests_to("/beta")) == 1  # its interval is an hour

        # a second instance on the same state refuses, and so does a concurrent run
        second = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=ROOT)
        assert second.returncode == 1 and "in use by scheduler.py" in second.stderr
        run = subprocess.run(
            [sys.executable, "-m", "pipeline", "run", "--config", str(config), "--output", str(output)],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=ROOT,
        )
        assert run.returncode == 1 and "in use" in run.stderr

        # an edited sources.yaml is picked up without a restart
        config.write_text(_config(server, [("alpha", "2s"), ("gamma", "2s")]))
        _wait(lambda: "gamma story 0 about integration of migrants" in _titles(output), 30, "reloaded source")
        beta_requests = len(server.requests_to("/beta"))

        # an invalid edit keeps the previous configuration running
        config.write_text("sources:\n  - id: Broken ID\n")
        _wait(
            lambda: "changed but is invalid" in (tmp_path / "scheduler.log").read_text(encoding="utf-8"),
            30,
            "the invalid edit seen and reported",
        )
        server.routes["/alpha"] = Page(_rss("alpha", 3))
        _wait(
            lambda: "alpha story 2 about integration of migrants" in _titles(output),
            30,
            "publish after bad edit",
        )
        assert process.poll() is None
        assert len(server.requests_to("/beta")) == beta_requests  # removed source is not fetched…
        # …and no longer published (issue 15: sources.yaml applies to stored items at publish).
        assert "beta story 0 about integration of migrants" not in _titles(output)

        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
        log.close()
    text = (tmp_path / "scheduler.log").read_text()
    assert "invalid" in text and "Broken ID" in text
    parsed = feedparser.parse((output / "feed.xml").read_bytes())
    assert parsed.bozo == 0 and len(parsed.entries) == 4  # alpha 3 + gamma 1: beta was removed
    assert not list(output.glob(".*.tmp"))  # no half-written leftovers


def test_once_runs_one_cycle_and_exits(tmp_path: Path, server) -> None:
    server.routes["/alpha"] = Page(_rss("alpha", 1))
    config = tmp_path / "sources.yaml"
    config.write_text(_config(server, [("alpha", "1h")]))
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scheduler.py"),
            "--once",
            "--config",
            str(config),
            "--output",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "alpha story 0 about integration of migrants" in _titles(tmp_path / "out")
