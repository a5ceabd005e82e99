"""GitHub's API for repositories: one GraphQL query per 100 with a token, REST without.

The token goes only to GitHub's API: ``api.github.com``, or the host the runner names in
``GITHUB_API_URL``. An endpoint set anywhere else gets no token. It is put on each API
request, never on the session, redirects are not followed with it, and it is never part
of a message.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from ..records import REPOS, Facts, RepoState
from ..urls import github_repo_named
from .base import Context, Source, SourceError, ask_api, read_json

API = "https://api.github.com"
BATCH = 100
_REPO_NAME = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")

Repo = tuple[str, str]


def default_api() -> str:
    return os.environ.get("GITHUB_API_URL") or API


def trusted_with_token(api: str) -> bool:
    """Whether ``api`` is GitHub's API host (the token may be sent there)."""
    host = (urlsplit(api).hostname or "").lower()
    trusted = {urlsplit(API).hostname, urlsplit(default_api()).hostname}
    return host in trusted


class RateLimitReached(SourceError):
    """The unauthenticated limit is spent: what was not asked stays unknown."""


class GithubClient:
    def __init__(
        self, session: requests.Session, *, token: str = "", api: str = API, timeout: float = 30.0
    ) -> None:
        self.session, self.api, self.timeout = session, api.rstrip("/"), timeout
        self.token = token if trusted_with_token(api) else ""
        self.requests = 0
        self.limited = False  # the unauthenticated rate limit ran out
        self.problem = ""  # why the API stopped being asked, when it failed

    def lookup(self, repos: Iterable[Repo]) -> dict[Repo, RepoState]:
        """Every (owner, repo) GitHub answered for → its state; the rest are unknown."""
        wanted = sorted(set(repos))
        size = BATCH if self.token else 1
        found: dict[Repo, RepoState] = {}
        for start in range(0, len(wanted), size):
            batch = wanted[start : start + size]
            try:
                found.update(self._graphql(batch) if self.token else self._rest(batch[0]))
            except RateLimitReached:
                self.limited = True
                break
            except SourceError as error:
                self.problem = str(error)
                break
        return found

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def _send(self, method: str, url: str, **kwargs: Any) -> tuple[int, dict[str, str], bytes]:
        if urlsplit(url).netloc != urlsplit(self.api).netloc:
            raise SourceError("refused: the request would leave GitHub's API host")
        self.requests += 1
        return ask_api(
            self.session, method, url, headers=self._headers(), timeout=self.timeout, **kwargs
        )

    def _graphql(self, batch: list[Repo]) -> dict[Repo, RepoState]:
        fields = " ".join(
            f"r{i}: repository(owner: {_quote(owner)}, name: {_quote(name)}) {{ nameWithOwner }}"
            for i, (owner, name) in enumerate(batch)
        )
        query = {"query": f"query {{ {fields} }}"}
        status, _, body = self._send("POST", f"{self.api}/graphql", json=query)
        if status != 200:
            raise SourceError(f"answered HTTP {status}")
        answer = read_json(body)
        data = answer.get("data") if isinstance(answer, dict) else None
        if not isinstance(data, dict):
            raise SourceError("answered no data (rate limited or failing)")
        missing = _not_found_aliases(answer.get("errors"))
        states = {}
        for i, repo in enumerate(batch):
            node = data.get(f"r{i}")
            if isinstance(node, dict) and isinstance(node.get("nameWithOwner"), str):
                states[repo] = RepoState(True, node["nameWithOwner"])
            elif node is None and f"r{i}" in missing:
                states[repo] = RepoState(False)
        return states

    def _rest(self, repo: Repo) -> dict[Repo, RepoState]:
        url = f"{self.api}/repos/{repo[0]}/{repo[1]}"
        status, headers, body = self._send("GET", url)
        if status in (301, 302, 307, 308):  # renamed or transferred
            location = urljoin(url, headers.get("location", ""))
            if urlsplit(location).netloc != urlsplit(self.api).netloc:
                return {}  # the token does not follow it: this repository stays unknown
            status, headers, body = self._send("GET", location)
        if status in (403, 429) and headers.get("x-ratelimit-remaining") == "0":
            raise RateLimitReached("GitHub's unauthenticated rate limit is spent")
        if status == 404:
            return {repo: RepoState(False)}
        if status != 200:
            raise SourceError(f"answered HTTP {status}")
        answer = read_json(body)
        name = answer.get("full_name") if isinstance(answer, dict) else None
        if not isinstance(name, str) or name.count("/") != 1:
            raise SourceError("answered no repository name")
        return {repo: RepoState(True, name)}


def _not_found_aliases(errors: object) -> set[str]:
    """The aliases GraphQL answered NOT_FOUND for (null data alone says nothing)."""
    found = set()
    for error in errors if isinstance(errors, list) else []:
        path = error.get("path") if isinstance(error, dict) else None
        if error.get("type") == "NOT_FOUND" and isinstance(path, list) and path:
            found.add(str(path[0]))
    return found


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def decode_repo(raw: object) -> RepoState | None:
    """A cached repository state, checked field by field."""
    if not isinstance(raw, dict) or set(raw) - {"exists", "full_name", "cached"}:
        return None
    exists, full_name = raw.get("exists"), raw.get("full_name", "")
    if not isinstance(exists, bool) or not isinstance(full_name, str):
        return None
    if full_name and not _REPO_NAME.fullmatch(full_name):
        return None
    return RepoState(exists, full_name, cached=True)


class GithubSource(Source):
    name = "GitHub"
    provides = REPOS

    def ask(self, urls: Sequence[str], facts: Facts, context: Context) -> None:
        repos = {repo for url in urls if (repo := github_repo_named(url))}
        keys = {f"github:{owner}/{name}": (owner, name) for owner, name in sorted(repos)}
        known, missing = context.recall(keys, decode_repo)
        facts.repos.update({keys[key]: state for key, state in known.items()})
        if not missing:
            return
        client = GithubClient(
            context.session,
            token=os.environ.get("GITHUB_TOKEN", ""),
            api=context.settings.get("github-api") or default_api(),
        )
        answered = client.lookup(keys[key] for key in missing)
        context.sent[self.name] += client.requests
        facts.repos.update(answered)
        left = len(missing) - len(answered)
        if client.limited:
            context.notes.append(
                f"GitHub's unauthenticated rate limit is spent; {left} of {len(missing)}"
                " repositories not checked (set GITHUB_TOKEN to check them all)"
            )
        elif left:
            why = client.problem or "it answered nothing about them"
            context.notes.append(
                f"GitHub's API: {why}; {left} of {len(missing)} repositories not checked"
            )
        context.remember({f"github:{o}/{r}": asdict(state) for (o, r), state in answered.items()})
