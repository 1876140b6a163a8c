"""Stories -> the HTML digest: standalone pages, one page per area, and the embeddable fragment.

Pure: :func:`render_digest` returns ``{relative path: bytes}``; writing is files.py's job. The
output depends only on the arguments (the visible "newest news" date is taken from the stories,
not from ``generated``), so unchanged input gives byte-identical files and nothing is rewritten.

Files
=====
``index.html``, ``page-2.html``, … ``page_size`` cards a page, at most ``pages`` pages; each page's
"Więcej wiadomości" leads to the next. ``embed.html``: the first page's cards as a fragment (no
``<html>``/``<head>``/``<body>``), which loads ``digest.css`` itself through a body-ok
``<link rel="stylesheet">``; with ``publish.base_url`` its links are absolute, so the city's page can
include it from anywhere. ``areas/<slug>.html``: one page per area (the newest ``publish.limit``
stories of that area, like the area's feed ``areas/<slug>.xml``), written even when empty.
``digest.css``: the one stylesheet.

Safety and accessibility
========================
Every template is rendered with autoescape on; only http(s) URLs (:func:`pipeline.text.is_http_url`)
reach an ``href`` or ``src`` — a card whose link is unsafe shows its title without a link, an unsafe
image is left out. No script and no ``style`` attribute anywhere, so the pages and the embed work
under a strict Content-Security-Policy (``default-src 'self'``) and without JavaScript. Every class
name starts with ``pw-`` and every selector of ``digest.css`` starts with one of its two roots
(``.pw-digest``: the cards, the embed's ``<section>``; ``.pw-page``: the standalone pages' body),
and inside ``.pw-digest`` every element is reset, so neither the embed's styles reach the host page
nor the host page's ordinary element rules reach the cards (the stylesheet's comment says how).
An image keeps the source's alt text; ``alt=""`` only when the source gave none (an invented alt
would mislead a screen-reader user): the image is never inside a link, so it is decorative then.

Templates
=========
Jinja2, from the editor's ``templates:`` folder first, then the built-in ``templates/`` beside
this module (a ChoiceLoader), so an editor overrides one file by putting a file of the same name
in the folder. ``digest.css`` is looked up the same way (the folder, then ``static/``).

``base.html``
    the skeleton of a standalone page (blocks ``title``, ``head``, ``header``, ``content``).
``digest.html``
    a page of the digest (``index.html``, ``page-N.html``); extends ``base.html``.
``area.html``
    a page of one area; extends ``base.html``.
``embed.html``
    the fragment.
``macros.html``
    ``card(card, level)``, ``card_list(cards, level, empty)``, ``date(when)``, ``area_nav(areas)``,
    ``pagination(pager)``: the card block shared by all of the above.

Context of every template:

``site``
    :class:`~pipeline.records.Site` (``title``, ``link``, ``description``, ``language``).
``publish``
    :class:`~pipeline.records.PublishSettings`.
``lang``
    the page's language (``site.language``).
``generated``
    the ``generated`` argument (aware datetime). The built-in templates do not show it: a rerun
    with no new items must not change a byte.
``newest``
    :class:`DateView` of the newest date shown on this file's own cards (an area page's own, not
    the site's), or None when none of them is dated (an undated item's time is only when we first
    saw it).
``root``
    the prefix that leads from this file to the output folder: ``""``, ``"../"`` for area pages,
    ``publish.base_url`` in the embed when it is set.
``stylesheet``
    the URL of ``digest.css`` from this file.
``feeds``
    :class:`FeedLinks` (``rss``, ``atom``, ``json``) from this file.
``areas``
    tuple of :class:`AreaLink` (``slug``, ``label``, ``url``, ``feed_url``, ``count``, ``current``).
``cards``
    tuple of :class:`Card` for this file.
``pager``
    :class:`Pager` (``number``, ``count``, ``next_url``, ``prev_url``, ``pages``): the digest's
    pages; on an area page and in the embed ``number`` is 1 and ``next_url`` leads to page 2 of the
    digest in the embed, None on an area page.

``area.html`` also gets ``area`` (the :class:`AreaLink` of the page). Editors' templates may use
the Jinja test ``is http_url`` for links of their own. :class:`~.cards.Card` (``cards.py``) says
what a card carries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import jinja2
import markupsafe

from ..errors import PublishError
from ..events import Event
from ..records import AreaDef, PublishSettings, Site, Story
from ..text import is_http_url
from .cards import Card, DateView, date_locale, date_view, make_card, newest_dated
from .typography import NBSP
from .upcoming import event_views

__all__ = ["Card", "DateView", "page_name", "render_digest"]

HERE = Path(__file__).parent
TEMPLATES_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"
STYLESHEET = "digest.css"
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True, slots=True)
class AreaLink:
    """A strategy area as linked from a page: its digest page and its feed, relative to that page."""

    slug: str
    label: str
    url: str
    feed_url: str
    count: int
    current: bool = False


@dataclass(frozen=True, slots=True)
class PageLink:
    """One entry of the pagination list."""

    number: int
    url: str
    current: bool


@dataclass(frozen=True, slots=True)
class Pager:
    """Where a digest page sits among the pages; URLs are relative to the page being rendered."""

    number: int
    count: int
    next_url: str | None
    prev_url: str | None
    pages: tuple[PageLink, ...]


@dataclass(frozen=True, slots=True)
class FeedLinks:
    """The combined feeds, as linked from the page being rendered."""

    rss: str
    atom: str
    json: str


FRONT_PAGE_EVENTS = 5  # upcoming events above the first page's cards; events.html lists them all


def page_name(number: int) -> str:
    """The file name of digest page ``number`` (1-based): ``index.html``, ``page-2.html``, …"""
    return "index.html" if number == 1 else f"page-{number}.html"


def make_environment(templates_dir: str | None = None) -> jinja2.Environment:
    """A Jinja2 environment with autoescape on for every template: the editor's folder first."""
    loaders: list[jinja2.BaseLoader] = []
    if templates_dir is not None:
        if not Path(templates_dir).is_dir():
            raise PublishError(f"templates folder {templates_dir} does not exist or is not a folder")
        loaders.append(jinja2.FileSystemLoader(templates_dir))
    loaders.append(jinja2.FileSystemLoader(TEMPLATES_DIR))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,  # every template, whatever its name: all text from sources is untrusted
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_visible_nbsp,
    )
    env.tests["http_url"] = is_http_url  # {% if url is http_url %}: for editors' own links
    return env


def _visible_nbsp(value: object) -> object:
    """Every printed value escaped as autoescape would, with its no-break spaces as ``&nbsp;``.

    The typography's no-break spaces (typography.py) look like spaces in a diff or an editor;
    written as entities they can be reviewed in the goldens and seen in the page's source.
    """
    if isinstance(value, markupsafe.Markup):
        return markupsafe.Markup(str(value).replace(NBSP, "&nbsp;"))
    if isinstance(value, str):
        return markupsafe.Markup(str(markupsafe.escape(value)).replace(NBSP, "&nbsp;"))
    return value


def load_stylesheet(templates_dir: str | None = None) -> bytes:
    """``digest.css`` from the editor's folder when it has one, else the built-in stylesheet."""
    for folder in (Path(templates_dir) if templates_dir else None, STATIC_DIR):
        if folder is not None and (folder / STYLESHEET).is_file():
            try:
                return (folder / STYLESHEET).read_bytes()
            except OSError as exc:
                raise PublishError(f"cannot read {folder / STYLESHEET}: {exc.strerror}") from exc
    raise PublishError(f"{STYLESHEET} is missing from {STATIC_DIR}")


def _chunks(items: Sequence[Card], size: int) -> list[tuple[Card, ...]]:
    return [tuple(items[i : i + size]) for i in range(0, len(items), size)]


def _absolute_base(base_url: str | None) -> str | None:
    if not is_http_url(base_url):
        return None
    assert base_url is not None
    return base_url if base_url.endswith("/") else base_url + "/"


def _render(env: jinja2.Environment, name: str, context: dict[str, object]) -> bytes:
    try:
        text = env.get_template(name).render(context)
    except jinja2.TemplateError as exc:
        where = ""
        if isinstance(exc, jinja2.TemplateSyntaxError):
            where = f" ({exc.filename or exc.name}, line {exc.lineno})"
        raise PublishError(f"template {name}{where}: {exc}") from exc
    if not text.endswith("\n"):
        text += "\n"
    return text.encode("utf-8")


def render_digest(
    stories: Sequence[Story],
    *,
    site: Site,
    publish: PublishSettings,
    areas: tuple[AreaDef, ...],
    templates_dir: str | None = None,
    generated: datetime,
    upcoming: Sequence[tuple[Event, Story]] = (),
) -> dict[str, bytes]:
    """Render every digest file of ``stories`` (newest first): relative path -> content.

    ``index.html`` and ``page-N.html`` cover the newest ``page_size × pages`` stories,
    ``embed.html`` the first page's cards, ``areas/<slug>.html`` each area of ``areas`` (empty or
    not), plus ``digest.css``. See the module docstring for the templates and their context.
    """
    for a in areas:
        if not _SLUG.match(a.slug):  # it becomes a file name; config.py should have refused it
            raise PublishError(f"area slug {a.slug!r} cannot be a file name; use [a-z0-9-]")
    env = make_environment(templates_dir)
    locale = date_locale(site.language)
    page_size = max(1, publish.page_size)
    covered = list(stories[: page_size * max(1, publish.pages)])
    cards = [make_card(s, page_language=site.language, locale=locale) for s in covered]
    pages = _chunks(cards, page_size) or [()]
    common: dict[str, object] = {
        "site": site,
        "publish": publish,
        "lang": site.language,
        "generated": generated,
        "events": (),
    }
    # Upcoming events (issue 18): the first page shows the next few, events.html all of them, the
    # embed as many as publish.events asks for.
    events = event_views(upcoming, locale=locale, page_language=site.language, now=generated)

    area_stories = {
        a.slug: [s for s in stories if a.slug in {slug for slug, _ in s.area_labels}][: publish.limit]
        for a in areas
    }

    def area_links(root: str, current: str | None = None) -> tuple[AreaLink, ...]:
        return tuple(
            AreaLink(
                slug=a.slug,
                label=a.label,
                url=f"{root}areas/{a.slug}.html",
                feed_url=f"{root}areas/{a.slug}.xml",
                count=len(area_stories[a.slug]),
                current=a.slug == current,
            )
            for a in areas
        )

    def pager(number: int, root: str) -> Pager:
        count = len(pages)
        return Pager(
            number=number,
            count=count,
            next_url=root + page_name(number + 1) if number < count else None,
            prev_url=root + page_name(number - 1) if number > 1 else None,
            pages=tuple(PageLink(n, root + page_name(n), n == number) for n in range(1, count + 1)),
        )

    def context(root: str, cards: Sequence[Card], **extra: object) -> dict[str, object]:
        # "Najnowsza wiadomość" is each file's own: an area page's newest, not the site's (issue 15).
        newest = newest_dated([card.story for card in cards])
        return {
            **common,
            "cards": tuple(cards),
            "newest": date_view(newest, locale) if newest else None,
            "root": root,
            "stylesheet": root + STYLESHEET,
            "feeds": FeedLinks(rss=root + "feed.xml", atom=root + "atom.xml", json=root + "feed.json"),
            **extra,
        }

    files: dict[str, bytes] = {}
    for number, page_cards in enumerate(pages, start=1):
        files[page_name(number)] = _render(
            env,
            "digest.html",
            context(
                "",
                cards=page_cards,
                pager=pager(number, ""),
                areas=area_links(""),
                events=tuple(events[:FRONT_PAGE_EVENTS]) if number == 1 else (),
            ),
        )
    files["events.html"] = _render(
        env,
        "events.html",
        context("", cards=(), pager=pager(1, ""), areas=area_links(""), events=tuple(events)),
    )

    embed_root = _absolute_base(publish.base_url) or ""
    files["embed.html"] = _render(
        env,
        "embed.html",
        context(
            embed_root,
            cards=pages[0],
            pager=pager(1, embed_root),
            areas=area_links(embed_root),
            events=tuple(events[: max(0, publish.events)]),
        ),
    )

    for a in areas:
        links = area_links("../", current=a.slug)
        area_cards = tuple(
            make_card(s, page_language=site.language, locale=locale) for s in area_stories[a.slug]
        )
        files[f"areas/{a.slug}.html"] = _render(
            env,
            "area.html",
            context(
                "../",
                cards=area_cards,
                area=next(link for link in links if link.current),
                areas=links,
                pager=Pager(number=1, count=1, next_url=None, prev_url=None, pages=()),
            ),
        )

    files[STYLESHEET] = load_stylesheet(templates_dir)
    return files
