"""Each ``cases/NAME.rst`` (or ``.bib``) reports exactly the findings in ``cases/NAME.expected``."""

from __future__ import annotations

import pathlib

import pytest

from fmfl_lint.pipeline import lint_text
from fmfl_lint.registry import select_rules
from fmfl_lint.settings import FileSettings

from .conftest import CASES, read_expected

CASE_FILES = sorted(CASES.glob("*.rst")) + sorted(CASES.glob("*.bib"))


@pytest.mark.parametrize("case", CASE_FILES, ids=[case.stem for case in CASE_FILES])
def test_case_reports_exactly_its_expected_findings(case: pathlib.Path) -> None:
    text = case.read_text(encoding="utf-8")
    findings = lint_text(str(case), text, FileSettings(tuple(select_rules(offline=True))))
    got = sorted((finding.line, finding.code) for finding in findings)
    assert got == read_expected(case.with_suffix(".expected"))


def test_every_offline_rule_fires_in_some_case() -> None:
    fired = {
        code for case in CASE_FILES for _, code in read_expected(case.with_suffix(".expected"))
    }
    offline = {rule.code for rule in select_rules(offline=True)}
    assert offline <= fired
