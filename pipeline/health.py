"""Per-source health for operators: ``python -m pipeline status`` (and ``--json``).

The warnings are pure functions of the stored state, counts and ``now``, so status.json, the
``status`` command and the scheduler's log agree.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from .records import Config, Source, SourceState
from .store import SourceCounts, Store

FAILING_AFTER = 3  # failures in a row before a source is flagged
STALE_AFTER = timedelta(days=30)
UNDATED_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class SourceHealth:
    source_id: str
    name: str
    enabled: bool
    last_success: datetime | None
    last_error: str | None
    last_status: int | None
    failures_in_row: int
    items: int
    newest_item: datetime | None
    next_due: datetime | None
    warnings: tuple[str, ...]


def health_warnings(
    source: Source, state: SourceState | None, counts: SourceCounts | None, now: datetime
) -> tuple[str, ...]:
    """What an operator should look at for one source."""
    warnings: list[str] = []
    if state is None:
        return ("never fetched yet",) if source.enabled else ()
    if state.failures_in_row >= FAILING_AFTER:
        warnings.append(f"failing: {state.failures_in_row} failures in a row, last: {state.last_error}")
    newest = counts.newest if counts else None
    if state.last_success is not None and (newest is None or now - newest > STALE_AFTER):
        age = f"since {newest:%Y-%m-%d}" if newest else "ever"
        warnings.append(f"stale: no new dated item for 30 days ({age})")
    if counts and counts.items >= 4 and counts.undated / counts.items >= UNDATED_SHARE:
        warnings.append(f"{counts.undated} of {counts.items} items have no date: check the date selector")
    if state.last_warning and ("matched nothing" in state.last_warning or "no items" in state.last_warning):
        warnings.append(state.last_warning)
    return tuple(warnings)


def collect_health(config: Config, store: Store, now: datetime) -> list[SourceHealth]:
    states = store.load_states()
    counts = store.source_counts()
    rows = []
    for source in config.sources:
        state = states.get(source.id)
        count = counts.get(source.id)
        rows.append(
            SourceHealth(
                source_id=source.id,
                name=source.name,
                enabled=source.enabled,
                last_success=state.last_success if state else None,
                last_error=state.last_error if state and state.failures_in_row else None,
                last_status=state.last_status if state else None,
                failures_in_row=state.failures_in_row if state else 0,
                items=count.items if count else 0,
                newest_item=count.newest if count else None,
                next_due=state.next_due if state else None,
                warnings=health_warnings(source, state, count, now),
            )
        )
    return rows


def _when(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if value else "—"


def run_status(config: Config, args: argparse.Namespace) -> int:
    """Print per-source health; exit 0 (warnings are information, not failure)."""
    state_path = Path(args.state) if args.state else Path(config.state_path)
    if not state_path.exists():
        print(f"no state at {state_path} yet: run `python -m pipeline run` first", file=sys.stderr)
        return 0
    now = datetime.now(UTC)
    with Store(state_path, read_only=True) as store:
        rows = collect_health(config, store, now)
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "id": r.source_id,
                        "name": r.name,
                        "enabled": r.enabled,
                        "last_success": r.last_success.isoformat() if r.last_success else None,
                        "last_error": r.last_error,
                        "last_status": r.last_status,
                        "failures_in_row": r.failures_in_row,
                        "items": r.items,
                        "newest_item": r.newest_item.isoformat() if r.newest_item else None,
                        "next_due": r.next_due.isoformat() if r.next_due else None,
                        "warnings": list(r.warnings),
                    }
                    for r in rows
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    width = max((len(r.source_id) for r in rows), default=6)
    print(
        f"{'source':<{width}}  {'last success (UTC)':<18} {'fails':>5} {'items':>5}  {'newest item':<16} "
        f"{'next due (UTC)':<16}"
    )
    for r in rows:
        flag = "" if r.enabled else " (disabled)"
        print(
            f"{r.source_id:<{width}}  {_when(r.last_success):<18} {r.failures_in_row:>5} {r.items:>5}  "
            f"{_when(r.newest_item):<16} {_when(r.next_due):<16}{flag}"
        )
        if r.last_error:
            print(f"{'':<{width}}  last error: {r.last_error}")
        for warning in r.warnings:
            print(f"{'':<{width}}  ! {warning}")
    flagged = sum(bool(r.warnings) for r in rows)
    print(f"{len(rows)} sources, {flagged} with warnings")
    return 0
