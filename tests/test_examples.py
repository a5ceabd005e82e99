"""The acceptance examples: exactly the expected findings, through the real command line."""

from __future__ import annotations

import json
import pathlib

import pytest

from fmfl_lint.cli import main

from .conftest import HERE, SHARED_EXAMPLES

#: the copies kept in the repository, and the shared originals when they are beside it
DIRECTORIES = [HERE / "examples"] + ([SHARED_EXAMPLES] if SHARED_EXAMPLES.is_dir() else [])


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


def test_copies_match_the_shared_examples() -> None:
    if not SHARED_EXAMPLES.is_dir():
        pytest.skip("../shared/examples is not beside this checkout")
    for original in SHARED_EXAMPLES.iterdir():
        assert (HERE / "examples" / original.name).read_bytes() == original.read_bytes()
