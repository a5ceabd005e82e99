"""The scheduler's decisions: responses for the logic, loopback servers for real sockets."""

from __future__ import annotations

import socket
import threading
import time
from concurrent.futures import Future

import pytest
import responses

from fmfl_lint.net import checker as scheduler
from fmfl_lint.net import guard
from fmfl_lint.net.cache import LinkCache
from fmfl_lint.net.checker import LinkChecker, NetSettings
from fmfl_lint.net.guard import Watchdog, anywhere, forbidden, guarded_adapter
from fmfl_lint.net.result import Outcome

from ..servers import Server, hang, head_refused, rate_limited, redirect, reset, serve, status

FAST = NetSettings(timeout=1, retries=1, max_retry_after=2)
LOOPBACK = NetSettings(timeout=1, retries=1, max_retry_after=2, allow_private=True)


def outcomes(results: dict) -> dict[str, str]:
    return {url: result.outcome.value for url, result in results.items()}


# -- decisions, with responses ----------------------------------------------------------


def test_each_distinct_url_is_asked_once(no_network: responses.RequestsMock) -> None:
    no_network.head("https://example.org/a", status=200)
    urls = ["https://example.org/a", "https://example.org/a#top", "https://EXAMPLE.org/a"]
    results = LinkChecker(FAST).check(urls * 3)
    assert set(outcomes(results).values()) == {"ok"} and set(results) == set(urls)
    assert len(no_network.calls) == 1


def test_5xx_is_tried_again_then_dead(no_network: responses.RequestsMock) -> None:
    # a 5xx answer (HEAD, then GET to confirm it), then an answer: alive on the second try
    no_network.head("https://example.org/flaky", status=503)
    no_network.get("https://example.org/flaky", status=503)
    no_network.head("https://example.org/flaky", status=200)
    no_network.head("https://example.org/down", status=500)
    no_network.get("https://example.org/down", status=500)
    results = LinkChecker(FAST).check(["https://example.org/flaky", "https://example.org/down"])
    assert outcomes(results) == {
        "https://example.org/flaky": "ok",
        "https://example.org/down": "dead",
    }
    assert results["https://example.org/down"].detail == "HTTP 500"
    asked = [(c.request.method, c.request.url.rsplit("/", 1)[1]) for c in no_network.calls]
    # FAST allows one more try: "down" is asked twice (HEAD and GET each time), then dead
    assert sorted(asked) == sorted(
        [("HEAD", "flaky"), ("GET", "flaky"), ("HEAD", "flaky")]
        + [("HEAD", "down"), ("GET", "down")] * 2
    )


def test_permanent_redirects_report_the_final_url(no_network: responses.RequestsMock) -> None:
    no_network.head("https://example.org/old", status=308, headers={"Location": "/new"})
    no_network.head("https://example.org/new", status=200)
    no_network.head("https://example.org/tmp", status=302, headers={"Location": "/new"})
    results = LinkChecker(FAST).check(["https://example.org/old", "https://example.org/tmp"])
    assert results["https://example.org/old"].outcome is Outcome.REDIRECTED
    assert results["https://example.org/old"].final_url == "https://example.org/new"
    assert results["https://example.org/tmp"].outcome is Outcome.OK


def test_accepted_codes_per_host_excludes_and_other_schemes(
    no_network: responses.RequestsMock,
) -> None:
    no_network.head("https://doi.org/10.1/x", status=403)
    no_network.get("https://doi.org/10.1/x", status=403)
    no_network.head("https://example.org/403", status=403)
    no_network.get("https://example.org/403", status=403)
    settings = NetSettings(
        timeout=1, accept={"doi.org": frozenset({403})}, exclude=(r"^https://skip\.",)
    )
    urls = [
        "https://doi.org/10.1/x",
        "https://example.org/403",
        "https://skip.org/x",
        "mailto:a@b.c",
    ]
    assert outcomes(LinkChecker(settings).check(urls)) == {
        "https://doi.org/10.1/x": "ok",
        "https://example.org/403": "dead",
        "https://skip.org/x": "skipped",
        "mailto:a@b.c": "skipped",
    }


def test_429_waits_for_retry_after_and_then_gives_up_without_calling_it_dead(
    no_network: responses.RequestsMock,
) -> None:
    no_network.head("https://example.org/busy", status=429, headers={"Retry-After": "0"})
    settings = NetSettings(timeout=1, rate_limit_retries=2)
    checker = LinkChecker(settings)
    result = checker.check(["https://example.org/busy"])["https://example.org/busy"]
    assert result.outcome is Outcome.RATE_LIMITED
    assert len(no_network.calls) == 3 and checker.stats.rate_limited == 3


def test_urls_known_later_join_the_same_run(no_network: responses.RequestsMock) -> None:
    later: Future[list[str]] = Future()

    def first_answer(request) -> tuple[int, dict, str]:
        # known only once the run is under way: another spelling of a URL asked already,
        # one a known wall turns away, and one new URL
        later.set_result(
            [
                "https://example.org/a#top",
                "https://dl.acm.org/doi/10.1145/1",
                "https://example.org/b",
            ]
        )
        return 200, {}, ""

    no_network.add_callback("HEAD", "https://example.org/a", callback=first_answer)
    no_network.head("https://example.org/b", status=404)
    no_network.get("https://example.org/b", status=404)
    results = LinkChecker(FAST).check(["https://example.org/a"], later=later)
    assert outcomes(results) == {
        "https://example.org/a": "ok",
        "https://example.org/a#top": "ok",
        "https://dl.acm.org/doi/10.1145/1": "unverifiable",
        "https://example.org/b": "dead",
    }
    asked = [(c.request.method, c.request.url) for c in no_network.calls]
    assert asked == [
        ("HEAD", "https://example.org/a"),
        ("HEAD", "https://example.org/b"),
        ("GET", "https://example.org/b"),
    ]


def test_a_run_with_only_urls_known_later_waits_for_them(
    no_network: responses.RequestsMock,
) -> None:
    no_network.head("https://example.org/late", status=200)
    later: Future[list[str]] = Future()
    threading.Timer(0.05, later.set_result, [["https://example.org/late"]]).start()
    results = LinkChecker(FAST).check([], later=later)
    assert outcomes(results) == {"https://example.org/late": "ok"}


def test_a_warm_rerun_sends_nothing(no_network: responses.RequestsMock, tmp_path) -> None:
    no_network.head("https://example.org/a", status=200)
    no_network.head("https://example.org/gone", status=404)
    no_network.get("https://example.org/gone", status=404)
    urls = ["https://example.org/a", "https://example.org/gone"]
    LinkChecker(FAST, cache=LinkCache(str(tmp_path), max_age=3600)).check(urls)
    sent = len(no_network.calls)
    checker = LinkChecker(FAST, cache=LinkCache(str(tmp_path), max_age=3600))
    results = checker.check(["https://example.org/a"])
    assert len(no_network.calls) == sent and results["https://example.org/a"].cached
    # failures are not cached: asked again
    checker.check(["https://example.org/gone"])
    assert len(no_network.calls) == sent + 2
    # too old: asked again
    LinkChecker(FAST, cache=LinkCache(str(tmp_path), max_age=0)).check(["https://example.org/a"])
    assert len(no_network.calls) == sent + 3


# -- real sockets on 127.0.0.1 -----------------------------------------------------------


def test_real_server_outcomes(loopback: responses.RequestsMock) -> None:
    routes = {
        "/ok": status(200),
        "/dead": status(404),
        "/moved": redirect(301, "/ok"),
        "/no-head": head_refused(405),
        "/lies": head_refused(404),
        "/loop": redirect(302, "/loop"),
        "/reset": reset(),
        "/hang": hang(3),
    }
    with serve(routes) as server:
        started = time.monotonic()
        results = LinkChecker(LOOPBACK).check([server.url(p) for p in routes])
        elapsed = time.monotonic() - started
        got = {url.rsplit("/", 1)[1]: result.outcome.value for url, result in results.items()}
    assert got == {
        "ok": "ok",
        "dead": "dead",
        "moved": "redirected",
        "no-head": "ok",
        "lies": "ok",
        "loop": "dead",
        "reset": "dead",
        "hang": "timeout",
    }
    assert elapsed < 8  # two tries of a 1 s timeout and a pause: bounded, never a hang


def test_refused_connection_and_unresolvable_host(
    loopback: responses.RequestsMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_such_host(host, *args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    loopback.add_passthru("http://host.invalid/")
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    results = LinkChecker(LOOPBACK).check([url])
    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    results.update(LinkChecker(LOOPBACK).check(["http://host.invalid/"]))
    assert results[url].outcome is Outcome.DEAD and "refused" in results[url].detail.lower()
    assert results["http://host.invalid/"].detail == "the host name does not resolve"


def test_a_resolver_that_hangs_or_fails_for_now_gives_a_timeout_never_dead(
    loopback: responses.RequestsMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    released = threading.Event()
    real = socket.getaddrinfo

    def resolver(host, *args, **kwargs):
        if host not in ("hangs.invalid", "later.invalid"):
            return real(host, *args, **kwargs)
        if host == "hangs.invalid":
            released.wait(30)  # a resolver retrying for half a minute
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    unresolved = ["http://hangs.invalid/", "http://later.invalid/"]
    for url in unresolved:
        loopback.add_passthru(url)
    # without a bound on DNS, the run would end at its own deadline with nothing learnt
    settings = NetSettings(
        timeout=0.3, retries=0, timeout_retries=0, allow_private=True, run_timeout=5
    )
    with serve({"/": status(200)}) as server:  # the network itself is up
        try:
            results = LinkChecker(settings).check([*unresolved, server.url("/")])
        finally:
            released.set()
    assert results[server.url("/")].outcome is Outcome.OK
    assert [(results[url].outcome, results[url].detail) for url in unresolved] == [
        (Outcome.TIMEOUT, "DNS gave no answer in time (a temporary failure)")
    ] * 2


def test_a_trickling_server_is_cut_off_at_the_timeout(loopback: responses.RequestsMock) -> None:
    def trickle(handler) -> None:
        handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
        for _ in range(30):  # a header byte every 0.2 s: each read is quick, the answer never ends
            handler.wfile.write(b"X")
            handler.wfile.flush()
            time.sleep(0.2)

    with serve({"/trickle": trickle}) as server:
        started = time.monotonic()
        result = LinkChecker(NetSettings(timeout=1, retries=0, allow_private=True)).check(
            [server.url("/trickle")]
        )
        assert time.monotonic() - started < 4
    assert result[server.url("/trickle")].outcome in (Outcome.TIMEOUT, Outcome.DEAD)


def test_a_huge_body_is_not_downloaded(loopback: responses.RequestsMock) -> None:
    sent = {"bytes": 0}

    def huge(handler) -> None:
        handler.send_response(200 if handler.command == "GET" else 405)
        handler.send_header("Content-Length", str(50 * 1024 * 1024))
        handler.end_headers()
        if handler.command == "GET":
            try:
                for _ in range(50 * 16):
                    handler.wfile.write(b"x" * 65536)
                    sent["bytes"] += 65536
            except OSError:
                pass  # the client hung up, as it should

    with serve({"/huge": huge}) as server:
        result = LinkChecker(LOOPBACK).check([server.url("/huge")])
        time.sleep(0.2)
    assert result[server.url("/huge")].outcome is Outcome.OK
    assert sent["bytes"] < 10 * 1024 * 1024


def test_per_host_limit_and_retry_after_are_respected(loopback: responses.RequestsMock) -> None:
    active = {"now": 0, "most": 0}
    lock = threading.Lock()
    limited = rate_limited(per_second=20, retry_after="1")

    def counted(handler) -> None:
        with lock:
            active["now"] += 1
            active["most"] = max(active["most"], active["now"])
        try:
            time.sleep(0.05)
            limited(handler)
        finally:
            with lock:
                active["now"] -= 1

    paths = [f"/p{i}" for i in range(40)]
    with serve(dict.fromkeys(paths, counted)) as server:
        settings = NetSettings(timeout=2, max_per_host=3, max_concurrency=16, allow_private=True)
        checker = LinkChecker(settings)
        results = checker.check([server.url(p) for p in paths])
    assert {r.outcome for r in results.values()} == {Outcome.OK}
    assert active["most"] <= 3
    assert checker.stats.requests == server.count() == 40 + checker.stats.rate_limited


def test_many_hosts_run_concurrently(loopback: responses.RequestsMock) -> None:
    slow = hang(0.3)

    def answer(handler) -> None:
        slow(handler)
        status(200)(handler)

    servers: list[Server] = []
    contexts = [serve({"/x": answer}) for _ in range(6)]
    for context in contexts:
        servers.append(context.__enter__())
    try:
        started = time.monotonic()
        results = LinkChecker(LOOPBACK).check([s.url("/x") for s in servers])
        elapsed = time.monotonic() - started
    finally:
        for context in contexts:
            context.__exit__(None, None, None)
    assert {r.outcome for r in results.values()} == {Outcome.OK}
    assert elapsed < 6 * 0.3  # not one after another


def test_the_run_ends_on_time_whatever_the_workers_do(
    no_network: responses.RequestsMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()

    def stuck(*args, **kwargs):  # a request no socket timeout ends (DNS, say)
        release.wait(30)
        raise AssertionError("nobody should be waiting for this")

    monkeypatch.setattr(scheduler, "look", stuck)
    urls = [f"https://example.org/{n}" for n in range(40)]
    settings = NetSettings(timeout=1, run_timeout=0.5, max_concurrency=8)
    started = time.monotonic()
    try:
        results = LinkChecker(settings).check(urls)
        elapsed = time.monotonic() - started
    finally:
        release.set()
    assert elapsed < 1.0  # the executor is not waited for
    assert {r.outcome for r in results.values()} == {Outcome.TIMEOUT} and len(results) == 40
    assert all("time bound" in r.detail for r in results.values())


# -- connection pools ---------------------------------------------------------------------


def test_a_huge_per_host_limit_does_not_fill_each_pool_up_front() -> None:
    # urllib3 puts one placeholder per slot into each host's pool when it makes it
    adapter = guarded_adapter(
        policy=anywhere, response_timeout=1, watchdog=Watchdog(), pool_size=1_000_000
    )
    started = time.monotonic()
    pools = [adapter.poolmanager.connection_from_url(f"http://h{n}.example/") for n in range(5)]
    assert time.monotonic() - started < 0.5  # it was 1.8 s a host
    assert all(pool.pool.maxsize == guard.POOL_CAP for pool in pools)


def test_pools_hold_what_may_be_in_flight_to_one_host() -> None:
    def pool_size(settings: NetSettings) -> int:
        return LinkChecker(settings).session.get_adapter("http://x/")._pool_maxsize

    assert pool_size(NetSettings(max_per_host=6)) == 6
    assert pool_size(NetSettings(max_per_host=6, host_limits={"a.org": 20})) == 20
    assert pool_size(NetSettings(max_per_host=1_000_000, max_concurrency=32)) == 32
    many = NetSettings(max_per_host=1_000_000, max_concurrency=1_000_000)
    assert pool_size(many) == guard.POOL_CAP


def test_more_requests_to_one_host_than_a_pool_keeps(
    loopback: responses.RequestsMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(guard, "POOL_CAP", 2)
    active = {"now": 0, "most": 0}
    lock = threading.Lock()

    def slow(handler) -> None:
        with lock:
            active["now"] += 1
            active["most"] = max(active["most"], active["now"])
        time.sleep(0.3)
        with lock:
            active["now"] -= 1
        status(200)(handler)

    paths = [f"/{n}" for n in range(8)]
    with serve(dict.fromkeys(paths, slow)) as server:
        settings = NetSettings(timeout=2, max_per_host=8, allow_private=True)
        started = time.monotonic()
        results = LinkChecker(settings).check([server.url(p) for p in paths])
        elapsed = time.monotonic() - started
    assert {r.outcome for r in results.values()} == {Outcome.OK}
    assert active["most"] > 2 and elapsed < 8 * 0.3  # the cap keeps, it does not queue


# -- no request to a forbidden address -------------------------------------------------


def test_loopback_is_blocked_unless_allowed(loopback: responses.RequestsMock) -> None:
    with serve({"/secret": status(200)}) as server:
        result = LinkChecker(FAST).check([server.url("/secret")])[server.url("/secret")]
        assert result.outcome is Outcome.BLOCKED and "loopback" in result.detail.lower()
        assert server.count() == 0


def test_a_redirect_to_a_forbidden_address_is_blocked(loopback: responses.RequestsMock) -> None:
    # 127.0.0.2 stands for the public internet; 127.0.0.1 for the network behind it
    def policy(address: str) -> str:
        return "" if address == "127.0.0.2" else forbidden(address)

    with serve({"/secret": status(200)}) as inside:
        hop = redirect(302, inside.url("/secret"))
        with serve({"/go": hop}, host="127.0.0.2") as outside:
            result = LinkChecker(FAST, policy=policy).check([outside.url("/go")])
            assert result[outside.url("/go")].outcome is Outcome.BLOCKED
            assert outside.count() == 1 and inside.count() == 0


def test_a_public_looking_name_that_resolves_inside_is_blocked(
    loopback: responses.RequestsMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = socket.getaddrinfo

    def resolver(host, *args, **kwargs):
        if host in ("papers.example.com", "metadata.example.com"):
            address = "127.0.0.1" if host.startswith("papers") else "169.254.169.254"
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, args[0]))]
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    loopback.add_passthru("http://papers.example.com:")
    loopback.add_passthru("http://metadata.example.com/")
    with serve({"/": status(200)}) as server:
        urls = [f"http://papers.example.com:{server.port}/", "http://metadata.example.com/latest"]
        results = LinkChecker(FAST).check(urls)
        assert server.count() == 0
    assert "loopback" in results[urls[0]].detail.lower()
    assert "metadata" in results[urls[1]].detail
    assert {r.outcome for r in results.values()} == {Outcome.BLOCKED}


def test_the_safety_net_under_these_tests_holds() -> None:
    with pytest.raises(AssertionError, match=r"tried to connect to 10\.255\.255\.1"):
        socket.create_connection(("10.255.255.1", 80), timeout=0.1)


@pytest.mark.parametrize(
    "written",
    [
        "http://2130706433:{port}/",
        "http://0x7f.1:{port}/",
        "http://[::1]:{port}/",
        "http://localhost:{port}/",
    ],
    ids=["decimal", "hex", "ipv6", "localhost"],
)
def test_other_spellings_of_loopback_are_blocked(
    loopback: responses.RequestsMock, written: str
) -> None:
    with serve({"/": status(200)}) as server:
        url = written.format(port=server.port)
        loopback.add_passthru(url)
        result = LinkChecker(FAST).check([url])[url]
        assert server.count() == 0
    assert result.outcome is Outcome.BLOCKED


def test_the_github_token_is_sent_nowhere_and_printed_nowhere(
    loopback: responses.RequestsMock, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_secret_token_value")
    seen: list[str] = []

    def record(handler) -> None:
        seen.append(str(handler.headers))
        status(200)(handler)

    with serve({"/a": record, "/b": redirect(302, "/a")}) as server:
        cache = LinkCache(str(tmp_path), 3600)
        results = LinkChecker(LOOPBACK, cache=cache).check([server.url("/a"), server.url("/b")])
        cache.close()
    assert seen and not any("ghp_secret" in headers for headers in seen)
    assert "ghp_secret" not in repr(results)
    assert b"ghp_secret" not in (tmp_path / "links.sqlite3").read_bytes()
