"""One news card's title, link, date and teaser elements, for ``auto_cards`` (issue 16).

``read_cards`` of ``listings`` reads them exactly as it reads what an editor's selectors select;
this module only says *which* element of a card is which, by rules news cards share: the first
heading (else an element whose class names a title, else the longest link to this site), the
link in or around it, a ``<time>`` or the first short text that reads as a date outside the title
(else a dated stamp at an edge of running text), the first paragraph or teaser-classed element of
a headline's length. One walk over the card's nodes: O(size of the card).
"""

from __future__ import annotations

import functools
import re
from datetime import datetime
from urllib.parse import urlsplit

from bs4 import NavigableString, Tag

from pipeline.parse.listings import Found, Page
from pipeline.text import clean_text

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_TEASER_TAGS = frozenset(("div", "span", "dd", "td", "section"))
_TITLE_CLASS = re.compile(r"title|tytul|headline|heading|naglowek", re.IGNORECASE)
_SUMMARY_CLASS = re.compile(
    r"summary|excerpt|lead|teaser|desc|intro|abstract|body|content|text|what|zajawka", re.IGNORECASE
)
_SECOND_LEVEL = frozenset(("com", "org", "net", "gov", "edu", "co", "ac", "info", "biz"))
_DIGIT = re.compile(r"\d")
_STAMP_CHARS = 28  # a date stamp at the start or end of running text: "[17/11/2014]", "12.05.2025 –"


# --- one card ----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def site_of(url: str) -> str:
    """The site of a URL: its registrable domain, so bip.krakow.pl and otwarty.krakow.pl are one."""
    labels = (urlsplit(url).hostname or "").split(".")
    keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def text_of(element: Tag) -> str:
    return clean_text(element.get_text(" "))


def find_fields(card: Tag, page: Page, host: str, now: datetime) -> dict[str, Found]:
    """The title, link, date and teaser elements of one card (``read_cards`` reads them).

    One walk over the card's nodes collects what the rules below choose from: bs4's ``find``
    builds a filter per call, which costs more than the walk itself."""
    heading = titled = time_element = None
    links: list[Tag] = [card] if card.name == "a" and card.has_attr("href") else []
    teasers: list[Tag] = []
    strings: list[NavigableString] = []
    for node in card.descendants:
        if type(node) is NavigableString:
            strings.append(node)
            continue
        if not isinstance(node, Tag):
            continue  # comments, doctype
        name = node.name
        classes = " ".join(node.get("class") or ())
        if name in HEADINGS:
            heading = heading or node
        elif titled is None and classes and _TITLE_CLASS.search(classes):
            titled = node
        if name == "a" and node.has_attr("href"):
            links.append(node)
        elif name == "time":
            time_element = time_element or node
        if name == "p" or (name in _TEASER_TAGS and classes and _SUMMARY_CLASS.search(classes)):
            teasers.append(node)
    title = next((t for t in (heading, titled) if t is not None and text_of(t)), None)
    title = title or _longest_link(links, page, host)
    inside_title: set[int] = set()
    link = None
    if title is not None:
        inside_title = {id(n) for n in title.descendants} | {id(title)}
        link = title if title.name == "a" and title.has_attr("href") else _first_link(title)
        around = _enclosing_link(title) if link is None else None
        if around is not None and (around is card or card in around.parents):
            link = around  # a card that is one big link (tiles)
    above_title = {id(a) for a in title.parents} if title is not None else set()
    holds_title = above_title | ({id(title)} if title is not None else set())
    date: Found = time_element or _find_date(card, strings, inside_title, holds_title, page, now)
    summary = next(
        (
            t
            for t in teasers
            if id(t) not in inside_title and id(t) not in above_title and len(text_of(t)) >= 40
        ),
        None,
    )
    return {"title": title, "link": link, "date": date, "summary": summary}


def _longest_link(links: list[Tag], page: Page, host: str) -> Tag | None:
    """No heading: the link with the longest text to this site (a list item, a table row)."""
    best: tuple[int, Tag] | None = None
    for link in links:
        href = link.get("href")
        url = page.resolve(href if isinstance(href, str) else None)
        if url is None or site_of(url) != host:
            continue
        length = len(text_of(link))
        if best is None or length > best[0]:
            best = (length, link)
    return best[1] if best else None


def _first_link(element: Tag) -> Tag | None:
    """The first ``<a href>`` inside ``element`` (bs4's ``find`` builds a filter per call)."""
    for node in element.descendants:
        if type(node) is Tag and node.name == "a" and node.has_attr("href"):
            return node
    return None


def _enclosing_link(element: Tag) -> Tag | None:
    for parent in element.parents:
        if parent.name == "a":
            return parent
    return None


def _find_date(
    card: Tag,
    strings: list[NavigableString],
    inside_title: set[int],
    holds_title: set[int],
    page: Page,
    now: datetime,
) -> Found:
    """The first short text that reads as a date (not in the title) — its element when that is
    small and holds no title — else a date stamp at the start or end of running text
    ("… [17/11/2014]", "12.05.2025 – …")."""
    stamps: list[str] = []
    for string in strings:
        if id(string) in inside_title:
            continue
        text = string.strip()
        if not _DIGIT.search(text):
            continue
        if len(text) > 60:
            stamps.extend((text[:_STAMP_CHARS], text[-_STAMP_CHARS:]))
            continue
        if page.read_date(text, now) is None:
            continue
        parent = string.parent
        if (
            isinstance(parent, Tag)
            and parent is not card
            and id(parent) not in holds_title  # the string is outside the title: so is its parent
            and len(text_of(parent)) <= 80
        ):
            return parent
        return NavigableString(text)
    for edge in stamps[::-1]:  # the last running text's end first: "… [01/12/2014]"
        stamp = _stamp(edge, now, page)
        if stamp is not None:
            return NavigableString(stamp)
    return None


def _stamp(edge: str, now: datetime, page: Page) -> str | None:
    """The shortest whole-word piece at an edge of running text that is a date with a year:
    "in May 2015. [17/11/2014]" -> "[17/11/2014]" (not "May 2015", the first date in it)."""
    words = edge.split()
    pieces = [" ".join(words[i:]) for i in range(len(words) - 1, 0, -1)]  # end pieces, shortest first
    pieces += [" ".join(words[:i]) for i in range(1, len(words))]  # start pieces
    for piece in pieces:
        if _has_year(piece) and page.read_date(piece, now) is not None:
            return piece
    return None


def _has_year(text: str) -> bool:
    return re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", text) is not None
