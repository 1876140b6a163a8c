"""robots.txt, as RFC 9309 says: what a stored answer allows, and when to ask again.

The rules are read by ``protego`` (longest match wins, ``*`` and ``$`` patterns, the most specific
user-agent group; ``urllib.robotparser`` lets the first match win and ignores wildcards, so
``Disallow: /news`` + ``Allow: /news/2025/`` refused ``/news/2025/x``: issue 19). Fetching, and
following robots.txt's own redirects, is ``fetch.py``'s; everything here is pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from protego import Protego

from .records import RobotsRecord

__all__ = [
    "ROBOTS_MAX_BYTES",
    "ROBOTS_MAX_REDIRECTS",
    "ROBOTS_TTL",
    "RobotsRules",
    "is_robots_fresh",
    "robots_rules",
]

ROBOTS_TTL = timedelta(hours=24)  # §2.4: a cached robots.txt may be used up to 24 hours
ROBOTS_MAX_BYTES = 512 * 1024  # §2.5: at least 500 KiB must be read
ROBOTS_MAX_REDIRECTS = 5  # §2.3.1.2: follow at least five consecutive redirects


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """What an origin's robots.txt allows. ``disallow_all``: it answered with a server error
    (§2.3.1.4: assume complete disallow until it recovers)."""

    parser: Protego | None
    disallow_all: bool = False

    def can_fetch(self, user_agent: str, url: str) -> bool:
        if self.disallow_all:
            return False
        return self.parser is None or bool(self.parser.can_fetch(url, user_agent))


def is_robots_fresh(record: RobotsRecord | None, now: datetime) -> bool:
    """May this stored robots.txt still be used instead of asking again?"""
    return record is not None and timedelta(0) <= now - record.fetched < ROBOTS_TTL


def robots_rules(record: RobotsRecord) -> RobotsRules | None:
    """The rules of a robots.txt answer: None for no rules (4xx, §2.3.1.3, and an answer that is
    not a robots.txt at all); a 5xx disallows everything (§2.3.1.4)."""
    if 200 <= record.status < 300:
        try:
            return RobotsRules(Protego.parse(record.body))
        except Exception:  # a parser bug on odd text must not stop the fetch (issue 20)
            return None
    if record.status >= 500:
        return RobotsRules(None, disallow_all=True)
    return None
