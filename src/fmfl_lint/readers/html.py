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
class HtmlCell:
    """A ``<td>`` or ``<th>``: its text, its links, where its tag starts."""

    is_header: bool
    start: int
    text: str = ""  # whitespace folded
    links: list[HtmlLink] = field(default_factory=list)


@dataclass
class HtmlFragment:
    links: list[HtmlLink] = field(default_factory=list)
    text: str = ""  # all text outside tags, whitespace folded
    #: the rows of its tables, each a list of cells (inner tables' rows too, in order)
    rows: list[list[HtmlCell]] = field(default_factory=list)


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
        self.cell: HtmlCell | None = None

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
        if self.cell is not None:
            self.cell.links.append(link)
        if not is_image:
            self.open_anchors.append(link)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.fragment.rows.append([])
            self.cell = None
        elif tag in ("td", "th") and self.fragment.rows:
            self.cell = HtmlCell(is_header=tag == "th", start=self._tag_start())
            self.fragment.rows[-1].append(self.cell)
        elif tag == "a":
            self._link("href", attrs, is_image=False)
        elif tag == "img":
            self._link("src", attrs, is_image=True)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self._link("src", attrs, is_image=True)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.open_anchors:
            self.open_anchors.pop()
        elif tag in ("td", "th", "tr", "table"):
            self.cell = None

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)
        if self.cell is not None:
            self.cell.text += data
        for anchor in self.open_anchors:
            anchor.text += data


def parse_fragment(source: str) -> HtmlFragment:
    """Every ``<a href>`` and ``<img src>`` of an HTML fragment, in the order written."""
    collector = _Collector(source)
    collector.feed(source)
    collector.close()
    fragment = collector.fragment
    fragment.text = " ".join("".join(collector.text_parts).split())
    for link in fragment.links:
        link.text = " ".join(link.text.split())
    for row in fragment.rows:
        for cell in row:
            cell.text = " ".join(cell.text.split())
    return fragment


def wrap_in_anchor(tag: Span, target: str) -> tuple[Edit, ...] | None:
    """Edits that put ``<a href="target">`` around the tag written at ``tag``."""
    if tag.start is None or tag.end is None:
        return None
    escaped = html.escape(target, quote=True)
    return (Edit(tag.start, tag.start, f'<a href="{escaped}">'), Edit(tag.end, tag.end, "</a>"))
