"""Is every paper listed once, and does every link point at the paper its title names."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from rapidfuzz import fuzz

from ..fields import normalize_title
from ..fuzzy import similar_pairs
from ..model import Document, Edit, Entry, Finding, Fix
from ..rules import Options, rule
from ..urls import normalize


def _by_url(doc: Document) -> list[list[Entry]]:
    """Entries that link the same paper (normalized URL), in file order, two or more."""
    groups: dict[str, list[Entry]] = defaultdict(list)
    for entry in doc.entries:
        if entry.url is not None and entry.title is not None:
            groups[normalize(entry.url.url)].append(entry)
    return [group for group in groups.values() if len(group) > 1]


def _same_title(a: Entry, b: Entry, options: Options) -> bool:
    score = fuzz.ratio(normalize_title(a.title.text), normalize_title(b.title.text))
    return score >= options.title_similarity


def _where(entry: Entry) -> str:
    return f"line {entry.line} ('{entry.title.text}')"


def _removal(later: Entry, earlier: Entry) -> Fix | None:
    """Delete the later row, but only when it links nothing the earlier one lacks."""
    kept = {normalize(link.url) for link in earlier.all_links}
    if later.block is None or any(normalize(link.url) not in kept for link in later.all_links):
        return None
    return Fix(f"remove the entry repeating line {earlier.line}", (Edit(*later.block, ""),))


@rule("FL201", "duplicate-entry", fix=True)
def duplicate_entry(doc: Document, options: Options) -> Iterator[Finding]:
    """The same paper twice in one section: the same URL and (nearly) the same title.

    URLs are compared normalized (scheme, ``www.``, trailing slash, fragment and every form
    of an arXiv id do not matter). ``--fix`` removes the later entry when it links nothing
    that the earlier one does not.
    """
    for group in _by_url(doc):
        for index, later in enumerate(group):
            earlier = next(
                (
                    e
                    for e in group[:index]
                    if e.section == later.section and _same_title(e, later, options)
                ),
                None,
            )
            if earlier is not None:
                message = f"same paper as {_where(earlier)} in this section"
                fix = _removal(later, earlier)
                yield Finding.at(
                    doc.path,
                    later.url.span,
                    message,
                    url=later.url.url,
                    fix=fix,
                    related=(earlier.line,),
                )


@rule("FL202", "cross-section-duplicate", "warning", default=False)
def cross_section_duplicate(doc: Document, options: Options) -> Iterator[Finding]:
    """The same paper in several sections (off by default: many lists do it on purpose).

    Turn it on with ``--select FL202`` or ``extend-select = ["FL202"]`` in the config.
    """
    for group in _by_url(doc):
        for index, later in enumerate(group):
            earlier = next(
                (
                    e
                    for e in group[:index]
                    if e.section != later.section and _same_title(e, later, options)
                ),
                None,
            )
            if earlier is not None:
                section = " / ".join(earlier.section) or "the top of the file"
                message = f"also listed in section '{section}' at {_where(earlier)}"
                yield Finding.at(
                    doc.path, later.url.span, message, url=later.url.url, related=(earlier.line,)
                )


@rule("FL203", "conflicting-link")
def conflicting_link(doc: Document, options: Options) -> Iterator[Finding]:
    """One URL used by entries with different titles: one of them links the wrong paper.

    Usually a copy-pasted row whose link was never changed.
    """
    for group in _by_url(doc):
        for index, later in enumerate(group):
            other = next((e for e in group[:index] if not _same_title(e, later, options)), None)
            if other is not None:
                message = f"links the same URL as {_where(other)}, but the titles differ"
                yield Finding.at(
                    doc.path, later.url.span, message, url=later.url.url, related=(other.line,)
                )


@rule("FL204", "near-duplicate-title", "warning")
def near_duplicate_title(doc: Document, options: Options) -> Iterator[Finding]:
    """Titles that are nearly the same (fuzzy match) under different URLs.

    Often the same paper added twice, once with its arXiv link and once with its
    proceedings link. Titles are compared with case, punctuation, LaTeX and HTML entities
    folded; the threshold is the ``title-similarity`` setting (0-100, default 90).
    """
    entries = [e for e in doc.entries if e.title is not None and e.url is not None]
    titles = [normalize_title(e.title.text) for e in entries]
    reported = set()
    # each later entry is reported once, against the first entry it repeats
    pairs = sorted(similar_pairs(titles, options.title_similarity), key=lambda p: (p[1], p[0]))
    for i, j, score in pairs:
        earlier, later = entries[i], entries[j]
        if j in reported or normalize(earlier.url.url) == normalize(later.url.url):
            continue
        reported.add(j)
        message = f"title nearly the same as {_where(earlier)} ({score:.0f}% alike) but another URL"
        yield Finding.at(
            doc.path, later.title.span, message, url=later.url.url, related=(earlier.line,)
        )
