"""Are the entries of each section in the configured order."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator

from ..fields import parse_date
from ..model import Document, Edit, Entry, Finding, Fix, Span
from ..rules import Options, rule


def sort_key(sort: str) -> Callable[[Entry], tuple | None]:
    """The key entries must ascend by; None for an entry that takes no part in ordering."""

    def key(entry: Entry) -> tuple | None:
        title = entry.title.text.casefold() if entry.title else ""
        if sort == "title":
            return (title,)
        date = parse_date(entry.date.text) if entry.date else None
        if date is None:
            return None
        year, month = date.sort_key
        return (-year, -month, title) if sort == "date-desc" else (year, month, title)

    return key


def _reorder(doc: Document, entries: list[Entry], order: list[Entry]) -> Fix | None:
    """Move rows into ``order``; rows without a key and the text between rows stay put."""
    if any(entry.block is None for entry in entries):
        return None
    text = doc.text
    newline = doc.newline
    blocks = {id(entry): text[slice(*entry.block)] for entry in entries}
    ends_file = not blocks[id(entries[-1])].endswith(("\n", "\r"))
    if ends_file:
        blocks[id(entries[-1])] += newline
    moving = {id(entry) for entry in order}
    moved = iter(order)
    placed = [next(moved) if id(entry) in moving else entry for entry in entries]
    parts = []
    for position, entry in enumerate(entries):
        if position:
            parts.append(text[entries[position - 1].block[1] : entry.block[0]])
        parts.append(blocks[id(placed[position])])
    new = "".join(parts)
    if ends_file:
        new = new[: -len(newline)]
    edit = Edit(entries[0].block[0], entries[-1].block[1], new)
    return Fix("sort the entries", (edit,))


@rule("FL401", "unsorted-entries", "warning", fix=True)
def unsorted_entries(doc: Document, options: Options) -> Iterator[Finding]:
    """Entries of a section not in the configured order (default: newest first, ties by title).

    Reported once per section, at the first entry that belongs above its predecessor. A
    year-only date sorts as January of that year; an entry whose date cannot be read takes
    no part. The order is the ``sort`` setting: ``date-desc``, ``date-asc``, ``title`` or
    ``none``. ``--fix`` moves whole rows, every byte of each kept.
    """
    if options.sort == "none":
        return
    key = sort_key(options.sort)
    containers: dict[int, list[Entry]] = defaultdict(list)
    for entry in doc.entries:
        containers[entry.container].append(entry)
    reported = set()
    for entries in containers.values():
        keyed = [(entry, k) for entry in entries if (k := key(entry)) is not None]
        culprit = next((i for i in range(1, len(keyed)) if keyed[i][1] < keyed[i - 1][1]), None)
        if culprit is None or entries[0].section in reported:
            continue
        reported.add(entries[0].section)
        entry, previous = keyed[culprit][0], keyed[culprit - 1][0]
        order = [e for e, _ in sorted(keyed, key=lambda pair: pair[1])]
        message = f"entry belongs above the entry on line {previous.line} (order: {options.sort})"
        span = entry.title.span if entry.title else Span(entry.first_line)
        yield Finding.at(
            doc.path,
            span,
            message,
            fix=_reorder(doc, entries, order),
            related=tuple(e.line for e in entries),  # any entry of the section may be the cause
        )
