"""Drop the findings that ``.. fmfl-lint: disable=`` comments turn off."""

from __future__ import annotations

from collections.abc import Iterable

from .model import Finding, Suppression


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
