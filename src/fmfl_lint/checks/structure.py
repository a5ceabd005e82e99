"""Is the file well-formed: RST syntax, complete entries, real dates, possible URLs."""

from __future__ import annotations

from collections.abc import Iterator

from ..fields import parse_date, quoted
from ..model import Document, Finding, Span
from ..rules import Options, rule
from ..urls import shape_problem


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

    Every entry of a list names a paper and links it; a row whose title cell has no link
    (or no text) cannot be checked or followed by a reader. A list-table with a short row
    is refused by its parser (FL001); its rows are still read, and the short ones named.
    """
    for entry in doc.entries:
        if entry.missing_cells:
            lacks = f"{entry.missing_cells} cell{'s' if entry.missing_cells > 1 else ''}"
            where = entry.title.span if entry.title else Span(entry.first_line)
            yield Finding.at(doc.path, where, f"row lacks {lacks} of its header")
        title, url = entry.title, entry.url
        if title is None and url is None:
            yield Finding.at(doc.path, Span(entry.first_line), "entry has no title and no link")
        elif title is not None and url is None:
            yield Finding.at(doc.path, title.span, f"entry {quoted(title.text)} has no link")
        elif url is not None and title is None:
            yield Finding.at(doc.path, url.span, "entry has a link but no title text")


@rule("FL003", "bad-date")
def bad_date(doc: Document, options: Options) -> Iterator[Finding]:
    """A date that is not ``YYYY`` or ``YYYY-MM``, a month out of range, or a future date.

    Dates order the list (FL401) and are compared with arXiv ids (FL303); a date that
    cannot be read takes no part in either.
    """
    today = (options.today.year, options.today.month)
    for entry in doc.entries:
        if entry.date is None:
            continue
        text = entry.date.text
        date = parse_date(text)
        if date is None:
            yield Finding.at(doc.path, entry.date.span, _why_unreadable(text))
        elif date.sort_key > today:
            yield Finding.at(doc.path, entry.date.span, f"date {text} is in the future")


def _why_unreadable(text: str) -> str:
    year, _, month = text.strip().partition("-")
    if year.isdigit() and len(year) == 4 and month.isdigit():
        if 1 <= int(month) <= 12:
            return f"date {text}: write the month with two digits ({year}-{int(month):02d})"
        return f"date {text}: month {month} does not exist (expected YYYY-MM, month 01-12)"
    return f"date '{text}' is not YYYY or YYYY-MM"


@rule("FL005", "bad-url")
def bad_url(doc: Document, options: Options) -> Iterator[Finding]:
    """A URL that cannot be right: a bad scheme, whitespace, or an impossible shape.

    Known hosts have known shapes: github.com/OWNER/REPO/ is followed by a kind of page
    (tree, blob, issues, ...), arxiv.org/abs/ and /pdf/ by an arXiv id, doi.org by ``10.``.
    """
    for url, span in doc.written_urls:
        if problem := shape_problem(url):
            yield Finding.at(doc.path, span, f"{problem}: {url}", url=url)
