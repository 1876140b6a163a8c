"""The schema of sources.yaml: pydantic models, their field checks, and durations (``config.py``).

Unknown keys are errors; defaults are read from the records (``records.py``), written once there.
"""

from __future__ import annotations

import re
from typing import Literal
from urllib.parse import urlsplit

import httpx
from pydantic import BaseModel, ConfigDict, Field, field_validator

from .records import Config, PublishSettings, Site, Source
from .text import is_http_url

DEFAULT_STATE = "var/pipeline.sqlite3"
_INTERVAL = re.compile(r"^\s*(\d+)\s*(s|m|h|d)\s*$")
_UNIT_S = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# The defaults live on the records, once; slotted classes need an instance to read them.
_SITE = Site()
_PUBLISH = PublishSettings()
_SOURCE = Source(id="", name="", url="")
_CYCLE_DEADLINE_S = Config("", _SITE, _PUBLISH, "", None, "", (), ()).cycle_deadline_s
MIN_INTERVAL_S = 60  # politeness floor for public sites: never poll more than once a minute
MIN_LOCAL_INTERVAL_S = 1  # sources on loopback/private addresses (tests, the demo) may go faster


def parse_interval(value: str | int) -> int:
    """'30m' / '2h' / '1d' (or seconds as a number) -> seconds; ValueError when malformed."""
    if isinstance(value, bool):
        raise ValueError("expected a duration like 30m, 2h or 1d")
    if isinstance(value, int):
        seconds = value
    else:
        match = _INTERVAL.match(str(value))
        if not match:
            raise ValueError(f"'{value}' is not a duration; write e.g. 30m, 2h or 1d")
        seconds = int(match.group(1)) * _UNIT_S[match.group(2)]
    if seconds < MIN_LOCAL_INTERVAL_S:
        raise ValueError(f"'{value}' is not a positive duration; write e.g. 30m, 2h or 1d")
    return seconds


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False, str_strip_whitespace=True)


class _SiteModel(_Strict):
    title: str = _SITE.title
    link: str = _SITE.link
    description: str = _SITE.description
    language: str = _SITE.language

    @field_validator("link")
    @classmethod
    def _link(cls, v: str) -> str:
        return _check_url(v)


class _PublishModel(_Strict):
    limit: int = Field(_PUBLISH.limit, ge=1, le=10000)
    page_size: int = Field(_PUBLISH.page_size, ge=1, le=500)
    pages: int = Field(_PUBLISH.pages, ge=1, le=1000)
    base_url: str | None = None
    events: int = Field(_PUBLISH.events, ge=0, le=20)  # upcoming events in embed.html (issue 18)

    @field_validator("base_url")
    @classmethod
    def _base(cls, v: str | None) -> str | None:
        if v is None:
            return None
        v = _check_url(v)
        parts = urlsplit(v)
        if parts.query or parts.fragment:
            raise ValueError(
                f"'{v}' has a '?' or '#' part; base_url is the folder where output/ is served, "
                "e.g. https://www.wroclaw.pl/powiazane-wiadomosci/"
            )
        # A folder: without the "/" every relative link would resolve one level up.
        return v if v.endswith("/") else v + "/"


class _SelectorsModel(_Strict):
    item: str
    title: str
    link: str | None = None
    date: str | None = None
    summary: str | None = None
    image: str | None = None

    @field_validator("item", "title", "link", "date", "summary", "image")
    @classmethod
    def _css(cls, v: str | None) -> str | None:
        from soupsieve import SelectorSyntaxError
        from soupsieve import compile as compile_css

        if v is None:
            return None
        try:
            compile_css(v)
        except (SelectorSyntaxError, ValueError, NotImplementedError) as exc:
            first_line = str(exc).splitlines()[0]
            raise ValueError(f"'{v}' is not a valid CSS selector ({first_line})") from None
        return v


_LANG_RE = re.compile(r"^(auto|[a-z]{2,3})$")


class _SourceModel(_Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$", max_length=64)
    name: str = Field(min_length=1)
    url: str
    kind: Literal["feed", "html"] | None = None
    language: str = _SOURCE.language
    every: str | int = _SOURCE.every_s  # "2h", "30m" or seconds
    enabled: bool = _SOURCE.enabled
    areas: list[str] = []
    priority: int = _SOURCE.priority
    enrich: bool = _SOURCE.enrich
    encoding: str | None = _SOURCE.encoding
    # None or "auto": the news cards are found on the page by themselves (issue 16).
    selectors: _SelectorsModel | None = None
    include: list[str] = []
    exclude: list[str] = []

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        return _check_url(v)

    @field_validator("selectors", mode="before")
    @classmethod
    def _auto_selectors(cls, v: object) -> object:
        if isinstance(v, str):
            if v.strip().lower() == "auto":
                return None
            raise ValueError(
                f"'{v}' is not a value of selectors; write `auto` (the cards are found by "
                "themselves), leave it out, or give at least 'item' and 'title'"
            )
        return v

    @field_validator("language")
    @classmethod
    def _language(cls, v: str) -> str:
        v = v.lower()
        if not _LANG_RE.match(v):
            raise ValueError(f"'{v}' is not a language code; write pl, en, uk, … or auto")
        return v

    @field_validator("every")
    @classmethod
    def _every(cls, v: str | int) -> str | int:
        parse_interval(v)
        return v

    @field_validator("encoding")
    @classmethod
    def _encoding(cls, v: str | None) -> str | None:
        if v is None:
            return None
        import codecs

        try:
            return codecs.lookup(v).name
        except LookupError:
            raise ValueError(
                f"'{v}' is not a known character encoding (e.g. utf-8, cp1250, iso-8859-2)"
            ) from None


class _AreaModel(_Strict):
    label: str | None = None
    keywords: dict[str, list[str]] = {}
    exclude: dict[str, list[str]] = {}


class _ConfigModel(_Strict):
    site: _SiteModel = _SiteModel()
    publish: _PublishModel = _PublishModel()
    state: str = DEFAULT_STATE
    templates: str | None = None
    contact: str = _SITE.link
    cycle_deadline: str | int = _CYCLE_DEADLINE_S
    areas: dict[str, _AreaModel] | None = None
    sources: list[_SourceModel]

    @field_validator("cycle_deadline")
    @classmethod
    def _cycle_deadline(cls, v: str | int) -> str | int:
        parse_interval(v)
        return v

    @field_validator("contact")
    @classmethod
    def _contact(cls, v: str) -> str:
        # It goes into the User-Agent header, which is ASCII: IDNA host, percent-encoded path.
        _check_url(v)
        try:
            return str(httpx.URL(v))
        except (httpx.InvalidURL, ValueError) as exc:
            raise ValueError(f"'{v}' is not a usable URL ({exc})") from None


_MODELS = (_ConfigModel, _SiteModel, _PublishModel, _SourceModel, _SelectorsModel, _AreaModel)
_KNOWN_KEYS = frozenset().union(*(model.model_fields for model in _MODELS))


def _check_url(value: str) -> str:
    if not is_http_url(value):
        raise ValueError(f"'{value}' is not an absolute http(s) URL, e.g. https://example.org/news")
    return value
