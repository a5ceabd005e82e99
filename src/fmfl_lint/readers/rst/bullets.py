"""Bullet lists, one entry an item; runs of paragraphs that each start with a link; and
footnotes or citations that link a paper (a page's reference list), one entry each.

An item's title is, in this order: the text of the link it starts with (after a short
``Source:`` or ``[tag]`` prefix); its bold text (``**Title** `[PDF] <url>`_``, badges
only, or a label before the title); the plain text before its first link when that link
is a label (``Title `[PDF] <url>`_``). Labels such as ``[PDF]``, ``code`` or ``arXiv`` are
never titles; an item of labels only has none.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from docutils import nodes

from ...model import Entry, Field, Link
from .context import Context, is_generic, plain_links, primary_link
from .doctree import line_of

#: " — ICML 2024", " (NeurIPS 2023-12)": a short venue that has a capital, then the date
_VENUE_DATE = re.compile(
    r"^\s*[\u2014\u2013\-,(\[]\s*(?P<venue>[^\W\d][\w&.+/'-]*(?: [\w&.+/'-]+){0,5}?)"
    r"\s*,?\s*(?P<date>(?:19|20)\d{2}(?:-\d{1,2})?)\b"
)
#: what may come before an item's title link: "DataWrangling:", "[Python]", a bullet-ish mark
_PREFIX = re.compile(r"^\s*(?:\[[^\]]*\]\s*|[\w .&/+-]{1,40}:\s*)?$")
_TAG = re.compile(r"^\s*\[[^\]]*\]\s*$")
#: separators around a title written as plain text before its links
_TRIM = " \t\n:;,.|-\u2013\u2014([{"

#: how the document walker is asked to read what is not an entry list
Walk = Callable[[nodes.Element, tuple[str, ...]], None]


def first_paragraph(item: nodes.Element) -> nodes.paragraph | None:
    # docutils may put a system message before the paragraph it is about
    return next((c for c in item.children if isinstance(c, nodes.paragraph)), None)


class Bullets:
    """Reads bullet items and link paragraphs into entries of a :class:`Context`."""

    def __init__(self, context: Context) -> None:
        self.ctx = context

    # -- bullet lists -----------------------------------------------------------------

    def is_entry_list(self, blist: nodes.Element) -> bool:
        """Most items link somewhere outside the page (a TOC links inside it)."""
        items = [item for item in blist.children if isinstance(item, nodes.list_item)]
        linked = [item for item in items if self._links_out(item)]
        return bool(items) and len(linked) * 2 >= len(items)

    def has_titled_entries(self, blist: nodes.Element) -> bool:
        """An entry list with at least one item titled by more than a label."""
        if not self.is_entry_list(blist):
            return False
        for item in blist.children:
            if isinstance(item, nodes.list_item):
                paragraph = first_paragraph(item)
                found = self.ctx.reader.read(paragraph) if paragraph is not None else []
                title, _ = self._title(paragraph, found, line_of(item), line_of(item))
                if title is not None:
                    return True
        return False

    def _links_out(self, item: nodes.list_item) -> bool:
        paragraph = first_paragraph(item)
        return paragraph is not None and _links_outside(paragraph)

    def bullet_list(self, blist: nodes.Element, section: tuple[str, ...], walk: Walk) -> bool:
        """Read a bulleted or numbered list whose items link out, one entry an item; False
        for another list (steps, a table of contents), left to ``walk``."""
        if not self.is_entry_list(blist):
            return False
        container = self.ctx.new_container()
        for item in blist.children:
            if not isinstance(item, nodes.list_item):
                continue
            self.ctx.entries.append(self.item_entry(item, section, container))
            for child in item.children:
                if isinstance(
                    child, (nodes.bullet_list, nodes.enumerated_list)
                ) and not self.bullet_list(child, section, walk):
                    walk(child, section)
        return True

    def item_entry(self, item: nodes.list_item, section: tuple[str, ...], container: int) -> Entry:
        ctx = self.ctx
        first_line = line_of(item)
        last_line = ctx.map.block_end(first_line)
        own = [
            child
            for child in item.children
            if not isinstance(child, (nodes.bullet_list, nodes.enumerated_list))
        ]
        found: list[tuple[Link, str]] = []
        for child in own:
            if isinstance(child, nodes.comment):
                ctx.comment(child, scope=(first_line, last_line), depth=len(section))
            else:
                found.extend(ctx.reader.read(child))
        paragraph = first_paragraph(item)
        title, url = self._title(paragraph, found, first_line, last_line)
        if url is None:
            url = primary_link(found)
        venue, date = self._venue_date(paragraph, title, url, last_line)
        lines = (first_line, last_line)
        return ctx.block_entry(section, container, lines, title, url, found, venue, date)

    def _title(
        self,
        paragraph: nodes.Element | None,
        found: list[tuple[Link, str]],
        first_line: int,
        last_line: int,
    ) -> tuple[Field | None, Link | None]:
        """The title of an item or paragraph and the link it names (None: decide later)."""
        if paragraph is None:
            return None, None
        ctx = self.ctx
        anchors = plain_links(found)
        lead = anchors[0] if anchors else None
        titled = lead is not None and bool(lead[1]) and not is_generic(lead[1])
        before, bold_before, bold = self._lead_in(paragraph, lead[1] if lead else None)
        short = bool(_PREFIX.match(before)) or len(before.split()) <= 3
        tagged = bool(_TAG.match(before))  # "[**Python**] `combo <url>`_": a tag, then the title
        if lead is not None and titled and (bold_before is None or tagged) and short:
            return ctx.title(lead[1], lead[0], first_line, last_line), lead[0]
        bold = bold_before if titled else bold
        if bold is not None and not is_generic(bold):
            return ctx.text_field(bold, first_line, last_line), None
        if lead is not None and titled:
            return ctx.title(lead[1], lead[0], first_line, last_line), lead[0]
        text = " ".join(before.split()).strip(_TRIM) if lead else ctx.reader.text(paragraph)
        if text and not is_generic(text):
            return ctx.text_field(text, first_line, last_line), None
        return None, None

    @staticmethod
    def _lead_in(paragraph: nodes.Element, label: str | None) -> tuple[str, str | None, str | None]:
        """The text before the first plain link (``label``), the bold text before it, and
        the first bold text anywhere (bold inside a link is the link's)."""
        before: list[str] = []
        bold_before = bold = None
        reached = False
        for child in paragraph.children:
            if isinstance(child, nodes.reference) and child.get("refuri"):
                text = " ".join(child.astext().split())
                if label is not None and text == label:
                    reached = True
            if isinstance(child, nodes.strong) and bold is None:
                bold = " ".join(child.astext().split())
                bold_before = None if reached else bold
            if not reached:
                before.append(child.astext())
        return " ".join("".join(before).split()), bold_before, bold

    def _venue_date(
        self, paragraph: nodes.Element | None, title: Field | None, url: Link | None, last: int
    ) -> tuple[Field | None, Field | None]:
        """A venue and date written right after the title: `` — ICML 2024``."""
        if paragraph is None or title is None:
            return None, None
        text = self.ctx.reader.text(paragraph)
        label = title.text
        rest = text.split(label, 1)[1] if label and label in text else ""
        match = _VENUE_DATE.match(rest)
        if not match:
            return None, None
        anchor = url.span if url is not None and url.span.line == title.span.line else title.span
        venue = self.ctx.field(match.group("venue"), anchor.line, last, anchor.end or 0)
        after = venue.span.end or 0
        date = self.ctx.field(match.group("date"), venue.span.line, last, after)
        return venue, date

    # -- footnotes and citations ----------------------------------------------------------

    @staticmethod
    def is_reference(note: nodes.Element) -> bool:
        """A footnote or citation that links a page outside this one: a reference, such
        as ``.. [#] A. Author, `Title <url>`_, Venue.``"""
        paragraph = _note_paragraph(note)
        return paragraph is not None and _links_outside(paragraph)

    def reference_entry(
        self, note: nodes.Element, section: tuple[str, ...], container: int
    ) -> Entry:
        """The entry of a footnote or citation that :meth:`is_reference`."""
        ctx = self.ctx
        paragraph = _note_paragraph(note)
        first_line = line_of(note)
        last_line = ctx.map.block_end(first_line)
        found = ctx.reader.read(paragraph) if paragraph is not None else []
        title, url = self._title(paragraph, found, first_line, last_line)
        if url is None:
            url = primary_link(found)
        return ctx.block_entry(section, container, (first_line, last_line), title, url, found)

    # -- paragraphs that start with a link ----------------------------------------------

    def leads_with_link(self, paragraph: nodes.Node) -> bool:
        """A paragraph that starts with a titled link (after a short ``[tag]``)."""
        if not isinstance(paragraph, nodes.paragraph):
            return False
        before: list[str] = []
        for child in paragraph.children:
            if isinstance(child, nodes.reference):
                uri = child.get("refuri")
                label = child.astext()
                if not uri or uri.startswith("#") or child.next_node(nodes.image) is not None:
                    return False
                return not is_generic(label) and bool(_PREFIX.match("".join(before)))
            before.append(child.astext())
        return False

    def paragraph_entry(
        self, paragraph: nodes.Element, section: tuple[str, ...], container: int
    ) -> Entry:
        ctx = self.ctx
        first_line = line_of(paragraph)
        last_line = first_line
        while last_line < ctx.map.line_count and not ctx.map.is_blank(last_line + 1):
            last_line += 1
        found = ctx.reader.read(paragraph)
        title, url = self._title(paragraph, found, first_line, last_line)
        if url is None:
            url = primary_link(found)
        return ctx.block_entry(section, container, (first_line, last_line), title, url, found)


def _links_outside(paragraph: nodes.Element) -> bool:
    """Whether the paragraph links a page outside this one (a TOC links inside it)."""
    return any(
        (uri := node.get("refuri")) and not uri.startswith("#")
        for node in paragraph.findall(nodes.reference)
    )


def _note_paragraph(note: nodes.Element) -> nodes.paragraph | None:
    # docutils reads a note that starts with an initial ("M. Cuturi, ...") as an
    # enumerated list: its text is the paragraph inside
    return note.next_node(nodes.paragraph)
