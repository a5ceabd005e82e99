"""The decisions of one look at a URL, against HTTP faked with ``responses``."""

from __future__ import annotations

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
