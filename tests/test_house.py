"""The house rules that hold for the whole code base: no import cycle, no Python file over 300 lines.

Imports are read from the source (no module is executed), at module level and inside functions alike,
except those under `if TYPE_CHECKING:`, which never run.
"""

from __future__ import annotations

import ast
import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("assistant", "api", "evals")
CYCLE_PACKAGES = ("assistant", "api")
MAX_LINES = 300
# Files over the limit that belong to work still in progress elsewhere, each named with the day it was
# listed and why it was not split then. Remove an entry when its file is split.
EXCEPTIONS: dict[str, tuple[datetime.date, str]] = {}


def _modules(packages: tuple[str, ...]) -> dict[str, Path]:
    found = {}
    for package in packages:
        for path in sorted((REPO / package).rglob("*.py")):
            parts = path.relative_to(REPO).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _type_checking_only(node):
            skipped.update(id(child) for stmt in node.body for child in ast.walk(stmt))
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                targets.add(submodule if submodule in known else base)
    return {t for t in targets if t in known and t != name}


def import_graph(packages: tuple[str, ...] = CYCLE_PACKAGES) -> dict[str, set[str]]:
    known = _modules(packages)
    return {name: _imports(name, path, known) for name, path in known.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_between_modules_of_assistant_and_api() -> None:
    found = cycles(import_graph())
    assert not found, "import cycles (each line one cycle's modules):\n" + "\n".join(" ↔ ".join(c) for c in found)


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c"]]


def test_the_import_reader_resolves_relative_and_submodule_imports(tmp_path: Path) -> None:
    known = {"pkg": tmp_path, "pkg.one": tmp_path, "pkg.two": tmp_path, "pkg.sub.three": tmp_path}
    source = tmp_path / "three.py"
    source.write_text(
        "from typing import TYPE_CHECKING\nfrom .. import one\nimport pkg.two\n"
        "if TYPE_CHECKING:\n    from pkg import sub\ndef f():\n    from pkg import one, nothing\n"
    )
    assert _imports("pkg.sub.three", source, known) == {"pkg.one", "pkg.two", "pkg"}


def _long_files() -> dict[str, int]:
    lengths = {str(p.relative_to(REPO)): len(p.read_text().splitlines()) for p in _modules(PACKAGES).values()}
    return {path: n for path, n in lengths.items() if n > MAX_LINES}


def test_no_python_file_is_over_300_lines() -> None:
    over = {path: n for path, n in _long_files().items() if path not in EXCEPTIONS}
    assert not over, f"files over {MAX_LINES} lines (split them): {over}"


def test_every_exception_is_named_and_dated() -> None:
    for path, (listed, reason) in EXCEPTIONS.items():
        assert (REPO / path).is_file() and listed <= datetime.date.today() and reason, path
