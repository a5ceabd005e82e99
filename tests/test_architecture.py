"""The layout is the architecture: these imports are what keep it so, over every module."""

from __future__ import annotations

import ast
import pathlib
import subprocess
import sys

import pytest

PACKAGE = pathlib.Path(__file__).parent.parent / "src" / "fmfl_lint"
MODULES = sorted(
    ".".join(path.relative_to(PACKAGE).with_suffix("").parts).removesuffix(".__init__")
    for path in PACKAGE.rglob("*.py")
)

#: what each module, or each module of a package ("checks.*"), may import of the package;
#: a module always may import the modules of its own package
VOCABULARY = {"model", "urls", "fields", "fuzzy", "venues"}
ALLOWED: dict[str, set[str]] = {
    "model": set(),
    "urls": set(),
    "fields": set(),
    "fuzzy": set(),
    "venues": {"urls"},
    "source": set(),
    "changes": {"model"},
    "budget": set(),
    "__main__": {"cli"},
    "__init__": set(),
    "records": {"net.result"},
    "rules": {"model", "records"},
    "registry": {"checks", "rules"},
    "checks.*": VOCABULARY | {"rules", "records"},
    "readers.*": {"model"},
    "net.*": set(),
    "sources.*": {"net.*", "records", "urls"},
    "fix": {"model"},
    "suppress": {"model", "registry"},
    "config": {"rules"},
    "report": {"model", "rules", "sarif"},
    "sarif": {"model", "registry", "__init__"},
    "settings": {"__init__", "config", "net.*", "registry", "rules", "sources"},
    "pipeline": {"*"},  # but not the CLI: see below
    "cli": {"*"},
}


def rule_for(module: str) -> set[str]:
    if module in ALLOWED:
        return ALLOWED[module]
    return ALLOWED[module.split(".")[0] + ".*"]


def package_imports(module: str) -> set[str]:
    """Modules of the package that ``module`` imports, named from the package's root."""
    path = PACKAGE.joinpath(*module.split(".")) if module not in ("__init__", "__main__") else None
    file = path.with_suffix(".py") if path and path.with_suffix(".py").exists() else None
    file = file or (path / "__init__.py" if path else PACKAGE / f"{module}.py")
    here = file.parent.relative_to(PACKAGE).parts
    found = set()
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.ImportFrom) and node.level):
            continue
        base = list(here[: len(here) - (node.level - 1)])
        if node.module:
            found.add(".".join([*base, node.module]))
        else:  # "from . import name": a module, or something the package's __init__ defines
            for alias in node.names:
                target = PACKAGE.joinpath(*base, alias.name)
                is_module = target.with_suffix(".py").exists() or target.is_dir()
                found.add(
                    ".".join([*base, alias.name]) if is_module else ".".join(base) or "__init__"
                )
    return found


def allowed(module: str, imported: str) -> bool:
    """Whether ``module`` may import ``imported`` (its own family, or what its rule says)."""
    if imported.split(".")[0] == module.split(".")[0]:
        return True
    rules = rule_for(module)
    return any(
        rule == "*" or imported == rule or (rule.endswith(".*") and imported.startswith(rule[:-1]))
        for rule in rules
    )


@pytest.mark.parametrize("module", MODULES)
def test_module_imports_only_what_it_may(module: str) -> None:
    forbidden = {name for name in package_imports(module) if not allowed(module, name)}
    assert not forbidden, f"{module} may not import {sorted(forbidden)}"


def test_every_module_is_covered_by_a_rule() -> None:
    for module in MODULES:
        assert rule_for(module) is not None


def test_nothing_imports_the_cli_and_nothing_but_the_cli_prints() -> None:
    for module in MODULES:
        if module in {"cli", "__main__"}:
            continue
        assert "cli" not in package_imports(module), module
    for path in PACKAGE.rglob("*.py"):
        if path.name in {"cli.py", "__main__.py"}:
            continue
        source = path.read_text(encoding="utf-8")
        assert "print(" not in source and "click.echo" not in source, path


def test_no_markup_word_outside_the_readers() -> None:
    """docutils, Markdown and BibTeX are the readers' business alone."""
    for path in PACKAGE.rglob("*.py"):
        if "readers" in path.relative_to(PACKAGE).parts:
            continue
        source = path.read_text(encoding="utf-8")
        assert "docutils" not in source and ":target:" not in source, path


def test_the_registry_loads_without_the_network_stack() -> None:
    code = "import sys, fmfl_lint.registry; sys.exit('requests' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
