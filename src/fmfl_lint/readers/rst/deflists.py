"""Definition lists whose terms are links: ``name_`` (with ``.. _name: url`` below),
```Two Words`_``, or an inline ```Tool <url>`_``; the definition describes the entry."""

from __future__ import annotations

from docutils import nodes

from ...model import Link
from .context import Context, plain_links, primary_link
from .doctree import line_of


class DefinitionLists:
    """Reads definition lists into entries of a :class:`Context`."""

    def __init__(self, context: Context) -> None:
        self.ctx = context

    def is_entry_list(self, dlist: nodes.definition_list) -> bool:
        """Most terms link somewhere outside the page."""
        items = [item for item in dlist.children if isinstance(item, nodes.definition_list_item)]
        linked = [item for item in items if plain_links(self.ctx.reader.read(_term(item)))]
        return bool(items) and len(linked) * 2 >= len(items)

    def definition_list(self, dlist: nodes.definition_list, section: tuple[str, ...]) -> bool:
        if not self.is_entry_list(dlist):
            return False
        ctx = self.ctx
        container = ctx.new_container()
        for item in dlist.children:
            if not isinstance(item, nodes.definition_list_item):
                continue
            term = _term(item)
            first_line = line_of(term)
            last_line = ctx.map.block_end(first_line)
            ctx.comments_in(item, (first_line, last_line), len(section))
            in_term = ctx.reader.read(term)
            anchors = plain_links(in_term)
            text = " ".join(term.astext().split())
            url: Link | None
            if anchors:
                link, label = anchors[0]
                title = ctx.title(label or text, link, first_line, first_line)
                url = link
            else:
                title = ctx.text_field(text, first_line, first_line)
                url = primary_link(in_term)
            found = in_term + [
                pair
                for child in item.children
                if not isinstance(child, nodes.term)
                for pair in ctx.reader.read(child)
            ]
            lines = (first_line, last_line)
            ctx.entries.append(ctx.block_entry(section, container, lines, title, url, found))
        return True


def _term(item: nodes.definition_list_item) -> nodes.Element:
    return next((child for child in item.children if isinstance(child, nodes.term)), nodes.term())
