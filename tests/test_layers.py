"""Layers that only point down (issue 17): every module of the package is placed in a layer, and an
import — at the top of a module or inside a function — may only reach its own layer or a lower
one; the import graph has no cycle. Read from the source with ``ast``: nothing is imported."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"

# Lower first. A module is placed by its dotted name or by the package it is in.
LOGIC = {
    "parse", "dedupe", "language", "tagging", "normalise", "schedule", "robots", "stories", "intents",
    "editorial", "selection", "gate", "publish", "config", "config_schema", "yaml_errors", "analyse", "report", "events",
    "event_clock", "event_days", "event_model", "event_places", "event_words", "event_years", "learned",
}  # fmt: skip
LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    # plain data and text, shared by everything
    (
        "base",
        frozenset(
            {"pipeline", "records", "errors", "months", "text", "addresses", "vocabulary", "alternation"}
        ),
    ),
    # pure decisions: parsing, tagging, dedupe, scheduling, what to publish and how it looks
    ("logic", frozenset(LOGIC)),
    # the edges: the database, the network, worker processes, the lock file
    ("edges", frozenset({"store", "fetch", "workers", "enrich", "lock"})),
    # the stages put in order
    ("orchestration", frozenset({"ingest", "runner", "publishing", "health", "preview", "discover"})),
    # entry points
    ("entry", frozenset({"__main__", "commands", "demo", "vocabulary.build", "vocabulary.learn"})),
)


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _layer(module: str) -> int:
    parts = module.split(".")
    name = parts[1] if len(parts) > 1 else "pipeline"
    dotted = ".".join(parts[1:])
    for number, (_label, members) in enumerate(LAYERS):
        if dotted in members:  # a module placed apart from its package (a build tool)
            return number
    for number, (_label, members) in enumerate(LAYERS):
        if name in members:
            return number
    raise AssertionError(f"{module} is in no layer: place it in tests/test_layers.py")


def _imports(module: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that ``module`` imports (relative or absolute, anywhere in it)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                found.add(candidate if candidate in known else target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m in known and m != module}


def test_imports_only_point_down_and_never_in_a_circle() -> None:
    modules = _modules()
    graph = {m: _imports(m, p, set(modules)) for m, p in modules.items()}
    upward = [
        f"{m} ({LAYERS[_layer(m)][0]}) imports {t} ({LAYERS[_layer(t)][0]})"
        for m, targets in sorted(graph.items())
        for t in sorted(targets)
        if _layer(t) > _layer(m)
    ]
    assert not upward, "\n".join(upward)
    # `python -m pipeline` runs __main__ as "__main__": a module importing pipeline.__main__ would
    # load the command line a second time (the demo did).
    assert not [m for m, targets in graph.items() if "pipeline.__main__" in targets]
    # No cycle (package __init__ files re-export their submodules: a package importing its own
    # module is not a cycle of two modules).
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in graph[node]:
            if node.startswith(target + ".") or target.startswith(node + "."):
                continue
            if state.get(target) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*trail, node, target]))
            if target not in state:
                visit(target, [*trail, node])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [])


def test_only_the_entry_points_print() -> None:
    """Issue 17: decisions and renderings return text; the commands (``__main__``, ``commands``,
    the demo, the vocabulary build and learning) print it. A ``print`` anywhere else is output no caller chose."""
    entry = len(LAYERS) - 1
    printing = []
    for module, path in sorted(_modules().items()):
        if _layer(module) == entry:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        printing += [
            f"{module}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print"
        ]
    assert printing == []
