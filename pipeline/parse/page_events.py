"""The event an item's page states: a JSON-LD ``Event`` (or a subtype: ``EducationEvent``,
``Festival``…) as an ``EventHint``: ``startDate``, ``endDate``, ``location`` (a ``Place``'s name and
locality, or a ``VirtualLocation``), ``eventAttendanceMode`` and ``eventStatus`` (issue 18).

Pure, over JSON-LD nodes ``pages.parse_item_page`` found; what the event is to a reader (upcoming,
its place if the page gives none) is ``events``' to decide.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from pipeline.parse.dates import WARSAW, parse_datetime_attr
from pipeline.parse.html import plain_text
from pipeline.records import EventHint

__all__ = ["event_hint", "is_event", "node_types", "page_event"]


def node_types(node: dict[str, Any]) -> list[str]:
    """A JSON-LD node's ``@type`` names, lower-cased, without their vocabulary's address."""
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return [k.rsplit("/", 1)[-1].lower() for k in kinds if isinstance(k, str)]


def is_event(node: dict[str, Any]) -> bool:
    """schema.org's Event and its subtypes (EducationEvent, SocialEvent, ExhibitionEvent, Festival…)."""
    return any(k.endswith("event") or k in ("festival", "hackathon") for k in node_types(node))


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), None)
    return plain_text(value, markup=True) if isinstance(value, str) else ""


_WORD = re.compile(r"\w{3,}")
_DAY_ONLY = re.compile(r"\s*\d{4}-\d{2}-\d{2}\s*")


def page_event(nodes: list[dict[str, Any]], title: str, now: datetime) -> EventHint | None:
    """The event a page states: its one JSON-LD Event, or, of several (a calendar's widget of other
    events beside the page's own), the one whose name shares most of the page's title words; None
    when none shares half of them. O(nodes x title words)."""
    events = [(node, hint) for node in nodes if is_event(node) and (hint := event_hint(node, now))]
    if len(events) == 1:
        return events[0][1]
    wanted = set(_WORD.findall(title.lower()))
    best, overlap = None, 0.5
    for node, hint in events:
        named = set(_WORD.findall(_text(node.get("name")).lower()))
        share = len(wanted & named) / max(1, len(wanted))
        if share >= overlap:
            best, overlap = hint, share
    return best


def event_hint(node: dict[str, Any], now: datetime) -> EventHint | None:
    """A JSON-LD Event as an ``EventHint``: None without a readable ``startDate``."""
    start = _event_moment(node.get("startDate"), now)
    if start is None:
        return None
    end = _event_moment(node.get("endDate"), now)
    if end is not None and (type(end) is not type(start) or end <= start):
        end = None  # a date against a datetime, or an end before the start: the start alone
    mode = str(node.get("eventAttendanceMode") or "").lower()
    status = str(node.get("eventStatus") or "").lower()
    place, virtual = _event_place(node.get("location"))
    return EventHint(
        start=start,
        end=end,
        place=place,
        online=virtual or mode.endswith("onlineeventattendancemode"),
        cancelled="cancelled" in status or "postponed" in status,
    )


def _event_moment(value: Any, now: datetime) -> date | datetime | None:
    """A ``startDate``/``endDate``: a day ("2026-05-14") stays a day; a moment is read as any machine
    date (no zone: Warsaw's clock) and kept on Warsaw's clock."""
    if not isinstance(value, str):
        return None
    moment = parse_datetime_attr(value, now=now)  # a bare day: midnight in Warsaw
    if moment is None:
        return None
    local = moment.astimezone(WARSAW)
    return local.date() if _DAY_ONLY.fullmatch(value) else local


def _event_place(location: Any) -> tuple[str | None, bool]:
    """The place's name and locality ("Klub Pod Kolumnami, Wrocław"), and whether it is online."""
    names: list[str] = []
    virtual = False
    for value in location if isinstance(location, list) else [location]:
        if isinstance(value, str):
            names.append(plain_text(value, markup=True))
        elif isinstance(value, dict):
            if "virtuallocation" in node_types(value):
                virtual = True
                continue
            names.append(_text(value.get("name")))
            address = value.get("address")
            if isinstance(address, dict):
                names.append(_text(address.get("addressLocality")))
            elif isinstance(address, str):
                names.append(plain_text(address, markup=True))
    unique = [n for i, n in enumerate(names) if n and n not in names[:i]]
    return (", ".join(unique)[:200] or None), virtual
