"""Output formats: a name → writer table. Writers only format findings."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TextIO

import click

from .model import Finding
from .sarif import write_sarif

Writer = Callable[[Sequence[Finding], TextIO, bool], None]


def write_text(findings: Sequence[Finding], out: TextIO, color: bool) -> None:
    """``path:line:col: CODE message [name]``, one finding a line."""
    for f in findings:
        location = f"{f.path}:{f.line}:{f.column}:"
        code = f.code
        if color:
            location = click.style(location, bold=True)
            code = click.style(code, fg="red" if f.severity == "error" else "yellow", bold=True)
        message = " ".join(f.message.split())  # one finding, one line
        out.write(f"{location} {code} {message} [{f.name}]\n")


def as_dict(finding: Finding) -> dict[str, object]:
    record: dict[str, object] = {
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity,
        "message": finding.message,
    }
    if finding.url is not None:
        record["url"] = finding.url
    if finding.fix is not None:
        record["fix"] = {"description": finding.fix.description}
    return record


def write_json(findings: Sequence[Finding], out: TextIO, color: bool) -> None:
    """A JSON list of findings (see the README for the fields)."""
    json.dump([as_dict(f) for f in findings], out, indent=2, ensure_ascii=False)
    out.write("\n")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def write_github(findings: Sequence[Finding], out: TextIO, color: bool) -> None:
    """GitHub Actions workflow commands: annotations on the lines of a pull request."""
    for f in findings:
        level = "error" if f.severity == "error" else "warning"
        properties = ",".join(
            f"{key}={_escape_property(str(value))}"
            for key, value in (
                ("file", f.path),
                ("line", f.line),
                ("col", f.column),
                ("title", f"{f.code} {f.name}"),
            )
        )
        out.write(f"::{level} {properties}::{_escape_data(f.message)}\n")


#: GitHub keeps a step summary under 1 MiB; past this many rows the table says how many more
SUMMARY_ROWS = 500


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def counts(findings: Sequence[Finding]) -> str:
    """``15 problems (10 errors, 5 warnings) in 1 file``."""
    errors = sum(1 for f in findings if f.severity == "error")
    files = len({f.path for f in findings})
    return (
        f"{plural(len(findings), 'problem')} ({plural(errors, 'error')}, "
        f"{plural(len(findings) - errors, 'warning')}) in {plural(files, 'file')}"
    )


def plural(number: int, noun: str) -> str:
    """``1 problem``, ``2 problems``."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def markdown_summary(findings: Sequence[Finding]) -> str:
    """A Markdown table of the findings, for a pull request's step summary."""
    if not findings:
        return "### fmfl-lint\n\nNo problems found.\n"
    lines = [
        "### fmfl-lint",
        "",
        f"Found {counts(findings)}.",
        "",
        "| file | line | rule | severity | message |",
        "|---|---:|---|---|---|",
    ]
    for f in findings[:SUMMARY_ROWS]:
        rule = f"{f.code} {f.name}"
        lines.append(f"| {_cell(f.path)} | {f.line} | {rule} | {f.severity} | {_cell(f.message)} |")
    if len(findings) > SUMMARY_ROWS:
        lines += ["", f"… and {len(findings) - SUMMARY_ROWS} more."]
    return "\n".join(lines) + "\n"


FORMATS: dict[str, Writer] = {
    "text": write_text,
    "json": write_json,
    "github": write_github,
    "sarif": lambda findings, out, color: write_sarif(findings, out),
}
