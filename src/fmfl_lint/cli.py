"""The ``fmfl-lint`` command: the only place that prints errors and decides the exit status."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import click
from click.core import ParameterSource

from . import __version__
from .changes import ChangesError, base_version
from .config import FAIL_ON, FORMAT_NAMES, ConfigError, discover, load
from .doctree import ParseError
from .fix import FixError, fix_text, write_atomically
from .lint import LintConfig, lint_document, lint_text, touched_lines, urls_to_check
from .model import Finding
from .net import Outcome
from .online import Facts, gather
from .parse import parse
from .report import FORMATS, counts, markdown_summary, plural
from .rules import registry
from .settings import LinkSettings, file_settings, link_settings
from .source import STDIN, Source, SourceError, read_source

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UserError(click.ClickException):
    """A one-line error for the user; exit status 2."""

    exit_code = EXIT_ERROR


class _DefaultToCheck(click.Group):
    """``fmfl-lint FILE...`` means ``fmfl-lint check FILE...``; ``rules`` is a subcommand."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or args[0] not in self.commands:
            args = ["check", *args]
        return super().parse_args(ctx, args)


def _codes(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[str] | None:
    """``--select FL2,FL301 --select FL401`` → ``["FL2", "FL301", "FL401"]``; None if not given."""
    codes = [code.strip() for value in values for code in value.split(",") if code.strip()]
    return codes or None


@click.group(cls=_DefaultToCheck, context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Keep curated paper lists honest."""


@cli.command("check")
@click.argument("files", nargs=-1)
@click.option(
    "--select",
    multiple=True,
    callback=_codes,
    help="Only these rules (codes, prefixes like FL2, or ALL).",
)
@click.option(
    "--extend-select",
    multiple=True,
    callback=_codes,
    help="Rules to add to the selection (e.g. FL202).",
)
@click.option("--ignore", multiple=True, callback=_codes, help="Rules to leave out.")
@click.option("--offline", is_flag=True, default=None, help="Skip the rules that need the network.")
@click.option("--fix", is_flag=True, help="Repair what can be repaired safely, in place.")
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default="error",
    show_default=True,
    help="Lowest severity that fails the run.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMAT_NAMES),
    default="text",
    show_default=True,
    help="How findings are written.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    help="Write findings to this file.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    help="Config file (default: nearest .fmfl-lint.toml or pyproject.toml).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    help="Seconds one link may take to answer.  [default: 10]",
)
@click.option(
    "--max-concurrency",
    type=click.IntRange(min=1),
    help="Requests in flight at once.  [default: 32]",
)
@click.option(
    "--max-per-host",
    type=click.IntRange(min=1),
    help="Requests in flight to one host.  [default: 6]",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="REGEX",
    help="Do not check URLs matching this (repeatable).",
)
@click.option(
    "--cache/--no-cache", default=None, help="Keep link results between runs.  [default: cache]"
)
@click.option(
    "--max-cache-age",
    metavar="AGE",
    help="How old a cached result may be (30m, 12h, 1d).  [default: 1d]",
)
@click.option(
    "--allow-private",
    is_flag=True,
    default=None,
    help="Let links reach private, loopback and link-local addresses.",
)
@click.option(
    "--summary",
    "summary_path",
    type=click.Path(dir_okay=False),
    help="Also append a Markdown table of the findings to this file (- for standard output).",
)
@click.option(
    "--diff-base",
    metavar="REF",
    help="Check only what changed since this git ref (e.g. origin/main).",
)
@click.option("--explain", metavar="CODE", help="Explain a rule and exit.")
@click.version_option(__version__, "--version", prog_name="fmfl-lint")
@click.pass_context
def check(ctx: click.Context, files: tuple[str, ...], **flags: Any) -> None:
    """Check curated paper lists (reStructuredText), FILES or - for standard input.

    \b
    Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage or input error.
    Other commands: fmfl-lint rules (list every rule).
    """
    if flags["explain"]:
        click.echo(_explanation(flags["explain"]))
        return
    if not files:
        raise click.UsageError("give one or more files to check, or - for standard input")
    if flags["fix"] and STDIN in files:
        raise click.UsageError("--fix cannot rewrite standard input; give the file's path")
    if flags["diff_base"] and STDIN in files:
        raise click.UsageError("--diff-base needs files in a git repository, not standard input")
    given = {
        name for name in flags if ctx.get_parameter_source(name) is ParameterSource.COMMANDLINE
    }
    explicit = load(flags["config_path"]) if flags["config_path"] else None
    configs = [explicit or discover(_directory_of(path)) for path in files]
    settings = [file_settings(config, flags, given) for config in configs]
    sources = [read_source(path) for path in files]
    documents = [parse(source.path, source.text) for source in sources]
    bases = [
        base_version(path, flags["diff_base"]) if flags["diff_base"] else None for path in files
    ]
    touched = [
        touched_lines(doc, base) if base is not None else None
        for doc, base in zip(documents, bases, strict=True)
    ]
    facts = Facts()
    codes = {rule.code for each in settings for rule in each.lint.rules if rule.online}
    if codes:
        urls = [
            url
            for doc, lines in zip(documents, touched, strict=True)
            for url in urls_to_check(doc, lines)
        ]
        facts = _ask_network(urls, link_settings(configs[0], flags, given), codes)
    findings: list[Finding] = []
    for source, document, each, base, lines in zip(
        sources, documents, settings, bases, touched, strict=True
    ):
        options = replace(
            each.lint.options, links=facts.links, arxiv=facts.arxiv, repos=facts.repos
        )
        config = replace(each.lint, options=options)
        found = lint_document(document, config, lines)
        findings.extend(_fixed(source, config, base, found) if each.fix else found)
    _report(findings, settings[0].output_format, flags["output"])
    if flags["summary_path"]:
        _append(flags["summary_path"], markdown_summary(findings))
    fail_on = settings[0].fail_on
    failing = [f for f in findings if fail_on != "never" and _at_least(f.severity, fail_on)]
    ctx.exit(EXIT_FINDINGS if failing else EXIT_CLEAN)


def _directory_of(path: str) -> str:
    return os.getcwd() if path == STDIN else os.path.dirname(path) or "."


def _ask_network(urls: list[str], settings: LinkSettings, codes: set[str]) -> Facts:
    """Ask the network once about every URL (and its arXiv id or repository), with a
    progress bar on a terminal and a one-line account on standard error."""
    started = time.monotonic()
    # a bar only for a person at a terminal; CI logs and redirected output get none
    show_bar = sys.stderr.isatty() and not os.environ.get("CI")
    bar = click.progressbar(length=len(set(urls)), label="checking links", file=sys.stderr)

    def advance(done: int, total: int) -> None:
        bar.length = total  # cached and API-settled URLs are not asked: count those asked
        bar.update(done - bar.pos)

    with bar if show_bar else contextlib.nullcontext():
        facts = gather(
            urls,
            settings,
            links=any(code.startswith("FL1") for code in codes),
            arxiv=bool(codes & {"FL304", "FL305", "FL306"}),
            github=bool(codes & {"FL501", "FL502"}),
            progress=advance if show_bar else None,
        )
    for note in facts.notes:
        click.echo(f"fmfl-lint: warning: {note}", err=True)
    outcomes = [result.outcome for result in facts.links.values()]
    broken = sum(o in (Outcome.DEAD, Outcome.TIMEOUT, Outcome.BLOCKED) for o in outcomes)
    click.echo(
        f"links: {len(facts.links)} checked, {broken} broken, "
        f"{outcomes.count(Outcome.REDIRECTED)} redirected, {facts.cached} cached, "
        f"{facts.requests} requests, {time.monotonic() - started:.1f} s",
        err=True,
    )
    return facts


def _fixed(
    source: Source, config: LintConfig, since: str | None, findings: list[Finding]
) -> list[Finding]:
    """Apply the fixes of ``findings`` (and of what fixing brings up); what remains."""

    def lint(text: str) -> list[Finding]:
        return lint_text(source.path, text, config, since)

    text, fixed, remaining = fix_text(source.text, lint, findings)
    if fixed:
        write_atomically(source.path, _encode(source, text), source.raw)
        click.echo(f"{source.path}: fixed {plural(fixed, 'problem')}", err=True)
    return remaining


def _encode(source: Source, text: str) -> bytes:
    return (("\ufeff" if source.bom else "") + text).encode("utf-8")


def _at_least(severity: str, threshold: str) -> bool:
    order = {"warning": 0, "error": 1}
    return order.get(severity, 0) >= order[threshold]


def _report(findings: list[Finding], output_format: str, output: str | None) -> None:
    writer = FORMATS[output_format]
    if output:
        with open(output, "w", encoding="utf-8") as stream:
            writer(findings, stream, False)
        return
    stream = sys.stdout
    color = output_format == "text" and stream.isatty() and "NO_COLOR" not in os.environ
    writer(findings, stream, color)
    if output_format == "text":
        click.echo(_summary(findings))


def _append(path: str, text: str) -> None:
    if path == "-":
        click.echo(text, nl=False)
        return
    try:
        with open(path, "a", encoding="utf-8") as stream:
            stream.write(text)
    except OSError as error:
        raise UserError(f"--summary: {path}: {error.strerror or error}") from None


def _summary(findings: Sequence[Finding]) -> str:
    if not findings:
        return "No problems found."
    text = f"Found {counts(findings)}."
    fixable = sum(1 for f in findings if f.fix is not None)
    return text + (f" {fixable} can be fixed with --fix." if fixable else "")


def _explanation(code: str) -> str:
    rule = registry().get(code.strip().upper())
    if rule is None:
        raise UserError(f"unknown rule '{code}' (see 'fmfl-lint rules')")
    traits = [rule.severity, "online" if rule.online else "offline"]
    traits += ["fixable"] if rule.fixable else []
    traits += [] if rule.default else ["off by default"]
    return f"{rule.code} {rule.name} ({', '.join(traits)})\n\n{rule.explanation}"


@cli.command("rules")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
)
def rules_command(output_format: str) -> None:
    """List every rule: code, name, default severity, online, fix."""
    rules = registry().values()
    if output_format == "markdown":
        click.echo("| code | name | severity | online | fix | what it finds |")
        click.echo("|---|---|---|---|---|---|")
        for r in rules:
            severity = r.severity if r.default else f"{r.severity} (off by default)"
            online, fixable = ("yes" if r.online else ""), ("yes" if r.fixable else "")
            click.echo(f"| {r.code} | {r.name} | {severity} | {online} | {fixable} | {r.summary} |")
        return
    for r in rules:
        flags = (
            ("online " if r.online else "")
            + ("fix " if r.fixable else "")
            + ("" if r.default else "off")
        )
        click.echo(f"{r.code}  {r.name:<26} {r.severity:<8} {flags:<12} {r.summary}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return its exit status instead of exiting."""
    args = list(argv) if argv is not None else sys.argv[1:]
    try:
        # outside standalone mode click returns ctx.exit()'s status instead of exiting
        status = cli.main(args=args, prog_name="fmfl-lint", standalone_mode=False)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except (SourceError, ConfigError, ParseError, FixError, ChangesError) as error:
        click.echo(f"fmfl-lint: error: {error}", err=True)
        return EXIT_ERROR
    except click.exceptions.Abort:
        click.echo("fmfl-lint: interrupted", err=True)
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_ERROR
    return status if isinstance(status, int) else EXIT_CLEAN
