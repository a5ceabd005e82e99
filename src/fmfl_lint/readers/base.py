"""What a reader is: markup in, a :class:`Document` out, and fixes written back in its syntax.

Rules ask for changes in the vocabulary of :mod:`model` ("link this badge to that
repository", "move these entries into that order"); a reader turns each into text edits
of its own format. Edits of whole entries work alike in every format, so they live here.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

from ..model import Change, Document, Edit, Entry, Link, LinkImage, MoveEntries, RemoveEntry, Span
from .html import wrap_in_anchor


class ReaderError(Exception):
    """The file cannot be read as its format at all; the message is one line."""


class Reader(ABC):
    #: the format's name (``--input-format``), and the file suffixes that are written in it
    name: ClassVar[str]
    suffixes: ClassVar[tuple[str, ...]]

    @abstractmethod
    def read(self, path: str, text: str) -> Document:
        """Every entry, link, suppression and markup problem of the list ``text``."""

    def link_image(self, doc: Document, link: Link, target: str) -> tuple[Edit, ...] | None:
        """Edits that make the image ``link`` a link to ``target``; None if it cannot.

        An ``<img>`` tag is wrapped in ``<a>`` in every format; an image in the format's
        own syntax is the reader's (:meth:`link_own_image`).
        """
        markup = link.markup
        if markup is None or markup.start is None or markup.end is None:
            return None
        written = doc.text[markup.start : markup.end]
        if written.startswith("<"):
            return wrap_in_anchor(markup, target)
        return self.link_own_image(doc, markup, written, target)

    def link_own_image(
        self, doc: Document, markup: Span, written: str, target: str
    ) -> tuple[Edit, ...] | None:
        """Edits that make an image written in the format's own syntax (``written``, at
        ``markup``) a link to ``target``; None when the format has no such images."""
        return None

    def edits(self, doc: Document, change: Change) -> tuple[Edit, ...] | None:
        """The text edits that make ``change``; None when it cannot be made safely."""
        if isinstance(change, Edit):
            return (change,)
        if isinstance(change, LinkImage):
            return self.link_image(doc, change.link, change.target)
        if isinstance(change, RemoveEntry):
            block = change.entry.block
            return (Edit(block[0], block[1], ""),) if block is not None else None
        if isinstance(change, MoveEntries):
            return reorder(doc, change)
        raise TypeError(f"unknown change {change!r}")


def reorder(doc: Document, change: MoveEntries) -> tuple[Edit, ...] | None:
    """Move whole entries into the new order; the others and the text between stay put."""
    entries = list(change.entries)
    blocks = [entry.block for entry in entries]
    if not entries or any(block is None for block in blocks):
        return None
    spans = [block for block in blocks if block is not None]
    text, newline = doc.text, doc.newline
    written = {
        id(entry): text[start:end] for entry, (start, end) in zip(entries, spans, strict=True)
    }
    ends_file = not written[id(entries[-1])].endswith(("\n", "\r"))
    if ends_file:
        written[id(entries[-1])] += newline
    moving = {id(entry) for entry in change.order}
    moved = iter(change.order)
    placed: list[Entry] = [next(moved) if id(entry) in moving else entry for entry in entries]
    parts = []
    for position, entry in enumerate(placed):
        if position:
            parts.append(text[spans[position - 1][1] : spans[position][0]])
        parts.append(written[id(entry)])
    new = "".join(parts)
    if ends_file:
        new = new[: -len(newline)]
    return (Edit(spans[0][0], spans[-1][1], new),)
