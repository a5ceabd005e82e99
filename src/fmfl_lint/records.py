"""What the network says, in the form rules read it: the facts of one run.

Sources (``sources/``) fill a :class:`Facts`; rules read it through ``Options.facts``. A
fact that is not there is unknown: a source that failed, was rate limited or answered
nothing leaves it out, and no rule may read absence as "does not exist".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .net.result import LinkResult, Outcome

#: the kinds of fact a rule can need (``@rule(needs=...)``) and a source can provide
LINKS, PAPERS, REPOS = "links", "papers", "repos"
FACT_KINDS = (LINKS, PAPERS, REPOS)


@dataclass(frozen=True)
class Paper:
    """What the source that owns a paper identifier says of it."""

    #: the identifier asked about: ``arxiv:2401.00001``, ``doi:10.1145/...``, ``openreview:ID``
    key: str
    #: False only when the source answered that the identifier does not exist
    exists: bool = True
    title: str = ""
    #: where the source says it was published ("Proc. ICML 2024", a journal reference)
    journal_ref: str = ""
    doi: str = ""
    #: the source that answered, for messages ("arXiv")
    source: str = ""
    #: where the source says it was published or submitted ("ICLR 2024 poster", a Crossref
    #: container title); empty when it does not say
    venue: str = ""
    #: the year the source gives it (0: not given)
    year: int = 0
    #: "withdrawn" or "rejected" when the source says the submission was (OpenReview)
    status: str = ""


@dataclass(frozen=True)
class RepoState:
    """What GitHub's API says of one OWNER/REPO."""

    exists: bool
    #: OWNER/REPO as GitHub names it now (another one when renamed or transferred)
    full_name: str = ""
    #: read from the cache, not answered in this run: --fix does not act on it
    cached: bool = field(default=False, compare=False)


@dataclass
class Facts:
    """Everything the network said in one run, by kind: known facts only."""

    links: dict[str, LinkResult] = field(default_factory=dict)
    #: by identifier key (``arxiv:ID``)
    papers: dict[str, Paper] = field(default_factory=dict)
    repos: dict[tuple[str, str], RepoState] = field(default_factory=dict)


__all__ = ["FACT_KINDS", "LINKS", "PAPERS", "REPOS", "Facts", "LinkResult", "Outcome", "Paper"]
