"""Markdown tree -> Document: entries of every shape, links outside them, markup problems.

Entries are GFM table rows, rows of HTML tables written in the Markdown, top-level list
items (bulleted or numbered; nested items belong to their item), and paragraphs that are
one link under a heading. Headings are sections; ``<details>`` is read through; comments,
tables of contents (lists of ``#anchor`` links) and badges are not entries, nor are a
paper list's venue index and side lists (see :mod:`.papers`).

Each shape has its module (tables, bullets, paragraphs; headings and bold labels in
sections); this module walks the blocks and hands each to its shape, and at the end turns
the fmfl-lint comments into suppressions, once the entries and headings are all known.
"""

from __future__ import annotations

import re

from ...model import Document, Suppression
from .bullets import Bullets
from .context import Context
from .events import Node, parse
from .papers import side_lists
from .paragraphs import Paragraphs
from .sections import Sections
from .tables import Tables

_SUPPRESSION = re.compile(r"fmfl-lint\s*:\s*(disable|disable-file)\s*=\s*(\S.*)?$", re.DOTALL)
_CODE_LIST = re.compile(r"[,\s]+")


def read(path: str, text: str) -> Document:
    builder = _Builder(path, text)
    blocks = parse(text).children
    builder.sections.find_entry_headings(blocks)
    builder.walk(blocks)
    return builder.document()


class _Builder(Context):
    def __init__(self, path: str, text: str) -> None:
        super().__init__(path, text)
        self.sections = Sections(self)
        self.tables = Tables(self)
        self.bullets = Bullets(self, self.sections)
        self.paragraphs = Paragraphs(self, self.sections)

    def walk(self, nodes: list[Node]) -> None:
        index = 0
        while index < len(nodes):
            node = nodes[index]
            if node.kind != "paragraph":
                self.paragraphs.end_run()
            if node.kind == "heading" and node.start in self.sections.entry_headings:
                index = self.sections.heading_entry(nodes, index)
            elif node.kind == "heading":
                self.sections.heading(node)
            elif node.kind == "html_block":
                self.sections.html_heading(node)
                index = self.tables.html_blocks(nodes, index)
            elif node.kind == "table":
                self.tables.gfm_table(node)
            elif node.kind == "list":
                self.bullets.bullet_list(node, self.walk)
            elif node.kind == "paragraph":
                self.paragraphs.paragraph(node)
            elif node.kind in ("blockquote", "footnotedefinition"):
                self.walk(node.children)
            index += 1

    def document(self) -> Document:
        self._drop_side_lists()
        return Document(
            path=self.path,
            text=self.text,
            entries=tuple(self.entries),
            links=tuple(self.links),
            messages=tuple(sorted(self.messages, key=lambda m: m.line)),
            suppressions=tuple(self._suppressions()),
        )

    def _drop_side_lists(self) -> None:
        """A paper list's side lists (events, courses...) become links outside entries."""
        side = side_lists(self.entries, self.linking_paper, self.bullet_lists)
        self.links.extend(link for e in self.entries if e.container in side for link in e.all_links)
        kept = [i for i, e in enumerate(self.entries) if e.container not in side]
        self.entries = [self.entries[i] for i in kept]
        self.linking_paper = [self.linking_paper[i] for i in kept]

    def _suppressions(self) -> list[Suppression]:
        """A comment suppresses in the entry it is written in, else to the end of its
        heading's section, or the whole file with ``disable-file``."""
        found = []
        line_count = self.map.line_count
        for comment in self.comments:
            if not comment.text.startswith("fmfl-lint"):
                continue
            span = self.map.span(comment.offset, 4 + len(comment.text))
            line = span.line
            match = _SUPPRESSION.match(comment.text)
            if not match or not match.group(2):
                problem = f"unreadable suppression comment '{comment.text}'"
                found.append(Suppression(frozenset(), line, line, span, (problem,)))
                continue
            codes = frozenset(c for c in _CODE_LIST.split(match.group(2).strip()) if c)
            entry = next((e for e in self.entries if e.first_line <= line <= e.last_line), None)
            if match.group(1) == "disable-file":
                first, last = 1, line_count
            elif entry is not None:
                first, last = entry.first_line, entry.last_line
            else:
                ends = [
                    heading - 1
                    for heading, level in self.outline.headings
                    if heading > line and level <= max(comment.level, 1)
                ]
                first, last = line, min(ends, default=line_count) if comment.level else line_count
            found.append(Suppression(codes, first, last, span))
        return sorted(found, key=lambda s: s.first_line)
