"""What the command line, the demo and the scheduler print about a cycle: one place, so that none
of them imports another (issue 17: the demo imported the CLI, which imports the demo)."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from .records import Config


def print_cycle_summary(report: Any, config: Config, *, output_dir: str) -> None:
    """The readable per-source summary at the end of a run."""
    width = max((len(r.source_id) for r in report.sources), default=6)
    print(f"{'source':<{width}}  {'outcome':<12} {'http':>4} {'found':>5} {'new':>4} {'upd':>4}  note")
    for r in report.sources:
        note = r.error or r.warning or ""
        if r.outcome == "skipped" and r.next_due:
            note = f"{note}; next at {r.next_due.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
        print(
            f"{r.source_id:<{width}}  {r.outcome:<12} {r.http_status or '':>4} {r.items_found:>5} "
            f"{r.items_new:>4} {r.items_updated:>4}  {note[:120]}"
        )
    failed = sum(r.outcome == "error" for r in report.sources)
    seconds = (report.finished - report.started).total_seconds()
    changed = len(report.changed_files)
    print(
        f"{len(report.sources)} sources, {failed} failed, {report.items_new} new items in {seconds:.1f} s; "
        f"{changed} file{'s' if changed != 1 else ''} updated in {output_dir}/"
    )
    for note in report.publish_notes:  # what the outputs leave out or arrange, and why
        print(f"published: {note}")
