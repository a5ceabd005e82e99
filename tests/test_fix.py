from __future__ import annotations

import json
import os
import pathlib
import stat

import pytest

from fmfl_lint.cli import main
from fmfl_lint.fix import FixError, apply_fixes, write_atomically
from fmfl_lint.model import Edit, Finding, Fix

from .conftest import CASES, HERE


def finding(line: int, *edits: Edit) -> Finding:
    return Finding("f", line, 1, "FL000", fix=Fix("x", edits))


def test_overlapping_fixes_wait_and_identical_edits_apply_once() -> None:
    text = "abcdef"
    findings = [
        finding(1, Edit(0, 2, "AB")),
        finding(2, Edit(1, 3, "??")),  # overlaps the first: left for the next pass
        finding(3, Edit(4, 4, "<"), Edit(6, 6, ">")),
        finding(4, Edit(4, 4, "<"), Edit(6, 6, ">")),  # the same edits again
    ]
    assert apply_fixes(text, findings) == ("ABcd<ef>", 3)


def copy(tmp_path: pathlib.Path, source: pathlib.Path) -> pathlib.Path:
    target = tmp_path / source.name
    target.write_bytes(source.read_bytes())
    return target


def findings_of(path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    main(["--offline", "--format", "json", str(path)])
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(
    "case",
    [
        HERE / "examples" / "defects.rst",
        *(CASES / f"{n}.rst" for n in ("ordering", "badges", "aligned", "dates")),
    ],
    ids=lambda p: p.stem,
)
def test_fix_repairs_what_it_reports_and_a_second_run_changes_nothing(
    tmp_path: pathlib.Path, case: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = copy(tmp_path, case)
    before = findings_of(path, capsys)
    assert any("fix" in f for f in before)
    main(["--offline", "--fix", str(path)])
    capsys.readouterr()
    once = path.read_bytes()
    after = findings_of(path, capsys)
    assert not any("fix" in f for f in after)
    unfixable = sorted(f["code"] for f in before if "fix" not in f)
    assert sorted(f["code"] for f in after) == unfixable
    main(["--offline", "--fix", str(path)])
    assert path.read_bytes() == once


def test_fix_on_the_defects_list(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = copy(tmp_path, HERE / "examples" / "defects.rst")
    status = main(["--offline", "--format", "json", "--fix", str(path)])
    remaining = {f["code"] for f in json.loads(capsys.readouterr().out)}
    assert status == 1
    # fixed: the badge link (FL503), row order (FL401), the duplicate row (FL201, which
    # takes its odd venue spelling FL004 with it) and the badge id (FL301 at line 95)
    assert remaining == {
        "FL001",
        "FL002",
        "FL003",
        "FL005",
        "FL203",
        "FL204",
        "FL301",
        "FL302",
        "FL303",
    }
    text = path.read_text(encoding="utf-8")
    assert '<a href="https://github.com/example-lab/distill-fl"><img src=' in text
    assert "arXiv-2401.03333-b31b1b.svg" in text
    assert text.count("One-Shot Federated Distillation") == 1


def test_fix_keeps_crlf_bom_and_permissions(tmp_path: pathlib.Path) -> None:
    text = (CASES / "badges.rst").read_text(encoding="utf-8").replace("\n", "\r\n")
    path = tmp_path / "list.rst"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    os.chmod(path, 0o640)
    assert main(["--offline", "--fix", str(path)]) == 0
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b":target: https://github.com/owner/repo-d\r\n" in data
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640


def test_no_write_when_nothing_changes(tmp_path: pathlib.Path) -> None:
    path = copy(tmp_path, HERE / "examples" / "clean.rst")
    os.utime(path, (1, 1))
    assert main(["--offline", "--fix", str(path)]) == 0
    assert os.stat(path).st_mtime == 1


def test_a_file_changed_underneath_is_left_alone(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "list.rst"
    path.write_bytes(b"new content")
    with pytest.raises(FixError, match="changed while being checked"):
        write_atomically(str(path), b"fixed", expected=b"old content")
    assert path.read_bytes() == b"new content"
    assert [p.name for p in tmp_path.iterdir()] == ["list.rst"]


def test_fix_in_a_read_only_directory_is_one_line_and_keeps_the_file(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if os.geteuid() == 0:
        # root writes anywhere: make the file read-only instead, which fix checks itself
        path = copy(tmp_path, HERE / "examples" / "defects.rst")
        path.chmod(0o444)
    else:
        directory = tmp_path / "ro"
        directory.mkdir()
        path = copy(directory, HERE / "examples" / "defects.rst")
        directory.chmod(0o555)
    before = path.read_bytes()
    assert main(["--offline", "--fix", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"fmfl-lint: error: {path}:")
    assert path.read_bytes() == before


def test_fix_through_a_symlink_rewrites_its_target_and_keeps_the_link(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = copy(tmp_path, CASES / "badges.rst")
    link = tmp_path / "README.rst"
    link.symlink_to(target.name)
    main(["--offline", "--fix", str(link)])
    assert link.is_symlink() and os.readlink(link) == target.name
    assert target.read_bytes() != (CASES / "badges.rst").read_bytes()


def test_a_fifo_is_refused_at_once(tmp_path: pathlib.Path, capsys) -> None:
    fifo = tmp_path / "list.rst"
    os.mkfifo(fifo)
    assert main(["--offline", str(fifo)]) == 2
    assert capsys.readouterr().err == f"fmfl-lint: error: {fifo}: is not a regular file\n"


def test_in_ci_a_list_linked_out_of_the_checkout_is_refused(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    outside = tmp_path / "outside.rst"
    outside.write_text("* `A <https://example.org/a>`_\n", encoding="utf-8")
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    (checkout / "README.rst").symlink_to(outside)
    (checkout / "inside.rst").write_text("* `B <https://example.org/b>`_\n", encoding="utf-8")
    (checkout / "LINKED.rst").symlink_to("inside.rst")
    monkeypatch.chdir(checkout)
    monkeypatch.setenv("CI", "true")
    assert main(["--offline", "README.rst"]) == 2
    assert "outside the checkout; not read in CI" in capsys.readouterr().err
    assert main(["--offline", "LINKED.rst"]) == 0  # a link inside the checkout is fine
    monkeypatch.delenv("CI")
    assert main(["--offline", "README.rst"]) == 0  # by hand, the user's own links are theirs
