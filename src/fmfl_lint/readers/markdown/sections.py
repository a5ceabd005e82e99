"""Headings and bold labels: the section each entry is in, the venue and year the
headings above an entry name (``### 2024`` / ``#### IJCAI``, ``## ICML 2023``), and pages
with a heading per entry (``### 1. [Title](url)`` and a summary under it).

Whether a heading is an entry is decided for its family (the headings that share its
parent heading), as the RST reader decides for its sections: at least three of them are
one link to a page (after an optional number), with no heading or table under them, and
they are a good part of the family. Or at least two of them name a paper in words and
start with a short list of its fields, one of them its link (``## Title`` then
``- **Paper:** [arXiv](u)``, ``- **Published:** 2026-06``; a ``### Summary`` may follow):
the labels are fields, never titles. The document's title is never one, nor a part about
the page.
"""

from __future__ import annotations

import re

from ...model import Entry, Field, Link, Span
from ..about import is_about_the_page
from ..html import parse_fragment
from ..rst.tables import column_roles
from .context import Context, kept, plain
from .events import Node
from .inline import PAPER_HOSTS, PAPER_LABEL, Found, Inline, is_web_link, on_hosts, paper_link

#: a heading that names a venue, a year, or both: "ICML 2023", "2023", "IJCAI", and a
#: venue in a few words: "NAACL workshop", "KDD (Best Paper Award)", "SEAMS@ICSE"
_HEADING_VENUE = re.compile(
    r"^(?P<venue>[A-Za-z][\w&+@'-]*(?: (?!(?:19|20)\d{2}$)[\w&+@'().-]+){0,5})?"
    r"\s*(?P<year>(?:19|20)\d{2})?$"
)
#: what may come before the link of a heading that is an entry: "1. ", "12) "
_NUMBER = re.compile(r"^\s*(?:\d+[.)]\s*)?$")
#: fewest headings of a family that are one link each, for them to be entries
_FEWEST_ENTRY_HEADINGS = 3
#: fewest headings of a family over a list of a paper's fields: two, as the RST reader's
#: section families, since a list of labelled fields linking a paper is a shape of its own
_FEWEST_FIELDED_HEADINGS = 2
#: a field's label: "Paper:" in bold, or "Paper" in bold and the colon after it
_LABEL = re.compile(r"^\s*(?P<label>\w[\w ]{0,24}?)\s*(?P<colon>:)?\s*$")
#: a field's value that is only a date: "2026-06", "2023", "2013.12"
_DATE_ONLY = re.compile(r"^(?:19|20)\d{2}(?:[-./]\d{1,2}){0,2}$")
#: symbols before a heading's words (``## 🌟 M3imic: ...``): no part of its title
_LEADING_SYMBOLS = re.compile(r"^[^\w\"'(\[]+")
#: a heading written as HTML: ``<h2 id="attack">Privacy Attack</h2>``
_HTML_HEADING = re.compile(r"^\s*<h([1-6])\b[^>]*>(.*?)</h\1\s*>\s*$", re.IGNORECASE | re.DOTALL)


class Sections:
    """Keeps the :class:`Context`'s outline as headings and bold labels are read."""

    def __init__(self, context: Context) -> None:
        self.ctx = context
        #: the start of each heading that is an entry, and the container of its family
        self.entry_headings: dict[int, int] = {}

    def find_entry_headings(self, nodes: list[Node]) -> None:
        """Which headings of the document's top level are entries (see the module)."""
        headings = [(i, n) for i, n in enumerate(nodes) if n.kind == "heading"]
        #: per (parent heading's start, level): each heading, whether it is entry sized,
        #: and whether a list of a paper's fields is under it
        families: dict[tuple[int, int], list[tuple[Node, bool, bool]]] = {}
        parents: list[tuple[int, int]] = []  # (level, start) of the headings above
        for at, (index, node) in enumerate(headings):
            level = node.attrs["level"]
            while parents and parents[-1][0] >= level:
                parents.pop()
            parent = parents[-1][1] if parents else -1
            parents.append((level, node.start))
            if at == 0 and level == 1:
                continue  # the document's title
            following = headings[at + 1] if at + 1 < len(headings) else None
            under = nodes[index + 1 : following[0] if following else len(nodes)]
            sized = (following is None or following[1].attrs["level"] <= level) and all(
                n.kind != "table" for n in under
            )
            over_fields = self._paper_fields(nodes, index) is not None
            families.setdefault((parent, level), []).append((node, sized, over_fields))
        for family in families.values():
            linked = [node for node, sized, _ in family if sized and _heading_link(node)]
            fielded = [node for node, _, fields in family if fields]
            if len(linked) >= _FEWEST_ENTRY_HEADINGS and len(linked) * 3 >= len(family):
                entries = linked
            elif len(fielded) >= _FEWEST_FIELDED_HEADINGS and len(fielded) * 3 >= len(family):
                entries = fielded
            else:
                continue
            container = self.ctx.new_container()
            self.entry_headings.update((node.start, container) for node in entries)

    def heading_entry(self, nodes: list[Node], index: int) -> int:
        """The heading at ``index`` and what is under it, up to the next heading of its
        level or above, as one entry; the index of the last node read."""
        ctx = self.ctx
        node = nodes[index]
        end = _section_end(nodes, index)
        self._enter(node, None)
        heading = ctx.inline.read(node.children)
        content = ctx.inline.read(nodes[index + 1 : end])
        for under in nodes[index + 1 : end]:
            ctx.html_comments_of(under)
        ctx.read_problems(heading)
        ctx.read_problems(content)
        title_link = _heading_link(node)
        venue = date = None
        if title_link is not None:
            url: Link | None = next(f.link for f in heading.links if f.start == title_link.start)
            label = plain(ctx.inline.read(title_link.children).text)
            title = ctx.field(label, title_link.start, title_link.end)
        else:  # only headings over a paper's fields are entries too
            title = ctx.field(_LEADING_SYMBOLS.sub("", plain(heading.text)), node.start, node.end)
            url, venue, date = self._fields_read(self._paper_fields(nodes, index) or [], content)
        last = nodes[end - 1]
        block, first_line, last_line = ctx.block(node.start, last.end)
        entry = Entry(
            section=ctx.outline.section,
            container=self.entry_headings[node.start],
            first_line=first_line,
            last_line=last_line,
            title=title,
            url=url,
            links=tuple(f.link for f in content.links if kept(f.link) and f.link is not url),
            venue=venue,
            date=date,
            block=block,
        )
        ctx.add(entry, heading.links + content.links)
        return end - 1

    def _paper_fields(self, nodes: list[Node], index: int) -> list[tuple[str, Node]] | None:
        """The labelled fields of the paper a heading names in words: the list right under
        it, every item ``**Label:** value``, one of them linking the paper (labelled Paper,
        PDF, arXiv, or to a paper's host); no table under it, no link in its sub-headings."""
        heading = nodes[index]
        name = self.ctx.inline.read(heading.children).text
        if _heading_link(heading) is not None or not name.strip() or is_about_the_page(name):
            return None
        under = nodes[index + 1 : _section_end(nodes, index)]
        if not under or under[0].kind != "list":
            return None
        if any(n.kind == "table" or (n.kind == "heading" and _links_in(n)) for n in under):
            return None
        fields = [_field(item) for item in under[0].children if item.kind == "item"]
        labelled = [field for field in fields if field is not None]
        if len(labelled) < 2 or len(labelled) < len(fields):
            return None
        inline = self.ctx.inline
        for label, item in labelled:
            links = [f for f in inline.read(_inline_of(item)).links if not f.link.is_image]
            if any(_is_paper(label, found) for found in links):
                return labelled
        return None

    def _fields_read(
        self, fields: list[tuple[str, Node]], content: Inline
    ) -> tuple[Link | None, Field | None, Field | None]:
        """The URL, venue and date of a paper's fields: the link of its Paper (PDF, arXiv)
        field, else a paper's link among them; a Venue field, a Published or Year field."""
        url = None
        venue = date = None
        for label, item in fields:
            links = [f for f in content.links if item.start <= f.start < item.end]
            if url is None and PAPER_LABEL.match(label):
                url = next((f.link for f in links if not f.link.is_image), None)
            role = column_roles([label]).get
            value = _value_text(item)
            if value is None or links or (role("venue") is None and role("date") is None):
                continue
            text, start = value
            found = self.ctx.field(text, start, item.end)
            if _DATE_ONLY.match(text) or role("venue") is None:
                date = date or found
            else:
                venue = venue or found
        if url is None:
            paper_found = paper_link(content.links, exclude=None)
            url = paper_found.link if paper_found is not None else None
        return url, venue, date

    def heading(self, node: Node) -> None:
        ctx = self.ctx
        found = ctx.inline.read(node.children)
        ctx.outside(found)
        self._enter(node, found.text)
        ctx.read_problems(found)

    def html_heading(self, node: Node) -> None:
        """An HTML block that is one ``<h1>``-``<h6>`` names a section as ``##`` does."""
        match = _HTML_HEADING.match(self.ctx.text[node.start : node.end])
        name = plain(parse_fragment(match.group(2)).text) if match else ""
        if match and name:
            self._enter(node, name, int(match.group(1)))

    def _enter(self, node: Node, name: str | None, level: int | None = None) -> None:
        """The outline under a heading: named by it, or, for a heading that is an entry,
        the section of the headings above it."""
        ctx = self.ctx
        level = node.attrs["level"] if level is None else level
        outline = ctx.outline
        keep = [i for i, known in enumerate(outline.levels) if known < level]
        outline.section = tuple(outline.section[i] for i in keep)
        outline.levels = tuple(outline.levels[i] for i in keep)
        outline.labelled = False
        where = ctx.map.span(node.start, 0)
        outline.headings.append((where.line, level))
        if name is not None:
            outline.section = (*outline.section, name)
            outline.levels = (*outline.levels, level)
            outline.heading_spans[outline.section] = ctx.field(name, node.start, node.end).span

    def label(self, text: str) -> None:
        """A paragraph whose words are all bold (``> 🔥 **Surveys of MLLMs** | **[Chat](u)**``)
        names the lists under it, up to the next label or heading: a section of its own
        under its heading's, so that two lists under one heading are told apart."""
        outline = self.ctx.outline
        under = outline.section[:-1] if outline.labelled else outline.section
        outline.section = (*under, text)
        outline.labelled = True

    def heading_venue(self) -> tuple[Field | None, Field | None]:
        """Venue and year from the headings above (``### 2024`` / ``#### IJCAI``, or
        ``## ICML 2023``): only when the headings name a year, so topics stay topics."""
        outline = self.ctx.outline
        venue = date = None
        for depth in range(len(outline.section), 0, -1):
            path = outline.section[:depth]
            match = _HEADING_VENUE.match(path[-1].strip())
            if not match:
                continue
            span = outline.heading_spans.get(path)
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


def _shifted(span: Span, at: int, length: int) -> Span:
    if at < 0 or span.start is None:
        return Span(span.line, span.column)
    return Span(span.line, span.column + at, span.start + at, span.start + at + length)


def _section_end(nodes: list[Node], index: int) -> int:
    """The index after what a heading holds: up to the next heading of its level or above."""
    level = nodes[index].attrs["level"]
    end = index + 1
    while end < len(nodes) and not (
        nodes[end].kind == "heading" and nodes[end].attrs["level"] <= level
    ):
        end += 1
    return end


def _links_in(node: Node) -> bool:
    return any(child.kind == "link" for child in node.walk())


def _inline_of(item: Node) -> list[Node]:
    """The inline nodes of a list item's first line: a tight item's own, a loose one's
    first paragraph's."""
    first = item.children[0] if item.children else None
    if first is not None and first.kind == "paragraph":
        return first.children
    return [child for child in item.children if child.kind != "list"]


def _field(item: Node) -> tuple[str, Node] | None:
    """An item's label and the item, when it starts with one in bold: ``**Paper:** …`` or
    ``**Paper**: …``."""
    inline = _inline_of(item)
    if not inline or inline[0].kind != "strong":
        return None
    label = "".join(child.attrs.get("text", "") for child in inline[0].walk())
    after = inline[1].attrs.get("text", "") if len(inline) > 1 else ""
    match = _LABEL.match(label)
    if match is None or not (match.group("colon") or after.lstrip().startswith(":")):
        return None
    return match.group("label"), item


def _value_text(item: Node) -> tuple[str, int] | None:
    """The text after a field's label, and where it starts: ``2026-06``."""
    inline = _inline_of(item)
    rest = [child for child in inline[1:] if child.kind == "text"]
    if not rest:
        return None
    text = "".join(child.attrs["text"] for child in rest).strip().lstrip(":").strip()
    return (text, rest[0].start) if text else None


def _is_paper(label: str, found: Found) -> bool:
    """A field's link to the paper: labelled so (``**Paper:**``, ``[arXiv]``) or on a
    paper's host."""
    paper_named = PAPER_LABEL.match(label) or PAPER_LABEL.match(found.label)
    return bool(paper_named) or on_hosts(found.link.url, PAPER_HOSTS)


def _heading_link(heading: Node) -> Node | None:
    """The link a heading is, after an optional number: ``### 1. [Title](url)``; not an
    ``#anchor`` of the page."""
    links = [child for child in heading.children if child.kind == "link"]
    if len(links) != 1 or not is_web_link(links[0].attrs["url"]):
        return None
    others = [child for child in heading.children if child is not links[0]]
    lead = "".join(child.attrs.get("text", "") for child in others if child.start < links[0].start)
    after = "".join(child.attrs.get("text", "") for child in others if child.start > links[0].start)
    known = all(child.kind == "text" for child in others)
    return links[0] if known and _NUMBER.match(lead) and not after.strip() else None
