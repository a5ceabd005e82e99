from __future__ import annotations

import re

import pytest

from fmfl_lint.registry import SelectionError, registry, select_rules
from fmfl_lint.rules import rule


def test_every_rule_is_complete() -> None:
    rules = registry()
    names = [r.name for r in rules.values()]
    assert len(set(names)) == len(names)
    for code, r in rules.items():
        assert r.code == code
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", r.name)
        assert r.severity in ("error", "warning")
        assert len(r.explanation.splitlines()) >= 2, f"{code} needs an explanation"


def test_a_code_cannot_be_registered_twice() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        rule("FL001", "again")(lambda doc, options: iter(()))


def test_selection() -> None:
    default = [r.code for r in select_rules()]
    assert "FL202" not in default and "FL201" in default
    assert [r.code for r in select_rules(["FL2"], ignore=["FL204"])] == ["FL201", "FL202", "FL203"]
    assert [r.code for r in select_rules(["ALL"])] == list(registry())
    assert [r.code for r in select_rules(["duplicate-entry"])] == ["FL201"]
    with pytest.raises(SelectionError):
        select_rules(["FL9"])
