"""The composite action (action.yml), its shell steps run in order as a runner would run them.

A fake GitHub environment: a pull request's checkout (a throwaway git repository with the
list on a base branch and a change on top), the files a runner gives each step (step
summary, outputs), and the action's ``${{ ... }}`` expressions substituted from a table
that fails on any expression it does not know. The ``uses:`` steps (setup-python, the
cache) are GitHub's to run and are skipped; the install step is checked, not run: the
package under test is already installed where this test runs, and a test installs nothing.
"""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
#: what setup-python would hand the later steps: an interpreter with fmfl-lint installed
BIN = pathlib.Path(sys.executable).parent
FMFL_LINT = shutil.which("fmfl-lint", path=str(BIN))

BASE_LIST = """\
Papers
======

* `Federated Prompt Tuning <https://arxiv.org/abs/2401.00001>`_ — ICML 2024
* `Federated Prompt Tuning <https://arxiv.org/pdf/2401.00001>`_ — ICML 2024
* `Split Learning for Adapters <https://arxiv.org/abs/2312.00002>`_ — NeurIPS 2023
"""
#: a pull request adding the same paper again (line 7); line 5's duplicate is old news
DUPLICATE_ROW = (
    "* `Split Learning for Adapters <https://arxiv.org/abs/2312.00002>`_ — NeurIPS 2023\n"
)
NEW_ROW = (
    "* `One-Shot Distillation of Vision Transformers <https://arxiv.org/abs/2311.00003>`_"
    " — ICLR 2024\n"
)

pytestmark = pytest.mark.skipif(FMFL_LINT is None, reason="fmfl-lint is not installed here")


def git(directory: pathlib.Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=directory,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done.stdout


def pull_request(tmp_path: pathlib.Path, added_row: str) -> pathlib.Path:
    """A checkout of a pull request into ``main`` that appends ``added_row`` to README.rst.

    ``origin`` is a bare repository on disk, so fetching the base touches no network."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    git(workspace, "init", "-q", "-b", "main")
    (workspace / "README.rst").write_text(BASE_LIST, encoding="utf-8")
    git(workspace, "add", "README.rst")
    git(workspace, "commit", "-q", "-m", "the list")
    git(workspace, "remote", "add", "origin", str(origin))
    git(workspace, "push", "-q", "origin", "main")
    git(workspace, "fetch", "-q", "origin")
    git(workspace, "checkout", "-q", "-b", "pull-request")
    with (workspace / "README.rst").open("a", encoding="utf-8") as stream:
        stream.write(added_row)
    git(workspace, "commit", "-q", "-am", "a paper")
    return workspace


@dataclass
class Run:
    """What one run of the action left behind."""

    exit_code: str
    failed_step: str | None
    stdout: str
    stderr: str
    summary: str
    outputs: dict[str, str]
    steps_run: list[str] = field(default_factory=list)


def substitute(text: str, known: dict[str, str]) -> str:
    """``text`` with each ``${{ expression }}`` replaced; an unknown expression fails."""

    def value(match: re.Match[str]) -> str:
        expression = match.group(1)
        assert expression in known, (
            f"action.yml uses an expression the test does not know: {expression}"
        )
        return known[expression]

    return EXPRESSION.sub(value, text)


def read_outputs(path: pathlib.Path) -> dict[str, str]:
    """A step's ``$GITHUB_OUTPUT`` file: ``name=value`` and ``name<<DELIMITER`` blocks."""
    outputs: dict[str, str] = {}
    lines = iter(path.read_text(encoding="utf-8").splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            outputs[name] = "\n".join(iter(lambda: next(lines), delimiter))
        elif line:
            name, value = line.split("=", 1)
            outputs[name] = value
    return outputs


def run_action(workspace: pathlib.Path, given: dict[str, str]) -> Run:
    """Run action.yml's shell steps in ``workspace`` on a pull_request event into ``main``."""
    tmp_path = pathlib.Path(tempfile.mkdtemp(prefix="runner-", dir=workspace.parent))
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    summary = tmp_path / "step-summary.md"
    summary.touch()
    known = {
        "github.token": "ghs_fake-token-of-the-run",
        "github.run_id": "4242",
        "github.run_attempt": "1",
        "github.job": "fmfl-lint",
        "runner.os": "Linux",
        "runner.temp": str(runner_temp),
        "steps.python.outputs.python-path": sys.executable,
    }
    unknown_inputs = set(given) - set(ACTION["inputs"])
    assert not unknown_inputs, f"not inputs of the action: {unknown_inputs}"
    for name, spec in ACTION["inputs"].items():
        known[f"inputs.{name}"] = given.get(name, substitute(str(spec.get("default", "")), known))
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GITHUB_", "RUNNER_", "INPUT_"))
    }
    environment.update(
        PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        CI="true",
        GITHUB_ACTIONS="true",
        GITHUB_ACTION_PATH=str(ROOT),
        GITHUB_WORKSPACE=str(workspace),
        GITHUB_EVENT_NAME="pull_request",
        GITHUB_BASE_REF="main",
        GITHUB_HEAD_REF="pull-request",
        GITHUB_STEP_SUMMARY=str(summary),
        GITHUB_ENV=str(tmp_path / "github-env"),
        GITHUB_PATH=str(tmp_path / "github-path"),
        RUNNER_TEMP=str(runner_temp),
        RUNNER_OS="Linux",
    )
    stdout, stderr, steps_run, failed_step = "", "", [], None
    for number, step in enumerate(ACTION["runs"]["steps"]):
        step_id = step.get("id", f"step{number}")
        if "uses" in step:
            # GitHub runs these; their expressions must still be ones the action can have
            substitute(yaml.safe_dump(step.get("with", {})), known)
            continue
        assert step["shell"] == "bash", step_id
        assert "if" not in step, f"{step_id}: the test runs every shell step"
        assert not EXPRESSION.search(step["run"]), f"{step_id}: an expression in a run: script"
        if step_id == "install":
            # what is installed is this checkout, the action's own files, and nothing named
            assert re.search(r'pip install [^\n]*"\$GITHUB_ACTION_PATH"\n', step["run"])
            known["steps.install.outputs.executable"] = str(FMFL_LINT)
            continue
        output = tmp_path / f"github-output-{step_id}"  # each step gets a file of its own
        output.touch()
        env = {name: substitute(str(value), known) for name, value in step["env"].items()}
        script = tmp_path / f"{step_id}.sh"
        script.write_text(step["run"], encoding="utf-8")
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", str(script)],
            cwd=workspace,
            env={**environment, **env, "GITHUB_OUTPUT": str(output)},
            capture_output=True,
            text=True,
            timeout=120,
        )
        steps_run.append(step_id)
        stdout += done.stdout
        stderr += done.stderr
        for name, value in read_outputs(output).items():
            known[f"steps.{step_id}.outputs.{name}"] = value
        if done.returncode != 0:
            failed_step = step_id
            assert step_id == "lint", f"{step_id} failed: {done.stderr}"
            break
    unset = {"steps.lint.outputs.exit_code": ""}  # as GitHub has it when the step never wrote it
    outputs = {
        name: substitute(spec["value"], {**unset, **known})
        for name, spec in ACTION["outputs"].items()
    }
    return Run(
        exit_code=outputs["exit_code"],
        failed_step=failed_step,
        stdout=stdout,
        stderr=stderr,
        summary=summary.read_text(encoding="utf-8"),
        outputs=outputs,
        steps_run=steps_run,
    )


OFFLINE = {"check-links": "false"}


def test_a_pull_request_adding_a_duplicate_fails_with_annotations_and_a_summary(
    tmp_path: pathlib.Path,
) -> None:
    workspace = pull_request(tmp_path, DUPLICATE_ROW)
    run = run_action(workspace, OFFLINE)
    assert run.steps_run == ["prepare", "lint"]
    assert run.exit_code == "1"
    assert run.failed_step == "lint"
    annotations = [line for line in run.stdout.splitlines() if line.startswith("::")]
    # only the row the pull request adds: line 5's duplicate was there before it
    assert annotations == [
        "::error file=README.rst,line=7,col=33,title=FL201 duplicate-entry::"
        "same paper as line 6 ('Split Learning for Adapters') in this section"
    ]
    assert "| file | line | rule | severity | message |" in run.summary
    assert "| README.rst | 7 | FL201 duplicate-entry | error |" in run.summary


def test_a_clean_pull_request_passes(tmp_path: pathlib.Path) -> None:
    workspace = pull_request(tmp_path, NEW_ROW)
    run = run_action(workspace, OFFLINE)
    assert run.failed_step is None
    assert run.exit_code == "0"
    assert "No problems found." in run.summary
    assert not [line for line in run.stdout.splitlines() if line.startswith("::")]


def test_fail_on_never_reports_and_passes(tmp_path: pathlib.Path) -> None:
    workspace = pull_request(tmp_path, DUPLICATE_ROW)
    run = run_action(workspace, {**OFFLINE, "fail-on": "never"})
    assert run.failed_step is None
    assert run.exit_code == "0"
    assert "::error file=README.rst,line=7," in run.stdout
    assert "| README.rst | 7 | FL201 duplicate-entry | error |" in run.summary


def test_with_check_links_the_cache_dir_is_the_one_actions_cache_keeps(
    tmp_path: pathlib.Path,
) -> None:
    """check-links (the default) drops --offline and passes --cache-dir; selecting only
    offline rules keeps this run off the network."""
    workspace = pull_request(tmp_path, DUPLICATE_ROW)
    run = run_action(workspace, {"args": "--select FL2"})
    assert run.exit_code == "1", run.stderr
    assert "::error file=README.rst,line=7," in run.stdout
    assert "links:" not in run.stderr  # no link was asked
    lint = next(step for step in ACTION["runs"]["steps"] if step.get("id") == "lint")
    cached = [
        step["with"]["path"] for step in ACTION["runs"]["steps"] if "cache" in step.get("uses", "")
    ]
    assert cached == [lint["env"]["CACHE_DIR"]] * 2  # restored, used, saved: one directory


def test_without_changed_only_the_whole_file_is_checked(tmp_path: pathlib.Path) -> None:
    workspace = pull_request(tmp_path, NEW_ROW)
    run = run_action(workspace, {**OFFLINE, "changed-only": "false"})
    assert run.exit_code == "1"
    assert "::error file=README.rst,line=5," in run.stdout


def test_the_base_is_fetched_when_the_checkout_lacks_it(tmp_path: pathlib.Path) -> None:
    workspace = pull_request(tmp_path, DUPLICATE_ROW)
    git(workspace, "update-ref", "-d", "refs/remotes/origin/main")
    run = run_action(workspace, OFFLINE)
    assert (
        git(workspace, "rev-parse", "origin/main").strip()
        == git(workspace, "rev-parse", "main").strip()
    )
    assert run.exit_code == "1"
    assert "line=5," not in run.stdout  # still only what the pull request changed


def test_a_base_that_cannot_be_fetched_is_an_error_not_a_full_check(tmp_path: pathlib.Path) -> None:
    workspace = pull_request(tmp_path, NEW_ROW)
    git(workspace, "update-ref", "-d", "refs/remotes/origin/main")
    git(workspace, "remote", "set-url", "origin", str(tmp_path / "gone.git"))
    run = run_action(workspace, OFFLINE)
    assert run.exit_code == "2"
    assert "::error title=fmfl-lint::cannot fetch origin/main" in run.stdout


def test_files_and_args_are_split_into_words_and_never_run(tmp_path: pathlib.Path) -> None:
    workspace = pull_request(tmp_path, DUPLICATE_ROW)
    (workspace / "other.rst").write_text(BASE_LIST, encoding="utf-8")
    given = {
        **OFFLINE,
        "changed-only": "false",
        "files": "README.rst\n  other.rst",
        "args": "--ignore FL201   --select FL2 $(touch pwned) ;touch pwned2",
    }
    run = run_action(workspace, given)
    # every word reached fmfl-lint as an argument, none was run by a shell
    assert run.exit_code == "2"
    assert "fmfl-lint: error: $(touch: no such file" in run.stderr
    assert "fmfl-lint: error: ;touch: no such file" in run.stderr
    assert not (workspace / "pwned").exists()
    assert not (workspace / "pwned2").exists()
    run = run_action(workspace, {**given, "args": "--ignore FL201"})
    assert run.exit_code == "0"  # both files were checked: other.rst's duplicate is FL201 too


def test_without_files_the_readme_that_exists_is_checked(tmp_path: pathlib.Path) -> None:
    workspace = pull_request(tmp_path, DUPLICATE_ROW)
    git(workspace, "mv", "README.rst", "README.md")
    (workspace / "README.md").write_text(
        "## Papers\n\n"
        "- [Split Learning for Adapters](https://arxiv.org/abs/2312.00002) - NeurIPS 2023\n"
        "- [Split Learning for Adapters](https://arxiv.org/abs/2312.00002) - NeurIPS 2023\n",
        encoding="utf-8",
    )
    run = run_action(workspace, {**OFFLINE, "changed-only": "false"})
    assert run.exit_code == "1"
    assert "::error file=README.md,line=4," in run.stdout
    (workspace / "README.md").unlink()
    run = run_action(workspace, {**OFFLINE, "changed-only": "false"})
    assert run.exit_code == "2"
    assert "there is no README.rst or README.md to check" in run.stdout


def test_sarif_file_and_the_token_reach_fmfl_lint(tmp_path: pathlib.Path) -> None:
    workspace = pull_request(tmp_path, DUPLICATE_ROW)
    sarif = tmp_path / "fmfl-lint.sarif"
    run = run_action(workspace, {**OFFLINE, "sarif-file": str(sarif)})
    assert run.exit_code == "1"
    assert '"ruleId": "FL201"' in sarif.read_text(encoding="utf-8")
    lint = next(step for step in ACTION["runs"]["steps"] if step.get("id") == "lint")
    assert lint["env"]["GITHUB_TOKEN"] == "${{ inputs.token }}"
    others = [step for step in ACTION["runs"]["steps"] if step is not lint]
    assert not any("token" in yaml.safe_dump(step) for step in others)


def test_every_action_it_uses_is_pinned_to_a_commit() -> None:
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    uses = re.findall(r"^\s+(?:- )?uses: (\S+)(.*)$", text, re.MULTILINE)
    assert uses
    for action, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r" # v\d+(\.\d+)*", comment), action
