"""Absence of an answer is not an answer: errors, empty or unreadable answers and rate limits
from a source produce no finding and nothing in the cache, only a note."""

from __future__ import annotations

import json
import pathlib
import sqlite3

import pytest
import responses

from fmfl_lint.cli import main

from ..servers import Behaviour, serve, status

LIST = (
    "* `Paper <https://arxiv.org/abs/2401.00001>`_ — arXiv 2024"
    " |stars|\n\n.. |stars| image:: https://img.shields.io/github/stars/owner/repo-1\n"
    "   :target: https://github.com/owner/repo-1\n"
)


def json_answer(payload: object, code: int = 200) -> Behaviour:
    return status(code, {"Content-Type": "application/json"}, json.dumps(payload).encode())


def run(
    tmp_path: pathlib.Path,
    api: str,
    capsys: pytest.CaptureFixture[str],
    select: str,
) -> tuple[int, list[dict], str]:
    path = tmp_path / "list.rst"
    path.write_text(LIST, encoding="utf-8")
    cache = tmp_path / "cache"
    args = ["--select", select, "--format", "json", "--cache-dir", str(cache)]
    args += ["--arxiv-api", f"{api}/api/query", "--github-api", api, "--allow-private"]
    code = main([*args, str(path)])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def cached_facts(tmp_path: pathlib.Path) -> list[tuple[str]]:
    # --allow-private keeps what it learns apart (see test_cache_trust.py)
    database = tmp_path / "cache" / "allow-private" / "links.sqlite3"
    assert database.exists()
    with sqlite3.connect(database) as db:
        return db.execute("SELECT key FROM facts").fetchall()


ARXIV_SILENCE = {
    "an error": status(500),
    "a rate limit": status(429, {"Retry-After": "0"}),
    "an empty feed": status(200, body=b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>'),
    "an error entry": status(
        200,
        body=b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/api/'
        b"errors#bad</id><title>Error</title></entry></feed>",
    ),
    "garbage": status(200, body=b"<html>Service Unavailable"),
    "an entity bomb": status(
        200,
        body=b'<?xml version="1.0"?><!DOCTYPE f [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><feed>&b;</feed>',
    ),
}


@pytest.mark.parametrize("answer", ARXIV_SILENCE.values(), ids=ARXIV_SILENCE.keys())
def test_arxiv_saying_nothing_is_no_finding(
    tmp_path, loopback: responses.RequestsMock, capsys, answer: Behaviour
) -> None:
    with serve({"/api/query": answer}) as api:
        code, findings, err = run(tmp_path, api.url(""), capsys, "FL304,FL305,FL306")
        assert api.count() == 1
    assert findings == [] and code == 0
    assert "fmfl-lint: warning: arXiv's API: " in err and "; 1 of 1 arXiv ids not checked" in err
    assert cached_facts(tmp_path) == []


GITHUB_SILENCE = {
    "data null": json_answer({"data": None, "errors": [{"message": "rate limited"}]}),
    "a null node with no NOT_FOUND": json_answer({"data": {"r0": None}}),
    "an error": json_answer({"message": "Server Error"}, 502),
    "not JSON": status(200, {"Content-Type": "text/html"}, b"<html>oops"),
    "a JSON list": json_answer([1, 2, 3]),
}


@pytest.mark.parametrize("answer", GITHUB_SILENCE.values(), ids=GITHUB_SILENCE.keys())
def test_github_saying_nothing_is_no_finding(
    tmp_path, loopback: responses.RequestsMock, capsys, monkeypatch, answer: Behaviour
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "t0ken")
    with serve({"/graphql": answer}) as api:
        monkeypatch.setenv("GITHUB_API_URL", api.url(""))
        code, findings, err = run(tmp_path, api.url(""), capsys, "FL501,FL502")
        assert api.count() == 1
    assert findings == [] and code == 0
    assert (
        "fmfl-lint: warning: GitHub's API: " in err and "; 1 of 1 repositories not checked" in err
    )
    assert "Traceback" not in err and "t0ken" not in err
    assert cached_facts(tmp_path) == []


def test_github_rest_saying_nothing_is_no_finding(
    tmp_path, loopback: responses.RequestsMock, capsys, monkeypatch
) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    with serve({"/repos/*": status(200, body=b"not json")}) as api:
        code, findings, err = run(tmp_path, api.url(""), capsys, "FL501")
    assert (code, findings) == (0, [])
    assert "GitHub's API: the answer is not JSON; 1 of 1 repositories not checked" in err


def test_an_id_arxiv_stays_silent_on_beside_a_known_one_is_still_unknown(
    no_network: responses.RequestsMock,
) -> None:
    """An empty feed is asked again beside an id arXiv knows; when that answer leaves out
    the known id too, arXiv said nothing, and nothing is "not found"."""
    import requests

    from fmfl_lint.sources.arxiv import ArxivClient

    known = "2401.00000"
    entry = "<entry><id>http://arxiv.org/abs/{id}v1</id><title>Known Paper</title></entry>"

    def answer(request):
        ids = request.params["id_list"].split(",")
        first_batch = len(ids) == 100
        body = entry.format(id=known) if first_batch else ""  # overloaded after that
        return 200, {}, f'<feed xmlns="http://www.w3.org/2005/Atom">{body}</feed>'.encode()

    no_network.add_callback(responses.GET, "https://export.arxiv.org/api/query", callback=answer)
    client = ArxivClient(requests.Session(), pause=0, sleep=lambda seconds: None)
    found = client.lookup(f"2401.{n:05d}" for n in range(101))
    assert found[known].exists and not found["2401.00001"].exists  # left out of a real answer
    assert "2401.00100" not in found  # asked twice, never answered for: unknown
    assert len(no_network.calls) == 3
