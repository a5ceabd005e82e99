"""The one way a check rewrites a field as written (a venue, a date): only where it is
known exactly, and in an aligned table only when the width stays the same."""

from __future__ import annotations

from ..model import Edit, Entry, Field, Fix


def rewrite(entry: Entry, field: Field, text: str) -> Fix | None:
    """A fix that writes ``text`` instead of ``field``; None when it cannot be safe."""
    start, end = field.span.start, field.span.end
    if start is None or end is None or (entry.aligned and len(text) != len(field.text)):
        return None
    return Fix(f"write '{text}'", (Edit(start, end, text),))
