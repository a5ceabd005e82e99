"""Is every venue spelled the one way the file spells it."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from ..fields import venue_key
from ..model import Document, Entry, Field, Finding
from ..rules import Options, rule
from .rewrite import rewrite


def _entries(count: int) -> str:
    return "1 other entry does" if count == 1 else f"{count} other entries do"


@rule("FL004", "venue-spelling", "warning", fix=True)
def venue_spelling(doc: Document, options: Options) -> Iterator[Finding]:
    """A venue spelled differently from the file's usual spelling of the same venue.

    Spellings that differ only in case and punctuation (``Arxiv``, ``arXiv``, ``ARXIV``)
    are one venue; the spelling most entries use wins, or the one given in the ``venues``
    setting. ``--fix`` rewrites the odd spellings (in a grid or simple table, only when the
    width stays the same, so the table keeps its shape).
    """
    by_key: dict[str, list[tuple[Field, Entry]]] = defaultdict(list)
    for entry in doc.entries:
        if entry.venue is not None:
            by_key[venue_key(entry.venue.text)].append((entry.venue, entry))
    preferred = {venue_key(venue): venue for venue in options.venues}
    for key, fields in by_key.items():
        counts = Counter(field.text for field, _ in fields)
        ranked = counts.most_common(2)
        if key not in preferred and len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            continue  # no spelling is the file's usual one: either could be the right one
        usual = preferred.get(key) or ranked[0][0]
        for field, entry in fields:
            if field.text == usual:
                continue
            why = "as configured" if key in preferred else f"as {_entries(counts[usual])}"
            message = f"venue '{field.text}' is spelled '{usual}' elsewhere in the file ({why})"
            yield Finding.at(doc.path, field.span, message, fix=rewrite(entry, field, usual))
