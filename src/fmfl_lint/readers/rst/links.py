"""The links and images under a docutils node, each located where it is written."""

from __future__ import annotations

import re

from docutils import nodes

from ...model import Link, Span
from ..html import HtmlFragment, parse_fragment
from ..sourcemap import RawOrigin, SourceMap
from .doctree import descendants, line_of, text_of
from .sphinx import is_extlink

_LINKING = (nodes.reference, nodes.image, nodes.raw, nodes.problematic)
#: the target of an embedded reference as written: `text <target>`_
_EMBEDDED = re.compile(r"<([^<>]*)>`__?$", re.DOTALL)
#: a role's target as written: :role:`target` or :role:`title <target>`
_ROLE_TARGET = re.compile(r"`(?:[^`]*?<([^<>`]*)>|([^`<>]*))`$", re.DOTALL)
#: an alias (`text <name_>`_) names a target instead of a URL
_ALIAS = re.compile(r"^\S+_$")
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


def _unescape(written: str) -> str:
    """A written target with its backslash escapes undone (docutils' URL when it has no
    whitespace: docutils drops that, and a URL with a space is not the URL meant)."""
    return _ESCAPE.sub(r"\1", written)


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
                    found.extend(self.html_links(node))
                continue
            if isinstance(node, nodes.image):
                parent = node.parent
                target = parent.get("refuri") if isinstance(parent, nodes.reference) else None
                found.append((self._image_link(node, target, cursors), node.get("alt", "")))
                continue
            if isinstance(node, nodes.problematic):
                empty = self._empty_target(node, cursors)
                if empty is not None:
                    label = node.rawsource.split("<")[0].strip("` ")
                    found.append((empty, " ".join(label.split())))
                continue
            if not isinstance(node, nodes.reference):
                continue
            uri = node.get("refuri")
            if not uri or node.next_node(nodes.image):
                continue
            link = self._reference(node, uri, cursors)
            if link is not None:
                found.append((link, " ".join(text_of(node).split())))
        return found

    def _reference(self, node: nodes.reference, uri: str, cursors: dict[int, int]) -> Link | None:
        """A reference's link, its URL as written; None for a URL written nowhere.

        docutils drops the whitespace inside a target (``<http://a b>`` links
        ``http://ab``) and makes links of its own (``:pep:``, ``:rfc:``): the link is what
        the file says, so a rule sees the space, and the made-up URLs are not checked.
        """
        line = line_of(node)
        raw = node.rawsource
        if is_extlink(node):
            match = _ROLE_TARGET.search(raw)
            target = (match.group(1) or match.group(2)).strip() if match else ""
            where = self.map.find(target, line) if target else None
            span = Span(where.line, where.column) if where else self.map.line_span(line)
            return Link(uri, span)
        embedded = _EMBEDDED.search(raw)
        written = embedded.group(1).strip() if embedded else ""
        if written and written != uri and not _ALIAS.match(written):
            at = self.map.find(written, line, after=cursors.get(line, 0))
            if at is not None:
                cursors[line] = at.end or 0
                return Link(uri if _unescape(written) == uri else written, at)
        address = uri[len("mailto:") :] if uri.startswith("mailto:") and raw == uri[7:] else uri
        at = self.map.find(address, line, after=cursors.get(line, 0))
        if at is not None:
            cursors[line] = at.end or 0
            return Link(uri, at)
        if raw.startswith(":"):
            return None  # a role's URL (``:pep:`8```), written nowhere in the file
        return Link(uri, self.map.line_span(line))

    def _empty_target(self, node: nodes.problematic, cursors: dict[int, int]) -> Link | None:
        """``<>`` as a reference's target: docutils refuses it; FL005 names it."""
        embedded = _EMBEDDED.search(node.rawsource)
        if embedded is None or embedded.group(1).strip():
            return None
        line = line_of(node)
        span = self.map.find(f"<{embedded.group(1)}>", line, after=cursors.get(line, 0))
        if span is None:
            return None
        cursors[line] = span.end or 0
        return Link("", span)

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

    def html_links(self, node: nodes.raw) -> list[tuple[Link, str]]:
        """The links of a raw HTML block, one for each of its fragment's, in its order."""
        origin = self.raw_origin(node)
        unplaced = self.map.line_span(line_of(node))

        def span_of(start: int, length: int) -> Span:
            if origin is None or start < 0:
                return unplaced
            return self.map.span(origin.offset(start), length)

        found = []
        for html in self.fragment(node).links:  # one link for each, in the same order
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

    def raw_origin(self, node: nodes.raw) -> RawOrigin | None:
        """Where a raw block's text is written (to place what is found in it)."""
        return self.map.raw_origin(text_of(node), line_of(node))

    def fragment(self, node: nodes.raw) -> HtmlFragment:
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
                parts.append(self.fragment(child.parent).text)
            else:
                parts.append(text_of(child))
        return " ".join(" ".join(parts).split())
