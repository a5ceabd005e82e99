"""No network: a clear stop, not a dead link per URL. And a hanging URL costs one timeout."""

from __future__ import annotations

import socket
import time

import pytest
import responses

from fmfl_lint.net.checker import LinkChecker, NetSettings
from fmfl_lint.net.reach import NetworkUnreachable, Reach
from fmfl_lint.net.result import Outcome

from ..servers import fake_dns, hang, serve, status

LOOPBACK = NetSettings(timeout=1, retries=0, allow_private=True)


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch, no_network: responses.RequestsMock) -> None:
    """No name resolves, as on a machine with no network (IP literals still do)."""
    monkeypatch.setattr(socket, "getaddrinfo", fake_dns({}))
    for name in ("a.test", "b.test", "c.test", "d.test", "e.test"):
        no_network.add_passthru(f"https://{name}/")


def test_no_host_resolves_stops_the_run(offline: None) -> None:
    urls = [f"https://{name}.test/{n}" for name in "abcde" for n in range(20)]
    checker = LinkChecker(NetSettings(timeout=1))
    with pytest.raises(NetworkUnreachable) as stop:
        checker.check(urls)
    assert str(stop.value) == (
        "network unreachable: 5 hosts did not resolve; use --offline or set HTTPS_PROXY"
    )
    # the first request to each host, not one per URL
    assert checker.reach.hosts_asked() == {f"{name}.test" for name in "abcde"}


def test_two_hosts_that_both_fail_are_enough_one_is_not(offline: None) -> None:
    with pytest.raises(NetworkUnreachable):
        LinkChecker(NetSettings(timeout=1)).check(["https://a.test/", "https://b.test/"])
    results = LinkChecker(NetSettings(timeout=1)).check(["https://a.test/x", "https://a.test/y"])
    assert {r.detail for r in results.values()} == {"the host name does not resolve"}


def test_dead_domains_beside_a_live_host_stop_nothing(
    offline: None, loopback: responses.RequestsMock
) -> None:
    # the dead names fail at once; the live host answers later, and that is enough
    with serve({"/ok": hang(0.3), "/fine": status(200)}) as server:
        urls = [server.url("/ok"), server.url("/fine")]
        urls += [f"https://{name}.test/" for name in "abcde"]
        results = LinkChecker(LOOPBACK).check(urls)
    assert results[urls[1]].outcome is Outcome.OK
    assert [results[url].outcome for url in urls[2:]] == [Outcome.DEAD] * 5


def test_refused_connections_count_and_the_message_says_so() -> None:
    reach = Reach()
    for host in ("a", "b", "c"):
        reach.sending(host)
        reach.outcome(host, "connect")
    assert reach.unreachable(3) == (
        "network unreachable: 3 hosts could not be connected to; use --offline or set HTTPS_PROXY"
    )
    reach.sending("d")
    assert not reach.unreachable(4)  # still on its way: wait for it
    reach.outcome("d", "")
    assert not reach.unreachable(4) and reach.reached


def test_a_hanging_url_costs_about_one_timeout(loopback: responses.RequestsMock) -> None:
    with serve({"/hang": hang(3), "/ok": status(200)}) as server:
        checker = LinkChecker(NetSettings(timeout=1, allow_private=True))
        started = time.monotonic()
        results = checker.check([server.url("/hang"), server.url("/ok")])
        took = time.monotonic() - started
        tries = server.count("/hang")
    assert results[server.url("/hang")].outcome is Outcome.TIMEOUT
    # retried once, the retry started beside the late try: well under two timeouts
    assert tries == 2 and took < 1.7


def test_every_hosts_first_request_goes_out_at_once(loopback: responses.RequestsMock) -> None:
    starts: dict[str, float] = {}

    def slow(handler) -> None:
        starts.setdefault(handler.path, time.monotonic())
        time.sleep(0.3)
        status(200)(handler)

    def first(handler) -> None:
        starts.setdefault("other", time.monotonic())
        status(200)(handler)

    with serve({"/busy/*": slow}) as busy, serve({"/": first}, host="127.0.0.2") as other:
        urls = [busy.url(f"/busy/{n}") for n in range(12)] + [other.url("/")]
        began = time.monotonic()
        settings = NetSettings(timeout=2, max_concurrency=2, allow_private=True)
        results = LinkChecker(settings).check(urls)
    assert {r.outcome for r in results.values()} == {Outcome.OK}
    # the other host's only URL, last in the list, did not wait behind the busy host's 12
    assert starts["other"] - began < 0.25
