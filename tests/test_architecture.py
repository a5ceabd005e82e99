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
    "source": set(),
    "doctree": set(),
    "locate": {"model"},
    "links": {"doctree", "locate", "model", "rawhtml"},
    "parse": {"doctree", "links", "locate", "model"},
    "suppress": {"model"},
    "rules": {"model", "net.result", "checks"},
    "report": {"model", "sarif"},
    "sarif": {"model", "rules", "__init__"},
}
CHECKS_MAY_USE = {"model", "rules", "urls", "fields", "fuzzy", "net.result"}


def package_imports(path: pathlib.Path) -> set[str]:
    """Modules of the package that ``path`` imports, named from the package's root."""
    here = path.parent.relative_to(PACKAGE).parts
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.ImportFrom) and node.level):
            continue
        base = list(here[: len(here) - (node.level - 1)])
        if node.module:
            found.add(".".join([*base, node.module]))
        else:  # "from . import name": a module, or something the package's __init__ defines
            for alias in node.names:
                module = PACKAGE.joinpath(*base, alias.name)
                is_module = module.with_suffix(".py").exists() or module.is_dir()
                found.add(".".join([*base, alias.name]) if is_module else "__init__")
    return found


@pytest.mark.parametrize("module", sorted(ALLOWED))
def test_module_imports_only_what_it_may(module: str) -> None:
    assert package_imports(PACKAGE / f"{module}.py") <= ALLOWED[module]


@pytest.mark.parametrize("path", sorted((PACKAGE / "checks").glob("*.py")), ids=lambda p: p.stem)
def test_checks_use_only_the_vocabulary(path: pathlib.Path) -> None:
    siblings = {f"checks.{p.stem}" for p in path.parent.glob("*.py")}
    assert package_imports(path) - siblings <= CHECKS_MAY_USE


@pytest.mark.parametrize("path", sorted((PACKAGE / "net").glob("*.py")), ids=lambda p: p.stem)
def test_the_network_layer_knows_nothing_of_lists(path: pathlib.Path) -> None:
    assert all(name.startswith("net.") for name in package_imports(path))


def test_nothing_imports_the_cli_and_nothing_but_the_cli_prints() -> None:
    for path in PACKAGE.rglob("*.py"):
        if path.name in {"cli.py", "__main__.py"}:
            continue
        assert "cli" not in package_imports(path), path
        source = path.read_text(encoding="utf-8")
        assert "print(" not in source and "click.echo" not in source, path
