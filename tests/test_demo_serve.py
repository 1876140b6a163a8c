"""``python -m pipeline demo`` and ``publish.base_url`` (issue 15): with ``--serve`` the demo
publishes with its own server's address, so the embed's links are absolute and work; a plain run
keeps it null and says so."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from .test_demo import ROOT, _demo

pytestmark = pytest.mark.slow


def test_plain_demo_says_its_embed_links_relatively(tmp_path: Path) -> None:
    result = _demo(tmp_path, "--output", str(tmp_path / "out"), "--state", str(tmp_path / "demo.sqlite3"))
    assert result.returncode == 0, result.stderr
    assert "publish.base_url is null here" in result.stdout
    embed = (tmp_path / "out" / "embed.html").read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="digest.css">' in embed


def test_served_demo_publishes_with_its_own_address(tmp_path: Path) -> None:
    """``demo --serve``: the embed's links are absolute, to the server that serves output/, and work."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    args = ("--output", str(tmp_path / "out"), "--state", str(tmp_path / "demo.sqlite3"), "--serve")
    stderr_path = tmp_path / "stderr.txt"
    lines: queue.Queue[str] = queue.Queue()
    with (
        stderr_path.open("w", encoding="utf-8") as stderr,
        subprocess.Popen(
            [sys.executable, "-m", "pipeline", "demo", *args],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        ) as process,
    ):
        stdout = process.stdout
        assert stdout is not None

        def read() -> None:
            for line in stdout:
                lines.put(line)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        seen = []
        try:
            while True:  # until the demo says where it serves (an event, not a sleep)
                line = lines.get(timeout=120)
                seen.append(line)
                if match := re.match(r"Serving .* at (http://127\.0\.0\.1:\d+/)index\.html", line):
                    base = match.group(1)
                    break
            printed = "".join(seen)
            assert f"embed.html links digest.css and page-2.html at {base}" in printed
            embed = httpx.get(base + "embed.html").text
            assert f'<link rel="stylesheet" href="{base}digest.css">' in embed
            assert f'href="{base}page-2.html"' in embed
            for url in (base + "digest.css", base + "page-2.html"):
                assert httpx.get(url).status_code == 200, url
            # The feeds name themselves at that address too.
            assert f"{base}feed.xml" in httpx.get(base + "feed.xml").text
        finally:
            process.send_signal(signal.SIGTERM)  # the demo's own process, started above
            try:
                process.wait(timeout=30)
            finally:
                if process.poll() is None:
                    process.kill()
                    process.wait()
        reader.join(timeout=10)
    assert process.returncode == 0, stderr_path.read_text(encoding="utf-8")
