"""The ways in: the pre-commit hooks and the GitHub workflows, as a user meets them."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).parent.parent
LIST_WITH_A_DUPLICATE = """\
Papers
======

* `A Paper <https://arxiv.org/abs/2401.00001>`_ — ICML 2024
* `A Paper <https://arxiv.org/pdf/2401.00001>`_ — ICML 2024
"""


def git(directory: pathlib.Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=directory, check=True, capture_output=True, timeout=60)


@pytest.mark.skipif(
    shutil.which("pre-commit") is None
    and not (pathlib.Path(sys.executable).parent / "pre-commit").exists(),
    reason="pre-commit is not installed",
)
def test_pre_commit_hook_fails_on_a_defect_and_passes_after_fix(tmp_path: pathlib.Path) -> None:
    repo = tmp_path / "awesome-list"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "README.rst").write_text(LIST_WITH_A_DUPLICATE, encoding="utf-8")
    git(repo, "add", "README.rst")
    pre_commit = shutil.which("pre-commit") or str(
        pathlib.Path(sys.executable).parent / "pre-commit"
    )
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}

    def hook() -> subprocess.CompletedProcess[str]:
        command = [pre_commit, "try-repo", str(ROOT), "fmfl-lint", "--files", "README.rst"]
        return subprocess.run(
            command, cwd=repo, env=env, capture_output=True, text=True, timeout=600
        )

    failed = hook()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "README.rst:5:13: FL201" in failed.stdout
    subprocess.run(
        [sys.executable, "-m", "fmfl_lint", "--offline", "--fix", "README.rst"],
        cwd=repo,
        capture_output=True,
        timeout=60,
    )
    passed = hook()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
