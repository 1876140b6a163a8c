"""sources.yaml -> ``Config`` records, with strict, located validation.

The file is read with ruamel.yaml (which remembers the line of every key and refuses duplicate
keys), checked against the schema (``config_schema.py``: pydantic models, unknown keys are errors), and
then for what a schema cannot say (unique ids, areas that exist). Every problem is collected, located
(file, line, source id, field) and raised together as one ``ConfigError``.

All defaults live in ``records.py``; the schema reads them.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .addresses import is_private_address
from .config_schema import (
    _KNOWN_KEYS,
    DEFAULT_STATE,
    MIN_INTERVAL_S,
    _AreaModel,
    _ConfigModel,
    _PublishModel,
    _SelectorsModel,
    _SiteModel,
    _SourceModel,
    parse_interval,
)
from .errors import ConfigError, ConfigProblem
from .records import AREA_SLUGS, AreaDef, Config, PublishSettings, Selectors, Site, Source
from .text import html_to_text
from .yaml_errors import explain_yaml_error, find_missing_spaces

DEFAULT_CONFIG = "sources.yaml"
DEFAULT_LABELS = {
    "edukacja": "Edukacja",
    "integracja": "Integracja",
    "bezpieczenstwo": "Bezpieczeństwo",
    "wspolpraca": "Współpraca i komunikacja",
}


def config_warnings(config: Config) -> list[str]:
    """What is valid but will hurt once published (``check`` prints these and still exits 0)."""
    warnings = []
    base_url = config.publish.base_url
    if base_url is None:
        warnings.append(
            "publish.base_url is not set: embed.html then links its CSS (digest.css) and "
            '"Więcej wiadomości" (page-2.html) relatively, so pasted into a page on another '
            "address both break, and feed.xml/atom.xml have no self link. Set it to the address "
            "where output/ is served, e.g. base_url: https://www.wroclaw.pl/powiazane-wiadomosci/"
        )
    elif urlsplit(base_url).scheme == "http":
        warnings.append(
            f"publish.base_url '{base_url}' is http: a page served over https will not load "
            "digest.css from it (mixed content); use https:// if that server has it"
        )
    return warnings


# --- loading -----------------------------------------------------------------------------------


def load_config(path: str | Path) -> Config:
    """Read and validate sources.yaml; raise ConfigError listing every located problem."""
    path = Path(path)
    name = str(path)
    try:
        raw_bytes = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            [ConfigProblem(name, None, "file", "not found; create it or pass --config PATH")]
        ) from None
    except OSError as exc:
        raise ConfigError([ConfigProblem(name, None, "file", f"cannot be read: {exc.strerror}")]) from exc
    try:
        text = raw_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw_bytes[: exc.start].count(b"\n") + 1
        raise ConfigError([ConfigProblem(name, line, "file", "is not UTF-8 text; save it as UTF-8")]) from exc
    return parse_config(text, name=name, base_dir=path.parent)


def state_path_hint(path: str | Path) -> Path:
    """Where the state of ``path`` lives, read even from an invalid file (for ``status``).

    The ``state:`` the file still says (a document that parses, else its top-level line), else
    the default; relative to the config's folder as in a valid file.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        text = ""
    value: object = None
    try:
        document = YAML(typ="safe").load(text)
        value = document.get("state") if isinstance(document, dict) else None
    except YAMLError:
        match = re.search(r"^state:[ \t]+(['\"]?)(?P<path>[^'\"#\n]+?)\1[ \t]*(?:#.*)?$", text, re.MULTILINE)
        value = match["path"] if match else None
    state = Path(value.strip()) if isinstance(value, str) and value.strip() else Path(DEFAULT_STATE)
    return state if state.is_absolute() else path.parent / state


def parse_config(text: str, *, name: str = DEFAULT_CONFIG, base_dir: Path | None = None) -> Config:
    """Validate the text of a sources.yaml (see ``load_config``)."""
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        document = yaml.load(text)
    except MarkedYAMLError as exc:
        # The parser's own words stay on the exception chain; the editor gets plain ones.
        mistake = explain_yaml_error(exc, text)
        raise ConfigError(
            [ConfigProblem(name, mistake.line, "syntax", mistake.message, column=mistake.column)]
        ) from exc
    except YAMLError as exc:
        raise ConfigError([ConfigProblem(name, None, "syntax", str(exc))]) from exc
    if document is None:
        raise ConfigError([ConfigProblem(name, None, "file", "is empty; it needs at least 'sources:'")])
    if not isinstance(document, CommentedMap):
        raise ConfigError([ConfigProblem(name, 1, "file", "must be a mapping with 'sources:' at the top")])

    plain = _plain(document)
    # "every:2h" on a deeper line parses as part of the value above ("A every:2h"): say so.
    problems = [
        ConfigProblem(name, m.line, "syntax", m.message, column=m.column)
        for m in find_missing_spaces(text, known_keys=_KNOWN_KEYS)
    ]
    model: _ConfigModel | None = None
    try:
        model = _ConfigModel.model_validate(plain)
    except ValidationError as exc:
        problems.extend(_locate(error, document, name) for error in exc.errors())
    problems.extend(_semantic_problems(plain, document, name))
    if problems or model is None:
        problems.sort(key=lambda p: p.line or 0)
        raise ConfigError(_dedupe_problems(problems))
    return _to_records(model, name, base_dir or Path("."))


def _plain(node: Any) -> Any:
    if isinstance(node, CommentedMap):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, CommentedSeq):
        return [_plain(v) for v in node]
    return node


def _line_of(document: CommentedMap, loc: tuple[Any, ...]) -> int | None:
    """The line (1-based) of the deepest key in ``loc`` that exists in the YAML document."""
    node: Any = document
    line: int | None = None
    for part in loc:
        try:
            if isinstance(node, CommentedMap) and part in node:
                line = node.lc.key(part)[0] + 1
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
                line = node.lc.item(part)[0] + 1
                node = node[part]
            else:
                break
        except (AttributeError, KeyError, TypeError):
            break
    return line


def _source_id(document: CommentedMap, loc: tuple[Any, ...]) -> str | None:
    if len(loc) >= 2 and loc[0] == "sources" and isinstance(loc[1], int):
        sources = document.get("sources")
        if isinstance(sources, CommentedSeq) and loc[1] < len(sources):
            entry = sources[loc[1]]
            if isinstance(entry, CommentedMap) and isinstance(entry.get("id"), str):
                return entry["id"]
    return None


def _field_name(loc: tuple[Any, ...]) -> str:
    if len(loc) >= 2 and loc[0] == "sources" and isinstance(loc[1], int):
        rest = [str(p) for p in loc[2:]]
        return ".".join(rest) if rest else f"sources[{loc[1]}]"
    return ".".join(str(p) for p in loc) or "file"


def _locate(error: Any, document: CommentedMap, name: str) -> ConfigProblem:
    loc = tuple(error["loc"])
    kind = error["type"]
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc)
        message = f"unknown key '{loc[-1]}'" + (f"; expected one of: {', '.join(allowed)}" if allowed else "")
    elif kind == "missing":
        message = "is required but missing"
    elif kind == "string_pattern_mismatch" and loc[-1] == "id":
        message = "must be lower-case letters, digits and '-' only (e.g. icc-newsroom)"
    elif kind in ("bool_parsing", "bool_type"):
        message = f"must be true or false, not {error.get('input')!r}"
    elif kind in ("int_parsing", "int_type"):
        message = f"must be a whole number, not {error.get('input')!r}"
    elif kind == "literal_error":
        message = f"must be one of {error['ctx'].get('expected')}, not {error.get('input')!r}"
    # A missing key has no line of its own: point at its parent mapping.
    line = _line_of(document, loc)
    return ConfigProblem(name, line, _field_name(loc), message, _source_id(document, loc))


def _allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    models: dict[tuple[str, ...], type[BaseModel]] = {
        (): _ConfigModel,
        ("site",): _SiteModel,
        ("publish",): _PublishModel,
        ("sources",): _SourceModel,
        ("sources", "selectors"): _SelectorsModel,
        ("areas",): _AreaModel,
    }
    shape = tuple(p for p in loc[:-1] if isinstance(p, str))
    if shape and shape[0] == "areas":
        shape = ("areas",)
    model = models.get(shape)
    return list(model.model_fields) if model else []


def _dedupe_problems(problems: list[ConfigProblem]) -> list[ConfigProblem]:
    # pydantic reports a union (e.g. ``every: str | int``) once per branch; keep the first.
    seen: set[tuple[int | None, str, str | None]] = set()
    unique = []
    for p in problems:
        key = (p.line, p.field, p.source_id)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def _semantic_problems(plain: dict[str, Any], document: CommentedMap, name: str) -> list[ConfigProblem]:
    """What the schema cannot express, across entries: unique ids, areas that exist, custom-area
    labels, the minimum interval of a public site.

    Works on the plain document (not the validated model) so that these problems are reported
    together with the schema's, all at once.
    """
    problems: list[ConfigProblem] = []
    configured_areas = plain.get("areas") if isinstance(plain.get("areas"), dict) else {}
    area_slugs = set(AREA_SLUGS) | set(configured_areas)
    for slug, area in configured_areas.items():
        if not re.fullmatch(r"[a-z0-9-]+", slug):
            problems.append(
                ConfigProblem(
                    name,
                    _line_of(document, ("areas", slug)),
                    f"areas.{slug}",
                    "an area slug must be lower-case letters, digits and '-'",
                )
            )
        if slug not in AREA_SLUGS and not (isinstance(area, dict) and area.get("label")):
            problems.append(
                ConfigProblem(
                    name,
                    _line_of(document, ("areas", slug)),
                    f"areas.{slug}.label",
                    "a new area needs a label (shown on cards and feeds)",
                )
            )
    sources = plain.get("sources")
    if not isinstance(sources, list):
        return problems
    seen: dict[str, int] = {}
    for index, source in enumerate(sources):
        if not isinstance(source, dict):
            continue
        loc: tuple[Any, ...] = ("sources", index)
        source_id = source.get("id") if isinstance(source.get("id"), str) else None
        if source_id in seen:
            problems.append(
                ConfigProblem(
                    name,
                    _line_of(document, (*loc, "id")),
                    "id",
                    f"duplicate id '{source_id}' (first used by entry {seen[source_id] + 1}); "
                    "ids must be unique",
                    source_id,
                )
            )
        elif source_id:
            seen[source_id] = index
        every, url = source.get("every"), source.get("url")
        try:
            too_fast = every is not None and parse_interval(every) < MIN_INTERVAL_S
        except ValueError:
            too_fast = False  # the schema reports a malformed interval
        if too_fast and isinstance(url, str) and not is_private_address(urlsplit(url).hostname or ""):
            problems.append(
                ConfigProblem(
                    name,
                    _line_of(document, (*loc, "every")),
                    "every",
                    f"'{every}' is shorter than the 1m minimum for a public site; be polite "
                    "(write e.g. 30m or 1h)",
                    source_id,
                )
            )
        areas = source.get("areas")
        for area in areas if isinstance(areas, list) else []:
            if isinstance(area, str) and area not in area_slugs:
                problems.append(
                    ConfigProblem(
                        name,
                        _line_of(document, (*loc, "areas")),
                        "areas",
                        f"unknown area '{area}'; expected one of: {', '.join(sorted(area_slugs))}",
                        source_id,
                    )
                )
    return problems


def _per_language(words: dict[str, list[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((lang, tuple(phrases)) for lang, phrases in words.items())


_SOURCE_FIELDS = frozenset(f.name for f in dataclasses.fields(Source))


def _source_record(model: _SourceModel) -> Source:
    """The record of one validated entry: every field the schema and ``Source`` share, by name
    (lists as tuples); only what differs is written here."""
    shared = {
        key: tuple(value) if isinstance(value, list) else value
        for key, value in model
        if key in _SOURCE_FIELDS and key != "selectors"
    }
    return Source(
        **shared
        | {
            "name": html_to_text(model.name),  # shown on cards and in feeds: never markup
            "every_s": parse_interval(model.every),
            "selectors": Selectors(**model.selectors.model_dump()) if model.selectors else None,
        }
    )


def _to_records(model: _ConfigModel, name: str, base_dir: Path) -> Config:
    areas: list[AreaDef] = []
    configured = model.areas
    slugs = list(AREA_SLUGS)
    if configured:
        slugs += [s for s in configured if s not in AREA_SLUGS]
    for slug in slugs:
        extra = (configured or {}).get(slug)
        label = (extra.label if extra and extra.label else None) or DEFAULT_LABELS.get(slug, slug)
        areas.append(
            AreaDef(
                slug=slug,
                label=label,
                keywords=_per_language(extra.keywords if extra else {}),
                exclude=_per_language(extra.exclude if extra else {}),
            )
        )
    state = Path(model.state)
    if not state.is_absolute():
        state = base_dir / state  # SPEC: relative to the folder of the config file
    templates = None
    if model.templates:
        templates_path = Path(model.templates)
        templates = str(templates_path if templates_path.is_absolute() else base_dir / templates_path)
    sources = tuple(_source_record(s) for s in model.sources)
    return Config(
        path=name,
        site=Site(  # shown in every output's head: plain text like source names
            title=html_to_text(model.site.title),
            link=model.site.link,
            description=html_to_text(model.site.description),
            language=model.site.language,
        ),
        publish=PublishSettings(**model.publish.model_dump()),
        state_path=str(state),
        templates=templates,
        contact=model.contact,
        areas=tuple(areas),
        sources=sources,
        cycle_deadline_s=parse_interval(model.cycle_deadline),
    )
