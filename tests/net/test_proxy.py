"""Proxies from the environment, with the address guard still judging every target."""

from __future__ import annotations

import socket

import pytest
import responses

from fmfl_lint.net.checker import LinkChecker, NetSettings
from fmfl_lint.net.result import Outcome

from ..servers import fake_dns, forward_proxy, serve, status

GUARDED = NetSettings(timeout=1, retries=0)  # --allow-private off: the guard is on
DNS = {"public.test": "93.184.216.34", "inside.test": "10.0.0.5", "meta.test": "169.254.169.254"}


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", fake_dns(DNS))
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)


def through(no_network: responses.RequestsMock) -> None:
    for name in DNS:
        no_network.add_passthru(f"http://{name}/")
        no_network.add_passthru(f"https://{name}/")


def test_http_through_the_proxy_with_the_target_judged(
    no_network: responses.RequestsMock, monkeypatch: pytest.MonkeyPatch, dns: None
) -> None:
    through(no_network)
    with forward_proxy(lambda url: 404 if url.endswith("/gone") else 200) as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url())  # the proxy itself is on loopback
        urls = [
            "http://public.test/ok",
            "http://public.test/gone",
            "http://inside.test/admin",
            "http://meta.test/latest/meta-data",
        ]
        results = LinkChecker(GUARDED).check(urls)
    assert results[urls[0]].outcome is Outcome.OK
    assert results[urls[1]].outcome is Outcome.DEAD
    assert results[urls[2]].outcome is Outcome.BLOCKED
    assert "10.0.0.5" in results[urls[2]].detail
    assert results[urls[3]].outcome is Outcome.BLOCKED
    # the forbidden targets never reached the proxy
    assert {url for _, url in proxy.asked} == {"http://public.test/ok", "http://public.test/gone"}


def test_https_is_tunnelled_by_name_after_the_check(
    no_network: responses.RequestsMock, monkeypatch: pytest.MonkeyPatch, dns: None
) -> None:
    through(no_network)
    with forward_proxy() as proxy:
        monkeypatch.setenv("https_proxy", proxy.url())  # lower case counts too
        results = LinkChecker(GUARDED).check(["https://public.test/", "https://inside.test/"])
    assert proxy.asked == [("CONNECT", "public.test:443")]
    assert results["https://inside.test/"].outcome is Outcome.BLOCKED
    # the test proxy refuses every tunnel: the request failed at the proxy, not at the guard
    assert results["https://public.test/"].outcome is Outcome.DEAD


def test_no_proxy_goes_direct_and_netrc_is_not_read(
    loopback: responses.RequestsMock,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path,
) -> None:
    (tmp_path / ".netrc").write_text("machine 127.0.0.1 login user password secret\n")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("NETRC", str(tmp_path / ".netrc"))
    seen: list[str | None] = []

    def record(handler) -> None:
        seen.append(handler.headers.get("Authorization"))
        status(200)(handler)

    with forward_proxy() as proxy, serve({"/ok": record}) as server:
        monkeypatch.setenv("HTTP_PROXY", proxy.url())
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        results = LinkChecker(NetSettings(timeout=1, allow_private=True)).check([server.url("/ok")])
    assert results[server.url("/ok")].outcome is Outcome.OK
    assert proxy.asked == [] and seen == [None]


def test_unresolvable_target_is_not_sent_to_the_proxy(
    no_network: responses.RequestsMock, monkeypatch: pytest.MonkeyPatch, dns: None
) -> None:
    no_network.add_passthru("http://nowhere.test/")
    with forward_proxy() as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url())
        results = LinkChecker(GUARDED).check(["http://nowhere.test/"])
    assert results["http://nowhere.test/"].detail == "the host name does not resolve"
    assert proxy.asked == []
