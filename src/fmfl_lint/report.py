"""Output formats: a name → writer table. Writers only format findings."""

from __future__ import annotations

import csv
import difflib
import html
import json
import re
from collections.abc import Callable, Sequence
from typing import TextIO

import click

from .model import Entry, Finding, lines_of
from .rules import Rule
from .sarif import write_sarif

Writer = Callable[[Sequence[Finding], TextIO, bool], None]

#: control characters (ESC, CR, LF, form feed, NEL, line and paragraph separators...)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """``text`` safe to print on one line of a terminal or a CI log: every run of
    whitespace (newlines, tabs, line separators) one space, every other control character
    shown as an escape. A title from a list can hold ESC sequences, and a newline there
    would start a new log line (or a workflow command)."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", " ".join(text.split()))


def write_text(findings: Sequence[Finding], out: TextIO, color: bool) -> None:
    """``path:line:col: CODE message [name]``, one finding a line, errors first."""
    for f in errors_first(findings):
        location = f"{one_line(f.path)}:{f.line}:{f.column}:"
        code = f.code
        if color:
            location = click.style(location, bold=True)
            code = click.style(code, fg="red" if f.severity == "error" else "yellow", bold=True)
        out.write(f"{location} {code} {one_line(f.message)} [{f.name}]\n")


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
    """GitHub's escaping of a workflow command's message (so it cannot end the line)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def write_github(findings: Sequence[Finding], out: TextIO, color: bool) -> None:
    """GitHub Actions workflow commands: annotations on the lines of a pull request.

    Errors come first: GitHub shows only the first ten annotations of each kind a step.
    """
    for f in errors_first(findings):
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
        out.write(f"::{level} {properties}::{_escape_data(one_line(f.message))}\n")


#: GitHub keeps a step summary under 1 MiB; past this many rows the table says how many more
SUMMARY_ROWS = 500


#: characters that Markdown or HTML would read as markup in a step summary's table cell
_MARKUP = re.compile(r"([\\`*_{}\[\]()#+!|~-])")


def _cell(text: str) -> str:
    """Text shown as text in a Markdown table cell: no live links, HTML or emphasis."""
    plain = html.escape(one_line(text), quote=False)
    return _MARKUP.sub(r"\\\1", plain)


def counts(findings: Sequence[Finding]) -> str:
    """``15 problems (10 errors, 5 warnings) in 1 file``."""
    errors = sum(1 for f in findings if f.severity == "error")
    files = len({f.path for f in findings})
    return (
        f"{plural(len(findings), 'problem')} ({plural(errors, 'error')}, "
        f"{plural(len(findings) - errors, 'warning')}) in {plural(files, 'file')}"
    )


def plural(number: int, noun: str, nouns: str = "") -> str:
    """``1 problem``, ``2 problems`` (``nouns`` where the plural is not noun + s)."""
    return f"{number} {noun if number == 1 else nouns or noun + 's'}"


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


#: the columns of ``fmfl-lint entries``
ENTRY_COLUMNS = ("path", "line", "section", "title", "url", "venue", "date", "links")


def entry_record(path: str, entry: Entry) -> dict[str, object]:
    """An entry as ``fmfl-lint entries`` shows it."""
    return {
        "path": path,
        "line": entry.line,
        "section": " / ".join(entry.section),
        "title": entry.title.text if entry.title else "",
        "url": entry.url.url if entry.url else "",
        "venue": entry.venue.text if entry.venue else "",
        "date": entry.date.text if entry.date else "",
        "links": [link.url for link in entry.links],
    }


def _entries_text(rows: Sequence[dict[str, object]], out: TextIO) -> None:
    for row in rows:
        where = f"{row['path']}:{row['line']}:"
        facts = " | ".join(str(row[key]) for key in ("section", "venue", "date") if row[key])
        out.write(f"{where} {row['title'] or '(no title)'} <{row['url'] or 'no link'}>")
        out.write(f"  [{facts}]\n" if facts else "\n")
    out.write(f"{plural(len(rows), 'entry', 'entries')}\n")


def _entries_json(rows: Sequence[dict[str, object]], out: TextIO) -> None:
    json.dump(list(rows), out, indent=2, ensure_ascii=False)
    out.write("\n")


def _entries_csv(rows: Sequence[dict[str, object]], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=ENTRY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        links = row["links"]
        writer.writerow({**row, "links": " ".join(links) if isinstance(links, list) else ""})


ENTRY_FORMATS: dict[str, Callable[[Sequence[dict[str, object]], TextIO], None]] = {
    "text": _entries_text,
    "json": _entries_json,
    "csv": _entries_csv,
}


def errors_first(findings: Sequence[Finding]) -> list[Finding]:
    """Errors before warnings, each in file order: what fails the run is read first (and
    is what CI shows when it caps annotations)."""
    return sorted(findings, key=lambda f: (f.severity != "error", f))


def statistics(findings: Sequence[Finding]) -> str:
    """How many findings each rule made, most first: ``  47  FL503  badge-without-link``."""
    tally: dict[tuple[str, str], int] = {}
    for f in findings:
        tally[f.code, f.name] = tally.get((f.code, f.name), 0) + 1
    rows = sorted(tally.items(), key=lambda item: (-item[1], item[0]))
    width = len(str(rows[0][1])) if rows else 1
    return "".join(f"{count:>{width}}  {code}  {name}\n" for (code, name), count in rows)


def summary_line(findings: Sequence[Finding], entries: int, files: int) -> str:
    """The last line of the text output: what was found, in how much."""
    read = plural(entries, "entry", "entries")
    if not findings:
        return f"No problems found in {read} ({plural(files, 'file')})."
    fixable = sum(1 for f in findings if f.fix is not None)
    return f"Found {counts(findings)}; {read} read." + (
        f" {fixable} can be fixed with --fix." if fixable else ""
    )


def unified_diff(path: str, before: str, after: str) -> str:
    """What --fix would change in a file, as a unified diff."""
    lines = difflib.unified_diff(
        lines_of(before, keepends=True),
        lines_of(after, keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _rules_text(rules: Sequence[Rule]) -> str:
    lines = []
    for r in rules:
        traits = " ".join(
            t for t, on in (("online", r.online), ("fix", r.fixable), ("off", not r.default)) if on
        )
        lines.append(f"{r.code}  {r.name:<26} {r.severity:<8} {traits:<14} {r.summary}\n")
    return "".join(lines)


def _rules_markdown(rules: Sequence[Rule]) -> str:
    lines = [
        "| code | name | severity | online | fix | what it finds |\n",
        "|---|---|---|---|---|---|\n",
    ]
    for r in rules:
        severity = r.severity if r.default else f"{r.severity} (off by default)"
        online, fixable = ("yes" if r.online else ""), ("yes" if r.fixable else "")
        lines.append(f"| {r.code} | {r.name} | {severity} | {online} | {fixable} | {r.summary} |\n")
    return "".join(lines)


def _rules_json(rules: Sequence[Rule]) -> str:
    records = [
        {
            "code": r.code,
            "name": r.name,
            "severity": r.severity,
            "online": r.online,
            "fixable": r.fixable,
            "default": r.default,
            "summary": r.summary,
            "explanation": r.explanation,
        }
        for r in rules
    ]
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"


#: ``fmfl-lint rules --format NAME``
RULE_FORMATS: dict[str, Callable[[Sequence[Rule]], str]] = {
    "text": _rules_text,
    "markdown": _rules_markdown,
    "json": _rules_json,
}
