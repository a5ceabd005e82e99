"""The acceptance examples: exactly the expected findings, through the real command line."""

from __future__ import annotations

import json
import pathlib

import pytest

from fmfl_lint.cli import main

from .conftest import HERE

#: the acceptance examples (copies of the project's shared examples, kept byte for byte)
DIRECTORIES = [HERE / "examples"]


def run_json(path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict]]:
    status = main(["--offline", "--format", "json", str(path)])
    return status, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("directory", DIRECTORIES, ids=lambda d: d.parent.name)
def test_defects_report_exactly_the_expected_findings(
    directory: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = json.loads((directory / "defects.expected.json").read_text(encoding="utf-8"))
    status, findings = run_json(directory / "defects.rst", capsys)
    assert sorted((f["code"], f["line"]) for f in findings) == sorted(
        (f["code"], f["line"]) for f in expected["findings"]
    )
    assert status == 1


@pytest.mark.parametrize("directory", DIRECTORIES, ids=lambda d: d.parent.name)
def test_clean_list_reports_nothing_and_exits_0(
    directory: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, findings = run_json(directory / "clean.rst", capsys)
    assert findings == []
    assert status == 0
