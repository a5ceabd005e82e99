"""Is every URL alive: each distinct URL asked once, politely (see :mod:`net.checker`).

URLs an API answer already settles (an arXiv abstract page, a repository or its stars
badge) are not fetched again.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..net.result import LinkResult, Outcome
from ..records import LINKS, Facts
from ..urls import arxiv_id_of_url, github_repo_of_url, stars_badge_repo
from .base import Context, Source


def settled_by_an_api(url: str, facts: Facts) -> bool:
    """Whether an API answer already says all a request to ``url`` would."""
    paper = arxiv_id_of_url(url)
    if paper is not None and paper.valid and f"arxiv:{paper.base}" in facts.papers:
        return True
    badge = stars_badge_repo(url)
    if badge is not None:
        return badge in facts.repos
    repo = github_repo_of_url(url)
    bare = repo is not None and url.rstrip("/").lower().endswith(f"{repo[0]}/{repo[1]}".lower())
    return bare and repo in facts.repos


class LivenessSource(Source):
    name = "links"
    provides = LINKS

    def ask(self, urls: Sequence[str], facts: Facts, context: Context) -> None:
        rest = []
        for url in dict.fromkeys(urls):
            if settled_by_an_api(url, facts):
                facts.links[url] = LinkResult(url, Outcome.OK, detail="settled by an API")
            else:
                rest.append(url)
        checker = context.checker
        facts.links.update(checker.check(rest, context.progress))
        context.sent[self.name] += checker.stats.requests
        context.cached += checker.stats.cached
