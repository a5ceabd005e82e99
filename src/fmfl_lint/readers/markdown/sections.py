"""Headings and bold labels: the section each entry is in, and the venue and year the
headings above an entry name (``### 2024`` / ``#### IJCAI``, ``## ICML 2023``)."""

from __future__ import annotations

import re

from ...model import Field, Span
from .context import Context
from .events import Node

#: a heading that names a venue, a year, or both: "ICML 2023", "2023", "IJCAI", and a
#: venue in a few words: "NAACL workshop", "KDD (Best Paper Award)", "SEAMS@ICSE"
_HEADING_VENUE = re.compile(
    r"^(?P<venue>[A-Za-z][\w&+@'-]*(?: (?!(?:19|20)\d{2}$)[\w&+@'().-]+){0,5})?"
    r"\s*(?P<year>(?:19|20)\d{2})?$"
)


class Sections:
    """Keeps the :class:`Context`'s outline as headings and bold labels are read."""

    def __init__(self, context: Context) -> None:
        self.ctx = context

    def heading(self, node: Node) -> None:
        ctx = self.ctx
        found = ctx.inline.read(node.children)
        ctx.outside(found)
        level = node.attrs["level"]
        outline = ctx.outline
        keep = [i for i, known in enumerate(outline.levels) if known < level]
        outline.section = (*(outline.section[i] for i in keep), found.text)
        outline.levels = (*(outline.levels[i] for i in keep), level)
        outline.labelled = False
        where = ctx.map.span(node.start, 0)
        outline.heading_spans[outline.section] = ctx.field(found.text, node.start, node.end).span
        outline.headings.append((where.line, level))
        ctx.read_problems(found)

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
