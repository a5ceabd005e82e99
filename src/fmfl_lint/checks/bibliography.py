"""What only a bibliography states: citation keys, required fields, eprints, code, months.

These rules read an entry's fields by name from ``Entry.extra`` (``("key", Field)``,
``("eprint", Field)``, ``("month", Field)``...), as a bibliography reader gives them, and
never its syntax. An entry without a ``key`` is no bibliography entry: they leave it alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..fields import quoted
from ..model import Document, Edit, Entry, Field, Finding, Fix, Link, Span
from ..rules import Options, rule
from ..urls import (
    ArxivId,
    arxiv_id_of_url,
    github_repo_of_url,
    names_one_paper,
    normalize,
    parse_arxiv_id,
)

#: fields one of which gives a bibliography entry its link
LINK_FIELDS = ("url", "doi", "eprint")
#: fields that name an entry's code
CODE_FIELDS = ("github", "code")
_MONTHS = (
    "january february march april may june july august september october november december"
).split()
_MONTH_WORDS = re.compile(r"[a-z]+|\d+")


def _bibliography(doc: Document) -> Iterator[tuple[Entry, dict[str, Field]]]:
    """Each bibliography entry with its fields by name (the first of a repeated name)."""
    for entry in doc.entries:
        fields: dict[str, Field] = {}
        for name, field in entry.extra:
            fields.setdefault(name, field)
        if "key" in fields:
            yield entry, fields


def _about(entry: Entry) -> str:
    return f" ({quoted(entry.title.text)})" if entry.title else ""


@rule("FL601", "duplicate-key")
def duplicate_key(doc: Document, options: Options) -> Iterator[Finding]:
    """Two entries with one citation key.

    BibTeX compares keys without case and keeps only the first entry of a key: the
    other is lost to every citation and to the list generated from the file.
    """
    first: dict[str, tuple[Entry, Field]] = {}
    for entry, fields in _bibliography(doc):
        key = fields["key"]
        earlier = first.setdefault(key.text.casefold(), (entry, key))
        if earlier[0] is not entry:
            message = (
                f"key '{key.text}' is already the key of line {earlier[1].span.line}"
                f"{_about(earlier[0])}: BibTeX keeps only the first"
            )
            yield Finding.at(doc.path, key.span, message, related=(earlier[1].span.line,))


@rule("FL602", "missing-field")
def missing_field(doc: Document, options: Options) -> Iterator[Finding]:
    """An entry without a title, or without any of ``url``, ``doi`` and ``eprint``.

    A list generated from the bibliography makes each entry a row with its title linked
    to the first of these: without them the row has no title or no link. An ``arXiv:ID``
    in the ``journal`` line links the paper as well. When entries carry tags (the list's
    sections), an entry without tags is a citation of the survey that the list does not
    show, and needs no link; in a bibliography with no ``url``, ``doi`` or ``eprint``
    field at all (an export for LaTeX), no entry is expected to have one.
    """
    entries = list(_bibliography(doc))
    tagged = any(entry.section for entry, _ in entries)
    links_expected = any(_has_link_field(fields) for _, fields in entries)
    for entry, fields in entries:
        if tagged and not entry.section:
            continue
        missing = []
        if entry.title is None:
            missing.append("no title")
        if links_expected and not _linked(entry, fields):
            missing.append("no url, doi or eprint field")
        if missing:
            key = fields["key"]
            message = f"entry '{key.text}' has {' and '.join(missing)}"
            yield Finding.at(doc.path, key.span, message)


def _has_link_field(fields: dict[str, Field]) -> bool:
    return any(name in fields and fields[name].text.strip() for name in LINK_FIELDS)


def _linked(entry: Entry, fields: dict[str, Field]) -> bool:
    """Whether the entry names its paper by a link field or an arXiv id."""
    return _has_link_field(fields) or bool(_arxiv_sources(entry, fields))


def _arxiv_sources(entry: Entry, fields: dict[str, Field]) -> list[tuple[str, ArxivId, Span]]:
    """Every valid arXiv id the entry names, with the field naming it: its links (url,
    eprint, an arXiv DOI...) and an ``arXiv:ID`` venue line."""
    names = {field.span: name for name, field in fields.items()}
    found = []
    for link in entry.all_links:
        arxiv = arxiv_id_of_url(link.url)
        if arxiv is not None and arxiv.valid:
            found.append((names.get(link.span, "link"), arxiv, link.span))
    venue = entry.venue
    if venue is not None and "arxiv" in venue.text.lower():
        arxiv = parse_arxiv_id(venue.text)
        if arxiv is not None and arxiv.valid:
            where = next((n for n in ("journal", "booktitle") if n in fields), "venue")
            found.append((where, arxiv, venue.span))
    return found


def _link_named(entry: Entry, field: Field) -> Link | None:
    return next((link for link in entry.all_links if link.span == field.span), None)


@rule("FL603", "arxiv-eprint-mismatch")
def arxiv_eprint_mismatch(doc: Document, options: Options) -> Iterator[Finding]:
    """An entry whose ``eprint``, URL, arXiv DOI and ``arXiv:ID`` journal line name
    different arXiv papers.

    They are one paper's identifiers; the eprint is what the entry is cited by (else the
    first written), and each other that names another id is reported where it is written.
    """
    for entry, fields in _bibliography(doc):
        sources = _arxiv_sources(entry, fields)
        reference = next((s for s in sources if s[0] == "eprint"), sources[0] if sources else None)
        if reference is None:
            continue
        ref_name, ref_id, _ = reference
        for name, arxiv, span in sources:
            if arxiv.base != ref_id.base:
                message = f"{name} names arXiv {arxiv.base} but {ref_name} is {ref_id.base}"
                yield Finding.at(doc.path, span, message)


@rule("FL604", "bad-code-link")
def bad_code_link(doc: Document, options: Options) -> Iterator[Finding]:
    """A ``github`` or ``code`` field that is not a repository URL.

    A list generated from the bibliography shows the repository's stars from it: a
    profile, a site page or text gives a broken badge. A ``code`` field may name another
    host, but a github.com URL there must be a repository's too.
    """
    for entry, fields in _bibliography(doc):
        for name in CODE_FIELDS:
            field = fields.get(name)
            link = _link_named(entry, field) if field is not None else None
            if field is None or not field.text.strip():
                continue
            url = link.url if link else field.text.strip()
            on_github = re.match(r"(https?://)?(www\.)?github\.com(/|$)", url, re.IGNORECASE)
            if github_repo_of_url(url) is not None:
                continue
            if name == "github" or on_github:
                why = "not a GitHub repository (https://github.com/OWNER/REPO)"
            elif not re.match(r"https?://", url, re.IGNORECASE):
                why = "not a URL"
            else:
                continue
            yield Finding.at(doc.path, field.span, f"{name} field is {why}: {url}", url=url)


def _month(text: str) -> int | None:
    """The month of ``5``, ``may``, ``May``, ``Jun.`` or PMLR's ``09--15 Jun``; else None."""
    words = _MONTH_WORDS.findall(text.lower())
    names = [word for word in words if not word.isdigit()]
    if not names:
        return int(words[0]) if len(words) == 1 and 1 <= int(words[0]) <= 12 else None
    if len(names) != 1 or len(names[0]) < 3:
        return None
    return next((n for n, name in enumerate(_MONTHS, 1) if name.startswith(names[0])), None)


@rule("FL605", "bad-month", "warning", fix=True)
def bad_month(doc: Document, options: Options) -> Iterator[Finding]:
    """A ``month`` that is not a month, or a month number written with one digit.

    A month is a name (``may``, ``May``, ``Jun.``), a number 1-12, or PMLR's days and
    month (``09--15 Jun``). The list's date is built from year and month; one written
    ``2023-5`` does not order. ``--fix`` writes a one-digit number with two (``5`` ->
    ``05``), which BibTeX reads the same.
    """
    for _entry, fields in _bibliography(doc):
        month = fields.get("month")
        if month is None or not month.text.strip():
            continue
        text = month.text.strip()
        number = _month(text)
        if number is None:
            message = f"month '{text}' is not a month (a name, 1-12, or jan-dec)"
            yield Finding.at(doc.path, month.span, message)
        elif text.isdigit() and len(text) == 1:
            fix = None
            if month.span.start is not None and month.span.end is not None:
                edit = Edit(month.span.start, month.span.end, f"{number:02d}")
                fix = Fix(f"write {number:02d}", (edit,))
            message = f"month {text} is written with one digit: write {number:02d}"
            yield Finding.at(doc.path, month.span, message, fix=fix)


@rule("FL606", "shared-identifier")
def shared_identifier(doc: Document, options: Options) -> Iterator[Finding]:
    """Two entries that name one paper (a DOI, an arXiv id, a proceedings page) among
    their links, though their main links differ.

    One paper listed twice (once as a preprint, once as published), or a pasted
    identifier. Entries whose main links are the same are FL201's and FL203's.
    """
    first: dict[str, Entry] = {}
    for entry, _fields in _bibliography(doc):
        mine: set[str] = set()
        reported = False
        for link in entry.all_links:
            if link.is_image or not names_one_paper(link.url):
                continue
            paper = normalize(link.url)
            earlier = first.get(paper)
            if earlier is not None and earlier is not entry and not reported:
                other = earlier
                same_main = (
                    other.url is not None
                    and entry.url is not None
                    and normalize(other.url.url) == normalize(entry.url.url)
                )
                if not same_main:
                    reported = True
                    message = (
                        f"names the same paper ({paper}) as line {other.line}{_about(other)}:"
                        " listed twice, or a wrong identifier"
                    )
                    yield Finding.at(
                        doc.path, link.span, message, url=link.url, related=(other.line,)
                    )
            mine.add(paper)
        for paper in mine:
            first.setdefault(paper, entry)
