"""reStructuredText, read with docutils (the parser GitHub renders it with)."""

from __future__ import annotations

from ...model import Document, Edit, Span
from ..base import Reader
from .build import parse


class RstReader(Reader):
    name = "rst"
    suffixes = (".rst", ".rest", ".txt")

    def read(self, path: str, text: str) -> Document:
        return parse(path, text)

    def link_own_image(
        self, doc: Document, markup: Span, written: str, target: str
    ) -> tuple[Edit, ...] | None:
        """An image directive gets ``:target:`` as its first option, indented like its
        other options."""
        if markup.end is None or not written.startswith(".."):
            return None
        option = f"{doc.newline}{_option_indent(doc, markup)}:target: {target}"
        return (Edit(markup.end, markup.end, option),)


def _option_indent(doc: Document, directive: Span) -> str:
    """The whitespace before a directive's options: its first option's, else three
    columns past the ``..`` (tabs before it kept, so the columns stay where they are)."""
    line_start = directive.start - (directive.column - 1) if directive.start is not None else 0
    before = doc.text[line_start : directive.start]
    following = doc.text[directive.end :].split("\n", 2)
    option_line = following[1] if len(following) > 1 else ""
    option = option_line.lstrip()
    if option.startswith(":") and option_line[: len(option_line) - len(option)].strip() == "":
        return option_line[: len(option_line) - len(option)].rstrip("\r")
    return "".join(ch if ch == "\t" else " " for ch in before) + "   "
