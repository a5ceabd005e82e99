"""Every shape of real reStructuredText lists, read entry by entry.

Each ``fixtures/NAME.rst`` is a small list of one shape; ``NAME.entries.json`` is what a
reader must find in it, in file order: the title's line, the title and the primary URL
(``null``: no usable title, or no link), and where a fixture states them the venue, the
date and the section path.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fmfl_lint.model import Entry
from fmfl_lint.readers.rst import RstReader

FIXTURES = Path(__file__).parent / "fixtures"
#: shapes not read yet (strict: a shape that starts working must leave this set)
PENDING: set[str] = set()
NAMES = [path.stem for path in sorted(FIXTURES.glob("*.rst"))]
GOLDEN = [
    pytest.param(path.stem, marks=pytest.mark.xfail(strict=True))
    if path.stem in PENDING
    else path.stem
    for path in sorted(FIXTURES.glob("*.rst"))
]


def read(name: str) -> tuple[str, list[Entry]]:
    path = FIXTURES / f"{name}.rst"
    text = path.read_text(encoding="utf-8")
    doc = RstReader().read(str(path), text)
    return text, list(doc.entries)


def seen(entry: Entry, wanted: dict[str, object]) -> dict[str, object]:
    """The entry in the expected file's terms (only the keys the fixture states)."""
    found: dict[str, object] = {
        "line": entry.line,
        "title": entry.title.text if entry.title else None,
        "url": entry.url.url if entry.url else None,
    }
    if "venue" in wanted:
        found["venue"] = entry.venue.text if entry.venue else None
    if "date" in wanted:
        found["date"] = entry.date.text if entry.date else None
    if "section" in wanted:
        found["section"] = list(entry.section)
    return found


@pytest.mark.parametrize("name", GOLDEN)
def test_every_entry_is_read_with_its_title_line_and_url(name: str) -> None:
    expected = json.loads((FIXTURES / f"{name}.entries.json").read_text(encoding="utf-8"))
    _, entries = read(name)
    assert [
        seen(entry, wanted) for entry, wanted in zip(entries, expected, strict=False)
    ] == expected
    assert len(entries) == len(expected)


@pytest.mark.parametrize("name", NAMES)
def test_spans_point_at_the_written_text(name: str) -> None:
    """A title's span is where the title is written; a URL's, where the URL is."""
    text, entries = read(name)
    lines = text.splitlines()
    for entry in entries:
        if entry.title is not None:
            first_word = entry.title.text.split()[0]
            assert first_word in lines[entry.title.span.line - 1], entry
        for link in entry.all_links:
            span = link.span
            if span.start is not None and span.end is not None:
                assert text[span.start : span.end] == link.url
            assert link.url in lines[span.line - 1] or span.start is None, link
