"""A ``<table>`` written in a ``.. raw:: html`` block: each row of its body an entry.

The ``<th>`` row names the columns as a table's header does; the title cell's link is the
entry's URL, else the first link of the row that is not a badge (``<a><img></a>``).
"""

from __future__ import annotations

from docutils import nodes

from ...model import Field, Link
from .context import Context, is_generic, plain_links
from .doctree import line_of
from .tables import RowCell, column_roles, row_entry, settle_title


class RawTables:
    """Reads the rows of HTML tables in raw blocks into entries of a :class:`Context`."""

    def __init__(self, context: Context) -> None:
        self.ctx = context

    def table(self, node: nodes.raw, section: tuple[str, ...]) -> bool:
        """Read the block's table as entries; False when it holds no table with a header."""
        ctx = self.ctx
        if "html" not in node.get("format", "").split() or "<t" not in node.astext():
            return False
        fragment = ctx.reader.fragment(node)
        rows = [row.cells for table in fragment.tables for row in table.rows if row.cells]
        if len(rows) < 2 or not all(cell.header for cell in rows[0]):
            return False
        header = [cell.text for cell in rows[0]]
        body = rows[1:]
        texts = [[cell.text for cell in row] for row in body]
        roles = settle_title(header, texts, column_roles(header))
        if "title" not in roles:
            return False
        found = ctx.reader.html_links(node)
        link_of = {id(html): pair for html, pair in zip(fragment.links, found, strict=True)}
        origin = ctx.reader.raw_origin(node)

        def line_at(offset: int) -> int:
            return ctx.map.span(origin.offset(offset), 0).line if origin else line_of(node)

        container = ctx.new_container()
        used: set[int] = set()
        for row in body:
            cell_lines = [line_at(cell.start) for cell in row]
            first_line, last_line = min(cell_lines), max(cell_lines)
            found_in = [[link_of[id(html)] for html in cell.links] for cell in row]
            used.update(id(link) for cells in found_in for link, _ in cells)
            cells = [
                RowCell(cell.text, found, line)
                for cell, found, line in zip(row, found_in, cell_lines, strict=True)
            ]
            at = roles["title"]
            read_title = (
                self._title(row[at].text, found_in[at], cell_lines[at], last_line)
                if at < len(row)
                else (None, None)
            )
            lines = (first_line, last_line)
            ctx.entries.append(
                row_entry(ctx, header, roles, cells, read_title, section, container, lines)
            )
        ctx.links.extend(link for link, _ in found if id(link) not in used)
        return True

    def _title(
        self, text: str, found: list[tuple[Link, str]], line: int, last_line: int
    ) -> tuple[Field | None, Link | None]:
        anchors = plain_links(found)
        if anchors and anchors[0][1] and not is_generic(anchors[0][1]):
            link, label = anchors[0]
            return self.ctx.title(label, link, line, last_line), link
        if text and not is_generic(text):
            return self.ctx.text_field(text, line, last_line), None
        return None, None
