"""Network faults against real servers on 127.0.0.1: each ends in the right finding, in time."""

from __future__ import annotations

import resource
import threading
import time

import pytest
import responses
import trustme

from fmfl_lint.net.checker import LinkChecker, NetSettings
from fmfl_lint.net.result import Outcome

from ..servers import BodyBehindRedirect, chain, endless, hang, raw, serve, status

SETTINGS = NetSettings(
    timeout=1, retries=1, timeout_retries=1, max_retry_after=1, allow_private=True
)


def check(url: str, settings: NetSettings = SETTINGS):
    return LinkChecker(settings).check([url])[url]


@pytest.mark.parametrize(
    ("behaviour", "outcome", "detail"),
    [
        (raw(b"HTTP/1.1 200 O"), Outcome.DEAD, ""),  # reset in the middle of the status line
        (raw(b"HTTP/1.1 200 OK\r\nContent-Ty"), Outcome.DEAD, ""),  # reset mid-header
        (raw(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort", False), Outcome.OK, ""),
        (raw(b"SSH-2.0-OpenSSH_9.6\r\n", False), Outcome.DEAD, ""),  # not HTTP at all
        (raw(b"\x00\xff" * 100, False), Outcome.DEAD, ""),
        (hang(3), Outcome.TIMEOUT, "no answer within 1 s"),  # accepts, never answers
        (endless(), Outcome.OK, ""),  # a body without end: only the headers are read
    ],
    ids=[
        "reset-status",
        "reset-header",
        "wrong-length",
        "not-http",
        "garbage",
        "silent",
        "endless",
    ],
)
def test_fault(loopback: responses.RequestsMock, behaviour, outcome: Outcome, detail: str) -> None:
    with serve({"/x": behaviour}) as server:
        started = time.monotonic()
        result = check(server.url("/x"))
        assert time.monotonic() - started < 6  # two tries of 1 s and a pause, at most
    assert result.outcome is outcome, result
    assert detail in result.detail


def test_redirect_chains_are_followed_to_a_bound(loopback: responses.RequestsMock) -> None:
    with serve(chain(50)) as server:
        long_chain = check(server.url("/hop/0"))
        short_chain = check(server.url("/hop/45"))
    assert long_chain.outcome is Outcome.DEAD and "too many redirects" in long_chain.detail
    assert short_chain.outcome is Outcome.OK


def test_a_429_storm_ends_in_rate_limited_within_the_cap(loopback: responses.RequestsMock) -> None:
    storm = status(429, {"Retry-After": "3600"})  # asks for an hour; the cap is 1 s
    with serve({f"/{n}": storm for n in range(10)}) as server:
        settings = NetSettings(
            timeout=1, max_retry_after=0.2, rate_limit_retries=3, allow_private=True
        )
        started = time.monotonic()
        results = LinkChecker(settings).check([server.url(f"/{n}") for n in range(10)])
        elapsed = time.monotonic() - started
    assert {r.outcome for r in results.values()} == {Outcome.RATE_LIMITED}
    assert elapsed < 20


def test_an_invalid_certificate_is_a_dead_link(loopback: responses.RequestsMock) -> None:
    authority = trustme.CA()  # a CA nobody trusts
    context = __import__("ssl").SSLContext(__import__("ssl").PROTOCOL_TLS_SERVER)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    with serve({"/x": status(200)}, tls=context) as server:
        result = check(server.url("/x"))
    assert result.outcome is Outcome.DEAD
    assert "certificate" in result.detail.lower()


def test_the_whole_run_has_a_bound(loopback: responses.RequestsMock) -> None:
    with serve({f"/{n}": hang(5) for n in range(10)}) as server:
        settings = NetSettings(timeout=3, run_timeout=1.5, allow_private=True)
        started = time.monotonic()
        results = LinkChecker(settings).check([server.url(f"/{n}") for n in range(10)])
        elapsed = time.monotonic() - started
    assert elapsed < 3
    assert {r.outcome for r in results.values()} == {Outcome.TIMEOUT}
    assert all("time bound" in r.detail for r in results.values())


def test_memory_stays_flat_over_many_endless_answers(loopback: responses.RequestsMock) -> None:
    with serve({f"/{n}": endless() for n in range(150)}) as server:
        urls = [server.url(f"/{n}") for n in range(150)]
        LinkChecker(SETTINGS).check(urls[:10])  # warm up pools and threads
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        results = LinkChecker(SETTINGS).check(urls)
        grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert {r.outcome for r in results.values()} == {Outcome.OK}
    assert grown_mb < 50


@pytest.mark.parametrize(
    "body",
    [
        BodyBehindRedirect("/ok"),  # 800 MB, with a Content-Length
        BodyBehindRedirect("/ok", trickle=0.2),  # chunked, a byte every 0.2 s
    ],
    ids=["huge", "trickling"],
)
def test_a_redirect_body_is_never_read(loopback: responses.RequestsMock, body) -> None:
    # HEAD is refused, so GET asks; requests alone would read the 301's body whole
    with serve({"/old": body, "/ok": status(200)}) as server:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.monotonic()
        result = check(
            server.url("/old"), NetSettings(timeout=1, run_timeout=5, allow_private=True)
        )
        elapsed = time.monotonic() - started
        grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        assert server.count("/ok") == 1
    assert result.outcome is Outcome.REDIRECTED and result.final_url == server.url("/ok")
    assert result.chain == ((301, "/ok"),)
    assert elapsed < 1  # it took 7 s for 800 MB, and the whole run's bound for the trickle
    assert grown_mb < 50 and body.sent < 10 * 1024 * 1024  # 1.6 GB and 800 MB before


def test_a_trickling_answer_does_not_outlive_the_run(loopback: responses.RequestsMock) -> None:
    def trickle(handler) -> None:
        handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
        for _ in range(150):  # a header byte every 0.2 s: within --timeout, never complete
            handler.wfile.write(b"X")
            handler.wfile.flush()
            time.sleep(0.2)

    threads = set(threading.enumerate())
    with serve({"/slow": trickle}) as server:
        settings = NetSettings(timeout=30, run_timeout=1, allow_private=True)
        started = time.monotonic()
        result = check(server.url("/slow"), settings)
        assert time.monotonic() - started < 1.5
        # the worker is not left reading for the rest of --timeout, which would hold the
        # process at exit (the interpreter joins the executor's threads)
        time.sleep(0.5)
        left = [t for t in set(threading.enumerate()) - threads if t.name.startswith("fmfl-link")]
        assert not left, left
    assert result.outcome is Outcome.TIMEOUT and "time bound" in result.detail
