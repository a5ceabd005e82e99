"""The readers, one per format, by name: each turns a file of its format into a Document.

A reader is chosen by the file's suffix, or named (``--input-format``, ``--stdin-filename``
for standard input). Adding a format is one package here and one line in ``READERS``.
"""

from __future__ import annotations

import os

from .base import Reader, ReaderError
from .bibtex import BibtexReader
from .markdown import MarkdownReader
from .rst import RstReader

READERS: dict[str, type[Reader]] = {
    reader.name: reader for reader in (RstReader, MarkdownReader, BibtexReader)
}


def suffixes() -> tuple[str, ...]:
    """Every file suffix some reader reads."""
    return tuple(suffix for reader in READERS.values() for suffix in reader.suffixes)


def reader_for(path: str, input_format: str | None = None) -> Reader:
    """The reader of ``input_format`` when given, else of the file's suffix (RST if unknown)."""
    if input_format is not None:
        if input_format not in READERS:
            known = ", ".join(sorted(READERS))
            raise ReaderError(f"unknown input format '{input_format}' (known: {known})")
        return READERS[input_format]()
    suffix = os.path.splitext(path)[1].lower()
    for reader in READERS.values():
        if suffix in reader.suffixes:
            return reader()
    return RstReader()


__all__ = ["READERS", "Reader", "ReaderError", "reader_for", "suffixes"]
