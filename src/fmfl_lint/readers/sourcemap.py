"""Exact lines and columns for what a parser leaves unnumbered.

docutils numbers paragraphs and directives but not table rows, cells, references or the
lines inside a raw block. These helpers find written text in the source instead, starting
from the nearest place the parser does number, so every finding lands on the right line.
Readers of every format share the one notion of a line kept here.
"""

from __future__ import annotations

import bisect

from ..model import Span, lines_of

#: how far past its starting point a piece of an entry is looked for before the whole file
_NEAR = 20_000


class SourceMap:
    """The source text with its line boundaries, split exactly as docutils splits it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = lines_of(text)
        self.starts = [0]
        for line in lines_of(text, keepends=True):
            self.starts.append(self.starts[-1] + len(line))

    @property
    def line_count(self) -> int:
        return len(self.lines)

    def offset(self, line: int) -> int:
        """Offset of the first character of a 1-based line (clamped to the file)."""
        return self.starts[min(max(line, 1), len(self.starts)) - 1]

    def span(self, start: int, length: int) -> Span:
        """The span of ``length`` characters at offset ``start``."""
        index = bisect.bisect_right(self.starts, start) - 1
        return Span(index + 1, start - self.starts[index] + 1, start, start + length)

    def find(
        self, needle: str, from_line: int, *, after: int = 0, until_line: int | None = None
    ) -> Span | None:
        """Where ``needle`` is written, at or after ``from_line`` (and offset ``after``).

        Looks up to ``until_line`` when given; else near the starting point first, then
        anywhere in the file (a named hyperlink target may be written far away).
        """
        if not needle:
            return None
        begin = max(self.offset(from_line), after)
        if until_line is not None:
            found = self.text.find(needle, begin, self.offset(until_line + 1))
        else:
            found = self.text.find(needle, begin, begin + _NEAR + len(needle))
            if found < 0:
                found = self.text.find(needle)
        return self.span(found, len(needle)) if found >= 0 else None

    def line_span(self, line: int) -> Span:
        """A span for a whole line whose text could not be pinned down more exactly."""
        line = min(max(line, 1), max(self.line_count, 1))
        text = self.lines[line - 1] if self.lines else ""
        indent = len(text) - len(text.lstrip())
        return Span(line, indent + 1)

    def indent(self, line: int) -> int:
        text = self.lines[line - 1]
        return len(text) - len(text.lstrip())

    def is_blank(self, line: int) -> bool:
        return not self.lines[line - 1].strip()

    def block_end(self, first_line: int) -> int:
        """Last line of the block starting at ``first_line``: a row or item and its body.

        The body is every following line indented deeper than the first, blank lines
        between them included, trailing blank lines not.
        """
        marker_indent = self.indent(first_line)
        last = first_line
        for line in range(first_line + 1, self.line_count + 1):
            if self.is_blank(line):
                continue
            if self.indent(line) <= marker_indent:
                break
            last = line
        return last

    def block(self, first_line: int, last_line: int) -> tuple[int, int]:
        """Character range of whole lines ``first_line`` to ``last_line``, newline included."""
        return self.offset(first_line), self.offset(last_line + 1)

    def raw_origin(self, raw_text: str, directive_line: int) -> RawOrigin | None:
        """Map offsets in a raw block's text back to the source (None if it is not there)."""
        raw_lines = raw_text.split("\n")
        first = next((i for i, text in enumerate(raw_lines) if text.strip()), None)
        if first is None:
            return None
        wanted = raw_lines[first].strip()
        for line in range(directive_line + 1, min(directive_line + 50, self.line_count) + 1):
            if self.lines[line - 1].strip() == wanted:
                return RawOrigin(self, raw_lines, line - first)
        return None


class RawOrigin:
    """Where each line of a raw block's (dedented) text is written in the source."""

    def __init__(self, source: SourceMap, raw_lines: list[str], first_line: int) -> None:
        self.source = source
        self.first_line = first_line
        self.raw_starts = [0]
        self.indents = []
        for index, raw in enumerate(raw_lines):
            self.raw_starts.append(self.raw_starts[-1] + len(raw) + 1)
            line = first_line + index
            written = source.lines[line - 1] if 0 < line <= source.line_count else raw
            self.indents.append(
                (len(written) - len(written.lstrip())) - (len(raw) - len(raw.lstrip()))
                if raw.strip()
                else 0
            )

    def offset(self, raw_offset: int) -> int:
        """Source offset of the character at ``raw_offset`` in the raw text."""
        index = bisect.bisect_right(self.raw_starts, raw_offset) - 1
        column = raw_offset - self.raw_starts[index]
        return self.source.offset(self.first_line + index) + self.indents[index] + column
