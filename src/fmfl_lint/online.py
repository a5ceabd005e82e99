"""What the network says about a run's URLs: liveness, arXiv records, GitHub repositories.

Everything is asked once for all files. arXiv ids and GitHub repositories are asked of
their APIs in batches, and the URLs those answers settle are not fetched again. Nothing
here prints: the command line shows the progress and the notes.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Hashable
from dataclasses import asdict, dataclass, field

from .net import LinkChecker, LinkResult, Outcome
from .net.arxiv import ArxivClient, ArxivError
from .net.cache import LinkCache
from .net.github import GithubClient, GithubError
from .net.result import ArxivRecord, RepoState
from .settings import LinkSettings
from .urls import (
    arxiv_id_of_url,
    arxiv_ids_in,
    github_repo_named,
    github_repo_of_url,
    stars_badge_repo,
)


@dataclass
class Facts:
    links: dict[str, LinkResult] = field(default_factory=dict)
    arxiv: dict[str, ArxivRecord | None] = field(default_factory=dict)
    repos: dict[tuple[str, str], RepoState] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what could not be asked, for the user
    requests: int = 0
    cached: int = 0


def _settled(url: str, facts: Facts) -> bool:
    """Whether an API answer already says all a request to ``url`` would."""
    paper = arxiv_id_of_url(url)
    if paper is not None and paper.valid and paper.base in facts.arxiv:
        return True
    repo = stars_badge_repo(url) or github_repo_of_url(url)
    bare_repo = repo is not None and url.rstrip("/").lower().endswith(
        f"{repo[0]}/{repo[1]}".lower()
    )
    return repo in facts.repos and (bare_repo or stars_badge_repo(url) is not None)


def gather(
    urls: list[str],
    settings: LinkSettings,
    *,
    links: bool,
    arxiv: bool,
    github: bool,
    progress: Callable[[int, int], None] | None = None,
) -> Facts:
    facts = Facts()
    cache = None
    if settings.cache_dir:
        try:
            cache = LinkCache(settings.cache_dir, settings.max_cache_age)
        except (sqlite3.Error, OSError) as error:
            facts.notes.append(f"the link cache in {settings.cache_dir} cannot be used ({error})")
    checker = LinkChecker(settings.net, cache=cache)
    try:
        if arxiv:
            _ask_arxiv(urls, checker, cache, settings, facts)
        if github:
            _ask_github(urls, checker, cache, settings, facts)
        if links:
            for url in urls:
                if _settled(url, facts):
                    facts.links[url] = LinkResult(url, Outcome.OK, detail="settled by an API")
            rest = [url for url in urls if url not in facts.links]
            facts.links.update(checker.check(rest, progress))
            facts.requests += checker.stats.requests
            facts.cached += checker.stats.cached
    finally:
        if cache:
            cache.close()
    return facts


def _cached(names: dict[Hashable, str], cache: LinkCache | None) -> tuple[dict, set]:
    """The facts the cache holds for each item (by its key there), and the items it lacks."""
    known, unknown = {}, set()
    for item, key in names.items():
        fact = cache.get_fact(key) if cache else None
        if fact is None:
            unknown.add(item)
        else:
            known[item] = fact
    return known, unknown


def _ask_arxiv(
    urls: list[str],
    checker: LinkChecker,
    cache: LinkCache | None,
    settings: LinkSettings,
    facts: Facts,
) -> None:
    ids = {found.base for url in urls for found in arxiv_ids_in(url) if found.valid}
    known, unknown = _cached({base: f"arxiv:{base}" for base in ids}, cache)
    facts.arxiv.update({base: ArxivRecord(**fact) for base, fact in known.items()})
    facts.cached += len(known)
    client = ArxivClient(checker.session, api=settings.arxiv_api)
    try:
        answered = client.lookup(unknown)
    except ArxivError as error:
        facts.notes.append(f"{error}; FL304-FL306 skipped for ids not in the cache")
        answered = {}
    facts.requests += client.requests
    facts.arxiv.update(answered)
    if cache:
        # an id arXiv does not know is asked again next time (it may be new)
        cache.put_facts({f"arxiv:{b}": asdict(r) for b, r in answered.items() if r})


def _ask_github(
    urls: list[str],
    checker: LinkChecker,
    cache: LinkCache | None,
    settings: LinkSettings,
    facts: Facts,
) -> None:
    repos = {repo for url in urls if (repo := github_repo_named(url))}
    known, unknown = _cached({repo: f"github:{repo[0]}/{repo[1]}" for repo in repos}, cache)
    facts.repos.update({repo: RepoState(**fact) for repo, fact in known.items()})
    facts.cached += len(known)
    token = os.environ.get("GITHUB_TOKEN", "")
    client = GithubClient(checker.session, token=token, api=settings.github_api)
    try:
        answered = client.lookup(unknown)
    except GithubError as error:
        facts.notes.append(f"{error}; FL501-FL502 skipped")
        answered = {}
    if client.limited:
        left = len(unknown) - len(answered)
        facts.notes.append(
            f"GitHub's unauthenticated rate limit is spent: {left} repositories not checked"
            " (set GITHUB_TOKEN to check them all)"
        )
    facts.requests += client.requests
    facts.repos.update(answered)
    if cache:
        cache.put_facts({f"github:{o}/{r}": asdict(state) for (o, r), state in answered.items()})
