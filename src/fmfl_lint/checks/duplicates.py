"""Is every paper listed once, and does every link point at the paper its title names.

Every rule here is near-linear in the number of entries: entries are grouped by URL, by
section and by the numbers in their titles before any two titles are compared, and the
fuzzy comparisons run in rapidfuzz's C++ loops.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from typing import NamedTuple

from rapidfuzz import fuzz, process

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
#: under two different URLs, titles must be this much more alike than under one: a paper
#: and its journal extension, or two posters of one group, are often 90% alike
DIFFERENT_URLS_MARGIN = 5
#: titles of fewer words are names (of a package, a model, a dataset): compared exactly
PAPER_LIKE_WORDS = 4
_ORDINALS = frozenset(
    "first second third fourth fifth sixth seventh eighth ninth tenth edition volume part".split()
)
_NUMBERED = re.compile(r"\d")
#: ``(SDM)`` and ``(ICDM)``, ``GPT-4`` and ``PaLM``: names that tell two works apart as
#: surely as a number does
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]+\b")


class Listed(NamedTuple):
    """An entry that has a title and a link, with both in comparable form."""

    entry: Entry
    title: Field
    url: Link
    same_title: str  # the title, normalized
    paper: str  # the URL, normalized
    numbers: tuple[str, ...]  # numbered and edition words, acronyms: variants differ here
    one_paper: bool  # the URL names one paper (not a homepage or portal)


def _listed(doc: Document) -> list[Listed]:
    """The entries whose titles can be compared: a title with no letter or digit (``🌟``,
    ``—``) names no work, whatever the reader took it from, so it is never alike another."""
    listed = []
    for e in doc.entries:
        if e.title is None or e.url is None or not any(c.isalnum() for c in e.title.text):
            continue
        same = normalize_title(e.title.text)
        numbers = tuple(
            sorted(w for w in same.split() if _NUMBERED.search(w) or w in _ORDINALS)
            + sorted(_ACRONYM.findall(e.title.text))
        )
        listed.append(
            Listed(
                e, e.title, e.url, same, normalize(e.url.url), numbers, names_one_paper(e.url.url)
            )
        )
    return listed


def _by_url(listed: list[Listed]) -> list[list[Listed]]:
    """Entries that link the same normalized URL, in file order, two or more."""
    groups: dict[str, list[Listed]] = defaultdict(list)
    for item in listed:
        groups[item.paper].append(item)
    return [group for group in groups.values() if len(group) > 1]


def _paper_like(item: Listed) -> bool:
    """A title of several words, as written: not a name like ``pytest-docker-fixtures``."""
    return len(item.title.text.split()) >= PAPER_LIKE_WORDS


def _short_title(name: Listed, full: Listed) -> bool:
    """``name`` is the part of ``full``'s title before its colon (``FedAvg: ...``)."""
    head, colon, _ = full.title.text.partition(":")
    return bool(colon) and normalize_title(head) == name.same_title


def _alike(a: Listed, b: Listed, options: Options) -> bool:
    """The same work: nearly the same title (or one the short title of the other) under a
    link that names one paper, exactly the same under a portal or homepage; never titles
    that differ in a number or an edition."""
    if a.numbers != b.numbers:
        return False
    if a.same_title == b.same_title:
        return True
    if not a.one_paper:
        return False
    if _short_title(a, b) or _short_title(b, a):
        return True
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


def _repeats(
    group: list[Listed], options: Options, same_section: bool
) -> Iterator[tuple[Listed, Listed]]:
    """(earlier, later) for each entry of a URL group that repeats an earlier one: the
    first alike one in its own section (``same_section``) or else in another section."""
    # the distinct titles seen so far, by section and by their numbers
    seen: dict[tuple[tuple[str, ...], tuple[str, ...]], list[Listed]] = defaultdict(list)
    exact: dict[tuple[tuple[str, ...], str, str], Listed] = {}
    for later in group:
        section = later.entry.section
        if same_section:
            candidates = seen[section, later.numbers]
        else:
            candidates = [
                item
                for (other, numbers), items in seen.items()
                if other != section and numbers == later.numbers
                for item in items
            ]
        candidates = [item for item in candidates if not _named_apart(item, later)]
        key = (section, later.same_title, _name(later))
        earlier = exact.get(key) if same_section else None
        if earlier is None and candidates:
            earlier = _first_alike(later, candidates, options)
        if earlier is not None:
            yield earlier, later
        if key not in exact:
            exact[key] = later
            seen[section, later.numbers].append(later)


def _name(item: Listed) -> str:
    """What a row names beside the paper it cites (see ``Entry.name``); '' for none."""
    return item.entry.name.text.casefold() if item.entry.name else ""


def _named_apart(a: Listed, b: Listed) -> bool:
    """Rows that name different things beside the paper they cite (two datasets of one
    paper): different entries, however alike their titles and links."""
    return bool(_name(a) and _name(b)) and _name(a) != _name(b)


def _first_alike(later: Listed, candidates: list[Listed], options: Options) -> Listed | None:
    """The earliest candidate with the same work as ``later`` (see :func:`_alike`)."""
    if not later.one_paper:
        return next((c for c in candidates if c.same_title == later.same_title), None)
    matches = process.extract(
        later.same_title,
        [c.same_title for c in candidates],
        scorer=fuzz.ratio,
        score_cutoff=options.title_similarity,
        limit=None,
    )
    fuzzy = min((index for _, _, index in matches), default=len(candidates))
    short = next((i for i, c in enumerate(candidates[:fuzzy]) if _alike(c, later, options)), fuzzy)
    return candidates[short] if short < len(candidates) else None


@rule("FL201", "duplicate-entry", fix=True)
def duplicate_entry(doc: Document, options: Options) -> Iterator[Finding]:
    """The same paper twice in one section: the same URL and (nearly) the same title.

    URLs are compared normalized (scheme, ``www.``, trailing slash, fragment and every form
    of an arXiv id do not matter). Under a link that names one paper the titles may differ
    a little; under a homepage or portal shared by many items they must be the same.
    ``--fix`` removes the later entry only when its normalized title is the same and it
    links nothing that the earlier one does not.
    """
    for group in _by_url(_listed(doc)):
        for earlier, later in _repeats(group, options, same_section=True):
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
        in_own_section = {id(later) for _, later in _repeats(group, options, same_section=True)}
        for earlier, later in _repeats(group, options, same_section=False):
            if id(later) in in_own_section:
                continue  # FL201's
            section = " / ".join(earlier.entry.section) or "the top of the file"
            message = f"also listed in section '{section}' at {_where(earlier)}"
            yield Finding.at(
                doc.path, later.url.span, message, url=later.url.url, related=(earlier.entry.line,)
            )


@rule("FL203", "conflicting-link")
def conflicting_link(doc: Document, options: Options) -> Iterator[Finding]:
    """A link that names one paper, used by entries with different titles.

    Usually a copy-pasted row whose link was never changed, or the same paper listed under
    two titles. Only links that identify one paper count (arXiv, DOI, OpenReview forum,
    ACL Anthology, PMLR and other proceedings pages, IEEE documents): a homepage or portal
    shared by distinct items is not a conflict, nor a name (a model, a dataset) listed in
    another section beside the title of its paper. Each entry is compared with the first
    entry of its URL.
    """
    for group in _by_url(_listed(doc)):
        first = group[0]
        if not first.one_paper:
            continue
        for later in group[1:]:
            if _alike(first, later, options):
                continue
            elsewhere = later.entry.section != first.entry.section
            if elsewhere and not (_paper_like(first) and _paper_like(later)):
                continue
            message = (
                f"links the same paper as {_where(first)} under another title:"
                " a duplicate or a wrong link"
            )
            yield Finding.at(
                doc.path, later.url.span, message, url=later.url.url, related=(first.entry.line,)
            )


def _shared_paper_link(a: Entry, b: Entry) -> str | None:
    """A link to one paper that both entries give (the title link of one, a [PDF] of the
    other...), as written in the later one; None when they share none."""
    papers = {normalize(link.url) for link in (a.url, *a.links) if link is not None}
    return next(
        (
            link.url
            for link in (b.url, *b.links)
            if link is not None and normalize(link.url) in papers and names_one_paper(link.url)
        ),
        None,
    )


def _comparable(item: Listed) -> bool:
    """Whether a title can be compared: words, not a URL or a link's label."""
    text = item.title.text.strip()
    return (
        "://" not in text
        and not text.lower().startswith("www.")
        and item.same_title not in GENERIC_LABELS
    )


@rule("FL204", "near-duplicate-title", "warning")
def near_duplicate_title(doc: Document, options: Options) -> Iterator[Finding]:
    """Nearly the same title under different URLs in one section: one paper listed twice?

    Often the same paper added twice, once with its arXiv link and once with its
    proceedings link. Titles of several words are compared fuzzily (case, punctuation,
    LaTeX and HTML entities folded; 5 points above the ``title-similarity`` setting, so 95
    by default: two URLs are evidence of two works);
    shorter titles are names and must be equal. Titles that differ in a number, version,
    year or edition, URLs written as titles and link labels like "PDF" are never reported,
    nor an entry repeated in another section (lists do that on purpose; see FL202).
    """
    listed = [item for item in _listed(doc) if _comparable(item)]
    # equal titles in a section: each later one against the first; one of each is kept
    first_of: dict[tuple[tuple[str, ...], str], int] = {}
    pairs: list[tuple[int, int, float]] = []
    for index, item in enumerate(listed):
        key = (item.entry.section, item.same_title)
        if key in first_of:
            pairs.append((first_of[key], index, 100.0))
        else:
            first_of[key] = index
    titles = [i for i in first_of.values() if _paper_like(listed[i])]
    threshold = min(100, options.title_similarity + DIFFERENT_URLS_MARGIN)
    for a, b, score in similar_pairs([listed[i].same_title for i in titles], threshold):
        pairs.append((titles[a], titles[b], score))
    reported = set()
    # each later entry is reported once, against the first entry it repeats
    for i, j, score in sorted(pairs, key=lambda p: (p[1], p[0])):
        earlier, later = listed[i], listed[j]
        if j in reported or earlier.paper == later.paper:
            continue
        if earlier.entry.section != later.entry.section or earlier.numbers != later.numbers:
            continue  # elsewhere: often on purpose (see FL202); a number apart: another work
        if _named_apart(earlier, later):
            continue
        reported.add(j)
        message = f"title nearly the same as {_where(earlier)} ({score:.0f}% alike)"
        shared = _shared_paper_link(earlier.entry, later.entry)
        if shared:
            message += f", and both link {shared}: the same paper listed twice"
        else:
            message += " but another URL"
        yield Finding.at(
            doc.path, later.title.span, message, url=later.url.url, related=(earlier.entry.line,)
        )
