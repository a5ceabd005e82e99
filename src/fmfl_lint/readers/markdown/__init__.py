"""Markdown (CommonMark + GFM, as GitHub renders a README.md), read with pyromark."""

from __future__ import annotations

from ...model import Document, Edit, Link
from ..base import Reader
from ..html import wrap_in_anchor
from .build import read


class MarkdownReader(Reader):
    name = "markdown"
    suffixes = (".md", ".markdown", ".mdown", ".mkd")

    def read(self, path: str, text: str) -> Document:
        return read(path, text)

    def link_image(self, doc: Document, link: Link, target: str) -> tuple[Edit, ...] | None:
        """``![a](src)`` becomes ``[![a](src)](target)``; an ``<img>`` is wrapped in ``<a>``."""
        markup = link.markup
        if markup is None or markup.start is None or markup.end is None:
            return None
        written = doc.text[markup.start : markup.end]
        if written.startswith("<"):
            return wrap_in_anchor(markup, target)
        if not written.startswith("!["):
            return None
        destination = f"<{target}>" if any(ch in target for ch in " ()<>") else target
        closing = f"]({destination})"
        return (Edit(markup.start, markup.start, "["), Edit(markup.end, markup.end, closing))
