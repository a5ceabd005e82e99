"""What a source of network facts is, and what every source shares in one run.

A source knows which identifiers in a run's URLs it can answer for (arXiv ids, GitHub
repositories, the URLs themselves), asks its service in batches, keeps answers in the
cache, and adds what it learnt to :class:`~fmfl_lint.records.Facts`. What it could not
learn (an error, an empty or unreadable answer, a rate limit) it leaves out and says so
in a note: absence of an answer is not an answer, so nothing unknown is cached or
reported as missing.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any, ClassVar, TypeVar

import requests
from urllib3.exceptions import HTTPError, NameResolutionError, NewConnectionError

from ..net.cache import LinkCache
from ..net.checker import LinkChecker
from ..net.guard import BlockedAddress
from ..net.reach import HOSTS_TO_JUDGE, NetworkUnreachable
from ..records import Facts, Paper

T = TypeVar("T")
Progress = Callable[[int, int], None]

#: an API answer larger than this is not read: no answer about a hundred ids is this big
MAX_ANSWER_BYTES = 16 * 1024 * 1024


class SourceError(Exception):
    """A service could not be asked or its answer read; the message is one line."""


@dataclass
class Context:
    """What the sources of one run share: the guarded session, the cache, the tallies."""

    checker: LinkChecker
    cache: LinkCache | None
    #: endpoint and credentials by setting name (``arxiv-api``, ``github-api``, ...)
    settings: dict[str, str]
    progress: Progress | None = None
    notes: list[str] = field(default_factory=list)
    #: requests sent, by source name
    sent: Counter[str] = field(default_factory=Counter)
    cached: int = 0

    @property
    def session(self) -> requests.Session:
        return self.checker.session

    def recall(
        self, keys: Iterable[str], decode: Callable[[Any], T | None]
    ) -> tuple[dict[str, T], list[str]]:
        """What the cache holds for each key, decoded and checked, and the keys it lacks.

        A row that does not decode to a well-formed record is treated as missing: the
        cache file is not trusted to hold only what this program wrote.
        """
        known: dict[str, T] = {}
        missing: list[str] = []
        for key in keys:
            raw = self.cache.get_fact(key) if self.cache else None
            record = _decoded(decode, raw) if raw is not None else None
            if record is None:
                missing.append(key)
            else:
                known[key] = record
        self.cached += len(known)
        return known, missing

    def record_papers(
        self,
        facts: Facts,
        api: str,
        ids: str,
        asked: list[str],
        answered: dict[str, Paper],
        problem: str,
    ) -> None:
        """Add what the paper source ``api`` answered for the keys ``asked``; note how many
        ``ids`` it left unknown (``problem`` says why, when it failed); cache only papers
        that exist (an unknown id may be new tomorrow)."""
        facts.papers.update({paper.key: paper for paper in answered.values()})
        if len(answered) < len(asked):
            why = problem or "it did not answer for them"
            left = len(asked) - len(answered)
            self.notes.append(f"{api}'s API: {why}; {left} of {len(asked)} {ids} not checked")
        self.remember({p.key: asdict(p) for p in answered.values() if p.exists})

    def remember(self, records: dict[str, Any]) -> None:
        if self.cache and records:
            self.cache.put_facts(records)

    def stop_if_unreachable(self, hosts: int = HOSTS_TO_JUDGE) -> None:
        """Raise :class:`NetworkUnreachable` when no host asked so far could be reached.

        ``hosts``: how many distinct hosts the run will ask, when known.
        """
        if why := self.checker.reach.unreachable(hosts):
            raise NetworkUnreachable(why)


def _decoded(decode: Callable[[Any], T | None], raw: Any) -> T | None:
    try:
        return decode(raw)
    except (TypeError, ValueError, KeyError, AttributeError):
        return None


def decode_paper(raw: object) -> Paper | None:
    """A cached paper record, checked field by field (the cache file is not trusted)."""
    names = {f.name for f in fields(Paper)}
    if not isinstance(raw, dict) or set(raw) - names or "key" not in raw:
        return None
    paper = Paper(**raw)
    for name in names:
        value = getattr(paper, name)
        wanted = {"exists": bool, "year": int}.get(name, str)
        if not isinstance(value, wanted) or (wanted is int and isinstance(value, bool)):
            return None
    return paper


def paced(
    clock: Callable[[], float], sleep: Callable[[float], None], pause: float
) -> Callable[[], None]:
    """A wait to call before each request, so that requests are ``pause`` seconds apart."""
    last: list[float] = []

    def wait() -> None:
        if last:
            sleep(max(0.0, last[0] + pause - clock()))
            last[0] = clock()
        else:
            last.append(clock())

    return wait


def ask_api(
    session: requests.Session,
    method: str,
    url: str,
    *,
    timeout: float,
    **kwargs: Any,
) -> tuple[int, dict[str, str], bytes]:
    """One API request: status, headers and at most :data:`MAX_ANSWER_BYTES` of body.

    Redirects are not followed (a credential must not travel to wherever they lead).
    """
    try:
        with session.request(
            method, url, timeout=timeout, stream=True, allow_redirects=False, **kwargs
        ) as answer:
            body = answer.raw.read(MAX_ANSWER_BYTES + 1, decode_content=True)
            headers = {name.lower(): value for name, value in answer.headers.items()}
            status = answer.status_code
    except (requests.RequestException, BlockedAddress, OSError, HTTPError) as error:
        raise SourceError(f"not asked ({_why(error)})") from None
    if len(body) > MAX_ANSWER_BYTES:
        raise SourceError(f"the answer is larger than {MAX_ANSWER_BYTES // 2**20} MB; not read")
    return status, headers, body


def read_json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        raise SourceError("the answer is not JSON") from None


def _why(error: BaseException) -> str:
    """A short, readable reason for a failed request, in words: never an exception's repr,
    its URL or the request's headers."""
    if isinstance(error, BlockedAddress):
        return " ".join(str(error).split())[:200]
    if isinstance(error, requests.exceptions.ProxyError):
        return "the proxy failed"
    if isinstance(error, requests.exceptions.SSLError):
        return "a TLS error"
    if isinstance(error, requests.Timeout | TimeoutError):
        return "no answer in time"
    if _caused_by(error, NameResolutionError):
        return "the host name does not resolve"
    if _caused_by(error, ConnectionRefusedError):
        return "the connection was refused"
    if isinstance(error, requests.ConnectionError) or _caused_by(error, NewConnectionError):
        return "could not connect"
    if isinstance(error, HTTPError | OSError):
        return "the connection broke"
    return "the request failed"


def _caused_by(error: BaseException, kind: type[BaseException]) -> bool:
    """Whether ``kind`` is among ``error``'s causes (urllib3 keeps its own in ``reason``)."""
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen:
        if isinstance(current, kind):
            return True
        seen.append(current)
        candidates = [current.__cause__, getattr(current, "reason", None), current.__context__]
        candidates += list(current.args[:1])
        current = next((c for c in candidates if isinstance(c, BaseException)), None)
    return False


class Source(ABC):
    #: the source's name, in notes and in the request tally
    name: ClassVar[str]
    #: the kind of fact it adds (see :mod:`fmfl_lint.records`)
    provides: ClassVar[str]

    @abstractmethod
    def ask(self, urls: Sequence[str], facts: Facts, context: Context) -> None:
        """Learn what this source can about ``urls`` and add it to ``facts``."""
