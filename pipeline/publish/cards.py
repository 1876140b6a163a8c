"""One story -> the plain data a template draws as a card (pure; the digest's templates use it).

A :class:`Card` carries ``title``, ``url`` (None when the story's link is not http(s); characters
a URL may not contain are percent-encoded), ``image`` (:class:`ImageView`: ``url``, ``alt``,
``width``, ``height``; or None), ``date`` (:class:`DateView`: ``text`` such as "22 kwietnia 2025",
``iso`` such as "2025-04-22"; None for an undated item), ``added`` (for an undated item only: the
day it was first seen, ``label`` "dodano"), ``sources`` (display names, representative first),
``area_labels`` ((slug, label) pairs), ``excerpt`` (plain text, about 200 characters, ending in
"…" when cut), ``lang`` (the item's language when it differs from the page's, else None; also
the link's ``hreflang``), ``badge`` (:class:`LanguageBadge` shown for such a card: "EN",
"angielski"), ``page_lang`` (the page's, for the card's Polish interface inside a foreign card)
and ``story`` (the :class:`~pipeline.records.Story` itself).

Title, excerpt, sources and dates come with the non-breaking spaces of :mod:`.typography`
(Polish rules for Polish text). The image is never inside a link: it sits beside the linked
title, which already names the story, so the source's missing alt text is left empty
(``alt=""``, a decorative image, WCAG 2.1 H67) rather than invented or repeated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

from ..records import Story
from ..text import clean_text, is_http_url
from .typography import bind, make_excerpt, primary_language

WARSAW = ZoneInfo("Europe/Warsaw")
EXCERPT_CHARS = 200
# The intrinsic size we announce for every card image: the box keeps a 16:9 shape before the
# image loads (no layout shift) and CSS object-fit crops whatever the source serves.
IMAGE_WIDTH, IMAGE_HEIGHT = 640, 360
# "dodano 2 grudnia 2026" on an undated item's card, in the page's language (Polish otherwise,
# like the rest of the built-in templates).
ADDED_LABELS: dict[str, str] = {"pl": "dodano", "en": "added", "uk": "додано", "de": "hinzugefügt"}
# ASCII characters that are not allowed anywhere in a URL (WHATWG URL / RFC 3986), controls included.
_URL_UNSAFE = re.compile(r'[\x00-\x20"<>\\^`{|}\x7f]')
# BCP 47-ish: a language tag we dare put in lang="…" (anything else is left out, not escaped).
_LANG_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


@dataclass(frozen=True, slots=True)
class DateView:
    """A date as shown on a card: text ("22 kwietnia 2025"), ISO date for ``<time>``, a label.

    ``label`` is "" for a date of the news, "dodano" for the day an undated item was first seen.
    """

    text: str
    iso: str
    label: str = ""


@dataclass(frozen=True, slots=True)
class ImageView:
    """A card's image: an http(s) URL, the source's alt text ("" when it gave none), box size."""

    url: str
    alt: str
    width: int = IMAGE_WIDTH
    height: int = IMAGE_HEIGHT


@dataclass(frozen=True, slots=True)
class LanguageBadge:
    """The visible language of a foreign card: ``code`` "EN", ``name`` "angielski" (page's language)."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Card:
    """What a template needs to draw one story; every field is plain, already-checked data."""

    title: str
    url: str | None
    image: ImageView | None
    date: DateView | None
    sources: tuple[str, ...]
    area_labels: tuple[tuple[str, str], ...]
    excerpt: str
    lang: str | None
    page_lang: str
    story: Story
    added: DateView | None = None
    badge: LanguageBadge | None = None


def date_locale(language: str) -> str:
    """The babel locale for dates: the site's language when babel knows it, else Polish."""
    try:
        Locale.parse(language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return "pl"
    return language.replace("-", "_")


def date_view(when: datetime, locale: str = "pl", *, label: str = "") -> DateView:
    """``when`` as a calendar date in Wrocław: "22 kwietnia 2025" and "2025-04-22"."""
    day = when.astimezone(WARSAW).date()
    text = format_date(day, format="d MMMM y", locale=locale)
    return DateView(text=bind(text, locale), iso=day.isoformat(), label=label)


def safe_url(url: str) -> str:
    """``url`` with the characters a URL may not contain (quotes, ``<>``, spaces…) percent-encoded.

    Autoescaping already keeps them inside the attribute; encoding them also makes the link a
    valid URL (the Nu checker rejects a raw ``"`` or space in ``href``). Existing ``%XX`` escapes
    and non-ASCII letters (valid in an IRI) are kept as they are.
    """
    return _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), url.strip())


def lang_tag(language: str | None) -> str | None:
    """``language`` when it is shaped like a language tag (safe for ``lang``/``xml:lang``), else None."""
    return language if language and _LANG_TAG.match(language) else None


def same_language(a: str, b: str) -> bool:
    """Whether two tags name the same language ("en-GB" and "en" do)."""
    return primary_language(a) == primary_language(b)


def language_badge(language: str, locale: str = "pl") -> LanguageBadge:
    """The badge of ``language``: its primary subtag in capitals and its name in ``locale``."""
    primary = primary_language(language)
    try:
        name = Locale.parse(locale).languages.get(primary) or primary.upper()
    except (ValueError, UnknownLocaleError):
        name = primary.upper()
    return LanguageBadge(code=primary.upper(), name=name)


def make_card(story: Story, *, page_language: str, locale: str = "pl") -> Card:
    """The card of one story: checked URLs, the source's alt text, dates, an excerpt, a badge."""
    item = story.representative
    image = None
    if is_http_url(item.image_url):
        image = ImageView(url=safe_url(item.image_url or ""), alt=clean_text(item.image_alt))
    language = lang_tag(item.language)
    foreign = language if language and not same_language(language, page_language) else None
    text_language = language or page_language
    added = None
    if not item.dated:
        # An undated item's ``published`` is only when we first saw it: shown as such ("dodano"),
        # never as the news' date, which would be a guess presented as a fact.
        label = ADDED_LABELS.get(primary_language(page_language), ADDED_LABELS["pl"])
        added = date_view(item.published, locale, label=label)
    return Card(
        title=bind(clean_text(item.title), text_language),
        url=safe_url(item.link) if is_http_url(item.link) else None,
        image=image,
        date=date_view(item.published, locale) if item.dated else None,
        sources=tuple(bind(clean_text(n), page_language) for n in story.source_names if clean_text(n)),
        area_labels=tuple(story.area_labels),
        excerpt=bind(make_excerpt(item.summary, EXCERPT_CHARS), text_language),
        lang=foreign,
        page_lang=page_language,
        story=story,
        added=added,
        badge=language_badge(foreign, locale) if foreign else None,
    )


def newest_dated(stories: Sequence[Story]) -> datetime | None:
    """The newest date among the stories that have one, as their cards show it (None: none has).

    An undated item's time is when we first saw it: it says nothing about how recent the news
    is. An update does not count either: the card shows when the news was published.
    """
    return max((s.representative.published for s in stories if s.representative.dated), default=None)
