"""The shared vocabulary: what a parsed list is made of and what a check reports.

This module imports nothing else of the package, so every other module can use it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

_LINE_END = re.compile(r"(\r\n|\r|\n)")


def lines_of(text: str, keepends: bool = False) -> list[str]:
    """The lines of ``text`` as editors, git and GitHub count them: ended by ``\\n``,
    ``\\r\\n`` or ``\\r`` only. (``str.splitlines`` also breaks at form feeds, U+2028 and
    others: a reader, a fix and a diff that count lines differently move the wrong text.)"""
    pieces = _LINE_END.split(text)
    lines = [pieces[i] + (pieces[i + 1] if keepends else "") for i in range(0, len(pieces) - 1, 2)]
    if pieces[-1]:
        lines.append(pieces[-1])
    return lines


@dataclass(frozen=True)
class Span:
    """Where some text is written: 1-based line and column, and the character range.

    ``start``/``end`` index the decoded source text; they are ``None`` when the text could
    not be found verbatim (then nothing may be rewritten there).
    """

    line: int
    column: int = 1
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Link:
    """A URL written in the list: a hyperlink, or an image (a badge) and what it links to."""

    url: str
    span: Span
    is_image: bool = False
    #: the URL an image is a link to (what a reader clicks on the badge to reach)
    target: str | None = None
    target_span: Span | None = None
    #: the whole image as written (an ``<img>`` tag, an image directive's first line...),
    #: so its reader can put a link around it (see :class:`LinkImage`)
    markup: Span | None = None


@dataclass(frozen=True)
class Field:
    """A piece of text an entry states (title, venue, date, an extra column) and its place."""

    text: str
    span: Span


@dataclass(frozen=True)
class Entry:
    """One paper or tool in the list: a table row, a bullet item, a bibliography entry..."""

    section: tuple[str, ...]
    #: the table or bullet list holding the entry; entries are ordered within it
    container: int
    #: first and last source line of the row or item
    first_line: int
    last_line: int
    title: Field | None
    url: Link | None
    links: tuple[Link, ...] = ()
    venue: Field | None = None
    date: Field | None = None
    extra: tuple[tuple[str, Field], ...] = ()
    #: what a table row lists beside the paper it cites (``Name | Paper``: a dataset, a
    #: method): rows with different names are different entries even citing one paper
    name: Field | None = None
    #: character range of the whole row/item, for moving it (None if not exactly known)
    block: tuple[int, int] | None = None
    #: written in aligned columns (a grid or simple table): a rewrite that changes the
    #: text's width breaks it
    aligned: bool = False
    #: cells a table row lacks against its header
    missing_cells: int = 0
    #: a heading with its own lines (a section per project), not a row or an item: such a
    #: section may well hold prose and no link, so it is not malformed without one
    is_section: bool = False

    @property
    def line(self) -> int:
        """The line an entry-level finding points at: its title, else its first line."""
        return self.title.span.line if self.title else self.first_line

    @property
    def all_links(self) -> tuple[Link, ...]:
        return ((self.url,) if self.url else ()) + self.links


@dataclass(frozen=True)
class Message:
    """A problem the reader's parser found in the markup (it breaks how the list renders)."""

    line: int
    level: int
    text: str


@dataclass(frozen=True)
class Suppression:
    """A ``fmfl-lint: disable=...`` comment: rules off between two lines.

    ``codes`` holds what the comment names (codes or rule names) until the pipeline
    resolves them to codes against the registry.
    """

    codes: frozenset[str]
    first_line: int
    last_line: int
    span: Span
    #: codes written in the comment that name no rule, or an unreadable comment
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    """A parsed list: its entries, the links outside entries and what its parser said."""

    path: str
    text: str
    entries: tuple[Entry, ...]
    links: tuple[Link, ...]
    messages: tuple[Message, ...]
    suppressions: tuple[Suppression, ...]

    @functools.cached_property
    def all_links(self) -> tuple[Link, ...]:
        """Every URL of the file, inside entries or not, in file order."""
        inside = [link for entry in self.entries for link in entry.all_links]
        return tuple(sorted(inside + list(self.links), key=lambda link: link.span.line))

    @property
    def newline(self) -> str:
        """The line ending the file uses, for text a fix inserts."""
        return "\r\n" if "\r\n" in self.text else "\n"

    @functools.cached_property
    def written_urls(self) -> tuple[tuple[str, Span], ...]:
        """Every URL written in the file, once per place: links, images and their targets."""
        seen: set[tuple[str, int, int]] = set()
        found = []
        for link in self.all_links:
            for url, span in ((link.url, link.span), (link.target, link.target_span)):
                if url and span and (url, span.line, span.column) not in seen:
                    seen.add((url, span.line, span.column))
                    found.append((url, span))
        return tuple(found)


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement``: a URL, a venue, an id as written.

    The one change every format writes the same way; readers turn the others into edits.
    """

    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class LinkImage:
    """Make the image ``link`` a link to ``target`` (in the syntax of the list's format)."""

    link: Link
    target: str


@dataclass(frozen=True)
class RemoveEntry:
    """Delete the whole entry, every line of it."""

    entry: Entry


@dataclass(frozen=True)
class MoveEntries:
    """Put ``entries`` (a container's, in file order) into ``order``, each kept whole."""

    entries: tuple[Entry, ...]
    order: tuple[Entry, ...]


#: what a rule asks a fix to do; the list's reader writes it in the list's own syntax
Change = Edit | LinkImage | RemoveEntry | MoveEntries


@dataclass(frozen=True)
class Fix:
    description: str
    changes: tuple[Change, ...]


@dataclass(frozen=True, order=True)
class Finding:
    """One problem, at one place. Checks leave code, name and severity to the engine."""

    path: str
    line: int
    column: int
    code: str = ""
    message: str = field(default="", compare=False)
    name: str = field(default="", compare=False)
    severity: str = field(default="", compare=False)
    url: str | None = field(default=None, compare=False)
    fix: Fix | None = field(default=None, compare=False)
    #: lines of the other entries a finding is about (the earlier duplicate, say)
    related: tuple[int, ...] = field(default=(), compare=False)

    @classmethod
    def at(
        cls,
        path: str,
        span: Span,
        message: str,
        *,
        url: str | None = None,
        fix: Fix | None = None,
        related: tuple[int, ...] = (),
        severity: str = "",
    ) -> Finding:
        """A finding at ``span`` for a check to yield; the engine adds code and name, and
        the rule's severity unless the check says this finding is milder."""
        return cls(
            path,
            span.line,
            span.column,
            message=message,
            url=url,
            fix=fix,
            related=related,
            severity=severity,
        )
