"""Editorial control (issue 15): what editors decide about the published page, kept in the
repository next to sources.yaml, in ``editorial.yaml``::

    hide:                      # never published; the item stays stored (and is found again)
      - url: https://metropolie.pl/artykul/zarzad-ump-o-transporcie
        reason: off-topic      # optional; shown by `status` and `preview`
      - url: https://example.org/news/a
        story: true            # the whole story this item belongs to, every source's item
    pin:                       # first on the digest, the embed and in the feeds
      - url: https://wielokultury.wroclaw.pl/nabor-2026/
        until: 2026-12-31      # optional; from the next day the story takes its place by date
    split:                     # merged by mistake: this item is published as a story of its own
      - url: https://example.org/news/b
    never_merge:               # these items are never one story (the first keeps the story)
      - [https://example.org/a, https://example.com/b]

URLs are the items' links as the cards show them; they are compared in their canonical form
(http/https, ``www.``, tracking parameters, a trailing slash do not matter). Decisions apply at
publish time to stored items, so they hold whatever the sources answer later (a 304, an update).
Loading is I/O at the edge; everything else here is pure.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .dedupe.urls import canonical_url
from .errors import ConfigError, ConfigProblem
from .text import is_http_url

EDITORIAL_FILE = "editorial.yaml"
# The state keeps the last valid text: a broken edit must not un-hide what editors hid.
EDITORIAL_META = "editorial_yaml"
_SECTIONS = ("hide", "pin", "split", "never_merge")


@dataclass(frozen=True, slots=True)
class Hide:
    url: str
    whole_story: bool = False
    reason: str = ""
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Pin:
    url: str
    until: date | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Split:
    url: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class NeverMerge:
    urls: tuple[str, ...]
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Editorial:
    """Every editorial decision; empty when there is no editorial.yaml."""

    hide: tuple[Hide, ...] = ()
    pin: tuple[Pin, ...] = ()
    split: tuple[Split, ...] = ()
    never_merge: tuple[NeverMerge, ...] = ()
    path: str | None = None
    digest: str = ""  # of the file's bytes: a change re-publishes
    text: str = ""  # as read: the state keeps the last valid one (EDITORIAL_META)

    @property
    def empty(self) -> bool:
        return not (self.hide or self.pin or self.split or self.never_merge)

    def urls(self) -> list[str]:
        """Every URL the decisions name, in the file's order."""
        found = [h.url for h in self.hide] + [p.url for p in self.pin] + [s.url for s in self.split]
        found += [url for group in self.never_merge for url in group.urls]
        return list(dict.fromkeys(found))

    def active_pins(self, today: date) -> list[Pin]:
        return [p for p in self.pin if p.until is None or today <= p.until]


def editorial_path(config_path: str | Path) -> Path:
    """editorial.yaml in the folder of sources.yaml."""
    return Path(config_path).parent / EDITORIAL_FILE


def load_editorial(path: Path) -> Editorial:
    """Read editorial.yaml; an absent file means no decisions. Raises ConfigError with every
    located problem (the file is checked by ``check`` like sources.yaml)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Editorial()
    except OSError as exc:
        raise ConfigError(
            [ConfigProblem(str(path), None, "file", f"cannot be read: {exc.strerror}")]
        ) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(
            [ConfigProblem(str(path), line, "file", "is not UTF-8 text; save it as UTF-8")]
        ) from exc
    editorial = parse_editorial(text, name=str(path))
    digest = hashlib.sha256(raw).hexdigest()
    return dataclasses.replace(editorial, path=str(path), digest=digest, text=text)


def parse_editorial(text: str, *, name: str = EDITORIAL_FILE) -> Editorial:
    """Validate the text of an editorial.yaml; every problem with its line."""
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        document = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = (exc.problem or str(exc)).strip()
        raise ConfigError([ConfigProblem(name, mark.line + 1 if mark else None, "yaml", what)]) from exc
    except YAMLError as exc:
        raise ConfigError([ConfigProblem(name, None, "yaml", str(exc))]) from exc
    if document is None:
        return Editorial(path=name)
    if not isinstance(document, CommentedMap):
        raise ConfigError([ConfigProblem(name, 1, "file", f"must be a mapping of {', '.join(_SECTIONS)}")])
    problems: list[ConfigProblem] = []
    for key in document:
        if key not in _SECTIONS:
            problems.append(
                ConfigProblem(
                    name, _key_line(document, key), str(key), f"unknown section; use {', '.join(_SECTIONS)}"
                )
            )
    reader = _Reader(name, problems)
    hide = tuple(reader.hides(document.get("hide"), _key_line(document, "hide")))
    pin = tuple(reader.pins(document.get("pin"), _key_line(document, "pin")))
    split = tuple(reader.splits(document.get("split"), _key_line(document, "split")))
    never = tuple(reader.groups(document.get("never_merge"), _key_line(document, "never_merge")))
    if problems:
        problems.sort(key=lambda p: p.line or 0)
        raise ConfigError(problems)
    return Editorial(hide, pin, split, never, name)


def _key_line(node: CommentedMap, key: Any) -> int | None:
    try:
        return node.lc.key(key)[0] + 1
    except (KeyError, TypeError, AttributeError):
        return None


def _item_line(node: CommentedSeq, index: int, fallback: int | None) -> int | None:
    try:
        return node.lc.item(index)[0] + 1
    except (KeyError, TypeError, AttributeError, IndexError):
        return fallback


class _Reader:
    """Reads the sections, collecting problems instead of stopping at the first."""

    def __init__(self, name: str, problems: list[ConfigProblem]) -> None:
        self.name = name
        self.problems = problems

    def problem(self, line: int | None, field: str, message: str) -> None:
        self.problems.append(ConfigProblem(self.name, line, field, message))

    def url(self, value: Any, line: int | None, field: str) -> str | None:
        if not isinstance(value, str) or not is_http_url(value.strip()):
            self.problem(line, field, f"needs the item's link, an http(s) URL (found {value!r})")
            return None
        return value.strip()

    def entries(
        self, section: Any, field: str, line: int | None
    ) -> list[tuple[str, int | None, CommentedMap | None]]:
        """(url, line, the entry's mapping) of a list whose entries are URLs or {url: …} mappings."""
        if section is None:
            return []
        if not isinstance(section, CommentedSeq):
            self.problem(line, field, "must be a list: one '- url: …' line per item")
            return []
        found = []
        for index, entry in enumerate(section):
            at = _item_line(section, index, line)
            mapping = entry if isinstance(entry, CommentedMap) else None
            url = self.url(mapping.get("url") if mapping is not None else entry, at, f"{field}[{index + 1}]")
            if url:
                found.append((url, at, mapping))
        return found

    def hides(self, section: Any, line: int | None) -> list[Hide]:
        hides = []
        for url, at, mapping in self.entries(section, "hide", line):
            story = mapping.get("story", False) if mapping is not None else False
            reason = mapping.get("reason", "") if mapping is not None else ""
            if not isinstance(story, bool):
                self.problem(at, "hide.story", f"must be true or false (found {story!r})")
                story = False
            self._unknown_keys(mapping, {"url", "story", "reason"}, at, "hide")
            hides.append(Hide(url, story, str(reason or ""), at))
        return hides

    def pins(self, section: Any, line: int | None) -> list[Pin]:
        pins = []
        for url, at, mapping in self.entries(section, "pin", line):
            until = mapping.get("until") if mapping is not None else None
            if isinstance(until, datetime):
                until = until.date()
            if until is not None and not isinstance(until, date):
                self.problem(at, "pin.until", f"must be a date like 2026-12-31 (found {until!r})")
                until = None
            self._unknown_keys(mapping, {"url", "until"}, at, "pin")
            pins.append(Pin(url, until, at))
        return pins

    def splits(self, section: Any, line: int | None) -> list[Split]:
        splits = []
        for url, at, mapping in self.entries(section, "split", line):
            self._unknown_keys(mapping, {"url", "reason"}, at, "split")
            splits.append(Split(url, at))
        return splits

    def groups(self, section: Any, line: int | None) -> list[NeverMerge]:
        if section is None:
            return []
        if not isinstance(section, CommentedSeq):
            self.problem(line, "never_merge", "must be a list of lists: - [URL, URL]")
            return []
        groups = []
        for index, entry in enumerate(section):
            at = _item_line(section, index, line)
            field = f"never_merge[{index + 1}]"
            if not isinstance(entry, CommentedSeq) or len(entry) < 2:
                self.problem(at, field, "must list two or more item links: - [URL, URL]")
                continue
            urls = [self.url(value, at, field) for value in entry]
            if all(urls):
                groups.append(NeverMerge(tuple(u for u in urls if u), at))
        return groups

    def _unknown_keys(
        self, mapping: CommentedMap | None, known: set[str], line: int | None, field: str
    ) -> None:
        for key in mapping or ():
            if key not in known:
                self.problem(line, f"{field}.{key}", f"unknown key; use {', '.join(sorted(known))}")


@functools.lru_cache(maxsize=16_384)
def canonical(url: str | None) -> str:
    """``canonical_url`` remembered: a publish compares every published item's link several times."""
    return canonical_url(url) if url else ""


def link_variants(urls: list[str]) -> list[str]:
    """The spellings under which a link named by an editor may be stored (exact-match lookups):
    http or https, with or without ``www.`` and a trailing slash. Comparison is canonical after."""
    variants: list[str] = []
    for url in urls:
        _scheme, _, rest = url.partition("://")
        hosts = [rest, rest[4:] if rest.startswith("www.") else "www." + rest]
        for host_and_path in hosts:
            for path in (
                host_and_path,
                host_and_path.rstrip("/") if host_and_path.endswith("/") else host_and_path + "/",
            ):
                variants.extend(f"{s}://{path}" for s in ("https", "http"))
    return list(dict.fromkeys([*urls, *variants]))
