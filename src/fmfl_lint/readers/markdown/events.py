"""pyromark's event stream as a small tree with character offsets.

pyromark (pulldown-cmark, the CommonMark/GFM parser) gives every event the exact UTF-8
byte range it was written at. Findings need 1-based character columns and fixes need
character offsets into the decoded text, so every range is converted once, here. This is
the only module that imports the parser: swapping it touches nothing else.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

import pyromark

_O = pyromark.Options
_OPTIONS = (
    _O.ENABLE_TABLES
    | _O.ENABLE_STRIKETHROUGH
    | _O.ENABLE_TASKLISTS
    | _O.ENABLE_FOOTNOTES
    | _O.ENABLE_GFM
)
_PARSER = pyromark.Markdown(options=_OPTIONS)
_BOM = "\ufeff"

#: pyromark's container tags written as plain strings, by the name used here
_SIMPLE = {
    "TableHead": "thead",
    "TableRow": "row",
    "TableCell": "cell",
    "Item": "item",
    "HtmlBlock": "html_block",
    "Paragraph": "paragraph",
    "Emphasis": "em",
    "Strong": "strong",
    "Strikethrough": "strike",
    "BlockQuote": "blockquote",
}
#: leaves, by the name used here
_LEAVES = {"Html": "html", "InlineHtml": "inline_html", "Text": "text", "Code": "code"}


@dataclass
class Node:
    """A container (list, item, table, row, cell, link...) or a leaf (text, html...).

    ``start``/``end`` are character offsets into the text given to :func:`parse`.
    """

    kind: str
    start: int
    end: int
    attrs: dict[str, Any] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)

    def walk(self) -> list[Node]:
        """This node and every node under it, in document order."""
        found = [self]
        for child in self.children:
            found.extend(child.walk())
        return found


class _Offsets:
    """UTF-8 byte offset -> character offset (identity for ASCII text)."""

    def __init__(self, text: str, shift: int) -> None:
        self.shift = shift
        self.bytes_at: list[int] = []  # byte offset just after each multi-byte character
        self.extra: list[int] = []  # bytes beyond one per character, up to there
        if not text.isascii():
            position = extra = 0
            for char in text:
                size = len(char.encode("utf-8"))
                position += size
                if size > 1:
                    extra += size - 1
                    self.bytes_at.append(position)
                    self.extra.append(extra)

    def char(self, byte: int) -> int:
        if not self.bytes_at:
            return byte + self.shift
        index = bisect.bisect_right(self.bytes_at, byte) - 1
        return byte - (self.extra[index] if index >= 0 else 0) + self.shift


def _start(tag: Any) -> tuple[str, dict[str, Any]]:
    if isinstance(tag, str):
        return _SIMPLE.get(tag, tag.lower()), {}
    ((name, data),) = tag.items()
    if name in ("Link", "Image"):
        return name.lower(), {"url": data["dest_url"], "type": data["link_type"]}
    if name == "Heading":
        return "heading", {"level": int(str(data["level"])[1:])}
    if name == "List":
        return "list", {"ordered": data is not None}
    return name.lower(), {}


def parse(text: str) -> Node:
    """The document's tree; a leading byte order mark is skipped, offsets still count it."""
    shift = 0
    if text.startswith(_BOM):
        text, shift = text[1:], 1
    offsets = _Offsets(text, shift)
    root = Node("document", shift, shift + len(text))
    stack = [root]
    for event, where in _PARSER.events_with_range(text):
        start, end = offsets.char(where["start"]), offsets.char(where["end"])
        if isinstance(event, str):  # SoftBreak, HardBreak, Rule
            stack[-1].children.append(Node(event.lower(), start, end))
            continue
        ((key, value),) = event.items()
        if key == "Start":
            kind, attrs = _start(value)
            node = Node(kind, start, end, attrs)
            stack[-1].children.append(node)
            stack.append(node)
        elif key == "End":
            if len(stack) > 1:
                stack.pop()
        elif start < end:  # an indented HTML block starts with an empty text: not kept
            kind = _LEAVES.get(key, key.lower())
            stack[-1].children.append(Node(kind, start, end, {"text": value}))
    return root
