"""Is the paper an entry links the paper it names: its venue, its year, its title."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Document, Entry, Field, Finding, Link
from ..rules import Options, rule
from ..venues import VenueFact, main_venue, venue_fact, written_year

#: a year, or a year and month (``2023``, ``2023-07``, ``2023/7``): a full date is left alone
_YEAR_OR_MONTH = re.compile(r"\s*(\d{4})(?:[-/.]\d{1,2})?\s*")


def _fact(entry: Entry) -> tuple[VenueFact, Link] | None:
    """What the entry's proceedings links say, when they say one thing, and the first link.

    Badges are not the paper's link; several links that disagree (a workshop version and
    the conference's) say nothing.
    """
    found = [
        (fact, link)
        for link in entry.all_links
        if not link.is_image and (fact := venue_fact(link.url)) is not None
    ]
    if not found or any(
        (f.venue, f.years) != (found[0][0].venue, found[0][0].years) for f, _ in found
    ):
        return None
    return found[0]


def _at(doc: Document, entry: Entry, field: Field, link: Link, message: str) -> Finding:
    """A finding at the field it is about, or at the link when the field is written outside
    the entry (a venue or year taken from the section's heading)."""
    inside = entry.first_line <= field.span.line <= entry.last_line
    return Finding.at(doc.path, field.span if inside else link.span, message, url=link.url)


@rule("FL307", "venue-mismatch", "warning")
def venue_mismatch(doc: Document, options: Options) -> Iterator[Finding]:
    """The venue written is another main venue than the one the link's identifier names.

    Identifiers that name their proceedings say where the paper was published: an ACL
    Anthology id (its event; Findings count as the conference), a PMLR volume, the NeurIPS,
    CVF, ECVA, IJCAI, AAAI and JMLR pages. Only a written venue that clearly names another
    main venue is reported (ICML linked to a NeurIPS page): a workshop (``FL@NeurIPS``,
    ``CVPRW``), an unknown name or arXiv is never compared, and neither is an arXiv link.
    """
    for entry in doc.entries:
        if entry.venue is None:
            continue
        found = _fact(entry)
        written = main_venue(entry.venue.text)
        if found is None or written is None or found[0].venue is None:
            continue
        fact, link = found
        if written != fact.venue:
            message = (
                f"venue '{entry.venue.text}' is {written}, but the link is {fact.label}"
                f" ({fact.venue})"
            )
            yield _at(doc, entry, entry.venue, link, message)


def _written_years(entry: Entry) -> Iterator[tuple[int, Field]]:
    """The years an entry writes: its date's (a year or a year and month) and its venue's."""
    if entry.date is not None and (match := _YEAR_OR_MONTH.fullmatch(entry.date.text)):
        yield int(match.group(1)), entry.date
    if entry.venue is not None and (year := written_year(entry.venue.text)) is not None:
        yield year, entry.venue


@rule("FL308", "year-mismatch", "warning")
def year_mismatch(doc: Document, options: Options) -> Iterator[Finding]:
    """The year written differs from the year of the proceedings the link names.

    The year is read from a date written as a year or a year and month (a full date is not
    compared) and from a year in the venue (``ICML 2024``); the proceedings' year from the
    identifier (ACL Anthology id, PMLR volume, NeurIPS, CVF, ECVA, IJCAI and JMLR paths).
    Only entries whose venue names the identifier's own main venue are compared: a list
    without a venue, or one that says arXiv or a workshop, often dates a paper by its
    preprint or its release, and a venue that names another main venue is FL307's.
    """
    for entry in doc.entries:
        found = _fact(entry) if entry.venue is not None else None
        if entry.venue is None or found is None or not found[0].years:
            continue
        fact, link = found
        if fact.venue is None or main_venue(entry.venue.text) != fact.venue:
            continue
        for year, field in _written_years(entry):
            if year not in fact.years:
                shown = "/".join(str(y) for y in sorted(fact.years))
                message = f"year {year}, but the link is {fact.label}, from {shown}"
                yield _at(doc, entry, field, link, message)
                break
