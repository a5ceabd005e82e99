"""``fmfl-lint: disable=`` comments: what they name, and the findings they turn off."""

from __future__ import annotations

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
    scopes = [s for s in suppressions if s.codes]
    return [
        finding
        for finding in findings
        if not any(
            finding.code in scope.codes and scope.first_line <= finding.line <= scope.last_line
            for scope in scopes
        )
    ]
