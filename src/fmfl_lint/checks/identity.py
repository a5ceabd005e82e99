"""Is the paper an entry links the paper it names: does it exist, and its title, venue, year."""

from __future__ import annotations

import re
from collections.abc import Iterator

from rapidfuzz import fuzz

from ..fields import normalize_title
from ..model import Document, Entry, Field, Finding, Link
from ..records import PAPERS, Paper
from ..rules import Options, rule
from ..urls import arxiv_ids_in, paper_key
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


#: a reworded title (the same words in another order) is the same paper
REWORDED = 90


def _keys(url: str) -> list[str]:
    """The paper keys a written URL names: an arXiv link's or badge's ids, a DOI, a forum."""
    ids = [f"arxiv:{found.base}" for found in arxiv_ids_in(url) if found.valid]
    key = paper_key(url) if not ids else None
    return ids or ([key] if key else [])


@rule("FL304", "paper-not-found", needs=[PAPERS])
def paper_not_found(doc: Document, options: Options) -> Iterator[Finding]:
    """A paper identifier that the source owning it answers does not exist.

    arXiv ids (links in every form, DOIs 10.48550/arXiv.ID, badges) are asked of arXiv's
    API, other DOIs of Crossref, OpenReview forums of OpenReview's API, each in batches. An
    error, an empty answer or a rate limit is "unknown", never "not found"; a DOI Crossref
    leaves out is not found only when Crossref knows other DOIs of its prefix (DataCite's
    are not Crossref's to know).
    """
    for url, span in doc.written_urls:
        for key in _keys(url):
            paper = options.facts.papers.get(key)
            if paper is not None and not paper.exists:
                message = f"{paper.source or 'its source'} does not know {key.partition(':')[2]}"
                yield Finding.at(doc.path, span, message, url=url)
                break


def _paper(entry: Entry, options: Options) -> tuple[Paper, Link] | None:
    """What a source said of the first paper the entry links that a source answered for."""
    for link in entry.all_links:
        if link.is_image:
            continue
        key = paper_key(link.url)
        paper = options.facts.papers.get(key) if key else None
        if paper is not None and paper.exists:
            return paper, link
    return None


def same_title(written: str, given: str, threshold: float) -> bool:
    """Whether a written title names the paper a source titles ``given``.

    The same when ``fuzz.ratio`` of the folded titles reaches ``threshold``, when the same
    words are reordered (``token_sort_ratio`` >= 90), or when one is the other's part before
    its colon (a short title: ``FedAvg`` for ``FedAvg: Communication-Efficient ...``).
    """
    ours, theirs = normalize_title(written), normalize_title(given)
    if not ours or not theirs or fuzz.ratio(ours, theirs) >= threshold:
        return True
    if fuzz.token_sort_ratio(ours, theirs) >= REWORDED:
        return True
    return ours == normalize_title(given.split(":", 1)[0]) or theirs == normalize_title(
        written.split(":", 1)[0]
    )


@rule("FL305", "title-mismatch", "warning", needs=[PAPERS])
def title_mismatch(doc: Document, options: Options) -> Iterator[Finding]:
    """The entry's title is not the title its link's source gives (fuzzy).

    The source is arXiv, Crossref or OpenReview, for the first link the entry has that one
    answered for. Titles are compared with case, accents, punctuation, LaTeX, HTML entities
    and whitespace folded; below the ``paper-title-similarity`` setting (0-100, default 90)
    they are another paper, unless the words are only reordered or the entry gives the
    short title before the colon.
    """
    for entry in doc.entries:
        found = _paper(entry, options) if entry.title is not None else None
        if entry.title is None or found is None:
            continue
        paper, link = found
        if not same_title(entry.title.text, paper.title, options.paper_title_similarity):
            name = paper.key.partition(":")[2]
            message = f"title '{entry.title.text}' is not {paper.source} {name}'s '{paper.title}'"
            yield Finding.at(doc.path, entry.title.span, message, url=link.url)


@rule("FL309", "submission-withdrawn", "warning", needs=[PAPERS])
def submission_withdrawn(doc: Document, options: Options) -> Iterator[Finding]:
    """The linked OpenReview submission was withdrawn or rejected, yet the entry names its venue.

    Reported only when the venue written is the main venue the submission went to (an ICLR
    entry linking a withdrawn ICLR submission): a paper rejected at one venue and published
    at another may well keep its old link.
    """
    for entry in doc.entries:
        found = _paper(entry, options) if entry.venue is not None else None
        if entry.venue is None or found is None or not found[0].status:
            continue
        paper, link = found
        written = main_venue(entry.venue.text)
        if written is not None and written == main_venue(paper.venue):
            message = (
                f"venue '{entry.venue.text}', but OpenReview says the linked submission was"
                f" {paper.status} ({paper.venue})"
            )
            yield Finding.at(doc.path, entry.venue.span, message, url=link.url)
