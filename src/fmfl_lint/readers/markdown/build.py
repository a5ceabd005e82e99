"""Markdown tree -> Document: entries of every shape, links outside them, markup problems.

Entries are GFM table rows, rows of HTML tables written in the Markdown, top-level list
items (bulleted or numbered; nested items belong to their item), and paragraphs that are
one link under a heading. Headings are sections; ``<details>`` is read through; comments,
tables of contents (lists of ``#anchor`` links) and badges are not entries, nor are a
paper list's venue index and side lists (see :mod:`.papers`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ...model import Document, Entry, Field, Link, Message, Span, Suppression
from ..html import HtmlCell, HtmlFragment, HtmlRow, HtmlTable, parse_fragment
from ..rst.build import column_roles
from ..sourcemap import SourceMap
from .events import Node, parse
from .inline import (
    CODE_HOSTS,
    GENERIC,
    Found,
    Inline,
    InlineReader,
    badge_venue,
    is_web_link,
    on_hosts,
    paper_link,
)
from .papers import lists_editions, side_lists

_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_SUPPRESSION = re.compile(r"fmfl-lint\s*:\s*(disable|disable-file)\s*=\s*(\S.*)?$", re.DOTALL)
_CODE_LIST = re.compile(r"[,\s]+")
_DATE = r"(?:19|20)\d{2}(?:[-/.](?:0?[1-9]|1[0-2]|\d{1,2})(?:[-/.]\d{1,2})?)?"
#: "[2023/10] ", "[ICML 2023] ", "[ACM Trans. Intell. Syst.] " before an item's title
_PREFIX = re.compile(
    rf"^\s*\[\s*(?P<venue>[^\W\d][^\[\]]*?)??\s*,?\s*(?P<date>{_DATE})?\s*\](?!\()"
)
#: any date in the text after a title: the last one is the entry's
_ANY_DATE = re.compile(rf"(?<![\w.]){_DATE}(?![\w])")
#: " — ICML 2024", " (NeurIPS 2023-12)", ", CVPR 2023": a short venue, then the date
_VENUE_DATE = re.compile(
    r"^\s*[\u2014\u2013\-,(\[:]\s*(?P<venue>[^\W\d][\w&.+/'-]*(?: [\w&.+/'-]+){0,5}?)"
    rf"\s*[,']?\s*(?P<date>{_DATE})(?!\w)"
)
#: a heading that names a venue, a year, or both: "ICML 2023", "2023", "IJCAI", and a
#: venue in a few words: "NAACL workshop", "KDD (Best Paper Award)", "SEAMS@ICSE"
_HEADING_VENUE = re.compile(
    r"^(?P<venue>[A-Za-z][\w&+@'-]*(?: (?!(?:19|20)\d{2}$)[\w&+@'().-]+){0,5})?"
    r"\s*(?P<year>(?:19|20)\d{2})?$"
)
#: what may come before an item's bold title: brackets, spaces, a date
_LEAD_NOISE = re.compile(rf"^[\[\]\s]*(?:{_DATE})?[\[\]\s]*$")
#: "**Title.** JMLR. ...": a short venue sentence right after a bold title
_AFTER_BOLD = re.compile(r"^[\s.]*(?P<venue>[A-Z][\w&+'/-]*(?: [\w&+'/-]+){0,4}?)\s*\.(?:\s|$)")
_EMOJI = re.compile(r":[a-z0-9_+-]+:")
_REFERENCE = re.compile(r"\[([^\[\]]+)\]\[([^\[\]]*)\]")
_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)
_BLOCKS = frozenset({"paragraph", "list", "table", "html_block", "heading", "codeblock"})
#: what follows a venue's name in an index of its editions: "2025, 2024(v25), 2023", "NULL"
_EDITIONS = re.compile(r"^(?:[\s,]*(?:(?:19|20)\d{2}|null|none)\b(?:\s*\([^()]*\))?)+[\s,]*$", re.I)
_YEAR = re.compile(r"^\s*(?:19|20)\d{2}\s*$")


@dataclass
class _Comment:
    offset: int
    text: str
    level: int  # level of the heading whose section holds it (0: before any heading)


@dataclass
class _State:
    section: tuple[str, ...] = ()
    levels: tuple[int, ...] = ()
    #: the paragraphs that are one link each, in a row, share a container
    run: int | None = None
    #: the section's last name is a bold label's (``> **Surveys**``), not a heading's
    labelled: bool = False
    heading_spans: dict[tuple[str, ...], Span] = field(default_factory=dict)


def read(path: str, text: str) -> Document:
    builder = _Builder(path, text)
    builder.walk(parse(text).children)
    return builder.document()


class _Builder:
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
        self.comments: list[_Comment] = []
        self.headings: list[tuple[int, int]] = []  # (line, level)
        self.state = _State()
        self.containers = 0

    # -- the document -------------------------------------------------------------------

    def walk(self, nodes: list[Node]) -> None:
        index = 0
        while index < len(nodes):
            node = nodes[index]
            if node.kind != "paragraph":
                self.state.run = None
            if node.kind == "heading":
                self.heading(node)
            elif node.kind == "html_block":
                index = self.html_blocks(nodes, index)
            elif node.kind == "table":
                self.table(node)
            elif node.kind == "list":
                self.bullets(node)
            elif node.kind == "paragraph":
                self.paragraph(node)
            elif node.kind in ("blockquote", "footnotedefinition"):
                self.walk(node.children)
            index += 1

    def heading(self, node: Node) -> None:
        found = self.inline.read(node.children)
        self.outside(found)
        level = node.attrs["level"]
        state = self.state
        keep = [i for i, known in enumerate(state.levels) if known < level]
        state.section = (*(state.section[i] for i in keep), found.text)
        state.levels = (*(state.levels[i] for i in keep), level)
        state.labelled = False
        where = self.map.span(node.start, 0)
        state.heading_spans[state.section] = self._field(found.text, node.start, node.end).span
        self.headings.append((where.line, level))
        self.read_problems(found)

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

    def add(self, entry: Entry, found: list[Found]) -> None:
        """Keep an entry; ``found`` are its links, to tell whether it links a paper."""
        self.entries.append(entry)
        self.linking_paper.append(paper_link(found, exclude=None) is not None)

    def _drop_side_lists(self) -> None:
        """A paper list's side lists (events, courses...) become links outside entries."""
        side = side_lists(self.entries, self.linking_paper, self.bullet_lists)
        self.links.extend(link for e in self.entries if e.container in side for link in e.all_links)
        kept = [i for i, e in enumerate(self.entries) if e.container not in side]
        self.entries = [self.entries[i] for i in kept]
        self.linking_paper = [self.linking_paper[i] for i in kept]

    def outside(self, found: Inline) -> None:
        """Keep the links of something that is not an entry (header badges, prose)."""
        self.links.extend(f.link for f in found.links if _kept(f.link))

    def _new_container(self) -> int:
        self.containers += 1
        return self.containers

    def _field(self, text: str, start: int, end: int) -> Field:
        """``text`` located verbatim between two offsets (else at ``start``, not exactly)."""
        at = self.text.find(text, start, end) if text else -1
        if at < 0:
            span = self.map.span(start, 0)
            return Field(text, Span(span.line, span.column))
        return Field(text, self.map.span(at, len(text)))

    def _block(self, start: int, end: int) -> tuple[tuple[int, int] | None, int, int]:
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

    # -- comments and markup problems ---------------------------------------------------

    def html_comments(self, start: int, end: int) -> None:
        level = self.state.levels[-1] if self.state.levels else 0
        for match in _COMMENT.finditer(self.text, start, end):
            self.comments.append(_Comment(match.start(), match.group(1).strip(), level))

    def _suppressions(self) -> list[Suppression]:
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
                    for heading, level in self.headings
                    if heading > line and level <= max(comment.level, 1)
                ]
                first, last = line, min(ends, default=line_count) if comment.level else line_count
            found.append(Suppression(codes, first, last, span))
        return sorted(found, key=lambda s: s.first_line)

    def read_problems(self, found: Inline) -> None:
        """A reference link whose label has no definition shows as the brackets written."""
        merged: list[list[int]] = []
        for start, end in found.leaves:
            if merged and merged[-1][1] == start:
                merged[-1][1] = end
            else:
                merged.append([start, end])
        for start, end in merged:
            for match in _REFERENCE.finditer(self.text, start, end):
                label = match.group(2) or match.group(1)
                where = self.map.span(match.start(), 0)
                text = f"reference link [{label}] has no definition: it shows as written"
                self.messages.append(Message(where.line, 3, text))

    # -- HTML blocks ----------------------------------------------------------------------

    def html_blocks(self, nodes: list[Node], index: int) -> int:
        """One HTML block, or the blocks a table spans when blank lines break it up;
        returns the index of the last block read."""
        first = nodes[index]
        last_index = index
        written = self.text[first.start : first.end]
        if _TABLE_OPEN.search(written):
            opened = len(_TABLE_OPEN.findall(written)) - len(_TABLE_CLOSE.findall(written))
            probe = index
            while opened > 0 and probe + 1 < len(nodes):
                probe += 1
                more = self.text[nodes[probe].start : nodes[probe].end]
                opened += len(_TABLE_OPEN.findall(more)) - len(_TABLE_CLOSE.findall(more))
                if opened <= 0:
                    last_index = probe
        start, end = first.start, nodes[last_index].end
        self.html_comments(start, end)
        fragment = parse_fragment(self.text[start:end])
        taken: list[tuple[int, int]] = []
        for table in fragment.tables:
            self.html_table(table, start)
            taken.append((table.start, table.end))
        found = Inline()
        self.inline.html_fragment(fragment, start, found, skip=taken)
        self.outside(found)
        return last_index

    def html_table(self, table: HtmlTable, base: int) -> None:
        for tag, offset in table.unclosed:
            line = self.map.span(base + offset, 0).line
            self.messages.append(
                Message(line, 3, f"<{tag}> is never closed in its table: the table renders broken")
            )
        header_row = next(
            (row for row in table.rows if row.in_head or (row.cells and _all_header(row))), None
        )
        if header_row is None:
            return
        header = [cell.text for cell in header_row.cells]
        roles = column_roles(header)
        if "title" not in roles:
            return
        container = self._new_container()
        for row in table.rows:
            if row is header_row or row.in_head:
                continue
            block, first_line, last_line = self._block(base + row.start, base + row.end)
            cells = [self._html_cell(cell, base) for cell in row.cells]
            entry = self.row_entry(cells, header, roles, container, block, first_line, last_line)
            self.add(entry, [f for cell in cells for f in cell.found.links])

    def _html_cell(self, cell: HtmlCell, base: int) -> _Cell:
        found = Inline(text=cell.text)
        self.inline.html_fragment(HtmlFragment(links=cell.links), base, found)
        return _Cell(found, cell.text, base + cell.start, base + cell.end)

    # -- GFM tables -----------------------------------------------------------------------

    def table(self, node: Node) -> None:
        head = next((child for child in node.children if child.kind == "thead"), None)
        rows = [child for child in node.children if child.kind == "row"]
        if head is None:
            return
        header_cells = [c for c in head.children if c.kind == "cell"]
        header = [self.inline.read(cell.children).text for cell in header_cells]
        written = _cell_count(self.text[head.start : head.end])
        for row in rows:
            count = _cell_count(self.text[row.start : row.end])
            # a short row is padded with empty cells (FL002 names what it lacks); the cells
            # of a long one past the header's are dropped from the page
            if count > written:
                line = self.map.span(row.start, 0).line
                self.messages.append(
                    Message(
                        line,
                        3,
                        f"table row has {count} cells, its header {written}:"
                        f" GitHub drops the last {count - written}",
                    )
                )
        roles = column_roles(header)
        cells_of = [
            [
                _Cell(self.inline.read(cell.children), "", cell.start, cell.end)
                for cell in row.children
                if cell.kind == "cell"
            ]
            for row in rows
        ]
        for cells in cells_of:
            for cell in cells:
                self.html_comments(cell.start, cell.end)
                self.read_problems(cell.found)
        if "title" not in roles:
            for cells in [[_Cell(self.inline.read(c.children), "", 0, 0) for c in header_cells]]:
                for cell in cells:
                    self.outside(cell.found)
            for cells in cells_of:
                for cell in cells:
                    self.outside(cell.found)
            return
        container = self._new_container()
        for row, cells in zip(rows, cells_of, strict=True):
            block, first_line, last_line = self._block(row.start, row.end)
            entry = self.row_entry(cells, header, roles, container, block, first_line, last_line)
            missing = max(0, len(header) - _cell_count(self.text[row.start : row.end]))
            if missing:
                entry = replace(entry, missing_cells=missing)
            self.add(entry, [f for cell in cells for f in cell.found.links])

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
        every: list[Found] = [f for cell in cells for f in cell.found.links if _kept(f.link)]
        title_cell = cells[roles["title"]] if roles["title"] < len(cells) else None
        if title_cell is not None:
            title, url = self._cell_title(title_cell)
        if url is None or on_hosts(url.url, CODE_HOSTS):
            paper = paper_link(every, exclude=url)
            if paper is not None:
                url = paper.link
        for index, cell in enumerate(cells):
            role = by_column.get(index)
            if role in ("venue", "date") or (role is None and index < len(header)):
                text = _plain(cell.text or cell.found.text)
                if text in ("", "-", "—", "N/A", "n/a"):
                    continue
                found = self._field(text, cell.start, cell.end)
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
            section=self.state.section,
            container=container,
            first_line=first_line,
            last_line=last_line,
            title=title,
            url=url,
            links=tuple(f.link for f in every if f.link is not url),
            venue=fields.get("venue"),
            date=fields.get("date"),
            extra=tuple(extra),
            block=block,
        )

    def _cell_title(self, cell: _Cell) -> tuple[Field | None, Link | None]:
        """The title of a title cell: its first link with a real label, else its text."""
        for found in cell.found.links:
            link = found.link
            if link.is_image or not _kept(link) or not found.label or GENERIC.match(found.label):
                continue
            label = _plain(found.label)
            return self._field(label, found.start, cell.end), link
        text = _plain(cell.text or cell.found.text)
        if not text or text == "-":
            return None, None
        return self._field(text, cell.start, cell.end), None

    # -- lists ----------------------------------------------------------------------------

    def bullets(self, node: Node) -> None:
        items = [child for child in node.children if child.kind == "item"]
        reads = [self._item(item) for item in items]
        all_links = [f for _, found, nested in reads for f in found.links + nested]
        anchors = sum(1 for f in all_links if f.link.url.startswith("#"))
        if all_links and anchors * 2 >= len(all_links):
            return  # a table of contents: mostly links to #anchors of the page
        linked = sum(1 for _, found, _ in reads if _entry_links(found))
        if not items or linked * 2 < len(items):
            for item, found, _ in reads:
                self.outside(found)
                self.read_problems(found)
                self.html_comments_of(item)
                self.walk([c for c in item.children if c.kind in _BLOCKS and c.kind != "paragraph"])
            return
        container = self._new_container()
        self.bullet_lists.add(container)
        for item, found, nested in reads:
            self.html_comments_of(item)
            self.read_problems(found)
            if lists_editions(found):
                self.outside(found)
                continue
            if not _entry_links(found) and nested:
                self.outside(found)  # a group: its nested items are the entries
                for child in item.children:
                    if child.kind == "list":
                        self.bullets(child)
                continue
            self.add(self.item_entry(item, found, nested, container), found.links + nested)

    def html_comments_of(self, item: Node) -> None:
        for node in item.walk():
            if node.kind in ("html", "inline_html"):
                self.html_comments(node.start, node.end)

    def _item(self, item: Node) -> tuple[Node, Inline, list[Found]]:
        """An item's own content read as one block, and the links of its nested lists."""
        own: list[Node] = []
        nested: list[Found] = []
        for child in item.children:
            if child.kind == "list":
                for inner in child.walk():
                    if inner.kind in ("paragraph", "item"):
                        inline = [n for n in inner.children if n.kind not in _BLOCKS]
                        nested.extend(self.inline.read(inline).links)
            elif child.kind in ("paragraph", "html_block") or child.kind not in _BLOCKS:
                own.append(child)
        paragraphs: list[Node] = []
        loose = [n for n in own if n.kind in ("paragraph", "html_block")]
        for child in own:
            if child.kind in ("paragraph", "html_block"):
                paragraphs.extend(child.children)
                paragraphs.append(Node("softbreak", child.end, child.end))
            else:
                paragraphs.append(child)
        found = self.inline.read(paragraphs if loose else own)
        return item, found, nested

    def item_entry(self, item: Node, found: Inline, nested: list[Found], container: int) -> Entry:
        block, first_line, last_line = self._block(item.start, item.end)
        title, url, rest = self._item_title(item, found)
        strong_title = _first_strong(item) is not None
        venue = date = None
        prefix = _prefix(found)
        if prefix and prefix.group("date"):
            date = self._field(prefix.group("date"), item.start, item.end)
        after = title.span.end if title and title.span.end is not None else item.start
        match = _VENUE_DATE.match(rest)
        if match:
            venue = self._field(match.group("venue").strip(), after, item.end)
            if date is None:
                date = self._field(match.group("date"), venue.span.end or after, item.end)
        else:
            venue = self._et_al_venue(rest, after, item.end)
            bold = _AFTER_BOLD.match(rest) if venue is None and strong_title else None
            if bold:
                venue = self._field(bold.group("venue"), after, item.end)
            if date is None:
                dates = _ANY_DATE.findall(rest)
                if dates:
                    at = self.text.rfind(dates[-1], after, item.end)
                    date = (
                        Field(dates[-1], self.map.span(at, len(dates[-1])))
                        if at >= 0
                        else self._field(dates[-1], after, item.end)
                    )
        if prefix and prefix.group("venue"):
            venue = self._field(prefix.group("venue"), item.start, item.end)
        if venue is None and date is None:
            venue, date = self._heading_venue()
        links = [f.link for f in found.links if _kept(f.link) and f.link is not url]
        links += [f.link for f in nested if _kept(f.link)]
        return Entry(
            section=self.state.section,
            container=container,
            first_line=first_line,
            last_line=last_line,
            title=title,
            url=url,
            links=tuple(links),
            venue=venue,
            date=date,
            block=block,
        )

    def _item_title(self, item: Node, found: Inline) -> tuple[Field | None, Link | None, str]:
        """Title, primary link and the text after the title, in the item's shape:
        ``[Title](url)``, ``**Title**``, ``[2023/10] **Title**``, or ``Title. [[PDF](u)]``."""
        text = found.text
        prefix = _prefix(found)
        lead = text[prefix.end() :].lstrip() if prefix else text
        candidates = [f for f in found.links if _kept(f.link) and not f.link.is_image]
        titled = next((f for f in candidates if f.label and not GENERIC.match(f.label)), None)
        strong = _first_strong(item)
        title: Field | None = None
        url: Link | None = None
        if strong is not None and (titled is None or strong.start <= titled.start):
            label = _plain(self.inline.read(strong.children).text).rstrip(".").strip()
            title = self._field(label, strong.start, strong.end)
            inside = [f for f in candidates if strong.start <= f.start < strong.end]
            url = inside[0].link if inside else None
            rest = text.split(label, 1)[1] if label and label in text else ""
        elif titled is not None and lead.startswith(_plain(titled.label)[:20]):
            label = _plain(titled.label)
            title = self._field(label, titled.start, item.end)
            url = titled.link
            rest = text.split(titled.label, 1)[1] if titled.label in text else ""
        else:
            head = re.split(r"\s*\[+\s*$|\s\[\[|\s\[(?=[^\]]*\]\()", lead, maxsplit=1)[0]
            first_label = candidates[0].label if candidates else ""
            if first_label and first_label in head:
                head = head.split(first_label, 1)[0]
            label = _plain(head).rstrip(" .[(-—:").strip()
            if not label and lead.startswith("["):
                # ``[[Label](url)], What It Is, Where``: the words after the label name it
                after = re.split(r"\]\s*[,.:;—-]?\s*", lead, maxsplit=1)
                words = _plain(after[-1]).split(",")[0].strip() if len(after) == 2 else ""
                named = _plain(first_label).strip("[] ")  # FL-ICML'23: the edition's name
                label = f"{named}: {words}" if named and words else words
            if label:
                title = self._field(label, item.start, item.end)
            rest = text.split(label, 1)[1] if label and label in text else text
        if url is None:
            paper = paper_link(candidates, exclude=None)
            url = paper.link if paper else (candidates[0].link if candidates else None)
        return title, url, rest

    def _et_al_venue(self, rest: str, start: int, end: int) -> Field | None:
        """``*Author et al. Venue.*``: the venue is what follows "et al."."""
        if "et al." not in rest:
            return None
        after = rest.split("et al.", 1)[1]
        venue = re.split(r"[*\[\]\n]|\.\s|\.$", after.strip(), maxsplit=1)[0].strip(" .,")
        venue = re.sub(rf"[\s,']*{_DATE}$", "", venue).strip(" ,")
        if not venue or len(venue.split()) > 6:
            return None
        return self._field(venue, start, end)

    def _heading_venue(self) -> tuple[Field | None, Field | None]:
        """Venue and year from the headings above (``### 2024`` / ``#### IJCAI``, or
        ``## ICML 2023``): only when the headings name a year, so topics stay topics."""
        venue = date = None
        for depth in range(len(self.state.section), 0, -1):
            path = self.state.section[:depth]
            match = _HEADING_VENUE.match(path[-1].strip())
            if not match:
                continue
            span = self.state.heading_spans.get(path)
            if span is None:
                continue
            heading = path[-1].strip()
            if match.group("year") and date is None:
                at = heading.find(match.group("year"))
                date = Field(match.group("year"), _shifted(span, at, len(match.group("year"))))
            name = match.group("venue")
            # an acronym first ("NAACL workshop", not "Computer Vision"): a topic is no venue
            if name and venue is None and sum(ch.isupper() for ch in name.split()[0]) >= 2:
                venue = Field(name, _shifted(span, heading.find(name), len(name)))
        return (venue, date) if date is not None else (None, None)

    def label(self, text: str) -> None:
        """A paragraph whose words are all bold (``> 🔥 **Surveys of MLLMs** | **[Chat](u)**``)
        names the lists under it, up to the next label or heading: a section of its own
        under its heading's, so that two lists under one heading are told apart."""
        state = self.state
        under = state.section[:-1] if state.labelled else state.section
        state.section = (*under, text)
        state.labelled = True

    # -- one-link paragraphs --------------------------------------------------------------

    def paragraph(self, node: Node) -> None:
        found = self.inline.read(node.children)
        self.read_problems(found)
        self.html_comments_of(node)
        links = [f for f in found.links if _kept(f.link)]
        only = (
            len(found.links) == 1
            and links
            and not links[0].link.is_image
            and links[0].label
            and not GENERIC.match(links[0].label)
            and _plain(found.text).strip(" .") == _plain(links[0].label)
            and self.state.section
        )
        if not only:
            self.state.run = None
            self.outside(found)
            strong = _bold_label(node)
            if strong is not None and self.state.section:
                self.label(_plain(self.inline.read(strong.children).text))
            return
        if self.state.run is None:
            self.state.run = self._new_container()
        block, first_line, last_line = self._block(node.start, node.end)
        label = _plain(links[0].label)
        entry = Entry(
            section=self.state.section,
            container=self.state.run,
            first_line=first_line,
            last_line=last_line,
            title=self._field(label, node.start, node.end),
            url=links[0].link,
            block=block,
        )
        self.add(entry, links)


@dataclass
class _Cell:
    found: Inline
    text: str  # an HTML cell's text; a Markdown cell's is its Inline's
    start: int
    end: int


def _all_header(row: HtmlRow) -> bool:
    return all(cell.header for cell in row.cells)


def _kept(link: Link) -> bool:
    """A link worth checking: an empty target or an ``#anchor`` is decoration."""
    return is_web_link(link.url)


def _entry_links(found: Inline) -> list[Found]:
    return [f for f in found.links if _kept(f.link) and not f.link.is_image]


def _prefix(found: Inline) -> re.Match[str] | None:
    """The ``[Venue Date]`` written before an item's title, if any: not a link's label
    in brackets (``[[FL-ICML'23](url)], the workshop...``)."""
    match = _PREFIX.match(found.text)
    if match is None or not (match.group("venue") or match.group("date")):
        return None
    written = match.group(0).strip()[1:-1].strip()
    return None if any(f.label.strip() == written for f in found.links) else match


def _first_strong(item: Node) -> Node | None:
    """The bold text an item starts with (after a ``[date]`` and badges), if any."""
    for node in item.walk()[1:]:
        if node.kind == "strong":
            return node
        if node.kind in ("list", "link"):
            return None
        if node.kind == "text" and not _LEAD_NOISE.match(node.attrs["text"]):
            return None
    return None


def _bold_label(paragraph: Node) -> Node | None:
    """The first bold run of a paragraph that has words and all of them bold, else None
    (emoji, separators, images and tags between bold runs are no words)."""
    first = None
    for child in paragraph.children:
        if child.kind == "strong":
            first = first or child
        elif child.kind in ("text", "code", "link", "em", "strike"):
            words = "".join(n.attrs.get("text", "") for n in child.walk())
            if any(ch.isalnum() for ch in words):
                return None
    return first


def _plain(text: str) -> str:
    """Text of a title: emoji shortcodes out, whitespace folded."""
    return " ".join(_EMOJI.sub(" ", text).split())


def _cell_count(row: str) -> int:
    """Cells of a GFM table row as written: unescaped pipes, outer ones not counted."""
    line = row.strip()
    pipes = [i for i, ch in enumerate(line) if ch == "|" and (i == 0 or line[i - 1] != "\\")]
    count = len(pipes) + 1
    if line.startswith("|"):
        count -= 1
    if line.endswith("|") and not line.endswith("\\|") and len(line) > 1:
        count -= 1
    return count


def _shifted(span: Span, at: int, length: int) -> Span:
    if at < 0 or span.start is None:
        return Span(span.line, span.column)
    return Span(span.line, span.column + at, span.start + at, span.start + at + length)
