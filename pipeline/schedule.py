"""Pure decisions about when to fetch: is a source due, how long to back off after failures.

Both ``run`` and the scheduler ask these functions, over the stored ``SourceState`` and an
explicit ``now``, so they never disagree.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime, timedelta

from .records import Source, SourceState

DUE_TOLERANCE_S = 90
BACKOFF_CAP_S = 24 * 3600  # failures back off by doubling the interval, up to one day
RETRY_AFTER_CAP_S = 7 * 24 * 3600  # a server asking for more than a week is capped


def is_due(source: Source, state: SourceState | None, now: datetime, *, force: bool = False) -> bool:
    """Should ``source`` be fetched at ``now``? ``force`` ignores schedule and backoff, not Retry-After."""
    if not source.enabled:
        return False
    if state is None:
        return True
    if state.retry_after_until is not None and now < state.retry_after_until:
        return False
    if force:
        return True
    if state.next_due is None:
        return True
    # A trigger firing on the interval lands a little before next_due, which counts from the end
    # of the previous fetch; without this tolerance every other tick would be skipped.
    return now >= state.next_due - timedelta(seconds=min(DUE_TOLERANCE_S, source.every_s / 4))


def is_held_by_retry_after(state: SourceState | None, now: datetime) -> bool:
    """True while a server's Retry-After forbids asking again (even with --force)."""
    return state is not None and state.retry_after_until is not None and now < state.retry_after_until


def backoff_s(failures_in_row: int, every_s: int) -> int:
    """Delay before the next attempt after ``failures_in_row`` consecutive failures (≥ 1).

    The source's own interval, doubled after each further failure, capped at a day (or at the
    interval when that is longer). A failing source is never polled more often than a healthy one.
    """
    cap = max(BACKOFF_CAP_S, every_s)
    return min(cap, every_s * 2 ** min(max(0, failures_in_row - 1), 20))


def jitter_s(source_id: str, every_s: int) -> int:
    """A stable per-source offset (up to 10% of the interval, ≤ 5 min) so sources don't fire together."""
    digest = int.from_bytes(hashlib.blake2b(source_id.encode(), digest_size=4).digest(), "big")
    spread = min(every_s // 10, 300)
    return digest % (spread + 1)


def after_success(
    source: Source,
    state: SourceState,
    now: datetime,
    *,
    status: int,
    etag: str | None,
    last_modified: str | None,
    warning: str | None = None,
) -> SourceState:
    """The state after a successful exchange (200 or 304)."""
    return replace(
        state,
        etag=etag if status != 304 else (etag or state.etag),
        last_modified=last_modified if status != 304 else (last_modified or state.last_modified),
        validators_url=source.url,
        last_attempt=now,
        last_success=now,
        last_status=status,
        last_error=None,
        last_warning=warning,
        failures_in_row=0,
        next_due=now + timedelta(seconds=source.every_s),  # the scheduler's trigger adds the jitter
        retry_after_until=None,
    )


def after_failure(
    source: Source,
    state: SourceState,
    now: datetime,
    *,
    error: str,
    status: int | None,
    retry_after_s: float | None = None,
) -> SourceState:
    """The state after a failed attempt: count it, back off, and honour a Retry-After."""
    failures = state.failures_in_row + 1
    delay = backoff_s(failures, source.every_s)
    retry_until = None
    if retry_after_s is not None and retry_after_s > 0:
        wait = min(retry_after_s, RETRY_AFTER_CAP_S)
        retry_until = now + timedelta(seconds=wait)
        delay = max(delay, int(wait))
    return replace(
        state,
        last_attempt=now,
        last_error=error,
        last_status=status,
        failures_in_row=failures,
        next_due=now + timedelta(seconds=delay),
        retry_after_until=retry_until,
    )


def validators_for(source: Source, state: SourceState | None) -> tuple[str | None, str | None]:
    """(ETag, Last-Modified) to send, or none when the stored ones belong to another URL."""
    if state is None or state.validators_url != source.url:
        return None, None
    return state.etag, state.last_modified
