"""Check many URLs fast and politely: each once, a bounded number at a time per host.

The scheduler runs in the calling thread and decides when each request may start; worker
threads only make requests. A host that answers 429 is paused for its Retry-After (up to a
cap) and then asked no faster than it answered lately; other hosts go on at full speed.
Every host's first request goes out at once (one request per host a round, hosts not yet
asked first), so no host waits behind another's URLs or retries. Failures that may pass
(resets, 5xx) are tried again after a growing pause, a bounded number of times; a timeout
once, and a try that is far later than its host's answers gets that retry started beside
it, so a hanging URL costs about one timeout, not two. The whole run has a deadline.

Bot walls (see :mod:`net.walls`) are neither alive nor dead: unverifiable. When the first
requests to several hosts all fail to resolve or connect, the run stops with
:class:`~net.reach.NetworkUnreachable` instead of calling every link dead.
"""

from __future__ import annotations

import re
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

import requests

from .cache import LinkCache, cache_key
from .fetch import PERMANENT, Answer, look
from .guard import Policy, Watchdog, anywhere, forbidden, guarded_adapter
from .hosts import Host
from .reach import NetworkUnreachable, Reach
from .result import LinkResult, Outcome
from .walls import WALL_STATUSES, known_wall

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


#: a try with no answer after this share of the timeout gets its retry started beside it
HEDGE_FRACTION = 0.25


@dataclass
class _Job:
    url: str
    host: str
    tries: int = 0
    rate_limited: int = 0
    not_before: float = 0.0
    started: float = 0.0
    flying: int = 0  # tries in flight (two when a retry was started beside a late one)
    hedged: bool = False


@dataclass
class Stats:
    requests: int = 0
    rate_limited: int = 0  # 429 answers received
    cached: int = 0


@dataclass
class _Batch:
    """The URLs of one check: results known without asking, and each cache key's URLs."""

    results: dict[str, LinkResult] = field(default_factory=dict)
    spellings: dict[str, list[str]] = field(default_factory=dict)  # the first one is asked


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
        self._deadline = time.monotonic() + settings.run_timeout

    def _new_session(self, policy: Policy) -> requests.Session:
        session = requests.Session()
        # no .netrc credentials from the environment; the adapter uses its proxies itself
        session.trust_env = False
        session.max_redirects = self.settings.max_redirects
        session.headers["User-Agent"] = self.settings.user_agent
        self._watchdog = Watchdog()
        #: whether any host was reached, shared with every request of the session (APIs too)
        self.reach = Reach()
        adapter = guarded_adapter(
            policy=policy,
            response_timeout=self.settings.timeout,
            watchdog=self._watchdog,
            pool_size=self._most_per_host(),
            reach=self.reach,
        )
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        return session

    def _most_per_host(self) -> int:
        """The most requests that may ever be in flight to one host."""
        limits = [self.settings.max_per_host, *self.settings.host_limits.values()]
        return min(max(limits), self.settings.max_concurrency)

    def check(
        self,
        urls: Iterable[str],
        progress: Progress | None = None,
        *,
        later: Future[list[str]] | None = None,
    ) -> dict[str, LinkResult]:
        """A result for every URL; each distinct URL is asked once (or not, when cached).

        ``later``: more URLs, known once the future is done (those another service could
        not settle); they join this run as soon as they are known, under its deadline.
        """
        batch = _Batch()
        to_ask = self._admit(urls, batch)
        answered = self._run(to_ask, progress, later, batch)
        if self.cache is not None:
            self.cache.put(list(answered.values()))
        for spellings in batch.spellings.values():
            if spellings[0] in answered:
                batch.results.update({url: _for(answered[spellings[0]], url) for url in spellings})
        return batch.results

    def _admit(self, urls: Iterable[str], batch: _Batch) -> list[str]:
        """Settle into ``batch`` what needs no request (skipped, a known wall, cached); the
        URLs left to ask, one spelling of each."""
        to_ask = []
        for url in dict.fromkeys(urls):
            if url in batch.results:
                continue
            skipped = self._skip_reason(url)
            if skipped:
                batch.results[url] = LinkResult(url, Outcome.SKIPPED, detail=skipped)
                continue
            if wall := _known_wall_of(url):
                # asking would only be turned away: the link is unverifiable, unasked
                text = f"not asked: {wall}"
                batch.results[url] = LinkResult(url, Outcome.UNVERIFIABLE, detail=text)
                continue
            spellings = batch.spellings.setdefault(cache_key(url), [])
            if url in spellings:
                continue
            spellings.append(url)
            if len(spellings) > 1:  # another spelling of a URL admitted already
                if spellings[0] in batch.results:  # ... and cached
                    batch.results[url] = _for(batch.results[spellings[0]], url)
                continue
            cached = self.cache.get(url) if self.cache else None
            if cached is not None:
                self.stats.cached += 1
                batch.results[url] = _for(cached, url)
            else:
                to_ask.append(url)
        return to_ask

    def _skip_reason(self, url: str) -> str:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme not in ("http", "https"):
            return "not an http(s) URL"
        if any(pattern.search(url) for pattern in self._excluded):
            return "excluded"
        return ""

    # -- the scheduler ----------------------------------------------------------------

    def _run(
        self,
        urls: list[str],
        progress: Progress | None,
        later: Future[list[str]] | None,
        batch: _Batch,
    ) -> dict[str, LinkResult]:
        done: dict[str, LinkResult] = {}
        if not urls and later is None:
            return done
        hosts: dict[str, Host] = {}
        queues: dict[str, deque[_Job]] = {}
        self._enqueue(urls, hosts, queues)
        asked = list(urls)
        known_hosts = len(set(hosts) | self.reach.hosts_asked())
        deadline = self._deadline = time.monotonic() + self.settings.run_timeout
        # every request ends by the deadline: none waits for an answer past it, so no worker
        # outlives the run for long (and the interpreter, which joins them at exit, neither)
        self._watchdog.deadline = deadline
        inflight: dict[Future[Answer], _Job] = {}
        executor = ThreadPoolExecutor(self.settings.max_concurrency, thread_name_prefix="fmfl-link")
        try:
            while len(done) < len(asked) or later is not None:
                now = time.monotonic()
                if later is not None and later.done():
                    more = self._admit(later.result(), batch)
                    later = None
                    self._enqueue(more, hosts, queues)
                    asked += more
                    known_hosts = len(set(hosts) | self.reach.hosts_asked())
                    continue
                if now >= deadline:
                    left = [job for queue in queues.values() for job in queue]
                    left += list(inflight.values())
                    for job in (job for job in left if job.url not in done):
                        done[job.url] = self._result(
                            job, Outcome.TIMEOUT, detail="the run's time bound was reached"
                        )
                    break
                self._start_ready(queues, hosts, inflight, executor, now, deadline)
                self._hedge(hosts, inflight, executor, now, deadline)
                pause = self._pause(queues, hosts, inflight, now, deadline)
                waiting: set[Future[Any]] = {*inflight, *([later] if later else [])}
                finished, _ = wait(waiting, timeout=pause, return_when=FIRST_COMPLETED)
                if not waiting:
                    time.sleep(pause)
                for future in finished:
                    if future is later:
                        continue  # its URLs are taken in at the top of the loop
                    job = inflight.pop(future)
                    job.flying -= 1
                    hosts[job.host].active -= 1
                    answer = future.result()
                    if job.url in done or (answer.failure == "timeout" and job.flying):
                        # its twin decided already, or is still on its way and decides
                        self.stats.requests += answer.requests
                        continue
                    result = self._decide(job, hosts[job.host], answer, time.monotonic())
                    if result is None:
                        queues[job.host].append(job)
                    else:
                        done[job.url] = result
                        if job in queues[job.host]:  # requeued by its twin meanwhile
                            queues[job.host].remove(job)
                        if progress:
                            progress(len(done), len(asked))
                if why := self.reach.unreachable(known_hosts):
                    raise NetworkUnreachable(why)
        finally:
            executor.shutdown(wait=False, cancel_futures=True)
        return done

    def _enqueue(
        self, urls: list[str], hosts: dict[str, Host], queues: dict[str, deque[_Job]]
    ) -> None:
        for url in urls:
            host = _host_of(url)
            if host not in hosts:
                name = urlsplit(url).hostname or ""
                hosts[host] = Host(self.settings.host_limits.get(name, self.settings.max_per_host))
                queues[host] = deque()
            queues[host].append(_Job(url, host))

    def _start_ready(
        self,
        queues: dict[str, deque[_Job]],
        hosts: dict[str, Host],
        inflight: dict[Future[Answer], _Job],
        executor: ThreadPoolExecutor,
        now: float,
        deadline: float,
    ) -> None:
        """Start what may start: one request per host a round, hosts not yet asked first.

        So every host's first request goes out at once, and no host waits behind another
        host's many URLs or its retries.
        """
        order = sorted(
            (name for name, queue in queues.items() if queue),
            key=lambda name: hosts[name].first_start is not None,
        )
        started = True
        while started:
            started = False
            for name in order:
                if len(inflight) >= self.settings.max_concurrency:
                    return
                host, queue = hosts[name], queues[name]
                if not queue or host.active >= host.limit or host.next_start > now:
                    continue
                job = next((job for job in queue if job.not_before <= now), None)
                if job is None:
                    continue
                queue.remove(job)
                self._submit(job, host, inflight, executor, now, deadline)
                host.next_start = now + host.interval
                started = True

    def _submit(
        self,
        job: _Job,
        host: Host,
        inflight: dict[Future[Answer], _Job],
        executor: ThreadPoolExecutor,
        now: float,
        deadline: float,
    ) -> None:
        host.active += 1
        if host.first_start is None:
            host.first_start = now
        job.started = now
        job.tries += 1
        job.flying += 1
        future = executor.submit(
            look,
            self.session,
            job.url,
            self.settings.timeout,
            head=not host.head_unreliable,
            deadline=deadline,
        )
        inflight[future] = job

    def _hedge_at(self, job: _Job, host: Host) -> float | None:
        """When a try with no answer yet gets its one retry started beside it (None: never).

        A request that hangs costs a whole timeout; waiting for that before trying again
        would cost two. So once a try is much later than the host's answers have been
        (a quarter of the timeout at least), the retry a timeout would earn goes out now.
        """
        if job.flying != 1 or job.hedged or job.tries > self.settings.timeout_retries:
            return None
        return job.started + max(self.settings.timeout * HEDGE_FRACTION, 4 * host.slowest)

    def _hedge(
        self,
        hosts: dict[str, Host],
        inflight: dict[Future[Answer], _Job],
        executor: ThreadPoolExecutor,
        now: float,
        deadline: float,
    ) -> None:
        for job in list(inflight.values()):
            host = hosts[job.host]
            at = self._hedge_at(job, host)
            if at is None or at > now or deadline - now < self.settings.timeout:
                continue
            if len(inflight) >= self.settings.max_concurrency or host.active >= host.limit:
                continue
            job.hedged = True
            started = job.started
            self._submit(job, host, inflight, executor, now, deadline)
            job.started = started  # the first try's start, which a 429 is judged against

    def _pause(
        self,
        queues: dict[str, deque[_Job]],
        hosts: dict[str, Host],
        inflight: dict[Future[Answer], _Job],
        now: float,
        deadline: float,
    ) -> float:
        """How long the scheduler may sleep: until a job may start or hedge, or the deadline.

        Jobs held back by a full host or a full pool are not counted: the end of a request
        in flight wakes the scheduler anyway.
        """
        if len(inflight) >= self.settings.max_concurrency:
            return max(0.0, deadline - now)
        starts = [
            max(min(job.not_before for job in queue), hosts[name].next_start)
            for name, queue in queues.items()
            if queue and hosts[name].active < hosts[name].limit
        ]
        hedges = [self._hedge_at(job, hosts[job.host]) for job in inflight.values()]
        starts += [at for at in hedges if at is not None]
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
        host.slowest = max(host.slowest, now - job.started)
        if status >= 400 and status not in self._accepted(job.url):
            if wall := self._wall(answer):
                return self._result(job, Outcome.UNVERIFIABLE, answer, wall)
            if status >= 500 and job.tries <= self.settings.retries:
                job.not_before = now + _backoff(job.tries)
                return None
            return self._result(job, Outcome.DEAD, answer, f"HTTP {status}")
        first_hop = answer.chain[0][0] if answer.chain else None
        if first_hop in PERMANENT and answer.final_url.rstrip("/") != job.url.rstrip("/"):
            return self._result(job, Outcome.REDIRECTED, answer, f"moved permanently ({first_hop})")
        return self._result(job, Outcome.OK, answer)

    def _wall(self, answer: Answer) -> str:
        """Why a refusal is a bot wall's, not the page's ('' when it is the page's)."""
        status = answer.status or 0
        if status in WALL_STATUSES:
            return WALL_STATUSES[status]
        if answer.wall:
            return f"HTTP {status}, {answer.wall}"
        if why := known_wall(urlsplit(answer.final_url).hostname or ""):
            return f"HTTP {status}: {why}"
        return ""

    def _failure(self, job: _Job, answer: Answer, now: float) -> LinkResult | None:
        if answer.failure == "blocked":
            return self._result(job, Outcome.BLOCKED, answer, answer.detail)
        if answer.failure == "timeout":
            # tried again at once (the wait was long enough), and only when the run's
            # deadline leaves room for a whole answer
            if job.tries <= self.settings.timeout_retries and self._deadline - now >= (
                self.settings.timeout
            ):
                job.not_before = now
                return None
            return self._result(job, Outcome.TIMEOUT, answer, answer.detail)
        if answer.failure == "connection" and job.tries <= self.settings.retries:
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


def _known_wall_of(url: str) -> str:
    try:
        return known_wall(urlsplit(url).hostname or "")
    except ValueError:
        return ""


def _backoff(tries: int) -> float:
    return min(0.5 * 2 ** (tries - 1), 8.0)


def _for(result: LinkResult, url: str) -> LinkResult:
    """The same result, for another spelling of the URL (another fragment, say)."""
    return result if result.url == url else replace(result, url=url)
