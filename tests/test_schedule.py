"""Pure scheduling decisions: due-ness, backoff, Retry-After, validators (table tests)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pipeline.records import Source, SourceState
from pipeline.schedule import (
    after_failure,
    after_success,
    backoff_s,
    is_due,
    jitter_s,
    validators_for,
)

NOW = datetime(2025, 5, 20, 10, 0, tzinfo=UTC)
SOURCE = Source(id="s", name="S", url="https://s.example/feed", every_s=3600)
H = timedelta(hours=1)


@pytest.mark.parametrize(
    ("state", "force", "enabled", "due"),
    [
        (None, False, True, True),  # never fetched
        (SourceState("s", next_due=NOW - H), False, True, True),
        (SourceState("s", next_due=NOW), False, True, True),
        (SourceState("s", next_due=NOW + H), False, True, False),
        (SourceState("s", next_due=NOW + timedelta(seconds=60)), False, True, True),  # a tick just early
        (SourceState("s", next_due=NOW + timedelta(seconds=120)), False, True, False),
        (SourceState("s", next_due=NOW + H), True, True, True),  # --force ignores the schedule…
        (SourceState("s", next_due=NOW + H, failures_in_row=4), True, True, True),  # …and backoff
        (SourceState("s", retry_after_until=NOW + H), True, True, False),  # but not Retry-After
        (SourceState("s", retry_after_until=NOW - H, next_due=NOW - H), False, True, True),
        (None, True, False, False),  # disabled is never due
    ],
)
def test_is_due(state: SourceState | None, force: bool, enabled: bool, due: bool) -> None:
    source = Source(id="s", name="S", url="https://s.example/", enabled=enabled, every_s=3600)
    assert is_due(source, state, NOW, force=force) is due


@pytest.mark.parametrize(
    ("failures", "every_s", "expected"),
    [
        (1, 3600, 3600),
        (2, 3600, 7200),
        (3, 3600, 14400),
        (5, 3600, 57600),
        (6, 3600, 86400),
        (30, 3600, 86400),
        (1, 1800, 1800),
        (3, 1800, 7200),
        (2, 2 * 86400, 2 * 86400),
    ],
)
def test_backoff_grows_and_is_capped(failures: int, every_s: int, expected: int) -> None:
    assert backoff_s(failures, every_s) == expected


def test_three_failures_push_the_source_back_further_each_time() -> None:
    state = SourceState("s")
    delays = []
    for _ in range(3):
        state = after_failure(SOURCE, state, NOW, error="HTTP 500", status=500)
        assert state.next_due is not None
        delays.append(state.next_due - NOW)
    assert delays[0] < delays[1] < delays[2]
    assert state.failures_in_row == 3 and state.last_error == "HTTP 500"


def test_success_resets_failures_and_keeps_validators_on_304() -> None:
    failing = SourceState("s", etag='"a"', last_modified="x", validators_url=SOURCE.url, failures_in_row=3)
    ok = after_success(SOURCE, failing, NOW, status=304, etag=None, last_modified=None)
    assert ok.failures_in_row == 0 and ok.etag == '"a"' and ok.last_modified == "x" and ok.last_error is None
    assert ok.next_due is not None and H <= ok.next_due - NOW <= H + timedelta(seconds=360)
    fresh = after_success(SOURCE, ok, NOW, status=200, etag='"b"', last_modified=None)
    assert fresh.etag == '"b"' and fresh.last_modified is None  # a 200 replaces both


def test_retry_after_holds_the_source() -> None:
    state = after_failure(SOURCE, SourceState("s"), NOW, error="429", status=429, retry_after_s=7200)
    assert state.retry_after_until == NOW + timedelta(hours=2)
    assert state.next_due is not None and state.next_due >= NOW + timedelta(hours=2)
    assert not is_due(SOURCE, state, NOW + H, force=True)
    assert is_due(SOURCE, state, NOW + 3 * H)


def test_validators_belong_to_their_url() -> None:
    state = SourceState("s", etag='"e"', last_modified="lm", validators_url=SOURCE.url)
    assert validators_for(SOURCE, state) == ('"e"', "lm")
    moved = Source(id="s", name="S", url="https://s.example/other-feed")
    assert validators_for(moved, state) == (None, None)
    assert validators_for(SOURCE, None) == (None, None)


def test_jitter_is_stable_and_bounded() -> None:
    assert jitter_s("icc", 3600) == jitter_s("icc", 3600)
    assert all(0 <= jitter_s(f"s{i}", 3600) <= 300 for i in range(100))
    assert len({jitter_s(f"s{i}", 3600) for i in range(100)}) > 10
