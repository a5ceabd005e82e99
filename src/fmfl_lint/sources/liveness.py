"""Is every URL alive: each distinct URL asked once, politely (see :mod:`net.checker`).

URLs an API answer already settles (an arXiv abstract page, a repository or its stars
badge) are not fetched again. DOI links (``doi.org/10....``, and a known publisher's
``/doi/10....`` pages) are settled by the DOI registry's handle API when it knows the DOI
or says it does not exist, without touching the publisher, many of which refuse robots
(see :mod:`net.walls`); when it cannot tell, the link is fetched like any other. The
registry is asked while the other links are checked, so it delays none of them.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote, unquote, urlsplit

import requests

from ..net.result import LinkResult, Outcome
from ..net.walls import known_wall
from ..records import LINKS, Facts
from ..urls import arxiv_id_of_url, github_repo_of_url, stars_badge_repo
from .base import Context, Source, SourceError, ask_api, read_json

#: the DOI handle API (``<DOI_API>/<doi>``), or a mirror set as ``doi-api``
DOI_API = "https://doi.org/api/handles"
#: DOIs asked at once: the handle API takes one DOI a request
DOI_CONCURRENCY = 4
DOI_HOSTS = frozenset({"doi.org", "dx.doi.org", "www.doi.org"})
_DOI_PATH = re.compile(r"^/(10\.\d{4,9}/\S+)$")
#: a publisher's page for a DOI, on a known wall: /doi/10..., /doi/abs/10..., /doi/pdf/10...
_PUBLISHER_DOI_PATH = re.compile(r"^/doi/(?:[a-z]+/)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)


def settled_by_an_api(url: str, facts: Facts) -> str:
    """Which API's answer already says all a request to ``url`` would ('' when none)."""
    paper = arxiv_id_of_url(url)
    if paper is not None and paper.valid and f"arxiv:{paper.base}" in facts.papers:
        return "arXiv's API"
    badge = stars_badge_repo(url)
    if badge is not None:
        return "GitHub's API" if badge in facts.repos else ""
    repo = github_repo_of_url(url)
    bare = repo is not None and url.rstrip("/").lower().endswith(f"{repo[0]}/{repo[1]}".lower())
    return "GitHub's API" if bare and repo in facts.repos else ""


def doi_of_url(url: str) -> str | None:
    """The DOI a link is the page of: a doi.org link, or a known publisher's /doi/ page."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https"):
        return None
    path = unquote(parts.path)
    if host in DOI_HOSTS:
        found = _DOI_PATH.match(path)
    elif known_wall(host):
        found = _PUBLISHER_DOI_PATH.match(path)
    else:
        return None
    return found.group(1) if found else None


class DoiRegistry:
    """The handle API: whether each DOI exists (True), does not (False), or unknown (left out).

    One DOI a request, at most :data:`DOI_CONCURRENCY` at once, redirects not followed.
    ``responseCode`` 1 is a DOI that exists, 100 one that does not; any other answer, or
    none, leaves it unknown. After a failed request (no answer, a 429, an error status with
    no ``responseCode``) no more are sent: ``problem`` says why.
    """

    def __init__(self, session: requests.Session, *, api: str = DOI_API, timeout: float = 10.0):
        self.session, self.api, self.timeout = session, api.rstrip("/"), timeout
        self.requests = 0
        self.problem = ""
        self._lock = threading.Lock()

    def lookup(self, dois: Iterable[str]) -> dict[str, bool]:
        wanted = sorted(set(dois))
        with ThreadPoolExecutor(DOI_CONCURRENCY, thread_name_prefix="fmfl-doi") as pool:
            answers = list(pool.map(self._exists, wanted))
        pairs = zip(wanted, answers, strict=True)
        return {doi: exists for doi, exists in pairs if exists is not None}

    def _exists(self, doi: str) -> bool | None:
        with self._lock:
            if self.problem:
                return None
            self.requests += 1
        url = f"{self.api}/{quote(doi, safe='/')}"
        try:
            status, _, body = ask_api(self.session, "GET", url, timeout=self.timeout)
            if status == 429:
                raise SourceError("answered HTTP 429 (too many requests)")
            answer = read_json(body)
        except SourceError as error:
            with self._lock:
                self.problem = self.problem or str(error)
            return None
        code = answer.get("responseCode") if isinstance(answer, dict) else None
        if code == 1:
            return True
        if code == 100:
            return False
        return None


def _decode_exists(raw: object) -> bool | None:
    return True if raw is True else None


class LivenessSource(Source):
    name = "links"
    provides = LINKS

    def ask(self, urls: Sequence[str], facts: Facts, context: Context) -> None:
        rest = []
        for url in dict.fromkeys(urls):
            if api := settled_by_an_api(url, facts):
                facts.links[url] = LinkResult(url, Outcome.OK, detail=f"settled by {api}")
            else:
                rest.append(url)
        dois = {url: doi for url in rest if (doi := doi_of_url(url))}
        others = [url for url in rest if url not in dois]
        checker = context.checker
        if not dois:
            facts.links.update(checker.check(others, context.progress))
        else:
            # the registry is asked while the other links are checked, not before them: the
            # DOI links it cannot settle join the same run as soon as it is done
            found, missing = self._recall(sorted(set(dois.values())), context)
            registry = DoiRegistry(
                context.session,
                api=context.settings.get("doi-api", DOI_API),
                timeout=checker.settings.timeout,
            )

            def unsettled() -> list[str]:
                found.update({doi.lower(): ok for doi, ok in registry.lookup(missing).items()})
                return [url for url, doi in dois.items() if doi.lower() not in found]

            with ThreadPoolExecutor(1, thread_name_prefix="fmfl-doi-registry") as pool:
                later = pool.submit(unsettled)
                facts.links.update(checker.check(others, context.progress, later=later))
            self._note(registry, missing, found, context)
            for url, doi in dois.items():
                exists = found.get(doi.lower())
                if exists is not None:
                    facts.links[url] = _settled(url, doi, exists)
                elif url not in facts.links:  # the registry ended after the run's deadline
                    facts.links[url] = LinkResult(
                        url, Outcome.TIMEOUT, detail="the run's time bound was reached"
                    )
        context.sent[self.name] += checker.stats.requests
        context.cached += checker.stats.cached

    def _recall(self, dois: list[str], context: Context) -> tuple[dict[str, bool], list[str]]:
        """What the cache says of each DOI (by DOI in lower case), and the DOIs it lacks."""
        keys = {f"doi:{doi.lower()}": doi for doi in dois}
        known, missing = context.recall(keys, _decode_exists)
        found = {key.partition(":")[2]: exists for key, exists in known.items()}
        return found, [keys[key] for key in missing]

    def _note(
        self, registry: DoiRegistry, asked: list[str], found: dict[str, bool], context: Context
    ) -> None:
        """Count the registry's requests, note what it left unsettled, cache what exists."""
        context.sent["DOI"] += registry.requests
        answered = {doi: found[doi.lower()] for doi in asked if doi.lower() in found}
        if len(answered) < len(asked):
            why = registry.problem or "it could not tell"
            left = len(asked) - len(answered)
            context.notes.append(
                f"the DOI registry: {why}; {left} of {len(asked)} DOIs not settled by it"
                " (their links are fetched instead)"
            )
        # only DOIs that exist are kept: one not registered today may be tomorrow
        context.remember({f"doi:{doi.lower()}": True for doi, ok in answered.items() if ok})


def _settled(url: str, doi: str, exists: bool) -> LinkResult:
    if exists:
        return LinkResult(url, Outcome.OK, detail=f"settled by the DOI registry ({doi})")
    return LinkResult(
        url, Outcome.DEAD, detail=f"the DOI {doi} is not registered (the DOI registry)"
    )
