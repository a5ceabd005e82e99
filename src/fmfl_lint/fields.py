"""What an entry's fields mean: dates, titles and venues in comparable form."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

#: YYYY, YYYY-MM, and the loose forms lists write: 2023-8, 2023/08, 2023.08, 2023-08-15
_DATE = re.compile(r"(\d{4})(?:([-/.])(\d{1,2})(?:\2(\d{1,2}))?)?")
_LATEX_COMMAND = re.compile(r"\\[a-zA-Z]+\*?")
#: LaTeX accents (``\'{e}``, ``\"o``): the letter stays, the accent goes
_LATEX_ACCENT = re.compile(r"\\[`'^\"~=.]")


@dataclass(frozen=True, order=True)
class Date:
    year: int
    month: int | None = None  # None for a year-only date
    #: written as ``YYYY`` or ``YYYY-MM`` exactly (else loosely, like ``2023/8``)
    canonical: bool = True

    @property
    def text(self) -> str:
        """The date written canonically: ``YYYY`` or ``YYYY-MM``."""
        return f"{self.year}" if self.month is None else f"{self.year}-{self.month:02d}"

    @property
    def sort_key(self) -> tuple[int, int]:
        """A year-only date sorts as January of its year, as the reference list does."""
        return (self.year, self.month or 1)


def parse_date(text: str) -> Date | None:
    """A date with a real month (and day), however loosely written; None for anything else."""
    match = _DATE.fullmatch(text.strip())
    if not match:
        return None
    year, separator, month_text, day = match.groups()
    month = int(month_text) if month_text else None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and not 1 <= int(day) <= 31:
        return None
    canonical = month is None or (separator == "-" and len(month_text) == 2 and day is None)
    return Date(int(year), month, canonical)


def normalize_title(title: str) -> str:
    """A title with case, accents, punctuation (dashes too), LaTeX, HTML entities and
    whitespace folded away."""
    text = _LATEX_ACCENT.sub("", html.unescape(title))
    text = _LATEX_COMMAND.sub(" ", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(ch if ch.isalnum() else " " for ch in text)
    return " ".join(text.split())


def venue_key(venue: str) -> str:
    """Spellings of one venue share a key: ``arXiv``, ``Arxiv`` and ``ARXIV`` are one."""
    return "".join(ch for ch in venue.casefold() if ch.isalnum())


def is_arxiv_venue(venue: str) -> bool:
    return venue_key(venue) == "arxiv"


#: venue keys that say "not published (yet)"
_PREPRINT_KEYS = ("arxiv", "preprint", "corr", "biorxiv", "medrxiv")


def is_preprint_venue(venue: str) -> bool:
    """``arXiv``, ``preprint``, ``arXiv preprint``, ``CoRR``, ``bioRxiv``..."""
    key = venue_key(venue)
    return any(key.startswith(known) for known in _PREPRINT_KEYS)


#: how much of a title a message quotes
QUOTED_CHARACTERS = 60


def quoted(title: str) -> str:
    """A title for a message: in quotes, cut to about 60 characters."""
    text = " ".join(title.split())
    if len(text) > QUOTED_CHARACTERS:
        text = text[: QUOTED_CHARACTERS - 1].rstrip() + "…"
    return f"'{text}'"
