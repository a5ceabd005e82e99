"""``fmfl-lint: disable=`` comments: what they name, and the findings they turn off."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from .model import Document, Finding, Suppression
from .registry import SelectionError, codes_for


def resolved(doc: Document) -> Document:
    """The document with each suppression's rule names and codes made codes.

    What names no rule suppresses nothing and becomes a problem of the comment (FL006).
    """
    suppressions = []
    for suppression in doc.suppressions:
        codes: set[str] = set()
        problems = list(suppression.problems)
        for name in sorted(suppression.codes):
            try:
                codes.update(codes_for(name))
            except SelectionError:
                problems.append(f"unknown rule '{name}' in suppression")
        suppressions.append(replace(suppression, codes=frozenset(codes), problems=tuple(problems)))
    return replace(doc, suppressions=tuple(suppressions))


def unsuppressed(findings: Iterable[Finding], suppressions: Iterable[Suppression]) -> list[Finding]:
    """The findings no suppression covers (its codes, between its lines)."""
    lines_off: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for scope in suppressions:
        for code in scope.codes:
            lines_off[code].append((scope.first_line, scope.last_line))
    covered = {code: _union(ranges) for code, ranges in lines_off.items()}
    return [f for f in findings if not _inside(f.line, covered.get(f.code, ([], [])))]


def _union(ranges: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Overlapping line ranges merged: their starts and ends, both ascending."""
    starts: list[int] = []
    ends: list[int] = []
    for first, last in sorted(ranges):
        if ends and first <= ends[-1] + 1:
            ends[-1] = max(ends[-1], last)
        else:
            starts.append(first)
            ends.append(last)
    return starts, ends


def _inside(line: int, merged: tuple[list[int], list[int]]) -> bool:
    starts, ends = merged
    index = bisect.bisect_right(starts, line) - 1
    return index >= 0 and line <= ends[index]
