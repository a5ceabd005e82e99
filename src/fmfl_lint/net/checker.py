"""Check many URLs fast and politely: each once, a bounded number at a time per host.

The scheduler runs in the calling thread and decides when each request may start; worker
threads only make requests. A host that answers 429 is paused for its Retry-After (up to a
cap) and then asked no faster than it answered lately; other hosts go on at full speed.
Failures that may pass (timeouts, resets, 5xx) are tried again after a growing pause, a
bounded number of times, and the whole run has a deadline.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

import requests

from .cache import LinkCache, cache_key
from .fetch import PERMANENT, Answer, look
from .guard import Policy, Watchdog, anywhere, forbidden, guarded_adapter
from .hosts import Host
from .result import LinkResult, Outcome

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class NetSettings:
    timeout: float = 10.0  # seconds for one request's answer (headers)
    max_concurrency: int = 32  # requests in flight in all
    max_per_host: int = 6  # requests in flight to one host
    #: another limit for some hosts, by host name
    host_limits: Mapping[str, int] = field(default_factory=dict)
    retries: int = 2  # more tries after a reset or a 5xx
    timeout_retries: int = 1  # more tries after a timeout (each costs a whole --timeout)
    rate_limit_retries: int = 5  # 429s honoured before FL104
    max_retry_after: float = 30.0  # the longest one Retry-After is waited for
    max_redirects: int = 10
    run_timeout: float = 600.0  # the whole run
    allow_private: bool = False
    #: status codes that count as alive, by host ("*" for every host)
    accept: Mapping[str, frozenset[int]] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()  # regular expressions of URLs not to check
    user_agent: str = "fmfl-lint"


@dataclass
class _Job:
    url: str
    host: str
    tries: int = 0
    rate_limited: int = 0
    not_before: float = 0.0
    started: float = 0.0


@dataclass
class Stats:
    requests: int = 0
    rate_limited: int = 0  # 429 answers received
    cached: int = 0


class LinkChecker:
    def __init__(
        self,
        settings: NetSettings,
        *,
        cache: LinkCache | None = None,
        policy: Policy | None = None,
    ) -> None:
        self.settings = settings
        self.cache = cache
        self.session = self._new_session(
            policy or (anywhere if settings.allow_private else forbidden)
        )
        self.stats = Stats()
        self._excluded = [re.compile(pattern) for pattern in settings.exclude]

    def _new_session(self, policy: Policy) -> requests.Session:
        session = requests.Session()
        session.trust_env = False  # no proxies or .netrc credentials from the environment
        session.max_redirects = self.settings.max_redirects
        session.headers["User-Agent"] = self.settings.user_agent
        self._watchdog = Watchdog()
        adapter = guarded_adapter(
            policy=policy,
            response_timeout=self.settings.timeout,
            watchdog=self._watchdog,
            pool_size=self._most_per_host(),
        )
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        return session

    def _most_per_host(self) -> int:
        """The most requests that may ever be in flight to one host."""
        limits = [self.settings.max_per_host, *self.settings.host_limits.values()]
        return min(max(limits), self.settings.max_concurrency)

    def check(self, urls: Iterable[str], progress: Progress | None = None) -> dict[str, LinkResult]:
        """A result for every URL; each distinct URL is asked once (or not, when cached)."""
        results: dict[str, LinkResult] = {}
        same: dict[str, list[str]] = {}  # cache key → the URLs written for it
        for url in dict.fromkeys(urls):
            skipped = self._skip_reason(url)
            if skipped:
                results[url] = LinkResult(url, Outcome.SKIPPED, detail=skipped)
                continue
            same.setdefault(cache_key(url), []).append(url)
        to_ask = []
        for spellings in same.values():
            cached = self.cache.get(spellings[0]) if self.cache else None
            if cached is not None:
                self.stats.cached += 1
                results.update({url: _for(cached, url) for url in spellings})
            else:
                to_ask.append(spellings[0])
        answered = self._run(to_ask, progress)
        if self.cache is not None:
            self.cache.put(list(answered.values()))
        for spellings in same.values():
            if spellings[0] in answered:
                results.update({url: _for(answered[spellings[0]], url) for url in spellings})
        return results

    def _skip_reason(self, url: str) -> str:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme not in ("http", "https"):
            return "not an http(s) URL"
        if any(pattern.search(url) for pattern in self._excluded):
            return "excluded"
        return ""

    # -- the scheduler ----------------------------------------------------------------

    def _run(self, urls: list[str], progress: Progress | None) -> dict[str, LinkResult]:
        done: dict[str, LinkResult] = {}
        if not urls:
            return done
        hosts: dict[str, Host] = {}
        queue: list[_Job] = []
        for url in urls:
            host = _host_of(url)
            if host not in hosts:
                name = urlsplit(url).hostname or ""
                hosts[host] = Host(self.settings.host_limits.get(name, self.settings.max_per_host))
            queue.append(_Job(url, host))
        deadline = time.monotonic() + self.settings.run_timeout
        # every request ends by the deadline: none waits for an answer past it, so no worker
        # outlives the run for long (and the interpreter, which joins them at exit, neither)
        self._watchdog.deadline = deadline
        inflight: dict[Future[Answer], _Job] = {}
        executor = ThreadPoolExecutor(self.settings.max_concurrency, thread_name_prefix="fmfl-link")
        try:
            while queue or inflight:
                now = time.monotonic()
                if now >= deadline:
                    for job in queue + list(inflight.values()):
                        done[job.url] = self._result(
                            job, Outcome.TIMEOUT, detail="the run's time bound was reached"
                        )
                    break
                queue = self._start_ready(queue, hosts, inflight, executor, now, deadline)
                pause = self._pause(queue, hosts, len(inflight), now, deadline)
                if inflight:
                    finished, _ = wait(inflight, timeout=pause, return_when=FIRST_COMPLETED)
                else:
                    time.sleep(pause)
                    finished = set()
                for future in finished:
                    job = inflight.pop(future)
                    hosts[job.host].active -= 1
                    result = self._decide(job, hosts[job.host], future.result(), time.monotonic())
                    if result is None:
                        queue.append(job)
                    else:
                        done[job.url] = result
                        if progress:
                            progress(len(done), len(urls))
        finally:
            executor.shutdown(wait=False, cancel_futures=True)
        return done

    def _start_ready(
        self,
        queue: list[_Job],
        hosts: dict[str, Host],
        inflight: dict,
        executor: ThreadPoolExecutor,
        now: float,
        deadline: float,
    ) -> list[_Job]:
        waiting = []
        for job in queue:
            host = hosts[job.host]
            ready = job.not_before <= now and host.next_start <= now and host.active < host.limit
            if not ready or len(inflight) >= self.settings.max_concurrency:
                waiting.append(job)
                continue
            host.active += 1
            host.next_start = now + host.interval
            if host.first_start is None:
                host.first_start = now
            job.started = now
            job.tries += 1
            future = executor.submit(
                look,
                self.session,
                job.url,
                self.settings.timeout,
                head=not host.head_unreliable,
                deadline=deadline,
            )
            inflight[future] = job
        return waiting

    def _pause(
        self, queue: list[_Job], hosts: dict[str, Host], busy: int, now: float, deadline: float
    ) -> float:
        """How long the scheduler may sleep: until a waiting job may start, or the deadline.

        Jobs held back by a full host or a full pool are not counted: the end of a request
        in flight wakes the scheduler anyway.
        """
        if busy >= self.settings.max_concurrency:
            return max(0.0, deadline - now)
        starts = [
            max(job.not_before, hosts[job.host].next_start)
            for job in queue
            if hosts[job.host].active < hosts[job.host].limit
        ]
        return max(0.0, min([*starts, deadline]) - now)

    def _decide(self, job: _Job, host: Host, answer: Answer, now: float) -> LinkResult | None:
        """The job's result, or None after scheduling it to be tried again."""
        self.stats.requests += answer.requests
        host.head_unreliable |= answer.head_lied
        if answer.failure:
            return self._failure(job, answer, now)
        status = answer.status or 0
        if status == 429:
            self.stats.rate_limited += 1
            return self._rate_limited(job, host, answer, now)
        host.answered_at(now)
        if status >= 400 and status not in self._accepted(job.url):
            if status >= 500 and job.tries <= self.settings.retries:
                job.not_before = now + _backoff(job.tries)
                return None
            return self._result(job, Outcome.DEAD, answer, f"HTTP {status}")
        first_hop = answer.chain[0][0] if answer.chain else None
        if first_hop in PERMANENT and answer.final_url.rstrip("/") != job.url.rstrip("/"):
            return self._result(job, Outcome.REDIRECTED, answer, f"moved permanently ({first_hop})")
        return self._result(job, Outcome.OK, answer)

    def _failure(self, job: _Job, answer: Answer, now: float) -> LinkResult | None:
        if answer.failure == "blocked":
            return self._result(job, Outcome.BLOCKED, answer, answer.detail)
        budget = {"timeout": self.settings.timeout_retries, "connection": self.settings.retries}
        if job.tries <= budget.get(answer.failure, -1):
            job.not_before = now + _backoff(job.tries)
            return None
        outcome = Outcome.TIMEOUT if answer.failure == "timeout" else Outcome.DEAD
        return self._result(job, outcome, answer, answer.detail)

    def _rate_limited(self, job: _Job, host: Host, answer: Answer, now: float) -> LinkResult | None:
        if job.rate_limited >= self.settings.rate_limit_retries:
            return self._result(job, Outcome.RATE_LIMITED, answer, "still HTTP 429 after waiting")
        job.rate_limited += 1
        job.tries -= 1  # a 429 is the host's pace, not a failure of the URL
        pause = min(
            answer.retry_after if answer.retry_after is not None else _backoff(job.rate_limited),
            self.settings.max_retry_after,
        )
        host.next_start = max(host.next_start, now + pause)
        host.learn_pace(job.started, now, self.settings.max_retry_after)
        job.not_before = host.next_start
        return None

    def _accepted(self, url: str) -> frozenset[int]:
        accept = self.settings.accept
        host = (urlsplit(url).hostname or "").lower()
        return accept.get(host, frozenset()) | accept.get("*", frozenset())

    def _result(
        self, job: _Job, outcome: Outcome, answer: Answer | None = None, detail: str = ""
    ) -> LinkResult:
        final = answer.final_url if answer and outcome is Outcome.REDIRECTED else None
        return LinkResult(
            job.url,
            outcome,
            status=answer.status if answer else None,
            final_url=final,
            chain=answer.chain if answer else (),
            detail=detail,
        )


def _host_of(url: str) -> str:
    try:
        return urlsplit(url).netloc.lower()
    except ValueError:
        return url


def _backoff(tries: int) -> float:
    return min(0.5 * 2 ** (tries - 1), 8.0)


def _for(result: LinkResult, url: str) -> LinkResult:
    """The same result, for another spelling of the URL (another fragment, say)."""
    return result if result.url == url else replace(result, url=url)
