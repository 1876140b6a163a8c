"""The typed records passed between the stages of a cycle.

``Config``/``Source`` (config.py) -> ``FetchResult`` (fetch.py) -> ``RawItem`` (parse/) ->
``Item`` (normalise + tagging) -> stored, grouped into ``Story`` (dedupe.py, store.py) -> outputs.

All records are frozen, slotted dataclasses; sequences are tuples; datetimes are timezone-aware
UTC. Third-party objects (feedparser dicts, BeautifulSoup tags, httpx responses) never appear here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

SourceKind = Literal["feed", "html"]
Outcome = Literal["ok", "not_modified", "skipped", "error"]

AREA_SLUGS: tuple[str, ...] = ("edukacja", "integracja", "bezpieczenstwo", "wspolpraca")


# --- configuration -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Selectors:
    """CSS selectors for a feedless listing page; all but ``item`` are relative to each item."""

    item: str
    title: str
    link: str | None = None
    date: str | None = None
    summary: str | None = None
    image: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """One entry of ``sources:`` in sources.yaml, validated and with defaults applied."""

    id: str
    name: str
    url: str
    kind: SourceKind | None = None  # None: decided from the response body
    language: str = "auto"
    every_s: int = 3600
    enabled: bool = True
    areas: tuple[str, ...] = ()
    priority: int = 0
    enrich: bool = False
    encoding: str | None = None
    selectors: Selectors | None = None
    # Keep only items whose title/summary contain one of these phrases (case-insensitive);
    # e.g. UMP's team meetings appear only as ordinary news mentioning "Migracji i Integracji".
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AreaDef:
    """A strategy area: slug, label and the editor's extra vocabulary (language -> phrases)."""

    slug: str
    label: str
    keywords: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True, slots=True)
class Site:
    title: str = "Powiązane wiadomości"
    link: str = "https://www.wroclaw.pl/dialog-miedzykulturowy"
    description: str = "Wiadomości o dialogu międzykulturowym we Wrocławiu i partnerskich sieciach"
    language: str = "pl"


@dataclass(frozen=True, slots=True)
class PublishSettings:
    limit: int = 50
    page_size: int = 10
    pages: int = 10
    base_url: str | None = None
    events: int = 0  # upcoming events shown above the cards of embed.html (issue 18); 0: none


@dataclass(frozen=True, slots=True)
class Config:
    """The whole of sources.yaml. ``state_path`` is already resolved against the config folder."""

    path: str
    site: Site
    publish: PublishSettings
    state_path: str
    templates: str | None
    contact: str
    areas: tuple[AreaDef, ...]
    sources: tuple[Source, ...]
    cycle_deadline_s: int = 300  # a cycle's sources unfinished by then are timed out (issue 20)

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def area_label(self, slug: str) -> str:
        return next((a.label for a in self.areas if a.slug == slug), slug)


# --- state of a source, kept in the store ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceState:
    """What the store remembers about one source between cycles."""

    source_id: str
    etag: str | None = None
    last_modified: str | None = None
    last_attempt: datetime | None = None
    last_success: datetime | None = None
    last_error: str | None = None
    last_status: int | None = None
    failures_in_row: int = 0
    next_due: datetime | None = None  # None: due now
    retry_after_until: datetime | None = None  # a server's Retry-After, honoured even with --force
    # The URL the validators belong to; a changed url in sources.yaml must not send old validators.
    validators_url: str | None = None
    last_warning: str | None = None


# --- fetch -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RobotsRecord:
    """An origin's robots.txt as last fetched (kept in the store, reused for a day: RFC 9309 §2.4)."""

    origin: str
    status: int
    body: str
    fetched: datetime


@dataclass(frozen=True, slots=True)
class FetchResult:
    """A completed HTTP exchange (2xx or 304). Errors are raised as FetchError instead."""

    source_id: str
    requested_url: str
    url: str  # final URL after redirects
    status: int
    headers: tuple[tuple[str, str], ...]  # lower-cased names
    body: bytes
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k == name), None)


# --- items ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EventHint:
    """An event as an item's own page states it (JSON-LD ``Event``), before ``events`` reads it.

    ``start``/``end``: dates for a day or days (``end`` the last day, inclusive), else aware
    datetimes; ``place`` a venue and/or a city as the page names them; ``online`` when the page says
    the event is attended online; ``cancelled`` when its status says so (or postponed).
    """

    start: date | datetime
    end: date | datetime | None = None
    place: str | None = None
    online: bool = False
    cancelled: bool = False


@dataclass(frozen=True, slots=True)
class RawItem:
    """One entry as a parser read it: text already cleaned of markup, HTML already sanitized."""

    title: str | None
    link: str | None
    guid: str | None = None
    summary: str | None = None  # plain text
    content_html: str | None = None  # sanitized HTML (nh3), may be None
    published: datetime | None = None
    updated: datetime | None = None
    image_url: str | None = None
    image_alt: str | None = None
    author: str | None = None
    categories: tuple[str, ...] = ()
    language: str | None = None  # as the source declared it (xml:lang, <html lang>, feed language)
    text: str | None = None  # the article's own text, from enrichment (events; kept as Item.page_text)
    event: EventHint | None = None  # the event the item's page states (enrichment: JSON-LD)
    # An events calendar's date line as the listing shows it ("25-29 March 2019 Reykjavik, Iceland"):
    # kept when the listing's dates are mostly still to come (a news list's are publication days).
    date_line: str | None = None


@dataclass(frozen=True, slots=True)
class ParseOutcome:
    """What a parser got from one response: the items and the problems it stepped over."""

    items: tuple[RawItem, ...]
    warnings: tuple[str, ...] = ()
    feed_title: str | None = None
    feed_language: str | None = None
    advertised_feeds: tuple[str, ...] = ()  # <link rel=alternate> feeds seen on an HTML page


@dataclass(frozen=True, slots=True)
class AreaMatch:
    """An area given to an item, with its score and the words that decided it."""

    slug: str
    score: float
    words: tuple[str, ...]
    by_source: bool = False  # given by the source's ``areas:`` regardless of words
    # The learned model's probability for the area (pipeline/learned.py) when it was asked: the
    # area's words were found but their score fell short; 0.0 when the words decided alone.
    learned: float = 0.0


@dataclass(frozen=True, slots=True)
class Item:
    """A normalised item of one source, ready to store: identity, text, dates, language, areas."""

    source_id: str
    key: str  # stable identity within the source: guid, else link, else a content hash
    title: str
    link: str
    summary: str
    published: datetime
    dated: bool  # False: ``published`` is the first-seen time, not a date from the source
    content_html: str = ""
    # Undated and first seen when its source was first read (a listing's backlog): when it was
    # published is unknown, so time neither joins nor parts it from a story (dedupe rules).
    backfilled: bool = False
    image_url: str | None = None
    image_alt: str | None = None
    language: str = "pl"
    areas: tuple[AreaMatch, ...] = ()
    author: str | None = None
    updated: datetime | None = None
    event: EventHint | None = None  # the event the item's page states, when enrichment read one
    # The start of the item's own page as plain text (enrichment, at most parse.pages.TEXT_MAX_CHARS):
    # kept for what the teaser leaves to the page (an event's hour). Never published.
    page_text: str = ""
    date_line: str = ""  # an events calendar's date line for the item (RawItem.date_line)

    @property
    def area_slugs(self) -> tuple[str, ...]:
        return tuple(a.slug for a in self.areas)


@dataclass(frozen=True, slots=True)
class Posting:
    """A stored story filed under a candidate key: which, by which source, dated when."""

    story_id: int
    source_id: str
    published: datetime


@dataclass(frozen=True, slots=True)
class StoredItem:
    """An item as kept in the store: the item plus its bookkeeping."""

    item: Item
    first_seen: datetime
    story_id: int
    content_hash: str


@dataclass(frozen=True, slots=True)
class Story:
    """One published entry: every item that reports the same news, and the one that represents it."""

    id: int
    guid: str  # fixed when the story is created; never changes
    representative: Item
    items: tuple[Item, ...]
    source_ids: tuple[str, ...]  # representative first
    source_names: tuple[str, ...] = ()
    source_urls: tuple[str, ...] = ()  # each source's own feed or listing URL, same order
    area_labels: tuple[tuple[str, str], ...] = field(default=())  # (slug, label)

    @property
    def published(self) -> datetime:
        return self.representative.published


# --- what the store and the stories hand to pure decisions ----------------------------------


@dataclass(frozen=True, slots=True)
class Member:
    """What choosing a story's representative needs to know of one of its items."""

    row_id: int
    source_id: str
    first_seen: datetime
    published: datetime


@dataclass(frozen=True, slots=True)
class KnownItem:
    """What the store already knows of an item, for deciding new / changed / unchanged."""

    id: int
    story_id: int
    first_seen: datetime
    published: datetime
    dated: bool
    content_hash: str
    item: Item  # as stored: what an enriched item's page added is carried forward from here
    hash_changed: int = 0  # updates in a row that only the content hash asked for


@dataclass(frozen=True, slots=True)
class StoryRow:
    """A story as published: its items (representative first) and its bookkeeping."""

    id: int
    guid: str
    created: datetime
    representative_id: int
    items: tuple[tuple[int, StoredItem], ...]  # (item row id, item)


# --- what a cycle reports (status.json, the summary) ------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceReport:
    """How one source fared in a cycle (the ``sources`` entries of status.json)."""

    source_id: str
    outcome: Outcome
    http_status: int | None = None
    items_found: int = 0
    items_new: int = 0
    items_updated: int = 0
    error: str | None = None
    warning: str | None = None
    duration_s: float = 0.0
    next_due: datetime | None = None


@dataclass(frozen=True, slots=True)
class CycleReport:
    started: datetime
    finished: datetime
    sources: tuple[SourceReport, ...]
    changed_files: tuple[str, ...] = ()
    published: bool = False
    # What publishing left out or arranged (selection.Selection.notes), and editorial.yaml trouble.
    publish_notes: tuple[str, ...] = ()

    @property
    def items_new(self) -> int:
        return sum(r.items_new for r in self.sources)
