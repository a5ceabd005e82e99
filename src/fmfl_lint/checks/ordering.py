"""Are the entries of each section in their order: newest first, oldest first, by title."""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..fields import is_preprint_venue, parse_date, venue_key
from ..model import Document, Entry, Finding, Fix, MoveEntries, Span
from ..rules import Options, rule

#: ``auto`` holds a section to a direction when at least this share of its pairs of
#: different dates stand that way (two of three); below it the section follows no order
MOSTLY = (2, 3)
#: ``auto`` needs this many different dates in a section to see an order in it: three
#: papers in a row say little about how a list is meant to run
AUTO_DATES = 4

Key = tuple[object, ...]


def _date_key(entry: Entry) -> tuple[int, int] | None:
    date = parse_date(entry.date.text) if entry.date else None
    return date.sort_key if date is not None else None


def _title(entry: Entry) -> str:
    return entry.title.text.casefold() if entry.title else ""


def _pairs(keys: list[tuple[int, int]]) -> tuple[int, int]:
    """How many pairs of different dates stand newer first, and how many older first.

    Every pair counts, not only neighbours, so one entry out of place does not turn the
    verdict; counted by merge sort, so a long section costs n log n.
    """
    ties = sum(n * (n - 1) // 2 for n in Counter(keys).values())
    newer_first = _inversions(keys)
    return newer_first, len(keys) * (len(keys) - 1) // 2 - ties - newer_first


def _way(newer_first: int, older_first: int) -> str | None:
    """ "date-desc" or "date-asc" when most pairs (see :data:`MOSTLY`) stand that way."""
    share, whole = MOSTLY
    pairs = newer_first + older_first
    if pairs and newer_first * whole >= share * pairs:
        return "date-desc"
    if pairs and older_first * whole >= share * pairs:
        return "date-asc"
    return None


def _section_way(
    entries: list[Entry], changed: frozenset[int] | None
) -> tuple[str | None, tuple[int, int]]:
    """The way a section's dates mostly go (None: neither, or too few dates to tell), and
    its pairs of dates newer first and older first. A change under review cannot turn
    it: the entries the change left decide (all of them, when it left none)."""
    settled = [entry for entry in entries if entry.first_line not in (changed or ())]
    keys = [key for entry in settled or entries if (key := _date_key(entry)) is not None]
    counts = _pairs(keys)
    return (_way(*counts) if len(set(keys)) >= AUTO_DATES else None), counts


_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")


def _ranked_by_a_number(entries: list[Entry]) -> bool:
    """Whether a column every entry fills with a number (citations, stars) runs up or down
    the whole section, with several different numbers: the entries are ranked by it."""
    if len(entries) < AUTO_DATES:
        return False
    columns: dict[str, list[int]] = defaultdict(list)
    for entry in entries:
        for name, field in entry.extra:
            if _NUMBER.fullmatch(field.text.strip()):
                columns[name].append(int(field.text.strip().replace(",", "")))
    return any(
        len(numbers) == len(entries)
        and len(set(numbers)) >= AUTO_DATES
        and (numbers == sorted(numbers) or numbers == sorted(numbers, reverse=True))
        for numbers in columns.values()
    )


def _inversions(keys: list[tuple[int, int]]) -> int:
    """How many pairs ``i < j`` have ``keys[i] > keys[j]``."""
    if len(keys) < 2:
        return 0
    middle = len(keys) // 2
    left, right = sorted(keys[:middle]), sorted(keys[middle:])
    count = _inversions(keys[:middle]) + _inversions(keys[middle:])
    # every key of the right half is passed by the left-half keys greater than it
    count += sum(len(left) - bisect.bisect_right(left, key) for key in right)
    return count


def _keyed(entries: list[Entry], order: str, tie_break: bool) -> list[tuple[Entry, Key]]:
    """Each entry with the key it must ascend by; entries without a key are left out."""
    if order == "title":
        return [(entry, (_title(entry),)) for entry in entries if entry.title]
    keyed: list[tuple[Entry, Key]] = []
    for entry in entries:
        date = _date_key(entry)
        if date is None:
            continue
        year, month = date if order == "date-asc" else (-date[0], -date[1])
        keyed.append((entry, (year, month, _title(entry)) if tie_break else (year, month)))
    return keyed


def _describe(entry: Entry, order: str) -> str:
    if order == "title":
        return f"'{entry.title.text if entry.title else ''}'"
    return f"dated {entry.date.text if entry.date else '?'}"


ORDER_NAMES = {"date-desc": "newest first", "date-asc": "oldest first", "title": "by title"}


@rule("FL401", "unsorted-entries", "warning", fix=True)
def unsorted_entries(doc: Document, options: Options) -> Iterator[Finding]:
    """An entry out of its section's order.

    With ``sort = "auto"`` (the default) a section is held to the direction its readable
    dates mostly follow already (newest or oldest first); it is not checked when it
    follows neither, nor when the file's other sections mostly go the other way (a file
    whose sections go both ways keeps no order). ``date-desc``, ``date-asc`` and
    ``title`` hold every section to that order; ``none`` turns the rule off. Entries with
    the same date (ties) may stand in any order unless a tie-break is configured
    (``date-desc,title``). A year-only date sorts as January of that year; an entry whose
    date cannot be read takes no part. A section that lists its published papers and then
    its preprints (or the reverse), or is grouped by venue, is held to the order group by
    group; one ranked by a number a column gives every entry (citations, stars) follows
    that ranking, not dates.
    Reported once per section, at the first entry that belongs above its predecessor.
    ``--fix`` moves whole rows or items, every byte of each kept. With ``--diff-base``
    only the entries the change added or edited are held to the order, and the fix moves
    only them: rows the change did not touch stay where they were, even out of order.
    """
    order, _, tie_break = options.sort.partition(",")
    if order == "none":
        return
    containers: dict[int, list[Entry]] = defaultdict(list)
    for entry in doc.entries:
        containers[entry.container].append(entry)
    groups = [run for group in _by_publication(containers.values()) for run in _by_venue(group)]
    ways = [_section_way(entries, options.changed) for entries in groups]
    # the way the sections that have one go together: a section is held to its own way
    # only when the file goes that way too (sections going both ways: no order to hold)
    held = [counts for way, counts in ways if way is not None]
    file_way = _way(sum(n for n, _ in held), sum(o for _, o in held))
    reported = set()
    for entries, (way, _) in zip(groups, ways, strict=True):
        wanted = order
        if order == "auto":
            wanted = way if way is not None and way == file_way else ""
            if wanted and _ranked_by_a_number(entries):
                continue  # the list's order is its ranking (by citations, stars...)
        if not wanted or entries[0].section in reported:
            continue
        keyed = _keyed(entries, wanted, tie_break == "title")
        if options.changed is None:
            misplaced = _sort_all(keyed)
        else:
            misplaced = _put_back_changed(keyed, options.changed)
        if misplaced is None:
            continue
        reported.add(entries[0].section)
        entry, neighbour = misplaced.entry, misplaced.neighbour
        side = "above" if misplaced.above else "below"
        where = f"belongs {side} line {neighbour.line} ({_describe(neighbour, wanted)})"
        yield Finding.at(
            doc.path,
            entry.title.span if entry.title else Span(entry.first_line),
            f"entry {_describe(entry, wanted)} {where}: this section is {ORDER_NAMES[wanted]}",
            fix=Fix("sort the entries", (MoveEntries(tuple(entries), misplaced.fixed),)),
            related=misplaced.moving,
        )


@dataclass(frozen=True)
class Misplaced:
    """What FL401 reports in one section, and how its fix orders it."""

    #: the entry reported, and the one it belongs above (or, when last, below)
    entry: Entry
    neighbour: Entry
    above: bool
    #: the keyed entries in the order the fix makes
    fixed: tuple[Entry, ...]
    #: lines of the entries that must move: ``--diff-base`` keeps the finding when the
    #: change touched one of them
    moving: tuple[int, ...]


def _sort_all(keyed: list[tuple[Entry, Key]]) -> Misplaced | None:
    """The whole section sorted; reported at the first entry above its predecessor."""
    culprit = next((i for i in range(1, len(keyed)) if keyed[i][1] < keyed[i - 1][1]), None)
    if culprit is None:
        return None
    fixed = tuple(entry for entry, _ in sorted(keyed, key=lambda pair: pair[1]))
    # the cause is what must move: all but the longest run already in order
    staying = _longest_in_order([key for _, key in keyed])
    moving = tuple(entry.line for i, (entry, _) in enumerate(keyed) if i not in staying)
    return Misplaced(keyed[culprit][0], keyed[culprit - 1][0], True, fixed, moving)


def _put_back_changed(keyed: list[tuple[Entry, Key]], changed: frozenset[int]) -> Misplaced | None:
    """Only the entries a change touched and left out of order, each moved to its place.

    The entries the change did not touch keep their order, even a wrong one: a pull
    request is not blamed, nor its fix made to reorder, for what was there before it.
    """
    # the key of the next entry the change left alone, for each position
    next_untouched: list[Key | None] = []
    following: Key | None = None
    for entry, key in reversed(keyed):
        next_untouched.append(following)
        if entry.first_line not in changed:
            following = key
    next_untouched.reverse()
    kept: list[tuple[Entry, Key]] = []
    misplaced: list[tuple[Entry, Key]] = []
    for (entry, key), next_key in zip(keyed, next_untouched, strict=True):
        fits = (not kept or kept[-1][1] <= key) and (next_key is None or key <= next_key)
        if entry.first_line in changed and not fits:
            misplaced.append((entry, key))
        else:
            kept.append((entry, key))
    if not misplaced:
        return None
    # (an entry is misplaced only against one it is kept apart from, so none is alone)
    neighbours: dict[int, tuple[Entry, bool]] = {}
    for entry, key in misplaced:
        # before the first entry that sorts after it; last when none does
        place = next((i for i, (_, k) in enumerate(kept) if key < k), len(kept))
        last = place == len(kept)
        neighbours[id(entry)] = (kept[place - 1 if last else place][0], not last)
        kept.insert(place, (entry, key))
    first = misplaced[0][0]
    fixed = tuple(entry for entry, _ in kept)
    moving = tuple(entry.line for entry, _ in misplaced)
    return Misplaced(first, *neighbours[id(first)], fixed, moving)


def _longest_in_order(keys: list[Key]) -> set[int]:
    """Positions of a longest subsequence of ``keys`` that already ascends (ties allowed)."""
    tails: list[Key] = []  # the smallest last key of an ascending run of each length
    tail_at: list[int] = []
    previous: list[int] = []
    for position, key in enumerate(keys):
        length = bisect.bisect_right(tails, key)
        if length == len(tails):
            tails.append(key)
            tail_at.append(position)
        else:
            tails[length], tail_at[length] = key, position
        previous.append(tail_at[length - 1] if length else -1)
    staying, position = set(), tail_at[-1] if tail_at else -1
    while position >= 0:
        staying.add(position)
        position = previous[position]
    return staying


def _by_venue(entries: list[Entry]) -> list[list[Entry]]:
    """The entries, or their runs of one venue when the section is grouped by venue: each
    venue in one run, two runs of two or more, and the dates starting over at two venue
    changes or more. Such a section is ordered by date within each venue, not as one run.
    (A list ordered by date over several years meets each venue again, year after year.)"""
    if any(entry.venue is None for entry in entries):
        return [entries]
    runs: list[list[Entry]] = []
    for entry in entries:
        venue = _venue_name(entry)
        if runs and _venue_name(runs[-1][0]) == venue:
            runs[-1].append(entry)
        else:
            runs.append([entry])
    grouped = len({_venue_name(run[0]) for run in runs}) == len(runs)
    if not grouped or sum(len(run) >= 2 for run in runs) < 2:
        return [entries]
    way = _way(*_pairs([key for entry in entries if (key := _date_key(entry)) is not None]))
    restarts = 0
    for before, after in itertools.pairwise(runs):
        last, first = _date_key(before[-1]), _date_key(after[0])
        if way and last and first and (first < last if way == "date-asc" else first > last):
            restarts += 1
    return runs if restarts >= 2 else [entries]


def _venue_name(entry: Entry) -> str:
    """A venue without its year or edition: ``CVPR 2021`` and ``CVPR'23`` are CVPR."""
    return venue_key(re.sub(r"\d+", "", entry.venue.text)) if entry.venue else ""


def _by_publication(containers: Iterable[list[Entry]]) -> Iterator[list[Entry]]:
    """Each container, or its two groups when it lists its published papers and then its
    preprints (or the reverse): such a list is ordered group by group, not as one run.
    The preprints are two entries or more: a lone preprint among published papers is most
    often one just added, and stays held to the order; one published paper above the
    preprints is the list's accepted work, put first."""
    for entries in containers:
        preprint = [e.venue is not None and is_preprint_venue(e.venue.text) for e in entries]
        switches = [i for i in range(1, len(entries)) if preprint[i] != preprint[i - 1]]
        if len(switches) != 1:
            yield entries
            continue
        groups = [entries[: switches[0]], entries[switches[0] :]]
        preprints = groups[1] if preprint[-1] else groups[0]
        if len(preprints) >= 2:
            yield from groups
        else:
            yield entries
