"""Tables, one entry a row: list-tables, simple and grid tables.

The header names the columns. The title column is the one whose header names the thing
listed (Title, Paper, Name, Optimizer...) and whose cells are text, not bare URLs. The
entry's URL is the title cell's link, else the first plain link of a column of papers
(Materials, PDF, Paper...), of code, of any other cell, else a badge's target.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, replace

from docutils import nodes

from ...model import Entry, Field, Link
from .context import Context, is_generic, plain_links, primary_link
from .doctree import descendants, first_line_in, line_of, publish

#: header words that tell which column holds what, first match wins
COLUMN_WORDS = {
    "title": (
        "title",
        "paper",
        "name",
        "project",
        "model",
        "dataset",
        "optimizer",
        "scheduler",
        "loss",
        "method",
        "algorithm",
        "tool",
        "package",
        "plugin",
        "library",
        "framework",
        "book",
        "course",
        "tutorial",
        "benchmark",
        "extension",
        "theme",
        "software",
    ),
    "venue": ("venue", "conference", "conf", "journal", "publication", "published", "publisher"),
    "date": ("year", "date", "time"),
    "code": ("github", "code", "repo", "repository", "stars", "implementation"),
}
#: columns that hold a link to the paper itself, before code and the rest
PAPER_WORDS = ("materials", "pdf", "paper", "link", "links", "url", "arxiv", "html", "homepage")

_HEADER_ROWS = re.compile(r":header-rows:\s*(\d+)")
_ROW_MARKER = re.compile(r"\s*[*+-]\s+[*+-](\s|$)")
#: rows enough to tell a column of bare URLs from a column of names
_SAMPLE_ROWS = 25
_BARE_URL = re.compile(r"^[a-z][a-z0-9+.-]*://\S+$", re.IGNORECASE)


#: what a table cell holds when it states nothing: "", "-", "-----", "—", "N/A", "TBD"
_PLACEHOLDER = re.compile(r"[\s\-\u2013\u2014_.]*|n/?a|tbd|none", re.IGNORECASE)


def is_placeholder(text: str) -> bool:
    """Whether a cell's text only says that nothing is there."""
    return _PLACEHOLDER.fullmatch(text.strip()) is not None


#: two column names joined in one header: "Venue and Year", "Conference/Year"
_JOINED = re.compile(r"\band\b|[&/+,]", re.IGNORECASE)


def _words(header: str) -> list[str]:
    return re.findall(r"\w+", header.casefold())


def column_roles(header: list[str]) -> dict[str, int]:
    """Which column is the title, venue, date and code, from the header's words: a column
    is named by its last word that names a role, as English puts the noun last
    ("Earliest publication time" holds dates, "Paper name" titles), but a venue and a date
    joined in one header ("Venue and Year") hold a venue with its year."""
    roles: dict[str, int] = {}
    for index, name in enumerate(header):
        named = [role for word in reversed(_words(name)) if (role := _role_of(word))]
        if {"venue", "date"} <= set(named) and _JOINED.search(name):
            named = ["venue"]  # "Venue and Year" holds "ICLR 2022": a venue with its year
        if named and named[0] not in roles:
            roles[named[0]] = index
    return roles


def _role_of(word: str) -> str | None:
    return next((role for role, words in COLUMN_WORDS.items() if word in words), None)


def title_column(header: list[str], rows: list[list[str]], roles: dict[str, int]) -> int | None:
    """The title column: of the titled headers whose cells are mostly names (not bare URLs,
    not ``PDF``), the one COLUMN_WORDS prefers; else the first titled header.

    ``Optimizer | Description | Code | Paper`` lists optimizers; its Paper cells are links
    written as their URLs, which name no paper. ``Name | Paper`` whose Paper cells cite the
    papers lists papers, its names are labels (``MI-1``).
    """
    candidates = title_candidates(header, roles)
    for index in sorted(candidates, key=lambda index: _title_preference(header[index])):
        if _holds_names([row[index] for row in rows if index < len(row)]):
            return index
    return candidates[0] if candidates else None


def settle_title(
    header: list[str], texts: list[list[str]], roles: dict[str, int]
) -> dict[str, int]:
    """``roles`` with the title column (see :func:`title_column`) and, when another titled
    header names what a row lists beside the paper it cites (``Name | Paper``), the name
    column: rows with different names are different entries even when they cite one paper."""
    title = title_column(header, texts, roles)
    roles.pop("title", None)
    if title is None:
        return roles
    roles["title"] = title
    names = [index for index in title_candidates(header, roles) if index != title]
    if names:
        roles["name"] = min(names, key=lambda index: _title_preference(header[index]))
    return roles


def _title_preference(header: str) -> int:
    """How early COLUMN_WORDS names a header as a title column: Title, then Paper, Name..."""
    words = COLUMN_WORDS["title"]
    return min((words.index(word) for word in _words(header) if word in words), default=len(words))


def _holds_names(cells: list[str]) -> bool:
    """Whether most written cells of a column name something: not a bare URL, not a kind
    of page (``PDF``, ``[arXiv]``)."""
    written = [cell for cell in cells if not is_placeholder(cell)]
    names = sum(1 for cell in written if not _BARE_URL.match(cell) and not is_generic(cell))
    return names * 2 > len(written)


def title_candidates(header: list[str], roles: dict[str, int]) -> list[int]:
    """The columns whose header names the thing listed, other roles' columns aside."""
    taken = {index for role, index in roles.items() if role != "title"}
    return [
        index
        for index, name in enumerate(header)
        if index not in taken and any(word in COLUMN_WORDS["title"] for word in _words(name))
    ]


def paper_columns(header: list[str]) -> list[int]:
    """The columns whose header says they link the paper itself (PDF, Paper, Materials...)."""
    return [
        index
        for index, name in enumerate(header)
        if any(word in PAPER_WORDS for word in _words(name))
    ]


def _items_of(row: nodes.list_item) -> list[nodes.Element]:
    """The cells of a list-table row written as a nested bullet list."""
    inner = row.next_node(nodes.bullet_list)
    return [cell for cell in inner.children if isinstance(cell, nodes.list_item)] if inner else []


@dataclass(frozen=True)
class RowCell:
    """A table cell as read, whichever markup wrote the table."""

    text: str
    found: list[tuple[Link, str]]
    line: int


def row_entry(
    ctx: Context,
    header: list[str],
    roles: dict[str, int],
    cells: Sequence[RowCell],
    title: tuple[Field | None, Link | None],
    section: tuple[str, ...],
    container: int,
    lines: tuple[int, int],
    block: tuple[int, int] | None = None,
    aligned: bool = False,
) -> Entry:
    """The entry of one table row: ``title`` (read from its title cell, with its link),
    venue and date from their columns, every other named column kept as an extra field."""
    first_line, last_line = lines
    column_roles = {column: role for role, column in roles.items()}
    fields: dict[str, Field] = {}
    extra: list[tuple[str, Field]] = []
    for index, cell in enumerate(cells):
        role = column_roles.get(index)
        if role not in (None, "venue", "date", "name") or index >= len(header):
            continue
        if is_placeholder(cell.text):
            continue
        field = ctx.field(cell.text, cell.line, last_line)
        if role:
            fields[role] = field
        else:
            extra.append((header[index], field))
    title_field, url = title
    found_in = [cell.found for cell in cells]
    if url is None:
        url = Tables.row_link(header, roles, found_in)
    return Entry(
        section=section,
        container=container,
        first_line=first_line,
        last_line=last_line,
        title=title_field,
        url=url,
        links=tuple(link for found in found_in for link, _ in found if link is not url),
        venue=fields.get("venue"),
        date=fields.get("date"),
        extra=tuple(extra),
        name=fields.get("name"),
        block=block,
        aligned=aligned,
    )


class Tables:
    """Reads the rows of tables into entries of a :class:`Context`."""

    def __init__(self, context: Context) -> None:
        self.ctx = context

    def _roles(self, header: list[str], body: Sequence[Sequence[nodes.Element]]) -> dict[str, int]:
        roles = column_roles(header)
        # only the columns that may be the title are read, in the first rows only
        wanted = set(title_candidates(header, roles))
        texts = [
            [
                self.ctx.reader.text(cell) if index in wanted else ""
                for index, cell in enumerate(row)
            ]
            for row in body[:_SAMPLE_ROWS]
        ]
        return settle_title(header, texts, roles)

    def table(self, table: nodes.table, section: tuple[str, ...]) -> bool:
        thead = table.next_node(nodes.thead)
        tbody = table.next_node(nodes.tbody)
        if thead is None or tbody is None:
            return False
        first_row = thead.next_node(nodes.row)
        if first_row is None:
            return False
        header = [
            self.ctx.reader.text(cell)
            for cell in first_row.children
            if isinstance(cell, nodes.Element)
        ]
        body = [
            [cell for cell in row.children if isinstance(cell, nodes.entry)]
            for row in tbody.children
            if isinstance(row, nodes.row)
        ]
        roles = self._roles(header, body)
        if "title" not in roles:
            return False
        container = self.ctx.new_container()
        for row, cells in zip(
            (row for row in tbody.children if isinstance(row, nodes.row)), body, strict=True
        ):
            entry = self.row_entry(cells, line_of(row), header, roles, section, container)
            self.ctx.entries.append(entry)
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
        rows = publish(self.ctx.path, textwrap.dedent("\n".join(written[first_row:])))
        offset = (message.get("line") or line_of(message)) + first_row - 1
        for node in descendants(rows, (nodes.Element,)):
            if node.line:
                node.line += offset
        outer = rows.next_node(nodes.bullet_list)
        items = (
            [item for item in outer.children if isinstance(item, nodes.list_item)] if outer else []
        )
        cells = [_items_of(item) for item in items]
        header = [self.ctx.reader.text(cell) for cell in cells[0]] if header_rows and cells else []
        roles = self._roles(header, cells[header_rows:])
        if "title" not in roles:
            return
        container = self.ctx.new_container()
        for row in cells[header_rows:]:
            entry = self.row_entry(row, offset + 1, header, roles, section, container)
            self.ctx.entries.append(replace(entry, missing_cells=max(0, len(header) - len(row))))

    def row_entry(
        self,
        cells: Sequence[nodes.Element],
        row_line: int,
        header: list[str],
        roles: dict[str, int],
        section: tuple[str, ...],
        container: int,
    ) -> Entry:
        ctx = self.ctx
        cell_lines = [first_line_in(cell) if cell.children else 0 for cell in cells]
        numbered = [line for line in cell_lines if line]
        first_line = min(numbered) if numbered else row_line
        block = None
        if _ROW_MARKER.match(ctx.map.lines[first_line - 1]):
            last_line = ctx.map.block_end(first_line)
            block = ctx.map.block(first_line, last_line)
        else:  # a grid or simple table: rows cannot be moved as blocks of lines
            last_line = max(numbered, default=first_line)
        read: list[RowCell] = []
        title: tuple[Field | None, Link | None] = (None, None)
        for index, cell in enumerate(cells):
            ctx.comments_in(cell, (first_line, last_line), len(section))
            found = ctx.reader.read(cell)
            line = cell_lines[index] or first_line
            read.append(RowCell(ctx.reader.text(cell), found, line))
            if index == roles["title"]:
                title = self._title(cell, found, line, last_line)
        lines = (first_line, last_line)
        return row_entry(
            ctx, header, roles, read, title, section, container, lines, block, block is None
        )

    def _title(
        self, cell: nodes.Element, found: list[tuple[Link, str]], line: int, last_line: int
    ) -> tuple[Field | None, Link | None]:
        """The title and primary link of a title cell: its first plain link, titled by its
        text (a generic label such as ``[PDF]`` leaves the cell's other text as title)."""
        anchors = plain_links(found)
        if anchors:
            link, label = anchors[0]
            if label and not is_generic(label):
                return self.ctx.title(label, link, line, last_line), link
        text = self.ctx.reader.text(cell)
        for _, label in anchors:
            text = text.replace(label, " ") if label else text
        text = " ".join(text.split())
        title = self.ctx.field(text, line, last_line) if text and not is_generic(text) else None
        return title, (anchors[0][0] if anchors else None)

    @staticmethod
    def row_link(
        header: list[str], roles: dict[str, int], found_in: list[list[tuple[Link, str]]]
    ) -> Link | None:
        """A row's URL outside its title cell: paper columns, then code, then the rest."""

        papers = paper_columns(header)

        def rank(index: int) -> int:
            if index in papers:
                return 0
            return 1 if roles.get("code") == index else 2

        order = sorted(range(len(found_in)), key=rank)
        for index in order:
            plain = plain_links(found_in[index])
            if plain:
                return plain[0][0]
        return primary_link([pair for found in found_in for pair in found])
