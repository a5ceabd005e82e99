"""The links and images under a docutils node, each located where it is written."""

from __future__ import annotations

from docutils import nodes

from ...model import Link, Span
from ..html import HtmlFragment, parse_fragment
from ..sourcemap import SourceMap
from .doctree import descendants, line_of, text_of

_LINKING = (nodes.reference, nodes.image, nodes.raw)


class LinkReader:
    """Reads links out of doctree nodes; reads each raw HTML block once."""

    def __init__(self, source: SourceMap) -> None:
        self.map = source
        self.fragments: dict[int, HtmlFragment] = {}

    def read(self, root: nodes.Node) -> list[tuple[Link, str]]:
        """Every link and image under ``root`` with its text, located in the source."""
        found: list[tuple[Link, str]] = []
        cursors: dict[int, int] = {}  # where the last URL found from a given line ended
        for node in descendants(root, _LINKING):
            if isinstance(node, nodes.raw):
                if "html" in node.get("format", "").split():
                    found.extend(self._html_links(node))
                continue
            if isinstance(node, nodes.image):
                parent = node.parent
                target = parent.get("refuri") if isinstance(parent, nodes.reference) else None
                link = self._image_link(node, target, cursors)
                found.append((link, node.get("alt", "")))
                continue
            uri = node.get("refuri") if isinstance(node, nodes.reference) else None
            if not uri or node.next_node(nodes.image):
                continue
            span = self._locate(uri, line_of(node), cursors)
            found.append((Link(uri, span), " ".join(text_of(node).split())))
        return found

    def _locate(self, url: str, line: int, cursors: dict[int, int]) -> Span:
        span = self.map.find(url, line, after=cursors.get(line, 0))
        if span is None:
            return self.map.line_span(line)
        cursors[line] = span.end or 0
        return span

    def _image_link(self, node: nodes.image, target: str | None, cursors: dict[int, int]) -> Link:
        line = line_of(node)
        span = self._locate(node["uri"], line, cursors)
        target_span = self._locate(target, span.line, cursors) if target else None
        directive = self.map.lines[span.line - 1].find("..")
        markup = None
        if directive >= 0 and span.start is not None:
            start = self.map.offset(span.line) + directive
            end_of_line = self.map.offset(span.line) + len(self.map.lines[span.line - 1])
            markup = Span(span.line, directive + 1, start, end_of_line)
        return Link(node["uri"], span, True, target, target_span, markup)

    def _html_links(self, node: nodes.raw) -> list[tuple[Link, str]]:
        origin = self.map.raw_origin(text_of(node), line_of(node))
        unplaced = self.map.line_span(line_of(node))

        def span_of(start: int, length: int) -> Span:
            if origin is None or start < 0:
                return unplaced
            return self.map.span(origin.offset(start), length)

        found = []
        for html in self._fragment(node).links:
            span = span_of(html.url_offset, len(html.written))
            if not html.is_image:
                found.append((Link(html.url, span), html.text))
                continue
            tag = span_of(html.tag_start, html.tag_end - html.tag_start)
            markup = tag if tag is not unplaced else None
            anchor = html.parent
            target = anchor.url if anchor else None
            target_span = span_of(anchor.url_offset, len(anchor.written)) if anchor else None
            found.append((Link(html.url, span, True, target, target_span, markup), html.text))
        return found

    def _fragment(self, node: nodes.raw) -> HtmlFragment:
        """The links and text of a raw HTML block, read once."""
        key = id(node)
        if key not in self.fragments:
            self.fragments[key] = parse_fragment(text_of(node))
        return self.fragments[key]

    def text(self, node: nodes.Element) -> str:
        """A cell's or item's text, with raw HTML reduced to the text it shows."""
        parts = []
        for child in descendants(node, (nodes.Text,)):
            if isinstance(child.parent, nodes.raw):
                parts.append(self._fragment(child.parent).text)
            else:
                parts.append(text_of(child))
        return " ".join(" ".join(parts).split())
