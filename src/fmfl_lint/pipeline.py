"""One run, start to end: the library's entry point (:func:`check`).

file → reader → Document → rules (with the facts the sources gathered) → findings → fixes.
Each file is read with its own reader and checked with the settings of the config nearest
it; the network is asked once for the whole run. Nothing here prints.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .budget import OutOfTime, time_limit
from .changes import ChangesError, base_version, changed_lines
from .config import COMMAND_LINE, Config, ConfigError, discover, load, validate
from .fix import FixError, fix_text, write_atomically
from .model import Document, Edit, Finding, Fix, Message
from .readers import Reader, ReaderError, reader_for, suffixes
from .records import Facts
from .rules import stamp
from .settings import FileSettings, RunSettings, file_settings, run_settings
from .source import STDIN, Source, SourceError, files_beneath, read_source
from .sources import Gathered, Progress, gather
from .suppress import resolved, unsuppressed

SEVERITY_RANK = {"warning": 0, "error": 1}
#: the rule that says a file holds no entry: said only of files named, not found
NOT_A_LIST = "FL007"
#: the least time a reader gets for one file (see parse_budget)
PARSE_SECONDS = 10.0


@dataclass(frozen=True)
class FileResult:
    """What checking one file found (or why it could not be checked)."""

    path: str
    findings: tuple[Finding, ...] = ()
    fail_on: str = "error"
    entries: int = 0
    fixed: int = 0
    #: why the file could not be checked, in one line ('' when it was)
    error: str = ""
    #: the text --fix makes of the file (when fixes were asked for and some applied)
    fixed_text: str | None = None
    #: the text as read, to compare with ``fixed_text``
    text: str = ""

    @property
    def failing(self) -> list[Finding]:
        """The findings at or above the file's ``fail-on`` severity."""
        if self.fail_on == "never":
            return []
        rank = SEVERITY_RANK[self.fail_on]
        return [f for f in self.findings if SEVERITY_RANK.get(f.severity, 0) >= rank]


@dataclass(frozen=True)
class Run:
    """What one run found, file by file, and what asking the network cost."""

    files: tuple[FileResult, ...]
    settings: RunSettings
    #: what could not be asked or used (a spent rate limit, a broken cache), for the user
    notes: tuple[str, ...] = ()
    #: requests sent, by source; empty when the network was not asked
    requests: Mapping[str, int] = field(default_factory=dict)
    cached: int = 0
    #: how many URLs ended in each outcome of the link check
    link_outcomes: Mapping[str, int] = field(default_factory=dict)
    asked_network: bool = False

    @property
    def findings(self) -> list[Finding]:
        return sorted(f for result in self.files for f in result.findings)

    @property
    def errors(self) -> list[str]:
        return [result.error for result in self.files if result.error]

    @property
    def failed(self) -> bool:
        return any(result.failing for result in self.files)


@dataclass
class _File:
    """One file on its way through the run."""

    path: str
    source: Source
    reader: Reader
    settings: FileSettings
    doc: Document
    #: the file's text at the ``diff_base`` ref, and the lines changed since (None: all)
    base: str | None = None
    touched: frozenset[int] | None = None


def check(
    paths: Sequence[str],
    overrides: Mapping[str, Any] | None = None,
    *,
    config_path: str | None = None,
    input_format: str | None = None,
    stdin_filename: str | None = None,
    fix: bool = False,
    write: bool = True,
    diff_base: str | None = None,
    progress: Progress | None = None,
) -> Run:
    """Check the lists at ``paths`` (``-`` for standard input, a directory for every list
    file beneath it).

    ``overrides`` are config keys given on the command line (``{"select": ["FL2"]}``); they
    win over every config file. With ``fix``, fixable findings are repaired, and the files
    rewritten unless ``write`` is false (``FileResult.fixed_text`` holds the result).
    Raises :class:`ConfigError` when the overrides, or the run's config, cannot be used; a
    file that cannot be read or configured gets an ``error``.
    """
    command_line = validate(dict(overrides or {}), COMMAND_LINE)
    explicit = load(config_path) if config_path else None
    settings = run_settings(explicit or discover(os.getcwd()), command_line)
    results: dict[str, FileResult] = {}
    files: list[_File] = []
    found_beneath: set[str] = set()
    for path in _distinct(_expanded(paths, found_beneath)):
        shown = stdin_filename if path == STDIN and stdin_filename else path
        try:
            files.append(
                _open(path, shown, explicit, command_line, input_format, diff_base, stdin_filename)
            )
        except (SourceError, ReaderError, ConfigError, ChangesError) as error:
            results[shown] = FileResult(shown, error=str(error))
    gathered = _ask_network(files, settings, progress)
    facts = gathered.facts if gathered else Facts()
    for file in files:
        named = file.path not in found_beneath
        results[file.path] = _finish(file, facts, fix=fix, write=write, named=named)
    return Run(
        files=tuple(results.values()),
        settings=settings,
        notes=tuple(gathered.notes) if gathered else (),
        requests=gathered.requests if gathered else {},
        cached=gathered.cached if gathered else 0,
        link_outcomes=Counter(r.outcome.value for r in facts.links.values()),
        asked_network=gathered is not None,
    )


def _expanded(paths: Sequence[str], found_beneath: set[str]) -> list[str]:
    """The paths, each directory replaced by the list files beneath it (noted in
    ``found_beneath``: such a file is not known to be a list, so FL007 is not said of it)."""
    expanded = []
    for path in paths:
        beneath = files_beneath(path, suffixes()) if path != STDIN and os.path.isdir(path) else []
        if beneath:
            found_beneath.update(beneath)
            expanded += beneath
        else:
            expanded.append(path)
    return expanded


def _distinct(paths: Sequence[str]) -> list[str]:
    """The paths, each file once (however it is named: ``./a.rst``, ``a.rst``, a link)."""
    seen: set[str] = set()
    distinct = []
    for path in paths:
        key = path if path == STDIN else os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            distinct.append(path)
    return distinct


def _open(
    path: str,
    shown: str,
    explicit: Config | None,
    command_line: Config,
    input_format: str | None,
    diff_base: str | None,
    stdin_filename: str | None,
) -> _File:
    where = shown if path != STDIN or stdin_filename else os.path.join(os.getcwd(), "-")
    config = explicit or discover(os.path.dirname(os.path.abspath(where)))
    source, reader, doc = read(path, input_format=input_format, stdin_filename=stdin_filename)
    file = _File(shown, source, reader, file_settings(config, command_line), doc)
    if diff_base is not None:
        if path == STDIN:
            raise ChangesError("--diff-base needs files in a git repository, not standard input")
        file.base = base_version(path, diff_base)
        file.touched = touched_lines(doc, file.base)
    return file


def read(
    path: str, *, input_format: str | None = None, stdin_filename: str | None = None
) -> tuple[Source, Reader, Document]:
    """The file at ``path`` (``-``: standard input, named ``stdin_filename``), its reader,
    and what the reader made of it (suppressions resolved). Raises SourceError or
    ReaderError when it cannot be read."""
    shown = stdin_filename if path == STDIN and stdin_filename else path
    _refuse_escaping_link(path)
    source = read_source(path)
    reader = reader_for(shown, input_format)
    return source, reader, resolved(parse(reader, shown, source.text))


def _refuse_escaping_link(path: str) -> None:
    """In CI the checkout is a stranger's: a list that is a symbolic link to a file outside
    the working directory (``README.md -> /etc/...``) is not read (nor fixed)."""
    if not os.environ.get("CI") or path == STDIN or not os.path.islink(path):
        return
    target, here = os.path.realpath(path), os.path.realpath(os.getcwd())
    if os.path.commonpath([target, here]) != here:
        raise SourceError(f"{path}: links to {target}, outside the checkout; not read in CI")


def parse_budget(text: str) -> float:
    """Seconds a reader may take: ten, and more for a long file (a 10,000-entry list needs
    about 20 s); a few hundred bytes that take longer are built to exhaust the parser."""
    return PARSE_SECONDS + len(text) / 100_000


def parse(reader: Reader, path: str, text: str) -> Document:
    """The reader's Document, or one that says why there is none: a file the parser cannot
    read within its budget, or that makes the parser fail, is one FL001 finding and the
    run goes on."""
    try:
        with time_limit(parse_budget(text)):
            return reader.read(path, text)
    except ReaderError:
        raise
    except OutOfTime:
        problem = f"too complex to check within {parse_budget(text):.0f} s"
    except RecursionError:
        problem = "nested too deeply to be read"
    except Exception as error:  # a third-party parser's failure on hostile input
        problem = f"the parser failed on this file ({type(error).__name__})"
    message = Message(1, 3, f"{problem}; nothing else in the file was checked")
    return Document(path, text, (), (), (message,), ())


def touched_lines(doc: Document, since: str) -> frozenset[int]:
    """Lines changed since the text ``since``, and every line of an entry that has one."""
    changed = changed_lines(since, doc.text)
    touched = set(changed)
    for entry in doc.entries:
        lines = range(entry.first_line, entry.last_line + 1)
        if any(line in changed for line in lines):
            touched.update(lines)
    return frozenset(touched)


def urls_to_check(doc: Document, touched: frozenset[int] | None = None) -> list[str]:
    """The URLs the network is asked about: all, or those written where the file changed."""
    return [url for url, span in doc.written_urls if touched is None or span.line in touched]


def _ask_network(
    files: list[_File], settings: RunSettings, progress: Progress | None
) -> Gathered | None:
    """Ask the sources the files' rules need, once for all of them; None: none needed."""
    kinds = {kind for file in files for rule in file.settings.rules for kind in rule.needs}
    if not kinds:
        return None
    urls = [url for file in files for url in urls_to_check(file.doc, file.touched)]
    return gather(urls, kinds, settings.network, progress)


def lint_document(
    doc: Document,
    reader: Reader,
    settings: FileSettings,
    facts: Facts,
    touched: frozenset[int] | None = None,
) -> list[Finding]:
    """Every finding of the document, its fixes written in the reader's syntax; with
    ``touched`` (see :func:`touched_lines`), only those about what changed. Rules still
    compare the changed entries with the whole file."""
    options = replace(settings.options, facts=facts, changed=touched)
    findings: list[Finding] = []
    for rule in settings.rules:
        checked = rule.check(doc, options)
        findings.extend(stamp(checked, rule, settings.severities.get(rule.code)))
    findings = unsuppressed(findings, doc.suppressions)
    if touched is not None and (doc.entries or not touched):
        # (a changed file in which no entry could be read is reported whole: a change
        # must not hide its defects by making the file unreadable)
        findings = [f for f in findings if f.line in touched or touched.intersection(f.related)]
    return sorted(_written(finding, doc, reader) for finding in findings)


def _written(finding: Finding, doc: Document, reader: Reader) -> Finding:
    """The finding with its fix as text edits, or without a fix its reader cannot write."""
    if finding.fix is None:
        return finding
    edits: list[Edit] = []
    for change in finding.fix.changes:
        made = reader.edits(doc, change)
        if made is None:
            return replace(finding, fix=None)
        edits.extend(made)
    return replace(finding, fix=Fix(finding.fix.description, tuple(edits)))


def _finish(file: _File, facts: Facts, *, fix: bool, write: bool, named: bool) -> FileResult:
    findings = lint_document(file.doc, file.reader, file.settings, facts, file.touched)
    if not named:  # found in a directory: it need not be a list at all
        findings = [f for f in findings if f.code != NOT_A_LIST]
    fixed = 0
    text = None
    doc = file.doc  # the document as it ends up: fixed, when fixes were made
    if fix and any(f.fix for f in findings):

        def lint(text: str) -> list[Finding]:
            nonlocal doc
            doc = resolved(parse(file.reader, file.path, text))
            touched = touched_lines(doc, file.base) if file.base is not None else None
            return lint_document(doc, file.reader, file.settings, facts, touched)

        text, fixed, findings = fix_text(file.source.text, lint, findings)
        if fixed and write:
            try:
                write_atomically(file.source.path, _encoded(file.source, text), file.source.raw)
            except FixError as error:
                return FileResult(
                    file.path, tuple(findings), file.settings.fail_on, error=str(error)
                )
    return FileResult(
        file.path,
        tuple(findings),
        file.settings.fail_on,
        len(doc.entries),
        fixed,
        fixed_text=text if fixed else None,
        text=file.source.text,
    )


def _encoded(source: Source, text: str) -> bytes:
    return (("\ufeff" if source.bom else "") + text).encode("utf-8")


def lint_text(
    path: str,
    text: str,
    settings: FileSettings,
    *,
    facts: Facts | None = None,
    input_format: str | None = None,
) -> list[Finding]:
    """Every finding of the list ``text`` (named ``path``), read by its format's reader."""
    reader = reader_for(path, input_format)
    doc = resolved(parse(reader, path, text))
    return lint_document(doc, reader, settings, facts or Facts())
