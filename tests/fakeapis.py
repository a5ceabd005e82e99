"""Fake arXiv and GitHub APIs on 127.0.0.1, written for the tests (no recorded traffic).

arXiv knows every id whose number is even; GitHub knows owner/repo-N for even N, and
owner/old-N was renamed to owner/new-N.
"""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from .servers import Behaviour

ATOM = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <title>ArXiv Query</title>
{entries}
</feed>
"""
ENTRY = """  <entry>
    <id>http://arxiv.org/abs/{id}v2</id>
    <title>Paper {number}: Federated
      Tuning of Foundation Models</title>
    {published}
  </entry>"""
PUBLISHED = (
    "<arxiv:journal_ref>ICML 2024</arxiv:journal_ref><arxiv:doi>10.1000/x.{number}</arxiv:doi>"
)


def paper_title(number: int) -> str:
    return f"Paper {number}: Federated Tuning of Foundation Models"


def arxiv_api(asked: list[list[str]]) -> Behaviour:
    """The export API: answers the ids it knows, records each id_list it was asked."""

    def respond(handler: BaseHTTPRequestHandler) -> None:
        ids = parse_qs(urlsplit(handler.path).query)["id_list"][0].split(",")
        asked.append(ids)
        entries = []
        for arxiv_id in ids:
            number = int(arxiv_id.split(".")[1])
            if number % 2 == 0:
                published = PUBLISHED.format(number=number) if number % 4 == 0 else ""
                entries.append(ENTRY.format(id=arxiv_id, number=number, published=published))
        body = ATOM.format(entries="\n".join(entries)).encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "application/atom+xml")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return respond


def _json(
    handler: BaseHTTPRequestHandler, code: int, payload: object, headers: dict | None = None
) -> None:
    body = json.dumps(payload).encode()
    handler.send_response(code)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def _state(owner: str, name: str) -> str | None:
    kind, _, number = name.rpartition("-")
    if kind == "old":
        return f"{owner}/new-{number}"
    if kind == "new":
        return f"{owner}/{name}"
    return f"{owner}/{name}" if number.isdigit() and int(number) % 2 == 0 else None


def github_graphql(queries: list[str], tokens: list[str]) -> Behaviour:
    def respond(handler: BaseHTTPRequestHandler) -> None:
        tokens.append(handler.headers.get("Authorization", ""))
        length = int(handler.headers.get("Content-Length", "0"))
        query = json.loads(handler.rfile.read(length))["query"]
        queries.append(query)
        data = {}
        errors = []
        for alias, rest in (
            part.split(": repository", 1) for part in query.split("} ") if ": repository" in part
        ):
            alias = alias.split()[-1]
            owner = rest.split('owner: "', 1)[1].split('"', 1)[0]
            name = rest.split('name: "', 1)[1].split('"', 1)[0]
            full = _state(owner, name)
            data[alias] = {"nameWithOwner": full} if full else None
            if not full:  # as GitHub says it: null data, and a NOT_FOUND error at its path
                errors.append({"type": "NOT_FOUND", "path": [alias], "message": "Not found"})
        _json(handler, 200, {"data": data, "errors": errors} if errors else {"data": data})

    return respond


def github_rest(tokens: list[str], limit: int = 1000) -> Behaviour:
    calls = {"n": 0}

    def respond(handler: BaseHTTPRequestHandler) -> None:
        tokens.append(handler.headers.get("Authorization", ""))
        calls["n"] += 1
        if calls["n"] > limit:
            _json(
                handler, 403, {"message": "API rate limit exceeded"}, {"X-RateLimit-Remaining": "0"}
            )
            return
        _, _, owner, name = handler.path.split("/", 3)
        kind, _, number = name.rpartition("-")
        if kind == "old":
            handler.send_response(301)
            handler.send_header("Location", f"/repos/{owner}/new-{number}")
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        full = _state(owner, name)
        _json(
            handler, 200 if full else 404, {"full_name": full} if full else {"message": "Not Found"}
        )

    return respond
