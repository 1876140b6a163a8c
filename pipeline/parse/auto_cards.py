"""Listing pages without selectors: the news cards of a page, found by themselves (issue 16).

Candidates are groups of sibling elements of one structure (tag and stable classes) under one
parent — or under sibling parents of one structure (Bootstrap rows of columns) — most of which hold
a link. Flat pages that write ``<h3><a>…</a></h3><p>…</p>`` per item (old CMSes, ``<dl>``) get
each heading and the siblings up to the next one wrapped as one card first. Each group is scored
on what news cards have and navigation has not: a link to a page of this site whose path looks
like an article (deeper, slug-like, ``/2024/``, numeric ids), a headline-long title, a date
(pl/en/uk), a teaser, an image; groups inside navigation, headers, footers, sidebars, pagers, tag
clouds, breadcrumbs, "most read"/"popular" boxes or social links weigh little, and a member that
holds several headlines is a container of cards, not a card. The best group's cards are then read
by ``listings.read_cards`` — the very reader of the selector path (date parser, lazy images,
``<base href>``, alt text) — with the title, link, date and teaser elements ``card_fields``
finds; ``card_groups`` builds the candidates.

Cost, for n elements of depth d: one pass sums per-element counts bottom-up (O(n)), grouping
looks at each element once as a child and once as a grandchild (O(n)); only the ``_EVALUATED``
best groups by those counts are read card by card (O(size of their subtrees) ≤ O(n·d) in all,
in practice a few times the cards' own size). No pairwise comparison of elements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag

from pipeline.errors import ParseError
from pipeline.parse.card_fields import HEADINGS, find_fields, site_of, text_of
from pipeline.parse.card_groups import (
    MIN_CARDS,
    Chrome,
    Group,
    Signatures,
    children_of,
    prescore,
    sibling_groups,
    signatures_of,
    subtree_counts,
    wrap_runs,
)
from pipeline.parse.listings import Found, ListingResult, Page, open_page, read_cards

__all__ = [
    "AUTO",
    "FALLBACK",
    "FALLBACK_WARNING",
    "AutoListing",
    "Detection",
    "find_card_groups",
    "parse_listing_auto",
]

AUTO = "automatic"  # no selectors configured
FALLBACK = "automatic after selectors matched nothing"
FALLBACK_WARNING = "selectors matched nothing; cards were found automatically — run discover to update them"
_EVALUATED = 6  # groups read card by card; the rest lose on their counts alone
# ...and beyond the first two only those whose counts come near the best group's: on every fixture
# and demo page the winner's prescore is at least 0.75 of the best (a menu beside news, a tenth).
_EVALUATED_SHARE = 0.2
_RUNNER_UP_MATTERS = 0.5  # a runner-up scoring under half of the winner's leaves the detection clear
_MAIN_WORDS = frozenset(
    ("main", "content", "tresc", "primary", "posts", "news", "aktualnosci", "articles", "list", "lista")
)
_BOX_TITLE = re.compile(
    r"najczęściej|popularn|polecan|zobacz (też|także)|czytaj (też|także)|most read|popular|related"
    r"|recent posts|najnowsze wpisy|^tagi$|^tags$|chmura|tag cloud|partner|^menu$|найпопулярніш",
    re.IGNORECASE,
)
_ARTICLE_PATH = re.compile(r"/20\d\d/|\d{3,}|[a-z0-9]+[-_][a-z0-9]+[-_][a-z0-9]+", re.IGNORECASE)
_ARTICLE_QUERY = re.compile(r"(?:^|&)(?:p|id|dok_id|news_id|article|art|nid)=\d+", re.IGNORECASE)
_PAGER = re.compile(r"(?:[?&](?:page|p_p_id|paged|strona|_cur|p)=\d*)|/page/\d+/?$", re.IGNORECASE)
_SPLIT = re.compile(r"[-_\s]+")
_CSS_NAME = re.compile(r"^[A-Za-z_][\w-]*$")


@dataclass(frozen=True, slots=True)
class Detection:
    """Which cards were taken and how sure that is, for ``preview``, ``discover`` and status."""

    mode: str  # AUTO or FALLBACK
    group: str  # the cards' structure, e.g. "div.news-item in section.news-list"
    item_selector: str | None  # CSS selecting exactly these cards on this page, if one does
    cards: int
    score: float
    runner_up: float  # the best other group's score (0.0: none)
    runner_up_group: str | None


@dataclass(frozen=True, slots=True)
class AutoListing:
    result: ListingResult
    detection: Detection


def parse_listing_auto(
    body: bytes,
    *,
    page_url: str,
    now: datetime,
    encoding: str | None = None,
    headers_charset: str | None = None,
    source_id: str = "",
    mode: str = AUTO,
) -> AutoListing:
    """Read the news cards of a listing page without selectors.

    Raises ``ParseError`` when the body is no HTML page or no group of elements looks like news
    cards (a page of menus and footers only); the message says what to do.
    """
    page, soup = open_page(body, page_url, encoding, headers_charset, source_id)
    groups = find_card_groups(soup, page, now)
    if not groups:
        raise ParseError(
            source_id,
            f"no repeated news cards were found on {page_url} (only menus, footers or single "
            "links); check that the url is the news list, or describe it with `selectors:`",
        )
    best = groups[0]
    assert best.finds is not None
    finds = dict(zip(map(id, best.members), best.finds, strict=True))
    result = read_cards(
        best.members,
        lambda card: finds[id(card)],
        {"title", "link", "summary"},
        page,
        now,
        item_label=f"(automatic: {best.label})",
        title_label="(automatic)",
    )
    warnings = ((FALLBACK_WARNING,) if mode == FALLBACK else ()) + result.warnings
    runner = groups[1] if len(groups) > 1 else None
    detection = Detection(
        mode=mode,
        group=best.label,
        item_selector=best.selector,
        cards=len(result.items),
        score=round(best.score, 1),
        runner_up=round(runner.score, 1) if runner else 0.0,
        runner_up_group=runner.label if runner else None,
    )
    return AutoListing(ListingResult(result.items, warnings, result.diagnostics), detection)


def find_card_groups(soup: BeautifulSoup, page: Page, now: datetime) -> list[Group]:
    """The groups that look like news cards, best first (each read: ``finds`` per member)."""
    elements = wrap_runs(soup, soup.find_all(True))
    children = children_of(elements)
    signatures = signatures_of(elements, children)
    counts = subtree_counts(elements)
    chrome = Chrome()
    groups = list(sibling_groups(elements, counts, signatures, children))
    for group in groups:
        group.prescore = prescore(group, counts, chrome)
    groups = sorted((g for g in groups if g.prescore > 0), key=lambda g: g.prescore, reverse=True)
    host = site_of(page.base_url)
    page_path = urlsplit(page.url).path.rstrip("/")
    scored: list[Group] = []
    floor = groups[0].prescore * _EVALUATED_SHARE if groups else 0.0
    # The groups worth reading, the highest possible score first: once a group scored, one whose
    # bound is under half of that can neither win nor make the detection uncertain (preview's
    # "clear" is a score at least twice the runner-up's), and its cards are not read.
    places: dict[int, float] = {}  # where a parent stands on the page (several groups share one)
    for g in groups[:_EVALUATED]:
        if id(g.parent) not in places:
            places[id(g.parent)] = _place_factor(g.parent, chrome.of(g.parent))
    bounds = {id(g): _score_bound(g, counts, places[id(g.parent)]) for g in groups[:_EVALUATED]}
    for group in sorted(groups[:_EVALUATED], key=lambda g: bounds[id(g)], reverse=True):
        best = max((g.score for g in scored), default=0.0)
        if bounds[id(group)] < best * _RUNNER_UP_MATTERS:
            break
        # Past the floor only while no runner-up was found: its score tells how sure the
        # detection is (preview), a near-zero one too.
        if group.prescore < floor and len(scored) >= 2:
            continue
        needed = best * _RUNNER_UP_MATTERS
        group.score = _read_group(group, page, host, page_path, counts, places[id(group.parent)], needed, now)
        if group.score > 0:
            scored.append(group)
    scored.sort(key=lambda g: g.score, reverse=True)
    if scored:  # the runner-up is another list, not a part of the winner's cards or their rows
        winner = {id(m) for m in scored[0].members}
        above = {id(a) for m in scored[0].members for a in m.parents}
        scored[1:] = [g for g in scored[1:] if not _overlaps(g.members, winner, above)]
    for group in scored[:1]:
        group.selector = _item_selector(soup, group.members, signatures)
    return scored


def _overlaps(members: list[Tag], winner: set[int], above: set[int]) -> bool:
    for member in members:
        if id(member) in winner or id(member) in above or any(id(a) in winner for a in member.parents):
            return True
    return False


# --- scoring -----------------------------------------------------------------------------------


def _read_group(
    group: Group,
    page: Page,
    host: str,
    page_path: str,
    counts: dict[int, list[int]],
    place: float,
    needed: float,
    now: datetime,
) -> float:
    """Read the group's cards (``group.finds``) and score them (:func:`_card_value`, weighed by
    where the group stands). Stops early, scoring 0, once what was read plus the most the unread
    cards could add (``_card_bound``) stays under ``needed``: a list of page sections (header,
    main, footer) is then given up after a card or two, the smallest read first (the cheapest to
    read, and the likeliest to disappoint: a language switch, a footer)."""
    members = group.members
    unread = sum(max(0.0, _card_bound(m, counts)) for m in members)
    found_of: dict[int, dict[str, Found]] = {}
    total = 0.0
    links: set[str] = set()
    containers = 0
    order = sorted(members, key=lambda m: counts[id(m)][3]) if needed > 0 else members
    for member in order:
        found = found_of[id(member)] = find_fields(member, page, host, now)
        value, url = _card_value(member, found, page, host, page_path, counts)
        total += value
        unread -= max(0.0, _card_bound(member, counts))
        if url is not None:
            links.add(url)
            containers += counts[id(member)][1] >= 2
        if needed > 0 and (total + unread) * place < needed:
            return 0.0
    group.finds = [found_of[id(m)] for m in members]
    n = len(members)
    if total <= 0 or len(links) < MIN_CARDS:
        return 0.0
    total *= len(links) / n  # the same link on every member: one thing, repeated
    if containers > n / 2:
        total *= 0.2  # members holding several headlines are rows of cards
    return total * place


def _card_value(
    member: Tag, found: dict[str, Found], page: Page, host: str, page_path: str, counts: dict[int, list[int]]
) -> tuple[float, str | None]:
    """One card's news-likeness, and its link when the card counts (-1 and None for a link off
    the site, to the page itself or its pager)."""
    title = found.get("title")
    link_element = found.get("link")
    link_tag = link_element if isinstance(link_element, Tag) else None
    href = link_tag.get("href") if link_tag is not None else None
    if href is None and member.name == "a":
        href = member.get("href")
    url = page.resolve(href if isinstance(href, str) else None)
    if url is None or site_of(url) != host:
        return -1.0, None
    parts = urlsplit(url)
    if parts.path.rstrip("/") == page_path and not _ARTICLE_QUERY.search(parts.query):
        return -1.0, None  # the page itself, its pager
    if _PAGER.search(url) and not _ARTICLE_QUERY.search(parts.query):
        return -1.0, None
    card = 0.5
    title_text = text_of(title) if isinstance(title, Tag) else ""
    words = len(title_text.split())
    card += 1.5 if words >= 3 or len(title_text) >= 20 else -1.0
    if isinstance(title, Tag) and title.name in HEADINGS:
        card += 0.5
    if found.get("date") is not None:
        card += 1.5
    if found.get("summary") is not None:
        card += 1.0
    if counts[id(member)][2]:
        card += 0.5
    segments = [s for s in parts.path.split("/") if s]
    if _ARTICLE_PATH.search(parts.path) or _ARTICLE_QUERY.search(parts.query):
        card += 1.0
    elif len(segments) <= 1:
        card -= 0.5  # "/kontakt", "/o-nas": a section, not an article
    return card, url


def _place_factor(parent: Tag, chrome: bool) -> float:
    """What where the group stands does to its score: a fifth in a menu, header or footer, or in a
    box titled "most read" / "tags"; more in the page's main content."""
    factor = 0.2 if chrome else 1.0
    if _BOX_TITLE.search(_box_title(parent)):
        factor *= 0.2
    if _in_main(parent):
        factor *= 1.2
    return factor


def _card_bound(member: Tag, counts: dict[int, list[int]]) -> float:
    """The most one card can add in ``_card_value``, from its subtree's counts: -1 without a link;
    else the base, a title and an article path, a heading and a picture if any, a date if a text
    has a digit (or a <time>), a teaser if the texts can add up to one (``find_fields``: 40)."""
    links, headings, images, characters, times, texts, digits = counts[id(member)]
    if not links:
        return -1.0
    date = 1.5 if digits or times else 0.0
    teaser = 1.0 if characters + texts >= 40 else 0.0  # joined with a space each, at most
    return 0.5 + 1.5 + date + teaser + 1.0 + (0.5 if headings else 0.0) + (0.5 if images else 0.0)


def _score_bound(group: Group, counts: dict[int, list[int]], place: float) -> float:
    """The highest score ``_read_group`` could give ``group``, from what is known before reading its
    cards: O(members) plus the group's place on the page."""
    n = len(group.members)
    cards = [(_card_bound(m, counts), counts[id(m)][1] >= 2) for m in group.members]
    total = sum(b for b, _ in cards if b > 0)
    containers = sorted((b for b, holds_several in cards if b > 0 and holds_several), reverse=True)
    bound = total
    if len(containers) > n / 2:
        # Members holding several headlines cut the score to a fifth when over half of the cards
        # that count are such; fewer of them could count (their links may fail the checks).
        others = total - sum(containers)
        bound = max(0.2 * total, others + sum(containers[: n // 2]))
    return bound * place


def _box_title(parent: Tag) -> str:
    """The heading a box of links is titled with ("Najczęściej czytane", "Tagi"), if any."""
    for element in (parent, parent.parent):
        if not isinstance(element, Tag):
            continue
        # Plain walks: bs4's find_* build a filter per call, which costs more than these.
        previous = next((s for s in element.previous_siblings if type(s) is Tag), None)
        if previous is not None and previous.name in HEADINGS:
            return text_of(previous)
        if element is not parent:
            first = next((c for c in element.contents if type(c) is Tag and c.name in HEADINGS), None)
            if first is not None:
                return text_of(first)
    return ""


def _in_main(element: Tag) -> bool:
    for ancestor in (element, *element.parents):
        if not isinstance(ancestor, Tag):
            continue
        if ancestor.name in ("main", "article") or ancestor.get("role") == "main":
            return True
        words = set(_SPLIT.split(" ".join(ancestor.get("class") or ()).lower()))
        words.update(_SPLIT.split(str(ancestor.get("id") or "").lower()))
        if not words.isdisjoint(_MAIN_WORDS):
            return True
    return False


def _item_selector(soup: BeautifulSoup, members: list[Tag], signatures: Signatures) -> str | None:
    """A CSS selector that selects exactly ``members`` on this page (for ``discover``), if any."""
    first = members[0]
    name, classes = signatures[id(first)]
    if "pw-run" in classes:
        return None  # runs of siblings: no element of the page is one card
    own = name + "".join(f".{c}" for c in classes if _CSS_NAME.match(c))
    options = [own]
    for ancestor, combinator in ((first.parent, " > "), (first.parent.parent if first.parent else None, " ")):
        if not isinstance(ancestor, Tag):
            continue
        anchor = str(ancestor.get("id") or "")
        if _CSS_NAME.match(anchor):
            options.append(f"#{anchor}{combinator}{own}")
        stable = [c for c in signatures.get(id(ancestor), ("", ()))[1] if _CSS_NAME.match(c)]
        if stable:
            options.append(f"{ancestor.name}.{stable[0]}{combinator}{own}")
    parent, grand = first.parent, first.parent.parent if first.parent else None
    if isinstance(parent, Tag) and isinstance(grand, Tag):  # "table.x tbody > tr": not the head row
        stable = [c for c in signatures.get(id(grand), ("", ()))[1] if _CSS_NAME.match(c)]
        if stable:
            options.append(f"{grand.name}.{stable[0]} > {parent.name} > {own}")
    wanted = {id(m) for m in members}
    for css in options:
        try:
            selected = soup.select(css)
        except ValueError:
            continue
        if {id(s) for s in selected} == wanted:
            return css
    return None
