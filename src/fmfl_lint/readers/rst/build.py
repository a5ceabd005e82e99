"""docutils doctree → Document: entries of both shapes, links outside them, docutils' messages.

Shape A is a table (usually a ``list-table``) whose header names the columns; shape B is a
bullet list whose items start with a link. Everything else that links somewhere is kept as
a link outside entries.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import replace

from docutils import nodes

from ...model import Document, Entry, Field, Link, Message, Suppression
from ..sourcemap import SourceMap
from .doctree import descendants, first_line_in, line_of, publish
from .links import LinkReader

#: header words that tell which column holds what, first match wins
COLUMN_WORDS = {
    "title": ("title", "paper", "name"),
    "venue": ("venue", "conference", "journal", "publication", "published"),
    "date": ("year", "date", "time"),
    "code": ("github", "code", "repo", "repository", "stars", "implementation"),
}

_SUPPRESSION = re.compile(r"fmfl-lint\s*:\s*(disable|disable-file)\s*=\s*(\S.*)?$", re.DOTALL)
_CODE_LIST = re.compile(r"[,\s]+")
#: " — ICML 2024", " (NeurIPS 2023-12)": a short venue that has a capital, then the date
_VENUE_DATE = re.compile(
    r"^\s*[\u2014\u2013\-,(\[]\s*(?P<venue>[^\W\d][\w&.+/'-]*(?: [\w&.+/'-]+){0,5}?)"
    r"\s*,?\s*(?P<date>(?:19|20)\d{2}(?:-\d{1,2})?)\b"
)
_HEADER_ROWS = re.compile(r":header-rows:\s*(\d+)")
_ROW_MARKER = re.compile(r"\s*[*+-]\s+[*+-](\s|$)")


def parse(path: str, text: str) -> Document:
    """Read every entry, link, suppression and docutils message of a list."""
    doctree = publish(path, text)
    builder = _Builder(path, text)
    builder.walk(doctree, ())
    return builder.document(doctree)


def column_roles(header: list[str]) -> dict[str, int]:
    """Which column is the title, venue, date and code, from the header's words."""
    roles: dict[str, int] = {}
    for index, name in enumerate(header):
        words = re.findall(r"\w+", name.casefold())
        for role, keywords in COLUMN_WORDS.items():
            if role not in roles and any(word in keywords for word in words):
                roles[role] = index
                break
    return roles


def _items_of(row: nodes.list_item) -> list[nodes.Element]:
    """The cells of a list-table row written as a nested bullet list."""
    inner = row.next_node(nodes.bullet_list)
    return [cell for cell in inner.children if isinstance(cell, nodes.list_item)] if inner else []


class _Builder:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.map = SourceMap(text)
        self.entries: list[Entry] = []
        self.links: list[Link] = []
        self.suppressions: list[Suppression] = []
        #: section-level suppressions wait for the end of their section to be known
        self.open_suppressions: list[tuple[Suppression, int]] = []
        self.section_lines: list[tuple[int, int]] = []  # (title line, depth)
        self.containers = 0
        self.reader = LinkReader(self.map)

    # -- the document -------------------------------------------------------------------

    def walk(self, node: nodes.Element, section: tuple[str, ...]) -> None:
        for child in node.children:
            if isinstance(child, nodes.section):
                if "system-messages" not in child["classes"]:
                    self.section(child, section)
            elif isinstance(child, nodes.system_message):
                self.ragged_table(child, section)
            elif isinstance(child, nodes.substitution_definition):
                continue
            elif isinstance(child, nodes.comment):
                self.comment(child, scope=None, depth=len(section))
            elif isinstance(child, (nodes.reference, nodes.image, nodes.raw)):
                self.links.extend(link for link, _ in self.reader.read(child))
            elif (isinstance(child, nodes.table) and self.table(child, section)) or (
                isinstance(child, nodes.bullet_list) and self.bullet_list(child, section)
            ):
                continue
            elif isinstance(child, nodes.Element):
                self.walk(child, section)

    def section(self, node: nodes.section, parent: tuple[str, ...]) -> None:
        title = node.next_node(nodes.title)
        name = title.astext().strip() if title else ""
        line = line_of(title) if title else line_of(node)
        # docutils numbers a title by its underline; findings point at the text
        for candidate in (line - 1, line - 2):
            if candidate >= 1 and self.map.lines[candidate - 1].strip() == name:
                line = candidate
                break
        self.section_lines.append((line, len(parent) + 1))
        self.walk(node, (*parent, name))

    def document(self, doctree: nodes.document) -> Document:
        for suppression, depth in self.open_suppressions:
            ends = [
                line - 1
                for line, title_depth in self.section_lines
                if line > suppression.first_line and title_depth <= depth
            ]
            last = min(ends, default=self.map.line_count)
            self.suppressions.append(
                Suppression(suppression.codes, suppression.first_line, last, suppression.span)
            )
        return Document(
            path=self.path,
            text=self.map.text,
            entries=tuple(self.entries),
            links=tuple(self.links),
            messages=tuple(self._messages(doctree)),
            suppressions=tuple(sorted(self.suppressions, key=lambda s: s.first_line)),
        )

    def _messages(self, doctree: nodes.document) -> list[Message]:
        found = []
        for message in doctree.findall(nodes.system_message):
            if message["level"] < 2:
                continue
            line = message.get("line") or message.line
            if not line:
                # messages from transforms point at the problem through backrefs
                culprits = [doctree.ids.get(ref) for ref in message["backrefs"]]
                line = next((line_of(c) for c in culprits if c is not None), 1)
            text = message.children[0].astext() if message.children else message.astext()
            found.append(Message(line, message["level"], " ".join(text.split())))
        return sorted(found, key=lambda m: m.line)

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

    def _field(self, text: str, line: int, last_line: int, after: int = 0) -> Field:
        span = self.map.find(text, line, after=after, until_line=last_line)
        return Field(text, span or self.map.line_span(line))

    # -- shape A: tables ------------------------------------------------------------------

    def table(self, table: nodes.table, section: tuple[str, ...]) -> bool:
        thead = table.next_node(nodes.thead)
        tbody = table.next_node(nodes.tbody)
        if thead is None or tbody is None:
            return False
        first_row = thead.next_node(nodes.row)
        if first_row is None:
            return False
        header = [
            self.reader.text(cell) for cell in first_row.children if isinstance(cell, nodes.Element)
        ]
        roles = column_roles(header)
        if "title" not in roles:
            return False
        container = self._new_container()
        for row in tbody.children:
            if isinstance(row, nodes.row):
                cells: list[nodes.Element] = [
                    cell for cell in row.children if isinstance(cell, nodes.entry)
                ]
                entry = self.row_entry(cells, line_of(row), header, roles, section, container)
                self.entries.append(entry)
        return True

    def ragged_table(self, message: nodes.system_message, section: tuple[str, ...]) -> None:
        """Read the rows of a list-table docutils refused for rows of unequal length.

        docutils keeps the directive's text in its message; its rows are read as the nested
        bullet lists they are written as, so the short rows can be named (FL002).
        """
        block = next((c for c in message.children if isinstance(c, nodes.literal_block)), None)
        written = block.astext().split("\n") if block is not None else []
        if not written or not written[0].lstrip().startswith(".. list-table::"):
            return
        first_row = next(
            (i for i, line in enumerate(written) if line.lstrip().startswith("*")), None
        )
        if first_row is None:
            return
        options = "\n".join(written[1:first_row])
        header_rows = int(match.group(1)) if (match := _HEADER_ROWS.search(options)) else 0
        rows = publish(self.path, textwrap.dedent("\n".join(written[first_row:])))
        offset = (message.get("line") or line_of(message)) + first_row - 1
        for node in descendants(rows, (nodes.Element,)):
            if node.line:
                node.line += offset
        outer = rows.next_node(nodes.bullet_list)
        items = (
            [item for item in outer.children if isinstance(item, nodes.list_item)] if outer else []
        )
        cells = [_items_of(item) for item in items]
        header = [self.reader.text(cell) for cell in cells[0]] if header_rows and cells else []
        roles = column_roles(header)
        if "title" not in roles:
            return
        container = self._new_container()
        for row in cells[header_rows:]:
            entry = self.row_entry(row, offset + 1, header, roles, section, container)
            self.entries.append(replace(entry, missing_cells=max(0, len(header) - len(row))))

    def row_entry(
        self,
        cells: list[nodes.Element],
        row_line: int,
        header: list[str],
        roles: dict[str, int],
        section: tuple[str, ...],
        container: int,
    ) -> Entry:
        cell_lines = [first_line_in(cell) if cell.children else 0 for cell in cells]
        numbered = [line for line in cell_lines if line]
        first_line = min(numbered) if numbered else row_line
        block = None
        if _ROW_MARKER.match(self.map.lines[first_line - 1]):
            last_line = self.map.block_end(first_line)
            block = self.map.block(first_line, last_line)
        else:  # a grid or simple table: rows cannot be moved as blocks of lines
            last_line = max(numbered, default=first_line)
        column_roles = {column: role for role, column in roles.items()}
        title = url = None
        links: list[Link] = []
        fields: dict[str, Field] = {}
        extra: list[tuple[str, Field]] = []
        for index, cell in enumerate(cells):
            for comment in descendants(cell, (nodes.comment,)):
                self.comment(comment, scope=(first_line, last_line), depth=len(section))
            found = self.reader.read(cell)
            line = cell_lines[index] or first_line
            role = column_roles.get(index)
            if role == "title":
                title, url = self._title(cell, found, line, last_line)
            links.extend(link for link, _ in found if link is not url)
            if role in ("venue", "date") or (role is None and index < len(header)):
                text = self.reader.text(cell)
                if text not in ("", "-"):
                    field = self._field(text, line, last_line)
                    if role:
                        fields[role] = field
                    else:
                        extra.append((header[index], field))
        return Entry(
            section=section,
            container=container,
            first_line=first_line,
            last_line=last_line,
            title=title,
            url=url,
            links=tuple(links),
            venue=fields.get("venue"),
            date=fields.get("date"),
            extra=tuple(extra),
            block=block,
            aligned=block is None,
        )

    def _title(
        self, cell: nodes.Element, found: list[tuple[Link, str]], line: int, last_line: int
    ) -> tuple[Field | None, Link | None]:
        """The title and primary link of a title cell: its first link that is not an image."""
        anchor = next(((link, label) for link, label in found if not link.is_image), None)
        if anchor is not None:
            link, label = anchor
            return (Field(label, link.span) if label else None), link
        text = self.reader.text(cell)
        return (self._field(text, line, last_line) if text else None), None

    def _new_container(self) -> int:
        self.containers += 1
        return self.containers

    # -- shape B: bullet lists ----------------------------------------------------------

    def bullet_list(self, blist: nodes.bullet_list, section: tuple[str, ...]) -> bool:
        items = [item for item in blist.children if isinstance(item, nodes.list_item)]
        linked = [item for item in items if self._first_anchor(item) is not None]
        if not items or len(linked) * 2 < len(items):
            return False
        container = self._new_container()
        for item in items:
            self.entries.append(self.item_entry(item, section, container))
            for child in item.children:
                if isinstance(child, nodes.bullet_list) and not self.bullet_list(child, section):
                    self.walk(child, section)
        return True

    @staticmethod
    def _first_paragraph(item: nodes.list_item) -> nodes.paragraph | None:
        # docutils may put a system message before the paragraph it is about
        return next((c for c in item.children if isinstance(c, nodes.paragraph)), None)

    def _first_anchor(self, item: nodes.list_item) -> nodes.reference | None:
        paragraph = self._first_paragraph(item)
        if paragraph is None:
            return None
        for reference in descendants(paragraph, (nodes.reference,)):
            if reference.get("refuri") and reference.next_node(nodes.image) is None:
                return reference
        return None

    def item_entry(self, item: nodes.list_item, section: tuple[str, ...], container: int) -> Entry:
        first_line = line_of(item)
        last_line = self.map.block_end(first_line)
        own = [
            child
            for child in item.children
            if not isinstance(child, (nodes.bullet_list, nodes.enumerated_list))
        ]
        found: list[tuple[Link, str]] = []
        for child in own:
            if isinstance(child, nodes.comment):
                self.comment(child, scope=(first_line, last_line), depth=len(section))
            else:
                found.extend(self.reader.read(child))
        anchors = [(link, label) for link, label in found if not link.is_image]
        title = url = venue = date = None
        paragraph = self._first_paragraph(item)
        text = self.reader.text(paragraph) if paragraph is not None else ""
        if anchors:
            url, label = anchors[0]
            title = Field(label, url.span)
            rest = text.split(label, 1)[1] if label and label in text else ""
            match = _VENUE_DATE.match(rest)
            if match:
                venue = self._field(
                    match.group("venue"), url.span.line, last_line, url.span.end or 0
                )
                after = venue.span.end or 0
                date = self._field(match.group("date"), venue.span.line, last_line, after)
        elif text:
            title = self._field(text, first_line, last_line)
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
