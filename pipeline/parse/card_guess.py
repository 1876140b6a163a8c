"""What ``discover`` proposes for a feedless page: its name, and listing selectors verified on it.

Candidates are groups of repeated sibling elements (same tag and classes, under one parent) that
hold a link; for each, the heading, date, teaser and image that most of its members share give the
other selectors. A candidate counts only by what ``parse_listing`` really reads with it from this
very page: cards with a link and a title long enough to be a headline. The best one is re-read
with exactly the selectors proposed (a date selector that read no date is dropped), so what the
editor is shown is what a cycle will publish. None plausible: ``None``, never a guess.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from bs4 import Tag

from pipeline.errors import ParseError
from pipeline.parse.auto_cards import find_card_groups
from pipeline.parse.html import decode_html, drop_invisible, make_soup, plain_text
from pipeline.parse.listings import open_page, parse_listing
from pipeline.records import RawItem, Selectors

# Words that name a section, not a site: "Aktualności - Unia Metropolii Polskich" is the UMP.
_GENERIC = {
    "aktualności", "aktualnosci", "wiadomości", "wiadomosci", "informacje", "komunikaty", "news",
    "newsroom", "blog", "home", "start", "strona główna", "wydarzenia", "events", "новини", "головна",
}  # fmt: skip
_SEPARATORS = re.compile(r"\s+[-–—|·»•]\s+|\s*\|\s*|\s+::\s+")
_UKRAINIAN_LATIN = (
    "a", "b", "v", "h", "g", "d", "e", "ie", "zh", "z", "y", "i", "i", "i", "k", "l", "m",
    "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "_", "iu", "ia",
)  # fmt: skip
_UKRAINIAN = dict(zip("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя", _UKRAINIAN_LATIN, strict=True))
_TRANSLIT = str.maketrans({"ł": "l", "Ł": "L", "ß": "ss", "æ": "ae", "ø": "o", "đ": "d"} | _UKRAINIAN)
_SIMPLE_CLASS = re.compile(r"^[A-Za-z_][\w-]*$")
_DATE_CLASS = re.compile(r"date|data|time|termin|czas", re.IGNORECASE)
_TITLE_CLASS = re.compile(r"title|tytul|header|headline", re.IGNORECASE)
MIN_CARDS = 2
_MAX_GROUPS = 10


@dataclass(frozen=True, slots=True)
class ListingGuess:
    """Selectors that read plausible news cards on the page, and what they read there."""

    selectors: Selectors
    items: tuple[RawItem, ...]
    cards: int  # elements the item selector matched
    plausible: int  # of them: a link and a headline-like title
    tried: int  # candidate selectors verified with the listing parser


def slug(name: str, *, max_length: int = 40) -> str:
    """An id from a name: ASCII lower case and '-', Polish and Ukrainian letters transliterated."""
    text = unicodedata.normalize("NFKD", name.lower().translate(_TRANSLIT).replace("_", ""))
    text = re.sub(r"[^a-z0-9]+", "-", text.encode("ascii", "ignore").decode()).strip("-")
    if len(text) > max_length:
        text = text[:max_length].rsplit("-", 1)[0] if "-" in text[:max_length] else text[:max_length]
    return text


def page_name(body: bytes, *, headers_charset: str | None = None) -> str | None:
    """The page's name for a source: its <title> without the site suffix, else og:site_name,
    og:title, the first <h1>. A section word alone ("Aktualności") gives way to the site's name."""
    text, _ = decode_html(body, headers_charset=headers_charset)
    soup = make_soup(text)
    site = _meta(soup, "og:site_name")
    for raw in (plain_text(soup.title.get_text()) if soup.title else "", _meta(soup, "og:title")):
        name = _without_site(raw, site) if raw else ""
        if name:
            return name
    h1 = soup.find("h1")
    return site or (plain_text(h1.get_text(" ")) if h1 else "") or None


def guess_listing(
    body: bytes, *, page_url: str, now: datetime, headers_charset: str | None = None
) -> ListingGuess | None:
    """The candidate selectors that read the most plausible cards from this page, or None."""
    text, _ = decode_html(body, headers_charset=headers_charset)
    soup = make_soup(text)
    drop_invisible(soup)
    # The cards automatic detection takes come first (issue 16); then every linked sibling group.
    # The cards automatic detection takes win when one CSS selector reads them (issue 16): its
    # scoring knows news from menus better than the count of plausible cards below.
    for selectors in _detected_selectors(body, page_url, now, headers_charset):
        guess = _verify(body, page_url, selectors, now, headers_charset, 1)
        confirmed = _confirm(body, page_url, guess, now, headers_charset) if guess else None
        if confirmed is not None:
            return confirmed
    candidates = list(dict.fromkeys(s for g in _groups(soup) for s in _selectors_for(g)))
    best: tuple[float, ListingGuess] | None = None
    for selectors in candidates:
        guess = _verify(body, page_url, selectors, now, headers_charset, len(candidates))
        if guess is None:
            continue
        score = 3 * guess.plausible + sum(i.published is not None for i in guess.items)
        score -= 2 * (guess.cards - guess.plausible)  # menus and footers: links without headlines
        if best is None or score > best[0]:
            best = (score, guess)
    if best is None:
        return None
    return _confirm(body, page_url, best[1], now, headers_charset)


def _detected_selectors(
    body: bytes, page_url: str, now: datetime, headers_charset: str | None
) -> list[Selectors]:
    """The selectors of the cards ``auto_cards`` finds, when one CSS selector selects them all."""
    try:
        page, soup = open_page(body, page_url, None, headers_charset, "discover")
    except ParseError:
        return []
    groups = find_card_groups(soup, page, now)
    if not groups or groups[0].selector is None:
        return []
    best = groups[0]
    fields = dataclasses.replace(_selectors_for(best.members)[0], item=best.selector)
    title, link = (best.finds or [{}])[0].get("title"), (best.finds or [{}])[0].get("link")
    if isinstance(link, Tag) and isinstance(title, Tag) and title in link.parents and fields.title != "a":
        # The headline's own link: a card's first link is often its category ("Wiadomości").
        fields = dataclasses.replace(fields, link=f"{fields.title} a[href]")
    for field in ("date", "summary"):  # a selector for the elements detection took, if one names them
        if getattr(fields, field) is None:
            found = [f.get(field) for f in best.finds or ()]
            css = _field_selector(best.members, found)
            fields = dataclasses.replace(fields, **{field: css}) if css else fields
    return [fields]


def _field_selector(members: list[Tag], found: list[object]) -> str | None:
    """A CSS selector that, inside each card, selects the element detection took for one field (or
    an element holding it), on at least four cards in five: its own class, a class of a wrapper
    inside the card ("div.views-field-created"), or its place among its siblings (a table's
    second cell). None when the field was no element (a date stamp in running text)."""
    taken = [(m, e) for m, e in zip(members, found, strict=False) if isinstance(e, Tag)]
    if not taken:
        return None
    card, element = taken[0]
    options = [f".{c}" for c in element.get("class") or () if _SIMPLE_CLASS.match(c)]
    for ancestor in element.parents:
        if ancestor is card or not isinstance(ancestor, Tag):
            break
        options += [f".{c}" for c in ancestor.get("class") or () if _SIMPLE_CLASS.match(c)]
    parent = element.parent
    if isinstance(parent, Tag):
        same = [c for c in parent.find_all(element.name, recursive=False)]
        if len(same) > 1:
            options.append(f"{element.name}:nth-of-type({same.index(element) + 1})")
    options.append(element.name)
    for css in options:
        agree = 0
        for member, wanted in taken:
            try:
                chosen = member.select_one(css)
            except ValueError:
                break
            agree += chosen is not None and (chosen is wanted or chosen in wanted.parents)
        if agree >= max(1, 0.8 * len(taken)):
            return css
    return None


def _meta(soup: Tag, prop: str) -> str:
    element = soup.find("meta", attrs={"property": prop}) or soup.find("meta", attrs={"name": prop})
    content = element.get("content") if isinstance(element, Tag) else None
    return plain_text(content) if isinstance(content, str) else ""


def _without_site(title: str, site: str) -> str:
    parts = [p.strip() for p in _SEPARATORS.split(title) if p.strip()]
    if not parts:
        return ""
    if site and any(p.casefold() == site.casefold() for p in parts):
        rest = [p for p in parts if p.casefold() != site.casefold()]
        head, tail = (rest[0] if rest else site), site
    else:
        head, tail = parts[0], parts[-1]  # "Page - Site", the usual order
    if head.casefold() in _GENERIC and tail.casefold() not in _GENERIC:
        return tail
    if head.casefold() in _GENERIC and site:
        return site
    return head


def _plausible(item: RawItem) -> bool:
    title = item.title or ""
    return item.link is not None and (len(title.split()) >= 3 or len(title) >= 20)


def _groups(soup: Tag) -> list[list[Tag]]:
    """Repeated siblings holding a link, the most headline-like first."""
    groups: list[list[Tag]] = []
    for parent in soup.find_all(True):
        by_kind: dict[tuple[str, tuple[str, ...]], list[Tag]] = defaultdict(list)
        for child in parent.find_all(True, recursive=False):
            by_kind[(child.name, tuple(sorted(child.get("class") or ())))].append(child)
        for members in by_kind.values():
            linked = [m for m in members if m.find("a", href=True) or (m.name == "a" and m.has_attr("href"))]
            if len(linked) >= MIN_CARDS and len(linked) >= 0.6 * len(members):
                groups.append(members)

    def headline_like(members: list[Tag]) -> tuple[int, int]:
        with_heading = sum(bool(m.find(re.compile(r"^h[1-6]$"))) for m in members)
        return with_heading, sum(len(m.get_text(" ", strip=True)) for m in members)

    return sorted(groups, key=headline_like, reverse=True)[:_MAX_GROUPS]


def item_selector_options(first: Tag) -> list[str]:
    """CSS selectors that may select ``first`` and its siblings of one structure, most specific last."""
    classes = [c for c in first.get("class") or () if _SIMPLE_CLASS.match(c)]
    own = first.name + "".join(f".{c}" for c in classes)
    parent = first.parent
    scoped = []
    if isinstance(parent, Tag) and parent.get("id") and _SIMPLE_CLASS.match(str(parent["id"])):
        scoped.append(f"#{parent['id']} > {own}")
    parent_classes = [c for c in (parent.get("class") or ()) if _SIMPLE_CLASS.match(c)] if parent else []
    if isinstance(parent, Tag) and parent_classes:
        scoped.append(f"{parent.name}.{parent_classes[0]} > {own}")
    return ([own] if classes or first.name == "article" else []) + scoped + ([] if classes else [own])


def _shared(members: list[Tag], share: float, options: list[str]) -> str | None:
    for css in options:
        if sum(m.select_one(css) is not None for m in members) >= share * len(members):
            return css
    return None


def _class_options(members: list[Tag], pattern: re.Pattern[str]) -> list[str]:
    seen: dict[str, None] = {}
    for member in members[:5]:
        for element in member.find_all(True):
            for cls in element.get("class") or ():
                if pattern.search(cls) and _SIMPLE_CLASS.match(cls):
                    seen[f".{cls}"] = None
    return list(seen)


def _selectors_for(members: list[Tag]) -> list[Selectors]:
    headings = [f"h{n}" for n in range(1, 7)]
    title = _shared(members, 0.6, headings + _class_options(members, _TITLE_CLASS)) or "a"
    date = _shared(members, 0.5, ["time", *_class_options(members, _DATE_CLASS)])
    summary = _shared(members, 0.5, ["p"])
    image = _shared(members, 0.5, ["img"])
    return [
        Selectors(item=item, title=title, date=date, summary=summary, image=image)
        for item in item_selector_options(members[0])
    ]


def _verify(
    body: bytes,
    page_url: str,
    selectors: Selectors,
    now: datetime,
    headers_charset: str | None,
    tried: int,
) -> ListingGuess | None:
    try:
        result = parse_listing(
            body, page_url=page_url, selectors=selectors, now=now, headers_charset=headers_charset
        )
    except ParseError:
        return None
    plausible = sum(_plausible(i) for i in result.items)
    if plausible < MIN_CARDS or plausible < 0.5 * result.diagnostics.items_matched:
        return None
    return ListingGuess(selectors, result.items, result.diagnostics.items_matched, plausible, tried)


def _confirm(
    body: bytes, page_url: str, guess: ListingGuess, now: datetime, headers_charset: str | None
) -> ListingGuess | None:
    """Drop what read nothing here (a date selector without one date) and read again with exactly
    the selectors that will be proposed."""
    selectors = guess.selectors
    if selectors.date and all(i.published is None for i in guess.items):
        selectors = Selectors(**{**_fields(selectors), "date": None})
    if selectors.summary and all(not i.summary for i in guess.items):
        selectors = Selectors(**{**_fields(selectors), "summary": None})
    if selectors.image and all(not i.image_url for i in guess.items):
        selectors = Selectors(**{**_fields(selectors), "image": None})
    return _verify(body, page_url, selectors, now, headers_charset, guess.tried)


def _fields(selectors: Selectors) -> dict[str, str | None]:
    return {name: getattr(selectors, name) for name in ("item", "title", "link", "date", "summary", "image")}
