"""What a pull request changed: the file as it was at a git ref, and the lines since."""

from __future__ import annotations

import difflib
import os
import subprocess

from .model import lines_of


class ChangesError(Exception):
    """The base version cannot be read (not a git repository, an unknown ref)."""


def base_version(path: str, ref: str) -> str:
    """The text of ``path`` at ``ref``; '' when the file did not exist there."""
    directory = os.path.dirname(os.path.abspath(path))
    try:
        top = _git(directory, "rev-parse", "--show-toplevel").strip()
        _git(directory, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except ChangesError:
        raise ChangesError(
            f"--diff-base: '{ref}' is not a commit of a git repository here"
        ) from None
    relative = os.path.relpath(os.path.abspath(path), top).replace(os.sep, "/")
    try:
        return _git(top, "show", f"{ref}:{relative}")
    except ChangesError:
        return ""  # a file the pull request adds: every line of it is new


def _git(directory: str, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args], cwd=directory, capture_output=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ChangesError(f"git: {error}") from None
    if done.returncode != 0:
        raise ChangesError(done.stderr.decode("utf-8", "replace").strip())
    return done.stdout.decode("utf-8", "replace")


def changed_lines(base: str, text: str) -> frozenset[int]:
    """Lines of ``text`` (1-based) that are new or changed since ``base``.

    Where lines were only removed, the line that now stands in their place counts as
    changed: the entry around it is not what it was.
    """
    old, new = lines_of(base), lines_of(text)
    changed: set[int] = set()
    for kind, _, _, start, end in difflib.SequenceMatcher(
        None, old, new, autojunk=False
    ).get_opcodes():
        if kind in ("replace", "insert"):
            changed.update(range(start + 1, end + 1))
        elif kind == "delete":
            changed.add(min(start + 1, max(len(new), 1)))
    return frozenset(changed)
