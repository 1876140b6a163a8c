"""Issue 15: YAML mistakes an editor makes, in plain words, on the line to fix, with a hint.

Each case is a small sources.yaml with one mistake; the message must carry the plain words (not
the parser's ``expected <block end>``) and point at the line (and column) where it is written.
"""

from __future__ import annotations

import pytest

from pipeline.config import parse_config
from pipeline.errors import ConfigError

HEAD = "contact: https://example.org/c\nsources:\n  - id: a\n    name: A\n"
URL = "    url: https://a.example/feed\n"

# (case, text, line, column or None, words that must be in the message)
CASES = [
    ("no space after a colon, parser stops a line later", HEAD + "    every:2h\n" + URL, 5, 10, "a colon needs a space after it"),
    ("no space after a colon on the last line", HEAD + URL + "    every:2h\n", 6, 10, "write 'every: 2h'"),
    ("no space after a colon, silently part of the name", HEAD + "      every:2h\n" + URL, 5, 12, "a colon needs a space after it"),
    ("no space after a selector's colon", HEAD + URL + "    selectors:\n      item:div.card\n      title: h3\n", 7, 11, "write 'item: div.card'"),
    ("no space after a list item's key", "sources:\n  - id:a\n    name: A\n", 2, 7, "a colon needs a space after it"),
    ("indented more than the line above", HEAD + "      url: https://a.example/\n", 5, 7, "indented differently from the one above"),
    ("indented less than the line above", HEAD + "   url: https://a.example/\n", 5, 4, "indented differently from the one above"),
    ("indented like the dash", HEAD + "  url: https://a.example/\n", 5, 3, "indented differently from the one above"),
    ("a colon inside a name", HEAD.replace("name: A", "name: Miasto: aktualności") + URL, 4, 17, 'quote a name that contains a colon, e.g. name: "Miasto: aktualności"'),
    ("a list item inside an entry", HEAD + "    - url: https://a.example/\n", 5, 5, "a list item (-) where a key: value was expected"),
    ("a list item after a mapping at the top", "site:\n  title: X\n- id: a\n", 3, 1, "a list item (-) where a key: value was expected"),
    ("no space after the dash", "sources:\n  -id: a\n    name: A\n", 2, 3, "a list item needs a space after '-'"),
    ("a tab to indent", "sources:\n\t- id: a\n", 2, 1, "spaces, not tabs"),
    ("a tab after a colon", HEAD.replace("name: A", "name:\tA") + URL, 4, 10, "spaces, not tabs"),
    ("an unclosed double quote at the end", HEAD.replace("name: A", 'name: "Miasto') + URL, 4, 11, "this quote is never closed"),
    ("an unclosed single quote", HEAD.replace("name: A", "name: 'Miasto") + URL, 4, 11, "this quote is never closed"),
    ("an unclosed quote closed by a later one", HEAD.replace("name: A", 'name: "Miasto') + URL + '  - id: b\n    name: "B"\n', 4, 11, "this quote is never closed"),
    ("text after a closing quote", HEAD.replace("name: A", 'name: "Miasto" Wrocław') + URL, 4, 20, "put the whole value in quotes"),
    ("a duplicate key in an entry", HEAD + "    name: B\n" + URL, 5, 5, "duplicate key 'name'"),
    ("a duplicate key names the first", HEAD + "    name: B\n" + URL, 5, 5, "(first on line 4)"),
    ("a duplicate top-level key", "sources: []\nsite: {}\nsources: []\n", 3, 1, "(first on line 1)"),
    ("an unclosed list", HEAD + "    areas: [edukacja, integracja\n" + URL, 5, 12, "'[' opened on this line is not closed with ']'"),
    ("an unclosed mapping", "sources:\n  - {id: a, name: A\n  - id: b\n", 2, 5, "'{' opened on this line is not closed with '}'"),
    ("a line without a colon", HEAD + "    every 2h\n" + URL, 5, None, "not a 'key: value' pair"),
    ("a value starting with *", HEAD.replace("name: A", "name: *ważne*") + URL, 4, 11, "cannot start with '*'"),
    ("a value starting with @", HEAD.replace("name: A", "name: @miasto") + URL, 4, 11, "cannot start with '@'"),
    ("a value starting with !", HEAD.replace("name: A", "name: !ważne") + URL, 4, 11, "cannot start with '!'"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "text", "line", "column", "words"), CASES, ids=[c[0] for c in CASES])
def test_a_yaml_mistake_is_plain_and_on_its_line(
    case: str, text: str, line: int, column: int | None, words: str
) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(text, name="sources.yaml")
    problem = info.value.problems[0]
    assert words in problem.message, str(problem)
    assert (problem.line, problem.column) == (line, column), str(problem)
    where = f"sources.yaml:{line}:{column}:" if column else f"sources.yaml:{line}:"
    assert str(problem).startswith(where)
    # the parser's jargon is not what the editor reads
    for jargon in ("<block", "expected <", "found '-'", "mapping values", "simple key", "token"):
        assert jargon not in problem.message, str(problem)


def test_a_colon_in_a_quoted_value_and_urls_are_not_mistakes() -> None:
    text = HEAD.replace("name: A", 'name: "Miasto: aktualności"') + URL + "    every: 2h # every:2h\n"
    config = parse_config(text + "site:\n  link: https://example.org/a:b\n")
    assert config.sources[0].name == "Miasto: aktualności" and config.sources[0].every_s == 7200


def test_a_missing_space_is_reported_with_the_schema_problems() -> None:
    text = HEAD + "      every:2h\n" + URL + "    priorty: 2\n"
    with pytest.raises(ConfigError) as info:
        parse_config(text, name="sources.yaml")
    assert [(p.line, p.field) for p in info.value.problems] == [(5, "syntax"), (7, "priorty")]
