"""BibTeX, read with bibtexparser 2 (see build.py for how places are found)."""

from __future__ import annotations

from ...model import Document
from ..base import Reader
from .build import parse


class BibtexReader(Reader):
    name = "bibtex"
    suffixes = (".bib",)

    def read(self, path: str, text: str) -> Document:
        return parse(path, text)
