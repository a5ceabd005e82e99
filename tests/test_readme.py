"""The README's rule table is the registry's, and its set-up commands are the real ones."""

from __future__ import annotations

import sys

import pytest

from fmfl_lint.cli import main
from fmfl_lint.config import COMMAND_LINE_ONLY, KEYS, validate

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from .conftest import HERE

README = (HERE.parent / "README.md").read_text(encoding="utf-8")


def test_rule_table_is_generated_from_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "markdown"]) == 0
    table = capsys.readouterr().out
    start = README.index("<!-- rules:start -->\n") + len("<!-- rules:start -->\n")
    assert README[start : README.index("<!-- rules:end -->")] == table


def test_the_example_list_in_the_set_up_command_exists_and_is_clean() -> None:
    assert "fmfl-lint --offline tests/examples/clean.rst" in README
    assert main(["--offline", str(HERE / "examples" / "clean.rst")]) == 0


def test_the_configuration_example_is_a_valid_configuration() -> None:
    start = README.index("```toml\n[tool.fmfl-lint]") + len("```toml\n")
    example = tomllib.loads(README[start : README.index("```", start)])
    config = validate(example["tool"]["fmfl-lint"], "README.md")
    # every key a file may hold is shown; the others are the command line's alone
    assert set(config.values) == set(KEYS) - COMMAND_LINE_ONLY
    for key in COMMAND_LINE_ONLY:
        assert f"`--{key}" in README
