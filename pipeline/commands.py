"""The commands that show things (``preview``, ``status``, ``discover``): arguments in, text out.

The edge where the CLI prints: ``preview.py``, ``health.py`` and ``discover.py`` decide and render
text; these functions read the arguments, call them, print, and choose the exit code.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

from .errors import ConfigError, SourceError
from .records import Config

__all__ = ["run_discover", "run_preview", "run_status"]


def run_preview(config: Config, args: argparse.Namespace) -> int:
    from .preview import preview_of

    source = config.source(args.id)
    if source is None:
        known = ", ".join(s.id for s in config.sources)
        print(f"unknown source id '{args.id}' (known: {known})", file=sys.stderr)
        return 2
    state_path = Path(args.state) if args.state else Path(config.state_path)
    try:
        preview = preview_of(config, source, state_path=state_path, now=datetime.now(UTC))
    except SourceError as exc:
        print(f"{source.id}: {exc.message}", file=sys.stderr)
        print("nothing would be published from this source now; fix the url/selectors and preview again")
        return 1
    for warning in preview.warnings:
        print(warning, file=sys.stderr)
    print(preview.text)
    return 0


def run_status(
    config: Config | None,
    args: argparse.Namespace,
    *,
    config_error: ConfigError | None = None,
    state_path: Path | None = None,
) -> int:
    """Print per-source health; exit 0 (warnings are information, not failure).

    With ``config_error`` (sources.yaml is invalid now) the health is read from the state at
    ``state_path`` alone, the first problem is printed above it, and the exit code is 2 so that a
    monitor sees the broken configuration as ``check`` would report it.
    """
    from .health import collect_health, invalid_config_line, publish_notes, status_json, status_table
    from .store import Store

    if state_path is None:
        state_path = Path(args.state) if args.state else Path(config.state_path) if config else None
    exit_code = 0
    if config_error is not None:
        exit_code = 2
        # In --json mode stdout stays the machine's list; the warning goes to stderr.
        print(
            invalid_config_line(config_error, args.config, state_path),
            file=sys.stderr if args.json else sys.stdout,
        )
    if state_path is None or not state_path.exists():
        print(f"no state at {state_path} yet: run `python -m pipeline run` first", file=sys.stderr)
        return exit_code
    with Store(state_path, read_only=True) as store:
        rows = collect_health(config, store, datetime.now(UTC))
        notes = publish_notes(store)
    print(status_json(rows) if args.json else status_table(rows, notes))
    return exit_code


def run_discover(config: Config, args: argparse.Namespace) -> int:
    from .discover import discover, render_discovery

    try:
        found = asyncio.run(discover(args.url, contact=config.contact, now=datetime.now(UTC)))
    except SourceError as exc:
        print(f"cannot read {args.url}: {exc.message}")
        return 1
    print(render_discovery(args.url, found))
    return 0
