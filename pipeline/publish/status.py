"""status.json: the last cycle as machines read it (SPEC shape; extra keys allowed)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from ..records import CycleReport


def status_json(report: CycleReport, health: dict[str, tuple[str, ...]] | None = None) -> bytes:
    """status.json (SPEC shape; extra keys allowed): the cycle, and each source's health warnings."""
    health = health or {}

    def iso(value: datetime | None) -> str | None:
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else None

    document = {
        "started": iso(report.started),
        "finished": iso(report.finished),
        "published": report.published,
        "publish_notes": list(report.publish_notes),
        "sources": {
            r.source_id: {
                "outcome": r.outcome,
                "http_status": r.http_status,
                "items_found": r.items_found,
                "items_new": r.items_new,
                "items_updated": r.items_updated,
                "error": r.error,
                "warning": r.warning,
                "duration_s": round(r.duration_s, 3),
                "next_due": iso(r.next_due),
                "health": list(health.get(r.source_id, ())),
            }
            for r in report.sources
        },
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
