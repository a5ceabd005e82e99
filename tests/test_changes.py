"""--diff-base: only what a pull request changed, compared with the whole file."""

# The lists here are read offline, but for the one test that asks its new URLs of a
# server on 127.0.0.1 (conftest's responses mock and socket guard refuse anything else).

from __future__ import annotations

import json
import pathlib
import subprocess

import pytest
import responses

from fmfl_lint.changes import changed_lines
from fmfl_lint.cli import main

from .servers import serve, status


def test_changed_lines() -> None:
    base = "a\nb\nc\nd\n"
    assert changed_lines(base, base) == frozenset()
    assert changed_lines(base, "a\nb\nNEW\nc\nd\n") == {3}
    assert changed_lines(base, "a\nB\nc\nd\n") == {2}
    assert changed_lines(base, "a\nc\nd\n") == {2}  # b removed: the line now in its place
    assert changed_lines("", "x\ny\n") == {1, 2}  # a new file


def git(repo: pathlib.Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, timeout=60)


@pytest.fixture
def repo(tmp_path: pathlib.Path) -> pathlib.Path:
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "test@example.org")
    git(tmp_path, "config", "user.name", "Test")
    return tmp_path


def items(base: str, numbers: range, year: int = 2020) -> str:
    return "".join(f"* `Paper {n} <{base}/p/{n}>`_ — ICML {year}\n" for n in numbers)


def test_only_the_new_entries_urls_are_requested(
    repo, loopback: responses.RequestsMock, capsys
) -> None:
    with serve({}) as server:
        server.routes.update({f"/p/{n}": status(200) for n in range(1003)})
        base = f"http://127.0.0.1:{server.port}"
        path = repo / "README.rst"
        path.write_text("Papers\n======\n\n" + items(base, range(3, 1003)), encoding="utf-8")
        git(repo, "add", "README.rst")
        git(repo, "commit", "-qm", "a thousand papers")
        # the pull request: three new papers at the top, newest first
        path.write_text(
            "Papers\n======\n\n" + items(base, range(3), 2021) + items(base, range(3, 1003)),
            encoding="utf-8",
        )
        code = main(
            ["--diff-base", "HEAD", "--allow-private", "--no-cache", "--select", "FL1", str(path)]
        )
        assert code == 0
        assert sorted(p for _, p in server.requests) == ["/p/0", "/p/1", "/p/2"]
    assert "links: 3 checked" in capsys.readouterr().err


def test_new_entries_are_compared_with_the_whole_file(repo, capsys) -> None:
    path = repo / "README.rst"
    # newest first: paper 10 from 2020 down to paper 19 from 2011
    old = "".join(items("https://example.org", range(n, n + 1), 2030 - n) for n in range(10, 20))
    path.write_text("Papers\n======\n\n" + old, encoding="utf-8")
    git(repo, "add", "README.rst")
    git(repo, "commit", "-qm", "papers")
    # a duplicate of an old entry at the end, and an older paper at the top (out of order)
    path.write_text(
        "Papers\n======\n\n"
        + items("https://example.org", range(99, 100), 2019)
        + old
        + items("https://example.org", range(12, 13), 2018),
        encoding="utf-8",
    )
    code = main(["--offline", "--diff-base", "HEAD", "--format", "json", str(path)])
    findings = json.loads(capsys.readouterr().out)
    assert code == 1
    # FL401 points at the new entry on line 4 (2019 above 2020), not at the old rows after it
    assert sorted((f["line"], f["code"]) for f in findings) == [(4, "FL401"), (15, "FL201")]
    assert "dated 2019 belongs above line 7 (dated 2018)" in findings[0]["message"]
    # without --diff-base the old problems of the file would be there too: none here
    main(["--offline", "--format", "json", str(path)])
    assert len(json.loads(capsys.readouterr().out)) == 2


@pytest.mark.parametrize(
    ("make_repo", "ref", "message"),
    [
        (False, "HEAD", "is not a commit of a git repository here"),
        (True, "no-such-ref", "'no-such-ref' is not a commit"),
    ],
)
def test_a_bad_base_is_one_line_and_exit_2(tmp_path, capsys, make_repo, ref, message) -> None:
    if make_repo:
        git(tmp_path, "init", "-q")
    path = tmp_path / "README.rst"
    path.write_text("* `A <https://example.org/a>`_\n", encoding="utf-8")
    assert main(["--offline", "--diff-base", ref, str(path)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and message in err


def commit_then_change(repo: pathlib.Path, before: str, after: str) -> pathlib.Path:
    path = repo / "README.rst"
    path.write_text(before, encoding="utf-8")
    git(repo, "add", "README.rst")
    git(repo, "commit", "-qm", "base")
    path.write_text(after, encoding="utf-8")
    return path


def test_a_very_long_line_cannot_hide_a_change(repo, capsys) -> None:
    base = "Papers\n======\n\n* `A Paper <https://example.org/a>`_ — ICML 2024\n"
    long_entry = "* `Long <https://example.org/long>`_ — ICML 2024 " + "x" * 10_001 + "\n"
    path = commit_then_change(repo, base, base + long_entry + base.splitlines()[-1] + "\n")
    code = main(["--offline", "--diff-base", "HEAD", "--format", "json", str(path)])
    findings = json.loads(capsys.readouterr().out)
    assert code == 1 and [(f["line"], f["code"]) for f in findings] == [(6, "FL201")]


def test_a_change_that_makes_the_file_unreadable_is_reported_whole(
    repo, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fmfl_lint import pipeline

    base = "Papers\n======\n\n* `A Paper <https://example.org/a>`_ — ICML 2024\n"
    monkeypatch.setattr(pipeline, "PARSE_SECONDS", 0.5)
    hostile = "".join(f".. |s{n}| replace:: " + f"|s{n - 1}| " * 8 + "\n" for n in range(1, 14))
    path = commit_then_change(repo, base, base + ".. |s0| replace:: x\n" + hostile + "\n|s13|\n")
    code = main(["--offline", "--diff-base", "HEAD", "--format", "json", str(path)])
    findings = json.loads(capsys.readouterr().out)
    assert code == 1 and [(f["line"], f["code"]) for f in findings] == [(1, "FL001")]


def dated(numbers_and_years: list[tuple[int, int]]) -> str:
    return "".join(
        f"* `Paper {n} <https://example.org/p/{n}>`_ — ICML {year}\n"
        for n, year in numbers_and_years
    )


#: newest first, but for paper 3 (2022) above paper 2 (2023): a disorder the base had already
OLD_ROWS = [(1, 2024), (3, 2022), (2, 2023), (4, 2021), (5, 2020)]


def test_a_correctly_placed_new_row_is_not_blamed_for_old_disorder(repo, capsys) -> None:
    heading = "Papers\n======\n\n"
    new_rows = [*OLD_ROWS[:3], (9, 2022), *OLD_ROWS[3:]]  # 2022 between 2023 and 2021
    path = commit_then_change(repo, heading + dated(OLD_ROWS), heading + dated(new_rows))
    assert main(["--offline", "--diff-base", "HEAD", "--select", "FL401", str(path)]) == 0
    assert "FL401" not in capsys.readouterr().out
    # the whole file still has its old disorder, reported at paper 2
    main(["--offline", "--select", "FL401", "--format", "json", str(path)])
    assert [f["line"] for f in json.loads(capsys.readouterr().out)] == [6]


def test_fix_with_a_diff_base_moves_only_the_rows_the_change_misplaced(repo, capsys) -> None:
    heading = "Papers\n======\n\n"
    # a new 2019 paper on top, and paper 4's date edited to 2025 in place
    edited = [(9, 2019), *OLD_ROWS[:3], (4, 2025), OLD_ROWS[4]]
    path = commit_then_change(repo, heading + dated(OLD_ROWS), heading + dated(edited))
    main(["--offline", "--diff-base", "HEAD", "--select", "FL401", "--format", "json", str(path)])
    [finding] = json.loads(capsys.readouterr().out)
    assert finding["line"] == 4
    assert "dated 2019 belongs below line 9 (dated 2020)" in finding["message"]
    main(["--offline", "--diff-base", "HEAD", "--select", "FL401", "--fix", str(path)])
    # paper 4 goes first, paper 9 last; the old rows keep their order, 2022 above 2023
    fixed = [(4, 2025), *OLD_ROWS[:3], OLD_ROWS[4], (9, 2019)]
    assert path.read_text(encoding="utf-8") == heading + dated(fixed)
