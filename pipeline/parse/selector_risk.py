"""Which valid CSS selectors can take minutes on a deeply nested page (issue 20, case 4).

soupsieve matches a descendant chain ``A B C`` right to left and, for every element matching
``C``, scans all its ancestors for ``B`` and then all of *those* ancestors' ancestors for ``A``,
without remembering what failed. Each step whose compound matches many nested ancestors (a bare
``div`` or ``*``) multiplies the work by the page's depth: measured on a page of nested
``div``s, ``section div div div`` takes 0.4 s at depth 60 and 44 s at depth 200, and
``section div div div div`` 4.8 s at depth 60, while ``section div div`` stays under a second.
A chain that ends in a match is cheap; one that fails (after a redesign, say) is not.

Pure and static: ``check`` and ``preview`` warn; the worker's time budget is the hard bound.
"""

from __future__ import annotations

import dataclasses

from ..records import Selectors

__all__ = ["selector_risks", "source_selector_risks"]

# Elements that rarely contain themselves or one another deeply: a descendant step onto one of
# them scans few ancestors that match, so it does not multiply the work.
_RARELY_NESTED = frozenset(
    {"a", "abbr", "article", "aside", "b", "body", "button", "em", "figcaption", "figure", "footer"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "header", "html", "i", "img", "label", "main", "nav", "p"}
    | {"picture", "small", "strong", "time"}
)
_NESTED_STEPS_WARNING = 2  # two multiplying steps: depth³ (44 s at 200 deep)


def _compounds(complex_selector: str) -> list[tuple[str, str]]:
    """``"div.a > p span"`` → ``[("", "div.a"), (">", "p"), (" ", "span")]``."""
    parts: list[tuple[str, str]] = []
    combinator, current, depth, quote = "", "", 0, ""
    pending = ""
    for char in complex_selector:
        if quote:
            current += char
            quote = "" if char == quote else quote
            continue
        if char in "\"'":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if depth == 0 and (char.isspace() or char in ">+~"):
            if current:
                parts.append((combinator, current))
                combinator, current = "", ""
                pending = " "
            if char in ">+~":
                pending = char
            continue
        if pending and not current:
            combinator = pending if parts else ""
            pending = ""
        current += char
    if current:
        parts.append((combinator, current))
    return parts


def _split_list(css: str) -> list[str]:
    """A selector list's members (commas inside parentheses or strings do not split)."""
    members, current, depth, quote = [], "", 0, ""
    for char in css:
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            members.append(current)
            current = ""
            continue
        current += char
    members.append(current)
    return [m.strip() for m in members if m.strip()]


def _may_nest(compound: str) -> bool:
    """Can this compound match a long line of nested ancestors? A bare container type or ``*``
    can; a class, id or attribute names something specific (the editor's card), so it is
    assumed not to, or nearly every real selector would be warned about."""
    if any(mark in compound for mark in ".#["):
        return False
    tag = ""
    for char in compound:
        if not (char.isalnum() or char == "-"):
            break
        tag += char
    return tag.lower() not in _RARELY_NESTED


def selector_risks(css: str) -> tuple[str, ...]:
    """Why ``css`` may take very long on a deeply nested page; empty when it should not."""
    risks: list[str] = []
    for member in _split_list(css):
        compounds = _compounds(member)
        if compounds and compounds[0][1].startswith("*") and len(compounds) > 1:
            risks.append(
                f"'{member}' starts with '*', which makes every element a starting point; "
                "drop it or name the element"
            )
        # Steps between the first compound and the matched element, reached by a space.
        multiplying = [
            compound
            for index, (combinator, compound) in enumerate(compounds[:-1])
            if index > 0 and combinator == " " and _may_nest(compound)
        ]
        if len(multiplying) >= _NESTED_STEPS_WARNING:
            names = ", ".join(f"'{c}'" for c in multiplying)
            risks.append(
                f"'{member}' chains {len(multiplying)} steps that can match nested elements "
                f"({names}) with spaces; on a deeply nested page each multiplies the work by the "
                "page's depth (seconds to hours when nothing matches). Write '>' between a parent "
                "and its child, or name the card by its class (e.g. 'div.news-item')"
            )
    return tuple(risks)


def source_selector_risks(selectors: Selectors | None) -> tuple[str, ...]:
    """``selector_risks`` of every configured selector of a source, each prefixed by its field."""
    if selectors is None:
        return ()
    return tuple(
        f"selectors.{field.name}: {risk}"
        for field in dataclasses.fields(selectors)
        if (css := getattr(selectors, field.name))
        for risk in selector_risks(css)
    )
