"""Links and images in HTML written inside a list, with the offsets where they are written.

Shared by the readers of every format that lets raw HTML in (reStructuredText's ``raw``
blocks, Markdown's HTML blocks and inline tags).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..model import Edit, Span

_VALUE = r"""\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"""
_ATTRIBUTES = {name: re.compile(rf"\b{name}{_VALUE}", re.IGNORECASE) for name in ("href", "src")}


@dataclass
class HtmlLink:
    """An ``<a href>`` or an ``<img src>``; offsets index the raw block's text."""

    url: str
    url_offset: int  # where the attribute value is written (-1 if not found verbatim)
    written: str  # the attribute value exactly as written (entities not decoded)
    is_image: bool
    text: str = ""  # an anchor's text
    tag_start: int = 0
    tag_end: int = 0
    #: for an image inside an anchor, that anchor
    parent: HtmlLink | None = None


@dataclass
class HtmlFragment:
    links: list[HtmlLink] = field(default_factory=list)
    text: str = ""  # all text outside tags, whitespace folded
    #: its top-level tables (a table inside a cell is read as that cell's content)
    tables: list[HtmlTable] = field(default_factory=list)


class _Collector(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.line_starts = [0]
        if "\n" in source:
            self.line_starts += [m.end() for m in re.finditer("\n", source)]
        self.fragment = HtmlFragment()
        self.open_anchors: list[HtmlLink] = []
        self.text_parts: list[str] = []

    def _tag_start(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _link(self, name: str, attrs: list[tuple[str, str | None]], is_image: bool) -> None:
        url = next((value for key, value in attrs if key == name and value), None)
        if url is None:
            return
        start = self._tag_start()
        tag = self.get_starttag_text() or ""
        match = _ATTRIBUTES[name].search(tag)
        written, value_at = url, -1
        if match:
            group = next(i for i in (1, 2, 3) if match.group(i) is not None)
            written, value_at = match.group(group), start + match.start(group)
        link = HtmlLink(
            url=url.strip(),
            url_offset=value_at,
            written=written,
            is_image=is_image,
            tag_start=start,
            tag_end=start + len(tag),
            parent=self.open_anchors[-1] if self.open_anchors and is_image else None,
        )
        self.fragment.links.append(link)
        if not is_image:
            self.open_anchors.append(link)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._link("href", attrs, is_image=False)
        elif tag == "img":
            self._link("src", attrs, is_image=True)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self._link("src", attrs, is_image=True)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.open_anchors:
            self.open_anchors.pop()

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)
        if self.open_anchors:  # nested anchors are not HTML: the innermost gets the text
            self.open_anchors[-1].text += data


def wrap_in_anchor(tag: Span, target: str) -> tuple[Edit, ...] | None:
    """Edits that put ``<a href="target">`` around the tag written at ``tag``."""
    if tag.start is None or tag.end is None:
        return None
    escaped = html.escape(target, quote=True)
    return (Edit(tag.start, tag.start, f'<a href="{escaped}">'), Edit(tag.end, tag.end, "</a>"))


#: elements that have no end tag, and those whose end tag HTML lets out
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_OPTIONAL_END = frozenset("p li dt dd tr td th thead tbody tfoot option colgroup".split())
#: the most rows and columns a cell spans: what browsers clamp ``rowspan``/``colspan`` to
_MOST_SPANNED = {"rowspan": 65534, "colspan": 1000}


@dataclass
class HtmlCell:
    """A ``<td>`` or ``<th>``: offsets of its tag's start and of the end of its end tag."""

    start: int
    end: int
    header: bool
    text: str = ""
    links: list[HtmlLink] = field(default_factory=list)
    rows: int = 1  # its ``rowspan``
    columns: int = 1  # its ``colspan``
    #: the column it shows in, counting the columns cells before it and cells above it
    #: (their ``rowspan``) take: the table's header names it
    column: int = 0


@dataclass
class HtmlRow:
    """A ``<tr>``, from ``<tr`` to the end of ``</tr>`` (or where the next row starts)."""

    start: int
    end: int
    in_head: bool
    cells: list[HtmlCell] = field(default_factory=list)
    #: ``<!-- ... -->`` comments written inside the row: (offset, text)
    comments: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class HtmlTable:
    start: int
    end: int
    rows: list[HtmlRow] = field(default_factory=list)
    #: elements opened inside the table and never closed: (tag, offset of its start tag)
    unclosed: list[tuple[str, int]] = field(default_factory=list)


class _TableCollector(_Collector):
    """The tables of a fragment, their rows and cells, each cell with its links and text."""

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.tables: list[HtmlTable] = []
        self.open: list[tuple[str, int]] = []  # elements open inside the current table
        self.table: HtmlTable | None = None
        self.row: HtmlRow | None = None
        self.cell: HtmlCell | None = None
        self.cell_text: list[str] = []
        self.in_head = False
        self.depth = 0  # tables nested in a cell are read as the cell's content

    def _end_position(self) -> int:
        start = self._tag_start()
        close = self.source.find(">", start)
        return close + 1 if close >= 0 else len(self.source)

    def _close_cell(self, end: int) -> None:
        if self.cell is not None and self.row is not None:
            self.cell.end = end
            self.cell.text = " ".join("".join(self.cell_text).split())
            self.row.cells.append(self.cell)
        self.cell, self.cell_text = None, []

    def _close_row(self, end: int) -> None:
        self._close_cell(end)
        if self.row is not None and self.table is not None:
            self.row.end = end
            self.table.rows.append(self.row)
        self.row = None

    def _unclosed(self, until: int) -> None:
        """Elements left open above position ``until`` of the open stack."""
        if self.table is None:
            return
        for tag, offset in self.open[until:]:
            if tag not in _OPTIONAL_END:
                self.table.unclosed.append((tag, offset))
        del self.open[until:]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._tag_start()
        if tag == "table" and self.table is None:
            self.table = HtmlTable(start, start)
            self.open = []
        elif self.table is not None and tag == "table":
            self.depth += 1
        elif self.table is not None and self.depth == 0:
            if tag in ("thead", "tbody", "tfoot"):
                self.in_head = tag == "thead"
            elif tag == "tr":
                self._close_row(start)
                self.row = HtmlRow(start, start, self.in_head)
            elif tag in ("td", "th") and self.row is not None:
                self._close_cell(start)
                self.cell = HtmlCell(
                    start,
                    start,
                    tag == "th",
                    rows=_span(attrs, "rowspan"),
                    columns=_span(attrs, "colspan"),
                )
        if self.table is not None and tag not in _VOID:
            self.open.append((tag, start))
        links = len(self.fragment.links)
        super().handle_starttag(tag, attrs)
        if self.cell is not None:
            self.cell.links.extend(self.fragment.links[links:])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        links = len(self.fragment.links)
        super().handle_startendtag(tag, attrs)
        if self.cell is not None:
            self.cell.links.extend(self.fragment.links[links:])

    def handle_endtag(self, tag: str) -> None:
        super().handle_endtag(tag)
        if self.table is None:
            return
        end = self._end_position()
        opened = [name for name, _ in self.open]
        if tag in opened:
            at = len(opened) - 1 - opened[::-1].index(tag)
            self._unclosed(at + 1)
            self.open.pop()
        if tag == "table" and self.depth:
            self.depth -= 1
        elif self.depth:
            return
        elif tag == "table":
            self._close_row(self._tag_start())
            self.table.end = end
            self.tables.append(self.table)
            self.table, self.in_head = None, False
        elif tag == "tr":
            self._close_row(end)
        elif tag in ("td", "th"):
            self._close_cell(end)
        elif tag == "thead":
            self.in_head = False

    def handle_data(self, data: str) -> None:
        super().handle_data(data)
        if self.cell is not None:
            self.cell_text.append(data)

    def handle_comment(self, data: str) -> None:
        if self.row is not None:
            self.row.comments.append((self._tag_start(), data))

    def finish(self) -> None:
        """A table the fragment ends inside: what is open is unclosed, the table too."""
        if self.table is None:
            return
        end = len(self.source)
        self._close_row(end)
        self._unclosed(0)
        self.table.end = end
        self.tables.append(self.table)
        self.table = None


def _span(attrs: list[tuple[str, str | None]], name: str) -> int:
    """A cell's ``rowspan`` or ``colspan``: 1 unless it is a number, as browsers read it."""
    value = next((value for key, value in attrs if key == name), None) or ""
    digits = re.match(r"\s*(\d+)", value)
    return min(max(int(digits.group(1)), 1), _MOST_SPANNED[name]) if digits else 1


def _place_columns(table: HtmlTable) -> None:
    """Each cell's column: a cell spanning rows takes its columns in the rows below too, so
    the cells after it there show one column further right (``<td rowspan="2">``)."""
    spanning: list[tuple[int, int, int]] = []  # (first column, columns, last row) from above
    for index, row in enumerate(table.rows):
        spanning = [span for span in spanning if span[2] >= index]
        taken = sorted((first, first + columns) for first, columns, _ in spanning)
        column = 0
        for cell in row.cells:
            for first, after in taken:
                if first <= column < after:
                    column = after
            cell.column = column
            if cell.rows > 1:
                spanning.append((column, cell.columns, index + cell.rows - 1))
            column += cell.columns


def parse_fragment(source: str) -> HtmlFragment:
    """Every ``<a href>`` and ``<img src>`` of an HTML fragment, in the order written, its
    text, and its tables (rows and cells, each cell with its own links and text)."""
    collector = _TableCollector(source)
    collector.feed(source)
    collector.close()
    collector.finish()
    fragment = collector.fragment
    fragment.text = " ".join("".join(collector.text_parts).split())
    fragment.tables = collector.tables
    for table in fragment.tables:
        _place_columns(table)
    for link in fragment.links:
        link.text = " ".join(link.text.split())
    return fragment
