"""The command line as users meet it: usage, names for codes, --diff, --statistics,
--quiet, --stdin-filename, directories, rules as JSON, the JSON output's schema."""

from __future__ import annotations

import importlib.resources
import io
import json
import pathlib
import shutil
import sys

import jsonschema
import pytest

from fmfl_lint.cli import main
from fmfl_lint.registry import registry

from .conftest import CASES, HERE

DEFECTS = HERE / "examples" / "defects.rst"


def test_usage_reads_the_way_it_is_used(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Usage: fmfl-lint [OPTIONS] FILES...\n")
    assert "fmfl-lint explain RULE" in out and "fmfl-lint entries FILES" in out


@pytest.mark.parametrize("rule", ["FL401", "fl401", "unsorted-entries"])
def test_names_work_wherever_codes_do(rule: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", rule]) == 0
    assert capsys.readouterr().out.startswith("FL401 unsorted-entries (warning, offline, fixable)")
    assert main(["--explain", rule]) == 0
    assert capsys.readouterr().out.startswith("FL401 unsorted-entries")


def test_a_suppression_may_name_the_rule(tmp_path: pathlib.Path, capsys) -> None:
    path = tmp_path / "list.rst"
    path.write_text(
        ".. fmfl-lint: disable-file=bad-url\n\n* `A <htps://example.org/a>`_\n", encoding="utf-8"
    )
    assert main(["--offline", str(path)]) == 0


def test_rule_docs_are_whole_sentences(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json"]) == 0
    rules = json.loads(capsys.readouterr().out)
    assert [r["code"] for r in rules] == list(registry())
    for rule in rules:
        assert rule["summary"].endswith((".", ")", "?")), rule["code"]
        assert rule["explanation"].startswith(rule["summary"].split(" ")[0])


def test_diff_shows_the_fix_and_changes_nothing(tmp_path: pathlib.Path, capsys) -> None:
    path = tmp_path / "badges.rst"
    shutil.copy(CASES / "badges.rst", path)
    before = path.read_bytes()
    assert main(["--offline", "--diff", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"--- a/{path}\n+++ b/{path}\n@@ ")
    assert '+          <a href="https://github.com/owner/repo-b"><img' in out
    assert path.read_bytes() == before
    main(["--offline", "--fix", str(path)])
    capsys.readouterr()
    assert main(["--offline", "--diff", str(path)]) == 0
    assert capsys.readouterr().out == ""


def test_statistics_count_each_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--offline", "--statistics", str(DEFECTS)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "2  FL005  bad-url" and "1  FL401  unsorted-entries" in lines
    assert len(lines) == 13  # 15 findings of 13 rules


def test_quiet_prints_the_findings_only(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--offline", "--quiet", str(DEFECTS)]) == 1
    out = capsys.readouterr().out
    assert len(out.splitlines()) == 15 and "Found 15 problems" not in out


def test_errors_come_first_and_many_findings_end_with_their_counts(tmp_path, capsys) -> None:
    path = tmp_path / "list.rst"
    rows = "".join(f"* `Paper {n} <htps://example.org/{n}>`_ — arXiv 2024\n" for n in range(24))
    path.write_text("* `Odd <https://example.org/x>`_ — Arxiv 2024\n" + rows, encoding="utf-8")
    main(["--offline", str(path)])
    lines = capsys.readouterr().out.splitlines()
    # the warning on line 1 comes after the 24 errors below it
    assert [line.split()[1] for line in lines[:25]] == ["FL005"] * 24 + ["FL004"]
    assert lines[25:] == [
        "",
        "24  FL005  bad-url",
        " 1  FL004  venue-spelling",
        "Found 25 problems (24 errors, 1 warning) in 1 file; 25 entries read."
        " 1 can be fixed with --fix.",
    ]


def test_standard_input_with_a_filename(monkeypatch, capsys) -> None:
    text = "- [A](https://example.org/a) — ICML 2024\n- [A](https://example.org/a) — ICML 2024\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    assert main(["--offline", "--stdin-filename", "README.md", "--format", "json", "-"]) == 1
    [finding] = json.loads(capsys.readouterr().out)
    assert (finding["path"], finding["line"], finding["code"]) == ("README.md", 2, "FL201")


def test_a_directory_means_every_list_beneath(tmp_path: pathlib.Path, capsys) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "node_modules").mkdir()
    shutil.copy(DEFECTS, tmp_path / "docs" / "list.rst")
    shutil.copy(DEFECTS, tmp_path / ".git" / "hidden.rst")
    shutil.copy(DEFECTS, tmp_path / "node_modules" / "dependency.rst")
    # prose with many links is no list: FL007 is said only of files named
    prose = "".join(f"see `page <https://example.org/{n}>`_ and more.\n\n" for n in range(12))
    (tmp_path / "notes.rst").write_text(prose, encoding="utf-8")
    main(["--offline", "--format", "json", str(tmp_path)])
    findings = json.loads(capsys.readouterr().out)
    assert {f["path"] for f in findings} == {str(tmp_path / "docs" / "list.rst")}
    assert len(findings) == 15


def test_the_json_output_follows_the_schema_the_package_ships(capsys) -> None:
    schema_file = importlib.resources.files("fmfl_lint") / "schemas" / "findings.schema.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    main(["--offline", "--format", "json", str(DEFECTS)])
    findings = json.loads(capsys.readouterr().out)
    jsonschema.validate(findings, schema)
    assert any("fix" in f for f in findings) and any("url" in f for f in findings)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{**findings[0], "line": 0}], schema)


def test_output_to_a_file_keeps_the_summary_on_standard_error(tmp_path, capsys) -> None:
    target = tmp_path / "findings.txt"
    assert main(["--offline", "--output", str(target), str(DEFECTS)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("Found 15 problems")
    assert len(target.read_text(encoding="utf-8").splitlines()) == 15


def test_max_cache_age_in_seconds_on_the_command_line(capsys) -> None:
    assert main(["--offline", "--max-cache-age", "60", str(CASES / "aligned.rst")]) in (0, 1)
    assert "not a duration" not in capsys.readouterr().err


def test_an_empty_no_color_keeps_colour(monkeypatch, capsys) -> None:
    from fmfl_lint import cli

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setenv("NO_COLOR", "")
    cli.main(["--offline", str(DEFECTS)])
    assert "\x1b[" in capsys.readouterr().out
    monkeypatch.setenv("NO_COLOR", "1")
    cli.main(["--offline", str(DEFECTS)])
    assert "\x1b[" not in capsys.readouterr().out
