"""What an entry's fields mean: dates, titles and venues in comparable form."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

_DATE = re.compile(r"(\d{4})(?:-(\d{1,2}))?")
_LATEX_COMMAND = re.compile(r"\\[a-zA-Z]+\*?")


@dataclass(frozen=True, order=True)
class Date:
    year: int
    month: int | None = None  # None for a year-only date

    @property
    def sort_key(self) -> tuple[int, int]:
        """A year-only date sorts as January of its year, as the reference list does."""
        return (self.year, self.month or 1)


def parse_date(text: str) -> Date | None:
    """A ``YYYY`` or ``YYYY-MM`` date with a real month; None for anything else."""
    match = _DATE.fullmatch(text.strip())
    if not match:
        return None
    month = int(match.group(2)) if match.group(2) else None
    if month is not None and not (1 <= month <= 12 and len(match.group(2)) == 2):
        return None
    return Date(int(match.group(1)), month)


def normalize_title(title: str) -> str:
    """A title with case, punctuation, LaTeX, HTML entities and whitespace folded away."""
    text = html.unescape(title)
    text = _LATEX_COMMAND.sub(" ", text)
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(ch if ch.isalnum() else " " for ch in text)
    return " ".join(text.split())


def venue_key(venue: str) -> str:
    """Spellings of one venue share a key: ``arXiv``, ``Arxiv`` and ``ARXIV`` are one."""
    return "".join(ch for ch in venue.casefold() if ch.isalnum())


def is_arxiv_venue(venue: str) -> bool:
    return venue_key(venue) == "arxiv"


#: how much of a title a message quotes
QUOTED_CHARACTERS = 60


def quoted(title: str) -> str:
    """A title for a message: in quotes, cut to about 60 characters."""
    text = " ".join(title.split())
    if len(text) > QUOTED_CHARACTERS:
        text = text[: QUOTED_CHARACTERS - 1].rstrip() + "…"
    return f"'{text}'"
