"""The ways in: the pre-commit hooks and the GitHub workflows, as a user meets them."""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest
import yaml

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


WORKFLOWS = ROOT / ".github" / "workflows"


def load_yaml(path: pathlib.Path) -> dict:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document.setdefault("on", document.pop(True, None))  # YAML 1.1 reads `on:` as true
    return document


def test_the_reusable_workflow_asks_only_to_read() -> None:
    """GitHub checks a called workflow's job permissions before its `if:`: a job asking for
    more than the caller grants fails the whole call, forks' pull requests included."""
    workflow = load_yaml(WORKFLOWS / "fmfl-lint.yml")
    assert workflow["permissions"] == {"contents": "read"}
    for job in workflow["jobs"].values():
        assert job["permissions"] == {"contents": "read"}


def test_only_the_sarif_workflow_writes_security_events() -> None:
    for path in WORKFLOWS.glob("*.yml"):
        workflow = load_yaml(path)
        granted = [workflow.get("permissions") or {}]
        granted += [job.get("permissions") or {} for job in workflow["jobs"].values()]
        writes = any(p.get("security-events") == "write" for p in granted if isinstance(p, dict))
        assert writes == (path.name == "fmfl-lint-sarif.yml"), path.name


def test_the_reusable_workflows_hand_their_inputs_to_the_action() -> None:
    action = load_yaml(ROOT / "action.yml")
    for name in ("fmfl-lint.yml", "fmfl-lint-sarif.yml"):
        workflow = load_yaml(WORKFLOWS / name)
        inputs = workflow["on"]["workflow_call"]["inputs"]
        (job,) = workflow["jobs"].values()
        (step,) = [step for step in job["steps"] if step.get("uses") == "./.fmfl-lint-action"]
        for key in inputs:
            assert key in action["inputs"], f"{name}: {key} is no input of the action"
            assert step["with"][key] == f"${{{{ inputs.{key} }}}}", f"{name}: {key}"
        # the action it runs is the fmfl-lint of this workflow's own commit
        (checkout,) = [
            s for s in job["steps"] if s.get("with", {}).get("path") == ".fmfl-lint-action"
        ]
        assert checkout["with"]["repository"] == "${{ job.workflow_repository }}"
        assert checkout["with"]["ref"] == "${{ job.workflow_sha }}"


def test_a_version_tag_publishes_and_only_that_job_may_mint_a_token() -> None:
    release = load_yaml(WORKFLOWS / "release.yml")
    assert release["on"] == {"push": {"tags": ["v*"]}}
    assert release["permissions"] == {}
    jobs = release["jobs"]
    assert jobs["publish"]["permissions"] == {"id-token": "write"}
    assert jobs["publish"]["environment"]["name"] == "pypi"
    assert [name for name, job in jobs.items() if "id-token" in job.get("permissions", {})] == [
        "publish"
    ]
    assert any(step.get("run") == "python -m build" for step in jobs["build"]["steps"])


def test_every_action_used_is_pinned_to_a_commit() -> None:
    for path in [ROOT / "action.yml", *WORKFLOWS.glob("*.yml")]:
        for line in path.read_text(encoding="utf-8").splitlines():
            used = re.match(r"\s+(?:- )?uses: (\S+)(.*)", line)
            if used and not used.group(1).startswith("./"):
                action, comment = used.groups()
                assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", action), line
                assert re.fullmatch(r" # v\d+(\.\d+)*", comment), line
