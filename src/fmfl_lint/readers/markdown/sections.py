"""Headings and bold labels: the section each entry is in, the venue and year the
headings above an entry name (``### 2024`` / ``#### IJCAI``, ``## ICML 2023``), and pages
with a heading per entry (``### 1. [Title](url)`` and a summary under it).

Whether a heading is an entry is decided for its family (the headings that share its
parent heading), as the RST reader decides for its sections: at least three of them are
one link to a page (after an optional number), with no heading or table under them, and
they are a good part of the family. The document's title is never one.
"""

from __future__ import annotations

import re

from ...model import Entry, Field, Span
from .context import Context, kept, plain
from .events import Node
from .inline import is_web_link

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


class Sections:
    """Keeps the :class:`Context`'s outline as headings and bold labels are read."""

    def __init__(self, context: Context) -> None:
        self.ctx = context
        #: the start of each heading that is an entry, and the container of its family
        self.entry_headings: dict[int, int] = {}

    def find_entry_headings(self, nodes: list[Node]) -> None:
        """Which headings of the document's top level are entries (see the module)."""
        headings = [(i, n) for i, n in enumerate(nodes) if n.kind == "heading"]
        #: per (parent heading's start, level): each heading, and whether it is entry sized
        families: dict[tuple[int, int], list[tuple[Node, bool]]] = {}
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
            families.setdefault((parent, level), []).append((node, sized))
        for family in families.values():
            linked = [node for node, sized in family if sized and _heading_link(node)]
            if len(linked) >= _FEWEST_ENTRY_HEADINGS and len(linked) * 3 >= len(family):
                container = self.ctx.new_container()
                self.entry_headings.update((node.start, container) for node in linked)

    def heading_entry(self, nodes: list[Node], index: int) -> int:
        """The heading at ``index`` and what is under it, up to the next heading of its
        level or above, as one entry; the index of the last node read."""
        ctx = self.ctx
        node = nodes[index]
        level = node.attrs["level"]
        end = index + 1
        while end < len(nodes) and not (
            nodes[end].kind == "heading" and nodes[end].attrs["level"] <= level
        ):
            end += 1
        self._enter(node, None)
        title_link = _heading_link(node)
        assert title_link is not None  # only such headings are entries
        heading = ctx.inline.read(node.children)
        content = ctx.inline.read(nodes[index + 1 : end])
        for under in nodes[index + 1 : end]:
            ctx.html_comments_of(under)
        ctx.read_problems(heading)
        ctx.read_problems(content)
        url = next(f.link for f in heading.links if f.start == title_link.start)
        label = plain(ctx.inline.read(title_link.children).text)
        last = nodes[end - 1]
        block, first_line, last_line = ctx.block(node.start, last.end)
        entry = Entry(
            section=ctx.outline.section,
            container=self.entry_headings[node.start],
            first_line=first_line,
            last_line=last_line,
            title=ctx.field(label, title_link.start, title_link.end),
            url=url,
            links=tuple(f.link for f in content.links if kept(f.link)),
            block=block,
        )
        ctx.add(entry, heading.links + content.links)
        return end - 1

    def heading(self, node: Node) -> None:
        ctx = self.ctx
        found = ctx.inline.read(node.children)
        ctx.outside(found)
        self._enter(node, found.text)
        ctx.read_problems(found)

    def _enter(self, node: Node, name: str | None) -> None:
        """The outline under a heading: named by it, or, for a heading that is an entry,
        the section of the headings above it."""
        ctx = self.ctx
        level = node.attrs["level"]
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
