"""Is the file well-formed: RST syntax, complete entries, real dates, possible URLs."""

from __future__ import annotations

from collections.abc import Iterator

from ..fields import parse_date, quoted
from ..model import Document, Finding, Span
from ..rules import Options, rule
from ..urls import shape_problem
from .rewrite import rewrite


@rule("FL001", "syntax")
def syntax(doc: Document, options: Options) -> Iterator[Finding]:
    """A markup problem that breaks how the list renders.

    The list's parser reports it (for reStructuredText, a warning or worse; never valid
    Sphinx markup). GitHub renders the list with the same kind of parser: what it
    reports usually shows up broken on the page. The message is the parser's own, at the
    line it names.
    """
    for message in doc.messages:
        yield Finding.at(doc.path, Span(message.line), message.text)


@rule("FL002", "malformed-entry")
def malformed_entry(doc: Document, options: Options) -> Iterator[Finding]:
    """A row or item with no title or no link, or a list-table row with cells missing.

    Every entry of a list names a paper and links it; a row with no link at all (or no
    title text) cannot be checked or followed by a reader. A row whose title is not linked
    but that links its code or demo is not malformed, nor a section of prose. A list-table
    with a short row is refused by its parser (FL001); its rows are still read, and the
    short ones named.
    """
    for entry in doc.entries:
        if any(name == "key" for name, _ in entry.extra):
            continue  # a bibliography's entry: FL602 says what it lacks, in its terms
        if entry.missing_cells:
            lacks = f"{entry.missing_cells} cell{'s' if entry.missing_cells > 1 else ''}"
            where = entry.title.span if entry.title else Span(entry.first_line)
            yield Finding.at(doc.path, where, f"row lacks {lacks} of its header")
        title, url = entry.title, entry.url
        # a badge that is a link links too (``[![arXiv](badge)](paper)``)
        linked = url is not None or any(not link.is_image or link.target for link in entry.links)
        if title is None and not linked:
            yield Finding.at(doc.path, Span(entry.first_line), "entry has no title and no link")
        elif title is not None and not linked and not entry.is_section:
            yield Finding.at(doc.path, title.span, f"entry {quoted(title.text)} has no link")
        elif url is not None and title is None:
            yield Finding.at(doc.path, url.span, "entry has a link but no title text")


@rule("FL003", "bad-date", fix=True)
def bad_date(doc: Document, options: Options) -> Iterator[Finding]:
    """A date that cannot be read, with a month out of range, or in the future.

    Dates order the list (FL401) and are compared with arXiv ids (FL303); a date that
    cannot be read takes no part in either. A date written loosely (``2023-8``,
    ``2023/08``, ``2023.08``) still orders: in a file that mostly writes ``YYYY-MM``, it is
    a warning that ``--fix`` rewrites (where the rewrite keeps a table's columns).
    """
    today = (options.today.year, options.today.month)
    dated = [(entry, parse_date(entry.date.text)) for entry in doc.entries if entry.date]
    readable = [date for _, date in dated if date is not None]
    mostly_canonical = sum(date.canonical for date in readable) * 2 > len(readable)
    for entry, date in dated:
        written = entry.date
        assert written is not None  # for the type checker: only dated entries are here
        if date is None:
            yield Finding.at(doc.path, written.span, _why_unreadable(written.text))
        elif date.sort_key > today:
            yield Finding.at(doc.path, written.span, f"date {written.text} is in the future")
        elif not date.canonical and mostly_canonical:
            fix = rewrite(entry, written, date.text)
            message = f"date {written.text} is written loosely: write {date.text} as the others do"
            yield Finding.at(doc.path, written.span, message, fix=fix, severity="warning")


def _why_unreadable(text: str) -> str:
    year, _, month = text.strip().partition("-")
    if year.isdigit() and len(year) == 4 and month.isdigit():
        return f"date {text}: month {month} does not exist (expected YYYY-MM, month 01-12)"
    return f"date {quoted(text)} is not YYYY or YYYY-MM"


#: a file with at least this many links and no entry gets FL007 instead of silence
LINKS_WITHOUT_ENTRIES = 10


@rule("FL007", "no-entries", "warning")
def no_entries(doc: Document, options: Options) -> Iterator[Finding]:
    """A file with many links in which no entry was recognized.

    Rather than "no problems found" on a list it could not read, fmfl-lint says so: the
    list is written in a shape it does not know (``fmfl-lint entries FILE`` shows what it
    read). Reported at the file's first link.
    """
    if doc.entries or len(doc.links) < LINKS_WITHOUT_ENTRIES:
        return
    first = min(doc.links, key=lambda link: (link.span.line, link.span.column))
    message = (
        f"{len(doc.links)} links but no entry recognized: the list is in a shape fmfl-lint"
        " does not read, so nothing else was checked"
    )
    yield Finding.at(doc.path, first.span, message)


@rule("FL005", "bad-url")
def bad_url(doc: Document, options: Options) -> Iterator[Finding]:
    """A URL that cannot be right: a bad scheme, whitespace, or an impossible shape.

    Known hosts have known shapes: github.com/OWNER/REPO/ is followed by a kind of page
    (tree, blob, issues, ...), arxiv.org/abs/ and /pdf/ by an arXiv id, doi.org by ``10.``.
    """
    for url, span in doc.written_urls:
        if problem := shape_problem(url):
            yield Finding.at(doc.path, span, f"{problem}: {url}", url=url)
