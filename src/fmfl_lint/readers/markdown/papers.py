"""Which bullets of a paper list are its papers, and which are its side lists.

A paper list writes more than papers in the same bullets: an index of the venues it draws
from (``[IJCAI](dblp) [2025](..), [2024](..)``), and side lists of workshops, tutorials,
courses, datasets and the other lists it thanks. Taken as entries, a venue index breaks
its section's date order and repository names read as near-duplicate titles; their links
are still checked, as links outside entries. A list of tools or resources is another
matter: where most entries of a file link no paper, every item stays an entry, and so does
a list of tools in a paper list (``* PySyft [[Github]](u)``: most items link a code
repository), unless its section is about the page (the lists it thanks).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from ...model import Entry
from ..about import is_about_the_page
from .inline import CODE_HOSTS, Inline, is_web_link, on_hosts

#: what follows a venue's name in an index of its editions: "2025, 2024(v25), 2023", "NULL"
_EDITIONS = re.compile(
    r"^(?:[\s,]*(?:(?:19|20)\d{2}|null|none)\b(?:\s*\([^()]*\))?)+[\s,]*$", re.IGNORECASE
)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def lists_editions(found: Inline) -> bool:
    """``[IJCAI](url) [2025](url), [2024](url)`` or ``[TPAMI](url) 2025, 2024``: a venue
    named, then its editions by year (one linked, or several), not a paper. A single
    unlinked year after a link is a paper's year: ``[BERT](url) 2018`` stays an entry."""
    links = [f for f in found.links if is_web_link(f.link.url) and not f.link.is_image]
    if not links or not links[0].label or not found.text.startswith(links[0].label):
        return False
    rest = found.text[len(links[0].label) :]
    if not _EDITIONS.match(rest):
        return False
    linked_year = any(_YEAR.fullmatch(f.label.strip()) for f in links[1:])
    return linked_year or len(_YEAR.findall(rest)) >= 2


def side_lists(
    entries: Sequence[Entry], linking_paper: Sequence[bool], bullet_lists: set[int]
) -> set[int]:
    """The bullet lists (containers) of a paper list, where most entries link a paper,
    most of whose items link none: events, courses, thanked repositories. A lone item in a
    section beside sections of papers (``### 2022`` after ``### 2021``) is one more paper
    whose link names none (a lab's page): one item is too little to call a list aside."""
    if 2 * sum(linking_paper) <= len(entries):
        return set()
    papers: dict[int, list[bool]] = defaultdict(list)
    tools: dict[int, list[bool]] = defaultdict(list)
    about: set[int] = set()
    parent: dict[int, tuple[str, ...]] = {}
    for entry, links_paper in zip(entries, linking_paper, strict=True):
        if entry.container in bullet_lists:
            papers[entry.container].append(links_paper)
            tools[entry.container].append(_links_code(entry))
            parent[entry.container] = entry.section[:-1]
            if any(is_about_the_page(name) for name in entry.section):
                about.add(entry.container)
    aside = {
        container
        for container, of in papers.items()
        if 2 * sum(of) < len(of) and (container in about or 2 * sum(tools[container]) <= len(of))
    }
    beside_papers = {parent[container] for container in papers if container not in aside}
    return {
        container
        for container in aside
        if len(papers[container]) > 1 or parent[container] not in beside_papers
    }


def _links_code(entry: Entry) -> bool:
    """Whether the entry's own link is a code repository: a tool, not a side list's item."""
    return entry.url is not None and on_hosts(entry.url.url, CODE_HOSTS)
