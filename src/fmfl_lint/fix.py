"""Apply fixes: only the reported text changes, and files are replaced atomically."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable

from .model import Edit, Finding

#: each pass applies the fixes that do not overlap; the rest wait for a fresh parse
MAX_PASSES = 10


class FixError(Exception):
    """A fixed file could not be written; the original is untouched."""


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.start == a.end or b.start == b.end:  # two insertions at one place would race
        return a.start <= b.end and b.start <= a.end
    return a.start < b.end and b.start < a.end


def apply_fixes(text: str, findings: list[Finding]) -> tuple[str, int]:
    """Apply every fix that overlaps no fix applied before it; return the text and count."""
    accepted: list[Edit] = []
    applied = 0
    for finding in findings:
        if finding.fix is None:
            continue
        # the pipeline has written every fix's changes as edits (see pipeline._written)
        edits = [e for e in finding.fix.changes if isinstance(e, Edit) and e not in accepted]
        if any(_overlaps(edit, other) for edit in edits for other in accepted):
            continue
        accepted.extend(edits)
        applied += 1
    for edit in sorted(accepted, key=lambda e: (e.start, e.end), reverse=True):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text, applied


def fix_text(
    text: str, lint: Callable[[str], list[Finding]], findings: list[Finding] | None = None
) -> tuple[str, int, list[Finding]]:
    """Fix ``text`` until nothing fixable is left; return it, the fix count and what remains.

    ``findings`` are the text's own when the caller has them already.
    """
    fixed = 0
    findings = lint(text) if findings is None else findings
    for _ in range(MAX_PASSES):
        text_after, applied = apply_fixes(text, findings)
        if not applied or text_after == text:
            break
        text, fixed = text_after, fixed + applied
        findings = lint(text)
    return text, fixed, findings


def write_atomically(path: str, data: bytes, expected: bytes) -> None:
    """Replace the file at ``path`` with ``data`` unless it no longer holds ``expected``.

    A symbolic link stays a link: the file it points to is replaced. A read-only file is
    not rewritten. Nothing is left behind when the write fails.
    """
    target = os.path.realpath(path)
    try:
        with open(target, "rb") as handle:
            if handle.read() != expected:
                raise FixError(f"{path}: changed while being checked; not fixed, run again")
        mode = os.stat(target).st_mode & 0o7777
        if not mode & stat.S_IWUSR:  # marked read-only by its owner (root may write anyway)
            raise FixError(f"{path}: is read-only; not fixed")
        descriptor, temporary = tempfile.mkstemp(prefix=".fmfl-lint-", dir=os.path.dirname(target))
    except OSError as error:
        raise FixError(f"{path}: cannot be written ({error.strerror or error})") from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise FixError(f"{path}: cannot be written ({error.strerror or error})") from None
