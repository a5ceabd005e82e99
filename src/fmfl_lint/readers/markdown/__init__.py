"""Markdown (CommonMark + GFM, as GitHub renders a README.md), read with pyromark."""

from __future__ import annotations

from ...model import Document, Edit, Span
from ..base import Reader
from .build import read


class MarkdownReader(Reader):
    name = "markdown"
    suffixes = (".md", ".markdown", ".mdown", ".mkd")

    def read(self, path: str, text: str) -> Document:
        return read(path, text)

    def link_own_image(
        self, doc: Document, markup: Span, written: str, target: str
    ) -> tuple[Edit, ...] | None:
        """``![a](src)`` becomes ``[![a](src)](target)``."""
        if markup.start is None or markup.end is None or not written.startswith("!["):
            return None
        destination = f"<{target}>" if any(ch in target for ch in " ()<>") else target
        closing = f"]({destination})"
        return (Edit(markup.start, markup.start, "["), Edit(markup.end, markup.end, closing))
