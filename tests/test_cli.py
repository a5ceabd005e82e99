from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pytest

from fmfl_lint.cli import main
from fmfl_lint.registry import registry

from .conftest import CASES, HERE

DEFECTS = HERE / "examples" / "defects.rst"
CLEAN = HERE / "examples" / "clean.rst"
VENUES = CASES / "venues.rst"  # warnings only (FL004)


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the command offline (the link checker has tests of its own)."""
    status = main(["--offline", *args] if args and args[0] != "rules" else args)
    out, err = capsys.readouterr()
    return status, out, err


def test_text_lines_and_summary(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["--offline", str(DEFECTS)], capsys)
    lines = out.splitlines()
    assert status == 1
    assert lines[0] == (
        f"{DEFECTS}:10:30: FL301 arXiv badge says 2406.00007 but its link= parameter names "
        "2206.00007 [arxiv-badge-mismatch]"
    )
    assert lines[-1] == (
        "Found 15 problems (10 errors, 5 warnings) in 1 file; 12 entries read."
        " 5 can be fixed with --fix."
    )
    assert "\x1b[" not in out  # no colour when the output is not a terminal


def test_exit_status_follows_fail_on(capsys: pytest.CaptureFixture[str]) -> None:
    assert run([str(VENUES)], capsys)[0] == 0  # warnings do not fail by default
    assert run(["--fail-on", "warning", str(VENUES)], capsys)[0] == 1
    assert run(["--fail-on", "never", str(DEFECTS)], capsys)[0] == 0
    assert run([str(CLEAN)], capsys)[:2] == (0, "No problems found in 6 entries (1 file).\n")


def test_select_ignore_and_extend_select(capsys: pytest.CaptureFixture[str]) -> None:
    def codes(args: list[str]) -> list[str]:
        _, out, _ = run(["--format", "json", *args], capsys)
        return sorted({f["code"] for f in json.loads(out)})

    assert codes(["--select", "FL3", str(DEFECTS)]) == ["FL301", "FL302", "FL303"]
    assert codes(["--select", "FL201,bad-url", str(DEFECTS)]) == ["FL005", "FL201"]
    assert "FL005" not in codes(["--ignore", "FL005", str(DEFECTS)])
    assert codes(["--select", "FL202", str(CASES / "duplicates.rst")]) == ["FL202"]
    assert "FL202" in codes(["--extend-select", "FL202", str(CASES / "duplicates.rst")])


def test_every_format_and_output_file(tmp_path: pathlib.Path, capsys) -> None:
    out_file = tmp_path / "out.sarif"
    status, out, _ = run(["--format", "sarif", "--output", str(out_file), str(DEFECTS)], capsys)
    assert (status, out) == (1, "")
    assert len(json.loads(out_file.read_text())["runs"][0]["results"]) == 15
    _, out, _ = run(["--format", "github", str(DEFECTS)], capsys)
    assert out.splitlines()[0].startswith(f"::error file={DEFECTS},line=10,col=30,title=FL301")


def test_standard_input_and_several_files(capsys, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", open(DEFECTS, encoding="utf-8"))  # noqa: SIM115
    _, out, _ = run(["--format", "json", "-", str(CLEAN), str(VENUES)], capsys)
    paths = [f["path"] for f in json.loads(out)]
    assert paths.count("-") == 15 and paths.count(str(VENUES)) == 2


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.rst", "missing.rst: no such file"),
        (lambda d: d, "is a directory with no list file in it"),
        (lambda d: _write(d / "bin.rst", b"\x7fELF\x00\x01"), "is a binary file"),
        (lambda d: _write(d / "latin1.rst", b"caf\xe9\n"), "line 1: not valid UTF-8"),
        (lambda d: _write(d / "utf16.rst", "x".encode("utf-16")), "is UTF-16"),
        (lambda d: _write(d / "empty.rst", b"\n \n"), "is empty"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, make, message) -> None:
    status, out, err = run([str(make(tmp_path))], capsys)
    assert status == 2 and out == ""
    assert len(err.splitlines()) == 1 and message in err and err.startswith("fmfl-lint: error: ")


def _write(path: pathlib.Path, data: bytes) -> pathlib.Path:
    path.write_bytes(data)
    return path


def test_usage_errors_exit_2(capsys) -> None:
    assert run([], capsys)[0] == 2
    assert run(["--select", "FL999", str(CLEAN)], capsys)[0] == 2
    assert run(["--format", "xml", str(CLEAN)], capsys)[0] == 2
    status, _, err = run(["--fix", "-"], capsys)
    assert status == 2 and "--fix cannot rewrite standard input" in err


def test_config_is_found_upward_and_flags_win(tmp_path: pathlib.Path, capsys) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.fmfl-lint]\nfail-on = "warning"\nseverity = { FL004 = "error" }\n'
        'venues = ["NEURIPS"]\n'
    )
    nested = tmp_path / "docs" / "lists"
    nested.mkdir(parents=True)
    path = nested / "venues.rst"
    path.write_bytes(VENUES.read_bytes())
    status, out, _ = run(["--format", "json", str(path)], capsys)
    findings = json.loads(out)
    assert status == 1
    assert {f["severity"] for f in findings} == {"error"}
    # the configured spelling wins over the majority (the one-to-one tie on line 10 has
    # no usual spelling and is left alone)
    assert sorted(f["line"] for f in findings) == [4, 5, 6]
    assert run(["--fail-on", "never", str(path)], capsys)[0] == 0


def test_own_config_file_wins_over_pyproject_in_the_same_directory(tmp_path, capsys) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.fmfl-lint]\nselect = ["FL001"]\n')
    (tmp_path / ".fmfl-lint.toml").write_text('select = ["FL004"]\n')
    path = tmp_path / "venues.rst"
    path.write_bytes(VENUES.read_bytes())
    _, out, _ = run(["--format", "json", str(path)], capsys)
    assert {f["code"] for f in json.loads(out)} == {"FL004"}


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("colour = true\n", "unknown key 'colour'"),
        ('fail-on = "sometimes"\n', "'fail-on' must be one of error, warning, never"),
        ("title-similarity = 150\n", "'title-similarity' must be a number from 50 to 100"),
        ("select = [\n", "not valid TOML"),
        ('severity = { FL999 = "error" }\n', "unknown rule 'FL999' in 'severity'"),
    ],
)
def test_bad_config_is_one_line_and_exit_2(tmp_path, capsys, config: str, message: str) -> None:
    (tmp_path / ".fmfl-lint.toml").write_text(config)
    path = tmp_path / "list.rst"
    path.write_bytes(CLEAN.read_bytes())
    status, _, err = run([str(path)], capsys)
    assert status == 2
    assert len(err.splitlines()) == 1 and message in err and ".fmfl-lint.toml" in err


def test_explain_and_rules(capsys) -> None:
    status, out, _ = run(["--explain", "fl401"], capsys)
    assert status == 0 and out.startswith("FL401 unsorted-entries (warning, offline, fixable)")
    assert run(["--explain", "FL999"], capsys)[0] == 2
    status, out, _ = run(["rules"], capsys)
    assert status == 0 and len(out.splitlines()) == len(registry()) and "FL202" in out


def test_the_installed_command_runs_as_a_module() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "fmfl_lint", "--offline", str(CLEAN)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    summary = "No problems found in 6 entries (1 file).\n"
    assert (done.returncode, done.stdout, done.stderr) == (0, summary, "")


def test_summary_is_appended_to_a_file(tmp_path: pathlib.Path, capsys) -> None:
    summary = tmp_path / "step-summary.md"
    summary.write_text("earlier steps\n", encoding="utf-8")
    run(["--format", "github", "--summary", str(summary), str(DEFECTS)], capsys)
    run(["--summary", str(summary), str(CLEAN)], capsys)
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier steps\n### fmfl-lint\n\nFound 15 problems")
    assert text.endswith("### fmfl-lint\n\nNo problems found.\n")


def test_enormous_inputs_are_refused_at_once(tmp_path: pathlib.Path, capsys) -> None:
    row = "* `Federated Paper <https://example.org/paper>`_ — ICML 2024\n"
    hundred_thousand = tmp_path / "100k.rst"
    hundred_thousand.write_text(row * 100_000 + "x" * (16 * 1024 * 1024), encoding="utf-8")
    fifty_mb = tmp_path / "50mb.rst"
    with open(fifty_mb, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB of NULs costs no disk
    for path in (hundred_thousand, fifty_mb):
        status, out, err = run([str(path)], capsys)
        assert (status, out) == (2, "")
        assert (
            err == f"fmfl-lint: error: {path}: larger than 16 MB (about 50,000 entries); not read\n"
        )


def test_an_unreadable_file_is_one_line(tmp_path: pathlib.Path, capsys, monkeypatch) -> None:
    path = tmp_path / "locked.rst"
    path.write_text("x\n", encoding="utf-8")
    real_open = open

    def locked(file, *args, **kwargs):  # root reads anything: simulate the permission error
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", locked)
    status, _, err = run([str(path)], capsys)
    assert status == 2 and err == f"fmfl-lint: error: {path}: permission denied\n"


def test_colour_on_a_terminal_unless_no_color(capsys, monkeypatch) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    _, coloured, _ = run([str(DEFECTS)], capsys)
    monkeypatch.setenv("NO_COLOR", "1")
    _, plain, _ = run([str(DEFECTS)], capsys)
    assert "\x1b[" in coloured and "\x1b[" not in plain


def test_entries_shows_what_was_read(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["entries", "--format", "json", str(CLEAN)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["line"] for row in rows] == [26, 35, 39, 46, 57, 59]
    assert rows[0] == {
        "path": str(CLEAN),
        "line": 26,
        "section": "Awesome Example Papers / Efficiency / Adapter Tuning",
        "title": "FedAdapt-X: Adapters for Cross-Silo Tuning of Language Models",
        "url": "https://arxiv.org/abs/2405.01234",
        "venue": "arXiv",
        "date": "2024-05",
        "links": [
            "https://github.com/example-lab/fedadapt-x",
            "https://img.shields.io/github/stars/example-lab/fedadapt-x",
        ],
    }


def test_entries_as_csv_and_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["entries", "--format", "csv", str(CLEAN)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "path,line,section,title,url,venue,date,links" and len(lines) == 7
    assert main(["entries", str(CLEAN)]) == 0
    assert capsys.readouterr().out.endswith("\n6 entries\n")


def test_entries_of_a_missing_file_is_one_line_and_exit_2(capsys) -> None:
    assert main(["entries", "missing.rst"]) == 2
    assert capsys.readouterr().err == "fmfl-lint: error: missing.rst: no such file\n"
