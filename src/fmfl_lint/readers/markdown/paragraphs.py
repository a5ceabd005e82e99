"""Paragraphs: one that is a single link under a heading is an entry (those in a row share
a container); one whose words are all bold is a label that names the lists under it."""

from __future__ import annotations

from ...model import Entry
from .context import Context, kept, plain
from .events import Node
from .inline import GENERIC
from .sections import Sections


class Paragraphs:
    """Reads paragraphs into entries and section labels of a :class:`Context`."""

    def __init__(self, context: Context, sections: Sections) -> None:
        self.ctx = context
        self.sections = sections
        #: the container of the run of one-link paragraphs being read, if any
        self.run: int | None = None

    def end_run(self) -> None:
        """Whatever is not such a paragraph ends a run: the next one starts a container."""
        self.run = None

    def paragraph(self, node: Node) -> None:
        ctx = self.ctx
        found = ctx.inline.read(node.children)
        ctx.read_problems(found)
        ctx.html_comments_of(node)
        links = [f for f in found.links if kept(f.link)]
        only = (
            len(found.links) == 1
            and links
            and not links[0].link.is_image
            and links[0].label
            and not GENERIC.match(links[0].label)
            and plain(found.text).strip(" .") == plain(links[0].label)
            and ctx.outline.section
        )
        if not only:
            self.end_run()
            ctx.outside(found)
            strong = _bold_label(node)
            if strong is not None and ctx.outline.section:
                self.sections.label(plain(ctx.inline.read(strong.children).text))
            return
        if self.run is None:
            self.run = ctx.new_container()
        block, first_line, last_line = ctx.block(node.start, node.end)
        label = plain(links[0].label)
        entry = Entry(
            section=ctx.outline.section,
            container=self.run,
            first_line=first_line,
            last_line=last_line,
            title=ctx.field(label, node.start, node.end),
            url=links[0].link,
            block=block,
        )
        ctx.add(entry, links)


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
