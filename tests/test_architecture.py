"""The layout is the architecture: these imports are what keep it so."""

from __future__ import annotations

import ast
import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).parent.parent / "src" / "fmfl_lint"

#: module → the modules of the package it may import
ALLOWED = {
    "model": set(),
    "urls": set(),
    "fields": set(),
    "fuzzy": set(),
    "rawhtml": set(),
    "locate": {"model"},
    "source": set(),
    "doctree": set(),
    "links": {"doctree", "locate", "model", "rawhtml"},
    "parse": {"doctree", "links", "locate", "model"},
    "suppress": {"model"},
    "report": {"model", "sarif"},
    "sarif": {"model", "rules", "__init__"},
}
CHECKS_MAY_USE = {"model", "rules", "urls", "fields", "fuzzy"}


def package_imports(path: pathlib.Path) -> set[str]:
    """Modules of the package that ``path`` imports (relative imports, resolved by name)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            if node.module:
                found.add(node.module.split(".")[0])
            else:  # "from . import name": a module, or something __init__ defines
                modules = {p.stem for p in PACKAGE.glob("*.py")} | {"checks"}
                found.update(a.name if a.name in modules else "__init__" for a in node.names)
    if path.parent.name == "checks":
        found = {name for name in found if name not in {p.stem for p in path.parent.glob("*.py")}}
    return found


@pytest.mark.parametrize("module", sorted(ALLOWED))
def test_module_imports_only_what_it_may(module: str) -> None:
    assert package_imports(PACKAGE / f"{module}.py") <= ALLOWED[module]


@pytest.mark.parametrize("path", sorted((PACKAGE / "checks").glob("*.py")), ids=lambda p: p.stem)
def test_checks_use_only_the_vocabulary(path: pathlib.Path) -> None:
    assert package_imports(path) <= CHECKS_MAY_USE


def test_nothing_imports_the_cli_and_nothing_but_the_cli_prints() -> None:
    for path in PACKAGE.rglob("*.py"):
        if path.name in {"cli.py", "__main__.py"}:
            continue
        assert "cli" not in package_imports(path), path
        source = path.read_text(encoding="utf-8")
        assert "print(" not in source and "click.echo" not in source, path
