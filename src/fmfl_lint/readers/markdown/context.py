"""What every shape's reader shares: the source, the entries and links found so far, where
the walk is among the headings, the HTML comments seen, and placing text in the source."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...model import Entry, Field, Link, Message, Span
from ..sourcemap import SourceMap
from .events import Node
from .inline import Found, Inline, InlineReader, paper_link

_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_EMOJI = re.compile(r":[a-z0-9_+-]+:")
_REFERENCE = re.compile(r"\[([^\[\]]+)\]\[([^\[\]]*)\]")
#: a link reference definition, ``[label]: url``; not the ``[//]: # (note)`` comment
_DEFINITION = re.compile(r"^ {0,3}\[[^\[\]]+\]:[ \t]*<?(?![#>\s])", re.MULTILINE)
#: a label written as one (``ref``, ``survey-paper``, ``1``), not as words (``Nice paper``)
_LABEL = re.compile(r"[a-z0-9][a-z0-9._:/-]*")


@dataclass
class Comment:
    offset: int
    text: str
    level: int  # level of the heading whose section holds it (0: before any heading)


@dataclass
class Outline:
    """Where the walk is: the section it reads, and what the headings so far said."""

    section: tuple[str, ...] = ()
    levels: tuple[int, ...] = ()
    #: the section's last name is a bold label's (``> **Surveys**``), not a heading's
    labelled: bool = False
    heading_spans: dict[tuple[str, ...], Span] = field(default_factory=dict)
    headings: list[tuple[int, int]] = field(default_factory=list)  # (line, level)


class Context:
    """The document being read: entries, links outside them, messages, comments."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.map = SourceMap(text)
        self.text = text
        self.inline = InlineReader(self.map)
        self.entries: list[Entry] = []
        #: per entry, whether it links a paper (by label or host); which containers are
        #: bullet lists: a paper list's side lists are told apart by these
        self.linking_paper: list[bool] = []
        self.bullet_lists: set[int] = set()
        self.links: list[Link] = []
        self.messages: list[Message] = []
        self.comments: list[Comment] = []
        self.outline = Outline()
        self.containers = 0
        self.defines_references = _DEFINITION.search(text) is not None

    def add(self, entry: Entry, found: list[Found]) -> None:
        """Keep an entry; ``found`` are its links, to tell whether it links a paper."""
        self.entries.append(entry)
        self.linking_paper.append(paper_link(found, exclude=None) is not None)

    def outside(self, found: Inline) -> None:
        """Keep the links of something that is not an entry (header badges, prose)."""
        self.links.extend(f.link for f in found.links if kept(f.link))

    def new_container(self) -> int:
        self.containers += 1
        return self.containers

    def field(self, text: str, start: int, end: int) -> Field:
        """``text`` located verbatim between two offsets (else at ``start``, not exactly)."""
        at = self.text.find(text, start, end) if text else -1
        if at < 0:
            span = self.map.span(start, 0)
            return Field(text, Span(span.line, span.column))
        return Field(text, self.map.span(at, len(text)))

    def block(self, start: int, end: int) -> tuple[tuple[int, int] | None, int, int]:
        """The whole lines from ``start`` to ``end`` (trailing blank lines left out), newline
        included, and their first and last line; no block if others share those lines."""
        text = self.text
        line_start = text.rfind("\n", 0, start) + 1
        stripped = text[start:end].rstrip()
        last = start + len(stripped)
        newline = text.find("\n", last)
        line_end = len(text) if newline < 0 else newline + 1
        first_line = self.map.span(line_start, 0).line
        last_line = self.map.span(max(last - 1, start), 0).line
        own = not text[line_start:start].strip() and not text[last:line_end].strip()
        return ((line_start, line_end) if own else None), first_line, last_line

    def html_comments(self, start: int, end: int) -> None:
        """Keep the comments written between two offsets: suppressions are read from them
        once the entries and headings they apply to are all known."""
        level = self.outline.levels[-1] if self.outline.levels else 0
        for match in _COMMENT.finditer(self.text, start, end):
            self.comments.append(Comment(match.start(), match.group(1).strip(), level))

    def html_comments_of(self, node: Node) -> None:
        for inner in node.walk():
            if inner.kind in ("html", "inline_html"):
                self.html_comments(inner.start, inner.end)

    def read_problems(self, found: Inline) -> None:
        """A reference link whose label has no definition shows as the brackets written:
        a problem where it was meant as a link, in a file that defines references (the
        label mistyped), or written as a reference (``[Paper][ref]``, ``[Paper][]``);
        ``[OSDI 2021][Nice paper]`` in a file that defines none is two bracketed notes."""
        merged: list[list[int]] = []
        for start, end in found.leaves:
            if merged and merged[-1][1] == start:
                merged[-1][1] = end
            else:
                merged.append([start, end])
        for start, end in merged:
            for match in _REFERENCE.finditer(self.text, start, end):
                written = match.group(2)
                if not (self.defines_references or not written or _LABEL.fullmatch(written)):
                    continue
                label = written or match.group(1)
                where = self.map.span(match.start(), 0)
                text = f"reference link [{label}] has no definition: it shows as written"
                self.messages.append(Message(where.line, 3, text))


def kept(link: Link) -> bool:
    """A link of the list: an empty target or an ``#anchor`` is decoration, but a file of
    the repository (``papers/x.md``) is linked as much as a web page (it is not fetched)."""
    url = link.url.strip()
    return bool(url) and not url.startswith("#")


def plain(text: str) -> str:
    """Text of a title: emoji shortcodes out, whitespace folded."""
    return " ".join(_EMOJI.sub(" ", text).split())
