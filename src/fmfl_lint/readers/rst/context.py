"""What every shape's reader shares: the source, the links, what is found so far, and the
words that tell a title from a label."""

from __future__ import annotations

import re

from docutils import nodes

from ...model import Entry, Field, Link, Span, Suppression
from ..sourcemap import SourceMap
from .doctree import line_of
from .links import LinkReader

_SUPPRESSION = re.compile(r"fmfl-lint\s*:\s*(disable|disable-file)\s*=\s*(\S.*)?$", re.DOTALL)
_CODE_LIST = re.compile(r"[,\s]+")

#: link texts that say what kind of page a link is, never which paper or project
GENERIC_LABELS = frozenset(
    """
    pdf paper papers code arxiv github gitlab link links project project page website web
    site homepage home page html slides video videos pub publication poster talk blog demo
    docs doc documentation source src issues pypi repo repository bib bibtex cite citation
    abs abstract url here download official openreview supp supplementary preprint online
    full book full text data dataset model weights notebook colab tutorial
    """.split()
)
_GENERIC_PHRASES = frozenset({"project page", "full book", "full text", "home page"})
#: words a badge's image URL names an arXiv id with
_ARXIV_BADGE = re.compile(r"arxiv", re.IGNORECASE)


def is_generic(label: str) -> bool:
    """A link text that names a kind of page (``[PDF]``, ``code``, ``arXiv``), not a title."""
    text = " ".join(label.split()).strip()
    if text.startswith("[") and text.endswith("]"):
        return True  # a bracketed tag: [PDF], [Full Book], [**Python**]
    text = text.strip("()[]{}<>:;,.|-\u2013\u2014\u00b7* ").casefold()
    if not re.search(r"\w", text):
        return True
    return text in GENERIC_LABELS or text in _GENERIC_PHRASES


def is_internal(link: Link) -> bool:
    """A link to a place in the same page (a table of contents, "back to top")."""
    return link.url.startswith("#")


def badge_anchors(found: list[tuple[Link, str]]) -> set[int]:
    """The HTML anchors that only wrap a badge image (``<a href><img></a>``)."""
    targets = {link.target for link, _ in found if link.is_image and link.target}
    return {
        id(link)
        for link, label in found
        if not link.is_image and not label.strip() and link.url in targets
    }


def plain_links(found: list[tuple[Link, str]]) -> list[tuple[Link, str]]:
    """The links that are neither images nor anchors around an image, nor in-page."""
    badges = badge_anchors(found)
    return [
        (link, label)
        for link, label in found
        if not link.is_image and id(link) not in badges and not is_internal(link)
    ]


def badge_target(found: list[tuple[Link, str]]) -> Link | None:
    """What a row or item of badges only links to: an arXiv badge's target first."""
    badges = [link for link, _ in found if link.is_image and link.target]
    badges.sort(key=lambda link: not _ARXIV_BADGE.search(link.url))
    if not badges:
        return None
    badge = badges[0]
    return Link(badge.target or "", badge.target_span or badge.span)


def primary_link(found: list[tuple[Link, str]]) -> Link | None:
    """An entry's URL when its title has none: its first plain link, else a badge's target."""
    plain = plain_links(found)
    return plain[0][0] if plain else badge_target(found)


class Context:
    """The document being read: entries, links outside them, suppressions."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.map = SourceMap(text)
        self.entries: list[Entry] = []
        self.links: list[Link] = []
        self.suppressions: list[Suppression] = []
        #: section-level suppressions wait for the end of their section to be known
        self.open_suppressions: list[tuple[Suppression, int]] = []
        self.containers = 0
        self.reader = LinkReader(self.map)

    def block_entry(
        self,
        section: tuple[str, ...],
        container: int,
        lines: tuple[int, int],
        title: Field | None,
        url: Link | None,
        found: list[tuple[Link, str]],
        venue: Field | None = None,
        date: Field | None = None,
    ) -> Entry:
        """An entry written as whole lines (an item, a paragraph, a term): its other links
        are those ``found`` in it but its own, and its lines move as one block."""
        first_line, last_line = lines
        return Entry(
            section=section,
            container=container,
            first_line=first_line,
            last_line=last_line,
            title=title,
            url=url,
            links=tuple(link for link, _ in found if link is not url),
            venue=venue,
            date=date,
            block=self.map.block(first_line, last_line),
        )

    def new_container(self) -> int:
        self.containers += 1
        return self.containers

    def field(self, text: str, line: int, last_line: int, after: int = 0) -> Field:
        span = self.map.find(text, line, after=after, until_line=last_line)
        return Field(text, span or self.map.line_span(line))

    def title(self, label: str, link: Link, first_line: int, last_line: int) -> Field:
        """A link's text as a title, placed where it is written.

        A link written in the entry's lines is found there (its span, as it always was);
        a named or anonymous reference's URL is written elsewhere (``.. _name: url``), and
        its title is then looked for in the entry's own lines.
        """
        if first_line <= link.span.line <= last_line:
            return Field(label, link.span)
        return Field(label, self.place(label, first_line, last_line))

    def text_field(self, text: str, line: int, last_line: int) -> Field:
        """A title written as text (bold, plain), placed where it is written."""
        return Field(text, self.place(text, line, last_line))

    def place(self, text: str, line: int, last_line: int) -> Span:
        """Where ``text`` is written in lines ``line``..``last_line``; a text wrapped over
        lines is placed at its first words (without offsets: it is not written verbatim)."""
        span = self.map.find(text, line, until_line=last_line)
        if span is not None:
            return span
        words = text.split()
        for count in (3, 1):
            if len(words) > count:
                start = self.map.find(" ".join(words[:count]), line, until_line=last_line)
                if start is not None:
                    return Span(start.line, start.column)
        return self.map.line_span(line)

    def comment(self, node: nodes.comment, scope: tuple[int, int] | None, depth: int) -> None:
        """Turn an ``.. fmfl-lint:`` comment into a suppression of the entry or section."""
        text = node.astext().strip()
        if not text.startswith("fmfl-lint"):
            return
        # docutils numbers a comment by the line after its first
        span = self.map.find("fmfl-lint", max(line_of(node) - 1, 1), until_line=line_of(node))
        span = span or self.map.line_span(line_of(node))
        line = span.line
        match = _SUPPRESSION.match(text)
        if not match or not match.group(2):
            problem = f"unreadable suppression comment '{text}'"
            self.suppressions.append(Suppression(frozenset(), line, line, span, (problem,)))
            return
        codes = frozenset(code for code in _CODE_LIST.split(match.group(2).strip()) if code)
        if match.group(1) == "disable-file":
            self.suppressions.append(Suppression(codes, 1, self.map.line_count, span))
        elif scope is not None:
            self.suppressions.append(Suppression(codes, scope[0], scope[1], span))
        else:
            self.open_suppressions.append((Suppression(codes, line, line, span), depth))

    def comments_in(self, node: nodes.Node, scope: tuple[int, int], depth: int) -> None:
        """Every suppression comment under ``node`` applies to the one entry ``scope``."""
        for comment in node.findall(nodes.comment):
            self.comment(comment, scope, depth)
