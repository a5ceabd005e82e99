"""Source → parse → rules → suppressions → sorted findings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .model import Document, Finding
from .parse import parse
from .rules import Options, Rule, stamp
from .suppress import unsuppressed


@dataclass(frozen=True)
class LintConfig:
    """Which rules run, how they are told, and severities that differ from the defaults."""

    rules: Sequence[Rule]
    options: Options = field(default_factory=Options)
    severities: Mapping[str, str] = field(default_factory=dict)


def lint_document(doc: Document, config: LintConfig) -> list[Finding]:
    findings: list[Finding] = []
    for rule in config.rules:
        checked = rule.check(doc, config.options)
        findings.extend(stamp(checked, rule, config.severities.get(rule.code)))
    return sorted(unsuppressed(findings, doc.suppressions))


def lint_text(path: str, text: str, config: LintConfig) -> list[Finding]:
    """Every finding for the list ``text`` read from ``path``, in line order."""
    return lint_document(parse(path, text), config)
