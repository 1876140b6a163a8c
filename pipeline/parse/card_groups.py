"""Candidate groups of news cards on a page, for ``auto_cards`` (issue 16).

Sibling elements of one structure (tag and the classes they share) under one parent, or under
sibling parents of one structure (Bootstrap rows of columns), most of which hold a link; flat
"heading, paragraphs, heading…" runs are wrapped into one element per item first. Each group gets
a first score from counts summed bottom-up over the tree in one pass (links, headings, images,
text, ``<time>``), and a flag when it stands in navigation, a header, footer, sidebar, pager…
All of it O(n) for n elements: each element is looked at as a child of one parent.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from bs4 import BeautifulSoup, NavigableString, Tag

from pipeline.parse.card_fields import HEADINGS
from pipeline.parse.listings import Found

MIN_CARDS = 2
Signatures = dict[int, tuple[str, tuple[str, ...]]]
_RUN_HEADS = ("h2", "h3", "h4", "h5", "h6", "dt")
# Classes that differ between cards of one list: WordPress's post-123, category-x; odd/even; state.
_VARYING = re.compile(
    r"(?:^|[-_])(?:odd|even|first|last|active|current|selected|open|featured|sticky|hentry|lazyloaded)$"
    r"|^(?:category|tag|format|status|type|has|current|menu-item-type|menu-item-object)[-_]"
)
# Words of class/id/role/aria-label naming what is not a news list (split at "-", "_", " ").
_CHROME = frozenset((
    "menu", "menubar", "submenu", "megamenu", "nav", "navbar", "navigation", "breadcrumb",
    "breadcrumbs", "okruszki", "pagination", "pager", "pagenavi", "paging", "stronicowanie", "tags",
    "tagcloud", "cloud", "social", "share", "sharing", "popular", "most", "widget", "sidebar", "side",
    "related", "langs", "languages", "lang", "wersje", "cookies", "cookie", "skip", "topbar", "footer",
    "stopka", "banner", "contentinfo", "complementary", "toolbar", "partners", "partnerzy",
))  # fmt: skip
_CHROME_TAGS = frozenset(("nav", "header", "footer", "aside", "form", "menu"))
_SPLIT = re.compile(r"[-_\s]+")
_DIGIT = re.compile(r"\d")


@dataclass(slots=True)
class Group:
    """A candidate: its members, their parent, a label for people; scores once computed."""

    members: list[Tag]
    parent: Tag
    label: str
    prescore: float = 0.0
    score: float = 0.0
    finds: list[dict[str, Found]] | None = None
    selector: str | None = None


# --- structure ---------------------------------------------------------------------------------


def children_of(elements: list[Tag]) -> dict[int, list[Tag]]:
    """Each element's element children, listed once for the passes that walk them."""
    return {id(e): [c for c in e.contents if type(c) is Tag] for e in elements}


def signatures_of(elements: list[Tag], children: dict[int, list[Tag]] | None = None) -> Signatures:
    """Each element's structure: its tag and the classes it shares with siblings of its tag.

    A class only one of three or more same-tag siblings has (``views-row-1``, ``post-2211``) is
    the member's own, not the list's; ``odd``/``even``/``first``/``last`` never are the list's."""
    signatures: Signatures = {}
    for parent in elements:
        buckets: dict[str, list[Tag]] = defaultdict(list)
        for child in children[id(parent)] if children is not None else element_children(parent):
            buckets[child.name].append(child)
        for name, bucket in buckets.items():
            seen = Counter(c for child in bucket for c in set(child.get("class") or ()))
            for child in bucket:
                classes = (
                    c
                    for c in child.get("class") or ()
                    if not _VARYING.search(c) and (seen[c] >= 2 or len(bucket) <= 2)
                )
                signatures[id(child)] = (name, tuple(sorted(set(classes))))
    return signatures


def describe(element: Tag, signatures: Signatures) -> str:
    name, classes = signatures.get(id(element), (element.name, ()))
    return name + "".join(f".{c}" for c in classes[:2])


def element_children(element: Tag) -> list[Tag]:
    return [c for c in element.contents if isinstance(c, Tag)]


def wrap_runs(soup: BeautifulSoup, elements: list[Tag]) -> list[Tag]:
    """Flat lists — ``<h3><a>…</a></h3><p>…</p>`` repeated, ``<dt>``/``<dd>`` — become one element
    per item: each linked heading with the siblings up to the next one, in a ``div.pw-run``.
    ``elements``: the page's elements in document order; returns them with the wrappers (each just
    before its heading, the order ``find_all`` would give, without walking the page again)."""
    wrapper_of: dict[int, Tag] = {}
    for parent in elements:
        children = element_children(parent)
        heads = [c for c in children if c.name in _RUN_HEADS and _has_link(c)]
        if len(heads) < MIN_CARDS or len({h.name for h in heads}) != 1:
            continue
        name = heads[0].name
        positions = [i for i, c in enumerate(children) if c.name == name]
        if all(b - a == 1 for a, b in pairwise(positions)):
            continue  # adjacent headings are a plain group already
        for start, head in zip(positions, [children[p] for p in positions], strict=True):
            wrapper = soup.new_tag("div", attrs={"class": "pw-run"})
            head.insert_before(wrapper)
            stop = next((children[p] for p in positions if p > start), None)
            node = head
            while node is not None and node is not stop:
                following = node.next_sibling
                wrapper.append(node.extract())
                node = following
            wrapper_of[id(head)] = wrapper
    if not wrapper_of:
        return elements
    return [x for e in elements for x in ((wrapper_of[id(e)], e) if id(e) in wrapper_of else (e,))]


def _has_link(element: Tag) -> bool:
    """Whether ``element`` holds an ``<a href>`` (bs4's ``find`` builds a filter per call)."""
    return any(type(n) is Tag and n.name == "a" and n.has_attr("href") for n in element.descendants)


def subtree_counts(elements: list[Tag]) -> dict[int, list[int]]:
    """Per element: [links, headings, images, text characters, <time> elements, texts, texts with
    a digit] in its subtree, summed bottom-up in one pass (children follow their parent in
    document order). The last two bound what a card can hold: a teaser's length, a date."""
    counts: dict[int, list[int]] = {}
    for element in elements:
        strings = [c for c in element.contents if type(c) is NavigableString]
        counts[id(element)] = [
            int(element.name == "a" and element.has_attr("href")),
            int(element.name in HEADINGS),
            int(element.name in ("img", "picture")),
            sum(len(c.strip()) for c in strings),
            int(element.name == "time"),
            len(strings),
            sum(1 for c in strings if _DIGIT.search(c)),
        ]
    for element in reversed(elements):
        parent = element.parent
        if parent is not None and id(parent) in counts:
            mine, theirs = counts[id(element)], counts[id(parent)]
            for index, value in enumerate(mine):
                theirs[index] += value
    return counts


def _is_chrome(element: Tag) -> bool:
    if element.name in _CHROME_TAGS:
        return True
    if element.name in ("html", "body"):
        return False  # WordPress puts "archive" and "tag" on <body>
    words: set[str] = set()
    for name in ("class", "id", "role", "aria-label"):
        value = element.get(name)
        text = " ".join(value) if isinstance(value, list) else value if isinstance(value, str) else ""
        words.update(_SPLIT.split(text.lower()))
    return not words.isdisjoint(_CHROME)


class Chrome:
    """Whether an element is, or lies inside, navigation, a header, footer, sidebar, pager…

    Asked only of the candidate groups' parents, so read lazily: each element's own attributes
    at most once (memo by identity), its ancestors' on the way up."""

    def __init__(self) -> None:
        self._flags: dict[int, bool] = {}

    def of(self, element: Tag) -> bool:
        # Up to the nearest ancestor already known (no recursion: hostile pages nest deep), then
        # down again, each flag its own or its parent's.
        path: list[Tag] = []
        node: Tag | None = element
        while isinstance(node, Tag) and id(node) not in self._flags:
            path.append(node)
            node = node.parent
        flag = self._flags[id(node)] if isinstance(node, Tag) else False
        for ancestor in reversed(path):
            flag = flag or _is_chrome(ancestor)
            self._flags[id(ancestor)] = flag
        return flag


def sibling_groups(
    elements: list[Tag],
    counts: dict[int, list[int]],
    signatures: Signatures,
    children: dict[int, list[Tag]] | None = None,
) -> Iterator[Group]:
    """Same-structure children of one parent; and of sibling parents of one structure (rows)."""
    across: dict[tuple[int, object, object], list[Tag]] = defaultdict(list)
    parents_of: dict[tuple[int, object, object], set[int]] = defaultdict(set)
    for parent in elements:
        own = children[id(parent)] if children is not None else element_children(parent)
        if len(own) < MIN_CARDS:
            continue  # too few children to hold a group (nor a row of one)
        by_kind: dict[object, list[Tag]] = defaultdict(list)
        for child in own:
            by_kind[signatures[id(child)]].append(child)
        grand = parent.parent
        for kind, members in by_kind.items():
            linked = sum(counts[id(m)][0] > 0 for m in members)
            if linked < MIN_CARDS or linked < 0.6 * len(members):
                continue
            yield Group(
                members, parent, f"{describe(members[0], signatures)} in {describe(parent, signatures)}"
            )
            if isinstance(grand, Tag) and id(parent) in signatures:
                key = (id(grand), signatures[id(parent)], kind)
                across[key].extend(members)
                parents_of[key].add(id(parent))
    for key, members in across.items():
        if len(parents_of[key]) >= MIN_CARDS:
            parent = members[0].parent
            assert isinstance(parent, Tag) and isinstance(parent.parent, Tag)
            label = f"{describe(members[0], signatures)} in {describe(parent, signatures)} (repeated)"
            yield Group(members, parent.parent, label)


def prescore(group: Group, counts: dict[int, list[int]], chrome: Chrome) -> float:
    """What the subtree counts alone say: text-rich linked members, headings, images, dates."""
    members = group.members
    n = len(members)
    links = sum(counts[id(m)][0] for m in members) / n
    headings = sum(counts[id(m)][1] > 0 for m in members) / n
    images = sum(counts[id(m)][2] > 0 for m in members) / n
    text = sum(counts[id(m)][3] for m in members) / n
    times = sum(counts[id(m)][4] > 0 for m in members) / n
    if text < 12:
        return 0.0  # "Start", "1 2 3", icons: no headline fits
    score = n * (1 + headings + 0.5 * images + 0.5 * times + min(text, 400) / 100)
    if links > 6:
        score *= 0.3  # each member a list of links: a menu's columns, a container of cards
    return score * (0.3 if chrome.of(group.parent) else 1.0)
