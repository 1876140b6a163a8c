"""Shared fixtures: a fixed clock, golden-file handling, and the local HTTP test server."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
FIXED_NOW = datetime(2025, 5, 20, 10, 0, tzinfo=UTC)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-goldens",
        action="store_true",
        default=False,
        help="rewrite expected-output files from the current code (review the diff as code)",
    )


@pytest.fixture
def now() -> datetime:
    return FIXED_NOW


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare a JSON-able value with a golden file; ``--regen-goldens`` rewrites the file instead."""
    regen = request.config.getoption("--regen-goldens")

    def check(path: Path, actual: object) -> None:
        text = json.dumps(actual, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        if regen or not path.exists():
            if not regen:
                pytest.fail(f"golden {path} is missing; run pytest --regen-goldens and review it")
            path.write_text(text, encoding="utf-8")
            return
        expected = json.loads(path.read_text(encoding="utf-8"))
        assert json.loads(text) == expected, f"output differs from golden {path.name}"

    return check


@pytest.fixture
def server():
    """A real HTTP server on 127.0.0.1, stopped after the test."""
    from tests.server import TestServer

    instance = TestServer().start()
    yield instance
    instance.stop()
