"""What the command line, the demo and the scheduler show about a cycle: one place, so that none
of them imports another (issue 17: the demo imported the CLI, which imports the demo). Text only:
the callers print."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from .records import Config


def cycle_summary(report: Any, config: Config, *, output_dir: str) -> str:
    """The readable per-source summary at the end of a run (the callers print it)."""
    width = max((len(r.source_id) for r in report.sources), default=6)
    lines = [f"{'source':<{width}}  {'outcome':<12} {'http':>4} {'found':>5} {'new':>4} {'upd':>4}  note"]
    for r in report.sources:
        note = r.error or r.warning or ""
        if r.outcome == "skipped" and r.next_due:
            note = f"{note}; next at {r.next_due.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
        lines.append(
            f"{r.source_id:<{width}}  {r.outcome:<12} {r.http_status or '':>4} {r.items_found:>5} "
            f"{r.items_new:>4} {r.items_updated:>4}  {note[:120]}"
        )
    failed = sum(r.outcome == "error" for r in report.sources)
    seconds = (report.finished - report.started).total_seconds()
    changed = len(report.changed_files)
    lines.append(
        f"{len(report.sources)} sources, {failed} failed, {report.items_new} new items in {seconds:.1f} s; "
        f"{changed} file{'s' if changed != 1 else ''} updated in {output_dir}/"
    )
    # What the outputs leave out or arrange, and why.
    lines.extend(f"published: {note}" for note in report.publish_notes)
    return "\n".join(lines)
