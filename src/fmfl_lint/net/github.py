"""GitHub's API for repositories: one GraphQL query per 100 with a token, REST without.

The token goes only to the API host: it is put on each API request, never on the
session, redirects are not followed with it, and it is never part of a message.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

import requests

from .guard import BlockedAddress
from .result import RepoState

API = "https://api.github.com"
BATCH = 100


class GithubError(Exception):
    """The API could not be asked; the message never holds the token."""


class RateLimitReached(GithubError):
    """The unauthenticated limit is spent: what was not asked stays unknown."""


class GithubClient:
    def __init__(
        self, session: requests.Session, *, token: str = "", api: str = API, timeout: float = 30.0
    ) -> None:
        self.session, self.token, self.api, self.timeout = session, token, api.rstrip("/"), timeout
        self.requests = 0
        self.limited = False  # the unauthenticated rate limit ran out

    def lookup(self, repos: Iterable[tuple[str, str]]) -> dict[tuple[str, str], RepoState]:
        """Every (owner, repo) → its state; repos the API could not be asked about are left out."""
        wanted = sorted(set(repos))
        ask = self._graphql if self.token else self._rest
        found: dict[tuple[str, str], RepoState] = {}
        for start in range(0, len(wanted), BATCH if self.token else 1):
            try:
                found.update(ask(wanted[start : start + (BATCH if self.token else 1)]))
            except RateLimitReached:
                self.limited = True
                break
        return found

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def _send(self, method: str, url: str, **kwargs: object) -> requests.Response:
        if urlsplit(url).netloc != urlsplit(self.api).netloc:
            raise GithubError("refusing to send the token to another host")
        self.requests += 1
        try:
            # redirects are not followed: a token must not travel to wherever they lead
            return self.session.request(
                method,
                url,
                headers=self._headers(),
                timeout=self.timeout,
                allow_redirects=False,
                **kwargs,
            )
        except (requests.RequestException, BlockedAddress) as error:
            raise GithubError(f"GitHub's API was not asked ({type(error).__name__})") from None

    def _graphql(self, batch: list[tuple[str, str]]) -> dict[tuple[str, str], RepoState]:
        fields = " ".join(
            f"r{i}: repository(owner: {_quote(owner)}, name: {_quote(name)}) {{ nameWithOwner }}"
            for i, (owner, name) in enumerate(batch)
        )
        answer = self._send("POST", f"{self.api}/graphql", json={"query": f"query {{ {fields} }}"})
        if answer.status_code != 200:
            raise GithubError(f"GitHub's GraphQL API answered HTTP {answer.status_code}")
        data = (answer.json() or {}).get("data") or {}
        states = {}
        for i, repo in enumerate(batch):
            node = data.get(f"r{i}")
            states[repo] = RepoState(True, node["nameWithOwner"]) if node else RepoState(False)
        return states

    def _rest(self, batch: list[tuple[str, str]]) -> dict[tuple[str, str], RepoState]:
        (owner, name) = batch[0]
        url = f"{self.api}/repos/{owner}/{name}"
        answer = self._send("GET", url)
        if answer.status_code in (301, 302, 307, 308):  # renamed or transferred
            location = urljoin(url, answer.headers.get("location", ""))
            if urlsplit(location).netloc != urlsplit(self.api).netloc:
                return {}  # the token does not follow it: this repository stays unknown
            answer = self._send("GET", location)
        if answer.status_code in (403, 429) and answer.headers.get("x-ratelimit-remaining") == "0":
            raise RateLimitReached("GitHub's unauthenticated rate limit is spent")
        if answer.status_code == 404:
            return {(owner, name): RepoState(False)}
        if answer.status_code != 200:
            raise GithubError(f"GitHub's API answered HTTP {answer.status_code}")
        return {(owner, name): RepoState(True, answer.json().get("full_name", f"{owner}/{name}"))}


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
