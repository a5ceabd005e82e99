"""The decisions of one look at a URL, against HTTP faked with ``responses``."""

from __future__ import annotations

import io
import time

import requests
import responses

from fmfl_lint.net.fetch import look, retry_after

URL = "https://example.org/paper"


def test_head_first_and_nothing_else_when_it_says_yes(no_network: responses.RequestsMock) -> None:
    no_network.head(URL, status=200)
    answer = look(requests.Session(), URL, 5)
    assert (answer.status, answer.requests, answer.head_lied) == (200, 1, False)
    assert [call.request.method for call in no_network.calls] == ["HEAD"]


def test_get_decides_when_head_is_refused(no_network: responses.RequestsMock) -> None:
    no_network.head(URL, status=405)
    no_network.get(URL, status=200)
    answer = look(requests.Session(), URL, 5)
    assert (answer.status, answer.requests, answer.head_lied) == (200, 2, True)


def test_get_confirms_a_dead_head(no_network: responses.RequestsMock) -> None:
    no_network.head(URL, status=404)
    no_network.get(URL, status=404)
    answer = look(requests.Session(), URL, 5)
    assert (answer.status, answer.head_lied) == (404, False)


def test_get_only_for_hosts_that_lie_to_head(no_network: responses.RequestsMock) -> None:
    no_network.get(URL, status=200)
    assert look(requests.Session(), URL, 5, head=False).status == 200
    assert [call.request.method for call in no_network.calls] == ["GET"]


def test_redirect_chain_is_kept(no_network: responses.RequestsMock) -> None:
    no_network.head(URL, status=301, headers={"Location": "https://example.org/moved"})
    no_network.head("https://example.org/moved", status=302, headers={"Location": "/final"})
    no_network.head("https://example.org/final", status=200)
    answer = look(requests.Session(), URL, 5)
    assert answer.status == 200 and answer.final_url == "https://example.org/final"
    assert answer.chain == ((301, "https://example.org/moved"), (302, "/final"))


def test_rate_limit_answer_carries_retry_after(no_network: responses.RequestsMock) -> None:
    no_network.head(URL, status=429, headers={"Retry-After": "3"})
    answer = look(requests.Session(), URL, 5)
    assert (answer.status, answer.retry_after) == (429, 3.0)
    assert len(no_network.calls) == 1  # a 429 is not confirmed with GET


def test_failures_are_named(no_network: responses.RequestsMock) -> None:
    no_network.head(URL, body=requests.ConnectTimeout("slow"))
    assert look(requests.Session(), URL, 5).failure == "timeout"
    no_network.head("https://example.org/reset", body=requests.ConnectionError("reset by peer"))
    assert look(requests.Session(), "https://example.org/reset", 5).failure == "connection"
    no_network.head("https://example.org/tls", body=requests.exceptions.SSLError("bad cert"))
    assert look(requests.Session(), "https://example.org/tls", 5).failure == "tls"


def test_retry_after_forms() -> None:
    assert retry_after("120") == 120.0
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert retry_after("soon") is None and retry_after(None) is None


class Tripwire(io.RawIOBase):
    """A body that fails the test when anything reads it."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        raise AssertionError("a redirect's body was read")


def test_redirect_bodies_are_not_read(no_network: responses.RequestsMock) -> None:
    no_network.head(URL, status=405)
    no_network.get(
        URL, status=301, headers={"Location": "/moved"}, body=io.BufferedReader(Tripwire())
    )
    no_network.get("https://example.org/moved", status=200)
    answer = look(requests.Session(), URL, 5)
    assert (answer.status, answer.final_url) == (200, "https://example.org/moved")
    assert answer.chain == ((301, "/moved"),) and answer.requests == 3


def test_redirects_resolve_as_requests_resolves_them(no_network: responses.RequestsMock) -> None:
    hops = [
        (URL + "#part", 302, "//example.org/a b"),  # scheme-relative, a space to quote
        ("https://example.org/a%20b", 307, "c?x=1"),  # relative to the last hop
        ("https://example.org/c?x=1", 308, "https://example.net/d#other"),  # a new fragment
    ]
    for url, code, location in hops:
        no_network.head(url.split("#")[0], status=code, headers={"Location": location})
    no_network.head("https://example.net/d", status=200)
    answer = look(requests.Session(), URL + "#part", 5)
    assert answer.status == 200 and answer.final_url == "https://example.net/d#other"
    assert [hop[0] for hop in answer.chain] == [302, 307, 308]


def test_redirects_stop_at_the_sessions_bound(no_network: responses.RequestsMock) -> None:
    for n in range(4):
        no_network.head(f"https://example.org/{n}", status=302, headers={"Location": f"/{n + 1}"})
    no_network.head("https://example.org/4", status=200)
    session = requests.Session()
    session.max_redirects = 3
    assert look(session, "https://example.org/0", 5).failure == "redirects"
    assert look(session, "https://example.org/1", 5).status == 200  # three hops: allowed


def test_a_cookie_set_on_the_way_is_sent_on(no_network: responses.RequestsMock) -> None:
    no_network.head(URL, status=302, headers={"Location": "/in", "Set-Cookie": "seen=1; Path=/"})
    no_network.head(
        "https://example.org/in",
        status=200,
        match=[responses.matchers.header_matcher({"Cookie": "seen=1"})],
    )
    assert look(requests.Session(), URL, 5).status == 200


def test_nothing_is_sent_past_the_deadline(no_network: responses.RequestsMock) -> None:
    answer = look(requests.Session(), URL, 5, deadline=time.monotonic() - 1)
    assert (answer.failure, answer.requests) == ("timeout", 0)
    assert "time bound" in answer.detail and not no_network.calls
