"""ruamel.yaml's syntax errors -> plain words, the line an editor has to fix, and a hint.

The parser reports where *it* got stuck, in its own vocabulary (``expected <block end>, but found
'<block mapping start>'``), which is often a line after the real mistake: ``every:2h`` (no space
after the colon) is read as the start of a longer text and reported on the next line, an unclosed
quote where the next quote happens to be. So the text itself is looked at first for the mistakes
editors make (a colon without a space, a quote left open, ``-id`` without a space), on the lines
up to where the parser stopped; then the parser's error is translated by what it means.

``find_missing_spaces`` is also run on a file that parses: ``every:2h`` after ``name: A`` on a
deeper line silently becomes part of the name ("A every:2h").
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from ruamel.yaml.error import MarkedYAMLError

# A key, a colon and no space: "every:2h", "- id:a". Not "https://…" (a scheme), not "a::b".
_NO_SPACE = re.compile(
    r"^(?P<indent>\s*(?:-\s+)?)(?P<key>[A-Za-z_][\w-]*):(?P<value>[^\s:/#][^#]*?)\s*(?:#.*)?$"
)
_DASH_NO_SPACE = re.compile(r"^(?P<indent>\s*)-(?P<rest>[A-Za-z_][\w-]*:.*)$")
_DUPLICATE = re.compile(r'found duplicate key "(?P<key>[^"]*)"')
_NOT_A_START = re.compile(r"found character '(?P<char>[^']+)' that cannot start any token")
_QUOTE_HINT = "quote a name that contains a colon"


@dataclass(frozen=True, slots=True)
class YamlMistake:
    """One syntax mistake: 1-based line and column, and the plain message with its hint."""

    line: int | None
    column: int | None
    message: str


def find_missing_spaces(
    text: str, *, known_keys: Collection[str] | None = None, up_to_line: int | None = None
) -> list[YamlMistake]:
    """Lines written ``key:value`` (no space after the colon), up to ``up_to_line`` (1-based).

    With ``known_keys`` only those keys count: in a file that parsed, any other ``word:word``
    may be meant (a block of text); before a syntax error every such line is the likely cause.
    """
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if up_to_line is not None and number > up_to_line:
            break
        if line.lstrip().startswith("#"):
            continue
        match = _NO_SPACE.match(line)
        if not match or (known_keys is not None and match["key"] not in known_keys):
            continue
        key, value = match["key"], match["value"].strip()
        found.append(
            YamlMistake(
                number,
                len(match["indent"]) + len(key) + 1,
                f"a colon needs a space after it: write '{key}: {value}', not '{key}:{value}'",
            )
        )
    return found


def explain_yaml_error(exc: MarkedYAMLError, text: str) -> YamlMistake:
    """The mistake behind a ruamel.yaml error, located where the editor has to fix it."""
    lines = text.splitlines()
    problem = exc.problem or ""
    context = exc.context or ""
    p_line, p_col = _mark(exc.problem_mark)
    c_line, c_col = _mark(exc.context_mark)

    if "duplicate key" in problem:
        return _duplicate(problem, lines, p_line, p_col, c_line)
    if "'\\t'" in problem:
        return YamlMistake(
            p_line,
            p_col,
            "a tab character: YAML needs spaces, not tabs (to indent and after a colon); "
            "replace it with spaces",
        )
    # What editors get wrong on a line the parser passed over, and then stopped later.
    earlier = _earlier_mistake(lines, p_line)
    if earlier is not None:
        return earlier
    if "quoted scalar" in context:
        return _unclosed_quote(c_line, c_col)
    if "flow sequence" in context or "flow mapping" in context:
        if "sequence" in context:
            opening, closing, example = "[", "]", "areas: [edukacja, integracja]"
        else:
            opening, closing, example = "{", "}", "selectors: {item: li, title: h3}"
        return YamlMistake(
            c_line,
            c_col,
            f"'{opening}' opened on this line is not closed with '{closing}': close it on the same "
            f"line (e.g. {example})",
        )
    if "mapping values are not allowed" in problem:
        return _colon_in_value_or_indent(lines, p_line, p_col)
    if "could not find expected ':'" in problem and "simple key" in context:
        return YamlMistake(
            c_line,
            None,
            "this line is not a 'key: value' pair: write the key, a colon and a space (every: 2h), "
            "or, if it continues the line above, put that whole value in quotes",
        )
    if "but found '-'" in problem:
        return YamlMistake(
            p_line,
            p_col,
            "a list item (-) where a key: value was expected: a new source's '-' lines up with the "
            "other sources' '-'; a key of this entry has no '-'",
        )
    if "expected <block end>" in problem:
        return _block_end(lines, p_line, p_col)
    char = _NOT_A_START.search(problem)
    if char or "undefined alias" in problem or "scanning a tag" in context or "anchor" in context:
        start = char["char"] if char else "*" if "alias" in problem else "!" if "tag" in context else "&"
        at_start = char or "alias" in problem  # else the parser's mark is past the start
        return YamlMistake(
            p_line if at_start else c_line,
            p_col if at_start else c_col,
            f"a value cannot start with '{start}' (YAML gives it a meaning): put the value in "
            f'quotes, e.g. name: "{start}…"',
        )
    return YamlMistake(p_line or c_line, p_col, f"YAML cannot read this line (the parser says: {problem})")


def _mark(mark: object) -> tuple[int | None, int | None]:
    if mark is None:
        return None, None
    return getattr(mark, "line", -1) + 1, getattr(mark, "column", -1) + 1


def _earlier_mistake(lines: list[str], up_to: int | None) -> YamlMistake | None:
    candidates: list[YamlMistake] = []
    for number, line in enumerate(lines[: up_to or len(lines)], start=1):
        if line.lstrip().startswith("#"):
            continue
        dash = _DASH_NO_SPACE.match(line)
        if dash and not line.lstrip().startswith("---"):
            candidates.append(
                YamlMistake(
                    number,
                    len(dash["indent"]) + 1,
                    f"a list item needs a space after '-': write '- {dash['rest']}'",
                )
            )
        quote = _open_quote(line)
        if quote is not None:
            candidates.append(_unclosed_quote(number, quote + 1))
    candidates += find_missing_spaces("\n".join(lines), up_to_line=up_to)
    return min(candidates, key=lambda m: m.line or 0, default=None)


def _open_quote(line: str) -> int | None:
    """The column (0-based) of a value's opening quote that is not closed on its line, if any."""
    match = re.match(r"^\s*(?:-\s+)?(?:[^\s:#'\"][^:#]*?:\s+)?(?P<q>['\"])", line)
    if not match:
        return None
    start = match.start("q")
    quote = match["q"]
    rest = line[start + 1 :]
    if quote == '"':
        rest = re.sub(r"\\.", "", rest)  # \" inside double quotes does not close them
        return None if '"' in rest else start
    return None if "'" in rest.replace("''", "") else start  # '' is an escaped ' in single quotes


def _unclosed_quote(line: int | None, column: int | None) -> YamlMistake:
    return YamlMistake(
        line,
        column,
        "this quote is never closed: end the value with the same quote on the same line "
        '(e.g. name: "Miasto Wrocław")',
    )


def _duplicate(
    problem: str, lines: list[str], line: int | None, column: int | None, mapping_line: int | None
) -> YamlMistake:
    match = _DUPLICATE.search(problem)
    key = match["key"] if match else "?"
    first = None
    if line is not None and mapping_line is not None:
        indent = column - 1 if column else 0
        pattern = re.compile(rf"^\s*(?:-\s+)?{re.escape(key)}\s*:")
        for number in range(mapping_line, line):
            text = lines[number - 1]
            if pattern.match(text) and (len(text) - len(text.lstrip(" -"))) == indent:
                first = number
                break
    where = f" (first on line {first})" if first else ""
    return YamlMistake(
        line, column, f"duplicate key '{key}': it is given twice in the same block{where}; keep one"
    )


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _spaces(count: int) -> str:
    return f"{count} space" + ("" if count == 1 else "s")


def _line_above(lines: list[str], line: int) -> str | None:
    for text in reversed(lines[: line - 1]):
        if text.strip() and not text.lstrip().startswith("#"):
            return text
    return None


def _indent_mistake(lines: list[str], line: int | None) -> YamlMistake | None:
    if line is None or line > len(lines):
        return None
    here = lines[line - 1]
    above = _line_above(lines, line)
    if above is None:
        return None
    above_indent = _indent(above)
    if above.lstrip().startswith("- "):
        above_indent += len(above.lstrip()) - len(above.lstrip()[1:].lstrip())  # keys after "- "
    if _indent(here) == above_indent:
        return None
    return YamlMistake(
        line,
        _indent(here) + 1,
        f"this line is indented differently from the one above ({_spaces(_indent(here))}, not "
        f"{above_indent}): keys of the same entry line up exactly",
    )


def _colon_in_value_or_indent(lines: list[str], line: int | None, column: int | None) -> YamlMistake:
    if line is not None and column is not None and line <= len(lines):
        text = lines[line - 1]
        first = re.search(r":(?:\s|$)", text)
        if first and column - 1 > first.start():
            key = text[: first.start()].strip().lstrip("- ").strip()
            value = text[first.end() :].split(" #")[0].strip().replace('"', '\\"')
            return YamlMistake(
                line,
                column,
                f'a colon inside a value: {_QUOTE_HINT}, e.g. {key}: "{value}"',
            )
    indent = _indent_mistake(lines, line)
    if indent is not None:
        return indent
    return YamlMistake(line, column, f"a colon where YAML did not expect one: {_QUOTE_HINT}")


def _block_end(lines: list[str], line: int | None, column: int | None) -> YamlMistake:
    indent = _indent_mistake(lines, line)
    if indent is not None:
        return indent
    text = lines[line - 1] if line is not None and line <= len(lines) else ""
    if '"' in text or "'" in text:
        return YamlMistake(
            line,
            column,
            "text after a closing quote: put the whole value in quotes, e.g. name: '\"Miasto\" Wrocław'",
        )
    return YamlMistake(
        line, column, "YAML did not expect this here: is it indented like the keys of its entry?"
    )
