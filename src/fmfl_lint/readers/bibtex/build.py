"""Entries from bibtexparser's blocks, with every field's exact place in the file.

bibtexparser 2 splits the file into blocks and keeps each block's raw text, its first
line and each field's value as written; it gives no offsets. Each block's raw text is
found in the file (blocks come in file order, so a cursor finds each once), and each
field in its block the same way: the name, ``=``, then the value as written.

A field's span is the text inside its braces or quotes. It keeps its offsets only when
the field's text is that text exactly (no case braces, escapes or macros read away), so
a fix that rewrites a field can never drop a brace; links keep theirs always, and their
rules rewrite only a URL written as it is read.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import bibtexparser
from bibtexparser import model as bib

from ...model import Document, Entry, Field, Link, Message, Span, Suppression
from ..base import ReaderError
from ..sourcemap import SourceMap
from .values import month_number, name_problem, pieces, plain, url_command, url_text

_SYNTAX = 3  # a Message's level: an error, as docutils numbers them
_STRAY_FIELD = re.compile(r"^[ \t]*([A-Za-z][\w-]*)[ \t]*=[ \t]*[{\"\d]", re.MULTILINE)
_SUPPRESSION = re.compile(r"^[ \t%]*fmfl-lint\s*:\s*(disable|disable-file)\s*=\s*(.*)$", re.M)
_MENTION = re.compile(r"^[ \t%]*fmfl-lint\b.*$", re.MULTILINE)
_CODE_LIST = re.compile(r"[,\s]+")
_TAGS = re.compile(r"[,;]")
_ARXIV_PREFIXES = ("", "arxiv")
#: fields whose value, when it is a URL, is a link of the entry besides its primary one
_LINK_FIELDS = ("github", "code", "pdf")


@dataclass(frozen=True)
class Written:
    """One field of an entry: its name and its value, as read and where written."""

    name: str
    field: Field
    #: the raw value's text inside its braces or quotes, exactly as written
    inner: str


@contextmanager
def _quiet() -> Iterator[None]:
    """bibtexparser logs each block it cannot read; here that becomes a Message instead."""
    logger = logging.getLogger("bibtexparser.splitter")
    was = logger.disabled
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = was


def parse(path: str, text: str) -> Document:
    """Every entry of a BibTeX file; what does not parse becomes a Message (FL001)."""
    try:
        with _quiet():
            library = bibtexparser.parse_string(text, parse_stack=[])
    except Exception as error:  # bibtexparser raises on its own bugs, not on bad input
        raise ReaderError(f"{path}: BibTeX parser failed: {error}") from None
    return _Builder(path, text, library).document()


class _Builder:
    def __init__(self, path: str, text: str, library: bibtexparser.Library) -> None:
        self.path = path
        self.text = text
        self.map = SourceMap(text)
        self.library = library
        self.macros = {
            block.key.lower(): plain(_inner(block.value.strip())) for block in library.strings
        }
        self.entries: list[Entry] = []
        self.messages: list[Message] = []
        self.suppressions: list[Suppression] = []
        #: a ``disable=`` comment waiting for the entry after it
        self.pending: list[Suppression] = []
        self.cursor = 0

    def document(self) -> Document:
        for block in self.library.blocks:
            self.block(block)
        return Document(
            self.path,
            self.text,
            tuple(self.entries),
            (),
            tuple(sorted(self.messages, key=lambda m: m.line)),
            tuple(self.suppressions),
        )

    def _locate(self, raw: str) -> int:
        """Offset of a block's raw text, the first time it is written after the cursor."""
        at = self.text.find(raw, self.cursor)
        if at < 0:  # cannot happen: raw text is a slice of the file
            raise ReaderError(f"{self.path}: a BibTeX block was not found in the file")
        self.cursor = at + len(raw)
        return at

    def block(self, block: bib.Block) -> None:
        raw = block.raw or ""
        at = self._locate(raw)
        if isinstance(block, bib.ImplicitComment):
            self.comment(raw, at)
            return
        while isinstance(block, bib.ParsingFailedBlock) and block.ignore_error_block:
            # a repeated key is FL601's, a repeated field is reported with its line below
            block = block.ignore_error_block
        if isinstance(block, bib.ParsingFailedBlock):
            self.failed(block, at, raw)
        elif isinstance(block, bib.Entry):
            self.entry(block, at, raw)
        self.pending = []

    def failed(self, block: bib.ParsingFailedBlock, at: int, raw: str) -> None:
        """An entry that does not parse: said at its first line; the file reads on."""
        reason = " ".join(str(getattr(block.error, "abort_reason", block.error)).split())
        key = re.match(r"@\s*\w*\s*[{(]\s*([^,\s]*)", raw)
        name = f" '{key.group(1)}'" if key and key.group(1) else ""
        stop = self.map.span(at + len(raw), 0).line
        text = f"entry{name} does not parse: {reason} (read up to line {stop})"
        self.messages.append(Message(self.map.span(at, 0).line, _SYNTAX, text))

    def comment(self, raw: str, at: int) -> None:
        """Text outside entries: suppressions, and fields that were left outside one."""
        for match in _MENTION.finditer(raw):
            span = self.map.span(at + match.start(), len(match.group(0)))
            written = _SUPPRESSION.match(match.group(0))
            codes = written.group(2).strip() if written else ""
            if not codes or written is None:
                problem = f"unreadable suppression comment '{match.group(0).strip()}'"
                self.suppressions.append(
                    Suppression(frozenset(), span.line, span.line, span, (problem,))
                )
                continue
            names = frozenset(code for code in _CODE_LIST.split(codes) if code)
            if written.group(1) == "disable-file":
                self.suppressions.append(Suppression(names, 1, self.map.line_count, span))
            else:
                self.pending.append(Suppression(names, span.line, span.line, span))
        for match in _STRAY_FIELD.finditer(raw):
            line = self.map.span(at + match.start(1), 0).line
            text = (
                f"field '{match.group(1)}' is outside any entry: BibTeX ignores it"
                " (a brace or comma too many above?)"
            )
            self.messages.append(Message(line, _SYNTAX, text))

    def entry(self, block: bib.Entry, at: int, raw: str) -> None:
        opening = min(i for i in (raw.find("{"), raw.find("(")) if i >= 0)
        cursor = opening + 1
        fields: list[Written] = []
        if block.key:
            cursor = raw.find(block.key, cursor)
            key_span = self.map.span(at + cursor, len(block.key))
            fields.append(Written("key", Field(block.key, key_span), block.key))
            cursor += len(block.key)
        seen: dict[str, int] = {}
        for written in block.fields:
            found, cursor = self.field(written, raw, at, cursor)
            line = found.field.span.line
            if found.name in seen:
                self.messages.append(
                    Message(
                        line,
                        _SYNTAX,
                        f"field '{written.key}' is given again (first on line {seen[found.name]}):"
                        " BibTeX keeps the first",
                    )
                )
                continue
            seen[found.name] = line
            fields.append(found)
        self.entries.append(self._entry(fields, at, raw))

    def field(self, written: bib.Field, raw: str, at: int, cursor: int) -> tuple[Written, int]:
        """The field ``written`` found in ``raw`` at or after ``cursor``; the new cursor."""
        name_at = raw.find(written.key, cursor)
        value_at = raw.find(written.value, raw.find("=", name_at + len(written.key)) + 1)
        value = written.value
        found, problem = pieces(value)
        problem = name_problem(written.key) or problem
        if problem:
            line = self.map.span(at + name_at, 0).line
            self.messages.append(Message(line, _SYNTAX, f"field '{written.key}': {problem}"))
        start = at + value_at
        if len(found) == 1:
            piece = found[0]
            inner = value[piece.inner_start : piece.inner_end]
            text = self.macros.get(inner.lower(), inner) if piece.bare else inner
            span = self.map.span(start + piece.inner_start, len(inner))
            if text != inner:  # a @string macro: what is written is its name
                span = Span(span.line, span.column)
        else:  # pieces joined with '#' (or nothing readable): no place to rewrite
            inner = value
            parts = [(value[p.inner_start : p.inner_end], p.bare) for p in found]
            text = "".join(
                self.macros.get(part.lower(), part) if bare else part for part, bare in parts
            )
            where = self.map.span(start, 0)
            span = Span(where.line, where.column)
        return Written(written.key.lower(), Field(text, span), inner), value_at + len(value)

    def _entry(self, fields: list[Written], at: int, raw: str) -> Entry:
        by_name = {found.name: found for found in fields}
        first = self.map.span(at, 0).line
        last = self.map.span(at + len(raw) - 1, 0).line
        url = _link(by_name.get("url"), url_text)
        doi = _link(by_name.get("doi"), _doi_url)
        prefix = by_name.get("archiveprefix") or by_name.get("eprinttype")
        arxiv = prefix is None or prefix.field.text.strip().lower() in _ARXIV_PREFIXES
        eprint = _link(by_name.get("eprint"), _arxiv_url) if arxiv else None
        published = self._published(by_name.get("howpublished") or by_name.get("note"))
        others = [_link(by_name.get(name), url_text) for name in _LINK_FIELDS]
        others = [link for link in others if link and "://" in link.url]  # "see the paper"
        found = [link for link in (url, doi, eprint, published, *others) if link is not None]
        primary = next((link for link in (url, doi, eprint, published) if link), None)
        howpublished = by_name.get("howpublished")
        # a @misc names where it appeared in howpublished, when that is not its link
        said = howpublished if howpublished and url_command(howpublished.inner) is None else None
        venue = by_name.get("journal") or by_name.get("booktitle") or said
        for suppression in self.pending:
            self.suppressions.append(
                Suppression(suppression.codes, suppression.first_line, last, suppression.span)
            )
        return Entry(
            section=_section(by_name.get("tags") or by_name.get("keywords")),
            container=len(self.entries),  # a bibliography's order means nothing: no FL401
            first_line=first,
            last_line=last,
            title=_plain_field(by_name.get("title")),
            url=primary,
            links=tuple(link for link in found if link is not primary),
            venue=_plain_field(venue),
            date=_date(by_name.get("year"), by_name.get("month")),
            extra=tuple((found.name, found.field) for found in fields if found.name != "title"),
            block=self._block(at, raw),
        )

    def _published(self, found: Written | None) -> Link | None:
        """``howpublished = {\\url{...}}``: where a @misc entry's link is often written."""
        if found is None or found.field.span.start is None:
            return None
        command = url_command(found.inner)
        if command is None:
            return None
        written = command.group(1)
        span = self.map.span(found.field.span.start + command.start(1), len(written))
        return Link(url_text(written), span)

    def _block(self, at: int, raw: str) -> tuple[int, int]:
        """The entry's lines: from its line's start when only blanks stand before the ``@``,
        to its newline when only blanks follow the closing brace."""
        line_start = self.text.rfind("\n", 0, at) + 1
        start = line_start if not self.text[line_start:at].strip() else at
        end = at + len(raw)
        rest = re.compile(r"[ \t]*(\r\n|\n|\r|$)").match(self.text, end)
        return start, rest.end() if rest else end


def _section(tags: Written | None) -> tuple[str, ...]:
    """An entry's tags (or keywords), in the order written: the list's sections."""
    if tags is None:
        return ()
    return tuple(tag for tag in (plain(part) for part in _TAGS.split(tags.field.text)) if tag)


def _inner(value: str) -> str:
    found, _ = pieces(value)
    return "".join(value[p.inner_start : p.inner_end] for p in found)


def _plain_field(found: Written | None) -> Field | None:
    """The field as plain text; its span keeps offsets only when the text is written so,
    so that a rewrite of the text never drops a brace that protects case."""
    if found is None or not found.field.text.strip():
        return None
    text = plain(found.field.text)
    span = found.field.span
    if text != found.inner:
        span = Span(span.line, span.column)
    return Field(text, span)


def _link(found: Written | None, url: Callable[[str], str]) -> Link | None:
    if found is None or not found.field.text.strip():
        return None
    return Link(url(found.field.text), found.field.span)


def _doi_url(doi: str) -> str:
    text = url_text(doi)
    if "://" in text:
        return text
    return "https://doi.org/" + re.sub(r"^(doi:\s*)", "", text, flags=re.IGNORECASE)


def _arxiv_url(eprint: str) -> str:
    """An arXiv eprint's abstract page (an eprint written as a URL stays that URL)."""
    text = url_text(eprint)
    if "://" in text:
        return text
    return "https://arxiv.org/abs/" + re.sub(r"^arxiv:\s*", "", text, flags=re.IGNORECASE)


def _date(year: Written | None, month: Written | None) -> Field | None:
    """``YYYY-MM`` from the year and month fields (``YYYY`` without a month that reads),
    at the year: the text is the list's date, not what is written."""
    if year is None or not year.field.text.strip():
        return None
    text = plain(year.field.text)
    number = month_number(month.field.text) if month else None
    if number is None or not re.fullmatch(r"\d{4}", text):
        return _plain_field(year)
    span = year.field.span
    return Field(f"{text}-{number:02d}", Span(span.line, span.column))
