"""Tables, one entry a row: GFM tables, and HTML tables written in the Markdown (one HTML
block, or several when blank lines break a table up). A table is a list of entries when
its header names a title column and a row of it links somewhere (one that links nothing
holds data: results, dataset sizes); a row of empty cells holds a place, it is no entry.
The columns are told apart as the RST reader does."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...model import Entry, Field, Link, Message
from ..html import HtmlCell, HtmlFragment, HtmlRow, HtmlTable, parse_fragment
from ..rst.context import badge_target
from ..rst.tables import column_roles, is_placeholder, paper_columns, settle_title
from .context import Context, kept, plain
from .events import Node
from .inline import (
    CODE_HOSTS,
    GENERIC,
    Found,
    Inline,
    badge_venue,
    on_hosts,
    paper_link,
)

_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)
#: rows enough to tell a column of names from a column of links (as the RST reader reads)
_SAMPLE_ROWS = 25


@dataclass
class _Cell:
    found: Inline
    text: str  # an HTML cell's text; a Markdown cell's is its Inline's
    start: int
    end: int


class Tables:
    """Reads GFM and HTML tables into entries of a :class:`Context`."""

    def __init__(self, context: Context) -> None:
        self.ctx = context

    # -- HTML blocks ----------------------------------------------------------------------

    def html_blocks(self, nodes: list[Node], index: int) -> int:
        """One HTML block, or the blocks a table spans when blank lines break it up;
        returns the index of the last block read."""
        ctx = self.ctx
        first = nodes[index]
        last_index = index
        written = ctx.text[first.start : first.end]
        if _TABLE_OPEN.search(written):
            opened = _tables_opened(written)
            probe = index
            while opened > 0 and probe + 1 < len(nodes):
                probe += 1
                opened += _tables_opened(ctx.text[nodes[probe].start : nodes[probe].end])
                if opened <= 0:
                    last_index = probe
        start, end = first.start, nodes[last_index].end
        ctx.html_comments(start, end)
        fragment = parse_fragment(ctx.text[start:end])
        taken: list[tuple[int, int]] = []
        for table in fragment.tables:
            self.html_table(table, start)
            taken.append((table.start, table.end))
        found = Inline()
        ctx.inline.html_fragment(fragment, start, found, skip=taken)
        ctx.outside(found)
        return last_index

    def html_table(self, table: HtmlTable, base: int) -> None:
        ctx = self.ctx
        for tag, offset in table.unclosed:
            line = ctx.map.span(base + offset, 0).line
            ctx.messages.append(
                Message(line, 3, f"<{tag}> is never closed in its table: the table renders broken")
            )
        head = _head_rows(table.rows)
        header = _column_names(head)
        body = [
            row
            for row in table.rows
            if not any(row is named for named in head) and not _group_label(row, len(header))
        ]
        cells_of = [self._html_cells(row, base, len(header)) for row in body]
        roles = _roles(header, cells_of)
        if "title" not in roles or not _links_anything(cells_of):
            self._links_only(cells_of)
            return
        labels = [row.start for row in table.rows if _group_label(row, len(header))]
        container = ctx.new_container()
        for row, cells in zip(body, cells_of, strict=True):
            if labels and row.start > labels[0]:
                # the rows under a group label are ordered as a list of their own
                while labels and row.start > labels[0]:
                    labels.pop(0)
                container = ctx.new_container()
            if _blank(cells) or _named_without_paper(cells, roles):
                continue
            block, first_line, last_line = ctx.block(base + row.start, base + row.end)
            entry = self.row_entry(cells, header, roles, container, block, first_line, last_line)
            ctx.add(entry, [f for cell in cells for f in cell.found.links])

    def _links_only(self, cells_of: list[list[_Cell]]) -> None:
        """A table that lists no entries: its links are still checked, outside entries."""
        for cells in cells_of:
            for cell in cells:
                self.ctx.outside(cell.found)

    def _html_cells(self, row: HtmlRow, base: int, width: int) -> list[_Cell]:
        """A row's cells at their columns: where a cell from a row above (``rowspan``) or
        one to the left (``colspan``) spans, an empty cell holds the column."""
        at = {cell.column: self._html_cell(cell, base) for cell in row.cells}
        empty = _Cell(Inline(), "", base + row.start, base + row.start)
        placed = [at.pop(column, empty) for column in range(width)]
        return placed + [at[column] for column in sorted(at)]

    def _html_cell(self, cell: HtmlCell, base: int) -> _Cell:
        found = Inline(text=cell.text)
        self.ctx.inline.html_fragment(HtmlFragment(links=cell.links), base, found)
        return _Cell(found, cell.text, base + cell.start, base + cell.end)

    # -- GFM tables -----------------------------------------------------------------------

    def gfm_table(self, node: Node) -> None:
        ctx = self.ctx
        head = next((child for child in node.children if child.kind == "thead"), None)
        rows = [child for child in node.children if child.kind == "row"]
        if head is None:
            return
        header_cells = [c for c in head.children if c.kind == "cell"]
        header = [ctx.inline.read(cell.children).text for cell in header_cells]
        written = len(_written_cells(ctx.text[head.start : head.end]))
        for row in rows:
            written_cells = _written_cells(ctx.text[row.start : row.end])
            count = len(written_cells)
            # GitHub pads a short row with empty cells, which loses nothing (a row without
            # its Code cell has no code); the cells of a long one past the header's are
            # dropped from the page, which loses nothing only when they are blank
            if any(cell.strip() for cell in written_cells[written:]):
                line = ctx.map.span(row.start, 0).line
                ctx.messages.append(
                    Message(
                        line,
                        3,
                        f"table row has {count} cells, its header {written}:"
                        f" GitHub drops the last {count - written}",
                    )
                )
        cells_of = [
            [
                _Cell(ctx.inline.read(cell.children), "", cell.start, cell.end)
                for cell in row.children
                if cell.kind == "cell"
            ]
            for row in rows
        ]
        roles = _roles(header, cells_of)
        for cells in cells_of:
            for cell in cells:
                ctx.html_comments(cell.start, cell.end)
                ctx.read_problems(cell.found)
        if "title" not in roles or not _links_anything(cells_of):
            for header_cell in header_cells:
                ctx.outside(ctx.inline.read(header_cell.children))
            self._links_only(cells_of)
            return
        container = ctx.new_container()
        for row, cells in zip(rows, cells_of, strict=True):
            if _blank(cells) or _named_without_paper(cells, roles):
                continue
            block, first_line, last_line = ctx.block(row.start, row.end)
            entry = self.row_entry(cells, header, roles, container, block, first_line, last_line)
            ctx.add(entry, [f for cell in cells for f in cell.found.links])

    # -- rows of either ---------------------------------------------------------------------

    def row_entry(
        self,
        cells: list[_Cell],
        header: list[str],
        roles: dict[str, int],
        container: int,
        block: tuple[int, int] | None,
        first_line: int,
        last_line: int,
    ) -> Entry:
        by_column = {column: role for role, column in roles.items()}
        title: Field | None = None
        url: Link | None = None
        fields: dict[str, Field] = {}
        extra: list[tuple[str, Field]] = []
        every: list[Found] = [f for cell in cells for f in cell.found.links if kept(f.link)]
        title_cell = cells[roles["title"]] if roles["title"] < len(cells) else None
        if title_cell is not None:
            title, url = self._cell_title(title_cell)
        if url is None or on_hosts(url.url, CODE_HOSTS):
            paper = paper_link(every, exclude=url)
            if paper is not None:
                url = paper.link
        if url is None:
            url = _paper_column_link(cells, header)
        for index, cell in enumerate(cells):
            role = by_column.get(index)
            if role in ("venue", "date", "name") or (role is None and index < len(header)):
                text = plain(cell.text or cell.found.text)
                if is_placeholder(text):
                    continue
                found = self.ctx.field(text, cell.start, cell.end)
                if role:
                    fields[role] = found
                else:
                    extra.append((header[index], found))
        if "venue" not in fields:
            for found_link in every:
                venue = badge_venue(found_link.link.url) if found_link.link.is_image else None
                if venue:
                    fields["venue"] = Field(venue, found_link.link.span)
                    break
        return Entry(
            section=self.ctx.outline.section,
            container=container,
            first_line=first_line,
            last_line=last_line,
            title=title,
            url=url,
            links=tuple(f.link for f in every if f.link is not url),
            venue=fields.get("venue"),
            date=fields.get("date"),
            extra=tuple(extra),
            name=fields.get("name"),
            block=block,
        )

    def _cell_title(self, cell: _Cell) -> tuple[Field | None, Link | None]:
        """The title of a title cell: its first link with a real label, else its text."""
        for found in cell.found.links:
            link = found.link
            if link.is_image or not kept(link) or not found.label or GENERIC.match(found.label):
                continue
            label = plain(found.label)
            return self.ctx.field(label, found.start, cell.end), link
        text = plain(cell.text or cell.found.text)
        if not text or text == "-":
            return None, None
        return self.ctx.field(text, cell.start, cell.end), None


def _roles(header: list[str], cells_of: list[list[_Cell]]) -> dict[str, int]:
    """Which column is the title, venue, date and code: the title column is the titled
    header whose cells name things, as the RST reader picks it (``Paper`` over ``Name``)."""
    texts = [[plain(cell.text or cell.found.text) for cell in cells] for cells in cells_of]
    return settle_title(header, texts[:_SAMPLE_ROWS], column_roles(header))


def _paper_column_link(cells: list[_Cell], header: list[str]) -> Link | None:
    """The first link of a column of papers (Paper, PDF...) whatever its host, else what
    a badge there links to (``[![arXiv](badge)](https://arxiv.org/abs/...)``), for a row
    whose title cell links nothing: ``people.duke.edu/…/paper.pdf``."""
    for column in paper_columns(header):
        if column < len(cells):
            found = cells[column].found.links
            plain_link = next((f.link for f in found if not f.link.is_image and kept(f.link)), None)
            if link := plain_link or badge_target([(f.link, f.label) for f in found]):
                return link
    return None


def _tables_opened(written: str) -> int:
    """How many more ``<table>`` tags than ``</table>`` tags an HTML block holds."""
    return len(_TABLE_OPEN.findall(written)) - len(_TABLE_CLOSE.findall(written))


def _all_header(row: HtmlRow) -> bool:
    return all(cell.header for cell in row.cells)


def _head_rows(rows: list[HtmlRow]) -> list[HtmlRow]:
    """The rows that name the columns: those in ``<thead>``, else the first row of ``<th>``
    cells, else a first row of plain cells that links nothing and names a title column
    (``<td>Paper name``); with the rows below it that its cells span (``rowspan="2"``)."""
    in_head = [row for row in rows if row.in_head]
    if in_head:
        return in_head
    first = next((index for index, row in enumerate(rows) if row.cells and _all_header(row)), None)
    if first is None:
        if not rows or not _names_columns(rows[0]):
            return []
        first = 0
    spanned = max(cell.rows for cell in rows[first].cells)
    return rows[first : first + spanned]


def _names_columns(row: HtmlRow) -> bool:
    """Whether a row of plain cells is a header: it links nothing (a paper's row does) and
    its cells name a title column, as a header's do."""
    if not row.cells or any(cell.links for cell in row.cells):
        return False
    return "title" in column_roles([cell.text for cell in row.cells])


def _named_without_paper(cells: list[_Cell], roles: dict[str, int]) -> bool:
    """A row named in its first column whose title cell is empty and that links nothing:
    it lists something that has no paper (``| PSNR | | | With | |``), not a malformed row."""
    title = roles["title"]
    return (
        title > 0
        and title < len(cells)
        and not plain(cells[title].text or cells[title].found.text)
        and not any(cell.found.links for cell in cells)
        and bool(plain(cells[0].text or cells[0].found.text))
    )


def _group_label(row: HtmlRow, width: int) -> bool:
    """A row of one cell spanning the table, linking nothing: it names the group of rows
    below it (``<td colspan="4">HVS-Based Method</td>``), it is no entry."""
    return (
        width > 1
        and len(row.cells) == 1
        and row.cells[0].columns >= width
        and not any(link.url for link in row.cells[0].links)
    )


def _column_names(head: list[HtmlRow]) -> list[str]:
    """Each column's name: the text of the lowest head row's cell there, the one closest
    to it (``Title`` under a ``Paper`` spanning ``Note`` and ``Title``)."""
    names: dict[int, str] = {}
    for row in head:
        for cell in row.cells:
            if cell.text:
                names[cell.column] = cell.text
    return [names.get(column, "") for column in range(max(names, default=-1) + 1)]


def _links_anything(rows: list[list[_Cell]]) -> bool:
    """Whether any row links somewhere, a file of the repository too (a badge counts by
    what it links to): a table none of whose rows does holds data (results, dataset
    sizes), not a list of entries."""
    targets = (
        (found.link.target or "") if found.link.is_image else found.link.url
        for cells in rows
        for cell in cells
        for found in cell.found.links
    )
    return any(target.strip() and not target.startswith("#") for target in targets)


def _blank(cells: list[_Cell]) -> bool:
    """A row of empty cells: a placeholder, kept for entries to come."""
    return all(not cell.found.links and not plain(cell.text or cell.found.text) for cell in cells)


def _written_cells(row: str) -> list[str]:
    """The cells of a GFM table row as written: split at unescaped pipes, the outer ones
    not counted."""
    line = row.strip()
    cells = re.split(r"(?<!\\)\|", line)
    if line.startswith("|"):
        cells = cells[1:]
    if line.endswith("|") and not line.endswith("\\|") and len(line) > 1:
        cells = cells[:-1]
    return cells
