"""Do the arXiv ids of the list agree with each other and with the entry's date."""

from __future__ import annotations

from collections.abc import Iterator

from ..fields import is_arxiv_venue, parse_date
from ..model import Document, Edit, Entry, Finding, Fix, Link
from ..records import PAPERS, Paper
from ..rules import Options, rule
from ..urls import ArxivBadge, ArxivId, arxiv_badge, arxiv_id_of_url, arxiv_ids_in


def _entry_ids(entry: Entry | None) -> list[ArxivId]:
    """The valid arXiv ids an entry links (not counting badges), primary link first."""
    if entry is None:
        return []
    ids = (arxiv_id_of_url(link.url) for link in entry.all_links if not link.is_image)
    return [found for found in ids if found is not None and found.valid]


def _badges(doc: Document) -> Iterator[tuple[Link, Entry | None]]:
    for entry in doc.entries:
        for link in entry.links:
            if link.is_image:
                yield link, entry
    for link in doc.links:
        if link.is_image:
            yield link, None


def _mismatch(link: Link, badge: ArxivBadge, entry: Entry | None) -> tuple[str, ArxivId] | None:
    """What the badge links that is another paper than the id on it, and how."""
    badge_id = badge.badge_id
    if badge_id is None:
        return None
    target = arxiv_id_of_url(link.target) if link.target else None
    if target is not None and target.valid and target.base != badge_id.base:
        return "it links", target
    for named in badge.link_ids:
        if named.valid and named.base != badge_id.base:
            return "its link= parameter names", named
    own = _entry_ids(entry)
    if own and all(found.base != badge_id.base for found in own):
        return "the entry links", own[0]
    return None


def _rewrite_badge(link: Link, old: ArxivId, new: ArxivId) -> Fix | None:
    position = link.url.find(old.base)
    if link.span.start is None or position < 0:
        return None
    start = link.span.start + position
    edit = Edit(start, start + len(old.base), new.base)
    return Fix(f"make the badge say {new.base}", (edit,))


@rule("FL301", "arxiv-badge-mismatch", fix=True)
def arxiv_badge_mismatch(doc: Document, options: Options) -> Iterator[Finding]:
    """An arXiv badge whose id differs from the id it links to or the entry's own arXiv link.

    A shields.io badge's ``link=`` parameters count as links. ``--fix`` rewrites the id on
    the badge to the id its link names (the link is what readers follow).
    """
    for link, entry in _badges(doc):
        badge = arxiv_badge(link.url)
        if badge is None or badge.badge_id is None or not badge.badge_id.valid:
            continue
        found = _mismatch(link, badge, entry)
        if found is not None:
            how, other = found
            message = f"arXiv badge says {badge.badge_id.base} but {how} {other.base}"
            fix = _rewrite_badge(link, badge.badge_id, other) if how == "it links" else None
            yield Finding.at(doc.path, link.span, message, url=link.url, fix=fix)


@rule("FL302", "bad-arxiv-id")
def bad_arxiv_id(doc: Document, options: Options) -> Iterator[Finding]:
    """An arXiv id that cannot exist.

    New-style ids are ``YYMM.NNNN`` (April 2007 to 2014) or ``YYMM.NNNNN`` (2015 on), with
    a month from 01 to 12; old-style ids are ``archive/YYMMNNN`` with a real archive
    (``hep-th/9901001``). Ids are read from links, DOIs (10.48550/arXiv.ID) and badges.
    """
    for url, span in doc.written_urls:
        invalid = next((found for found in arxiv_ids_in(url) if not found.valid), None)
        if invalid is not None:
            message = f"arXiv id {invalid} cannot exist: {invalid.problem}"
            yield Finding.at(doc.path, span, message, url=url)


@rule("FL303", "arxiv-date-mismatch", "warning")
def arxiv_date_mismatch(doc: Document, options: Options) -> Iterator[Finding]:
    """A preprint dated before its arXiv id's month, or venue arXiv with another month.

    An arXiv id starts with the year and month it was issued (2311.02222: November 2023),
    so a preprint cannot be dated earlier, and a paper listed as an arXiv preprint is dated
    by its id (give or take the month an announcement can shift it), unless the link names
    a later version (``v2``), which may be what it is dated by. Only preprints (venue
    arXiv, or none) are checked: a paper dated by its venue may well have been put on arXiv
    later. A year-only date agrees with every month of its year.
    """
    for entry in doc.entries:
        if entry.venue is not None and not is_arxiv_venue(entry.venue.text):
            continue
        ids = _entry_ids(entry)
        written = entry.date
        date = parse_date(written.text) if written else None
        if not ids or written is None or date is None:
            continue
        arxiv = ids[0]
        issued = f"{arxiv.year}-{arxiv.month:02d}"
        if date.month is None:
            before, differs = date.year < arxiv.year, date.year != arxiv.year
        else:
            # arXiv numbers a paper by the month it is announced: one sent on 30 June (or a
            # weekend) may get July's id, so a month either way is the same month
            apart = (date.year * 12 + date.month) - (arxiv.year * 12 + arxiv.month)
            before, differs = apart < -1, abs(apart) > 1
        if before:
            message = f"date {written.text} is before arXiv {arxiv.base} was issued ({issued})"
        elif differs and entry.venue is not None and is_arxiv_venue(entry.venue.text):
            if arxiv.version not in ("", "v1"):
                continue  # a link to v2 may well be dated by v2, whose month is not in its id
            message = f"venue arXiv but date {written.text}: arXiv {arxiv.base} is from {issued}"
        else:
            continue
        yield Finding.at(doc.path, written.span, message)


def _paper(entry: Entry, options: Options) -> Paper | None:
    """What the source said of the paper an entry links first, if it answered."""
    ids = _entry_ids(entry)
    return options.facts.papers.get(f"arxiv:{ids[0].base}") if ids else None


@rule("FL306", "arxiv-published", "warning", needs=[PAPERS])
def arxiv_published(doc: Document, options: Options) -> Iterator[Finding]:
    """The venue says arXiv, but arXiv lists a journal reference or DOI for the paper.

    The paper may have been published since: the entry may name its venue. A hint, so a
    warning.
    """
    for entry in doc.entries:
        record = _paper(entry, options)
        if record is None or entry.venue is None or not is_arxiv_venue(entry.venue.text):
            continue
        where = record.journal_ref or (f"DOI {record.doi}" if record.doi else "")
        if where:
            name = record.key.partition(":")[2]
            message = f"arXiv {name} is published ({where}): the venue may be named"
            yield Finding.at(doc.path, entry.venue.span, message)
