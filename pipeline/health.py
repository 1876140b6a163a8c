"""Per-source health for operators: what ``python -m pipeline status`` (and ``--json``) shows.

The warnings are pure functions of the stored state, counts and ``now``, so status.json, the
``status`` command and the scheduler's log agree. When sources.yaml is invalid, the health comes
from the state alone (the sources last run, by their stored names) under a line that says so:
an editor's typo must not blind the operator.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from .errors import ConfigError
from .records import Config, Source, SourceState
from .selection import PUBLISH_NOTES_META
from .store import SourceCounts, Store

FAILING_AFTER = 3  # failures in a row before a source is flagged
STALE_AFTER = timedelta(days=30)
UNDATED_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class SourceHealth:
    source_id: str
    name: str
    enabled: bool | None  # None: unknown, sources.yaml could not be read
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
    return _warnings(source.enabled, state, counts, now)


def _warnings(
    enabled: bool, state: SourceState | None, counts: SourceCounts | None, now: datetime
) -> tuple[str, ...]:
    warnings: list[str] = []
    if state is None:
        return ("never fetched yet",) if enabled else ()
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


def collect_health(config: Config | None, store: Store, now: datetime) -> list[SourceHealth]:
    """One row per configured source; without a config, per source the state remembers."""
    states = store.load_states()
    counts = store.source_counts()
    if config is not None:
        sources: list[tuple[str, str, bool | None]] = [(s.id, s.name, s.enabled) for s in config.sources]
    else:
        names = store.source_names()
        sources = [(sid, names.get(sid, sid), None) for sid in sorted(states)]
    rows = []
    for source_id, name, enabled in sources:
        state = states.get(source_id)
        count = counts.get(source_id)
        rows.append(
            SourceHealth(
                source_id=source_id,
                name=name,
                enabled=enabled,
                last_success=state.last_success if state else None,
                last_error=state.last_error if state and state.failures_in_row else None,
                last_status=state.last_status if state else None,
                failures_in_row=state.failures_in_row if state else 0,
                items=count.items if count else 0,
                newest_item=count.newest if count else None,
                next_due=state.next_due if state else None,
                warnings=_warnings(enabled is not False, state, count, now),
            )
        )
    return rows


def _when(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if value else "—"


def publish_notes(store: Store) -> list[str]:
    """What the last publish left out or arranged (editorial.yaml, filters, removed sources)."""
    return list(json.loads(store.get_meta(PUBLISH_NOTES_META) or "[]"))


def status_json(rows: list[SourceHealth]) -> str:
    """``status --json``: one object per source."""
    return json.dumps(
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


def status_table(rows: list[SourceHealth], notes: list[str]) -> str:
    """``status``: a line per source, its last error and warnings under it, the last publish's notes."""
    width = max((len(r.source_id) for r in rows), default=6)
    lines = [
        f"{'source':<{width}}  {'last success (UTC)':<18} {'fails':>5} {'items':>5}  {'newest item':<16} "
        f"{'next due (UTC)':<16}"
    ]
    for r in rows:
        flag = " (disabled)" if r.enabled is False else ""
        lines.append(
            f"{r.source_id:<{width}}  {_when(r.last_success):<18} {r.failures_in_row:>5} {r.items:>5}  "
            f"{_when(r.newest_item):<16} {_when(r.next_due):<16}{flag}"
        )
        if r.last_error:
            lines.append(f"{'':<{width}}  last error: {r.last_error}")
        lines.extend(f"{'':<{width}}  ! {warning}" for warning in r.warnings)
    if notes:
        lines.append("last publish: " + "; ".join(notes))
    flagged = sum(bool(r.warnings) for r in rows)
    lines.append(f"{len(rows)} sources, {flagged} with warnings")
    return "\n".join(lines)


def invalid_config_line(config_error: ConfigError, config_arg: str, state_path: Path | None) -> str:
    """The line ``status`` shows above the health when sources.yaml is invalid now."""
    first = config_error.problems[0] if config_error.problems else None
    more = len(config_error.problems) - 1
    return (
        f"the configuration is invalid now: {first}"
        + (f" (and {more} more problem{'s' if more != 1 else ''})" if more > 0 else "")
        + f"; `python -m pipeline check --config {config_arg}` lists every problem. "
        f"Health below is the last known, from the state at {state_path}."
    )
