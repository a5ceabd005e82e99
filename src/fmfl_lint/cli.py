"""The ``fmfl-lint`` command: the only place that prints errors and decides the exit status."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from typing import Any

import click
from click.core import ParameterSource

from . import __version__, pipeline
from .config import FAIL_ON, FORMAT_NAMES, ConfigError
from .model import Finding
from .net.result import Outcome
from .readers import ReaderError
from .registry import find_rule, registry
from .report import (
    ENTRY_FORMATS,
    FORMATS,
    RULE_FORMATS,
    entry_record,
    markdown_summary,
    one_line,
    plural,
    statistics,
    summary_line,
    unified_diff,
)
from .source import STDIN, SourceError
from .sources import NetworkUnreachable, Progress

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UserError(click.ClickException):
    """A one-line error for the user; exit status 2."""

    exit_code = EXIT_ERROR

    def show(self, file: Any = None) -> None:
        click.echo(f"fmfl-lint: error: {one_line(self.format_message())}", err=True)


class _DefaultToCheck(click.Group):
    """``fmfl-lint FILE...`` checks the files; ``rules``, ``entries`` and ``explain`` are
    the other commands (``check`` may be written too)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or args[0] not in self.commands:
            args = ["check", *args]
        return super().parse_args(ctx, args)


class _Check(click.Command):
    """Its usage reads the way it is used: ``fmfl-lint [OPTIONS] FILES...``."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage("fmfl-lint", "[OPTIONS] FILES...")


def _codes(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[str] | None:
    """``--select FL2,FL301 --select FL401`` → ``["FL2", "FL301", "FL401"]``; None if not given."""
    codes = [code.strip() for value in values for code in value.split(",") if code.strip()]
    return codes or None


@click.group(cls=_DefaultToCheck, context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Keep curated paper lists honest."""


@cli.command("check", cls=_Check)
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
@click.option("--diff", is_flag=True, help="Show what --fix would change; change nothing.")
@click.option("--statistics", is_flag=True, help="Count the findings of each rule instead.")
@click.option("--quiet", "-q", is_flag=True, help="Print the findings and errors only.")
@click.option(
    "--stdin-filename",
    metavar="PATH",
    help="The name of the list read from standard input (its format, its config).",
)
@click.option(
    "--input-format", metavar="NAME", help="Read every file as this format (rst, md, bib)."
)
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
@click.option("--cache-dir", metavar="DIR", help="Where the link cache is kept.")
@click.option(
    "--run-timeout",
    type=float,
    metavar="SECONDS",
    help="Seconds the whole network check may take.  [default: 600]",
)
@click.option("--arxiv-api", metavar="URL", help="arXiv's export API, or a mirror of it.")
@click.option(
    "--github-api",
    metavar="URL",
    help="GitHub's API (default: $GITHUB_API_URL or https://api.github.com).",
)
@click.option(
    "--doi-api", metavar="URL", help="The DOI handle API, or a mirror of it (settles DOI links)."
)
@click.option("--crossref-api", metavar="URL", help="Crossref's works API, or a mirror of it.")
@click.option("--openreview-api", metavar="URL", help="OpenReview's notes API, or a mirror of it.")
@click.option("--contact", metavar="EMAIL", help="An address for Crossref's polite pool.")
@click.version_option(__version__, "--version", prog_name="fmfl-lint")
@click.pass_context
def check(ctx: click.Context, files: tuple[str, ...], **flags: Any) -> None:
    """Check curated paper lists: FILES (reStructuredText, Markdown, BibTeX), directories
    (every list file beneath), or - for standard input.

    \b
    Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage or input error.
    Other commands:
      fmfl-lint rules [--format text|markdown|json]   every rule
      fmfl-lint explain RULE                          what a rule means (code or name)
      fmfl-lint entries FILES... [--format text|json|csv]   every entry as read
    """
    if flags["explain"]:
        click.echo(_explanation(flags["explain"]))
        return
    if not files:
        raise click.UsageError("give one or more files to check, or - for standard input")
    if flags["fix"] and STDIN in files:
        raise click.UsageError("--fix cannot rewrite standard input; give the file's path")
    if flags["fix"] and flags["diff"]:
        raise click.UsageError("--diff shows what --fix would do: give one of them")
    overrides = {
        key: flags[name]
        for name, key in CONFIG_FLAGS.items()
        if ctx.get_parameter_source(name) is ParameterSource.COMMANDLINE
    }
    with _progress() as advance:
        try:
            run = pipeline.check(
                files,
                overrides,
                config_path=flags["config_path"],
                input_format=flags["input_format"],
                stdin_filename=flags["stdin_filename"],
                fix=flags["fix"] or flags["diff"],
                write=not flags["diff"],
                diff_base=flags["diff_base"],
                progress=advance,
            )
        except NetworkUnreachable as unreachable:
            raise UserError(str(unreachable)) from None
    if not flags["quiet"]:
        for note in run.notes:
            click.echo(f"fmfl-lint: warning: {one_line(note)}", err=True)
        if run.asked_network:
            click.echo(_network_line(run), err=True)
    if flags["diff"]:
        _show_diffs(run)
    elif flags["fix"] and not flags["quiet"]:
        for result in run.files:
            if result.fixed:
                fixed = plural(result.fixed, "problem")
                click.echo(f"{one_line(result.path)}: fixed {fixed}", err=True)
    findings = run.findings
    if len(run.errors) < len(run.files):  # some file was checked: say what it gave
        if flags["statistics"]:
            click.echo(statistics(findings), nl=False)
        elif not flags["diff"]:
            _report(findings, run, flags["output"], quiet=flags["quiet"])
        if flags["summary_path"]:
            _append(flags["summary_path"], markdown_summary(findings))
    for error in run.errors:
        click.echo(f"fmfl-lint: error: {one_line(error)}", err=True)
    if run.errors:
        ctx.exit(EXIT_ERROR)
    if flags["diff"]:
        ctx.exit(EXIT_FINDINGS if any(r.fixed_text is not None for r in run.files) else EXIT_CLEAN)
    ctx.exit(EXIT_FINDINGS if run.failed else EXIT_CLEAN)


#: command-line options that are config keys, by parameter name
CONFIG_FLAGS = {
    "select": "select",
    "extend_select": "extend-select",
    "ignore": "ignore",
    "offline": "offline",
    "fail_on": "fail-on",
    "output_format": "format",
    "timeout": "timeout",
    "run_timeout": "run-timeout",
    "max_concurrency": "max-concurrency",
    "max_per_host": "max-per-host",
    "exclude": "exclude",
    "cache": "cache",
    "cache_dir": "cache-dir",
    "max_cache_age": "max-cache-age",
    "allow_private": "allow-private",
    "arxiv_api": "arxiv-api",
    "github_api": "github-api",
    "doi_api": "doi-api",
    "crossref_api": "crossref-api",
    "openreview_api": "openreview-api",
    "contact": "contact",
}

#: past this many findings, the text output ends with the count of each rule's findings,
#: so that one rule firing on every row does not bury the rest
MANY_FINDINGS = 20


@contextlib.contextmanager
def _progress() -> Iterator[Progress | None]:
    """A progress bar of the links asked, for a person at a terminal (not in CI logs)."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        yield None
        return
    with click.progressbar(length=1, label="checking links", file=sys.stderr) as bar:

        def advance(done: int, total: int) -> None:
            bar.length = total  # cached and API-settled URLs are not asked: count those asked
            bar.update(done - bar.pos)

        yield advance


def _network_line(run: pipeline.Run) -> str:
    outcomes = run.link_outcomes
    failing = (Outcome.DEAD, Outcome.TIMEOUT, Outcome.BLOCKED)
    broken = sum(outcomes.get(o.value, 0) for o in failing)
    unverifiable = outcomes.get(Outcome.UNVERIFIABLE.value, 0)
    by_source = ", ".join(f"{n} {source}" for source, n in sorted(run.requests.items()) if n)
    return (
        f"links: {sum(outcomes.values())} checked, {broken} broken, "
        f"{outcomes.get(Outcome.REDIRECTED.value, 0)} redirected, "
        f"{unverifiable} unverifiable, {run.cached} cached, "
        f"{plural(sum(run.requests.values()), 'request')}"
        + (f" ({by_source})" if by_source else "")
    )


def _report(findings: list[Finding], run: pipeline.Run, output: str | None, quiet: bool) -> None:
    """The findings in the run's format, to ``output`` or standard output; for text, the
    count of each rule's findings when there are many, and a summary line."""
    output_format = run.settings.output_format
    writer = FORMATS[output_format]
    checked = [result for result in run.files if not result.error]
    summary = summary_line(findings, sum(r.entries for r in checked), len(checked))
    if output:
        try:
            with open(output, "w", encoding="utf-8") as stream:
                writer(findings, stream, False)
        except OSError as error:
            raise UserError(f"--output: {output}: {error.strerror or error}") from None
        if output_format == "text" and not quiet:
            click.echo(summary, err=True)
        return
    color = (
        output_format == "text"
        and sys.stdout.isatty()
        and bool(os.environ.get("NO_COLOR")) is False
    )
    writer(findings, sys.stdout, color)
    if output_format == "text" and not quiet:
        if len(findings) >= MANY_FINDINGS:
            click.echo("\n" + statistics(findings), nl=False)
        click.echo(summary)


def _show_diffs(run: pipeline.Run) -> None:
    for result in run.files:
        if result.fixed_text is not None:
            click.echo(unified_diff(result.path, result.text, result.fixed_text), nl=False)


def _append(path: str, text: str) -> None:
    if path == "-":
        click.echo(text, nl=False)
        return
    try:
        with open(path, "a", encoding="utf-8") as stream:
            stream.write(text)
    except OSError as error:
        raise UserError(f"--summary: {path}: {error.strerror or error}") from None


def _explanation(code: str) -> str:
    rule = find_rule(code)
    if rule is None:
        raise UserError(f"unknown rule '{code}' (see 'fmfl-lint rules')")
    traits = [rule.severity, "online" if rule.online else "offline"]
    traits += ["fixable"] if rule.fixable else []
    traits += [] if rule.default else ["off by default"]
    return f"{rule.code} {rule.name} ({', '.join(traits)})\n\n{rule.explanation}"


@cli.command("entries")
@click.argument("files", nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "csv"]),
    default="text",
    show_default=True,
)
@click.option(
    "--input-format", help="Read the files as this format (rst, ...), whatever their name."
)
def entries_command(files: tuple[str, ...], output_format: str, input_format: str | None) -> None:
    """Print every entry the files hold, as fmfl-lint reads them: to check the reader, or to
    export the list (file, line, section, title, url, venue, date, other links)."""
    rows: list[dict[str, object]] = []
    for path in files:
        try:
            _, _, doc = pipeline.read(path, input_format=input_format)
        except (SourceError, ReaderError) as error:
            raise UserError(str(error)) from None
        rows.extend(entry_record(doc.path, entry) for entry in doc.entries)
    ENTRY_FORMATS[output_format](rows, sys.stdout)


@cli.command("rules")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(RULE_FORMATS)),
    default="text",
    show_default=True,
)
def rules_command(output_format: str) -> None:
    """List every rule: code, name, default severity, online, fix, what it finds."""
    click.echo(RULE_FORMATS[output_format](list(registry().values())), nl=False)


@cli.command("explain")
@click.argument("rule")
def explain_command(rule: str) -> None:
    """What a rule finds and why (RULE: a code like FL401 or a name like unsorted-entries)."""
    click.echo(_explanation(rule))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return its exit status instead of exiting."""
    args = list(argv) if argv is not None else sys.argv[1:]
    try:
        # outside standalone mode click returns ctx.exit()'s status instead of exiting
        status = cli.main(args=args, prog_name="fmfl-lint", standalone_mode=False)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.ClickException as error:
        # one line, escaped: an option's value is the user's text (or a pull request's)
        hint = " (see 'fmfl-lint --help')" if isinstance(error, click.UsageError) else ""
        click.echo(f"fmfl-lint: error: {one_line(error.format_message())}{hint}", err=True)
        return EXIT_ERROR if isinstance(error, click.UsageError) else error.exit_code
    except ConfigError as error:
        click.echo(f"fmfl-lint: error: {one_line(str(error))}", err=True)
        return EXIT_ERROR
    except click.exceptions.Abort:
        click.echo("fmfl-lint: interrupted", err=True)
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_ERROR
    return status if isinstance(status, int) else EXIT_CLEAN
