"""Is every paper listed once, and does every link point at the paper its title names."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from typing import NamedTuple

from rapidfuzz import fuzz

from ..fields import normalize_title, quoted
from ..fuzzy import similar_pairs
from ..model import Document, Entry, Field, Finding, Fix, Link, RemoveEntry
from ..rules import Options, rule
from ..urls import names_one_paper, normalize

#: words a link is labelled with, never a paper's or a project's title
GENERIC_LABELS = frozenset(
    "pdf paper code arxiv github link project website homepage html slides video pub "
    "poster blog demo data dataset doi bibtex supplementary url site docs documentation".split()
)
#: titles of fewer words are names (of a package, a dataset): compared exactly, not fuzzily
PAPER_LIKE_WORDS = 4
_ORDINALS = frozenset(
    "first second third fourth fifth sixth seventh eighth ninth tenth edition volume part".split()
)
_NUMBERED = re.compile(r"\d")


class Listed(NamedTuple):
    """An entry that has a title and a link, with both in comparable form."""

    entry: Entry
    title: Field
    url: Link
    same_title: str  # the title, normalized
    paper: str  # the URL, normalized


def _listed(doc: Document) -> list[Listed]:
    return [
        Listed(e, e.title, e.url, normalize_title(e.title.text), normalize(e.url.url))
        for e in doc.entries
        if e.title is not None and e.url is not None and e.title.text.strip()
    ]


def _by_url(listed: list[Listed]) -> list[list[Listed]]:
    """Entries that link the same normalized URL, in file order, two or more."""
    groups: dict[str, list[Listed]] = defaultdict(list)
    for item in listed:
        groups[item.paper].append(item)
    return [group for group in groups.values() if len(group) > 1]


def _alike(a: Listed, b: Listed, options: Options) -> bool:
    """The same work: nearly the same title under a link that names one paper, exactly the
    same under a portal or homepage; never titles that differ in a number or edition."""
    if _variants(a.same_title, b.same_title):
        return False
    if not names_one_paper(a.url.url):
        return a.same_title == b.same_title
    return fuzz.ratio(a.same_title, b.same_title) >= options.title_similarity


def _where(item: Listed) -> str:
    return f"line {item.entry.line} ({quoted(item.title.text)})"


def _removal(later: Listed, earlier: Listed) -> Fix | None:
    """Delete the later entry, only when it is a copy: the same title, nothing new linked."""
    kept = {normalize(link.url) for link in earlier.entry.all_links}
    new_link = any(normalize(link.url) not in kept for link in later.entry.all_links)
    if later.same_title != earlier.same_title or new_link:
        return None
    return Fix(f"remove the entry repeating line {earlier.entry.line}", (RemoveEntry(later.entry),))


def _first_alike(
    group: list[Listed], index: int, options: Options, same_section: bool
) -> Listed | None:
    later = group[index]
    return next(
        (
            e
            for e in group[:index]
            if (e.entry.section == later.entry.section) == same_section
            and _alike(e, later, options)
        ),
        None,
    )


@rule("FL201", "duplicate-entry", fix=True)
def duplicate_entry(doc: Document, options: Options) -> Iterator[Finding]:
    """The same paper twice in one section: the same URL and (nearly) the same title.

    URLs are compared normalized (scheme, ``www.``, trailing slash, fragment and every form
    of an arXiv id do not matter). ``--fix`` removes the later entry only when its
    normalized title is the same and it links nothing that the earlier one does not.
    """
    for group in _by_url(_listed(doc)):
        for index, later in enumerate(group):
            earlier = _first_alike(group, index, options, same_section=True)
            if earlier is not None:
                yield Finding.at(
                    doc.path,
                    later.url.span,
                    f"same paper as {_where(earlier)} in this section",
                    url=later.url.url,
                    fix=_removal(later, earlier),
                    related=(earlier.entry.line,),
                )


@rule("FL202", "cross-section-duplicate", "warning", default=False)
def cross_section_duplicate(doc: Document, options: Options) -> Iterator[Finding]:
    """The same paper in several sections (off by default: many lists do it on purpose).

    Turn it on with ``--select FL202`` or ``extend-select = ["FL202"]`` in the config.
    """
    for group in _by_url(_listed(doc)):
        for index, later in enumerate(group):
            earlier = _first_alike(group, index, options, same_section=False)
            if earlier is not None:
                section = " / ".join(earlier.entry.section) or "the top of the file"
                message = f"also listed in section '{section}' at {_where(earlier)}"
                yield Finding.at(
                    doc.path,
                    later.url.span,
                    message,
                    url=later.url.url,
                    related=(earlier.entry.line,),
                )


@rule("FL203", "conflicting-link")
def conflicting_link(doc: Document, options: Options) -> Iterator[Finding]:
    """A link that names one paper, used by entries with different titles.

    Usually a copy-pasted row whose link was never changed, or the same paper listed under
    two titles. Only links that identify one paper count (arXiv, DOI, OpenReview forum,
    ACL Anthology, PMLR and other proceedings pages, IEEE documents): a homepage or portal
    shared by distinct items is not a conflict. Each entry is compared with the first
    entry of its URL.
    """
    for group in _by_url(_listed(doc)):
        first = group[0]
        if not names_one_paper(first.url.url):
            continue
        for later in group[1:]:
            if not _alike(first, later, options):
                message = (
                    f"links the same paper as {_where(first)} under another title:"
                    " a duplicate or a wrong link"
                )
                yield Finding.at(
                    doc.path,
                    later.url.span,
                    message,
                    url=later.url.url,
                    related=(first.entry.line,),
                )


def _comparable(item: Listed) -> bool:
    """Whether a title can be compared fuzzily: words, not a URL or a link's label."""
    text = item.title.text.strip()
    return (
        "://" not in text
        and not text.lower().startswith("www.")
        and item.same_title not in GENERIC_LABELS
    )


def _paper_like(item: Listed) -> bool:
    """A title of several words, as written: not a name like ``pytest-docker-fixtures``."""
    return len(item.title.text.split()) >= PAPER_LIKE_WORDS


def _variants(a: str, b: str) -> bool:
    """Titles that differ in a number, version, year or edition: different works."""
    numbered = [
        sorted(w for w in t.split() if _NUMBERED.search(w) or w in _ORDINALS) for t in (a, b)
    ]
    return numbered[0] != numbered[1]


@rule("FL204", "near-duplicate-title", "warning")
def near_duplicate_title(doc: Document, options: Options) -> Iterator[Finding]:
    """Nearly the same title under different URLs in one section: one paper listed twice?

    Often the same paper added twice, once with its arXiv link and once with its
    proceedings link. Titles of several words are compared fuzzily (case, punctuation,
    LaTeX and HTML entities folded; the ``title-similarity`` setting, 0-100, default 90);
    shorter titles are names and must be equal. Titles that differ in a number, version,
    year or edition, URLs written as titles and link labels like "PDF" are never reported,
    nor an entry repeated in another section (lists do that on purpose; see FL202).
    """
    listed = [item for item in _listed(doc) if _comparable(item)]
    long_titles = [i for i, item in enumerate(listed) if _paper_like(item)]
    pairs = [
        (long_titles[i], long_titles[j], score)
        for i, j, score in similar_pairs(
            [listed[k].same_title for k in long_titles], options.title_similarity
        )
    ]
    by_name: dict[tuple[tuple[str, ...], str], list[int]] = defaultdict(list)
    for index, item in enumerate(listed):
        if not _paper_like(item):
            by_name[item.entry.section, item.same_title].append(index)
    pairs += [(group[0], later, 100.0) for group in by_name.values() for later in group[1:]]
    reported = set()
    # each later entry is reported once, against the first entry it repeats
    for i, j, score in sorted(pairs, key=lambda p: (p[1], p[0])):
        earlier, later = listed[i], listed[j]
        if j in reported or earlier.paper == later.paper:
            continue
        if earlier.entry.section != later.entry.section:
            continue  # listed again elsewhere: often on purpose (see FL202)
        if _variants(earlier.same_title, later.same_title):
            continue
        reported.add(j)
        message = f"title nearly the same as {_where(earlier)} ({score:.0f}% alike) but another URL"
        yield Finding.at(
            doc.path, later.title.span, message, url=later.url.url, related=(earlier.entry.line,)
        )
