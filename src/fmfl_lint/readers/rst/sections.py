"""Pages with a section per entry: a heading per project or idea, a line of links under it.

Whether a section is an entry is decided for its family (the sections that share its
parent): the family is a list of entries when at least two of its sections are "entry
sized" (no subsections, no table, list or run of entries of their own, a few links) and
carry a line of links, and they make up a good part of the family's entry-sized sections.
Every entry-sized section of such a family is an entry, the linkless ones too (with no
URL); the others (a section of notes, a table) are read as usual.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from docutils import nodes

from ...model import Entry, Link
from ..about import is_about_the_page
from .bullets import Bullets, first_paragraph
from .context import Context, is_internal, plain_links
from .tables import Tables

#: most links an entry-sized section has (a project: docs, issues, source, PyPI...)
_MOST_LINKS = 15
#: separators between the links of a link line: ``Docs | Issues | GitHub``, ``code :``
_SEPARATORS = re.compile(r"[|,·•:;/()\[\]\u2013\u2014-]+")
#: labels of a link to the paper itself, preferred as the entry's URL
_PAPER = re.compile(r"\b(?:paper|pdf|arxiv)\b", re.IGNORECASE)


class Sections:
    """Reads section-per-entry families into entries of a :class:`Context`."""

    def __init__(self, context: Context, bullets: Bullets, tables: Tables) -> None:
        self.ctx = context
        self.bullets = bullets
        self.tables = tables

    def entry_sections(self, family: list[nodes.section]) -> set[int]:
        """The ids of the sections of one family that are entries (none, or most)."""
        if len(family) < 2:
            return set()
        sized = [
            section
            for section in family
            if not is_about_the_page(_heading(section)) and self._entry_sized(section)
        ]
        linked = [section for section in sized if self._link_lines(section)]
        if len(linked) < 2 or len(linked) * 3 < len(sized):
            return set()
        return {id(section) for section in sized}

    def _entry_sized(self, section: nodes.section) -> bool:
        links = 0
        for node in _body(section):
            if isinstance(node, nodes.section):
                return False
            if isinstance(node, nodes.table) and self._has_entry_table(node):
                return False
            if isinstance(node, nodes.bullet_list) and self.bullets.has_titled_entries(node):
                return False
            if isinstance(node, nodes.definition_list):
                return False
            if isinstance(node, nodes.raw) and "<table" in node.astext().lower():
                return False
        led = [node for node in section.children if self.bullets.leads_with_link(node)]
        if len(led) >= 2:  # a run of paragraphs that are entries of their own
            return False
        for reference in section.findall(nodes.reference):
            if reference.get("refuri") and not reference["refuri"].startswith("#"):
                links += 1
        return links <= _MOST_LINKS

    def _has_entry_table(self, table: nodes.table) -> bool:
        thead = table.next_node(nodes.thead)
        return thead is not None and thead.next_node(nodes.row) is not None

    def _link_line(self, paragraph: nodes.Node) -> bool:
        """A paragraph of links and separators, at most a word of label for each."""
        if not isinstance(paragraph, nodes.paragraph):
            return False
        references = 0
        words = 0
        for child in paragraph.children:
            if isinstance(child, nodes.reference):
                uri = child.get("refuri")
                if uri and not uri.startswith("#"):
                    references += 1
                    continue
            words += len(_SEPARATORS.sub(" ", child.astext()).split())
        return references > 0 and words <= references

    def _link_lines(self, section: nodes.section) -> list[nodes.Element]:
        """The section's own link lines: paragraphs of links, in it or in its list items."""
        found: list[nodes.Element] = []
        for node in section.children:
            if isinstance(node, nodes.Element) and self._link_line(node):
                found.append(node)
            elif isinstance(node, nodes.bullet_list):
                for item in node.children:
                    paragraph = first_paragraph(item) if isinstance(item, nodes.Element) else None
                    if paragraph is not None and self._link_line(paragraph):
                        found.append(paragraph)
        return found

    def section_entry(
        self, section: nodes.section, path: tuple[str, ...], line: int, container: int
    ) -> Entry:
        """One section as one entry: its heading, the links of its link lines."""
        ctx = self.ctx
        lines = [node.line for node in section.findall(nodes.Element) if node.line]
        last_line = max([line, *lines])
        while last_line > line and ctx.map.is_blank(last_line):
            last_line -= 1
        ctx.comments_in(section, (line, last_line), len(path))
        link_lines = self._link_lines(section)
        found: list[tuple[Link, str]] = []
        for paragraph in link_lines:
            found.extend(ctx.reader.read(paragraph))
        anchors = plain_links(found)
        paper = [link for link, label in anchors if _PAPER.search(label)]
        url = paper[0] if paper else (anchors[0][0] if anchors else None)
        inside = {id(paragraph) for paragraph in link_lines}
        for node in section.children:
            if not isinstance(node, nodes.title):
                self._outside(node, inside)
        name = _heading(section)
        return Entry(
            section=path,
            container=container,
            first_line=line,
            last_line=last_line,
            title=ctx.field(name, line, line),
            url=url,
            links=tuple(link for link, _ in found if link is not url and not is_internal(link)),
            is_section=True,
        )

    def _outside(self, node: nodes.Node, inside: set[int]) -> None:
        """Links of a section entry's prose: kept, but as links outside entries."""
        if id(node) in inside or isinstance(node, nodes.substitution_definition):
            return
        if isinstance(node, (nodes.reference, nodes.image, nodes.raw, nodes.paragraph)):
            self.ctx.links.extend(link for link, _ in self.ctx.reader.read(node))
            return
        for child in getattr(node, "children", ()):
            self._outside(child, inside)


def _heading(section: nodes.section) -> str:
    title = section.next_node(nodes.title)
    return title.astext().strip() if title is not None else ""


def _body(section: nodes.section) -> Iterator[nodes.Node]:
    """The section's own nodes and what is under them, its subsections not entered."""
    stack = list(reversed(section.children))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, nodes.section):
            stack.extend(reversed(getattr(node, "children", ())))
