"""Source → parse → rules → suppressions → sorted findings (of what changed, if asked)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .changes import changed_lines
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


def touched_lines(doc: Document, since: str) -> frozenset[int]:
    """Lines changed since the text ``since``, and every line of an entry that has one."""
    changed = changed_lines(since, doc.text)
    touched = set(changed)
    for entry in doc.entries:
        lines = range(entry.first_line, entry.last_line + 1)
        if any(line in changed for line in lines):
            touched.update(lines)
    return frozenset(touched)


def lint_document(
    doc: Document, config: LintConfig, touched: frozenset[int] | None = None
) -> list[Finding]:
    """Every finding of the document; with ``touched`` (see :func:`touched_lines`), only
    those about what changed. Rules still compare the changed entries with the whole file."""
    findings: list[Finding] = []
    for rule in config.rules:
        checked = rule.check(doc, config.options)
        findings.extend(stamp(checked, rule, config.severities.get(rule.code)))
    findings = unsuppressed(findings, doc.suppressions)
    if touched is not None:
        findings = [f for f in findings if f.line in touched or touched.intersection(f.related)]
    return sorted(findings)


def lint_text(path: str, text: str, config: LintConfig, since: str | None = None) -> list[Finding]:
    """Every finding for the list ``text`` read from ``path`` (of what changed since the
    text ``since``, when given), in line order."""
    doc = parse(path, text)
    return lint_document(doc, config, touched_lines(doc, since) if since is not None else None)


def urls_to_check(doc: Document, touched: frozenset[int] | None = None) -> list[str]:
    """The URLs the network is asked about: all, or those written where the file changed."""
    return [url for url, span in doc.written_urls if touched is None or span.line in touched]
